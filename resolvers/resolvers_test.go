package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/resolvers"
)

// The fixture: one document, a.txt, whose related item 0 recommends two
// hospitals in 苏州 for 皮肤紫癜, and whose article names two in 南京.
//
//	苏州大学附属第一医院 (苏大附一院) ─locatedIn─→ 苏州 (prefecture) ─inProvince─→ 江苏
//	   │  │  └──────────locatedIn─→ 姑苏区 (county) ─inProvince─┘ ↑ ↑
//	   │  └─hasDepartment─→ 血液科 ─departmentFor─→ 皮肤紫癜        │ │
//	   └─recommendedFor (item 0) ─────────────────→ 皮肤紫癜        │ │
//	苏州市立医院 ─locatedIn─→ 苏州; ─recommendedFor (item 0)→ 皮肤紫癜 │ │
//	江苏省人民医院 ─locatedIn─→ 南京 ─inProvince───────────────────────┘ │
//	   └─recommendedFor (article)─→ 白血病 (CONDITION)                   │
//	南京鼓楼医院 ─locatedIn─→ 南京                                       │
//	家庭共济 ─policyAppliesIn─→ 苏州, and ─policyAppliesIn──────────────┘
const (
	file      = "a.txt"
	title     = "医保政策问答"
	itemTitle = "2025年江苏苏州出现皮肤紫癜去哪家医院好"
	itemDate  = "2025-04-21"
	text      = title + "\n" +
		"江苏省人民医院位于南京，擅长白血病。南京鼓楼医院位于南京。家庭共济在江苏全省推行。\n" +
		itemTitle + "\n" +
		"苏州大学附属第一医院（苏大附一院）位于苏州市姑苏区，设有血液科，血液科可治皮肤紫癜，推荐苏州大学附属第一医院治疗皮肤紫癜。" +
		"苏州市立医院也可治疗皮肤紫癜。家庭共济在苏州可用。"
)

var (
	suda     = kg.EntityRef{Kind: kg.KindHospital, Name: "苏州大学附属第一医院"}
	shili    = kg.EntityRef{Kind: kg.KindHospital, Name: "苏州市立医院"}
	renmin   = kg.EntityRef{Kind: kg.KindHospital, Name: "江苏省人民医院"}
	gulou    = kg.EntityRef{Kind: kg.KindHospital, Name: "南京鼓楼医院"}
	suzhou   = kg.EntityRef{Kind: kg.KindCity, Name: "苏州"}
	gusu     = kg.EntityRef{Kind: kg.KindCity, Name: "姑苏区"}
	nanjing  = kg.EntityRef{Kind: kg.KindCity, Name: "南京"}
	jiangsu  = kg.EntityRef{Kind: kg.KindProvince, Name: "江苏"}
	xueye    = kg.EntityRef{Kind: kg.KindDepartment, Name: "血液科"}
	purpura  = kg.EntityRef{Kind: kg.KindSymptom, Name: "皮肤紫癜"}
	leukemia = kg.EntityRef{Kind: kg.KindSymptom, Name: "白血病"}
	gongji   = kg.EntityRef{Kind: kg.KindPolicy, Name: "家庭共济"}
)

// span returns the n-th (from 0) occurrence of s in text, in code points.
func span(t testing.TB, s string, n int) kg.Span {
	t.Helper()
	rs, sub := []rune(text), []rune(s)
	for i := 0; i+len(sub) <= len(rs); i++ {
		if string(rs[i:i+len(sub)]) == s {
			if n == 0 {
				return kg.Span{Start: i, End: i + len(sub), Snippet: s}
			}
			n--
		}
	}
	t.Fatalf("%q not in the fixture text", s)
	return kg.Span{}
}

