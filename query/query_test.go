package query_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
)

// page builds one document's extraction: every fact gets a sentence of its
// own, so every span is exact.
type page struct {
	ex   *kg.Extraction
	text []rune
}

// newPage starts a document whose related items have these dates.
func newPage(file string, dates ...string) *page {
	p := &page{ex: &kg.Extraction{Doc: kg.Document{File: file, Title: file}}}
	for i, d := range dates {
		p.ex.Doc.Items = append(p.ex.Doc.Items, kg.Item{Index: i, Title: fmt.Sprintf("条目%d", i), Date: d})
	}
	return p
}

func (p *page) span(s string) kg.Span {
	start := len(p.text)
	p.text = append(p.text, []rune(s)...)
	return kg.Span{Start: start, End: len(p.text), Snippet: s}
}

func (p *page) source(item int) kg.Source {
	if item < 0 {
		return kg.Source{Item: -1}
	}
	it := p.ex.Doc.Items[item]
	return kg.Source{Item: item, ItemTitle: it.Title, Date: it.Date}
}

// entity adds an entity and a mention of it in the article.
func (p *page) entity(kind kg.Kind, name string, aliases ...string) kg.EntityRef {
	ref := kg.EntityRef{Kind: kind, Name: name}
	e := kg.Entity{EntityRef: ref, Aliases: aliases}
	switch kind {
	case kg.KindSymptom:
		e.Category = kg.CategorySymptom
	case kg.KindCity:
		e.Level = kg.LevelPrefecture
	}
	p.ex.Entities = append(p.ex.Entities, e)
	p.ex.Mentions = append(p.ex.Mentions, kg.Mention{Entity: ref, Surface: name, Source: p.source(-1), Span: p.span(name + "。")})
	return ref
}

// condition adds a symptom entity of the CONDITION category.
func (p *page) condition(name string) kg.EntityRef {
	ref := p.entity(kg.KindSymptom, name)
	p.ex.Entities[len(p.ex.Entities)-1].Category = kg.CategoryCondition
	return ref
}

// rel adds a relation stated in an item (-1: the article).
func (p *page) rel(t kg.RelationType, from, to kg.EntityRef, item int, m kg.Method) {
	p.ex.Relations = append(p.ex.Relations, kg.Relation{Type: t, From: from, To: to, Method: m,
		Source: p.source(item), Span: p.span(from.Name + "与" + to.Name + "。")})
}

func (p *page) done() *kg.Extraction {
	p.ex.Doc.Text = string(p.text)
	return p.ex
}

func ref(kind kg.Kind, name string) kg.EntityRef {
	return kg.EntityRef{Kind: kind, Name: name}
}

var (
	jiangsu  = ref(kg.KindProvince, "江苏省")
	anhui    = ref(kg.KindProvince, "安徽省")
	shanghai = ref(kg.KindProvince, "上海市")
	suzhou   = ref(kg.KindCity, "苏州市")
	suzhouAH = ref(kg.KindCity, "宿州市")
	shCity   = ref(kg.KindCity, "上海市")
	sdfy     = ref(kg.KindHospital, "苏州大学附属第一医院")
	szsl     = ref(kg.KindHospital, "苏州市立医院")
	szAH     = ref(kg.KindHospital, "宿州市立医院")
	huashan  = ref(kg.KindHospital, "华山医院")
	zidian   = ref(kg.KindSymptom, "紫癜")
	toutong  = ref(kg.KindSymptom, "头痛")
	tnb      = ref(kg.KindSymptom, "糖尿病")
	pifu     = ref(kg.KindDepartment, "皮肤科")
)

