package graph

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"hash/maphash"
	"iter"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph/kg"
)

// Index is the graph's structure in memory at one generation of the store:
// every entity, every relation, every document, and for each relation and
// entity where the documents state it (document, item and span; the
// snippets stay in the store). It answers what Cayley cannot answer fast
// (graph/CAYLEY.md): every read of an entity or relation, rankings over
// all hospitals for a symptom, the link table, counts, text search, paths.
//
// It is made from the documents' summaries (summary.go): read from the
// store once, on the first call to Store.Index, with one prefix scan of
// the summary hub, and then kept up to date by every write, which applies
// the summaries it adds and removes to a copy (apply). An Index never
// changes after it is made; its users must not change what it returns.
type Index struct {
	// Generation is the store's generation the index is of; see
	// Store.Generation.
	Generation uint64

	docs      []*kg.Document        // by document id; shared with later indexes until one reuses an id
	free      []int32               // ids of documents gone in earlier applies, to reuse
	docByFile cowMap[string, int32] // the id of each live document
	files     []string              // live documents' files, sorted

	// The maps are cowMaps, so that apply copies only the shards it
	// changes; the sorted lists are copied whole when they change.
	entities  cowMap[kg.EntityRef, *entityEntry]
	byKind    map[kg.Kind][]kg.EntityRef     // sorted by name
	names     cowMap[string, []kg.EntityRef] // canonical names and aliases, sorted
	out, in   map[kg.RelationType]cowMap[kg.EntityRef, []kg.EntityRef]
	links     map[kg.RelationType]*linkList // sorted by from, then to
	evidence  cowMap[kg.Link, []EvidenceRef]
	mentions  cowMap[kg.EntityRef, []EvidenceRef]
	docCounts cowMap[kg.EntityRef, int]

	fromSnapshot bool   // read from the store's snapshot (snapshot.go)
	snapshotMiss string // why not, where the store keeps snapshots
}

// FromSnapshot reports whether the index was read from the snapshot the
// store saved when it last closed, rather than from the summaries.
func (x *Index) FromSnapshot() bool { return x.fromSnapshot }

// SnapshotMiss says why an index read from the summaries was not read from
// a snapshot ("no snapshot", "made by a binary of another vocabulary …"),
// or "" if it was, or the store keeps none.
func (x *Index) SnapshotMiss() string { return x.snapshotMiss }

// Link is one relation between two entities, whatever documents state it.
type Link struct {
	Type     kg.RelationType
	From, To kg.EntityRef
}

// EvidenceRef is where one document states a relation or names an entity:
// the document's id in the index, the item (-1 for the article), the span
// in code points, and for a relation how the loader read it. The snippet is
// read from the store.
type EvidenceRef struct {
	Doc, Item, Start, End int32
	// Method is 1 + the index of the relation's method in Methods, 0 for a
	// mention (see methodCode): one byte, where a string would add 16 to
	// each of millions of refs.
	Method uint8
}

// method returns how the relation was read; "" for a mention.
func (r EvidenceRef) method() kg.Method { return methodOf(r.Method) }

// entityEntry is an entity with the number of documents that write it and
// that give it each alias and attribute, so that removing a document
// removes exactly what no other document says.
type entityEntry struct {
	kg.Entity
	docs  int
	attrs map[attr]int
}

type attr struct {
	key   byte // 'a' alias, 'c' category, 'l' level, 'k' code
	value string
}

// newIndex returns the empty index.
func newIndex() *Index {
	seed := maphash.MakeSeed()
	x := &Index{
		docByFile: newCowMap[string, int32](seed),
		entities:  newCowMap[kg.EntityRef, *entityEntry](seed),
		byKind:    map[kg.Kind][]kg.EntityRef{},
		names:     newCowMap[string, []kg.EntityRef](seed),
		out:       map[kg.RelationType]cowMap[kg.EntityRef, []kg.EntityRef]{},
		in:        map[kg.RelationType]cowMap[kg.EntityRef, []kg.EntityRef]{},
		links:     map[kg.RelationType]*linkList{},
		evidence:  newCowMap[kg.Link, []EvidenceRef](seed),
		mentions:  newCowMap[kg.EntityRef, []EvidenceRef](seed),
		docCounts: newCowMap[kg.EntityRef, int](seed),
	}
	for _, rel := range kg.RelationTypes {
		x.out[rel] = newCowMap[kg.EntityRef, []kg.EntityRef](seed)
		x.in[rel] = newCowMap[kg.EntityRef, []kg.EntityRef](seed)
	}
	return x
}

// Entity returns the entity ref names; ok is false if there is none.
func (x *Index) Entity(ref kg.EntityRef) (e kg.Entity, ok bool) {
	p, ok := x.entities.Get(ref)
	if !ok {
		return kg.Entity{EntityRef: ref}, false
	}
	return p.Entity, true
}

