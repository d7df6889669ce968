package query

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Ranked is one hospital recommended for a symptom, with how well the
// documents support it.
type Ranked struct {
	Rank     int // from 1
	Link     kg.Link
	Support  index.Support
	Passages int // how many passages state it
	// Key is the row's position in the ranking: rows sort by it as bytes,
	// so a page can start after a key (a keyset cursor).
	Key string
}

// Recommend ranks the hospitals recommended for the symptom named symptom
// (by name, alias or pinyin: every symptom it names) in place, those whose
// confidence is at least minConfidence, and returns the first n (all if n
// is negative): most documents first, then most items, then most passages,
// then by hospital and symptom name.
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
				n := x.EvidenceCount(l)
				key := fmt.Sprintf("%010d%010d%010d%s\x00%s", math.MaxInt32-sup.Documents, math.MaxInt32-sup.Items, math.MaxInt32-n, h.Name, s.Name)
				rs = append(rs, Ranked{Link: l, Support: sup, Passages: n, Key: key})
			}
		}
	}
	slices.SortFunc(rs, func(a, b Ranked) int { return cmp.Compare(a.Key, b.Key) })
	if n >= 0 {
		rs = rs[:min(n, len(rs))]
	}
	for i := range rs {
		rs[i].Rank = i + 1
	}
	return rs
}
