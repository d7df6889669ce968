package resolvers

import (
	"context"

	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// Lists that a relation gives (a city's hospitals, a hospital's
// departments) are connections whose edges carry that relation, so that a
// client can read the evidence of each fact where it sees it (Relay puts
// a relationship's properties on its edges). A list of every entity of a
// kind has none.

// relatedPage pages the entities of kind that of is related to by rel (out:
// of → them; else them → of) that f lets through, each with the link that
// lists it.
func relatedPage[F any](ctx context.Context, r *Resolver, of kg.EntityRef, rel kg.RelationType, out bool, kind kg.Kind, tree filterTree[F, kg.Entity], f *F, o *model.EntityOrder, a pageArgs) (*entityPage, error) {
	es, err := r.related(ctx, of, rel, out)
	if err != nil {
		return nil, err
	}
	p, err := pageFiltered(ctx, r, kind, es, tree, f, o, a)
	if err != nil {
		return nil, err
	}
	p.links = each(p.entities, func(e kg.Entity) *kg.Link {
		if out {
			return &kg.Link{Type: rel, From: of, To: e.EntityRef}
		}
		return &kg.Link{Type: rel, From: e.EntityRef, To: of}
	})
	return p, nil
}

// edge returns the i-th edge's link and relation (both nil if the page
// lists no relation).
func (p *entityPage) edge(i int) (*kg.Link, *model.RelationType) {
	if p.links == nil || p.links[i] == nil {
		return nil, nil
	}
	rel := model.RelationType(p.links[i].Type)
	return p.links[i], &rel
}

// edgeEvidence is the evidence of an edge's link; none for no link.
func (r *Resolver) edgeEvidence(ctx context.Context, link *kg.Link, first *int) ([]*model.Evidence, error) {
	if link == nil {
		if _, err := evidenceLimit(first); err != nil {
			return nil, err
		}
		return []*model.Evidence{}, nil
	}
	return r.linkEvidence(ctx, *link, first)
}

// edgesOf makes a page's edges with edge, which gets each entity with its
// cursor, and its link and relation (nil in a list of every entity).
func edgesOf[E any](p *entityPage, edge func(e kg.Entity, cursor string, link *kg.Link, rel *model.RelationType) E) []E {
	out := make([]E, len(p.entities))
	for i, e := range p.entities {
		link, rel := p.edge(i)
		out[i] = edge(e, p.cursors[i], link, rel)
	}
	return out
}

func hospitalConnection(p *entityPage) *model.HospitalConnection {
	edges := edgesOf(p, func(e kg.Entity, c string, l *kg.Link, r *model.RelationType) *model.HospitalEdge {
		return &model.HospitalEdge{Cursor: c, Node: newHospital(e), Link: l, Relation: r}
	})
	return &model.HospitalConnection{TotalCount: p.total, Edges: edges, PageInfo: p.info}
}

func cityConnection(p *entityPage) *model.CityConnection {
	edges := edgesOf(p, func(e kg.Entity, c string, l *kg.Link, r *model.RelationType) *model.CityEdge {
		return &model.CityEdge{Cursor: c, Node: newCity(e), Link: l, Relation: r}
	})
	return &model.CityConnection{TotalCount: p.total, Edges: edges, PageInfo: p.info}
}

func departmentConnection(p *entityPage) *model.DepartmentConnection {
	edges := edgesOf(p, func(e kg.Entity, c string, l *kg.Link, r *model.RelationType) *model.DepartmentEdge {
		return &model.DepartmentEdge{Cursor: c, Node: newDepartment(e), Link: l, Relation: r}
	})
	return &model.DepartmentConnection{TotalCount: p.total, Edges: edges, PageInfo: p.info}
}

func symptomConnection(p *entityPage) *model.SymptomConnection {
	edges := edgesOf(p, func(e kg.Entity, c string, l *kg.Link, r *model.RelationType) *model.SymptomEdge {
		return &model.SymptomEdge{Cursor: c, Node: newSymptom(e), Link: l, Relation: r}
	})
	return &model.SymptomConnection{TotalCount: p.total, Edges: edges, PageInfo: p.info}
}

func policyConnection(p *entityPage) *model.InsurancePolicyConnection {
	edges := edgesOf(p, func(e kg.Entity, c string, l *kg.Link, r *model.RelationType) *model.InsurancePolicyEdge {
		return &model.InsurancePolicyEdge{Cursor: c, Node: newPolicy(e), Link: l, Relation: r}
	})
	return &model.InsurancePolicyConnection{TotalCount: p.total, Edges: edges, PageInfo: p.info}
}

// kindRegion is the cursor kind of a policy's regions.
const kindRegion kg.Kind = "Region"

// regionConnection pages the provinces and cities a policy applies in,
// provinces first (the wider scope), each by name.
func (r *Resolver) regionConnection(ctx context.Context, policy kg.EntityRef, f *model.RegionFilter, o *model.EntityOrder, a pageArgs) (*model.RegionConnection, error) {
	es, err := r.out(ctx, policy, kg.PolicyAppliesIn)
	if err != nil {
		return nil, err
	}
	bf, err := regionFilters.build(f)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	es = keep(x, es, bf.test)
	// By default provinces first, then cities, each by name; in another
	// order both kinds together, the kind breaking ties.
	key := func(e kg.Entity) string {
		if e.Kind == kg.KindProvince {
			return "0\x1f" + e.Name
		}
		return "1\x1f" + e.Name
	}
	cursorKind := kindRegion
	if o != nil {
		var byOrder func(kg.Entity) string
		byOrder, cursorKind = orderKey(x, kindRegion, o)
		key = func(e kg.Entity) string { return byOrder(e) + "\x1f" + string(e.Kind) }
	}
	page, cursors, info, err := pageByKey(cursorKind, es, key, a)
	if err != nil {
		return nil, err
	}
	if f != nil && (len(es) == 0 || bf.mayOutrun) {
		r.noteUnknown(ctx, bf.names...)
	}
	rel := model.RelationType(kg.PolicyAppliesIn)
	edges := make([]*model.RegionEdge, 0, len(page))
	for i, e := range page {
		node, ok := newNode(e).(model.Region)
		if !ok {
			continue // not a province or city: the store refuses such a link
		}
		edges = append(edges, &model.RegionEdge{Cursor: cursors[i], Node: node,
			Link: &kg.Link{Type: kg.PolicyAppliesIn, From: policy, To: e.EntityRef}, Relation: &rel})
	}
	return &model.RegionConnection{TotalCount: len(es), Edges: edges, PageInfo: info}, nil
}
