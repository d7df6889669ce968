package graph

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// The journal holds the new documents a served bolt or leveldb store has
// taken in and not yet written to Cayley (see ingest.go). It is a series of
// segment files beside the store, journal-<n>.kgj; a segment is a series
// of records, one per document:
//
//	"kgj1"  uint32 length  uint32 CRC-32C   payload (the document's quads, pquads)
//
// (integers little-endian). Every append is synced before the document is
// acknowledged, so a crash can only tear the last record of the last
// segment, which no one was told was written; that record is ignored. A
// damaged record anywhere else is an error that names the file and offset.
// Segments are removed once Cayley holds all their documents.
const (
	journalPrefix = "journal-"
	journalSuffix = ".kgj"
	journalMagic  = "kgj1"
	// journalMaxRecord bounds a record's length when reading, so that a
	// damaged length field cannot ask for gigabytes. A document is at most
	// loader.MaxDocumentSize of text; its quads are a few times that.
	journalMaxRecord = 256 << 20
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// journal appends records to the newest segment of a store's journal.
type journal struct {
	dir string

	mu  sync.Mutex
	seg int      // number of the segment appends go to
	f   *os.File // that segment, nil until its first append
}

// openJournal opens the journal in dir; appends go to a segment after every
// segment there. It returns the segments there, oldest first.
func openJournal(dir string) (*journal, []string, error) {
	segs, last, err := journalSegments(dir)
	if err != nil {
		return nil, nil, err
	}
	return &journal{dir: dir, seg: last + 1}, segs, nil
}

// journalSegments lists the segment files in dir, oldest first, and the
// number of the newest (0 if none).
func journalSegments(dir string) ([]string, int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, fmt.Errorf("journal: %w", err)
	}
	type seg struct {
		n    int
		path string
	}
	var segs []seg
	for _, e := range entries {
		name := e.Name()
		num, ok := strings.CutPrefix(name, journalPrefix)
		if !ok {
			continue
		}
		if num, ok = strings.CutSuffix(num, journalSuffix); !ok {
			continue
		}
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 {
			continue
		}
		segs = append(segs, seg{n, filepath.Join(dir, name)})
	}
	slices.SortFunc(segs, func(a, b seg) int { return a.n - b.n })
	var paths []string
	last := 0
	for _, s := range segs {
		paths = append(paths, s.path)
		last = s.n
	}
	return paths, last, nil
}

func (j *journal) segPath(n int) string {
	return filepath.Join(j.dir, fmt.Sprintf("%s%08d%s", journalPrefix, n, journalSuffix))
}

// append writes records to the current segment and syncs it; it returns
// the segment's number. Called with j.mu held.
func (j *journal) append(records ...[]byte) (int, error) {
	if j.f == nil {
		f, err := os.OpenFile(j.segPath(j.seg), os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_EXCL, 0o644)
		if err != nil {
			return 0, fmt.Errorf("journal: %w", err)
		}
		// The new file's name must survive a crash too.
		if err := syncDir(j.dir); err != nil {
			f.Close()
			os.Remove(f.Name())
			return 0, fmt.Errorf("journal: %w", err)
		}
		j.f = f
	}
	for _, r := range records {
		if _, err := j.f.Write(r); err != nil {
			return 0, j.fail(err)
		}
	}
	if err := j.f.Sync(); err != nil {
		return 0, j.fail(err)
	}
	return j.seg, nil
}

// fail closes a segment a write failed on, which may end in a torn record:
// later appends go to a new segment, so the torn record stays the last of
// its segment and is read as never written. Called with j.mu held.
func (j *journal) fail(err error) error {
	j.f.Close()
	j.f = nil
	j.seg++
	return fmt.Errorf("journal: %w", err)
}

// rotate closes the current segment, if it has records, so that later
// appends go to a new one; it returns the number of the last segment
// before them. Called with j.mu held.
func (j *journal) rotate() (int, error) {
	if j.f == nil {
		return j.seg - 1, nil
	}
	err := j.f.Close()
	j.f = nil
	j.seg++
	if err != nil {
		return 0, fmt.Errorf("journal: %w", err)
	}
	return j.seg - 1, nil
}

// removeUpTo removes segments numbered at most n that appends are done
// with.
func (j *journal) removeUpTo(n int) error {
	segs, _, err := journalSegments(j.dir)
	if err != nil {
		return err
	}
	j.mu.Lock()
	current := j.seg
	j.mu.Unlock()
	removed := false
	for _, p := range segs {
		num, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(p), journalPrefix), journalSuffix))
		if num > n || num >= current {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("journal: %w", err)
		}
		removed = true
	}
	if removed {
		return syncDir(j.dir)
	}
	return nil
}

// close closes the current segment.
func (j *journal) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	j.seg++
	return err
}

// journalRecord encodes one document's quads as a record.
func journalRecord(quads []quad.Quad) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(journalMagic)
	b.Write(make([]byte, 8)) // length and CRC, below
	w := pquads.NewWriter(&b, &pquads.Options{})
	if _, err := w.WriteQuads(quads); err != nil {
		return nil, fmt.Errorf("journal: encode: %w", err)
	}
	rec := b.Bytes()
	payload := rec[12:]
	binary.LittleEndian.PutUint32(rec[4:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(rec[8:], crc32.Checksum(payload, crcTable))
	return rec, nil
}

// errTornRecord is a record cut short by the end of its segment.
var errTornRecord = errors.New("record cut short")

// readJournalSegment reads every record of the segment at path and calls
// fn with each one's quads. A record cut short at the end is returned as
// errTornRecord, after the whole records before it.
func readJournalSegment(path string, fn func(quads []quad.Quad) error) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	off := 0
	for off < len(data) {
		if len(data)-off < 12 {
			return fmt.Errorf("journal %s at byte %d: %w", path, off, errTornRecord)
		}
		if string(data[off:off+4]) != journalMagic {
			return fmt.Errorf("journal %s at byte %d: not a record (magic %q)", path, off, data[off:off+4])
		}
		n := int(binary.LittleEndian.Uint32(data[off+4:]))
		sum := binary.LittleEndian.Uint32(data[off+8:])
		if n > journalMaxRecord {
			return fmt.Errorf("journal %s at byte %d: record of %d bytes is over the limit", path, off, n)
		}
		if len(data)-off-12 < n {
			return fmt.Errorf("journal %s at byte %d: %w", path, off, errTornRecord)
		}
		payload := data[off+12 : off+12+n]
		if crc32.Checksum(payload, crcTable) != sum {
			if off+12+n == len(data) {
				// The last record, written but not all of it synced.
				return fmt.Errorf("journal %s at byte %d: %w (checksum)", path, off, errTornRecord)
			}
			return fmt.Errorf("journal %s at byte %d: record damaged (checksum)", path, off)
		}
		var quads []quad.Quad
		r := pquads.NewReader(bytes.NewReader(payload), n)
		for {
			q, err := r.ReadQuad()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("journal %s at byte %d: %w", path, off, err)
			}
			quads = append(quads, q)
		}
		if err := fn(quads); err != nil {
			return fmt.Errorf("journal %s at byte %d: %w", path, off, err)
		}
		off += 12 + n
	}
	return nil
}

// syncDir syncs a directory, so that files created or removed in it stay
// so after a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