// Refs returns the refs of every entity of kind, by name.
func (x *Index) Refs(kind kg.Kind) []kg.EntityRef { return x.byKind[kind] }

// Entities returns every entity of kind, by name.
func (x *Index) Entities(kind kg.Kind) []kg.Entity {
	refs := x.byKind[kind]
	out := make([]kg.Entity, len(refs))
	for i, r := range refs {
		e, _ := x.entities.Get(r)
		out[i] = e.Entity
	}
	return out
}

// Lookup returns the entities of kind whose canonical name or alias is name,
// the one whose canonical name it is first. Kind "" means any kind.
func (x *Index) Lookup(kind kg.Kind, name string) []kg.EntityRef {
	var exact, alias []kg.EntityRef
	refs, _ := x.names.Get(name)
	for _, r := range refs {
		if kind != "" && r.Kind != kind {
			continue
		}
		if r.Name == name {
			exact = append(exact, r)
		} else {
			alias = append(alias, r)
		}
	}
	return append(exact, alias...)
}

// Names yields every name and alias in the index with the entities it
// names, in no order.
func (x *Index) Names() iter.Seq2[string, []kg.EntityRef] { return x.names.All() }

// Out returns the entities from links to by rel, sorted by kind and name.
func (x *Index) Out(from kg.EntityRef, rel kg.RelationType) []kg.EntityRef {
	refs, _ := x.out[rel].Get(from)
	return refs
}

// In returns the entities that link to to by rel, sorted by kind and name.
func (x *Index) In(to kg.EntityRef, rel kg.RelationType) []kg.EntityRef {
	refs, _ := x.in[rel].Get(to)
	return refs
}

// evidenceOf returns where l is stated, by file and span.
func (x *Index) evidenceOf(l kg.Link) []EvidenceRef {
	refs, _ := x.evidence.Get(l)
	return refs
}

// mentionsOf returns where ref is named, by file and span.
func (x *Index) mentionsOf(ref kg.EntityRef) []EvidenceRef {
	refs, _ := x.mentions.Get(ref)
	return refs
}

// Links returns every relation of type rel, sorted by from and to.
func (x *Index) Links(rel kg.RelationType) []kg.Link {
	if l := x.links[rel]; l != nil {
		return l.get()
	}
	return nil
}

// linkList is the sorted list of one relation type's links, made when it
// is first asked for (a store opens without sorting hundreds of thousands
// of links) and then kept up to date by each apply.
type linkList struct {
	once  sync.Once
	built atomic.Bool
	list  []kg.Link
	rel   kg.RelationType
	out   cowMap[kg.EntityRef, []kg.EntityRef] // what to make it from
}

func (l *linkList) get() []kg.Link {
	l.once.Do(func() {
		if !l.built.Load() {
			for from, tos := range l.out.All() {
				for _, to := range tos {
					l.list = append(l.list, kg.Link{Type: l.rel, From: from, To: to})
				}
			}
			slices.SortFunc(l.list, compareLinks)
			l.built.Store(true)
		}
	})
	return l.list
}

// next returns the list after gone and born: merged into a copy if this one
// was made, else left to be made from out when asked for.
func (l *linkList) next(gone map[kg.Link]bool, born []kg.Link, rel kg.RelationType, out cowMap[kg.EntityRef, []kg.EntityRef]) *linkList {
	if l != nil && l.built.Load() {
		n := &linkList{list: mergeSorted(l.list, gone, born, compareLinks)}
		n.built.Store(true)
		return n
	}
	return &linkList{rel: rel, out: out}
}

// HasLink reports whether some document states l.
func (x *Index) HasLink(l kg.Link) bool { return len(x.evidenceOf(l)) > 0 }

// EvidenceCount returns how many passages state l.
func (x *Index) EvidenceCount(l kg.Link) int { return len(x.evidenceOf(l)) }

// MentionCount returns how many passages name ref.
func (x *Index) MentionCount(ref kg.EntityRef) int { return len(x.mentionsOf(ref)) }

// Support is how well the documents support a link.
type Support struct {
	Documents int // distinct documents that state it
	Items     int // distinct items (a related item, or an article) that state it
	// FirstDate and LastDate are the earliest and latest dates of the
	// items that state it; "" if none is dated.
	FirstDate, LastDate string
	// Confidence is the highest confidence of the methods that read it
	// (Method.Confidence); 0 if nothing states it.
	Confidence float64
	// Methods are the distinct methods that read it, in the order of
	// Methods.
	Methods []kg.Method
}

