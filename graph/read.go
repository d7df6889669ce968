package graph

import (
	"context"
	"fmt"
	"sort"

	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"
)

// Reads start every path at a fixed node and give every hop a predicate:
// on Cayley's kv backends the optimizer cannot reorder a path, so the
// written order is the executed order (shared/CAYLEY.md). The same fact
// asserted by several documents is several quads, hence Unique().

// values runs a path and returns its distinct values.
func (s *Store) values(ctx context.Context, p *path.Path) ([]quad.Value, error) {
	var out []quad.Value
	err := p.Unique().Iterate(ctx).EachValue(s.qs, func(v quad.Value) { out = append(out, v) })
	return out, err
}

// strings returns the string values of pred on node, sorted.
func (s *Store) strings(ctx context.Context, node quad.Value, pred quad.IRI) ([]string, error) {
	vs, err := s.values(ctx, path.StartPath(s.qs, node).Out(pred))
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, fmt.Sprint(quad.NativeOf(v)))
	}
	sort.Strings(out)
	return out, nil
}

func (s *Store) first(ctx context.Context, node quad.Value, pred quad.IRI) (string, error) {
	vs, err := s.strings(ctx, node, pred)
	if err != nil || len(vs) == 0 {
		return "", err
	}
	return vs[0], nil
}

func (s *Store) int(ctx context.Context, node quad.Value, pred quad.IRI) (int, error) {
	vs, err := s.values(ctx, path.StartPath(s.qs, node).Out(pred))
	if err != nil || len(vs) == 0 {
		return 0, err
	}
	switch v := quad.NativeOf(vs[0]).(type) {
	case int64:
		return int(v), nil
	case int:
		return v, nil
	}
	return 0, fmt.Errorf("graph: %v %v is not an integer", node, pred)
}

