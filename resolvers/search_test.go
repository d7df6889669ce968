package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph/kg"
)

type searchHit struct {
	Kind    string
	Entity  struct{ Name string }
	Match   string
	Matched string
	Pinyin  *string
}

const searchQuery = `query($t: String!, $k: [EntityKind!], $n: Int) {
  search(text: $t, kinds: $k, first: $n) { kind entity { name } match matched pinyin } }`

// Search over the seeds, by name, alias, part of a name and pinyin.
func TestSearch(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	search := func(t *testing.T, text string, kinds []string, n int) []searchHit {
		t.Helper()
		var data struct{ Search []searchHit }
		vars := map[string]any{"t": text, "n": n}
		if kinds != nil {
			vars["k"] = kinds
		}
		mustDo(t, h, searchQuery, vars, &data)
		// Best first: EXACT, PREFIX, SUBSTRING, PINYIN.
		order := []string{"EXACT", "PREFIX", "SUBSTRING", "PINYIN"}
		if !slices.IsSortedFunc(data.Search, func(a, b searchHit) int {
			return slices.Index(order, a.Match) - slices.Index(order, b.Match)
		}) {
			t.Errorf("%q: not ranked: %+v", text, data.Search)
		}
		return data.Search
	}
	first := func(t *testing.T, hits []searchHit, kind, name, match, matched string) {
		t.Helper()
		if len(hits) == 0 {
			t.Fatalf("no hits, want %s %s", kind, name)
		}
		if h := hits[0]; h.Kind != kind || h.Entity.Name != name || h.Match != match || h.Matched != matched {
			t.Errorf("first hit %+v, want %s %s by %s %s", h, kind, name, match, matched)
		}
	}
	for _, tc := range []struct {
		text, kind, name, match, matched, pinyin string
	}{
		{"苏州", "CITY", "苏州", "EXACT", "苏州", ""},
		{"苏州市", "CITY", "苏州", "EXACT", "苏州市", ""}, // alias
		{"常州二院", "HOSPITAL", "常州市第二人民医院", "EXACT", "常州二院", ""},
		{"苏州大学附属第", "HOSPITAL", "苏州大学附属第一医院", "PREFIX", "苏州大学附属第一医院", ""},
		{"大学附属第一", "HOSPITAL", "苏州大学附属第一医院", "SUBSTRING", "苏州大学附属第一医院", ""},
		{"suzhou", "CITY", "苏州", "PINYIN", "苏州", "su zhou"},
		{"Su Zhou", "CITY", "苏州", "PINYIN", "苏州", "su zhou"},
		{"szdxfsdyyy", "HOSPITAL", "苏州大学附属第一医院", "PINYIN", "苏州大学附属第一医院", "su zhou da xue fu shu di yi yi yuan"},
		{"suzhoudaxuefushudiyi", "HOSPITAL", "苏州大学附属第一医院", "PINYIN", "苏州大学附属第一医院", "su zhou da xue fu shu di yi"},
		{"czey", "HOSPITAL", "常州市第二人民医院", "PINYIN", "常州二院", "chang zhou er yuan"},
		{"chongqing", "PROVINCE", "重庆", "PINYIN", "重庆", "chong qing"}, // 重 is mostly zhong
		{"zidian", "SYMPTOM", "皮肤紫癜", "PINYIN", "紫癜", "zi dian"},
		{"jtgj", "INSURANCE_POLICY", "家庭共济", "PINYIN", "家庭共济", "jia ting gong ji"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			hits := search(t, tc.text, nil, 5)
			first(t, hits, tc.kind, tc.name, tc.match, tc.matched)
			if len(hits) > 0 && (tc.pinyin == "") != (hits[0].Pinyin == nil) ||
				tc.pinyin != "" && hits[0].Pinyin != nil && *hits[0].Pinyin != tc.pinyin {
				t.Errorf("pinyin %v, want %q", hits[0].Pinyin, tc.pinyin)
			}
		})
	}
	t.Run("InitialsOfACity", func(t *testing.T) {
		hits := search(t, "sz", []string{"CITY"}, 10)
		var names []string
		for _, h := range hits {
			names = append(names, h.Entity.Name)
			if h.Kind != "CITY" {
				t.Errorf("kinds filter let %+v through", h)
			}
		}
		// 深圳 and 苏州 are sz from their start; any other city only
		// inside its name or by a rare reading, after them.
		if len(names) < 2 || !slices.Equal(names[:2], []string{"深圳", "苏州"}) {
			t.Errorf("sz: %v", names)
		}
	})
	t.Run("ExactBeforePrefixBeforePinyin", func(t *testing.T) {
		hits := search(t, "苏州", nil, 50)
		var hospitals int
		for _, h := range hits[1:] {
			if h.Match != "PREFIX" || h.Kind != "HOSPITAL" {
				t.Errorf("after 苏州: %+v", h)
			}
			hospitals++
		}
		// The five of 苏州 and 常州市第一人民医院, also called 苏州大学附属第三医院.
		if hospitals != 6 {
			t.Errorf("%d hospitals start with 苏州, want 6", hospitals)
		}
		// Each entity once, with its best match: 苏州 is EXACT, not also PINYIN.
		hits = search(t, "suzhou", nil, 50)
		seen := map[string]bool{}
		for _, h := range hits {
			if seen[h.Kind+h.Entity.Name] {
				t.Errorf("%s twice", h.Entity.Name)
			}
			seen[h.Kind+h.Entity.Name] = true
		}
		if len(hits) != 7 {
			t.Errorf("suzhou: %d hits, want 苏州 and its 6 hospitals: %+v", len(hits), hits)
		}
	})
	t.Run("NothingForBlankOrUnknown", func(t *testing.T) {
		for _, text := range []string{"", "  ", "xyzxyzxyz", "火星医院"} {
			if hits := search(t, text, nil, 5); len(hits) != 0 {
				t.Errorf("%q: %+v", text, hits)
			}
		}
	})
	t.Run("First", func(t *testing.T) {
		if hits := search(t, "yy", nil, 3); len(hits) != 3 {
			t.Errorf("first 3: %d hits", len(hits))
		}
		if errs := do(t, h, searchQuery, map[string]any{"t": "a", "n": -1}, nil); len(errs) != 1 {
			t.Errorf("first -1: %+v", errs)
		}
	})
}

