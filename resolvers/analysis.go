package resolvers

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// The analyst fields read the store's in-memory Index: a ranking over every
// hospital of a symptom, or a table of every link, would start from a
// symptom and filter by city, the slow order on Cayley's kv stores
// (graph/CAYLEY.md: 40 ms p50, 1 s p99 at 1M quads), once per question.
// The index is one scan of the store, kept until the store changes.

// index returns the store's index.
func (r *Resolver) index(ctx context.Context) (*graph.Index, error) {
	x, err := r.store.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	return x, nil
}

// kindOf and modelKind map between the schema's EntityKind and graph.Kind.
func kindOf(k model.EntityKind) graph.Kind {
	if i := slices.Index(model.AllEntityKind, k); i >= 0 {
		return graph.Kinds[i]
	}
	return ""
}

func modelKind(k graph.Kind) model.EntityKind {
	if i := slices.Index(graph.Kinds, k); i >= 0 {
		return model.AllEntityKind[i]
	}
	return ""
}

// refSet is a set of entities.
type refSet map[graph.EntityRef]bool

// hospitalsIn returns the hospitals located in the city named city, or in a
// city of the province named province, whichever are given (both: both must
// hold); nil means no condition. An unknown name gives an empty set.
func hospitalsIn(x *graph.Index, city, province *string) refSet {
	var out refSet
	intersect := func(s refSet) {
		if out == nil {
			out = s
			return
		}
		for r := range out {
			if !s[r] {
				delete(out, r)
			}
		}
	}
	if city != nil {
		s := refSet{}
		for _, c := range find(x, graph.KindCity, *city) {
			for _, h := range x.In(c, graph.LocatedIn) {
				s[h] = true
			}
		}
		intersect(s)
	}
	if province != nil {
		s := refSet{}
		for _, p := range find(x, graph.KindProvince, *province) {
			for _, c := range citiesOf(x, p) {
				for _, h := range x.In(c, graph.LocatedIn) {
					s[h] = true
				}
			}
		}
		intersect(s)
	}
	return out
}

// citiesOf returns the cities of a province. A municipality (上海) is a
// province and a city of the same name, and is a city of itself.
func citiesOf(x *graph.Index, p graph.EntityRef) []graph.EntityRef {
	cs := x.In(p, graph.InProvince)
	self := graph.EntityRef{Kind: graph.KindCity, Name: p.Name}
	if _, ok := x.Entity(self); ok && !slices.Contains(cs, self) {
		cs = append(slices.Clone(cs), self)
	}
	return cs
}

// weight is how well the documents support a link.
type weight struct {
	documents, items    int
	firstDate, lastDate string
	confidence          float64
	methods             []graph.Method
}

func weigh(x *graph.Index, l graph.Link) weight {
	s := x.Support(l)
	return weight{documents: s.Documents, items: s.Items, firstDate: s.FirstDate, lastDate: s.LastDate,
		confidence: s.Confidence, methods: s.Methods}
}

// modelMethod maps a graph.Method to the schema's RelationMethod, whose
// values are the same names; "" (a mention's evidence) is UNKNOWN.
func modelMethod(m graph.Method) model.RelationMethod {
	if m == "" {
		m = graph.MethodUnknown
	}
	return model.RelationMethod(m)
}