// Support returns how well the documents support l.
func (x *Index) Support(l kg.Link) Support {
	var s Support
	lastDoc, lastItem := int32(-1), int32(-2)
	var items map[[2]int32]bool
	// bit i of methods: Methods[i] read some of it.
	var methods uint64
	for _, r := range x.evidenceOf(l) { // sorted by document
		code := r.Method
		if code == 0 || int(code) > len(kg.Methods) { // a relation's ref always has one; be safe
			code = methodCode(kg.MethodUnknown)
		}
		methods |= 1 << (code - 1)
		if r.Doc != lastDoc {
			s.Documents++
			lastDoc, lastItem = r.Doc, -2
		}
		if r.Item != lastItem {
			if items == nil {
				items = make(map[[2]int32]bool)
			}
			items[[2]int32{r.Doc, r.Item}] = true
			lastItem = r.Item
		}
		if _, date := x.item(r); date != "" {
			if s.FirstDate == "" || date < s.FirstDate {
				s.FirstDate = date
			}
			if date > s.LastDate {
				s.LastDate = date
			}
		}
	}
	s.Items = len(items)
	for i, m := range kg.Methods {
		if methods&(1<<i) != 0 {
			s.Methods = append(s.Methods, m)
			s.Confidence = max(s.Confidence, m.Confidence())
		}
	}
	return s
}

// item returns the title and date of the item a ref is in; "" for the
// article.
func (x *Index) item(r EvidenceRef) (title, date string) {
	if r.Item < 0 {
		return "", ""
	}
	items := x.docs[r.Doc].Items
	i, ok := slices.BinarySearchFunc(items, int(r.Item), func(it kg.Item, n int) int { return cmp.Compare(it.Index, n) })
	if !ok {
		return "", ""
	}
	return items[i].Title, items[i].Date
}

// Documents returns every document, by file, with its items (without
// summaries and spans) and without its text.
func (x *Index) Documents() []kg.Document {
	out := make([]kg.Document, len(x.files))
	for i, f := range x.files {
		id, _ := x.docByFile.Get(f)
		out[i] = *x.docs[id]
	}
	return out
}

// NumDocuments returns how many documents the index holds.
func (x *Index) NumDocuments() int { return len(x.files) }

// Document returns the document of a file, as Documents does; ok is false
// if there is none.
func (x *Index) Document(file string) (d kg.Document, ok bool) {
	id, ok := x.docByFile.Get(file)
	if !ok {
		return kg.Document{}, false
	}
	return *x.docs[id], true
}

// sameDocument reports whether d, a document of an earlier index, is
// still live in x unchanged (a write that replaces a document makes a new
// one).
func (x *Index) sameDocument(d *kg.Document) bool {
	id, ok := x.docByFile.Get(d.File)
	return ok && x.docs[id] == d
}

// DocumentCount returns how many distinct documents mention ref or state a
// relation of it.
func (x *Index) DocumentCount(ref kg.EntityRef) int {
	n, _ := x.docCounts.Get(ref)
	return n
}

// Generation returns a number that grows whenever a write changes the
// store, so that what was read from the store can be kept until it changes.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Index returns the index of the store as it is now. The first call reads
// every document's summary from the store (concurrent callers share the
// read); later calls return the index the writes have kept up to date, or
// read it again if a write failed or ran while it was read.
//
// The read does not stop when ctx ends: a caller that gives up (a request
// past its timeout) gets ctx's error, and the read goes on for the next
// callers.
func (s *Store) Index(ctx context.Context) (*Index, error) {
	if x := s.currentIndex(); x != nil {
		return x, nil
	}
	return s.buildIndex(ctx)
}

// currentIndex returns the index if it is of the store as it is now, or
// nil; it never reads the store.
func (s *Store) currentIndex() *Index {
	s.imu.Lock()
	defer s.imu.Unlock()
	if s.index != nil && s.index.Generation == s.gen.Load() {
		return s.index
	}
	return nil
}

// buildIndex is Index when the index is not current.
func (s *Store) buildIndex(ctx context.Context) (*Index, error) {
	s.imu.Lock()
	gen := s.gen.Load()
	if s.index != nil && s.index.Generation == gen {
		x := s.index
		s.imu.Unlock()
		return x, nil
	}
	b := s.building
	if b == nil || b.gen != gen {
		b = &indexBuild{gen: gen, done: make(chan struct{})}
		s.building = b
		go s.runBuild(context.WithoutCancel(ctx), b)
	}
	s.imu.Unlock()
	select {
	case <-b.done:
		if b.err != nil {
			return nil, fmt.Errorf("index: %w", b.err)
		}
		return b.x, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("index: %w", ctx.Err())
	}
}

// indexBuild is a read of the index in progress, or done.
type indexBuild struct {
	gen  uint64 // the generation it was started at
	done chan struct{}
	x    *Index
	err  error
}

// runBuild reads the index and keeps it, unless a newer one is kept
// already.
func (s *Store) runBuild(ctx context.Context, b *indexBuild) {
	// The index is read from Cayley, which must hold every document.
	err := s.writeOut()
	var x *Index
	if err == nil {
		x, err = s.readIndex(ctx)
	}
	s.imu.Lock()
	if err == nil && (s.index == nil || x.Generation >= s.index.Generation) {
		s.index = x
	}
	if s.building == b {
		s.building = nil
	}
	s.imu.Unlock()
	b.x, b.err = x, err
	close(b.done)
}

