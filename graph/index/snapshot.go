package index

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/medkg/medkg/graph/kg"
)

// A snapshot is the index saved beside a bolt store when the store closes,
// so that the next start reads one file instead of decoding and counting
// every document's summary (2.5 s at 10,000 documents). It is used only
// for the very file it was made from, unchanged since: it records the data
// file's inode, size and modification time, which any write changes, and
// a hash of the summary quads' IDs, which Cayley's kv stores never reuse.
// Its header holds the format's version (the magic: version 1 had no
// methods in its evidence refs, version 2 no vocabulary print) and a hash
// of the vocabulary it was made with (VocabularyPrint): the names it
// stores by number and the rules that derive attributes. Anything else,
// and any doubt, reads the summaries as without it, and the index says
// why (Index.SnapshotMiss; kg serve logs it).
const (
	snapshotMagic = "kgindex 3\n"
)

// Key identifies the state of a bolt store a snapshot is of.
type Key [32]byte

// VocabularyPrint is a hash of the names a snapshot stores by number or
// relies on (RelationTypes, Methods, Kinds, in order) and of the version of
// the rules that derive an entity's attributes from its counts
// (deriveVersion): a binary whose vocabulary differs reads the summaries
// instead of misreading the snapshot. A snapshot keeps it in its header.
func VocabularyPrint() Key {
	h := sha256.New()
	for _, list := range [][]string{toStrings(kg.RelationTypes), toStrings(kg.Methods), toStrings(kg.Kinds)} {
		for _, name := range list {
			fmt.Fprintf(h, "%s\x00", name)
		}
		h.Write([]byte{0xff})
	}
	fmt.Fprintf(h, "derive %d", deriveVersion)
	return Key(h.Sum(nil))
}

// deriveVersion numbers the rules of entityEntry.derive: change it when
// they change, so that no snapshot made by the old rules is read.
const deriveVersion = 1

func toStrings[S ~string](names []S) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = string(n)
	}
	return out
}

// snapshotWriter writes the parts of a snapshot.
type snapshotWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (w *snapshotWriter) uint(n int) {
	w.buf = binary.AppendUvarint(w.buf[:0], uint64(n))
	w.w.Write(w.buf)
}

func (w *snapshotWriter) str(s string) {
	w.uint(len(s))
	w.w.WriteString(s)
}

// refSize is the size of an EvidenceRef in a snapshot: four little-endian
// int32s (Doc, Item, Start, End) and the method's code.
const refSize = 4*4 + 1

// refs writes refs, refSize bytes each.
func (w *snapshotWriter) refs(refs []EvidenceRef) {
	w.uint(len(refs))
	for _, r := range refs {
		w.buf = w.buf[:0]
		for _, n := range [4]int32{r.Doc, r.Item, r.Start, r.End} {
			w.buf = binary.LittleEndian.AppendUint32(w.buf, uint32(n))
		}
		w.buf = append(w.buf, r.Method)
		w.w.Write(w.buf)
	}
}

// WriteSnapshot saves x with its key, atomically (a new file renamed over
// the old).
func (x *Index) WriteSnapshot(path string, key, vocab Key) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write index snapshot: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := &snapshotWriter{w: bufio.NewWriterSize(tmp, 1<<20)}
	w.w.WriteString(snapshotMagic)
	w.w.Write(vocab[:])
	w.w.Write(key[:])
	live := make(map[int32]bool, x.docByFile.Len())
	for _, id := range x.docByFile.All() {
		live[id] = true
	}
	w.uint(len(x.docs))
	for id, d := range x.docs {
		if !live[int32(id)] {
			w.uint(0)
			continue
		}
		w.uint(1)
		w.str(d.File)
		w.str(d.Title)
		w.str(d.Date)
		w.uint(len(d.Items))
		for _, it := range d.Items {
			w.uint(it.Index)
			w.str(it.Title)
			w.str(it.Date)
		}
	}
	w.uint(len(x.free))
	for _, id := range x.free {
		w.uint(int(id))
	}
	num := make(map[kg.EntityRef]int, x.entities.Len())
	w.uint(x.entities.Len())
	for ref, e := range x.entities.All() {
		num[ref] = len(num)
		w.str(string(ref.Kind))
		w.str(ref.Name)
		w.uint(e.docs)
		w.uint(x.DocumentCount(ref))
		w.uint(len(e.attrs))
		for a, n := range e.attrs {
			w.w.WriteByte(a.key)
			w.str(a.value)
			w.uint(n)
		}
		w.refs(x.MentionsOf(ref))
	}
	w.uint(x.evidence.Len())
	for l, refs := range x.evidence.All() {
		w.uint(int(relIndex(l.Type)))
		w.uint(num[l.From])
		w.uint(num[l.To])
		w.refs(refs)
	}
	if err := w.w.Flush(); err != nil {
		return fmt.Errorf("write index snapshot: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write index snapshot: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write index snapshot: %w", err)
	}
	return nil
}

