package resolvers

import (
	"context"
	"fmt"
	"slices"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/resolvers/internal/model"
	"github.com/medkg/medkg/resolvers/internal/scalar"
)

// This file turns what the store returns into the schema's Go types, and
// follows relations for the *.resolvers.go files.

func ref(kind kg.Kind, name string) kg.EntityRef {
	return kg.EntityRef{Kind: kind, Name: name}
}

// entityRef returns the ref of an entity of the schema.
func entityRef(e model.Entity) kg.EntityRef {
	switch e := e.(type) {
	case *model.Province:
		return ref(kg.KindProvince, e.Name)
	case *model.City:
		return ref(kg.KindCity, e.Name)
	case *model.Hospital:
		return ref(kg.KindHospital, e.Name)
	case *model.Department:
		return ref(kg.KindDepartment, e.Name)
	case *model.Symptom:
		return ref(kg.KindSymptom, e.Name)
	case *model.InsurancePolicy:
		return ref(kg.KindPolicy, e.Name)
	}
	return kg.EntityRef{}
}

// optional returns nil for "", so that GraphQL says null.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// aliases never returns nil, so that the list is [] rather than an error.
func aliases(e kg.Entity) []string {
	if e.Aliases == nil {
		return []string{}
	}
	return e.Aliases
}

func newProvince(e kg.Entity) *model.Province {
	return &model.Province{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e), Code: optional(gazetteer.Code6(e.Code))}
}

func newCity(e kg.Entity) *model.City {
	return &model.City{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e), Code: optional(gazetteer.Code6(e.Code)), Level: cityLevel(e.Level)}
}

// cityLevel maps a city's level to the schema's CityLevel; nil if unknown.
func cityLevel(level string) *model.CityLevel {
	var l model.CityLevel
	switch level {
	case kg.LevelPrefecture:
		l = model.CityLevelPrefecture
	case kg.LevelCounty:
		l = model.CityLevelCounty
	default:
		return nil
	}
	return &l
}

func newHospital(e kg.Entity) *model.Hospital {
	return &model.Hospital{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e)}
}

func newDepartment(e kg.Entity) *model.Department {
	return &model.Department{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e)}
}

func newSymptom(e kg.Entity) *model.Symptom {
	category := model.SymptomCategorySymptom
	if e.Category == kg.CategoryCondition {
		category = model.SymptomCategoryCondition
	}
	return &model.Symptom{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e), Category: category}
}

func newPolicy(e kg.Entity) *model.InsurancePolicy {
	return &model.InsurancePolicy{ID: entityID(e.EntityRef), Name: e.Name, Aliases: aliases(e)}
}

func newDocument(d kg.Document) *model.Document {
	return &model.Document{ID: nodeID(kindDocument, d.File), File: d.File, Title: d.Title, Date: scalar.DateOf(d.Date)}
}

// newNode returns e as its GraphQL type, or nil for an unknown kind.
func newNode(e kg.Entity) model.Node {
	switch e.Kind {
	case kg.KindProvince:
		return newProvince(e)
	case kg.KindCity:
		return newCity(e)
	case kg.KindHospital:
		return newHospital(e)
	case kg.KindDepartment:
		return newDepartment(e)
	case kg.KindSymptom:
		return newSymptom(e)
	case kg.KindPolicy:
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

// entities returns the entities refs name in x, in the same order. A ref
// x has no entity for (which a consistent store never has) becomes an
// entity with only its name, so that one gap does not void a whole list.
func entities(x *index.Index, refs []kg.EntityRef) []kg.Entity {
	return each(refs, func(r kg.EntityRef) kg.Entity { return entityIn(x, r) })
}

// related returns the entities ref links to (out) or that link to it by
// rel, sorted by kind and name. Like every structural read, it is a lookup
// in the index: nothing here reads the store.
func (r *Resolver) related(ctx context.Context, ref kg.EntityRef, rel kg.RelationType, out bool) ([]kg.Entity, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s of %s: %w", rel, entityID(ref), err)
	}
	refs := x.In(ref, rel)
	if out {
		refs = x.Out(ref, rel)
	}
	return entities(x, refs), nil
}

// out returns the entities from links to by rel, by name.
func (r *Resolver) out(ctx context.Context, from kg.EntityRef, rel kg.RelationType) ([]kg.Entity, error) {
	return r.related(ctx, from, rel, true)
}

// in returns the entities that link to to by rel, by name.
func (r *Resolver) in(ctx context.Context, to kg.EntityRef, rel kg.RelationType) ([]kg.Entity, error) {
	return r.related(ctx, to, rel, false)
}

// inVia returns the entities that link by rel to any entity that links to to
// by via (the hospitals in the cities of a province), unique and by name.
func (r *Resolver) inVia(ctx context.Context, to kg.EntityRef, via, rel kg.RelationType) ([]kg.Entity, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s to the %s of %s: %w", rel, via, entityID(to), err)
	}
	var all []kg.EntityRef
	for _, m := range x.In(to, via) {
		all = append(all, x.In(m, rel)...)
	}
	slices.SortFunc(all, kg.CompareRefs)
	return entities(x, slices.Compact(all)), nil
}

