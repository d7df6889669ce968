package graph

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph/index"
)

// A snapshot is the index saved beside a bolt store when the store closes,
// so that the next start reads one file instead of decoding and counting
// every document's summary (2.5 s at 10,000 documents). It is used only
// for the very file it was made from, unchanged since: it records the data
// file's inode, size and modification time, which any write changes, and
// a hash of the summary quads' IDs, which Cayley's kv stores never reuse.
// Its header holds the format's version (the magic: version 1 had no
// methods in its evidence refs, version 2 no vocabulary print) and a hash
// of the vocabulary it was made with (index.VocabularyPrint): the names it
// stores by number and the rules that derive attributes. Anything else,
// and any doubt, reads the summaries as without it, and the index says
// why (Index.SnapshotMiss; kg serve logs it).
const (
	snapshotFile  = "index.snapshot"
	snapshotMagic = "kgindex 3\n"
)

// snapshotPath returns where a bolt store keeps its snapshot, or "".
func (s *Store) snapshotPath() string {
	if !s.caps.Snapshot {
		return ""
	}
	return filepath.Join(s.path, snapshotFile)
}

// summaryIDs returns the sorted IDs of the summary quads; ok is false if
// the backend's refs are not IDs. Called with the read lock held.
func (s *Store) summaryIDs(ctx context.Context) (ids []uint64, ok bool, err error) {
	hub := s.qs.ValueOf(summaryHub)
	if hub == nil {
		return nil, true, nil
	}
	it := s.qs.QuadIterator(quad.Subject, hub)
	defer it.Close()
	for it.Next(ctx) {
		id, isID := it.Result().Key().(uint64)
		if !isID {
			return nil, false, nil
		}
		ids = append(ids, id)
	}
	if err := it.Err(); err != nil {
		return nil, false, err
	}
	slices.Sort(ids)
	return ids, true, ctx.Err()
}

// keyOf makes the key of the data file at path in its present state, with
// the summary quads' IDs.
func keyOf(path string, ids []uint64) (index.Key, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return index.Key{}, err
	}
	dev, ino, ok := fileID(fi)
	if !ok {
		return index.Key{}, errors.New("no inode")
	}
	h := sha256.New()
	var b [8]byte
	for _, n := range []uint64{dev, ino, uint64(fi.Size()), uint64(fi.ModTime().UnixNano()), uint64(len(ids))} {
		binary.LittleEndian.PutUint64(b[:], n)
		h.Write(b[:])
	}
	for _, id := range ids {
		binary.LittleEndian.PutUint64(b[:], id)
		h.Write(b[:])
	}
	return index.Key(h.Sum(nil)), nil
}

// snapshotIndex loads the snapshot of a bolt store if it is of the store
// as it is; if there is none that is, it returns nil and why ("" where
// the backend keeps none).
func (s *Store) snapshotIndex(ctx context.Context) (*index.Index, string) {
	path := s.snapshotPath()
	if path == "" {
		return nil, ""
	}
	defer s.rlock()()
	gen := s.gen.Load()
	ids, ok, err := s.summaryIDs(ctx)
	if err != nil || !ok {
		return nil, fmt.Sprintf("the summaries' IDs: %v", err)
	}
	key, err := keyOf(filepath.Join(s.path, s.caps.DataFile), ids)
	if err != nil {
		return nil, fmt.Sprintf("the data file: %v", err)
	}
	x, err := index.ReadSnapshot(path, key, s.vocab)
	if errors.Is(err, os.ErrNotExist) {
		return nil, "no snapshot"
	}
	if err != nil {
		return nil, err.Error()
	}
	x.Generation = gen
	return x, ""
}

// saveSnapshot is called by Close with the locks held: if the index is up
// to date it saves it, keyed by the summaries' IDs and the data file as
// Cayley leaves it once closed (close is given as the way to close it).
func (s *Store) saveSnapshot(close func() error) error {
	path := s.snapshotPath()
	x := s.currentIndex()
	if path == "" || x == nil {
		return close() // a snapshot there is of another state, or still of this one
	}
	ids, ok, err := s.summaryIDs(context.Background())
	if cerr := close(); cerr != nil {
		return cerr
	}
	if err != nil || !ok {
		return nil
	}
	key, err := keyOf(filepath.Join(s.path, s.caps.DataFile), ids)
	if err != nil {
		return nil
	}
	return x.WriteSnapshot(path, key, s.vocab)
}
