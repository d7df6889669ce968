package resolvers

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// Entity lists: filtered with the index, ordered, and paged. Every order
// turns each entity into a key whose byte order is the list's order, so
// that pageOf's binary search over cursors works for all of them; a cursor
// carries its order in its kind (Hospital~DOCUMENTS_DESC), and a list in
// another order refuses it. The default order, by name ascending, keeps the
// plain kind, so its cursors are the ones the API always gave.

// orderKey returns how an order sorts entities: the key of each, and the
// cursor kind of the list.
func orderKey(x *index.Index, kind kg.Kind, o *model.EntityOrder) (func(kg.Entity) string, kg.Kind) {
	field, dir := model.EntityOrderFieldName, model.OrderDirectionAsc
	if o != nil {
		field, dir = o.Field, o.Direction
	}
	cursorKind := kind
	if field != model.EntityOrderFieldName || dir != model.OrderDirectionAsc {
		cursorKind = kg.Kind(fmt.Sprintf("%s~%s_%s", kind, field, dir))
	}
	switch {
	case field == model.EntityOrderFieldDocuments:
		return func(e kg.Entity) string {
			n := x.DocumentCount(e.EntityRef)
			if dir == model.OrderDirectionDesc {
				n = 1e9 - n
			}
			return fmt.Sprintf("%010d\x00%s", n, e.Name)
		}, cursorKind
	case dir == model.OrderDirectionDesc:
		return func(e kg.Entity) string { return query.Invert(e.Name) }, cursorKind
	}
	return func(e kg.Entity) string { return e.Name }, cursorKind
}

// entityPage is a page of entities with the cursor of each, and, for a
// list a relation gives, the link that lists each (edges.go).
type entityPage struct {
	entities []kg.Entity
	cursors  []string
	links    []*kg.Link // nil for a list of every entity of a kind
	total    int
	info     *model.PageInfo
}

// pageEntities orders all as o says and picks the page a asks for.
func pageEntities(x *index.Index, kind kg.Kind, all []kg.Entity, o *model.EntityOrder, a pageArgs) (*entityPage, error) {
	key, cursorKind := orderKey(x, kind, o)
	keys := make([]string, len(all))
	order := make([]int, len(all))
	for i, e := range all {
		keys[i], order[i] = key(e), i
	}
	slices.SortFunc(order, func(i, j int) int { return cmp.Compare(keys[i], keys[j]) })
	sortedKeys := each(order, func(i int) string { return keys[i] })
	start, end, info, err := pageOf(cursorKind, sortedKeys, a)
	if err != nil {
		return nil, err
	}
	p := &entityPage{total: len(all), info: info}
	for _, i := range order[start:end] {
		p.entities = append(p.entities, all[i])
		p.cursors = append(p.cursors, encodeCursor(cursorKind, keys[i]))
	}
	return p, nil
}

// listEntities returns a page of the entities of kind that keep lets
// through (all if keep is nil), in the order o asks for.
func (r *Resolver) listEntities(ctx context.Context, kind kg.Kind, keep filter, o *model.EntityOrder, a pageArgs) (*entityPage, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", kind, err)
	}
	all := x.Entities(kind)
	if keep != nil {
		test := keep(x)
		all = slices.DeleteFunc(all, func(e kg.Entity) bool { return !test(e) })
	}
	return pageEntities(x, kind, all, o, a)
}

// pageRelated pages entities a relation gives (a city's hospitals).
func (r *Resolver) pageRelated(ctx context.Context, kind kg.Kind, es []kg.Entity, o *model.EntityOrder, a pageArgs) (*entityPage, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	return pageEntities(x, kind, es, o, a)
}

// filter makes the test of a list's filter over one index.
type filter func(x *index.Index) func(kg.Entity) bool

// hospitalFilter returns the test a HospitalFilter makes, or nil for none.
func hospitalFilter(f *model.HospitalFilter) filter {
	if f == nil || *f == (model.HospitalFilter{}) {
		return nil
	}
	return func(x *index.Index) func(kg.Entity) bool {
		where := query.Place{City: f.City, Province: f.Province}.Hospitals(x)
		var symptoms, departments query.Set
		if f.Symptom != nil {
			symptoms = query.Named(x, kg.KindSymptom, *f.Symptom)
		}
		if f.Department != nil {
			departments = query.Named(x, kg.KindDepartment, *f.Department)
		}
		return func(e kg.Entity) bool {
			if where != nil && !where[e.EntityRef] {
				return false
			}
			if symptoms != nil && !symptoms.Any(x.Out(e.EntityRef, kg.RecommendedFor)) {
				return false
			}
			if departments != nil && !departments.Any(x.Out(e.EntityRef, kg.HasDepartment)) {
				return false
			}
			if f.NameContains != nil {
				part := strings.ToLower(*f.NameContains)
				if !slices.ContainsFunc(append([]string{e.Name}, e.Aliases...), func(n string) bool {
					return strings.Contains(strings.ToLower(n), part)
				}) {
					return false
				}
			}
			return true
		}
	}
}

// symptomFilter returns the test a SymptomFilter makes, or nil for none.
func symptomFilter(f *model.SymptomFilter) filter {
	if f == nil || *f == (model.SymptomFilter{}) {
		return nil
	}
	return func(x *index.Index) func(kg.Entity) bool {
		hospitals := query.Place{City: f.City}.Hospitals(x)
		return func(e kg.Entity) bool {
			if f.Category != nil && newSymptom(e).Category != *f.Category {
				return false
			}
			if hospitals != nil && !hospitals.Any(x.In(e.EntityRef, kg.RecommendedFor)) {
				return false
			}
			return true
		}
	}
}

// cityFilter returns the test a CityFilter makes, or nil for none.
func cityFilter(f *model.CityFilter) filter {
	if f == nil || f.Province == nil {
		return nil
	}
	return func(x *index.Index) func(kg.Entity) bool {
		cities := query.Set{}
		for _, p := range query.Find(x, kg.KindProvince, *f.Province) {
			for _, c := range query.CitiesOf(x, p) {
				cities[c] = true
			}
		}
		return func(e kg.Entity) bool { return cities[e.EntityRef] }
	}
}

// hospitalsIn pages the hospitals related to an entity by rel (the
// hospitals of a city, of a department, recommended for a symptom).
func (r *Resolver) hospitalsIn(ctx context.Context, to kg.EntityRef, rel kg.RelationType, o *model.EntityOrder, a pageArgs) (*model.HospitalConnection, error) {
	p, err := r.relatedPage(ctx, to, rel, false, kg.KindHospital, o, a)
	if err != nil {
		return nil, err
	}
	return hospitalConnection(p), nil
}