// readIndex reads every summary on the hub and applies them to the empty
// index. The generation is read first, so a write during the read makes
// the next Index read again.
func (s *Store) readIndex(ctx context.Context) (*Index, error) {
	x, miss := s.snapshotIndex(ctx)
	if x != nil {
		return x, nil
	}
	x, err := s.readSummaryIndex(ctx)
	if x != nil {
		x.snapshotMiss = miss
	}
	return x, err
}

// readSummaryIndex reads the index from the summaries, never from a
// snapshot.
func (s *Store) readSummaryIndex(ctx context.Context) (*Index, error) {
	// Three stages run side by side: one goroutine reads the literals
	// (under the read lock), workers decode them in chunks, and apply
	// counts them in the order they were read.
	type decoded struct {
		sums []*docSummary
		err  error
	}
	chunks := make(chan chan decoded, 64)
	workers := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1))
	gen := make(chan uint64, 1)
	var readErr error
	go func() {
		defer close(chunks)
		readErr = s.readSummaries(ctx, gen, func(texts []summaryText) {
			ch := make(chan decoded, 1)
			chunks <- ch
			workers <- struct{}{}
			go func() {
				defer func() { <-workers }()
				var r decoded
				for _, t := range texts {
					d, err := decodeSummary(t.text)
					if err != nil {
						r.err = fmt.Errorf("summary of %v: %w", t.label, err)
						break
					}
					r.sums = append(r.sums, d)
				}
				ch <- r
			}()
		})
	}()
	all := func(yield func(*docSummary, error) bool) {
		files := make(map[string]bool)
		for ch := range chunks {
			r := <-ch
			if r.err != nil {
				yield(nil, r.err)
				return
			}
			for _, d := range r.sums {
				if files[d.File] {
					continue // two versions (a crash between them): the first counts
				}
				files[d.File] = true
				if !yield(d, nil) {
					return
				}
			}
		}
	}
	x, err := newIndex().apply(0, nil, all)
	for range chunks { // after an error: let the reader finish
	}
	if err != nil {
		return nil, err
	}
	if readErr != nil {
		return nil, readErr
	}
	x.Generation = <-gen
	return x, nil
}

type summaryText struct {
	label quad.Value
	text  string
}

// readSummaries reads the summary literals on the hub with one prefix scan,
// and hands them to emit in chunks, in order. It sends the store's
// generation to gen first.
func (s *Store) readSummaries(ctx context.Context, gen chan<- uint64, emit func([]summaryText)) error {
	if s.memstore() {
		s.mu.Lock() // see Export
		defer s.mu.Unlock()
	} else {
		defer s.rlock()()
	}
	gen <- s.gen.Load()
	const chunk = 128
	var batch []summaryText
	if hub := s.qs.ValueOf(summaryHub); hub != nil {
		it := s.qs.QuadIterator(quad.Subject, hub)
		defer it.Close()
		for it.Next(ctx) {
			q := s.qs.Quad(it.Result())
			if q.Predicate != predSummary {
				continue
			}
			str, ok := q.Object.(quad.String)
			if !ok {
				return fmt.Errorf("summary of %v: %w: %v", q.Label, errBadValue, q.Object)
			}
			batch = append(batch, summaryText{q.Label, string(str)})
			if len(batch) == chunk {
				emit(batch)
				batch = nil
			}
		}
		if err := it.Err(); err != nil {
			return err
		}
	}
	if len(batch) > 0 {
		emit(batch)
	}
	return ctx.Err()
}

// changed is called by every write after it ran: it moves the index the
// writes keep (if there is one, at the generation before the write) to the
// next generation, with the summaries the write removed (del) and added
// (add). After a failed write (ok false) the index is dropped: the next
// Index reads it again from what the store holds.
func (s *Store) changed(del, add []*docSummary, ok bool) {
	s.imu.Lock()
	defer s.imu.Unlock()
	gen := s.gen.Load()
	if ok && s.index != nil && s.index.Generation == gen {
		if x, err := s.index.apply(gen+1, del, summariesOf(add)); err == nil {
			s.index = x
		} else {
			s.index = nil
		}
	} else {
		s.index = nil
	}
	s.gen.Add(1)
}

// summariesOf yields sums.
func summariesOf(sums []*docSummary) iter.Seq2[*docSummary, error] {
	return func(yield func(*docSummary, error) bool) {
		for _, d := range sums {
			if !yield(d, nil) {
				return
			}
		}
	}
}

// delta is what one apply changes, gathered before anything is rebuilt.
type delta struct {
	ents      map[kg.EntityRef]*entityDelta
	links     map[kg.Link]*refDelta
	mentions  map[kg.EntityRef]*refDelta
	docCounts map[kg.EntityRef]int
	docsGone  map[int32]bool
}

type entityDelta struct {
	docs  int
	attrs []attrDelta // summed per attr when applied
}