// Entities returns every entity of a kind, sorted by name.
func (s *Store) Entities(ctx context.Context, kind Kind) ([]Entity, error) {
	defer s.rlock()()
	vs, err := s.values(ctx, path.StartPath(s.qs, classOf(kind)).In(predType))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", kind, err)
	}
	out := make([]Entity, 0, len(vs))
	for _, v := range vs {
		ref, ok := ParseEntityIRI(v)
		if !ok || ref.Kind != kind {
			continue
		}
		e, err := s.entity(ctx, ref)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", kind, err)
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Entity returns one entity. It returns ErrNotFound if the store does not
// hold it.
func (s *Store) Entity(ctx context.Context, ref EntityRef) (Entity, error) {
	defer s.rlock()()
	kinds, err := s.values(ctx, path.StartPath(s.qs, EntityIRI(ref)).Out(predType))
	if err != nil {
		return Entity{}, fmt.Errorf("entity %s/%s: %w", ref.Kind, ref.Name, err)
	}
	found := false
	for _, k := range kinds {
		found = found || k == classOf(ref.Kind)
	}
	if !found {
		return Entity{}, fmt.Errorf("entity %s/%s: %w", ref.Kind, ref.Name, ErrNotFound)
	}
	return s.entity(ctx, ref)
}

func (s *Store) entity(ctx context.Context, ref EntityRef) (Entity, error) {
	iri := EntityIRI(ref)
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
	if e.Category, err = s.first(ctx, iri, predCategory); err != nil {
		return e, err
	}
	if e.Level, err = s.first(ctx, iri, predLevel); err != nil {
		return e, err
	}
	if e.Code, err = s.first(ctx, iri, predCode); err != nil {
		return e, err
	}
	return e, nil
}

// Out returns the entities that from's relations of type rel point to,
// sorted by kind and name.
func (s *Store) Out(ctx context.Context, from EntityRef, rel RelationType) ([]EntityRef, error) {
	defer s.rlock()()
	vs, err := s.values(ctx, path.StartPath(s.qs, EntityIRI(from)).Out(Predicate(rel)))
	if err != nil {
		return nil, fmt.Errorf("%s of %s: %w", rel, from.Name, err)
	}
	return refs(vs), nil
}

// In returns the entities whose relations of type rel point to to, sorted
// by kind and name.
func (s *Store) In(ctx context.Context, to EntityRef, rel RelationType) ([]EntityRef, error) {
	defer s.rlock()()
	vs, err := s.values(ctx, path.StartPath(s.qs, EntityIRI(to)).In(Predicate(rel)))
	if err != nil {
		return nil, fmt.Errorf("%s to %s: %w", rel, to.Name, err)
	}
	return refs(vs), nil
}

func refs(vs []quad.Value) []EntityRef {
	out := make([]EntityRef, 0, len(vs))
	for _, v := range vs {
		if r, ok := ParseEntityIRI(v); ok {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Evidence returns the text that supports the relation from —rel→ to,
// sorted by document and position.
func (s *Store) Evidence(ctx context.Context, from EntityRef, rel RelationType, to EntityRef) ([]Evidence, error) {
	defer s.rlock()()
	p := path.StartPath(s.qs, EntityIRI(from)).In(predSubject).
		Has(predPredicate, Predicate(rel)).Has(predObject, EntityIRI(to))
	evs, err := s.evidence(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("evidence of %s %s %s: %w", from.Name, rel, to.Name, err)
	}
	return evs, nil
}

// Mentions returns where an entity is named, sorted by document and
// position.
func (s *Store) Mentions(ctx context.Context, ref EntityRef) ([]Evidence, error) {
	defer s.rlock()()
	p := path.StartPath(s.qs, EntityIRI(ref)).In(predSubject).
		Has(predPredicate, predType).Has(predObject, classOf(ref.Kind))
	evs, err := s.evidence(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("mentions of %s: %w", ref.Name, err)
	}
	return evs, nil
}

func (s *Store) evidence(ctx context.Context, p *path.Path) ([]Evidence, error) {
	nodes, err := s.values(ctx, p)
	if err != nil {
		return nil, err
	}
	docs := map[quad.Value]Document{}
	var out []Evidence
	for _, ev := range nodes {
		var e Evidence
		docIRI, err := s.values(ctx, path.StartPath(s.qs, ev).Out(predDocument))
		if err != nil {
			return nil, err
		}
		if len(docIRI) > 0 {
			d, ok := docs[docIRI[0]]
			if !ok {
				if d, err = s.document(ctx, docIRI[0]); err != nil {
					return nil, err
				}
				docs[docIRI[0]] = d
			}
			e.File, e.DocTitle = d.File, d.Title
		}
		items, err := s.values(ctx, path.StartPath(s.qs, ev).Out(predInItem))
		if err != nil {
			return nil, err
		}
		if len(items) > 0 {
			if e.ItemTitle, err = s.first(ctx, items[0], predTitle); err != nil {
				return nil, err
			}
			if e.Date, err = s.first(ctx, items[0], predDate); err != nil {
				return nil, err
			}
		}
		if e.Start, err = s.int(ctx, ev, predStart); err != nil {
			return nil, err
		}
		if e.End, err = s.int(ctx, ev, predEnd); err != nil {
			return nil, err
		}
		if e.Snippet, err = s.first(ctx, ev, predSnippet); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End < out[j].End
	})
	return out, nil
}

// Documents returns every document (without its text), sorted by file.
func (s *Store) Documents(ctx context.Context) ([]Document, error) {
	defer s.rlock()()
	vs, err := s.values(ctx, path.StartPath(s.qs, classDocument).In(predType))
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	out := make([]Document, 0, len(vs))
	for _, v := range vs {
		d, err := s.document(ctx, v)
		if err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, nil
}

// Document returns one document (without its text). It returns
// ErrNotFound if the store does not hold it.
func (s *Store) Document(ctx context.Context, file string) (Document, error) {
	defer s.rlock()()
	iri := DocumentIRI(file)
	types, err := s.values(ctx, path.StartPath(s.qs, iri).Out(predType))
	if err != nil {
		return Document{}, fmt.Errorf("document %s: %w", file, err)
	}
	if len(types) == 0 {
		return Document{}, fmt.Errorf("document %s: %w", file, ErrNotFound)
	}
	return s.document(ctx, iri)
}

func (s *Store) document(ctx context.Context, iri quad.Value) (Document, error) {
	var d Document
	var err error
	if d.File, err = s.first(ctx, iri, predFile); err != nil {
		return d, err
	}
	if d.Title, err = s.first(ctx, iri, predTitle); err != nil {
		return d, err
	}
	if d.Date, err = s.first(ctx, iri, predDate); err != nil {
		return d, err
	}
	items, err := s.values(ctx, path.StartPath(s.qs, iri).Out(predItem))
	if err != nil {
		return d, err
	}
	for _, it := range items {
		var item Item
		if item.Index, err = s.int(ctx, it, predIndex); err != nil {
			return d, err
		}
		if item.Title, err = s.first(ctx, it, predTitle); err != nil {
			return d, err
		}
		if item.Date, err = s.first(ctx, it, predDate); err != nil {
			return d, err
		}
		d.Items = append(d.Items, item)
	}
	sort.Slice(d.Items, func(i, j int) bool { return d.Items[i].Index < d.Items[j].Index })
	return d, nil
}

// allQuads calls fn for every quad in the store.
func (s *Store) allQuads(ctx context.Context, fn func(quad.Quad) error) error {
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		if err := fn(s.qs.Quad(it.Result())); err != nil {
			return err
		}
	}
	return it.Err()
}