func extraction(t testing.TB) *kg.Extraction {
	article := kg.Source{Item: -1}
	item := kg.Source{Item: 0, ItemTitle: itemTitle, Date: itemDate}
	itemStart := len([]rune(title + "\n江苏省人民医院位于南京，擅长白血病。南京鼓楼医院位于南京。家庭共济在江苏全省推行。\n"))
	rel := func(typ kg.RelationType, from, to kg.EntityRef, src kg.Source, snippet string, n int) kg.Relation {
		return kg.Relation{Type: typ, From: from, To: to, Source: src, Span: span(t, snippet, n)}
	}
	return &kg.Extraction{
		Doc: kg.Document{
			File: file, Title: title, Date: itemDate, Text: text,
			Items: []kg.Item{{Index: 0, Title: itemTitle, Date: itemDate, Start: itemStart, End: len([]rune(text))}},
		},
		Entities: []kg.Entity{
			{EntityRef: suda, Aliases: []string{"苏大附一院"}},
			{EntityRef: shili},
			{EntityRef: renmin},
			{EntityRef: gulou},
			{EntityRef: suzhou, Aliases: []string{"苏州市"}, Level: kg.LevelPrefecture, Code: "320500"},
			{EntityRef: gusu, Level: kg.LevelCounty, Code: "320508"},
			{EntityRef: nanjing, Aliases: []string{"南京市"}, Level: kg.LevelPrefecture, Code: "320100"},
			{EntityRef: jiangsu, Aliases: []string{"江苏省"}, Code: "320000"},
			{EntityRef: xueye, Aliases: []string{"血液内科"}},
			{EntityRef: purpura, Aliases: []string{"紫癜"}, Category: kg.CategorySymptom},
			{EntityRef: leukemia, Category: kg.CategoryCondition},
			{EntityRef: gongji},
		},
		Mentions: []kg.Mention{
			{Entity: suda, Surface: "苏州大学附属第一医院", Source: item, Span: span(t, "苏州大学附属第一医院", 0)},
			{Entity: suda, Surface: "苏大附一院", Source: item, Span: span(t, "苏大附一院", 0)},
			{Entity: purpura, Surface: "皮肤紫癜", Source: item, Span: span(t, "皮肤紫癜", 1)},
		},
		Relations: []kg.Relation{
			rel(kg.LocatedIn, suda, suzhou, item, "苏州大学附属第一医院（苏大附一院）位于苏州市姑苏区", 0),
			rel(kg.LocatedIn, suda, gusu, item, "苏州大学附属第一医院（苏大附一院）位于苏州市姑苏区", 0),
			rel(kg.LocatedIn, shili, suzhou, item, "苏州市立医院", 0),
			rel(kg.LocatedIn, renmin, nanjing, article, "江苏省人民医院位于南京", 0),
			rel(kg.LocatedIn, gulou, nanjing, article, "南京鼓楼医院位于南京", 0),
			rel(kg.InProvince, suzhou, jiangsu, item, "江苏苏州", 0),
			rel(kg.InProvince, gusu, jiangsu, item, "江苏苏州", 0),
			rel(kg.InProvince, nanjing, jiangsu, article, "江苏省人民医院位于南京", 0),
			rel(kg.HasDepartment, suda, xueye, item, "设有血液科", 0),
			rel(kg.DepartmentFor, xueye, purpura, item, "血液科可治皮肤紫癜", 0),
			rel(kg.RecommendedFor, suda, purpura, item, "推荐苏州大学附属第一医院治疗皮肤紫癜", 0),
			rel(kg.RecommendedFor, shili, purpura, item, "苏州市立医院也可治疗皮肤紫癜", 0),
			rel(kg.RecommendedFor, renmin, leukemia, article, "江苏省人民医院位于南京，擅长白血病", 0),
			rel(kg.PolicyAppliesIn, gongji, suzhou, item, "家庭共济在苏州可用", 0),
			rel(kg.PolicyAppliesIn, gongji, jiangsu, article, "家庭共济在江苏全省推行", 0),
		},
	}
}

// newHandler serves the schema over a bolt store holding the fixture.
func newHandler(t *testing.T) http.Handler {
	t.Helper()
	store := graphtest.Open(t)
	if _, err := store.Put(context.Background(), extraction(t)); err != nil {
		t.Fatal(err)
	}
	h := handler.New(resolvers.NewSchema(store))
	h.AddTransport(transport.POST{})
	return h
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// do runs a query and decodes its data into data; it returns the errors.
func do(t *testing.T, h http.Handler, query string, vars map[string]any, data any) []gqlError {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("decode response %q: %v", rec.Body.String(), err)
	}
	if data != nil && len(resp.Data) > 0 && string(resp.Data) != "null" {
		if err := json.Unmarshal(resp.Data, data); err != nil {
			t.Fatalf("decode data %s: %v", resp.Data, err)
		}
	}
	return resp.Errors
}

