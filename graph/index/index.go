// Package index is the graph's structure in memory: the read model every
// query answers from. It holds no Cayley code: the store (package graph)
// reads every document's summary once, builds an Index with Apply, and
// applies each write's summaries to a copy, so that an Index never changes
// once made and needs no lock to read. Besides the Index it holds the two
// formats that carry it: a document's summary (summary.go), which the
// store keeps beside the document, and the snapshot (snapshot.go), the
// whole index saved in one file.
//
// A new entity attribute is a field of kg.Entity, a column of the
// summary's entity line (summary.go), a case in entityAttrs and derive
// (apply.go), and a predicate in graph/vocab.go and a quad in
// graph/store.go's extractionQuads; a new query is a function of package
// query over an Index.
package index

import (
	"cmp"
	"hash/maphash"
	"iter"
	"slices"
	"sync"
	"sync/atomic"

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
func (r EvidenceRef) ReadBy() kg.Method { return methodOf(r.Method) }

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

// Empty returns the empty index.
func Empty() *Index {
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

// EvidenceOf returns where l is stated, by file and span.
func (x *Index) EvidenceOf(l kg.Link) []EvidenceRef {
	refs, _ := x.evidence.Get(l)
	return refs
}

// MentionsOf returns where ref is named, by file and span.
func (x *Index) MentionsOf(ref kg.EntityRef) []EvidenceRef {
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
func (x *Index) HasLink(l kg.Link) bool { return len(x.EvidenceOf(l)) > 0 }

// EvidenceCount returns how many passages state l.
func (x *Index) EvidenceCount(l kg.Link) int { return len(x.EvidenceOf(l)) }

// MentionCount returns how many passages name ref.
func (x *Index) MentionCount(ref kg.EntityRef) int { return len(x.MentionsOf(ref)) }

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
	for _, r := range x.EvidenceOf(l) { // sorted by document
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
		if _, date := x.ItemOf(r); date != "" {
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

// ItemOf returns the title and date of the item a ref is in; "" for the
// article.
func (x *Index) ItemOf(r EvidenceRef) (title, date string) {
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

// Doc returns the document whose id a ref holds, as the index keeps it
// (without its text); its users must not change it. A later index that
// replaces the document holds another *kg.Document.
func (x *Index) Doc(id int32) *kg.Document { return x.docs[id] }

// DocID returns the id of a live document; ok is false if there is none.
func (x *Index) DocID(file string) (id int32, ok bool) { return x.docByFile.Get(file) }

// Files returns the live documents' files, sorted; its users must not
// change it.
func (x *Index) Files() []string { return x.files }

// SetSnapshotMiss records why the index was not read from a snapshot (see
// SnapshotMiss). The store calls it on a new index, before anyone reads it.
func (x *Index) SetSnapshotMiss(why string) { x.snapshotMiss = why }

// SameDocument reports whether d, a document of an earlier index, is
// still live in x unchanged (a write that replaces a document makes a new
// one).
func (x *Index) SameDocument(d *kg.Document) bool {
	id, ok := x.docByFile.Get(d.File)
	return ok && x.docs[id] == d
}

// DocumentCount returns how many distinct documents mention ref or state a
// relation of it.
func (x *Index) DocumentCount(ref kg.EntityRef) int {
	n, _ := x.docCounts.Get(ref)
	return n
}