// The graph of the tests, in a real bolt store:
//
//	苏州大学附属第一医院 (苏大附一院) — 苏州市 (苏州) — 江苏省: 紫癜 in two documents, 皮肤科
//	苏州市立医院 — 苏州市: 紫癜 in two items of one document, read from context
//	宿州市立医院 — 宿州市 (宿州) — 安徽省: 紫癜 in one item, 糖尿病
//	华山医院 — 上海市 (a municipality: province and city): 头痛
func openIndex(t *testing.T) *index.Index {
	t.Helper()
	s := graphtest.Open(t)
	a := newPage("a.txt", "2025-01-01", "2025-03-01")
	for _, e := range []struct {
		ref     kg.EntityRef
		aliases []string
	}{
		{jiangsu, []string{"江苏"}}, {anhui, []string{"安徽"}}, {shanghai, []string{"上海"}},
		{suzhou, []string{"苏州"}}, {suzhouAH, []string{"宿州"}}, {shCity, []string{"上海"}},
		{sdfy, []string{"苏大附一院"}}, {szsl, nil}, {szAH, nil}, {huashan, nil},
		{zidian, nil}, {toutong, nil}, {pifu, nil},
	} {
		a.entity(e.ref.Kind, e.ref.Name, e.aliases...)
	}
	a.condition(tnb.Name)
	a.rel(kg.LocatedIn, sdfy, suzhou, -1, kg.MethodName)
	a.rel(kg.LocatedIn, szsl, suzhou, -1, kg.MethodName)
	a.rel(kg.LocatedIn, szAH, suzhouAH, -1, kg.MethodName)
	a.rel(kg.LocatedIn, huashan, shCity, -1, kg.MethodAuthority)
	a.rel(kg.InProvince, suzhou, jiangsu, -1, kg.MethodGazetteer)
	a.rel(kg.InProvince, suzhouAH, anhui, -1, kg.MethodGazetteer)
	a.rel(kg.RecommendedFor, sdfy, zidian, 0, kg.MethodList)
	a.rel(kg.RecommendedFor, szsl, zidian, 0, kg.MethodContext)
	a.rel(kg.RecommendedFor, szsl, zidian, 1, kg.MethodContext)
	a.rel(kg.RecommendedFor, szAH, zidian, 1, kg.MethodSentence)
	a.rel(kg.RecommendedFor, szAH, tnb, 1, kg.MethodSentence)
	a.rel(kg.RecommendedFor, huashan, toutong, -1, kg.MethodList)
	a.rel(kg.HasDepartment, sdfy, pifu, -1, kg.MethodList)
	a.rel(kg.DepartmentFor, pifu, zidian, -1, kg.MethodSentence)
	b := newPage("b.txt", "2025-06-01")
	b.entity(sdfy.Kind, sdfy.Name)
	b.entity(zidian.Kind, zidian.Name)
	b.rel(kg.RecommendedFor, sdfy, zidian, 0, kg.MethodTitleTemplate)
	ctx := context.Background()
	for _, ex := range []*kg.Extraction{a.done(), b.done()} {
		if _, err := s.Put(ctx, ex); err != nil {
			t.Fatal(err)
		}
	}
	x, err := s.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func names(refs []kg.EntityRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Name
	}
	return out
}

func ptr(s string) *string { return &s }

