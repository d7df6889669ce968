package resolvers

import (
	"context"
	"fmt"

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

// orderedKind is the cursor kind of a list of kind in an order: kind
// itself in the default order (def, ascending), which keeps the cursors the
// API always gave, else kind~FIELD_DIR.
func orderedKind[F ~string](kind kg.Kind, field, def F, dir model.OrderDirection) kg.Kind {
	if field == def && dir == model.OrderDirectionAsc {
		return kind
	}
	return kg.Kind(fmt.Sprintf("%s~%s_%s", kind, field, dir))
}

// orderKey returns how an order sorts entities: the key of each, and the
// cursor kind of the list.
func orderKey(x *index.Index, kind kg.Kind, o *model.EntityOrder) (func(kg.Entity) string, kg.Kind) {
	field, dir := model.EntityOrderFieldName, model.OrderDirectionAsc
	if o != nil {
		field, dir = o.Field, o.Direction
	}
	cursorKind := orderedKind(kind, field, model.EntityOrderFieldName, dir)
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
	es, cursors, info, err := pageByKey(cursorKind, all, key, a)
	if err != nil {
		return nil, err
	}
	return &entityPage{entities: es, cursors: cursors, total: len(all), info: info}, nil
}

// listEntities returns a page of the entities of kind that f lets
// through, in the order o asks for. Where the list is empty, or a name
// under an OR or a NOT might not have emptied it, the names f gives that
// the graph does not know are noted for "did you mean".
func listEntities[F any](ctx context.Context, r *Resolver, kind kg.Kind, tree filterTree[F, kg.Entity], f *F, o *model.EntityOrder, a pageArgs) (*entityPage, error) {
	b, err := tree.build(f)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", kind, err)
	}
	p, err := pageEntities(x, kind, keep(x, x.Entities(kind), b.test), o, a)
	if err != nil {
		return nil, err
	}
	if p.total == 0 || b.mayOutrun {
		r.noteUnknown(ctx, b.names...)
	}
	return p, nil
}

// pageFiltered pages what f lets through of entities a relation gives (a
// city's hospitals), noting f's unknown names as listEntities does.
func pageFiltered[F any](ctx context.Context, r *Resolver, kind kg.Kind, es []kg.Entity, tree filterTree[F, kg.Entity], f *F, o *model.EntityOrder, a pageArgs) (*entityPage, error) {
	b, err := tree.build(f)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	p, err := pageEntities(x, kind, keep(x, es, b.test), o, a)
	if err != nil {
		return nil, err
	}
	if f != nil && (p.total == 0 || b.mayOutrun) {
		r.noteUnknown(ctx, b.names...)
	}
	return p, nil
}

// hospitalsIn pages the hospitals related to an entity by rel (the
// hospitals of a city, of a department, recommended for a symptom).
func (r *Resolver) hospitalsIn(ctx context.Context, to kg.EntityRef, rel kg.RelationType, f *model.HospitalFilter, o *model.EntityOrder, a pageArgs) (*model.HospitalConnection, error) {
	p, err := relatedPage(ctx, r, to, rel, false, kg.KindHospital, hospitalFilters, f, o, a)
	if err != nil {
		return nil, err
	}
	return hospitalConnection(p), nil
}

// documents returns a page of the documents f lets through, in the order o
// asks for; as with entities, each order makes a key per document whose
// byte order is the list's, and a cursor carries its order in its kind.
func (r *Resolver) documents(ctx context.Context, f *model.DocumentFilter, o *model.DocumentOrder, a pageArgs) (*model.DocumentConnection, error) {
	b, err := documentFilters.build(f)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	docs := keep(x, x.Documents(), b.test)
	field, dir := model.DocumentOrderFieldFile, model.OrderDirectionAsc
	if o != nil {
		field, dir = o.Field, o.Direction
	}
	cursorKind := orderedKind(kindDocument, field, model.DocumentOrderFieldFile, dir)
	key := func(d kg.Document) string {
		k := d.File
		switch field {
		case model.DocumentOrderFieldTitle:
			k = d.Title + "\x00" + d.File
		case model.DocumentOrderFieldDate:
			k = d.Date + "\x00" + d.File // "" (no date) first
		}
		if dir == model.OrderDirectionDesc {
			k = query.Invert(k)
		}
		return k
	}
	page, cursors, info, err := pageByKey(cursorKind, docs, key, a)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 || b.mayOutrun {
		r.noteUnknown(ctx, b.names...)
	}
	edges := make([]*model.DocumentEdge, len(page))
	for i, d := range page {
		edges[i] = &model.DocumentEdge{Cursor: cursors[i], Node: newDocument(d)}
	}
	return &model.DocumentConnection{TotalCount: len(docs), Edges: edges, PageInfo: info}, nil
}