type attrDelta struct {
	attr
	n int
}

type refDelta struct {
	add []EvidenceRef
}

// apply returns a copy of x at generation gen, without the documents of del
// and with those of add. x does not change: maps are copied, and every
// slice that changes is a new one. A document in add that x holds must be
// in del too.
func (x *Index) apply(gen uint64, del []*docSummary, add iter.Seq2[*docSummary, error]) (*Index, error) {
	y := *x
	y.Generation = gen
	files := x.docByFile.edit()
	c := &counter{ids: map[kg.EntityRef]int32{}, links: map[linkKey]*refDelta{}}
	d := &delta{docsGone: map[int32]bool{}}
	for _, sum := range del {
		id, ok := files.Get(sum.File)
		if !ok {
			continue
		}
		files.Delete(sum.File)
		d.docsGone[id] = true
		c.count(sum, id, -1)
	}
	var added []string
	ownDocs := false
	for sum, err := range add {
		if err != nil {
			return nil, err
		}
		if _, ok := files.Get(sum.File); ok {
			return nil, fmt.Errorf("index: document %s added twice", sum.File)
		}
		doc := &kg.Document{File: sum.File, Title: sum.Title, Date: sum.Date, Items: sum.Items}
		var id int32
		if n := len(y.free); n > 0 {
			// Reuse the id of a document gone before this apply (no ref
			// of this index holds it), in a copy of the table: x's
			// readers may still look the old one up.
			if !ownDocs {
				y.docs, y.free, ownDocs = slices.Clone(y.docs), slices.Clone(y.free), true
			}
			id, y.free = y.free[n-1], y.free[:n-1]
			y.docs[id] = doc
		} else {
			id = int32(len(y.docs))
			y.docs = append(y.docs, doc)
		}
		files.Set(sum.File, id)
		c.count(sum, id, +1)
		added = append(added, sum.File)
	}
	c.finish(d)
	if len(d.docsGone) > 0 { // reusable from the next apply on
		if !ownDocs {
			y.free = slices.Clone(y.free)
		}
		for id := range d.docsGone {
			y.free = append(y.free, id)
		}
	}
	y.docByFile = files.Done()
	if len(del)+len(added) > 0 {
		gone := map[string]bool{}
		var born []string
		for _, sum := range del {
			gone[sum.File] = true
		}
		for _, f := range added {
			if gone[f] {
				delete(gone, f) // replaced: still there
			} else {
				born = append(born, f)
			}
		}
		y.files = mergeSorted(x.files, gone, born, strings.Compare)
	}
	// The four parts change disjoint fields of y: build them side by side.
	var wg sync.WaitGroup
	wg.Go(func() { y.applyEntities(x, d) })
	wg.Go(func() { y.applyLinks(x, d) })
	wg.Go(func() { y.mentions, _, _ = applyRefs(&y, x.mentions, d.mentions, d.docsGone) })
	counts := x.docCounts.edit()
	for r, n := range d.docCounts {
		old, _ := counts.Get(r)
		if n += old; n > 0 {
			counts.Set(r, n)
		} else {
			counts.Delete(r)
		}
	}
	y.docCounts = counts.Done()
	wg.Wait()
	return &y, nil
}

// counter gathers a delta from summaries. It numbers the entities it
// meets, so that the millions of evidence refs of a big store are grouped
// by small keys (a relation's two numbers) rather than by their names.
type counter struct {
	ids   map[kg.EntityRef]int32
	ents  []counted // by number
	links map[linkKey]*refDelta
	doc   int // the summary being counted, from 1, to mark what it touched
}

type counted struct {
	ref       kg.EntityRef
	ent       entityDelta
	entSeen   bool
	mentions  *refDelta
	docCount  int
	touchedBy int // the last summary that mentions it or states a relation of it
}

type linkKey struct {
	rel      uint8 // index in RelationTypes: a key of plain numbers hashes fast
	from, to int32
}

// count adds (sign +1) or removes (-1) one document's summary.
func (c *counter) count(sum *docSummary, id int32, sign int) {
	c.doc++
	num := make([]int32, len(sum.Entities))
	for i, e := range sum.Entities {
		n, ok := c.ids[e.EntityRef]
		if !ok {
			n = int32(len(c.ents))
			c.ids[e.EntityRef] = n
			c.ents = append(c.ents, counted{ref: e.EntityRef})
		}
		num[i] = n
		ce := &c.ents[n]
		ce.entSeen = true
		ce.ent.docs += sign
		for _, a := range entityAttrs(e) {
			ce.ent.attrs = append(ce.ent.attrs, attrDelta{a, sign})
		}
	}
	touch := func(n int32) {
		if ce := &c.ents[n]; ce.touchedBy != c.doc {
			ce.touchedBy = c.doc
			ce.docCount += sign
		}
	}
	for _, ev := range sum.Links {
		k := linkKey{relIndex(ev.Rel), num[ev.From], num[ev.To]}
		rd := c.links[k]
		if rd == nil {
			rd = &refDelta{}
			c.links[k] = rd
		}
		if sign > 0 {
			rd.add = append(rd.add, EvidenceRef{Doc: id, Item: ev.Item, Start: ev.Start, End: ev.End, Method: methodCode(ev.Method)})
		}
		touch(k.from)
		touch(k.to)
	}
	for _, ev := range sum.Mentions {
		n := num[ev.From]
		ce := &c.ents[n]
		if ce.mentions == nil {
			ce.mentions = &refDelta{}
		}
		if sign > 0 {
			ce.mentions.add = append(ce.mentions.add, EvidenceRef{Doc: id, Item: ev.Item, Start: ev.Start, End: ev.End})
		}
		touch(n)
	}
}

