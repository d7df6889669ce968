package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"
)

// Batched reads, for the API's dataloaders: what Out, In and Entity answer
// for one entity, answered for many in one Cayley query each. The query
// starts at the fixed set of entity nodes and takes one hop with a
// predicate, which the kv stores answer from their subject+predicate or
// object+predicate+subject index, like the single reads (see read.go).
//
// On bolt, a loop of single-node lookups inside these methods was measured
// faster (BenchmarkHospitalPage in resolvers: 34–37 ms a page against
// 43–49 ms, on the same loaded machine): Cayley 0.7.7 evaluates a path
// from many fixed nodes with tags less efficiently than many small paths.
// They stay one query each so that a batch is one read of the store
// whatever its size, which is what the API's dataloaders promise; postgres,
// which turns a path into one SQL statement (shared/CAYLEY.md), should gain
// the most from that (not measured).

// OutMany returns, for each of froms, what Out(from, rel) returns; an
// entity with no such relation has no entry.
func (s *Store) OutMany(ctx context.Context, froms []EntityRef, rel RelationType) (map[EntityRef][]EntityRef, error) {
	return s.hopMany(ctx, froms, rel, true)
}

// InMany returns, for each of tos, what In(to, rel) returns; an entity
// with no such relation has no entry.
func (s *Store) InMany(ctx context.Context, tos []EntityRef, rel RelationType) (map[EntityRef][]EntityRef, error) {
	return s.hopMany(ctx, tos, rel, false)
}

