package resolvers

import (
	"context"
	"fmt"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// The connections next to the capped lists (search, recommend, mentions,
// evidence, recommendations): the same entries in the same order, a page
// at a time, with a total count. Each pages keys whose byte order is the
// list's (keyset cursors, as on every connection).

// Cursor kinds of these connections; a cursor of one is refused by another.
const (
	kindEvidence kg.Kind = "Evidence"
	kindRanked   kg.Kind = "Ranked"
	kindHit      kg.Kind = "Hit"
)

// spanOrder is where ref is in the order of evidence: by file, then span
// (as the index keeps it), then item and method, so that keys are unique.
func spanOrder(x *index.Index, ref index.EvidenceRef) string {
	return fmt.Sprintf("%s\x00%010d%010d%010d%03d", x.Doc(ref.Doc).File, ref.Start, ref.End, ref.Item, ref.Method)
}

// evidencePage pages refs, which x gave, and reads the text of the page.
func (r *Resolver) evidencePage(ctx context.Context, x *index.Index, refs []index.EvidenceRef, a pageArgs) (*model.EvidenceConnection, error) {
	page, cursors, info, err := pageByKey(kindEvidence, refs, func(ref index.EvidenceRef) string { return spanOrder(x, ref) }, a)
	if err != nil {
		return nil, err
	}
	evs, err := loadersFrom(ctx).spans().LoadAll(ctx, each(page, func(ref index.EvidenceRef) spanKey { return spanKey{x, ref} }))
	if err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	// A span whose document was replaced or removed since x has Start -1.
	var kept []kg.Evidence
	var keptCursors []string
	for i, ev := range evs {
		if ev.Start >= 0 {
			kept, keptCursors = append(kept, ev), append(keptCursors, cursors[i])
		}
	}
	ms, err := r.evidence(ctx, kept)
	if err != nil {
		return nil, err
	}
	edges := make([]*model.EvidenceEdge, len(ms))
	for i, m := range ms {
		edges[i] = &model.EvidenceEdge{Cursor: keptCursors[i], Node: m}
	}
	return &model.EvidenceConnection{TotalCount: len(refs), Edges: edges, PageInfo: info}, nil
}

// linkEvidencePage pages the evidence of link; an empty page for none (an
// edge of a list of every entity).
func (r *Resolver) linkEvidencePage(ctx context.Context, link *kg.Link, a pageArgs) (*model.EvidenceConnection, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	var refs []index.EvidenceRef
	if link != nil {
		refs = x.EvidenceOf(*link)
	}
	return r.evidencePage(ctx, x, refs, a)
}

// mentionsPage pages the mentions of of.
func (r *Resolver) mentionsPage(ctx context.Context, of kg.EntityRef, a pageArgs) (*model.EvidenceConnection, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	return r.evidencePage(ctx, x, x.MentionsOf(of), a)
}

// recommendationsPage pages the recommendations of a hospital (out) or of
// a symptom whose other end f lets through, ordered by that end.
func recommendationsPage[F any](ctx context.Context, r *Resolver, of kg.EntityRef, out bool, tree filterTree[F, kg.Entity], f *F, o *model.EntityOrder, a pageArgs) (*model.RecommendationConnection, error) {
	kind := kg.KindHospital
	if out {
		kind = kg.KindSymptom
	}
	p, err := relatedPage(ctx, r, of, kg.RecommendedFor, out, kind, tree, f, o, a)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	edges := make([]*model.RecommendationEdge, len(p.entities))
	for i, l := range p.links {
		rec := &model.Recommendation{Hospital: newHospital(entityIn(x, l.From)), Symptom: newSymptom(entityIn(x, l.To))}
		edges[i] = &model.RecommendationEdge{Cursor: p.cursors[i], Node: rec}
	}
	return &model.RecommendationConnection{TotalCount: p.total, Edges: edges, PageInfo: p.info}, nil
}

// recommendPage pages the whole ranking recommend gives.
func (r *Resolver) recommendPage(ctx context.Context, symptom string, city, province *string, minConf *float64, a pageArgs) (*model.RankedHospitalConnection, error) {
	x, rs, err := r.ranking(ctx, symptom, city, province, minConf, -1)
	if err != nil {
		return nil, err
	}
	start, end, info, err := pageOf(kindRanked, each(rs, func(rk query.Ranked) string { return rk.Key }), a)
	if err != nil {
		return nil, err
	}
	edges := each(rs[start:end], func(rk query.Ranked) *model.RankedHospitalEdge {
		return &model.RankedHospitalEdge{Cursor: encodeCursor(kindRanked, rk.Key), Node: rankedHospital(x, rk)}
	})
	return &model.RankedHospitalConnection{TotalCount: len(rs), Edges: edges, PageInfo: info}, nil
}

// searchPage pages every hit of a search.
func (r *Resolver) searchPage(ctx context.Context, text string, kinds []model.EntityKind, a pageArgs) (*model.SearchHitConnection, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	hits := r.searcher.Search(x, text, each(kinds, kindOf), -1)
	start, end, info, err := pageOf(kindHit, each(hits, func(h query.Hit) string { return h.Key }), a)
	if err != nil {
		return nil, err
	}
	edges := each(hits[start:end], func(h query.Hit) *model.SearchHitEdge {
		return &model.SearchHitEdge{Cursor: encodeCursor(kindHit, h.Key), Node: searchHit(x, h)}
	})
	return &model.SearchHitConnection{TotalCount: len(hits), Edges: edges, PageInfo: info}, nil
}