// mustDo is do for queries that must not fail.
func mustDo(t *testing.T, h http.Handler, query string, vars map[string]any, data any) {
	t.Helper()
	if errs := do(t, h, query, vars, data); len(errs) > 0 {
		t.Fatalf("query failed: %+v", errs)
	}
}

func names(xs []struct{ Name string }) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.Name
	}
	return out
}

// TestSchema runs every query test against one store holding the fixture,
// which they only read: a new bolt store takes most of a second to make.
func TestSchema(t *testing.T) {
	h := newHandler(t)
	for _, tc := range []struct {
		name string
		test func(*testing.T, http.Handler)
	}{
		{"Recommendations", testRecommendations},
		{"ArticleEvidenceHasNoItem", testArticleEvidenceHasNoItem},
		{"Mentions", testMentions},
		{"FirstMentions", testFirstMentions},
		{"Relations", testRelations},
		{"LookupUnknownIsNull", testLookupUnknownIsNull},
		{"Node", testNode},
		{"Pagination", testPagination},
		{"ListsAreConnections", testListsAreConnections},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, h) })
	}
}

func testRecommendations(t *testing.T, h http.Handler) {
	var data struct {
		Symptom struct {
			ID              string
			Name            string
			Aliases         []string
			Category        string
			Hospitals       []struct{ Name string }
			Departments     []struct{ Name string }
			Recommendations []struct {
				Hospital struct {
					Name    string
					Aliases []string
					City    struct {
						Name     string
						Level    *string
						Code     *string
						Province struct{ Name string }
						Policies []struct{ Name string }
					}
					Cities      []struct{ Name string }
					Departments []struct{ Name string }
				}
				Symptom  struct{ Name string }
				Evidence []struct {
					Document                 struct{ ID, File, Title, Date string }
					ItemTitle, Date, Snippet *string
					Start, End               int
				}
			}
		}
	}
	mustDo(t, h, `query($name: String!) { symptom(name: $name) {
		id name aliases category
		hospitals { name } departments { name }
		recommendations {
			hospital { name aliases city { name level code province { name } policies { name } } cities { name } departments { name } }
			symptom { name }
			evidence { document { id file title date } itemTitle date snippet start end }
		}
	} }`, map[string]any{"name": "紫癜"}, &data) // by alias

	s := data.Symptom
	if s.ID != "Symptom/皮肤紫癜" || s.Name != "皮肤紫癜" || s.Category != "SYMPTOM" || !slices.Equal(s.Aliases, []string{"紫癜"}) {
		t.Errorf("symptom = %s %s %s %v", s.ID, s.Name, s.Category, s.Aliases)
	}
	if got, want := names(s.Hospitals), []string{"苏州大学附属第一医院", "苏州市立医院"}; !slices.Equal(got, want) {
		t.Errorf("hospitals = %v, want %v", got, want)
	}
	if got := names(s.Departments); !slices.Equal(got, []string{"血液科"}) {
		t.Errorf("departments = %v", got)
	}
	if len(s.Recommendations) != 2 {
		t.Fatalf("%d recommendations, want 2", len(s.Recommendations))
	}
	r := s.Recommendations[0]
	h1 := r.Hospital
	if h1.Name != "苏州大学附属第一医院" || !slices.Equal(h1.Aliases, []string{"苏大附一院"}) || r.Symptom.Name != "皮肤紫癜" {
		t.Errorf("recommendation = %s %v for %s", h1.Name, h1.Aliases, r.Symptom.Name)
	}
	t.Run("CityIsThePrefecture", func(t *testing.T) {
		c := h1.City
		if c.Name != "苏州" || c.Level == nil || *c.Level != "PREFECTURE" || c.Code == nil || *c.Code != "320500" || c.Province.Name != "江苏" {
			t.Errorf("city = %+v", c)
		}
		if got, want := names(h1.Cities), sortedCopy([]string{"苏州", "姑苏区"}); !slices.Equal(got, want) {
			t.Errorf("cities = %v, want %v", got, want)
		}
		if got := names(c.Policies); !slices.Equal(got, []string{"家庭共济"}) {
			t.Errorf("policies = %v", got)
		}
	})
	t.Run("Evidence", func(t *testing.T) {
		if len(r.Evidence) != 1 {
			t.Fatalf("%d evidence, want 1: %+v", len(r.Evidence), r.Evidence)
		}
		ev := r.Evidence[0]
		want := span(t, "推荐苏州大学附属第一医院治疗皮肤紫癜", 0)
		if ev.Snippet == nil || *ev.Snippet != want.Snippet || ev.Start != want.Start || ev.End != want.End {
			t.Errorf("evidence = %v [%d,%d), want %q [%d,%d)", ev.Snippet, ev.Start, ev.End, want.Snippet, want.Start, want.End)
		}
		if got := string([]rune(text)[ev.Start:ev.End]); got != want.Snippet {
			t.Errorf("text[start:end] = %q, want the snippet", got)
		}
		if ev.ItemTitle == nil || *ev.ItemTitle != itemTitle || ev.Date == nil || *ev.Date != itemDate {
			t.Errorf("item = %v %v", ev.ItemTitle, ev.Date)
		}
		d := ev.Document
		if d.ID != "Document/a.txt" || d.File != file || d.Title != title || d.Date != itemDate {
			t.Errorf("document = %+v", d)
		}
	})
}