func (s *Store) hopMany(ctx context.Context, refs []EntityRef, rel RelationType, out bool) (map[EntityRef][]EntityRef, error) {
	defer s.rlock()()
	pred, ok := relationPredicate(rel)
	if !ok {
		return nil, fmt.Errorf("%s of %d entities: unknown relation type", rel, len(refs))
	}
	result := make(map[EntityRef][]EntityRef)
	if len(refs) == 0 {
		return result, nil
	}
	p := path.StartPath(s.qs, entityIRIs(refs)...).Tag("from")
	if out {
		p = p.Out(pred)
	} else {
		p = p.In(pred)
	}
	err := s.tagPairs(ctx, p, func(from, to quad.Value) {
		f, ok1 := parseEntityIRI(from)
		t, ok2 := parseEntityIRI(to)
		if ok1 && ok2 {
			result[f] = append(result[f], t)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("%s of %d entities: %w", rel, len(refs), err)
	}
	for r, ts := range result {
		slices.SortFunc(ts, compareRefs)
		result[r] = slices.Compact(ts)
	}
	return result, nil
}

// EntitiesOf returns the entities refs name, with their aliases and
// attributes, as Entity does for each; a ref the store holds no entity for
// has no entry.
func (s *Store) EntitiesOf(ctx context.Context, refs []EntityRef) (map[EntityRef]Entity, error) {
	defer s.rlock()()
	out := make(map[EntityRef]Entity, len(refs))
	if len(refs) == 0 {
		return out, nil
	}
	nodes := entityIRIs(refs)
	// props[pred][entity] are the string values of pred.
	read := func(pred quad.IRI, fn func(EntityRef, quad.Value)) error {
		return s.tagPairs(ctx, path.StartPath(s.qs, nodes...).Tag("from").Out(pred), func(from, v quad.Value) {
			if r, ok := parseEntityIRI(from); ok {
				fn(r, v)
			}
		})
	}
	err := read(predType, func(r EntityRef, v quad.Value) {
		if v == quad.Value(classIRI(r.Kind)) {
			out[r] = Entity{EntityRef: r}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read %d entities: %w", len(refs), err)
	}
	attrs := []struct {
		pred quad.IRI
		set  func(e *Entity, v string)
	}{
		{predAlias, func(e *Entity, v string) {
			if v != e.Name {
				e.Aliases = append(e.Aliases, v)
			}
		}},
		{predCategory, func(e *Entity, v string) { e.Category = minNonEmpty(e.Category, v) }},
		{predLevel, func(e *Entity, v string) { e.Level = minNonEmpty(e.Level, v) }},
		{predCode, func(e *Entity, v string) { e.Code = minNonEmpty(e.Code, v) }},
	}
	for _, a := range attrs {
		var bad error
		err := read(a.pred, func(r EntityRef, v quad.Value) {
			e, ok := out[r]
			if !ok {
				return
			}
			str, err := asString(v)
			if err != nil {
				bad = err
				return
			}
			a.set(&e, str)
			out[r] = e
		})
		if err == nil {
			err = bad
		}
		if err != nil {
			return nil, fmt.Errorf("read %d entities: %w", len(refs), err)
		}
	}
	for r, e := range out {
		slices.Sort(e.Aliases)
		e.Aliases = slices.Compact(e.Aliases)
		// Only the attributes of its kind, as Entity reads them.
		if r.Kind != KindSymptom {
			e.Category = ""
		}
		if r.Kind != KindCity {
			e.Level = ""
		}
		if r.Kind != KindCity && r.Kind != KindProvince {
			e.Code = ""
		}
		out[r] = e
	}
	return out, nil
}

// minNonEmpty returns the smaller of two values, "" counting as none.
func minNonEmpty(a, b string) string {
	if a == "" || b < a {
		return b
	}
	return a
}

// tagPairs runs p, whose start is tagged "from", and calls fn with each
// (from, result) pair, once per path: the same result reached from two
// starts comes once for each.
func (s *Store) tagPairs(ctx context.Context, p *path.Path, fn func(from, to quad.Value)) error {
	err := p.Tag("to").Iterate(ctx).TagValues(s.qs, func(m map[string]quad.Value) {
		if m["from"] != nil && m["to"] != nil {
			fn(m["from"], m["to"])
		}
	})
	if err != nil {
		return err
	}
	return ctx.Err()
}

func entityIRIs(refs []EntityRef) []quad.Value {
	out := make([]quad.Value, len(refs))
	for i, r := range refs {
		out[i] = entityIRI(r)
	}
	return out
}

// EvidenceMany returns, for each link, what Evidence returns for it; a link
// without evidence has no entry. It reads with a fixed number of queries
// however many links there are (see EvidenceFrom).
func (s *Store) EvidenceMany(ctx context.Context, links []Link) (map[Link][]Evidence, error) {
	byType := make(map[RelationType][]EntityRef)
	want := make(map[Link]bool, len(links))
	for _, l := range links {
		if !want[l] {
			want[l] = true
			byType[l.Type] = append(byType[l.Type], l.From)
		}
	}
	out := make(map[Link][]Evidence)
	for t, froms := range byType {
		got, err := s.EvidenceFrom(ctx, froms, t)
		if err != nil {
			return nil, err
		}
		for l, evs := range got {
			if want[l] {
				out[l] = evs
			}
		}
	}
	return out, nil
}

// EvidenceFrom returns the evidence of every relation of type rel from any
// of froms, by link, each as Evidence orders it. It reads with one query
// from the subjects to their evidence nodes, then one per property of the
// nodes, of their items and of their documents, however many there are.
func (s *Store) EvidenceFrom(ctx context.Context, froms []EntityRef, rel RelationType) (map[Link][]Evidence, error) {
	defer s.rlock()()
	pred, ok := relationPredicate(rel)
	if !ok {
		return nil, fmt.Errorf("evidence of %s: unknown relation type", rel)
	}
	nodes := make(map[quad.Value]Link)
	if len(froms) > 0 {
		p := path.StartPath(s.qs, entityIRIs(froms)...).Tag("from").In(predSubject).
			Has(predPredicate, pred).Tag("ev").Out(predObject)
		err := p.Tag("to").Iterate(ctx).TagValues(s.qs, func(m map[string]quad.Value) {
			from, ok1 := parseEntityIRI(m["from"])
			to, ok2 := parseEntityIRI(m["to"])
			if ok1 && ok2 && m["ev"] != nil {
				nodes[m["ev"]] = Link{Type: rel, From: from, To: to}
			}
		})
		if err != nil {
			return nil, fmt.Errorf("evidence of %s from %d entities: %w", rel, len(froms), err)
		}
	}
	evs, err := s.evidenceNodes(ctx, keys(nodes))
	if err != nil {
		return nil, fmt.Errorf("evidence of %s from %d entities: %w", rel, len(froms), err)
	}
	out := make(map[Link][]Evidence)
	for node, l := range nodes {
		out[l] = append(out[l], evs[node])
	}
	for l, es := range out {
		sortEvidence(es)
		out[l] = es
	}
	return out, ctx.Err()
}

// MentionsMany returns, for each of refs, what Mentions returns for it; an
// entity never named has no entry. Like EvidenceMany, its number of queries
// does not depend on how many entities it is asked for.
func (s *Store) MentionsMany(ctx context.Context, refs []EntityRef) (map[EntityRef][]Evidence, error) {
	defer s.rlock()()
	nodes := make(map[quad.Value]EntityRef)
	if len(refs) > 0 {
		p := path.StartPath(s.qs, entityIRIs(refs)...).Tag("from").In(predSubject).Has(predPredicate, predType)
		err := s.tagPairs(ctx, p, func(from, ev quad.Value) {
			if r, ok := parseEntityIRI(from); ok {
				nodes[ev] = r
			}
		})
		if err != nil {
			return nil, fmt.Errorf("mentions of %d entities: %w", len(refs), err)
		}
	}
	evs, err := s.evidenceNodes(ctx, keys(nodes))
	if err != nil {
		return nil, fmt.Errorf("mentions of %d entities: %w", len(refs), err)
	}
	out := make(map[EntityRef][]Evidence)
	for node, r := range nodes {
		out[r] = append(out[r], evs[node])
	}
	for r, es := range out {
		sortEvidence(es)
		out[r] = es
	}
	return out, ctx.Err()
}

// keys returns the keys of a map.
func keys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// evidenceNodes reads evidence nodes with one query per property of theirs
// and of their items and documents.
func (s *Store) evidenceNodes(ctx context.Context, nodes []quad.Value) (map[quad.Value]Evidence, error) {
	out := make(map[quad.Value]Evidence, len(nodes))
	if len(nodes) == 0 {
		return out, nil
	}
	// prop reads one property of many nodes: node → its smallest value.
	prop := func(of []quad.Value, pred quad.IRI) (map[quad.Value]quad.Value, error) {
		got := make(map[quad.Value]quad.Value, len(of))
		err := s.tagPairs(ctx, path.StartPath(s.qs, of...).Tag("from").Out(pred), func(from, v quad.Value) {
			if old, ok := got[from]; !ok || v.String() < old.String() {
				got[from] = v
			}
		})
		return got, err
	}
	props := make(map[quad.IRI]map[quad.Value]quad.Value)
	for _, pred := range []quad.IRI{predDocument, predInItem, predStart, predEnd, predSnippet} {
		got, err := prop(nodes, pred)
		if err != nil {
			return nil, err
		}
		props[pred] = got
	}
	// Items and documents, each read once.
	seen := map[quad.Value]bool{}
	var items, docs []quad.Value
	for _, n := range nodes {
		if it := props[predInItem][n]; it != nil && !seen[it] {
			seen[it] = true
			items = append(items, it)
		}
		if d := props[predDocument][n]; d != nil && !seen[d] {
			seen[d] = true
			docs = append(docs, d)
		}
	}
	sub := make(map[quad.IRI]map[quad.Value]quad.Value)
	for _, q := range []struct {
		of   []quad.Value
		pred quad.IRI
		key  quad.IRI
	}{
		{items, predTitle, "item-title"}, {items, predDate, "item-date"},
		{docs, predFile, predFile}, {docs, predTitle, "doc-title"},
	} {
		if len(q.of) == 0 {
			sub[q.key] = map[quad.Value]quad.Value{}
			continue
		}
		got, err := prop(q.of, q.pred)
		if err != nil {
			return nil, err
		}
		sub[q.key] = got
	}
	str := func(v quad.Value) (string, error) {
		if v == nil {
			return "", nil
		}
		return asString(v)
	}
	num := func(v quad.Value) (int, error) {
		if v == nil {
			return 0, nil
		}
		return asInt(v)
	}
	for _, n := range nodes {
		var e Evidence
		var err error
		doc, item := props[predDocument][n], props[predInItem][n]
		set := []struct {
			dst *string
			v   quad.Value
		}{
			{&e.File, sub[predFile][doc]}, {&e.DocTitle, sub["doc-title"][doc]},
			{&e.ItemTitle, sub["item-title"][item]}, {&e.Date, sub["item-date"][item]},
			{&e.Snippet, props[predSnippet][n]},
		}
		for _, f := range set {
			if *f.dst, err = str(f.v); err != nil {
				return nil, err
			}
		}
		if e.Start, err = num(props[predStart][n]); err != nil {
			return nil, err
		}
		if e.End, err = num(props[predEnd][n]); err != nil {
			return nil, err
		}
		out[n] = e
	}
	return out, nil
}
