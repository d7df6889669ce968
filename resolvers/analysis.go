package resolvers

import (
	"context"
	"fmt"
	"slices"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
	"github.com/medkg/medkg/resolvers/internal/model"
	"github.com/medkg/medkg/resolvers/internal/scalar"
)

// The analyst fields translate their arguments to the query package, which
// answers over the store's in-memory Index, and its answers back to the
// schema's types.

// index returns the store's index.
func (r *Resolver) index(ctx context.Context) (*index.Index, error) {
	x, err := r.store.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	return x, nil
}

// kindOf and modelKind map between the schema's EntityKind and kg.Kind.
func kindOf(k model.EntityKind) kg.Kind {
	if i := slices.Index(model.AllEntityKind, k); i >= 0 {
		return kg.Kinds[i]
	}
	return ""
}

func modelKind(k kg.Kind) model.EntityKind {
	if i := slices.Index(kg.Kinds, k); i >= 0 {
		return model.AllEntityKind[i]
	}
	return ""
}

// modelMethod maps a kg.Method to the schema's RelationMethod, whose
// values are the same names; "" (a mention's evidence) is UNKNOWN.
func modelMethod(m kg.Method) model.RelationMethod {
	if m == "" {
		m = kg.MethodUnknown
	}
	return model.RelationMethod(m)
}

// modelMethods maps methods, never to nil: the schema's list is non-null.
func modelMethods(ms []kg.Method) []model.RelationMethod {
	out := make([]model.RelationMethod, len(ms))
	for i, m := range ms {
		out[i] = modelMethod(m)
	}
	return out
}

// minConfidence returns the minConfidence argument: 0 if nil; an
// *ArgumentError if it is not between 0 and 1.
func minConfidence(v *float64) (float64, error) {
	if v == nil {
		return 0, nil
	}
	if !(*v >= 0 && *v <= 1) {
		return 0, &ArgumentError{Arg: "minConfidence", Reason: fmt.Sprintf("%v is not between 0 and 1", *v)}
	}
	return *v, nil
}

// recommendationWeight returns how well the documents support a
// recommendation.
func (r *Resolver) recommendationWeight(ctx context.Context, rec *model.Recommendation) (index.Support, error) {
	x, err := r.index(ctx)
	if err != nil {
		return index.Support{}, err
	}
	h, s := ref(kg.KindHospital, rec.Hospital.Name), ref(kg.KindSymptom, rec.Symptom.Name)
	return x.Support(kg.Link{Type: kg.RecommendedFor, From: h, To: s}), nil
}

// entityIn returns the entity ref names in x, or one with its name only.
func entityIn(x *index.Index, ref kg.EntityRef) kg.Entity {
	e, _ := x.Entity(ref)
	return e
}

// limit returns the number of results first asks for: def if nil; an
// *ArgumentError if negative or over MaxPageSize.
func limit(first *int, def int) (int, error) {
	n := def
	if first != nil {
		n = *first
	}
	if n < 0 {
		return 0, &ArgumentError{Arg: "first", Reason: fmt.Sprintf("%d is negative", n)}
	}
	if n > MaxPageSize {
		return 0, &ArgumentError{Arg: "first", Reason: fmt.Sprintf("%d is over the maximum %d", n, MaxPageSize)}
	}
	return n, nil
}

// recommend ranks the hospitals recommended for the symptom named symptom,
// those whose confidence is at least minConf.
func (r *Resolver) recommend(ctx context.Context, symptom string, city, province *string, first *int, minConf *float64) ([]*model.RankedHospital, error) {
	n, err := limit(first, 10)
	if err != nil {
		return nil, err
	}
	x, rs, err := r.ranking(ctx, symptom, city, province, minConf, n)
	if err != nil {
		return nil, err
	}
	return each(rs, func(rk query.Ranked) *model.RankedHospital { return rankedHospital(x, rk) }), nil
}

// ranking is the first n (all if n < 0) of the ranking recommend and
// recommendConnection give, with the index it is of. An unknown name
// gives none; only then are the names looked for.
func (r *Resolver) ranking(ctx context.Context, symptom string, city, province *string, minConf *float64, n int) (*index.Index, []query.Ranked, error) {
	least, err := minConfidence(minConf)
	if err != nil {
		return nil, nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, nil, err
	}
	rs := query.Recommend(x, symptom, query.Place{City: city, Province: province}, least, n)
	if len(rs) == 0 {
		r.noteUnknown(ctx, namedArg{arg: "symptom", kind: kg.KindSymptom, value: &symptom}, namedArg{arg: "city", kind: kg.KindCity, value: city}, namedArg{arg: "province", kind: kg.KindProvince, value: province})
	}
	return x, rs, nil
}