// modelMethods maps methods, never to nil: the schema's list is non-null.
func modelMethods(ms []graph.Method) []model.RelationMethod {
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
func (r *Resolver) recommendationWeight(ctx context.Context, rec *model.Recommendation) (weight, error) {
	x, err := r.index(ctx)
	if err != nil {
		return weight{}, err
	}
	h, s := ref(graph.KindHospital, rec.Hospital.Name), ref(graph.KindSymptom, rec.Symptom.Name)
	return weigh(x, graph.Link{Type: graph.RecommendedFor, From: h, To: s}), nil
}

// entityIn returns the entity ref names in x, or one with its name only.
func entityIn(x *graph.Index, ref graph.EntityRef) graph.Entity {
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
	least, err := minConfidence(minConf)
	if err != nil {
		return nil, err
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	where := hospitalsIn(x, city, province)
	type ranked struct {
		link graph.Link
		w    weight
	}
	var rs []ranked
	for _, s := range find(x, graph.KindSymptom, symptom) {
		for _, h := range x.In(s, graph.RecommendedFor) {
			if where != nil && !where[h] {
				continue
			}
			l := graph.Link{Type: graph.RecommendedFor, From: h, To: s}
			if w := weigh(x, l); w.confidence >= least {
				rs = append(rs, ranked{l, w})
			}
		}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		return cmp.Or(-cmp.Compare(a.w.documents, b.w.documents), -cmp.Compare(a.w.items, b.w.items),
			cmp.Compare(a.link.From.Name, b.link.From.Name), cmp.Compare(a.link.To.Name, b.link.To.Name))
	})
	rs = rs[:min(n, len(rs))]
	out := make([]*model.RankedHospital, len(rs))
	for i, rk := range rs {
		out[i] = &model.RankedHospital{
			Rank:       i + 1,
			Hospital:   newHospital(entityIn(x, rk.link.From)),
			Symptom:    newSymptom(entityIn(x, rk.link.To)),
			Documents:  rk.w.documents,
			Items:      rk.w.items,
			Confidence: rk.w.confidence,
			Methods:    modelMethods(rk.w.methods),
		}
	}
	return out, nil
}

// kindLink is the cursor kind of the link table.
const kindLink graph.Kind = "Link"

// linkKey is a link's position in the table: hospital, then symptom.
func linkKey(l graph.Link) string { return l.From.Name + "\x1f" + l.To.Name }

// linkOrderKey returns how an order sorts links, as orderKey does for
// entities: a byte-ordered key of each (ties by hospital, then symptom),
// and the cursor kind of the list.
func linkOrderKey(o *model.LinkOrder) (func(graph.Link, weight) string, graph.Kind) {
	field, dir := model.LinkOrderFieldHospital, model.OrderDirectionAsc
	if o != nil {
		field, dir = o.Field, o.Direction
	}
	cursorKind := kindLink
	if field != model.LinkOrderFieldHospital || dir != model.OrderDirectionAsc {
		cursorKind = graph.Kind(fmt.Sprintf("%s~%s_%s", kindLink, field, dir))
	}
	desc := dir == model.OrderDirectionDesc
	num := func(n int) string {
		if desc {
			n = 1e9 - n
		}
		return fmt.Sprintf("%010d", n)
	}
	return func(l graph.Link, w weight) string {
		var head string
		switch field {
		case model.LinkOrderFieldDocuments:
			head = num(w.documents)
		case model.LinkOrderFieldItems:
			head = num(w.items)
		case model.LinkOrderFieldLastDate:
			head = w.lastDate + "\x00"
			if desc {
				head = invert(head)
			}
		default:
			if desc {
				return invert(linkKey(l))
			}
			return linkKey(l)
		}
		return head + "\x1e" + linkKey(l)
	}, cursorKind
}

// links returns a page of the link table.
func (r *Resolver) links(ctx context.Context, f *model.LinkFilter, o *model.LinkOrder, first *int, after *string) (*model.LinkConnection, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = &model.LinkFilter{}
	}
	least, err := minConfidence(f.MinConfidence)
	if err != nil {
		return nil, err
	}
	where := hospitalsIn(x, f.City, f.Province)
	var departments, hospitals, symptoms refSet
	if f.Department != nil {
		departments = lookupSet(x, graph.KindDepartment, *f.Department)
	}
	if f.Hospital != nil {
		hospitals = lookupSet(x, graph.KindHospital, *f.Hospital)
	}
	if f.Symptom != nil {
		symptoms = lookupSet(x, graph.KindSymptom, *f.Symptom)
	}
	keep := func(l graph.Link) bool {
		switch {
		case where != nil && !where[l.From],
			departments != nil && !anyIn(x.Out(l.From, graph.HasDepartment), departments),
			hospitals != nil && !hospitals[l.From],
			symptoms != nil && !symptoms[l.To],
			f.Category != nil && newSymptom(entityIn(x, l.To)).Category != *f.Category:
			return false
		}
		return true
	}
	var ls []graph.Link
	weights := make(map[graph.Link]weight)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, l := range x.Links(graph.RecommendedFor) {
		if l.From.Kind == graph.KindHospital && l.To.Kind == graph.KindSymptom && keep(l) {
			if w := weigh(x, l); w.confidence >= least {
				ls = append(ls, l)
				weights[l] = w
			}
		}
	}
	key, cursorKind := linkOrderKey(o)
	keyOf := make(map[graph.Link]string, len(ls))
	for _, l := range ls {
		keyOf[l] = key(l, weights[l])
	}
	slices.SortFunc(ls, func(a, b graph.Link) int { return cmp.Compare(keyOf[a], keyOf[b]) })
	keys := each(ls, func(l graph.Link) string { return keyOf[l] })
	start, end, info, err := page(cursorKind, keys, first, after)
	if err != nil {
		return nil, err
	}
	edges := make([]*model.LinkEdge, 0, end-start)
	for _, l := range ls[start:end] {
		w := weights[l]
		edges = append(edges, &model.LinkEdge{
			Cursor: encodeCursor(cursorKind, keyOf[l]),
			Node: &model.Link{
				Hospital:   newHospital(entityIn(x, l.From)),
				Symptom:    newSymptom(entityIn(x, l.To)),
				Documents:  w.documents,
				Items:      w.items,
				FirstDate:  optional(w.firstDate),
				LastDate:   optional(w.lastDate),
				Confidence: w.confidence,
				Methods:    modelMethods(w.methods),
			},
		})
	}
	return &model.LinkConnection{TotalCount: len(ls), Edges: edges, PageInfo: info}, nil
}