// relIndex returns the index of rel in RelationTypes (0 for an unknown
// one, which summaries never hold: extractionQuads refuses it).
func relIndex(rel kg.RelationType) uint8 {
	for i, r := range kg.RelationTypes {
		if r == rel {
			return uint8(i)
		}
	}
	return 0
}

// finish fills d with what was counted, by name.
func (c *counter) finish(d *delta) {
	d.ents = make(map[kg.EntityRef]*entityDelta, len(c.ents))
	d.mentions = make(map[kg.EntityRef]*refDelta)
	d.docCounts = make(map[kg.EntityRef]int)
	for i := range c.ents {
		ce := &c.ents[i]
		if ce.entSeen {
			d.ents[ce.ref] = &ce.ent
		}
		if ce.mentions != nil {
			d.mentions[ce.ref] = ce.mentions
		}
		if ce.docCount != 0 {
			d.docCounts[ce.ref] = ce.docCount
		}
	}
	d.links = make(map[kg.Link]*refDelta, len(c.links))
	for k, rd := range c.links {
		d.links[kg.Link{Type: kg.RelationTypes[k.rel], From: c.ents[k.from].ref, To: c.ents[k.to].ref}] = rd
	}
}

// entityAttrs lists the aliases and attributes a document gives e, those
// of its kind only (as Store.Entity reads them).
func entityAttrs(e kg.Entity) []attr {
	var out []attr
	for _, a := range e.Aliases {
		if a != e.Name && a != "" {
			out = append(out, attr{'a', a})
		}
	}
	if e.Kind == kg.KindSymptom && e.Category != "" {
		out = append(out, attr{'c', e.Category})
	}
	if e.Kind == kg.KindCity && e.Level != "" {
		out = append(out, attr{'l', e.Level})
	}
	if (e.Kind == kg.KindCity || e.Kind == kg.KindProvince) && e.Code != "" {
		out = append(out, attr{'k', e.Code})
	}
	return out
}

// applyEntities rebuilds the entities the delta touches, their kinds'
// lists and their names.
func (y *Index) applyEntities(x *Index, d *delta) {
	if len(d.ents) == 0 {
		return
	}
	ents := x.entities.edit()
	names := x.names.edit()
	y.byKind = maps.Clone(x.byKind)
	gone := map[kg.Kind]map[kg.EntityRef]bool{}
	born := map[kg.Kind][]kg.EntityRef{}
	nameDel := map[string]map[kg.EntityRef]bool{}
	nameAdd := map[string][]kg.EntityRef{}
	for ref, ed := range d.ents {
		old, _ := x.entities.Get(ref)
		e := &entityEntry{Entity: kg.Entity{EntityRef: ref}, attrs: map[attr]int{}}
		if old != nil {
			e.docs = old.docs
			maps.Copy(e.attrs, old.attrs)
		}
		e.docs += ed.docs
		for _, a := range ed.attrs {
			e.attrs[a.attr] += a.n
		}
		maps.DeleteFunc(e.attrs, func(_ attr, n int) bool { return n <= 0 })
		var oldNames []string
		if old != nil {
			oldNames = append([]string{ref.Name}, old.Aliases...)
		}
		var newNames []string
		if e.docs > 0 {
			e.derive()
			ents.Set(ref, e)
			newNames = append([]string{ref.Name}, e.Aliases...)
		} else {
			ents.Delete(ref)
		}
		switch {
		case old == nil && e.docs > 0:
			born[ref.Kind] = append(born[ref.Kind], ref)
		case old != nil && e.docs <= 0:
			if gone[ref.Kind] == nil {
				gone[ref.Kind] = map[kg.EntityRef]bool{}
			}
			gone[ref.Kind][ref] = true
		}
		for _, n := range oldNames {
			if !slices.Contains(newNames, n) {
				if nameDel[n] == nil {
					nameDel[n] = map[kg.EntityRef]bool{}
				}
				nameDel[n][ref] = true
			}
		}
		for _, n := range newNames {
			if !slices.Contains(oldNames, n) {
				nameAdd[n] = append(nameAdd[n], ref)
			}
		}
	}
	y.entities = ents.Done()
	for _, k := range kg.Kinds {
		if len(born[k]) > 0 || len(gone[k]) > 0 {
			y.byKind[k] = mergeSorted(x.byKind[k], gone[k], born[k], compareRefs)
		}
	}
	touched := maps.Clone(nameAdd)
	for n := range nameDel {
		touched[n] = nameAdd[n]
	}
	for n := range touched {
		old, _ := x.names.Get(n)
		if refs := mergeSorted(old, nameDel[n], nameAdd[n], compareRefs); len(refs) > 0 {
			names.Set(n, refs)
		} else {
			names.Delete(n)
		}
	}
	y.names = names.Done()
}