func rankedHospital(x *index.Index, rk query.Ranked) *model.RankedHospital {
	return &model.RankedHospital{
		Rank:       rk.Rank,
		Hospital:   newHospital(entityIn(x, rk.Link.From)),
		Symptom:    newSymptom(entityIn(x, rk.Link.To)),
		Documents:  rk.Support.Documents,
		Items:      rk.Support.Items,
		Passages:   rk.Passages,
		FirstDate:  scalar.DateOf(rk.Support.FirstDate),
		LastDate:   scalar.DateOf(rk.Support.LastDate),
		Confidence: rk.Support.Confidence,
		Methods:    modelMethods(rk.Support.Methods),
	}
}

// kindLink is the cursor kind of the link table.
const kindLink kg.Kind = "Link"

// linkOrder translates the schema's LinkOrder, and returns the cursor
// kind of the table in that order: kindLink in the default order, which
// keeps the cursors the API always gave, else one naming the order.
func linkOrder(o *model.LinkOrder) (query.LinkOrder, kg.Kind) {
	field, dir := model.LinkOrderFieldHospital, model.OrderDirectionAsc
	if o != nil {
		field, dir = o.Field, o.Direction
	}
	cursorKind := orderedKind(kindLink, field, model.LinkOrderFieldHospital, dir)
	qo := query.LinkOrder{Field: query.ByHospital, Desc: dir == model.OrderDirectionDesc}
	switch field {
	case model.LinkOrderFieldDocuments:
		qo.Field = query.ByDocuments
	case model.LinkOrderFieldItems:
		qo.Field = query.ByItems
	case model.LinkOrderFieldLastDate:
		qo.Field = query.ByLastDate
	}
	return qo, cursorKind
}

// links returns a page of the link table.
func (r *Resolver) links(ctx context.Context, f *model.LinkFilter, o *model.LinkOrder, a pageArgs) (*model.LinkConnection, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	b, err := linkFilters.build(f)
	if err != nil {
		return nil, err
	}
	var holds func(*query.Candidate) bool
	if b.test != nil {
		holds = b.test(x)
	}
	qo, cursorKind := linkOrder(o)
	rows := query.Links(x, holds, qo)
	if len(rows) == 0 || b.mayOutrun {
		r.noteUnknown(ctx, b.names...)
	}
	keys := each(rows, func(row query.LinkRow) string { return row.Key })
	start, end, info, err := pageOf(cursorKind, keys, a)
	if err != nil {
		return nil, err
	}
	edges := make([]*model.LinkEdge, 0, end-start)
	for _, row := range rows[start:end] {
		w := row.Support
		edges = append(edges, &model.LinkEdge{
			Cursor: encodeCursor(cursorKind, row.Key),
			Node: &model.Link{
				Hospital:   newHospital(entityIn(x, row.Link.From)),
				Symptom:    newSymptom(entityIn(x, row.Link.To)),
				Documents:  w.Documents,
				Items:      w.Items,
				FirstDate:  scalar.DateOf(w.FirstDate),
				LastDate:   scalar.DateOf(w.LastDate),
				Confidence: w.Confidence,
				Methods:    modelMethods(w.Methods),
			},
		})
	}
	return &model.LinkConnection{TotalCount: len(rows), Edges: edges, PageInfo: info}, nil
}

// stats counts the graph.
func (r *Resolver) stats(ctx context.Context) (*model.Stats, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	qs := query.Count(x)
	st := &model.Stats{Documents: qs.Documents}
	for _, k := range qs.Entities {
		st.Entities = append(st.Entities, &model.KindCount{Kind: modelKind(k.Kind), Count: k.Count})
	}
	for _, rc := range qs.Relations {
		st.Relations = append(st.Relations, &model.RelationCount{Type: model.RelationType(rc.Type), Count: rc.Count, Evidence: rc.Evidence})
	}
	for _, c := range qs.Cities {
		st.Cities = append(st.Cities, &model.CityStats{City: newCity(c.City), Hospitals: c.Hospitals, Symptoms: c.Symptoms, Recommendations: c.Recommendations})
	}
	for _, p := range qs.Provinces {
		st.Provinces = append(st.Provinces, &model.ProvinceStats{Province: newProvince(p.Province), Cities: p.Cities, Hospitals: p.Hospitals, Recommendations: p.Recommendations})
	}
	return st, nil
}
