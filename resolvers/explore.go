package resolvers

import (
	"cmp"
	"context"
	"fmt"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// Neighbourhoods and paths: the ids and ranges of the arguments are
// checked here, the walks are the query package's.

// entityByID resolves a global id to an entity of the index; the error
// wraps graph.ErrNotFound if there is none.
func entityByID(x *index.Index, id string) (kg.EntityRef, error) {
	kind, name, ok := parseID(id)
	if ok {
		if _, found := x.Entity(ref(kind, name)); found {
			return ref(kind, name), nil
		}
	}
	return kg.EntityRef{}, fmt.Errorf("entity %s: %w", id, graph.ErrNotFound)
}

func modelEntity(x *index.Index, r kg.EntityRef) model.Entity {
	e, _ := newNode(entityIn(x, r)).(model.Entity)
	return e
}

func newEdge(x *index.Index, l kg.Link) *model.Edge {
	return &model.Edge{
		Type: model.RelationType(l.Type),
		From: modelEntity(x, l.From),
		To:   modelEntity(x, l.To),
	}
}

// edgeWeight returns how well the documents support an edge.
func (r *Resolver) edgeWeight(ctx context.Context, e *model.Edge) (index.Support, error) {
	x, err := r.index(ctx)
	if err != nil {
		return index.Support{}, err
	}
	return x.Support(kg.Link{Type: kg.RelationType(e.Type), From: entityRef(e.From), To: entityRef(e.To)}), nil
}

// intArg returns an optional int argument, def if nil, checked to lie in
// [lo, hi].
func intArg(name string, v *int, def, lo, hi int) (int, error) {
	n := def
	if v != nil {
		n = *v
	}
	if n < lo || n > hi {
		return 0, &ArgumentError{Arg: name, Reason: fmt.Sprintf("%d is not between %d and %d", n, lo, hi)}
	}
	return n, nil
}

func (r *Resolver) neighborhood(ctx context.Context, id string, hopsArg *int, kinds []model.EntityKind) (*model.Subgraph, error) {
	hops, err := intArg("hops", hopsArg, 1, 1, query.MaxNeighborhoodHops)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	center, err := entityByID(x, id)
	if err != nil {
		r.noteUnknown(ctx, idArg("id", id))
		return nil, err
	}
	sg, err := query.Neighborhood(ctx, x, center, hops, each(kinds, kindOf))
	if err != nil {
		return nil, err // a deadline or a gone client
	}
	return &model.Subgraph{
		Truncated: sg.Truncated,
		Nodes:     each(sg.Nodes, func(n kg.EntityRef) model.Entity { return modelEntity(x, n) }),
		Edges:     each(sg.Links, func(l kg.Link) *model.Edge { return newEdge(x, l) }),
	}, nil
}

func (r *Resolver) paths(ctx context.Context, fromID, toID string, maxHopsArg *int) ([]*model.Path, error) {
	maxHops, err := intArg("maxHops", maxHopsArg, 4, 1, query.MaxPathHops)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	from, errFrom := entityByID(x, fromID)
	to, errTo := entityByID(x, toID)
	if err := cmp.Or(errFrom, errTo); err != nil {
		r.noteUnknown(ctx, idArg("from", fromID), idArg("to", toID))
		return nil, err
	}
	ps, err := query.Paths(ctx, x, from, to, maxHops)
	if err != nil {
		return nil, err
	}
	return each(ps, func(p query.Path) *model.Path {
		return &model.Path{
			Length: len(p.Links),
			Nodes:  each(p.Nodes, func(n kg.EntityRef) model.Entity { return modelEntity(x, n) }),
			Edges:  each(p.Links, func(l kg.Link) *model.Edge { return newEdge(x, l) }),
		}
	}), nil
}