var ErrSnapshotStale = errors.New("index snapshot is of another state of the store")

// snapshotReader reads the parts of a snapshot; the first error sticks.
type snapshotReader struct {
	r   *bufio.Reader
	buf []byte // reused by refs
	err error
}

func (r *snapshotReader) uint() int {
	if r.err != nil {
		return 0
	}
	n, err := binary.ReadUvarint(r.r)
	if err == nil && n > 1<<31 {
		err = errors.New("number out of range")
	}
	if err != nil {
		r.err = err
		return 0
	}
	return int(n)
}

func (r *snapshotReader) str() string {
	n := r.uint()
	if r.err != nil || n == 0 {
		return ""
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.err = err
		return ""
	}
	return string(b)
}

// refs reads refs to documents below docs.
func (r *snapshotReader) refs(docs int) []EvidenceRef {
	n := r.uint()
	if r.err != nil || n == 0 {
		return nil
	}
	if cap(r.buf) < n*refSize {
		r.buf = make([]byte, n*refSize)
	}
	buf := r.buf[:n*refSize]
	if _, err := io.ReadFull(r.r, buf); err != nil {
		r.err = err
		return nil
	}
	refs := make([]EvidenceRef, n)
	for i := range refs {
		b := buf[i*refSize : (i+1)*refSize]
		ref := EvidenceRef{
			Doc:    int32(binary.LittleEndian.Uint32(b[0:])),
			Item:   int32(binary.LittleEndian.Uint32(b[4:])),
			Start:  int32(binary.LittleEndian.Uint32(b[8:])),
			End:    int32(binary.LittleEndian.Uint32(b[12:])),
			Method: b[16],
		}
		if ref.Doc < 0 || int(ref.Doc) >= docs {
			r.err = errors.New("evidence of a document out of range")
			return nil
		}
		if int(ref.Method) > len(kg.Methods) {
			r.err = errors.New("evidence of a method out of range")
			return nil
		}
		refs[i] = ref
	}
	return refs
}

