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
