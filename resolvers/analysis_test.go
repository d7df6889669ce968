package resolvers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"testing"

	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
)

// gold is the part of the seeds' gold annotation (eval/FORMAT.md)
// the analyst questions are checked against.
type gold struct {
	Entities  map[string][]goldEntity `json:"entities"`
	Relations []struct {
		Type     string `json:"type"`
		From     string `json:"from"`
		To       string `json:"to"`
		Doc      string `json:"doc"`
		Optional bool   `json:"optional"`
	} `json:"relations"`
}

type goldEntity struct {
	Name     string   `json:"name"`
	Aliases  []string `json:"aliases"`
	City     string   `json:"city"`
	Optional bool     `json:"optional"`
}

func loadGold(t *testing.T) *gold {
	t.Helper()
	b, err := os.ReadFile("../eval/testdata/seeds.gold.json")
	if err != nil {
		t.Fatal(err)
	}
	var g gold
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

// recommended returns the gold's hospitals recommended for symptom (not
// optional), and located in city if it is not "".
func (g *gold) recommended(symptom, city string) []string {
	located := map[string]bool{}
	for _, r := range g.Relations {
		if r.Type == "LOCATED_IN" && r.To == city {
			located[r.From] = true
		}
	}
	var out []string
	for _, r := range g.Relations {
		if r.Type == "RECOMMENDED_FOR" && r.To == symptom && !r.Optional && (city == "" || located[r.From]) {
			out = append(out, r.From)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// canonical returns the name the API gives a hospital the gold names,
// looked up by name or alias.
func canonical(t *testing.T, h http.Handler, kind, name string) string {
	t.Helper()
	var data map[string]*struct{ Name string }
	mustDo(t, h, fmt.Sprintf(`query($n: String!) { e: %s(name: $n) { name } }`, kind), map[string]any{"n": name}, &data)
	if data["e"] == nil {
		t.Fatalf("%s %q is not in the graph", kind, name)
	}
	return data["e"].Name
}

type ranked struct {
	Rank      int
	Hospital  struct{ Name string }
	Symptom   struct{ Name string }
	Documents int
	Items     int
	Evidence  []struct {
		Document  struct{ File string }
		ItemTitle *string
		Date      *string
		Snippet   string
		Start     int
		End       int
	}
}

func rankedNames(rs []ranked) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Hospital.Name
	}
	return out
}

const recommendQuery = `query($s: String!, $c: String, $p: String, $n: Int) {
  recommend(symptom: $s, city: $c, province: $p, first: $n) {
    rank hospital { name } symptom { name } documents items
    evidence { document { file } itemTitle date snippet start end } } }`

// Analyst questions whose answers the gold annotation of the seeds gives,
// asked by canonical name and by alias.
func TestAnalystQuestions(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	g := loadGold(t)

	t.Run("RecommendPurpuraInSuzhou", func(t *testing.T) {
		var want []string
		for _, name := range g.recommended("皮肤紫癜", "苏州") {
			want = append(want, canonical(t, h, "hospital", name))
		}
		slices.Sort(want)
		if len(want) != 3 {
			t.Fatalf("gold gives %v", want)
		}
		for _, args := range []map[string]any{
			{"s": "皮肤紫癜", "c": "苏州"},
			{"s": "紫癜", "c": "苏州市"},               // aliases
			{"s": "皮肤紫癜", "c": "苏州", "p": "江苏省"},  // both hold
			{"s": "pifuzidian", "c": "suzhou"},    // pinyin
			{"s": "zidian", "c": "sz", "p": "js"}, // an alias's, and initials
		} {
			var data struct{ Recommend []ranked }
			mustDo(t, h, recommendQuery, args, &data)
			got := rankedNames(data.Recommend)
			if !slices.Equal(sortedCopy(got), want) {
				t.Errorf("%v: %v, want %v", args, got, want)
			}
			for i, r := range data.Recommend {
				if r.Rank != i+1 || r.Symptom.Name != "皮肤紫癜" || r.Documents != 1 || r.Items != 1 || len(r.Evidence) == 0 {
					t.Errorf("%v: %+v", args, r)
				}
				for _, ev := range r.Evidence {
					if ev.Document.File != "000_3cbbde8086c57167.txt" || ev.ItemTitle == nil ||
						*ev.ItemTitle != "2025年江苏苏州出现皮肤紫癜去哪家医院好" || ev.Date == nil || *ev.Date != "2025-04-21" {
						t.Errorf("%v: evidence %+v", args, ev)
					}
				}
			}
			// Equal documents and items: most passages first, then by name.
			for i := 1; i < len(data.Recommend); i++ {
				a, b := data.Recommend[i-1], data.Recommend[i]
				if len(a.Evidence) < len(b.Evidence) || len(a.Evidence) == len(b.Evidence) && a.Hospital.Name > b.Hospital.Name {
					t.Errorf("%v: %s (%d passages) before %s (%d)", args, a.Hospital.Name, len(a.Evidence), b.Hospital.Name, len(b.Evidence))
				}
			}
			if got[0] != "苏州大学附属第一医院" {
				t.Errorf("%v: %s first, want 苏州大学附属第一医院 (two passages, the others one)", args, got[0])
			}
		}
	})
	t.Run("RecommendByProvince", func(t *testing.T) {
		var want []string
		for _, name := range g.recommended("皮肤紫癜", "汉中") {
			want = append(want, canonical(t, h, "hospital", name))
		}
		slices.Sort(want)
		var data struct{ Recommend []ranked }
		mustDo(t, h, recommendQuery, map[string]any{"s": "皮肤紫癜", "p": "陕西省"}, &data)
		if got := sortedCopy(rankedNames(data.Recommend)); len(want) != 2 || !slices.Equal(got, want) {
			t.Errorf("陕西: %v, want %v", got, want)
		}
		// Everywhere: 苏州's and 汉中's; first cuts the list.
		mustDo(t, h, recommendQuery, map[string]any{"s": "皮肤紫癜"}, &data)
		if len(data.Recommend) != 5 {
			t.Errorf("everywhere: %v", rankedNames(data.Recommend))
		}
		mustDo(t, h, recommendQuery, map[string]any{"s": "皮肤紫癜", "n": 2}, &data)
		if len(data.Recommend) != 2 {
			t.Errorf("first 2: %v", rankedNames(data.Recommend))
		}
	})
	t.Run("RecommendUnknownIsEmpty", func(t *testing.T) {
		for _, args := range []map[string]any{{"s": "没有这种病"}, {"s": "皮肤紫癜", "c": "北京"}} {
			var data struct{ Recommend []ranked }
			mustDo(t, h, recommendQuery, args, &data)
			if len(data.Recommend) != 0 {
				t.Errorf("%v: %v", args, rankedNames(data.Recommend))
			}
		}
		if errs := do(t, h, recommendQuery, map[string]any{"s": "皮肤紫癜", "n": -1}, nil); len(errs) != 1 {
			t.Errorf("first -1: %+v", errs)
		}
	})
	t.Run("EveryGoldRecommendationIsALink", func(t *testing.T) {
		n := 0
		for _, r := range g.Relations {
			if r.Type != "RECOMMENDED_FOR" || r.Optional {
				continue
			}
			n++
			var data struct {
				Links struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Documents, Items    int
							FirstDate, LastDate *string
							Evidence            []struct{ Document struct{ File string } }
						}
					}
				}
			}
			// By the gold's names, which are often aliases.
			mustDo(t, h, `query($h: String!, $s: String!) { links(filter: {hospital: $h, symptom: $s}) {
				totalCount edges { node { documents items firstDate lastDate evidence { document { file } } } } } }`,
				map[string]any{"h": r.From, "s": r.To}, &data)
			if data.Links.TotalCount != 1 {
				t.Errorf("%s → %s: %d links", r.From, r.To, data.Links.TotalCount)
				continue
			}
			l := data.Links.Edges[0].Node
			if l.Documents < 1 || l.Items < 1 || len(l.Evidence) < l.Items ||
				!slices.ContainsFunc(l.Evidence, func(e struct{ Document struct{ File string } }) bool { return e.Document.File == r.Doc }) {
				t.Errorf("%s → %s: %+v, want evidence in %s", r.From, r.To, l, r.Doc)
			}
			if l.FirstDate == nil || l.LastDate == nil || *l.FirstDate > *l.LastDate {
				t.Errorf("%s → %s: dates %v %v", r.From, r.To, l.FirstDate, l.LastDate)
			}
		}
		if n < 50 {
			t.Errorf("only %d gold recommendations", n)
		}
	})
	t.Run("LinksFiltered", func(t *testing.T) {
		const q = `query($f: LinkFilter, $after: String) { links(filter: $f, first: 3, after: $after) {
			totalCount edges { node { hospital { name } symptom { name category } } } pageInfo { hasNextPage endCursor } } }`
		type page struct {
			Links struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Hospital struct{ Name string }
						Symptom  struct{ Name, Category string }
					}
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
			}
		}
		// All of 苏州's links, paged 3 at a time, are the gold's.
		var got []string
		var after *string
		for range 10 {
			var data page
			mustDo(t, h, q, map[string]any{"f": map[string]any{"city": "苏州市"}, "after": after}, &data)
			for _, e := range data.Links.Edges {
				got = append(got, e.Node.Hospital.Name+"→"+e.Node.Symptom.Name)
			}
			if !data.Links.PageInfo.HasNextPage {
				break
			}
			after = data.Links.PageInfo.EndCursor
		}
		var want []string
		for _, r := range g.Relations {
			if r.Type == "RECOMMENDED_FOR" && !r.Optional && slices.Contains(g.recommended(r.To, "苏州"), r.From) {
				want = append(want, canonical(t, h, "hospital", r.From)+"→"+canonical(t, h, "symptom", r.To))
			}
		}
		slices.Sort(want)
		if !slices.Equal(got, slices.Compact(want)) {
			t.Errorf("苏州 links\n%v\nwant\n%v", got, want)
		}
		// 血液科 hospitals' conditions only.
		var data page
		mustDo(t, h, q, map[string]any{"f": map[string]any{"department": "血液科", "category": "CONDITION"}}, &data)
		for _, e := range data.Links.Edges {
			if e.Node.Symptom.Category != "CONDITION" {
				t.Errorf("category filter: %+v", e)
			}
		}
		// The gold says 血液科 of 苏州大学附属第一医院 and 汉中市中心医院 (the
		// others optionally); both are recommended for 皮肤紫癜.
		mustDo(t, h, q, map[string]any{"f": map[string]any{"department": "血液科", "symptom": "紫癜"}}, &data)
		var hs []string
		for _, e := range data.Links.Edges {
			hs = append(hs, e.Node.Hospital.Name)
		}
		if !slices.Equal(hs, []string{"汉中市中心医院", "苏州大学附属第一医院"}) {
			t.Errorf("血液科 and 紫癜: %v", hs)
		}
	})
	t.Run("Stats", func(t *testing.T) {
		var data struct {
			Stats struct {
				Documents int
				Entities  []struct {
					Kind  string
					Count int
				}
				Relations []struct {
					Type            string
					Count, Evidence int
				}
				Cities []struct {
					City                                 struct{ Name string }
					Hospitals, Symptoms, Recommendations int
				}
				Provinces []struct {
					Province                           struct{ Name string }
					Cities, Hospitals, Recommendations int
				}
			}
			Hospitals, Symptoms struct{ TotalCount int }
			City                struct{ Hospitals []struct{ Name string } }
		}
		mustDo(t, h, `{ stats { documents entities { kind count } relations { type count evidence }
			cities { city { name } hospitals symptoms recommendations } provinces { province { name } cities hospitals recommendations } }
			hospitals { totalCount } symptoms { totalCount } city(name: "苏州") { hospitals { name } } }`, nil, &data)
		st := data.Stats
		if st.Documents != 5 {
			t.Errorf("documents %d", st.Documents)
		}
		counts := map[string]int{}
		for _, e := range st.Entities {
			counts[e.Kind] = e.Count
		}
		if counts["HOSPITAL"] != data.Hospitals.TotalCount || counts["SYMPTOM"] != data.Symptoms.TotalCount || len(st.Entities) != 6 {
			t.Errorf("entities %+v; hospitals %d, symptoms %d", st.Entities, data.Hospitals.TotalCount, data.Symptoms.TotalCount)
		}
		if len(st.Relations) != 6 || st.Relations[2].Type != "RECOMMENDED_FOR" || st.Relations[2].Count < 50 ||
			st.Relations[2].Evidence < st.Relations[2].Count {
			t.Errorf("relations %+v", st.Relations)
		}
		i := slices.IndexFunc(st.Cities, func(c struct {
			City                                 struct{ Name string }
			Hospitals, Symptoms, Recommendations int
		}) bool {
			return c.City.Name == "苏州"
		})
		// The gold's 苏州 hospitals, and the links the LinksFiltered case reads.
		var goldSuzhou int
		for _, e := range g.Entities["Hospital"] {
			if e.City == "苏州" {
				goldSuzhou++
			}
		}
		if i < 0 || st.Cities[i].Hospitals != len(data.City.Hospitals) || st.Cities[i].Hospitals != goldSuzhou ||
			st.Cities[i].Recommendations != 8 || st.Cities[i].Symptoms != 4 {
			t.Errorf("苏州: %+v (gold: %d hospitals)", st.Cities, goldSuzhou)
		}
		j := slices.IndexFunc(st.Provinces, func(p struct {
			Province                           struct{ Name string }
			Cities, Hospitals, Recommendations int
		}) bool {
			return p.Province.Name == "江苏"
		})
		if j < 0 || st.Provinces[j].Hospitals < st.Cities[i].Hospitals || st.Provinces[j].Recommendations < 8 {
			t.Errorf("江苏: %+v", st.Provinces)
		}
	})
}