// ReadSnapshot loads the index saved at path if its key is key.
func ReadSnapshot(path string, key, vocab Key) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := &snapshotReader{r: bufio.NewReaderSize(f, 1<<20)}
	head := make([]byte, len(snapshotMagic)+2*len(key))
	if _, err := io.ReadFull(r.r, head); err != nil {
		return nil, fmt.Errorf("snapshot header: %w", err)
	}
	switch rest := head[len(snapshotMagic):]; {
	case string(head[:len(snapshotMagic)]) != snapshotMagic:
		return nil, fmt.Errorf("%w: another format (%q, want %q)", ErrSnapshotStale, strings.TrimSpace(string(head[:len(snapshotMagic)])), strings.TrimSpace(snapshotMagic))
	case Key(rest[:len(key)]) != vocab:
		return nil, fmt.Errorf("%w: made by a binary of another vocabulary (relation types, methods, kinds or derive rules)", ErrSnapshotStale)
	case Key(rest[len(key):]) != key:
		return nil, fmt.Errorf("%w: of the store as it was, not as it is", ErrSnapshotStale)
	}
	x := Empty()
	files := x.docByFile.edit()
	x.docs = make([]*kg.Document, r.uint())
	for id := range x.docs {
		if r.uint() == 0 {
			x.docs[id] = &kg.Document{}
			continue
		}
		d := &kg.Document{File: r.str(), Title: r.str(), Date: r.str()}
		for range r.uint() {
			d.Items = append(d.Items, kg.Item{Index: r.uint(), Title: r.str(), Date: r.str()})
		}
		x.docs[id] = d
		files.Set(d.File, int32(id))
		x.files = append(x.files, d.File)
	}
	x.docByFile = files.Done()
	slices.Sort(x.files)
	for range r.uint() {
		id := r.uint()
		if id >= len(x.docs) {
			return nil, fmt.Errorf("index snapshot %s: free id out of range", path)
		}
		x.free = append(x.free, int32(id))
	}
	if r.err != nil {
		return nil, r.err
	}

	refs := make([]kg.EntityRef, r.uint())
	ents, mentions, counts := x.entities.edit(), x.mentions.edit(), x.docCounts.edit()
	ents.sizeHint(len(refs))
	mentions.sizeHint(len(refs))
	counts.sizeHint(len(refs))
	for i := range refs {
		ref := kg.EntityRef{Kind: kg.Kind(r.str()), Name: r.str()}
		refs[i] = ref
		e := &entityEntry{Entity: kg.Entity{EntityRef: ref}, docs: r.uint(), attrs: map[attr]int{}}
		if n := r.uint(); n > 0 {
			counts.Set(ref, n)
		}
		for range r.uint() {
			k, err := r.r.ReadByte()
			if err != nil {
				return nil, err
			}
			a := attr{key: k, value: r.str()}
			e.attrs[a] = r.uint()
		}
		e.derive()
		ents.Set(ref, e)
		if m := r.refs(len(x.docs)); len(m) > 0 {
			mentions.Set(ref, m)
		}
		if r.err != nil {
			return nil, r.err
		}
	}
	x.entities, x.mentions, x.docCounts = ents.Done(), mentions.Done(), counts.Done()

	n := r.uint()
	evidence := x.evidence.edit()
	evidence.sizeHint(n)
	born := map[kg.RelationType][]kg.Link{}
	for range n {
		rel, from, to := r.uint(), r.uint(), r.uint()
		if r.err != nil || rel >= len(kg.RelationTypes) || from >= len(refs) || to >= len(refs) {
			return nil, fmt.Errorf("index snapshot %s: link out of range (%v)", path, r.err)
		}
		l := kg.Link{Type: kg.RelationTypes[rel], From: refs[from], To: refs[to]}
		evidence.Set(l, r.refs(len(x.docs)))
		born[l.Type] = append(born[l.Type], l)
	}
	if r.err != nil {
		return nil, r.err
	}
	if _, err := r.r.ReadByte(); err != io.EOF {
		return nil, fmt.Errorf("index snapshot %s: bytes after the end", path)
	}
	x.evidence = evidence.Done()

	// What the snapshot leaves out is made from what it holds: the kinds'
	// lists and the names from the entities, the hops from the links.
	var wg sync.WaitGroup
	wg.Go(func() {
		names := map[string][]kg.EntityRef{}
		for _, ref := range refs {
			x.byKind[ref.Kind] = append(x.byKind[ref.Kind], ref)
			e, _ := x.entities.Get(ref)
			names[ref.Name] = append(names[ref.Name], ref)
			for _, a := range e.Aliases {
				names[a] = append(names[a], ref)
			}
		}
		for k, rs := range x.byKind {
			slices.SortFunc(rs, kg.CompareRefs)
			x.byKind[k] = rs
		}
		ne := x.names.edit()
		ne.sizeHint(len(names))
		for name, rs := range names {
			slices.SortFunc(rs, kg.CompareRefs)
			ne.Set(name, slices.Compact(rs))
		}
		x.names = ne.Done()
	})
	for _, rel := range kg.RelationTypes {
		x.out[rel] = applyHops(x.out[rel], nil, born[rel], func(l kg.Link) (kg.EntityRef, kg.EntityRef) { return l.From, l.To })
		x.in[rel] = applyHops(x.in[rel], nil, born[rel], func(l kg.Link) (kg.EntityRef, kg.EntityRef) { return l.To, l.From })
		x.links[rel] = (*linkList)(nil).next(nil, nil, rel, x.out[rel])
	}
	wg.Wait()
	x.fromSnapshot = true
	return x, nil
}