func testArticleEvidenceHasNoItem(t *testing.T, h http.Handler) {
	var data struct {
		Hospital struct {
			RecommendedFor  []struct{ Name, Category string }
			Recommendations []struct {
				Evidence []struct {
					ItemTitle, Date *string
					Snippet         string
				}
			}
		}
	}
	mustDo(t, h, `{ hospital(name: "江苏省人民医院") {
		recommendedFor { name category }
		recommendations { evidence { itemTitle date snippet } }
	} }`, nil, &data)
	if rf := data.Hospital.RecommendedFor; len(rf) != 1 || rf[0].Name != "白血病" || rf[0].Category != "CONDITION" {
		t.Errorf("recommendedFor = %+v", rf)
	}
	ev := data.Hospital.Recommendations[0].Evidence
	if len(ev) != 1 || ev[0].ItemTitle != nil || ev[0].Date != nil || ev[0].Snippet != "江苏省人民医院位于南京，擅长白血病" {
		t.Errorf("evidence = %+v", ev)
	}
}

func testMentions(t *testing.T, h http.Handler) {
	var data struct {
		Hospital struct {
			Mentions []struct {
				Snippet  string
				Document struct{ File string }
			}
		}
	}
	mustDo(t, h, `{ hospital(name: "苏大附一院") { mentions { snippet document { file } } } }`, nil, &data)
	var got []string
	for _, m := range data.Hospital.Mentions {
		got = append(got, m.Snippet)
		if m.Document.File != file {
			t.Errorf("mention in %q", m.Document.File)
		}
	}
	slices.Sort(got)
	if want := sortedCopy([]string{"苏州大学附属第一医院", "苏大附一院"}); !slices.Equal(got, want) {
		t.Errorf("mentions = %v, want %v (by name and by alias)", got, want)
	}
}