// derive sets the entity's aliases and attributes from the counts: every
// alias some document gives, and the smallest value of each attribute.
func (e *entityEntry) derive() {
	e.Aliases = nil
	for a := range e.attrs {
		switch a.key {
		case 'a':
			e.Aliases = append(e.Aliases, a.value)
		case 'c':
			e.Category = minNonEmpty(e.Category, a.value)
		case 'l':
			e.Level = minNonEmpty(e.Level, a.value)
		case 'k':
			e.Code = minNonEmpty(e.Code, a.value)
		}
	}
	slices.Sort(e.Aliases)
}

// applyLinks rebuilds the evidence of the links the delta touches, and the
// link lists of the links that appear or disappear.
func (y *Index) applyLinks(x *Index, d *delta) {
	if len(d.links) == 0 {
		return
	}
	var appeared, vanished []kg.Link
	y.evidence, appeared, vanished = applyRefs(y, x.evidence, d.links, d.docsGone)
	gone := map[kg.RelationType]map[kg.Link]bool{}
	born := map[kg.RelationType][]kg.Link{}
	for _, l := range appeared {
		born[l.Type] = append(born[l.Type], l)
	}
	for _, l := range vanished {
		if gone[l.Type] == nil {
			gone[l.Type] = map[kg.Link]bool{}
		}
		gone[l.Type][l] = true
	}
	if len(born) == 0 && len(gone) == 0 {
		return
	}
	y.links = maps.Clone(x.links)
	y.out = maps.Clone(x.out)
	y.in = maps.Clone(x.in)
	for _, rel := range kg.RelationTypes {
		if len(born[rel]) == 0 && len(gone[rel]) == 0 {
			continue
		}
		y.out[rel] = applyHops(x.out[rel], gone[rel], born[rel], func(l kg.Link) (kg.EntityRef, kg.EntityRef) { return l.From, l.To })
		y.in[rel] = applyHops(x.in[rel], gone[rel], born[rel], func(l kg.Link) (kg.EntityRef, kg.EntityRef) { return l.To, l.From })
		y.links[rel] = x.links[rel].next(gone[rel], born[rel], rel, y.out[rel])
	}
}

// applyHops returns a copy of one relation's adjacency lists without the
// links of gone and with those of born.
func applyHops(old cowMap[kg.EntityRef, []kg.EntityRef], gone map[kg.Link]bool, born []kg.Link, ends func(kg.Link) (key, val kg.EntityRef)) cowMap[kg.EntityRef, []kg.EntityRef] {
	m := old.edit()
	del := map[kg.EntityRef]map[kg.EntityRef]bool{}
	add := map[kg.EntityRef][]kg.EntityRef{}
	for l := range gone {
		k, v := ends(l)
		if del[k] == nil {
			del[k] = map[kg.EntityRef]bool{}
		}
		del[k][v] = true
	}
	for _, l := range born {
		k, v := ends(l)
		add[k] = append(add[k], v)
	}
	keys := maps.Clone(add)
	for k := range del {
		keys[k] = add[k]
	}
	for k := range keys {
		was, _ := old.Get(k)
		if refs := mergeSorted(was, del[k], add[k], compareRefs); len(refs) > 0 {
			m.Set(k, refs)
		} else {
			m.Delete(k)
		}
	}
	return m.Done()
}

// applyRefs returns a copy of old in which each key of the delta has its
// refs without those of the gone documents and with the delta's added
// ones, sorted by file and span, and the keys that gained their first refs
// and lost their last.
func applyRefs[K comparable](y *Index, old cowMap[K, []EvidenceRef], ds map[K]*refDelta, docsGone map[int32]bool) (_ cowMap[K, []EvidenceRef], appeared, vanished []K) {
	if len(ds) == 0 {
		return old, nil, nil
	}
	m := old.edit()
	m.sizeHint(len(ds))
	for k, rd := range ds {
		var was []EvidenceRef
		if old.Len() > 0 {
			was, _ = old.Get(k)
		}
		refs := rd.add // the delta's own: no copy needed when nothing was there
		if len(was) > 0 {
			refs = make([]EvidenceRef, 0, len(was)+len(rd.add))
			for _, r := range was {
				if !docsGone[r.Doc] {
					refs = append(refs, r)
				}
			}
			refs = append(refs, rd.add...)
		}
		if len(refs) == 0 {
			if len(was) > 0 {
				vanished = append(vanished, k)
				m.Delete(k)
			}
			continue
		}
		if len(was) == 0 {
			appeared = append(appeared, k)
		}
		if !slices.IsSortedFunc(refs, y.compareEvidence) { // often are: summaries come in file order
			slices.SortFunc(refs, y.compareEvidence)
		}
		m.Set(k, slices.CompactFunc(refs, func(a, b EvidenceRef) bool { return a == b }))
	}
	return m.Done(), appeared, vanished
}