// A hospital that more documents recommend ranks first, whatever its name.
func TestRecommendRanksBySupport(t *testing.T) {
	ctx := context.Background()
	store := graphtest.Open(t)
	if _, err := store.Put(ctx, extraction(t)); err != nil {
		t.Fatal(err)
	}
	h := seededHandler(t, store)
	var data struct{ Recommend []ranked }
	mustDo(t, h, recommendQuery, map[string]any{"s": "紫癜"}, &data)
	if got := rankedNames(data.Recommend); !slices.Equal(got, []string{"苏州大学附属第一医院", "苏州市立医院"}) {
		t.Fatalf("one document each: %v", got)
	}
	// b.txt recommends 苏州市立医院 again, in two items.
	b := "推荐苏州市立医院治疗皮肤紫癜。苏州市立医院看紫癜好。"
	rel := func(snippet string, item int) kg.Relation {
		start := len([]rune(b[:len(b)-len(snippet)]))
		if item == 0 {
			start = 0
		}
		return kg.Relation{Type: kg.RecommendedFor, From: shili, To: purpura,
			Source: kg.Source{Item: item, ItemTitle: fmt.Sprint("条目", item), Date: fmt.Sprintf("2025-05-0%d", item+1)},
			Span:   kg.Span{Start: start, End: start + len([]rune(snippet)), Snippet: snippet}}
	}
	if _, err := store.Put(ctx, &kg.Extraction{
		Doc:       kg.Document{File: "b.txt", Title: "b", Text: b},
		Entities:  []kg.Entity{{EntityRef: shili}, {EntityRef: purpura, Category: kg.CategorySymptom}},
		Relations: []kg.Relation{rel("推荐苏州市立医院治疗皮肤紫癜。", 0), rel("苏州市立医院看紫癜好。", 1)},
	}); err != nil {
		t.Fatal(err)
	}
	mustDo(t, h, recommendQuery, map[string]any{"s": "皮肤紫癜", "c": "苏州"}, &data)
	got := data.Recommend
	if names := rankedNames(got); !slices.Equal(names, []string{"苏州市立医院", "苏州大学附属第一医院"}) {
		t.Fatalf("after b.txt: %v", names)
	}
	if got[0].Documents != 2 || got[0].Items != 3 || len(got[0].Evidence) != 3 || got[1].Documents != 1 || got[1].Items != 1 {
		t.Errorf("weights: %+v", got)
	}
	// The link table by weight, paged one at a time with its own cursors.
	for _, o := range []map[string]any{{"field": "DOCUMENTS", "direction": "DESC"}, {"field": "ITEMS", "direction": "DESC"}, {"field": "LAST_DATE", "direction": "DESC"}} {
		var got []string
		var after *string
		for range 10 {
			var data struct {
				Links struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Hospital, Symptom struct{ Name string }
							Documents, Items  int
						}
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
				}
			}
			mustDo(t, h, `query($o: LinkOrder, $after: String) { links(orderBy: $o, first: 1, after: $after) {
				totalCount edges { node { hospital { name } symptom { name } documents items } } pageInfo { hasNextPage endCursor } } }`,
				map[string]any{"o": o, "after": after}, &data)
			for _, e := range data.Links.Edges {
				got = append(got, e.Node.Hospital.Name+"→"+e.Node.Symptom.Name)
			}
			if !data.Links.PageInfo.HasNextPage {
				break
			}
			after = data.Links.PageInfo.EndCursor
		}
		// 苏州市立医院 → 皮肤紫癜 has 2 documents, 3 items and the last date;
		// the two others 1, 1 and an earlier date (or none), by name.
		want := []string{"苏州市立医院→皮肤紫癜", "江苏省人民医院→白血病", "苏州大学附属第一医院→皮肤紫癜"}
		if o["field"] == "LAST_DATE" {
			want = []string{"苏州市立医院→皮肤紫癜", "苏州大学附属第一医院→皮肤紫癜", "江苏省人民医院→白血病"} // the article's is undated
		}
		if !slices.Equal(got, want) {
			t.Errorf("links by %v: %v, want %v", o, got, want)
		}
	}
}

