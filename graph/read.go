package graph

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"
)

// How reads are planned. On Cayley's kv backends every size estimate is
// the same, so a path runs in the order it is written (shared/CAYLEY.md).
// Every read therefore starts at a fixed node (an entity, a class, a
// document) and gives every hop a predicate, which the kv stores answer
// from their subject+predicate or object+predicate+subject index. Nothing
// filters by a predicate or a label alone: that scans every quad. The same
// fact from several documents is several quads, hence Unique().
//
// Small nodes (documents, items, evidence) are read whole by one scan of
// the quads with that subject; entities, which can have many relation
// quads, are read one predicate at a time.

// errBadValue is returned when the store holds a value of the wrong type
// for its predicate.
var errBadValue = errors.New("graph: unexpected value in store")

// values runs p and returns its distinct values.
//
// Cayley's iteration stops silently when ctx is cancelled and reports no
// error, so values checks ctx itself afterwards.
func (s *Store) values(ctx context.Context, p *path.Path) ([]quad.Value, error) {
	var out []quad.Value
	err := p.Unique().Iterate(ctx).Paths(false).EachValue(s.qs, func(v quad.Value) {
		out = append(out, v)
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// strings returns the distinct string values of node's pred, sorted.
func (s *Store) strings(ctx context.Context, node quad.Value, pred quad.IRI) ([]string, error) {
	vs, err := s.values(ctx, path.StartPath(s.qs, node).Out(pred))
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		str, err := asString(v)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", node, pred, err)
		}
		out = append(out, str)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// first returns the smallest string value of node's pred, or "" if it has
// none.
func (s *Store) first(ctx context.Context, node quad.Value, pred quad.IRI) (string, error) {
	vs, err := s.strings(ctx, node, pred)
	if err != nil || len(vs) == 0 {
		return "", err
	}
	return vs[0], nil
}

// props reads every quad whose subject is node, by one prefix scan, and
// returns the distinct objects of each predicate, sorted. It is for nodes
// with few quads (documents, items, evidence).
func (s *Store) props(ctx context.Context, node quad.Value) (map[quad.IRI][]quad.Value, error) {
	ref := s.qs.ValueOf(node)
	if ref == nil {
		return nil, nil // not in the store
	}
	it := s.qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	out := make(map[quad.IRI][]quad.Value)
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		p, ok := q.Predicate.(quad.IRI)
		if !ok || q.Object == nil {
			// Cayley logs read errors and returns an empty quad.
			return nil, fmt.Errorf("read quads of %s: %w: %v", node, errBadValue, q)
		}
		if !slices.Contains(out[p], q.Object) {
			out[p] = append(out[p], q.Object)
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("read quads of %s: %w", node, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for p, vs := range out {
		slices.SortFunc(vs, func(a, b quad.Value) int { return cmp.Compare(a.String(), b.String()) })
		out[p] = vs
	}
	return out, nil
}

func asString(v quad.Value) (string, error) {
	switch v := v.(type) {
	case quad.String:
		return string(v), nil
	case quad.TypedString:
		return string(v.Value), nil
	case quad.LangString:
		return string(v.Value), nil
	}
	return "", fmt.Errorf("%w: %v is not a string", errBadValue, v)
}

func asInt(v quad.Value) (int, error) {
	switch v := v.(type) {
	case quad.Int:
		return int(v), nil
	case quad.TypedString:
		if n, ok := v.Native().(int64); ok {
			return int(n), nil
		}
	}
	return 0, fmt.Errorf("%w: %v is not an integer", errBadValue, v)
}

// propString returns the first string of pred in props, or "".
func propString(props map[quad.IRI][]quad.Value, pred quad.IRI) (string, error) {
	vs := props[pred]
	if len(vs) == 0 {
		return "", nil
	}
	return asString(vs[0])
}

// propInt returns the first integer of pred in props, or 0.
func propInt(props map[quad.IRI][]quad.Value, pred quad.IRI) (int, error) {
	vs := props[pred]
	if len(vs) == 0 {
		return 0, nil
	}
	return asInt(vs[0])
}

// Entities returns every entity of a kind, sorted by name.
func (s *Store) Entities(ctx context.Context, kind Kind) ([]Entity, error) {
	defer s.rlock()()
	vs, err := s.values(ctx, path.StartPath(s.qs, classIRI(kind)).In(predType))
	if err != nil {
		return nil, fmt.Errorf("list %s entities: %w", kind, err)
	}
	out := make([]Entity, 0, len(vs))
	for _, v := range vs {
		ref, ok := parseEntityIRI(v)
		if !ok || ref.Kind != kind {
			continue
		}
		e, err := s.entity(ctx, ref)
		if err != nil {
			return nil, fmt.Errorf("list %s entities: %w", kind, err)
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entity) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// Entity returns one entity with its aliases and attributes. It returns
// ErrNotFound if the store does not hold an entity of that kind and name.
func (s *Store) Entity(ctx context.Context, ref EntityRef) (Entity, error) {
	defer s.rlock()()
	if !knownKind(ref.Kind) {
		return Entity{}, fmt.Errorf("entity %s %q: %w", ref.Kind, ref.Name, ErrNotFound)
	}
	types, err := s.values(ctx, path.StartPath(s.qs, entityIRI(ref)).Out(predType))
	if err != nil {
		return Entity{}, fmt.Errorf("entity %s %q: %w", ref.Kind, ref.Name, err)
	}
	if !slices.Contains(types, quad.Value(classIRI(ref.Kind))) {
		return Entity{}, fmt.Errorf("entity %s %q: %w", ref.Kind, ref.Name, ErrNotFound)
	}
	e, err := s.entity(ctx, ref)
	if err != nil {
		return Entity{}, fmt.Errorf("entity %s %q: %w", ref.Kind, ref.Name, err)
	}
	return e, nil
}

// entity reads an entity's aliases and the attributes its kind has
// (Category for symptoms, Level for cities, Code for provinces and
// cities), one exact index lookup each.
func (s *Store) entity(ctx context.Context, ref EntityRef) (Entity, error) {
	iri := entityIRI(ref)
	e := Entity{EntityRef: ref}
	aliases, err := s.strings(ctx, iri, predAlias)
	if err != nil {
		return e, err
	}
	for _, a := range aliases {
		if a != ref.Name {
			e.Aliases = append(e.Aliases, a)
		}
	}
	attrs := []struct {
		kinds []Kind
		pred  quad.IRI
		dst   *string
	}{
		{[]Kind{KindSymptom}, predCategory, &e.Category},
		{[]Kind{KindCity}, predLevel, &e.Level},
		{[]Kind{KindProvince, KindCity}, predCode, &e.Code},
	}
	for _, a := range attrs {
		if !slices.Contains(a.kinds, ref.Kind) {
			continue
		}
		if *a.dst, err = s.first(ctx, iri, a.pred); err != nil {
			return e, err
		}
	}
	return e, nil
}

// Out returns the entities that from's relations of type rel point to,
// once each, sorted by kind and name. The target of PolicyAppliesIn may be
// a province or a city; each comes back with its own kind.
func (s *Store) Out(ctx context.Context, from EntityRef, rel RelationType) ([]EntityRef, error) {
	defer s.rlock()()
	p, ok := relationPredicate(rel)
	if !ok {
		return nil, fmt.Errorf("%s of %s %q: unknown relation type", rel, from.Kind, from.Name)
	}
	vs, err := s.values(ctx, path.StartPath(s.qs, entityIRI(from)).Out(p))
	if err != nil {
		return nil, fmt.Errorf("%s of %s %q: %w", rel, from.Kind, from.Name, err)
	}
	return entityRefs(vs), nil
}

// In returns the entities whose relations of type rel point to to, once
// each, sorted by kind and name.
func (s *Store) In(ctx context.Context, to EntityRef, rel RelationType) ([]EntityRef, error) {
	defer s.rlock()()
	p, ok := relationPredicate(rel)
	if !ok {
		return nil, fmt.Errorf("%s to %s %q: unknown relation type", rel, to.Kind, to.Name)
	}
	vs, err := s.values(ctx, path.StartPath(s.qs, entityIRI(to)).In(p))
	if err != nil {
		return nil, fmt.Errorf("%s to %s %q: %w", rel, to.Kind, to.Name, err)
	}
	return entityRefs(vs), nil
}

// entityRefs parses entity IRIs, skipping anything else, and sorts them.
func entityRefs(vs []quad.Value) []EntityRef {
	out := make([]EntityRef, 0, len(vs))
	for _, v := range vs {
		if r, ok := parseEntityIRI(v); ok {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, compareRefs)
	return slices.Compact(out)
}

func compareRefs(a, b EntityRef) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
}

// Evidence returns the text that supports the relation from —rel→ to, one
// item per document and place, sorted by file and position. It is empty if
// the store holds no such relation.
func (s *Store) Evidence(ctx context.Context, from EntityRef, rel RelationType, to EntityRef) ([]Evidence, error) {
	defer s.rlock()()
	pred, ok := relationPredicate(rel)
	if !ok {
		return nil, fmt.Errorf("evidence of %q %s %q: unknown relation type", from.Name, rel, to.Name)
	}
	p := path.StartPath(s.qs, entityIRI(from)).In(predSubject).
		Has(predPredicate, pred).
		Has(predObject, entityIRI(to))
	evs, err := s.evidence(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("evidence of %q %s %q: %w", from.Name, rel, to.Name, err)
	}
	return evs, nil
}

// Mentions returns where an entity is named, sorted by file and position.
// The Snippet is the text as it stands, which may be an alias.
func (s *Store) Mentions(ctx context.Context, ref EntityRef) ([]Evidence, error) {
	defer s.rlock()()
	p := path.StartPath(s.qs, entityIRI(ref)).In(predSubject).
		Has(predPredicate, predType).
		Has(predObject, classIRI(ref.Kind))
	evs, err := s.evidence(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("mentions of %s %q: %w", ref.Kind, ref.Name, err)
	}
	return evs, nil
}

// evidence reads the evidence nodes p yields.
func (s *Store) evidence(ctx context.Context, p *path.Path) ([]Evidence, error) {
	nodes, err := s.values(ctx, p)
	if err != nil {
		return nil, err
	}
	docs := make(map[quad.Value]Document) // without items
	out := make([]Evidence, 0, len(nodes))
	for _, node := range nodes {
		props, err := s.props(ctx, node)
		if err != nil {
			return nil, err
		}
		var e Evidence
		if vs := props[predDocument]; len(vs) > 0 {
			d, ok := docs[vs[0]]
			if !ok {
				dp, err := s.props(ctx, vs[0])
				if err != nil {
					return nil, err
				}
				if d, err = documentOf(dp); err != nil {
					return nil, err
				}
				docs[vs[0]] = d
			}
			e.File, e.DocTitle = d.File, d.Title
		}
		if vs := props[predInItem]; len(vs) > 0 {
			ip, err := s.props(ctx, vs[0])
			if err != nil {
				return nil, err
			}
			if e.ItemTitle, err = propString(ip, predTitle); err != nil {
				return nil, err
			}
			if e.Date, err = propString(ip, predDate); err != nil {
				return nil, err
			}
		}
		if e.Start, err = propInt(props, predStart); err != nil {
			return nil, err
		}
		if e.End, err = propInt(props, predEnd); err != nil {
			return nil, err
		}
		if e.Snippet, err = propString(props, predSnippet); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	sortEvidence(out)
	return out, nil
}

// Documents returns every document, sorted by file, with its items but
// without its text.
func (s *Store) Documents(ctx context.Context) ([]Document, error) {
	defer s.rlock()()
	vs, err := s.values(ctx, path.StartPath(s.qs, classDocument).In(predType))
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	out := make([]Document, 0, len(vs))
	for _, v := range vs {
		d, err := s.document(ctx, v)
		if errors.Is(err, ErrNotFound) {
			continue // deleted since the list was read (leveldb, postgres)
		}
		if err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Document) int { return cmp.Compare(a.File, b.File) })
	return out, nil
}

// Document returns one document with its items but without its text. It
// returns ErrNotFound if the store holds no document of that file name.
func (s *Store) Document(ctx context.Context, file string) (Document, error) {
	defer s.rlock()()
	d, err := s.document(ctx, documentIRI(file))
	if err != nil {
		return Document{}, fmt.Errorf("document %s: %w", file, err)
	}
	return d, nil
}

// document reads a document node and its items; ErrNotFound if node is
// not a document.
func (s *Store) document(ctx context.Context, node quad.Value) (Document, error) {
	props, err := s.props(ctx, node)
	if err != nil {
		return Document{}, err
	}
	if !slices.Contains(props[predType], quad.Value(classDocument)) {
		return Document{}, ErrNotFound
	}
	d, err := documentOf(props)
	if err != nil {
		return Document{}, err
	}
	for _, item := range props[predItem] {
		ip, err := s.props(ctx, item)
		if err != nil {
			return Document{}, err
		}
		var it Item
		if it.Index, err = propInt(ip, predIndex); err != nil {
			return Document{}, err
		}
		if it.Title, err = propString(ip, predTitle); err != nil {
			return Document{}, err
		}
		if it.Date, err = propString(ip, predDate); err != nil {
			return Document{}, err
		}
		d.Items = append(d.Items, it)
	}
	slices.SortFunc(d.Items, func(a, b Item) int { return cmp.Compare(a.Index, b.Index) })
	return d, nil
}

// documentOf fills a document's file, title and date from its properties.
func documentOf(props map[quad.IRI][]quad.Value) (Document, error) {
	var d Document
	var err error
	if d.File, err = propString(props, predFile); err != nil {
		return d, err
	}
	if d.Title, err = propString(props, predTitle); err != nil {
		return d, err
	}
	if d.Date, err = propString(props, predDate); err != nil {
		return d, err
	}
	return d, nil
}