func TestQueries(t *testing.T) {
	x := openIndex(t)
	ctx := context.Background()

	t.Run("Find", func(t *testing.T) {
		for _, c := range []struct {
			kind kg.Kind
			name string
			want []string
		}{
			{kg.KindCity, "苏州市", []string{"苏州市"}},
			{kg.KindCity, "苏州", []string{"苏州市"}},               // alias
			{kg.KindCity, "suzhou", []string{"宿州市", "苏州市"}},    // one pinyin, two cities
			{kg.KindCity, "Su Zhou", []string{"宿州市", "苏州市"}},   // case and spaces
			{kg.KindHospital, "sdfyy", []string{"苏州大学附属第一医院"}}, // the alias's initials
			{kg.KindCity, "suz", []string{"宿州市", "苏州市"}},       // full and initial, mixed
			{kg.KindCity, "suzho", nil},                        // a syllable cut short: not a name
			{kg.KindCity, "苏", nil},
			{kg.KindCity, "", nil},
		} {
			if got := names(query.Find(x, c.kind, c.name)); !slices.Equal(got, c.want) {
				t.Errorf("Find(%s, %q) = %v, want %v", c.kind, c.name, got, c.want)
			}
		}
	})

	t.Run("Place", func(t *testing.T) {
		for _, c := range []struct {
			place query.Place
			want  []string // nil: no condition
		}{
			{query.Place{}, nil},
			{query.Place{City: ptr("苏州")}, []string{"苏州大学附属第一医院", "苏州市立医院"}},
			{query.Place{City: ptr("suzhou")}, []string{"宿州市立医院", "苏州大学附属第一医院", "苏州市立医院"}},
			{query.Place{Province: ptr("江苏")}, []string{"苏州大学附属第一医院", "苏州市立医院"}},
			{query.Place{Province: ptr("上海")}, []string{"华山医院"}}, // a municipality is its own city
			{query.Place{City: ptr("suzhou"), Province: ptr("安徽省")}, []string{"宿州市立医院"}},
			{query.Place{City: ptr("苏州"), Province: ptr("安徽省")}, []string{}},
			{query.Place{City: ptr("没有这个市")}, []string{}},
		} {
			got := c.place.Hospitals(x)
			if c.want == nil {
				if got != nil {
					t.Errorf("%+v: %v, want no condition", c.place, got)
				}
				continue
			}
			var gotNames []string
			for r := range got {
				gotNames = append(gotNames, r.Name)
			}
			slices.Sort(gotNames)
			if got == nil || !slices.Equal(gotNames, c.want) && len(gotNames)+len(c.want) > 0 {
				t.Errorf("%+v: %v, want %v", c.place, gotNames, c.want)
			}
		}
	})

	t.Run("Recommend", func(t *testing.T) {
		type row struct {
			hospital         string
			documents, items int
		}
		rows := func(rs []query.Ranked) []row {
			out := make([]row, len(rs))
			for i, r := range rs {
				if r.Rank != i+1 || r.Link.To.Kind != kg.KindSymptom {
					t.Errorf("rank %d at %d: %+v", r.Rank, i, r)
				}
				out[i] = row{r.Link.From.Name, r.Support.Documents, r.Support.Items}
			}
			return out
		}
		all := []row{{"苏州大学附属第一医院", 2, 2}, {"苏州市立医院", 1, 2}, {"宿州市立医院", 1, 1}}
		for _, c := range []struct {
			name    string
			symptom string
			place   query.Place
			least   float64
			n       int
			want    []row
		}{
			{"documents, then items", "紫癜", query.Place{}, 0, 10, all},
			{"first n", "紫癜", query.Place{}, 0, 1, all[:1]},
			{"none asked", "紫癜", query.Place{}, 0, 0, []row{}},
			{"by city", "紫癜", query.Place{City: ptr("苏州市")}, 0, 10, all[:2]},
			{"by province", "紫癜", query.Place{Province: ptr("安徽")}, 0, 10, all[2:]},
			// CONTEXT (0.53) is under 0.6; the others are not.
			{"min confidence", "紫癜", query.Place{}, 0.6, 10, []row{all[0], all[2]}},
			{"a municipality", "头痛", query.Place{Province: ptr("上海")}, 0, 10, []row{{"华山医院", 1, 1}}},
			{"unknown symptom", "皮肤紫斑", query.Place{}, 0, 10, []row{}},
		} {
			got := rows(query.Recommend(x, c.symptom, c.place, c.least, c.n))
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		// Support carries the dates and methods of the items stating it.
		r := query.Recommend(x, "紫癜", query.Place{}, 0, 1)[0].Support
		if r.FirstDate != "2025-01-01" || r.LastDate != "2025-06-01" || r.Confidence != kg.MethodTitleTemplate.Confidence() ||
			!slices.Equal(r.Methods, []kg.Method{kg.MethodTitleTemplate, kg.MethodList}) {
			t.Errorf("support of the first: %+v", r)
		}
	})

	t.Run("Links", func(t *testing.T) {
		pairs := func(rows []query.LinkRow) []string {
			out := make([]string, len(rows))
			for i, r := range rows {
				out[i] = r.Link.From.Name + "→" + r.Link.To.Name
				if i > 0 && rows[i-1].Key >= r.Key {
					t.Errorf("keys out of order at %d: %q, %q", i, rows[i-1].Key, r.Key)
				}
			}
			return out
		}
		condition := kg.CategoryCondition
		for _, c := range []struct {
			name   string
			filter query.LinkFilter
			order  query.LinkOrder
			want   []string
		}{
			{"every link, by hospital", query.LinkFilter{}, query.LinkOrder{},
				[]string{"华山医院→头痛", "宿州市立医院→糖尿病", "宿州市立医院→紫癜", "苏州大学附属第一医院→紫癜", "苏州市立医院→紫癜"}},
			{"by hospital, descending", query.LinkFilter{}, query.LinkOrder{Desc: true},
				[]string{"苏州市立医院→紫癜", "苏州大学附属第一医院→紫癜", "宿州市立医院→紫癜", "宿州市立医院→糖尿病", "华山医院→头痛"}},
			{"most documents first", query.LinkFilter{Symptom: ptr("紫癜")}, query.LinkOrder{Field: query.ByDocuments, Desc: true},
				[]string{"苏州大学附属第一医院→紫癜", "宿州市立医院→紫癜", "苏州市立医院→紫癜"}},
			{"most items first", query.LinkFilter{Symptom: ptr("紫癜")}, query.LinkOrder{Field: query.ByItems, Desc: true},
				[]string{"苏州大学附属第一医院→紫癜", "苏州市立医院→紫癜", "宿州市立医院→紫癜"}},
			{"latest first", query.LinkFilter{}, query.LinkOrder{Field: query.ByLastDate, Desc: true},
				[]string{"苏州大学附属第一医院→紫癜", "宿州市立医院→糖尿病", "宿州市立医院→紫癜", "苏州市立医院→紫癜", "华山医院→头痛"}},
			{"by department", query.LinkFilter{Department: ptr("皮肤科")}, query.LinkOrder{},
				[]string{"苏州大学附属第一医院→紫癜"}},
			{"by hospital alias", query.LinkFilter{Hospital: ptr("苏大附一院")}, query.LinkOrder{},
				[]string{"苏州大学附属第一医院→紫癜"}},
			{"conditions", query.LinkFilter{Category: &condition}, query.LinkOrder{},
				[]string{"宿州市立医院→糖尿病"}},
			{"by place and confidence", query.LinkFilter{Place: query.Place{City: ptr("suzhou")}, MinConfidence: 0.6}, query.LinkOrder{},
				[]string{"宿州市立医院→糖尿病", "宿州市立医院→紫癜", "苏州大学附属第一医院→紫癜"}},
			{"unknown department", query.LinkFilter{Department: ptr("没有这个科")}, query.LinkOrder{}, []string{}},
		} {
			if got := pairs(query.Links(x, c.filter.Test(x), c.order)); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
	})

	t.Run("Count", func(t *testing.T) {
		st := query.Count(x)
		if st.Documents != 2 {
			t.Errorf("documents: %d", st.Documents)
		}
		kinds := map[kg.Kind]int{}
		for _, k := range st.Entities {
			kinds[k.Kind] = k.Count
		}
		want := map[kg.Kind]int{kg.KindProvince: 3, kg.KindCity: 3, kg.KindHospital: 4,
			kg.KindDepartment: 1, kg.KindSymptom: 3, kg.KindPolicy: 0}
		if fmt.Sprint(kinds) != fmt.Sprint(want) {
			t.Errorf("entities: %v, want %v", kinds, want)
		}
		rels := map[kg.RelationType][2]int{}
		for _, r := range st.Relations {
			rels[r.Type] = [2]int{r.Count, r.Evidence}
		}
		// 苏大附一院→紫癜 twice, 苏州市立医院→紫癜 twice: 5 links, 7 pieces of evidence.
		if rels[kg.RecommendedFor] != [2]int{5, 7} || rels[kg.LocatedIn] != [2]int{4, 4} || rels[kg.PolicyAppliesIn] != [2]int{} {
			t.Errorf("relations: %v", rels)
		}
		var cities, provinces []string
		for _, c := range st.Cities {
			cities = append(cities, fmt.Sprintf("%s %d %d %d", c.City.Name, c.Hospitals, c.Symptoms, c.Recommendations))
		}
		for _, p := range st.Provinces {
			provinces = append(provinces, fmt.Sprintf("%s %d %d %d", p.Province.Name, p.Cities, p.Hospitals, p.Recommendations))
		}
		if want := []string{"上海市 1 1 1", "宿州市 1 2 2", "苏州市 2 1 2"}; !slices.Equal(cities, want) {
			t.Errorf("cities: %v, want %v", cities, want)
		}
		if want := []string{"上海市 1 1 1", "安徽省 1 1 2", "江苏省 1 2 2"}; !slices.Equal(provinces, want) {
			t.Errorf("provinces: %v, want %v", provinces, want)
		}
	})

	t.Run("Search", func(t *testing.T) {
		var s query.Searcher
		show := func(hits []query.Hit) []string {
			out := make([]string, len(hits))
			for i, h := range hits {
				out[i] = fmt.Sprintf("%s %d %s", h.Ref.Name, h.Match, h.Matched)
				if h.Pinyin != nil {
					out[i] += " " + strings.Join(h.Pinyin, " ")
				}
			}
			return out
		}
		for _, c := range []struct {
			text  string
			kinds []kg.Kind
			n     int
			want  []string
		}{
			// Exact (0) on the alias beats prefixes (1), canonical names
			// before aliases, shorter first.
			{"苏州", nil, 10, []string{"苏州市 0 苏州", "苏州市立医院 1 苏州市立医院", "苏州大学附属第一医院 1 苏州大学附属第一医院"}},
			{"苏州", []kg.Kind{kg.KindHospital}, 1, []string{"苏州市立医院 1 苏州市立医院"}},
			{"附一", nil, 10, []string{"苏州大学附属第一医院 2 苏大附一院"}},
			// Pinyin (3): initials of the alias, and the start of a name.
			{"sdfyy", nil, 10, []string{"苏州大学附属第一医院 3 苏大附一院 su da fu yi yuan"}},
			{"huashan", nil, 10, []string{"华山医院 3 华山医院 hua shan"}},
			{"  ", nil, 10, []string{}},
			{"紫癜", nil, 0, []string{}},
		} {
			if got := show(s.Search(x, c.text, c.kinds, c.n)); !slices.Equal(got, c.want) {
				t.Errorf("Search(%q, %v, %d) = %q, want %q", c.text, c.kinds, c.n, got, c.want)
			}
		}
	})

	t.Run("Suggest", func(t *testing.T) {
		var s query.Searcher
		for _, c := range []struct {
			kind kg.Kind
			name string
			want []string
		}{
			{kg.KindCity, "苏洲", []string{"宿州市", "苏州市"}},               // homophones, by documents, then name
			{kg.KindCity, "suzou", []string{"宿州市", "苏州市"}},            // pinyin a letter off
			{kg.KindHospital, "苏州大学附属第一", []string{"苏州大学附属第一医院"}},     // a part of a name
			{kg.KindHospital, "苏州大学附属第一医院本部", []string{"苏州大学附属第一医院"}}, // a name and more
			{kg.KindSymptom, "紫斑", []string{"紫癜"}},                    // one character off
			{kg.KindSymptom, "糖尿", []string{"糖尿病"}},                   // …
			{kg.KindHospital, "苏洲", nil},                              // not of this kind
			{kg.KindSymptom, "骨折", nil},                               // nothing near
			{kg.KindCity, "苏州", nil},                                  // known: nothing to suggest
			{kg.KindCity, strings.Repeat("苏洲", 30), nil},              // too long to be a typo
		} {
			var got []string
			for _, r := range s.Suggest(x, c.kind, c.name, 5) {
				got = append(got, r.Name)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Suggest(%s, %q) = %v, want %v", c.kind, c.name, got, c.want)
			}
		}
		if got := s.Suggest(x, kg.KindCity, "苏洲", 1); len(got) != 1 {
			t.Errorf("n 1: %v", got)
		}
	})

	t.Run("Neighborhood", func(t *testing.T) {
		sg, err := query.Neighborhood(ctx, x, suzhou, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := names(sg.Nodes), []string{"苏州市", "江苏省", "苏州大学附属第一医院", "苏州市立医院"}; !slices.Equal(got, want) || sg.Truncated {
			t.Errorf("nodes %v (truncated %v), want %v", got, sg.Truncated, want)
		}
		var links []string
		for _, l := range sg.Links {
			links = append(links, fmt.Sprintf("%s %s %s", l.From.Name, l.Type, l.To.Name))
		}
		if want := []string{"苏州大学附属第一医院 LOCATED_IN 苏州市", "苏州市立医院 LOCATED_IN 苏州市", "苏州市 IN_PROVINCE 江苏省"}; !slices.Equal(links, want) {
			t.Errorf("links %v, want %v", links, want)
		}
		sg, err = query.Neighborhood(ctx, x, suzhou, 2, []kg.Kind{kg.KindSymptom, kg.KindHospital})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := names(sg.Nodes), []string{"苏州市", "苏州大学附属第一医院", "苏州市立医院", "紫癜"}; !slices.Equal(got, want) {
			t.Errorf("2 hops, hospitals and symptoms: %v, want %v", got, want)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := query.Neighborhood(cancelled, x, suzhou, 2, nil); err == nil {
			t.Error("a cancelled walk answered")
		}
	})

	t.Run("Paths", func(t *testing.T) {
		show := func(ps []query.Path) []string {
			out := make([]string, len(ps))
			for i, p := range ps {
				if len(p.Links) != len(p.Nodes)-1 {
					t.Errorf("path %d: %d nodes, %d links", i, len(p.Nodes), len(p.Links))
				}
				out[i] = strings.Join(names(p.Nodes), "-")
			}
			return out
		}
		for _, c := range []struct {
			from, to kg.EntityRef
			maxHops  int
			want     []string
		}{
			{zidian, jiangsu, 4, []string{"紫癜-苏州大学附属第一医院-苏州市-江苏省", "紫癜-苏州市立医院-苏州市-江苏省"}},
			{zidian, jiangsu, 2, []string{}},
			{zidian, pifu, 4, []string{"紫癜-皮肤科"}}, // the shortest only
			{huashan, szsl, 6, []string{}},        // not connected
			{sdfy, sdfy, 1, []string{"苏州大学附属第一医院"}},
		} {
			ps, err := query.Paths(ctx, x, c.from, c.to, c.maxHops)
			if err != nil {
				t.Fatal(err)
			}
			if got := show(ps); !slices.Equal(got, c.want) {
				t.Errorf("%s to %s in %d: %v, want %v", c.from.Name, c.to.Name, c.maxHops, got, c.want)
			}
		}
	})
}

// A neighbourhood larger than MaxNeighborhoodNodes keeps the nearest nodes
// and says it is truncated.
func TestNeighborhoodTruncated(t *testing.T) {
	p := newPage("many.txt")
	city := p.entity(kg.KindCity, "测试市")
	for i := range query.MaxNeighborhoodNodes + 5 {
		h := p.entity(kg.KindHospital, fmt.Sprintf("测试第%04d医院", i))
		p.rel(kg.LocatedIn, h, city, -1, kg.MethodName)
	}
	s := graphtest.OpenBackend(t, "memstore")
	ctx := context.Background()
	if _, err := s.Put(ctx, p.done()); err != nil {
		t.Fatal(err)
	}
	x, err := s.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sg, err := query.Neighborhood(ctx, x, city, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sg.Truncated || len(sg.Nodes) != query.MaxNeighborhoodNodes || sg.Nodes[0] != city ||
		sg.Nodes[len(sg.Nodes)-1].Name != fmt.Sprintf("测试第%04d医院", query.MaxNeighborhoodNodes-2) ||
		len(sg.Links) != query.MaxNeighborhoodNodes-1 {
		t.Errorf("truncated %v, %d nodes (last %v), %d links", sg.Truncated, len(sg.Nodes), sg.Nodes[len(sg.Nodes)-1], len(sg.Links))
	}
}

// The keys of a ranking and of a search's hits sort as the rows do, and
// are unique, so that a page can start after one (a keyset cursor).
func TestRankingKeys(t *testing.T) {
	x := openIndex(t)
	increasing := func(keys []string) bool {
		for i := 1; i < len(keys); i++ {
			if keys[i-1] >= keys[i] {
				return false
			}
		}
		return true
	}
	var s query.Searcher
	for _, text := range []string{"苏州", "sz", "医院", "s"} {
		hits := s.Search(x, text, nil, -1)
		if len(hits) < 2 || !increasing(each(hits, func(h query.Hit) string { return h.Key })) {
			t.Errorf("search %q: %d hits, keys not increasing in the hits' order", text, len(hits))
		}
		if first := s.Search(x, text, nil, 1); len(first) != 1 || first[0].Key != hits[0].Key {
			t.Errorf("search %q first 1: %v, want %v", text, first, hits[0])
		}
	}
	rs := query.Recommend(x, "紫癜", query.Place{}, 0, -1)
	if len(rs) < 2 || !increasing(each(rs, func(r query.Ranked) string { return r.Key })) {
		t.Errorf("recommend: %d rows, keys not increasing in rank order", len(rs))
	}
	for i, r := range rs {
		if r.Rank != i+1 {
			t.Errorf("row %d has rank %d", i, r.Rank)
		}
	}
}

func each[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func TestPinyin(t *testing.T) {
	for name, want := range map[string]string{
		"苏州":         "su zhou",
		"苏州大学附属第一医院": "su zhou da xue fu shu di yi yi yuan",
		"CT室":        "CT shi",
		"先诊疗、后付费":    "xian zhen liao hou fu fei",
	} {
		if got := query.Pinyin(name); got != want {
			t.Errorf("Pinyin(%q) = %q, want %q", name, got, want)
		}
	}
}