// compareEvidence orders refs by file, then span, as Store.Evidence returns
// them.
func (x *Index) compareEvidence(a, b EvidenceRef) int {
	if a.Doc != b.Doc {
		if c := cmp.Compare(x.docs[a.Doc].File, x.docs[b.Doc].File); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Doc, b.Doc), cmp.Compare(a.Item, b.Item))
}

// mergeSorted returns a new sorted slice: old (sorted by compare) without
// the elements of del, with those of add (which old does not hold).
func mergeSorted[T comparable](old []T, del map[T]bool, add []T, compare func(a, b T) int) []T {
	add = slices.Clone(add)
	slices.SortFunc(add, compare)
	add = slices.Compact(add)
	out := make([]T, 0, len(old)+len(add))
	i := 0
	for _, v := range old {
		if del[v] {
			continue
		}
		for i < len(add) && compare(add[i], v) < 0 {
			out = append(out, add[i])
			i++
		}
		if i < len(add) && add[i] == v {
			i++
		}
		out = append(out, v)
	}
	return append(out, add[i:]...)
}

func compareLinks(a, b kg.Link) int {
	return cmp.Or(cmp.Compare(a.Type, b.Type), compareRefs(a.From, b.From), compareRefs(a.To, b.To))
}

// Refresh reads the index again if the store's summaries changed since the
// last Refresh: for a database that other processes write too (kg load
// into the PostgreSQL database a kg serve reads), whose writes this
// process's index does not see. Readers go on with the index they have
// until the new one is read. The first call only notes the summaries: make
// it before the first Index, so that no write between the two is missed.
// It reports whether it read the index again.
//
// The store's own writes keep the noted print up to date (notePrint), so
// they do not make Refresh read the index again: on a shared database a
// server that takes documents in does not read its whole index every
// interval.
func (s *Store) Refresh(ctx context.Context) (bool, error) {
	fp, err := s.summaryPrint(ctx)
	if err != nil {
		return false, fmt.Errorf("refresh index: %w", err)
	}
	s.imu.Lock()
	first, same := s.printed == nil, s.printed != nil && *s.printed == fp
	s.printed = &fp
	s.imu.Unlock()
	if first || same {
		return false, nil
	}
	x, err := s.readIndex(ctx)
	if err != nil {
		return false, fmt.Errorf("refresh index: %w", err)
	}
	s.imu.Lock()
	if s.index == nil || x.Generation >= s.index.Generation {
		s.index = x
	}
	s.imu.Unlock()
	return true, nil
}

// summaryPrint is the print of the set of summary quads: the XOR of a
// hash of each one's ref, so that a document written, changed or deleted
// changes it, and a write's own summaries can be XORed in and out of it
// (notePrint).
func (s *Store) summaryPrint(ctx context.Context) (print [32]byte, err error) {
	defer s.rlock()()
	if hub := s.qs.ValueOf(summaryHub); hub != nil {
		it := s.qs.QuadIterator(quad.Subject, hub)
		defer it.Close()
		for it.Next(ctx) {
			xorPrint(&print, it.Result().Key())
		}
		if err := it.Err(); err != nil {
			return print, err
		}
	}
	return print, ctx.Err()
}

func xorPrint(print *[32]byte, key any) {
	h := sha256.Sum256([]byte(fmt.Sprint(key)))
	for i := range print {
		print[i] ^= h[i]
	}
}

// notePrint XORs the summary quads among gone and added, which a write of
// this process removed from and added to the store, out of and into the
// print the last Refresh noted. Only the SQL backends (the ones Refresh is
// for) have refs that are known without asking the store: hashes of the
// quad's values. Called after a write succeeded, with wmu held.
func (s *Store) notePrint(gone, added []quad.Quad) {
	if !s.caps.Shared {
		return
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	if s.printed == nil {
		return
	}
	for _, qs := range [][]quad.Quad{gone, added} {
		for _, q := range qs {
			if q.Subject != summaryHub || q.Predicate != predSummary {
				continue
			}
			xorPrint(s.printed, cgraph.QuadHash{
				Subject: cgraph.HashOf(q.Subject), Predicate: cgraph.HashOf(q.Predicate),
				Object: cgraph.HashOf(q.Object), Label: cgraph.HashOf(q.Label),
			}.Key())
		}
	}
}
