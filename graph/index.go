package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
)

// Index is the whole graph read into memory at one generation of the store:
// every entity, every relation with its evidence, every mention and
// document. It answers the questions Cayley cannot answer fast from its two
// kv indexes (CAYLEY.md): rankings over all hospitals for a symptom, the
// link table, counts per kind, text search, shortest paths. It is built by
// one scan of all quads and must not be changed by its users. The scan is
// not cheap: 2.4 s and 760 MB allocated for 300 documents (189k quads) on
// bolt (BenchmarkIndex), so it is built only when asked for and kept until
// the store changes.
type Index struct {
	// Generation is the store's generation the index was read at; see
	// Store.Generation.
	Generation uint64

	entities  map[EntityRef]*Entity
	byKind    map[Kind][]EntityRef   // sorted by name
	names     map[string][]EntityRef // canonical names and aliases, sorted
	out, in   map[RelationType]map[EntityRef][]EntityRef
	links     map[RelationType][]Link // sorted by from, then to
	evidence  map[Link][]Evidence
	mentions  map[EntityRef][]Evidence
	docs      []Document // sorted by file, without text and items
	docByFile map[string]Document
	docCounts map[EntityRef]int
}

// Link is one relation between two entities, whatever documents state it.
type Link struct {
	Type     RelationType
	From, To EntityRef
}

// Entity returns the entity ref names; ok is false if there is none.
func (x *Index) Entity(ref EntityRef) (e Entity, ok bool) {
	p, ok := x.entities[ref]
	if !ok {
		return Entity{EntityRef: ref}, false
	}
	return *p, true
}

// Refs returns the refs of every entity of kind, by name.
func (x *Index) Refs(kind Kind) []EntityRef { return x.byKind[kind] }

// Entities returns every entity of kind, by name.
func (x *Index) Entities(kind Kind) []Entity {
	refs := x.byKind[kind]
	out := make([]Entity, len(refs))
	for i, r := range refs {
		out[i] = *x.entities[r]
	}
	return out
}