// testFirstMentions checks that first keeps the first mentions and
// evidence, in the order of the whole list, and refuses 0.
func testFirstMentions(t *testing.T, h http.Handler) {
	type ev struct {
		Snippet  string
		Start    int
		Document struct{ File string }
	}
	var all, one struct {
		Hospital struct {
			Mentions        []ev
			Recommendations []struct{ Evidence []ev }
			RecommendedFor  []struct{ Name string }
		}
	}
	q := `query($n: Int) { hospital(name: "苏大附一院") { mentions(first: $n) { snippet start document { file } }
	  recommendations { evidence(first: $n) { snippet start document { file } } } recommendedFor(first: $n) { name } } }`
	mustDo(t, h, q, nil, &all)
	mustDo(t, h, q, map[string]any{"n": 1}, &one)
	if len(all.Hospital.Mentions) < 2 || !reflect.DeepEqual(one.Hospital.Mentions, all.Hospital.Mentions[:1]) {
		t.Errorf("mentions(first: 1) = %+v; all: %+v", one.Hospital.Mentions, all.Hospital.Mentions)
	}
	for i, r := range one.Hospital.Recommendations {
		if len(r.Evidence) != 1 || r.Evidence[0] != all.Hospital.Recommendations[i].Evidence[0] {
			t.Errorf("recommendation %d: evidence(first: 1) = %+v; all: %+v", i, r.Evidence, all.Hospital.Recommendations[i].Evidence)
		}
	}
	if got, want := one.Hospital.RecommendedFor, all.Hospital.RecommendedFor; len(want) == 0 || !reflect.DeepEqual(got, want[:1]) {
		t.Errorf("recommendedFor(first: 1) = %v; all: %v", got, want)
	}
	errs := do(t, h, q, map[string]any{"n": 0}, nil)
	if len(errs) == 0 || !strings.Contains(errs[0].Message, "first: 0 is not between 1 and") {
		t.Errorf("first: 0: %+v, want an invalid argument", errs)
	}
}