// stats counts the graph.
func (r *Resolver) stats(ctx context.Context) (*model.Stats, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	st := &model.Stats{Documents: len(x.Documents())}
	for _, k := range graph.Kinds {
		st.Entities = append(st.Entities, &model.KindCount{Kind: modelKind(k), Count: len(x.Refs(k))})
	}
	for _, t := range graph.RelationTypes {
		rc := &model.RelationCount{Type: model.RelationType(t), Count: len(x.Links(t))}
		for _, l := range x.Links(t) {
			rc.Evidence += x.EvidenceCount(l)
		}
		st.Relations = append(st.Relations, rc)
	}
	// recs counts the links and distinct symptoms of a set of hospitals.
	recs := func(hs []graph.EntityRef) (links, symptoms int) {
		seen := refSet{}
		for _, h := range hs {
			ss := x.Out(h, graph.RecommendedFor)
			links += len(ss)
			for _, s := range ss {
				seen[s] = true
			}
		}
		return links, len(seen)
	}
	for _, c := range x.Entities(graph.KindCity) {
		hs := x.In(c.EntityRef, graph.LocatedIn)
		if len(hs) == 0 {
			continue
		}
		links, symptoms := recs(hs)
		st.Cities = append(st.Cities, &model.CityStats{City: newCity(c), Hospitals: len(hs), Symptoms: symptoms, Recommendations: links})
	}
	for _, p := range x.Entities(graph.KindProvince) {
		cs := citiesOf(x, p.EntityRef)
		seen := refSet{}
		var hs []graph.EntityRef
		for _, c := range cs {
			for _, h := range x.In(c, graph.LocatedIn) {
				if !seen[h] {
					seen[h] = true
					hs = append(hs, h)
				}
			}
		}
		links, _ := recs(hs)
		st.Provinces = append(st.Provinces, &model.ProvinceStats{Province: newProvince(p), Cities: len(cs), Hospitals: len(hs), Recommendations: links})
	}
	return st, nil
}
