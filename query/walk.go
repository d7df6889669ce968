package query

import (
	"cmp"
	"context"
	"slices"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Neighbourhoods and paths walk the index's relations in both directions.

// Limits of the walks, which callers check their arguments against.
const (
	MaxNeighborhoodHops  = 3
	MaxNeighborhoodNodes = 1000 // nodes of a neighbourhood, its centre included
	MaxPathHops          = 6
	MaxPaths             = 20
)

// Subgraph is a set of entities and the relations between them.
type Subgraph struct {
	Nodes []kg.EntityRef
	Links []kg.Link
	// Truncated reports that the neighbourhood had more than
	// MaxNeighborhoodNodes nodes, and Nodes holds the nearest.
	Truncated bool
}

// Path is a chain of relations, Nodes[i] to Nodes[i+1] by Links[i] (in
// either direction).
type Path struct {
	Nodes []kg.EntityRef
	Links []kg.Link
}

// step is one relation from an entity to a neighbour.
type step struct {
	link kg.Link
	next kg.EntityRef
}

// steps returns every relation of ref, either way, sorted.
func steps(x *index.Index, ref kg.EntityRef) []step {
	var out []step
	for _, rel := range kg.RelationTypes {
		for _, to := range x.Out(ref, rel) {
			out = append(out, step{kg.Link{Type: rel, From: ref, To: to}, to})
		}
		for _, from := range x.In(ref, rel) {
			out = append(out, step{kg.Link{Type: rel, From: from, To: ref}, from})
		}
	}
	slices.SortFunc(out, func(a, b step) int {
		return cmp.Or(kg.CompareRefs(a.next, b.next), cmp.Compare(a.link.Type, b.link.Type), kg.CompareRefs(a.link.From, b.link.From))
	})
	return out
}

// Neighborhood returns the entities within hops relations of center
// (either way), only of kinds if any are given, and every relation between
// them. Nodes come nearest first (center first), then by kind in the order
// of kg.Kinds and by name; links by type in the order of
// kg.RelationTypes, then by their ends. It stops between hops when ctx
// ends.
func Neighborhood(ctx context.Context, x *index.Index, center kg.EntityRef, hops int, kinds []kg.Kind) (Subgraph, error) {
	want := make(map[kg.Kind]bool)
	for _, k := range kinds {
		want[k] = true
	}
	dist := map[kg.EntityRef]int{center: 0}
	order := []kg.EntityRef{center}
	truncated := false
	frontier := []kg.EntityRef{center}
	for d := 1; d <= hops && len(frontier) > 0; d++ {
		if err := ctx.Err(); err != nil {
			return Subgraph{}, err
		}
		var next []kg.EntityRef
		for _, n := range frontier {
			for _, s := range steps(x, n) {
				if _, seen := dist[s.next]; seen || len(want) > 0 && !want[s.next.Kind] {
					continue
				}
				if len(order) == MaxNeighborhoodNodes {
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
	slices.SortStableFunc(order[1:], func(a, b kg.EntityRef) int {
		return cmp.Or(cmp.Compare(dist[a], dist[b]), cmp.Compare(slices.Index(kg.Kinds, a.Kind), slices.Index(kg.Kinds, b.Kind)), cmp.Compare(a.Name, b.Name))
	})
	sg := Subgraph{Nodes: order, Links: []kg.Link{}, Truncated: truncated}
	for _, n := range order {
		for _, rel := range kg.RelationTypes {
			for _, to := range x.Out(n, rel) {
				if _, in := dist[to]; in {
					sg.Links = append(sg.Links, kg.Link{Type: rel, From: n, To: to})
				}
			}
		}
	}
	slices.SortFunc(sg.Links, func(a, b kg.Link) int {
		return cmp.Or(cmp.Compare(slices.Index(kg.RelationTypes, a.Type), slices.Index(kg.RelationTypes, b.Type)), kg.CompareRefs(a.From, b.From), kg.CompareRefs(a.To, b.To))
	})
	return sg, nil
}

// Paths returns the shortest paths from one entity to another, of at most
// maxHops relations (either way), at most MaxPaths of them, in the order
// of their steps (by neighbour kind and name); none if there is no such
// path, and the one path of length 0 if from is to. It stops between hops
// when ctx ends.
func Paths(ctx context.Context, x *index.Index, from, to kg.EntityRef, maxHops int) ([]Path, error) {
	if from == to {
		return []Path{{Nodes: []kg.EntityRef{from}, Links: []kg.Link{}}}, nil
	}
	// Breadth first from `from`, keeping every step that reaches a node at
	// its shortest distance, until `to` is reached.
	dist := map[kg.EntityRef]int{from: 0}
	preds := map[kg.EntityRef][]step{} // steps back towards from
	frontier := []kg.EntityRef{from}
	for d := 1; d <= maxHops && len(frontier) > 0; d++ {
		if _, done := dist[to]; done {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var next []kg.EntityRef
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
	out := []Path{}
	if _, ok := dist[to]; !ok {
		return out, nil
	}
	// Walk back from `to`, in the order steps sorted them.
	var walk func(n kg.EntityRef, links []kg.Link, nodes []kg.EntityRef)
	walk = func(n kg.EntityRef, links []kg.Link, nodes []kg.EntityRef) {
		if len(out) == MaxPaths {
			return
		}
		if n == from {
			p := Path{Nodes: make([]kg.EntityRef, 0, len(nodes)), Links: make([]kg.Link, 0, len(links))}
			for i := len(nodes) - 1; i >= 0; i-- {
				p.Nodes = append(p.Nodes, nodes[i])
			}
			for i := len(links) - 1; i >= 0; i-- {
				p.Links = append(p.Links, links[i])
			}
			out = append(out, p)
			return
		}
		for _, s := range preds[n] {
			walk(s.next, append(slices.Clip(links), s.link), append(slices.Clip(nodes), s.next))
		}
	}
	walk(to, nil, []kg.EntityRef{to})
	return out, nil
}