// Search and the analyst fields on the seeds, the index built.
func BenchmarkSeedQueries(b *testing.B) {
	h := seededHandler(b, seededStore(b))
	for _, q := range []struct{ name, query string }{
		{"SearchPinyinInitials", `{ search(text: "szdxfsdyyy") { kind matched entity { name } } }`},
		{"SearchChinese", `{ search(text: "苏州") { kind matched entity { name } } }`},
		{"Recommend", `{ recommend(symptom: "紫癜", city: "苏州市") { rank hospital { name } evidence { snippet } } }`},
		{"Links", `{ links(filter: {province: "江苏"}, first: 100) { totalCount edges { node { hospital { name } symptom { name } documents } } } }`},
		{"Paths", `{ paths(from: "InsurancePolicy/家庭共济", to: "Hospital/苏州大学附属第一医院") { length } }`},
	} {
		body, _ := json.Marshal(map[string]string{"query": q.query})
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
					b.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}

// Search after a write finds the new names (also by pinyin), and a name
// it knew before with the entities it names now. The search index of the
// earlier generation is reused for the names it had.
func TestSearchAfterWrite(t *testing.T) {
	store := seededStore(t)
	h := seededHandler(t, store)
	search := func(text string) []searchHit {
		t.Helper()
		var data struct{ Search []searchHit }
		mustDo(t, h, searchQuery, map[string]any{"t": text, "n": 20}, &data)
		return data.Search
	}
	has := func(hits []searchHit, name string) bool {
		return slices.ContainsFunc(hits, func(h searchHit) bool { return h.Entity.Name == name })
	}
	if hits := search("常州二院"); !has(hits, "常州市第二人民医院") || has(hits, "测试新区医院") {
		t.Fatalf("before the write: %+v", hits)
	}
	text := "测试新区医院，又称常州二院。"
	ex := &kg.Extraction{
		Doc: kg.Document{File: "search_after_write.txt", Title: "测试", Text: text},
		Entities: []kg.Entity{{
			EntityRef: kg.EntityRef{Kind: kg.KindHospital, Name: "测试新区医院"},
			Aliases:   []string{"常州二院"},
		}},
		Mentions: []kg.Mention{{
			Entity:  kg.EntityRef{Kind: kg.KindHospital, Name: "测试新区医院"},
			Surface: "测试新区医院",
			Source:  kg.Source{Item: -1},
			Span:    kg.Span{Start: 0, End: 6, Snippet: "测试新区医院"},
		}},
	}
	if _, err := store.Put(context.Background(), ex); err != nil {
		t.Fatal(err)
	}
	if hits := search("ceshixinqu"); !has(hits, "测试新区医院") {
		t.Errorf("new name by pinyin: %+v", hits)
	}
	if hits := search("常州二院"); !has(hits, "常州市第二人民医院") || !has(hits, "测试新区医院") {
		t.Errorf("a known alias that now names two hospitals: %+v", hits)
	}
}