func testRelations(t *testing.T, h http.Handler) {
	var data struct {
		Province struct {
			Cities    []struct{ Name string }
			Hospitals []struct{ Name string }
			Policies  []struct{ Name string }
		}
		City struct {
			Hospitals []struct{ Name string }
		}
		Department struct {
			Symptoms  []struct{ Name string }
			Hospitals []struct{ Name string }
		}
		Policy struct {
			Regions []struct {
				Typename string `json:"__typename"`
				Name     string
			}
		}
	}
	mustDo(t, h, `{
		province(name: "江苏省") { cities { name } hospitals { name } policies { name } }
		city(name: "南京") { hospitals { name } }
		department(name: "血液内科") { symptoms { name } hospitals { name } }
		policy(name: "家庭共济") { regions { __typename name } }
	}`, nil, &data)
	sorted := func(xs []struct{ Name string }) []string { s := names(xs); slices.Sort(s); return s }
	if got, want := sorted(data.Province.Cities), []string{"南京", "姑苏区", "苏州"}; !slices.Equal(got, sortedCopy(want)) {
		t.Errorf("province cities = %v, want %v", got, want)
	}
	if got, want := sorted(data.Province.Hospitals), sortedCopy([]string{"南京鼓楼医院", "江苏省人民医院", "苏州大学附属第一医院", "苏州市立医院"}); !slices.Equal(got, want) {
		t.Errorf("province hospitals = %v, want %v (each once)", got, want)
	}
	if got := names(data.Province.Policies); !slices.Equal(got, []string{"家庭共济"}) {
		t.Errorf("province policies = %v", got)
	}
	if got, want := sorted(data.City.Hospitals), sortedCopy([]string{"南京鼓楼医院", "江苏省人民医院"}); !slices.Equal(got, want) {
		t.Errorf("city hospitals = %v", got)
	}
	if got := names(data.Department.Symptoms); !slices.Equal(got, []string{"皮肤紫癜"}) {
		t.Errorf("department symptoms = %v", got)
	}
	if got := names(data.Department.Hospitals); !slices.Equal(got, []string{"苏州大学附属第一医院"}) {
		t.Errorf("department hospitals = %v", got)
	}
	if r := data.Policy.Regions; len(r) != 2 || r[0].Typename != "Province" || r[0].Name != "江苏" || r[1].Typename != "City" || r[1].Name != "苏州" {
		t.Errorf("regions = %+v, want the province first", r)
	}
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func testLookupUnknownIsNull(t *testing.T, h http.Handler) {
	var data map[string]any
	mustDo(t, h, `{ hospital(name: "不存在的医院") { id } symptom(name: "") { id } document(file: "nope.txt") { id } }`, nil, &data)
	for k, v := range data {
		if v != nil {
			t.Errorf("%s = %v, want null", k, v)
		}
	}
}

func testNode(t *testing.T, h http.Handler) {
	for _, tc := range []struct {
		id, typename, key string
	}{
		{"Province/江苏", "Province", "江苏"},
		{"City/苏州", "City", "苏州"},
		{"Hospital/苏州大学附属第一医院", "Hospital", "苏州大学附属第一医院"},
		{"Department/血液科", "Department", "血液科"},
		{"Symptom/皮肤紫癜", "Symptom", "皮肤紫癜"},
		{"InsurancePolicy/家庭共济", "InsurancePolicy", "家庭共济"},
		{"Document/a.txt", "Document", "a.txt"},
	} {
		t.Run(tc.typename, func(t *testing.T) {
			var data struct {
				Node struct {
					Typename string `json:"__typename"`
					ID       string
					Name     string
					File     string
				}
			}
			mustDo(t, h, `query($id: ID!) { node(id: $id) { __typename id ... on Entity { name } ... on Document { file } } }`,
				map[string]any{"id": tc.id}, &data)
			n := data.Node
			key := n.Name + n.File
			if n.Typename != tc.typename || n.ID != tc.id || key != tc.key {
				t.Errorf("node(%q) = %+v", tc.id, n)
			}
		})
	}
	t.Run("UnknownIsNull", func(t *testing.T) {
		var data struct{ Nodes []*struct{ ID string } }
		mustDo(t, h, `{ nodes(ids: ["Hospital/不存在", "Nothing/苏州", "苏州", "Document/", "Document/b.txt", "City/苏州"]) { id } }`, nil, &data)
		if len(data.Nodes) != 6 || slices.IndexFunc(data.Nodes[:5], func(n *struct{ ID string }) bool { return n != nil }) >= 0 || data.Nodes[5] == nil {
			t.Errorf("nodes = %+v", data.Nodes)
		}
	})
	t.Run("IDsRoundTrip", func(t *testing.T) {
		// Every id a list hands out fetches the same node again.
		var data struct {
			Hospitals struct {
				Edges []struct{ Node struct{ ID string } }
			}
			Documents struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		mustDo(t, h, `{ hospitals { edges { node { id } } } documents { edges { node { id } } } }`, nil, &data)
		var ids []any
		for _, e := range append(data.Hospitals.Edges, data.Documents.Edges...) {
			ids = append(ids, e.Node.ID)
		}
		var again struct{ Nodes []struct{ ID string } }
		mustDo(t, h, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}, &again)
		for i, n := range again.Nodes {
			if n.ID != ids[i] {
				t.Errorf("nodes[%d] = %q, want %q", i, n.ID, ids[i])
			}
		}
	})
}

type connection struct {
	TotalCount int
	Edges      []struct {
		Cursor string
		Node   struct{ Name string }
	}
	PageInfo struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
}

const hospitalsPage = `query($first: Int, $after: String) { hospitals(first: $first, after: $after) {
	totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
} }`

func testPagination(t *testing.T, h http.Handler) {
	all := sortedCopy([]string{"南京鼓楼医院", "江苏省人民医院", "苏州大学附属第一医院", "苏州市立医院"})

	var got []string
	var after any
	for pages := 0; ; pages++ {
		if pages > len(all) {
			t.Fatal("pagination does not end")
		}
		var data struct{ Hospitals connection }
		mustDo(t, h, hospitalsPage, map[string]any{"first": 3, "after": after}, &data)
		c := data.Hospitals
		if c.TotalCount != len(all) {
			t.Errorf("totalCount = %d, want %d", c.TotalCount, len(all))
		}
		if c.PageInfo.HasPreviousPage != (after != nil) {
			t.Errorf("page %d: hasPreviousPage = %v", pages, c.PageInfo.HasPreviousPage)
		}
		for _, e := range c.Edges {
			got = append(got, e.Node.Name)
		}
		if n := len(c.Edges); n > 0 && (*c.PageInfo.StartCursor != c.Edges[0].Cursor || *c.PageInfo.EndCursor != c.Edges[n-1].Cursor) {
			t.Errorf("page %d: start/end cursors do not match the edges", pages)
		}
		if !c.PageInfo.HasNextPage {
			break
		}
		after = *c.PageInfo.EndCursor
	}
	if !slices.Equal(got, all) {
		t.Errorf("pages = %v, want %v", got, all)
	}

	t.Run("DefaultPageHoldsAll", func(t *testing.T) {
		var data struct{ Hospitals connection }
		mustDo(t, h, hospitalsPage, nil, &data)
		if len(data.Hospitals.Edges) != len(all) || data.Hospitals.PageInfo.HasNextPage {
			t.Errorf("default page: %d edges, hasNextPage %v", len(data.Hospitals.Edges), data.Hospitals.PageInfo.HasNextPage)
		}
	})
	t.Run("FirstZero", func(t *testing.T) {
		var data struct{ Hospitals connection }
		mustDo(t, h, hospitalsPage, map[string]any{"first": 0}, &data)
		c := data.Hospitals
		if len(c.Edges) != 0 || !c.PageInfo.HasNextPage || c.PageInfo.EndCursor != nil || c.TotalCount != len(all) {
			t.Errorf("first 0: %+v", c)
		}
	})
	t.Run("CursorPastTheEnd", func(t *testing.T) {
		var first struct{ Hospitals connection }
		mustDo(t, h, hospitalsPage, map[string]any{"first": 10}, &first)
		last := first.Hospitals.Edges[len(first.Hospitals.Edges)-1].Cursor
		var data struct{ Hospitals connection }
		mustDo(t, h, hospitalsPage, map[string]any{"after": last}, &data)
		if c := data.Hospitals; len(c.Edges) != 0 || c.PageInfo.HasNextPage || !c.PageInfo.HasPreviousPage {
			t.Errorf("after the last: %+v", c)
		}
	})
	for _, tc := range []struct {
		name  string
		vars  map[string]any
		query string
	}{
		{"ErrNegativeFirst", map[string]any{"first": -1}, hospitalsPage},
		{"ErrMalformedCursor", map[string]any{"after": "not a cursor!"}, hospitalsPage},
		{"ErrCursorNotBase64OfID", map[string]any{"after": "aGVsbG8"}, hospitalsPage},
		{"ErrCursorFromAnotherList", nil, `{ cities(first: 1) { edges { cursor } } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vars := tc.vars
			if tc.query != hospitalsPage {
				var data struct {
					Cities struct{ Edges []struct{ Cursor string } }
				}
				mustDo(t, h, tc.query, nil, &data)
				vars = map[string]any{"after": data.Cities.Edges[0].Cursor}
			}
			var data struct{ Hospitals *connection }
			errs := do(t, h, hospitalsPage, vars, &data)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Message, "invalid argument") {
				t.Fatalf("errors = %+v, want one invalid argument", errs)
			}
			if data.Hospitals != nil {
				t.Errorf("hospitals = %+v, want null", data.Hospitals)
			}
		})
	}
}

func testListsAreConnections(t *testing.T, h http.Handler) {
	var data struct {
		Provinces, Cities, Departments, Symptoms, Policies connection
		Documents                                          struct {
			TotalCount int
			Edges      []struct{ Node struct{ File, Title string } }
		}
	}
	mustDo(t, h, `{
		provinces { totalCount edges { node { name } } }
		cities { totalCount edges { node { name } } }
		departments { totalCount edges { node { name } } }
		symptoms { totalCount edges { node { name } } }
		policies { totalCount edges { node { name } } }
		documents { totalCount edges { node { file title } } }
	}`, nil, &data)
	for _, tc := range []struct {
		name string
		c    connection
		want []string
	}{
		{"provinces", data.Provinces, []string{"江苏"}},
		{"cities", data.Cities, []string{"南京", "姑苏区", "苏州"}},
		{"departments", data.Departments, []string{"血液科"}},
		{"symptoms", data.Symptoms, []string{"皮肤紫癜", "白血病"}},
		{"policies", data.Policies, []string{"家庭共济"}},
	} {
		var got []string
		for _, e := range tc.c.Edges {
			got = append(got, e.Node.Name)
		}
		if want := sortedCopy(tc.want); !slices.Equal(got, want) || tc.c.TotalCount != len(want) {
			t.Errorf("%s = %v (total %d), want %v", tc.name, got, tc.c.TotalCount, want)
		}
	}
	if d := data.Documents; d.TotalCount != 1 || d.Edges[0].Node.File != file || d.Edges[0].Node.Title != title {
		t.Errorf("documents = %+v", d)
	}
}
