package resolvers

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// Neighbourhoods and paths walk the index's relations in both directions.

// Limits of the walks.
const (
	maxNeighborhoodHops  = 3
	maxNeighborhoodNodes = 1000
	maxPathHops          = 6
	maxPaths             = 20
)

// step is one relation from an entity to a neighbour.
type step struct {
	link graph.Link
	next graph.EntityRef
}

// steps returns every relation of ref, either way, sorted.
func steps(x *graph.Index, ref graph.EntityRef) []step {
	var out []step
	for _, rel := range graph.RelationTypes {
		for _, to := range x.Out(ref, rel) {
			out = append(out, step{graph.Link{Type: rel, From: ref, To: to}, to})
		}
		for _, from := range x.In(ref, rel) {
			out = append(out, step{graph.Link{Type: rel, From: from, To: ref}, from})
		}
	}
	slices.SortFunc(out, func(a, b step) int {
		return cmp.Or(compareRefs(a.next, b.next), cmp.Compare(a.link.Type, b.link.Type), compareRefs(a.link.From, b.link.From))
	})
	return out
}

// entityByID resolves a global id to an entity of the index; the error
// wraps graph.ErrNotFound if there is none.
func entityByID(x *graph.Index, id string) (graph.EntityRef, error) {
	kind, name, ok := parseID(id)
	if ok {
		if _, found := x.Entity(ref(kind, name)); found {
			return ref(kind, name), nil
		}
	}
	return graph.EntityRef{}, fmt.Errorf("entity %s: %w", id, graph.ErrNotFound)
}

func modelEntity(x *graph.Index, r graph.EntityRef) model.Entity {
	e, _ := newNode(entityIn(x, r)).(model.Entity)
	return e
}

func newEdge(x *graph.Index, l graph.Link) *model.Edge {
	return &model.Edge{
		Type: model.RelationType(l.Type),
		From: modelEntity(x, l.From),
		To:   modelEntity(x, l.To),
	}
}

// edgeWeight returns how well the documents support an edge.
func (r *Resolver) edgeWeight(ctx context.Context, e *model.Edge) (weight, error) {
	x, err := r.index(ctx)
	if err != nil {
		return weight{}, err
	}
	return weigh(x, graph.Link{Type: graph.RelationType(e.Type), From: entityRef(e.From), To: entityRef(e.To)}), nil
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
	hops, err := intArg("hops", hopsArg, 1, 1, maxNeighborhoodHops)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	center, err := entityByID(x, id)
	if err != nil {
		return nil, err
	}
	want := make(map[graph.Kind]bool)
	for _, k := range kinds {
		want[kindOf(k)] = true
	}
	dist := map[graph.EntityRef]int{center: 0}
	order := []graph.EntityRef{center}
	truncated := false
	frontier := []graph.EntityRef{center}
	for d := 1; d <= hops && len(frontier) > 0; d++ {
		if err := ctx.Err(); err != nil {
			return nil, err // a deadline or a gone client: stop between hops
		}
		var next []graph.EntityRef
		for _, n := range frontier {
			for _, s := range steps(x, n) {
				if _, seen := dist[s.next]; seen || len(want) > 0 && !want[s.next.Kind] {
					continue
				}
				if len(order) == maxNeighborhoodNodes {
					truncated = true
					continue
				}
				dist[s.next] = d
				order = append(order, s.next)
				next = append(next, s.next)
			}
		}
		frontier = next
	}
	slices.SortStableFunc(order[1:], func(a, b graph.EntityRef) int {
		return cmp.Or(cmp.Compare(dist[a], dist[b]), cmp.Compare(slices.Index(graph.Kinds, a.Kind), slices.Index(graph.Kinds, b.Kind)), cmp.Compare(a.Name, b.Name))
	})
	sg := &model.Subgraph{Truncated: truncated, Nodes: make([]model.Entity, 0, len(order)), Edges: []*model.Edge{}}
	var links []graph.Link
	for _, n := range order {
		sg.Nodes = append(sg.Nodes, modelEntity(x, n))
		for _, rel := range graph.RelationTypes {
			for _, to := range x.Out(n, rel) {
				if _, in := dist[to]; in {
					links = append(links, graph.Link{Type: rel, From: n, To: to})
				}
			}
		}
	}
	slices.SortFunc(links, func(a, b graph.Link) int {
		return cmp.Or(cmp.Compare(slices.Index(graph.RelationTypes, a.Type), slices.Index(graph.RelationTypes, b.Type)), compareRefs(a.From, b.From), compareRefs(a.To, b.To))
	})
	for _, l := range links {
		sg.Edges = append(sg.Edges, newEdge(x, l))
	}
	return sg, nil
}

func (r *Resolver) paths(ctx context.Context, fromID, toID string, maxHopsArg *int) ([]*model.Path, error) {
	maxHops, err := intArg("maxHops", maxHopsArg, 4, 1, maxPathHops)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	from, err := entityByID(x, fromID)
	if err != nil {
		return nil, err
	}
	to, err := entityByID(x, toID)
	if err != nil {
		return nil, err
	}
	if from == to {
		return []*model.Path{{Length: 0, Nodes: []model.Entity{modelEntity(x, from)}, Edges: []*model.Edge{}}}, nil
	}
	// Breadth first from `from`, keeping every step that reaches a node at
	// its shortest distance, until `to` is reached.
	dist := map[graph.EntityRef]int{from: 0}
	preds := map[graph.EntityRef][]step{} // steps back towards from
	frontier := []graph.EntityRef{from}
	for d := 1; d <= maxHops && len(frontier) > 0; d++ {
		if _, done := dist[to]; done {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var next []graph.EntityRef
		for _, n := range frontier {
			for _, s := range steps(x, n) {
				dn, seen := dist[s.next]
				if seen && dn < d {
					continue
				}
				if !seen {
					dist[s.next] = d
					next = append(next, s.next)
				}
				preds[s.next] = append(preds[s.next], step{s.link, n})
			}
		}
		frontier = next
	}
	if _, ok := dist[to]; !ok {
		return []*model.Path{}, nil
	}
	// Walk back from `to`, in the order steps sorted them.
	var out []*model.Path
	var walk func(n graph.EntityRef, links []graph.Link, nodes []graph.EntityRef)
	walk = func(n graph.EntityRef, links []graph.Link, nodes []graph.EntityRef) {
		if len(out) == maxPaths {
			return
		}
		if n == from {
			p := &model.Path{Length: len(links)}
			for i := len(nodes) - 1; i >= 0; i-- {
				p.Nodes = append(p.Nodes, modelEntity(x, nodes[i]))
			}
			for i := len(links) - 1; i >= 0; i-- {
				p.Edges = append(p.Edges, newEdge(x, links[i]))
			}
			out = append(out, p)
			return
		}
		for _, s := range preds[n] {
			walk(s.next, append(slices.Clip(links), s.link), append(slices.Clip(nodes), s.next))
		}
	}
	walk(to, nil, []graph.EntityRef{to})
	return out, nil
}
