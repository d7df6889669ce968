package query

import (
	"cmp"
	"slices"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Ranked is one hospital recommended for a symptom, with how well the
// documents support it.
type Ranked struct {
	Rank    int // from 1
	Link    kg.Link
	Support index.Support
}

// Recommend ranks the hospitals recommended for the symptom named symptom
// (by name, alias or pinyin: every symptom it names) in place, those whose
// confidence is at least minConfidence, and returns the first n: most
// documents first, then most items, then by hospital and symptom name.
func Recommend(x *index.Index, symptom string, place Place, minConfidence float64, n int) []Ranked {
	where := place.Hospitals(x)
	var rs []Ranked
	for _, s := range Find(x, kg.KindSymptom, symptom) {
		for _, h := range x.In(s, kg.RecommendedFor) {
			if where != nil && !where[h] {
				continue
			}
			l := kg.Link{Type: kg.RecommendedFor, From: h, To: s}
			if sup := x.Support(l); sup.Confidence >= minConfidence {
				rs = append(rs, Ranked{Link: l, Support: sup})
			}
		}
	}
	slices.SortFunc(rs, func(a, b Ranked) int {
		return cmp.Or(-cmp.Compare(a.Support.Documents, b.Support.Documents), -cmp.Compare(a.Support.Items, b.Support.Items),
			cmp.Compare(a.Link.From.Name, b.Link.From.Name), cmp.Compare(a.Link.To.Name, b.Link.To.Name))
	})
	rs = rs[:min(max(n, 0), len(rs))]
	for i := range rs {
		rs[i].Rank = i + 1
	}
	return rs
}