// refsOf returns the refs of entities.
func refsOf(es []kg.Entity) []kg.EntityRef {
	return each(es, func(e kg.Entity) kg.EntityRef { return e.EntityRef })
}

// lookup returns the entity of kind whose canonical name or one of whose
// aliases is name, or nil if there is none.
func (r *Resolver) lookup(ctx context.Context, kind kg.Kind, name string) (*kg.Entity, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	if e, ok := x.Entity(ref(kind, name)); ok {
		return &e, nil
	}
	for _, ref := range x.Lookup(kind, name) {
		if e, ok := x.Entity(ref); ok {
			return &e, nil
		}
	}
	r.noteUnknown(ctx, namedArg{arg: "name", kind: kind, value: &name, match: byName})
	return nil, nil
}

// evidence turns the store's evidence into the schema's, each document
// with its title and date from the index. A document the index has lost
// since keeps the title the evidence carries.
func (r *Resolver) evidence(ctx context.Context, evs []kg.Evidence) ([]*model.Evidence, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	docs := make(map[string]*model.Document)
	out := make([]*model.Evidence, 0, len(evs))
	for _, ev := range evs {
		doc, ok := docs[ev.File]
		if !ok {
			d, found := x.Document(ev.File)
			if !found {
				d = kg.Document{File: ev.File, Title: ev.DocTitle}
			}
			doc = newDocument(d)
			docs[ev.File] = doc
		}
		method := modelMethod(ev.Method)
		out = append(out, &model.Evidence{
			Document:   doc,
			ItemTitle:  optional(ev.ItemTitle),
			Date:       scalar.DateOf(ev.Date),
			Snippet:    ev.Snippet,
			Sentence:   ev.Sentence,
			Start:      ev.Start,
			End:        ev.End,
			Method:     method,
			Confidence: kg.Method(method).Confidence(),
		})
	}
	return out, nil
}

// linkEvidence returns the text that supports a link, the first so many
// if first is set, read in the operation's batches.
func (r *Resolver) linkEvidence(ctx context.Context, link kg.Link, first *int) ([]*model.Evidence, error) {
	n, err := evidenceLimit(first)
	if err != nil {
		return nil, err
	}
	evs, err := loadersFrom(ctx).evidence().Load(ctx, evidenceKey{link, n})
	if err != nil {
		return nil, fmt.Errorf("evidence %s %s %s: %w", entityID(link.From), link.Type, entityID(link.To), err)
	}
	return r.evidence(ctx, evs)
}

// mentions returns where the documents name the entity, the first so many
// if first is set.
func (r *Resolver) mentions(ctx context.Context, of kg.EntityRef, first *int) ([]*model.Evidence, error) {
	n, err := evidenceLimit(first)
	if err != nil {
		return nil, err
	}
	evs, err := loadersFrom(ctx).mentions().Load(ctx, mentionsKey{of, n})
	if err != nil {
		return nil, fmt.Errorf("mentions of %s: %w", entityID(of), err)
	}
	return r.evidence(ctx, evs)
}

// firstN returns the first n of xs, or all of them if n is 0.
func firstN[T any](xs []T, n int) []T {
	if n > 0 && n < len(xs) {
		return xs[:n]
	}
	return xs
}

// evidenceLimit checks the first argument of a list field (evidence,
// mentions, recommendedFor): 0 (all) if it is not set, else between 1 and
// MaxPageSize.
func evidenceLimit(first *int) (int, error) {
	if first == nil {
		return 0, nil
	}
	return intArg("first", first, 0, 1, MaxPageSize)
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
