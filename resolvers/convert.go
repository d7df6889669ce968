package resolvers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// This file turns what the store returns into the schema's Go types, and
// follows relations for the *.resolvers.go files.

func ref(kind graph.Kind, name string) graph.EntityRef {
	return graph.EntityRef{Kind: kind, Name: name}
}

// optional returns nil for "", so that GraphQL says null.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// aliases never returns nil, so that the list is [] rather than an error.
func aliases(e graph.Entity) []string {
	if e.Aliases == nil {
		return []string{}
	}
	return e.Aliases
}

func newProvince(e graph.Entity) *model.Province {
	return &model.Province{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e), Code: optional(e.Code)}
}

func newCity(e graph.Entity) *model.City {
	return &model.City{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e), Code: optional(e.Code), Level: optional(e.Level)}
}

func newHospital(e graph.Entity) *model.Hospital {
	return &model.Hospital{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e)}
}

func newDepartment(e graph.Entity) *model.Department {
	return &model.Department{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e)}
}

func newSymptom(e graph.Entity) *model.Symptom {
	category := model.SymptomCategorySymptom
	if e.Category == graph.CategoryCondition {
		category = model.SymptomCategoryCondition
	}
	return &model.Symptom{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e), Category: category}
}

func newPolicy(e graph.Entity) *model.InsurancePolicy {
	return &model.InsurancePolicy{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e)}
}

func newDocument(d graph.Document) *model.Document {
	return &model.Document{ID: nodeID(kindDocument, d.File), File: d.File, Title: d.Title, Date: optional(d.Date)}
}

// newNode returns e as its GraphQL type, or nil for an unknown kind.
func newNode(e graph.Entity) model.Node {
	switch e.Kind {
	case graph.KindProvince:
		return newProvince(e)
	case graph.KindCity:
		return newCity(e)
	case graph.KindHospital:
		return newHospital(e)
	case graph.KindDepartment:
		return newDepartment(e)
	case graph.KindSymptom:
		return newSymptom(e)
	case graph.KindPolicy:
		return newPolicy(e)
	}
	return nil
}

// each applies f to every element of s.
func each[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	for i, x := range s {
		out[i] = f(x)
	}
	return out
}

// entities returns the entities refs name, in the same order. A ref the
// store has no entity for (which a consistent store never has) becomes an
// entity with only its name, so that one gap does not void a whole list.
func (r *Resolver) entities(ctx context.Context, refs []graph.EntityRef) ([]graph.Entity, error) {
	if l := loadersFrom(ctx); l != nil {
		es, err := l.entities.LoadAll(ctx, refs)
		if err != nil {
			return nil, fmt.Errorf("read %d entities: %w", len(refs), err)
		}
		return es, nil
	}
	es := make([]graph.Entity, 0, len(refs))
	for _, ref := range refs {
		e, err := r.store.Entity(ctx, ref)
		if errors.Is(err, graph.ErrNotFound) {
			e, err = graph.Entity{EntityRef: ref}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("entity %s: %w", entityID(ref), err)
		}
		es = append(es, e)
	}
	return es, nil
}

// hop returns the refs of the entities ref links to (out) or that link to
// it by rel, through the operation's loader if there is one.
func (r *Resolver) hop(ctx context.Context, ref graph.EntityRef, rel graph.RelationType, out bool) ([]graph.EntityRef, error) {
	if l := loadersFrom(ctx); l != nil {
		refs, err := l.hops.Load(ctx, hopKey{ref, rel, out})
		if err != nil {
			return nil, fmt.Errorf("%s of %s: %w", rel, entityID(ref), err)
		}
		return refs, nil
	}
	read := r.store.In
	if out {
		read = r.store.Out
	}
	refs, err := read(ctx, ref, rel)
	if err != nil {
		return nil, fmt.Errorf("%s of %s: %w", rel, entityID(ref), err)
	}
	return refs, nil
}