// Lookup returns the entities of kind whose canonical name or alias is name,
// the one whose canonical name it is first. Kind "" means any kind.
func (x *Index) Lookup(kind Kind, name string) []EntityRef {
	var exact, alias []EntityRef
	for _, r := range x.names[name] {
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

// Names returns every name and alias in the index with the entities it
// names.
func (x *Index) Names() map[string][]EntityRef { return x.names }

// Out returns the entities from links to by rel, sorted by kind and name.
func (x *Index) Out(from EntityRef, rel RelationType) []EntityRef { return x.out[rel][from] }

// In returns the entities that link to to by rel, sorted by kind and name.
func (x *Index) In(to EntityRef, rel RelationType) []EntityRef { return x.in[rel][to] }

// Links returns every relation of type rel, sorted by from and to.
func (x *Index) Links(rel RelationType) []Link { return x.links[rel] }

// Evidence returns the text that supports a link, as Store.Evidence orders
// it.
func (x *Index) Evidence(l Link) []Evidence { return x.evidence[l] }

// Mentions returns where an entity is named, as Store.Mentions orders it.
func (x *Index) Mentions(ref EntityRef) []Evidence { return x.mentions[ref] }

// Documents returns every document, by file, without text or items.
func (x *Index) Documents() []Document { return x.docs }

// Document returns the document of a file, without text or items; ok is
// false if there is none.
func (x *Index) Document(file string) (d Document, ok bool) {
	d, ok = x.docByFile[file]
	return d, ok
}

// DocumentCount returns how many distinct documents mention ref or state a
// relation of it.
func (x *Index) DocumentCount(ref EntityRef) int { return x.docCounts[ref] }

// Generation returns a number that grows whenever Put changes the store, so
// that what was read from the store can be kept until it changes.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Index returns the index of the store as it is now: the one built earlier
// if the store has not changed since, else a new one, built by one scan of
// every quad (about as long as Export). Concurrent callers share one build.
//
// The build does not stop when ctx ends: a caller that gives up (a request
// past its timeout) gets ctx's error, and the build goes on for the next
// callers. Otherwise a store whose scan takes longer than a request may
// would never have an index.
func (s *Store) Index(ctx context.Context) (*Index, error) {
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

// indexBuild is a build of the index in progress, or done.
type indexBuild struct {
	gen  uint64 // the generation it was started at
	done chan struct{}
	x    *Index
	err  error
}

// runBuild builds the index and keeps it, unless a newer one is kept
// already.
func (s *Store) runBuild(ctx context.Context, b *indexBuild) {
	x, err := s.buildIndex(ctx)
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

// buildIndex scans every quad once. The generation is read first, so a Put
// during the scan makes the next Index build again.
func (s *Store) buildIndex(ctx context.Context) (*Index, error) {
	if s.memstore() {
		s.mu.Lock() // see Export
		defer s.mu.Unlock()
	} else {
		defer s.rlock()()
	}
	gen := s.gen.Load()
	props := make(map[quad.Value]map[quad.IRI][]quad.Value)
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		p, ok := q.Predicate.(quad.IRI)
		if !ok || q.Subject == nil || q.Object == nil {
			return nil, fmt.Errorf("%w: %v", errBadValue, q)
		}
		m := props[q.Subject]
		if m == nil {
			m = make(map[quad.IRI][]quad.Value, 4)
			props[q.Subject] = m
		}
		if !slices.Contains(m[p], q.Object) {
			m[p] = append(m[p], q.Object)
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return newIndex(gen, props)
}

// newIndex assembles an index from every subject's properties.
func newIndex(gen uint64, props map[quad.Value]map[quad.IRI][]quad.Value) (*Index, error) {
	x := &Index{
		Generation: gen,
		entities:   make(map[EntityRef]*Entity),
		byKind:     make(map[Kind][]EntityRef),
		names:      make(map[string][]EntityRef),
		out:        make(map[RelationType]map[EntityRef][]EntityRef),
		in:         make(map[RelationType]map[EntityRef][]EntityRef),
		links:      make(map[RelationType][]Link),
		evidence:   make(map[Link][]Evidence),
		mentions:   make(map[EntityRef][]Evidence),
		docCounts:  make(map[EntityRef]int),
		docByFile:  make(map[string]Document),
	}
	docs := make(map[quad.Value]Document)
	var evNodes []map[quad.IRI][]quad.Value
	for subj, p := range props {
		types := p[predType]
		switch {
		case slices.Contains(types, quad.Value(classDocument)):
			d, err := documentOf(p)
			if err != nil {
				return nil, err
			}
			docs[subj] = d
			x.docs = append(x.docs, d)
			x.docByFile[d.File] = d
		case slices.Contains(types, quad.Value(classEvidence)):
			evNodes = append(evNodes, p)
		}
		ref, ok := parseEntityIRI(subj)
		if !ok || !slices.Contains(types, quad.Value(classIRI(ref.Kind))) {
			continue
		}
		e := &Entity{EntityRef: ref}
		for _, v := range p[predAlias] {
			a, err := asString(v)
			if err != nil {
				return nil, err
			}
			if a != ref.Name {
				e.Aliases = append(e.Aliases, a)
			}
		}
		slices.Sort(e.Aliases)
		e.Aliases = slices.Compact(e.Aliases)
		var err error
		if ref.Kind == KindSymptom {
			e.Category, err = minString(p[predCategory])
		}
		if ref.Kind == KindCity && err == nil {
			e.Level, err = minString(p[predLevel])
		}
		if (ref.Kind == KindCity || ref.Kind == KindProvince) && err == nil {
			e.Code, err = minString(p[predCode])
		}
		if err != nil {
			return nil, err
		}
		x.entities[ref] = e
		x.byKind[ref.Kind] = append(x.byKind[ref.Kind], ref)
		x.names[ref.Name] = append(x.names[ref.Name], ref)
		for _, a := range e.Aliases {
			x.names[a] = append(x.names[a], ref)
		}
		for _, rel := range RelationTypes {
			pred, _ := relationPredicate(rel)
			for _, v := range p[pred] {
				to, ok := parseEntityIRI(v)
				if !ok {
					continue
				}
				l := Link{Type: rel, From: ref, To: to}
				x.links[rel] = append(x.links[rel], l)
				addRef(x.out, rel, ref, to)
				addRef(x.in, rel, to, ref)
			}
		}
	}
	slices.SortFunc(x.docs, func(a, b Document) int { return cmp.Compare(a.File, b.File) })
	for k, refs := range x.byKind {
		slices.SortFunc(refs, compareRefs)
		x.byKind[k] = refs
	}
	for n, refs := range x.names {
		slices.SortFunc(refs, compareRefs)
		x.names[n] = slices.Compact(refs)
	}
	for _, m := range []map[RelationType]map[EntityRef][]EntityRef{x.out, x.in} {
		for _, byRef := range m {
			for r, refs := range byRef {
				slices.SortFunc(refs, compareRefs)
				byRef[r] = slices.Compact(refs)
			}
		}
	}
	for rel, ls := range x.links {
		slices.SortFunc(ls, compareLinks)
		x.links[rel] = slices.Compact(ls)
	}

	// Evidence: the statement each node supports, its document and item.
	docsOf := make(map[EntityRef]map[string]bool)
	touch := func(r EntityRef, file string) {
		if docsOf[r] == nil {
			docsOf[r] = make(map[string]bool)
		}
		docsOf[r][file] = true
	}
	for _, p := range evNodes {
		ev, err := evidenceOf(p, docs, props)
		if err != nil {
			return nil, err
		}
		subj, ok := parseEntityIRI(first1(p[predSubject]))
		if !ok {
			continue
		}
		pred, _ := first1(p[predPredicate]).(quad.IRI)
		if pred == predType {
			x.mentions[subj] = append(x.mentions[subj], ev)
			touch(subj, ev.File)
			continue
		}
		rel, ok := relationType(pred)
		obj, ok2 := parseEntityIRI(first1(p[predObject]))
		if !ok || !ok2 {
			continue
		}
		l := Link{Type: rel, From: subj, To: obj}
		x.evidence[l] = append(x.evidence[l], ev)
		touch(subj, ev.File)
		touch(obj, ev.File)
	}
	for _, m := range []map[EntityRef][]Evidence{x.mentions} {
		for r, evs := range m {
			sortEvidence(evs)
			m[r] = evs
		}
	}
	for l, evs := range x.evidence {
		sortEvidence(evs)
		x.evidence[l] = evs
	}
	for r, files := range docsOf {
		x.docCounts[r] = len(files)
	}
	return x, nil
}

// evidenceOf reads one evidence node from the scanned properties.
func evidenceOf(p map[quad.IRI][]quad.Value, docs map[quad.Value]Document, props map[quad.Value]map[quad.IRI][]quad.Value) (Evidence, error) {
	var e Evidence
	var err error
	if d, ok := docs[first1(p[predDocument])]; ok {
		e.File, e.DocTitle = d.File, d.Title
	}
	if item := first1(p[predInItem]); item != nil {
		ip := props[item]
		if e.ItemTitle, err = propString(ip, predTitle); err != nil {
			return e, err
		}
		if e.Date, err = propString(ip, predDate); err != nil {
			return e, err
		}
	}
	if e.Start, err = propInt(p, predStart); err != nil {
		return e, err
	}
	if e.End, err = propInt(p, predEnd); err != nil {
		return e, err
	}
	if e.Snippet, err = propString(p, predSnippet); err != nil {
		return e, err
	}
	return e, nil
}

func first1(vs []quad.Value) quad.Value {
	if len(vs) == 0 {
		return nil
	}
	return vs[0]
}

// minString returns the smallest string in vs, or "", as Store.first does.
func minString(vs []quad.Value) (string, error) {
	out := ""
	for i, v := range vs {
		s, err := asString(v)
		if err != nil {
			return "", err
		}
		if i == 0 || s < out {
			out = s
		}
	}
	return out, nil
}

func addRef(m map[RelationType]map[EntityRef][]EntityRef, rel RelationType, key, val EntityRef) {
	if m[rel] == nil {
		m[rel] = make(map[EntityRef][]EntityRef)
	}
	m[rel][key] = append(m[rel][key], val)
}

func compareLinks(a, b Link) int {
	return cmp.Or(cmp.Compare(a.Type, b.Type), compareRefs(a.From, b.From), compareRefs(a.To, b.To))
}

func sortEvidence(evs []Evidence) {
	slices.SortFunc(evs, func(a, b Evidence) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End),
			cmp.Compare(a.ItemTitle, b.ItemTitle), strings.Compare(a.Snippet, b.Snippet))
	})
}