// The link table pages backwards as every connection does: the last so
// many, and the ones before a cursor.
func TestLinksPageBackwards(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	type page struct {
		Links struct {
			TotalCount int
			PageInfo   struct{ HasNextPage, HasPreviousPage bool }
			Edges      []struct {
				Cursor string
				Node   struct {
					Hospital, Symptom struct{ Name string }
				}
			}
		}
	}
	names := func(p page) []string {
		var out []string
		for _, e := range p.Links.Edges {
			out = append(out, e.Node.Hospital.Name+"→"+e.Node.Symptom.Name)
		}
		return out
	}
	q := `query($first: Int, $last: Int, $before: String) { links(first: $first, last: $last, before: $before) {
	  totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor node { hospital { name } symptom { name } } } } }`
	var all, last, before page
	mustDo(t, h, q, map[string]any{"first": 500}, &all)
	n := len(all.Links.Edges)
	if n < 5 || n != all.Links.TotalCount {
		t.Fatalf("%d links of %d", n, all.Links.TotalCount)
	}
	mustDo(t, h, q, map[string]any{"last": 2}, &last)
	if got, want := names(last), names(all)[n-2:]; !slices.Equal(got, want) || !last.Links.PageInfo.HasPreviousPage {
		t.Errorf("last 2: %v (previous page %v), want %v", got, last.Links.PageInfo.HasPreviousPage, want)
	}
	mustDo(t, h, q, map[string]any{"last": 2, "before": all.Links.Edges[3].Cursor}, &before)
	if got, want := names(before), names(all)[1:3]; !slices.Equal(got, want) {
		t.Errorf("2 before the 4th: %v, want %v", got, want)
	}
}