// out returns the entities from links to by rel, by name.
func (r *Resolver) out(ctx context.Context, from graph.EntityRef, rel graph.RelationType) ([]graph.Entity, error) {
	refs, err := r.hop(ctx, from, rel, true)
	if err != nil {
		return nil, err
	}
	return r.entities(ctx, refs)
}

// in returns the entities that link to to by rel, by name.
func (r *Resolver) in(ctx context.Context, to graph.EntityRef, rel graph.RelationType) ([]graph.Entity, error) {
	refs, err := r.hop(ctx, to, rel, false)
	if err != nil {
		return nil, err
	}
	return r.entities(ctx, refs)
}

// inVia returns the entities that link by rel to any entity that links to to
// by via (the hospitals in the cities of a province), unique and by name.
func (r *Resolver) inVia(ctx context.Context, to graph.EntityRef, via, rel graph.RelationType) ([]graph.Entity, error) {
	mids, err := r.hop(ctx, to, via, false)
	if err != nil {
		return nil, err
	}
	var refs []graph.EntityRef
	for _, mid := range mids {
		rs, err := r.hop(ctx, mid, rel, false)
		if err != nil {
			return nil, err
		}
		refs = append(refs, rs...)
	}
	slices.SortFunc(refs, compareRefs)
	return r.entities(ctx, slices.Compact(refs))
}

func compareRefs(a, b graph.EntityRef) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
}

// lookup returns the entity of kind whose canonical name or one of whose
// aliases is name, or nil if there is none.
func (r *Resolver) lookup(ctx context.Context, kind graph.Kind, name string) (*graph.Entity, error) {
	e, err := r.store.Entity(ctx, ref(kind, name))
	if err == nil {
		return &e, nil
	}
	if !errors.Is(err, graph.ErrNotFound) {
		return nil, fmt.Errorf("entity %s: %w", nodeID(kind, name), err)
	}
	all, err := r.store.Entities(ctx, kind)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", kind, err)
	}
	for _, e := range all {
		if slices.Contains(e.Aliases, name) {
			return &e, nil
		}
	}
	return nil, nil
}

// evidence turns the store's evidence into the schema's, reading each
// document once for its title and date. A document the store has lost keeps
// the title the evidence carries.
func (r *Resolver) evidence(ctx context.Context, evs []graph.Evidence) ([]*model.Evidence, error) {
	docs := make(map[string]*model.Document)
	out := make([]*model.Evidence, 0, len(evs))
	for _, ev := range evs {
		doc, ok := docs[ev.File]
		if !ok {
			d, err := r.store.Document(ctx, ev.File)
			switch {
			case errors.Is(err, graph.ErrNotFound):
				doc = newDocument(graph.Document{File: ev.File, Title: ev.DocTitle})
			case err != nil:
				return nil, fmt.Errorf("document %s: %w", ev.File, err)
			default:
				doc = newDocument(d)
			}
			docs[ev.File] = doc
		}
		out = append(out, &model.Evidence{
			Document:  doc,
			ItemTitle: optional(ev.ItemTitle),
			Date:      optional(ev.Date),
			Snippet:   ev.Snippet,
			Start:     ev.Start,
			End:       ev.End,
		})
	}
	return out, nil
}

// mentions returns where the documents name the entity.
func (r *Resolver) mentions(ctx context.Context, of graph.EntityRef) ([]*model.Evidence, error) {
	evs, err := r.store.Mentions(ctx, of)
	if err != nil {
		return nil, fmt.Errorf("mentions of %s: %w", entityID(of), err)
	}
	return r.evidence(ctx, evs)
}

// recommendations pairs hospitals and symptoms; the evidence is resolved
// only if asked for.
func recommendations(hospitals []*model.Hospital, symptoms []*model.Symptom) []*model.Recommendation {
	out := make([]*model.Recommendation, 0, len(hospitals)*len(symptoms))
	for _, h := range hospitals {
		for _, s := range symptoms {
			out = append(out, &model.Recommendation{Hospital: h, Symptom: s})
		}
	}
	return out
}
