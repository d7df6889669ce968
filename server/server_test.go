package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/resolvers"
	"github.com/medkg/medkg/server"
)

// The fixture: one document whose related item recommends three hospitals
// in 苏州 for 皮肤紫癜.
//
//	苏州大学附属第一医院 ─┬─recommendedFor─→ 皮肤紫癜 ←─departmentFor─ 血液科
//	苏州市立医院 ─────────┤                                            ↑
//	苏州市中医医院 ───────┘          苏州大学附属第一医院 ─hasDepartment─┘
//	(each) ─locatedIn─→ 苏州 ─inProvince─→ 江苏
//	家庭共济 ─policyAppliesIn─→ 苏州
const (
	file      = "000_test.txt"
	itemTitle = "2025年江苏苏州出现皮肤紫癜去哪家医院好"
	itemDate  = "2025-04-21"
	text      = itemTitle + "\n" +
		"推荐苏州大学附属第一医院，其血液科擅长皮肤紫癜。苏州市立医院、苏州市中医医院也可以。江苏苏州已开通家庭共济。"
)

var (
	hospitals = []string{"苏州大学附属第一医院", "苏州市立医院", "苏州市中医医院"}
	suzhou    = kg.EntityRef{Kind: kg.KindCity, Name: "苏州"}
	jiangsu   = kg.EntityRef{Kind: kg.KindProvince, Name: "江苏"}
	purpura   = kg.EntityRef{Kind: kg.KindSymptom, Name: "皮肤紫癜"}
	xueye     = kg.EntityRef{Kind: kg.KindDepartment, Name: "血液科"}
	gongji    = kg.EntityRef{Kind: kg.KindPolicy, Name: "家庭共济"}
)

// span returns where s first occurs in text, in code points.
func span(s string) kg.Span {
	i := strings.Index(text, s)
	if i < 0 {
		panic(s + " not in the fixture text")
	}
	start := len([]rune(text[:i]))
	return kg.Span{Start: start, End: start + len([]rune(s)), Snippet: s}
}

func extraction() *kg.Extraction {
	src := kg.Source{Item: 0, ItemTitle: itemTitle, Date: itemDate}
	ex := &kg.Extraction{
		Doc: kg.Document{File: file, Title: itemTitle, Date: itemDate, Text: text,
			Items: []kg.Item{{Index: 0, Title: itemTitle, Date: itemDate, Start: 0, End: len([]rune(text))}}},
		Entities: []kg.Entity{
			{EntityRef: suzhou, Aliases: []string{"苏州市"}, Level: kg.LevelPrefecture},
			{EntityRef: jiangsu, Aliases: []string{"江苏省"}},
			{EntityRef: purpura, Category: kg.CategorySymptom},
			{EntityRef: xueye},
			{EntityRef: gongji},
		},
		Mentions: []kg.Mention{{Entity: purpura, Surface: "皮肤紫癜", Source: src, Span: span("皮肤紫癜。")}},
	}
	rel := func(typ kg.RelationType, from, to kg.EntityRef, snippet string) {
		ex.Relations = append(ex.Relations, kg.Relation{Type: typ, From: from, To: to, Source: src, Span: span(snippet)})
	}
	for _, name := range hospitals {
		h := kg.EntityRef{Kind: kg.KindHospital, Name: name}
		ex.Entities = append(ex.Entities, kg.Entity{EntityRef: h})
		rel(kg.RecommendedFor, h, purpura, name)
		rel(kg.LocatedIn, h, suzhou, name)
	}
	first := kg.EntityRef{Kind: kg.KindHospital, Name: hospitals[0]}
	rel(kg.HasDepartment, first, xueye, "其血液科")
	rel(kg.DepartmentFor, xueye, purpura, "血液科擅长皮肤紫癜")
	rel(kg.InProvince, suzhou, jiangsu, "江苏苏州")
	rel(kg.PolicyAppliesIn, gongji, suzhou, "苏州已开通家庭共济")
	return ex
}

// newServer serves a bolt store holding the fixture.
func newServer(t *testing.T, opts server.Options) *httptest.Server {
	t.Helper()
	store := graphtest.Open(t)
	if _, err := store.Put(context.Background(), extraction()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(store, opts))
	t.Cleanup(srv.Close)
	return srv
}

type response struct {
	Data   json.RawMessage
	Errors []struct {
		Message    string
		Path       []any
		Extensions map[string]any
	}
}

func post(t *testing.T, srv *httptest.Server, query string, vars map[string]any) (int, response) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func get(t *testing.T, srv *httptest.Server, query string) (int, response) {
	t.Helper()
	resp, err := http.Get(srv.URL + "/graphql?" + url.Values{"query": {query}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func decode(t *testing.T, resp *http.Response) (int, response) {
	t.Helper()
	defer resp.Body.Close()
	var r response
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return resp.StatusCode, r
}

// errCodes returns each error's extensions.code.
func (r response) errCodes() []string {
	var codes []string
	for _, e := range r.Errors {
		code, _ := e.Extensions["code"].(string)
		codes = append(codes, code)
	}
	return codes
}

func testExampleQuery(t *testing.T, srv *httptest.Server) {
	status, resp := post(t, srv, server.ExampleQuery, nil)
	if status != http.StatusOK || len(resp.Errors) > 0 {
		t.Fatalf("status %d, errors %+v", status, resp.Errors)
	}
	var data struct {
		Symptom struct {
			Name            string
			Recommendations []struct {
				Hospital struct {
					Name string
					City struct {
						Name     string
						Province struct{ Name string }
						Policies []struct{ Name string }
					}
				}
				Evidence []struct {
					Snippet    string
					ItemTitle  string
					Date       string
					Start, End int
					Document   struct{ Title, File string }
				}
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range data.Symptom.Recommendations {
		got = append(got, r.Hospital.Name)
		if c := r.Hospital.City; c.Name != "苏州" || c.Province.Name != "江苏" || len(c.Policies) != 1 || c.Policies[0].Name != "家庭共济" {
			t.Errorf("%s: city %+v", r.Hospital.Name, c)
		}
		if len(r.Evidence) != 1 {
			t.Fatalf("%s: evidence %+v", r.Hospital.Name, r.Evidence)
		}
		ev, want := r.Evidence[0], span(r.Hospital.Name)
		if ev.Snippet != want.Snippet || ev.Start != want.Start || ev.End != want.End ||
			ev.ItemTitle != itemTitle || ev.Date != itemDate || ev.Document.File != file || ev.Document.Title != itemTitle {
			t.Errorf("%s: evidence %+v, want %+v", r.Hospital.Name, ev, want)
		}
	}
	want := slices.Clone(hospitals)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("hospitals = %v, want %v", got, want)
	}
}

// TestServer runs the tests that only read against one server: a new bolt
// store takes most of a second to make.
func TestServer(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	srv := newServer(t, server.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})

	t.Run("ExampleQuery", func(t *testing.T) { testExampleQuery(t, srv) })
	t.Run("Playground", func(t *testing.T) { testPlayground(t, srv) })
	t.Run("SchemaSDL", func(t *testing.T) { testSchemaSDL(t, srv) })

	t.Run("GET", func(t *testing.T) {
		status, resp := get(t, srv, `{ city(name: "苏州市") { id name hospitals { name } } }`)
		if status != http.StatusOK || len(resp.Errors) > 0 {
			t.Fatalf("status %d, errors %+v", status, resp.Errors)
		}
		if !strings.Contains(string(resp.Data), `"id":"City/苏州"`) || !strings.Contains(string(resp.Data), "苏州市立医院") {
			t.Errorf("data = %s", resp.Data)
		}
	})
	t.Run("Pagination", func(t *testing.T) {
		q := `query($after: String) { hospitals(first: 2, after: $after) {
			totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`
		var names []string
		var after any
		for page := 0; page < 2; page++ {
			_, resp := post(t, srv, q, map[string]any{"after": after})
			var data struct {
				Hospitals struct {
					TotalCount int
					Edges      []struct{ Node struct{ Name string } }
					PageInfo   struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
			if err := json.Unmarshal(resp.Data, &data); err != nil || len(resp.Errors) > 0 {
				t.Fatalf("page %d: %v %+v", page, err, resp.Errors)
			}
			c := data.Hospitals
			if c.TotalCount != 3 || c.PageInfo.HasNextPage != (page == 0) {
				t.Errorf("page %d: totalCount %d, hasNextPage %v", page, c.TotalCount, c.PageInfo.HasNextPage)
			}
			for _, e := range c.Edges {
				names = append(names, e.Node.Name)
			}
			after = c.PageInfo.EndCursor
		}
		want := slices.Clone(hospitals)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("pages = %v, want %v", names, want)
		}
	})
	t.Run("NodeRoundTrip", func(t *testing.T) {
		for _, id := range []string{"Province/江苏", "City/苏州", "Hospital/苏州大学附属第一医院", "Department/血液科",
			"Symptom/皮肤紫癜", "InsurancePolicy/家庭共济", "Document/" + file} {
			_, resp := post(t, srv, `query($id: ID!) { node(id: $id) { __typename id } }`, map[string]any{"id": id})
			var data struct {
				Node struct {
					Typename string `json:"__typename"`
					ID       string
				}
			}
			json.Unmarshal(resp.Data, &data)
			if data.Node.ID != id || !strings.HasPrefix(id, data.Node.Typename+"/") {
				t.Errorf("node(%q) = %s %+v", id, resp.Data, resp.Errors)
			}
		}
	})
	t.Run("ErrBadCursor", func(t *testing.T) {
		_, resp := post(t, srv, `{ hospitals(after: "bm9wZQ") { totalCount } }`, nil)
		if got := resp.errCodes(); !slices.Equal(got, []string{server.CodeBadUserInput}) {
			t.Errorf("codes = %v (%+v)", got, resp.Errors)
		}
		if resp.Errors[0].Message != "invalid argument after: malformed cursor" || !slices.Equal(resp.Errors[0].Path, []any{"hospitals"}) {
			t.Errorf("error = %+v", resp.Errors[0])
		}
	})
	t.Run("ErrNegativeFirst", func(t *testing.T) {
		_, resp := get(t, srv, `{ symptoms(first: -5) { totalCount } }`)
		if got := resp.errCodes(); !slices.Equal(got, []string{server.CodeBadUserInput}) {
			t.Errorf("codes = %v (%+v)", got, resp.Errors)
		}
	})
	t.Run("ErrValidation", func(t *testing.T) {
		// As the GraphQL over HTTP spec says: 200 for application/json (the
		// default without an Accept header), 400 and no data for
		// application/graphql-response+json.
		status, resp := post(t, srv, `{ hospitals { nope } }`, nil)
		if got := resp.errCodes(); status != http.StatusOK || !slices.Equal(got, []string{"GRAPHQL_VALIDATION_FAILED"}) {
			t.Errorf("status %d, codes = %v", status, got)
		}
		r, body := request(t, http.MethodPost, srv.URL+"/graphql", `{"query": "{ hospitals { nope } }"}`,
			map[string]string{"Content-Type": "application/json", "Accept": "application/graphql-response+json"})
		if r.StatusCode != http.StatusBadRequest || strings.Contains(string(body), `"data"`) ||
			!strings.Contains(string(body), "GRAPHQL_VALIDATION_FAILED") {
			t.Errorf("graphql-response+json: %d %s", r.StatusCode, body)
		}
		r, body = request(t, http.MethodPost, srv.URL+"/graphql", `{"qeury": "{ hospitals { name } }"}`,
			map[string]string{"Content-Type": "application/json"})
		if r.StatusCode != http.StatusBadRequest {
			t.Errorf("no query: %d %s", r.StatusCode, body)
		}
	})
	t.Run("ErrComplexity", func(t *testing.T) {
		// 500 hospitals × their symptoms × those symptoms' hospitals × their
		// departments, with the page size in the query and in a variable.
		const q = `query($n: Int = 500) { hospitals(first: $n) { edges { node {
			recommendedFor { hospitals { departments { hospitals { name } } } } } } } }`
		for _, vars := range []map[string]any{nil, {"n": 500}} {
			_, resp := post(t, srv, q, vars)
			if got := resp.errCodes(); !slices.Equal(got, []string{"COMPLEXITY_LIMIT_EXCEEDED"}) {
				t.Errorf("vars %v: codes = %v (%+v)", vars, got, resp.Errors)
			}
		}
		// One hospital a page prices at 1 + 11,113 and is served.
		if _, resp := post(t, srv, q, map[string]any{"n": 1}); len(resp.Errors) > 0 {
			t.Errorf("1 a page: %+v", resp.Errors)
		}
	})
	t.Run("Introspection", func(t *testing.T) {
		_, resp := get(t, srv, `{ __type(name: "Hospital") { description fields { name description } } }`)
		if len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), "医院 (hospital)") {
			t.Errorf("introspection: %s %+v", resp.Data, resp.Errors)
		}
	})
	t.Run("LogsEachRequest", func(t *testing.T) {
		if !regexp.MustCompile(`msg=request method=POST path=/graphql status=200 duration=\S+`).Match(logs.Bytes()) {
			t.Errorf("log:\n%s", logs.String())
		}
	})
}

// brokenStore is a real store whose reads fail, as a lost disk would.
type brokenStore struct{ *graph.Store }

func (brokenStore) Index(context.Context) (*index.Index, error) {
	return nil, errors.New("bolt: /secret/path/kg.db: input/output error")
}

// A store that fails shows clients "internal error" and logs the detail.
func TestErrInternal(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	store := brokenStore{graphtest.Open(t)}
	srv := httptest.NewServer(server.New(store, server.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))}))
	defer srv.Close()

	_, resp := post(t, srv, `{ hospitals { totalCount } }`, nil)
	if got := resp.errCodes(); !slices.Equal(got, []string{server.CodeInternal}) || resp.Errors[0].Message != "internal error" {
		t.Errorf("errors = %+v", resp.Errors)
	}
	if !strings.Contains(logs.String(), "graphql: internal error") || !strings.Contains(logs.String(), "path=hospitals") ||
		!strings.Contains(logs.String(), "input/output error") {
		t.Errorf("log:\n%s", logs.String())
	}
}

func TestHealthz(t *testing.T) {
	t.Parallel()
	var ready atomic.Bool
	srv := newServer(t, server.Options{Ready: ready.Load})
	check := func(want int, body string) {
		t.Helper()
		resp, err := http.Get(srv.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want || strings.TrimSpace(string(b)) != body {
			t.Errorf("healthz = %d %q, want %d %q", resp.StatusCode, b, want, body)
		}
	}
	check(http.StatusServiceUnavailable, "loading")
	ready.Store(true)
	check(http.StatusOK, "ok")
}

func fetch(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func testPlayground(t *testing.T, srv *httptest.Server) {
	resp, page := fetch(t, srv.URL+"/")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("/ = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The example query is in the page as a JavaScript string.
	m := regexp.MustCompile(`defaultQuery: ("(?:[^"\\]|\\.)*")`).FindStringSubmatch(page)
	var query string
	if m == nil || json.Unmarshal([]byte(m[1]), &query) != nil || query != server.ExampleQuery {
		t.Errorf("page does not open on the example query: %v", m)
	}
	// And has a tab for each example, the first query first.
	m = regexp.MustCompile(`defaultTabs: (\[.*\]),\n`).FindStringSubmatch(page)
	var tabs []struct{ Query string }
	if m == nil || json.Unmarshal([]byte(m[1]), &tabs) != nil || len(tabs) != len(server.Examples) || tabs[0].Query != server.ExampleQuery {
		t.Errorf("page's tabs: %v", m)
	}
	for i := range tabs {
		if tabs[i].Query != server.Examples[i] {
			t.Errorf("tab %d is not example %d", i, i)
		}
	}
	srcs := regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(srcs) != 4 {
		t.Errorf("page loads %d files, want 4: %v", len(srcs), srcs)
	}
	for _, m := range srcs {
		if strings.Contains(m[1], "//") {
			t.Errorf("page loads %s from outside", m[1])
			continue
		}
		resp, body := fetch(t, srv.URL+"/"+m[1])
		if resp.StatusCode != http.StatusOK || len(body) < 1000 {
			t.Errorf("%s = %d, %d bytes", m[1], resp.StatusCode, len(body))
		}
	}
	if resp, _ := fetch(t, srv.URL+"/nope"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/nope = %d", resp.StatusCode)
	}
}

func testSchemaSDL(t *testing.T, srv *httptest.Server) {
	resp, sdl := fetch(t, srv.URL+"/schema.graphql")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	parsed, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: sdl})
	if err != nil {
		t.Fatalf("the SDL does not load: %v", err)
	}
	for _, name := range []string{"Query", "Node", "Entity", "Region", "Province", "City", "Hospital", "Department",
		"Symptom", "SymptomCategory", "InsurancePolicy", "Recommendation", "Evidence", "Document", "HospitalConnection"} {
		if parsed.Types[name] == nil || parsed.Types[name].Description == "" {
			t.Errorf("SDL lacks type %s or its description", name)
		}
	}
}

func BenchmarkExampleQuery(b *testing.B) {
	store := graphtest.Open(b)
	if _, err := store.Put(context.Background(), extraction()); err != nil {
		b.Fatal(err)
	}
	h := server.New(store, server.Options{})
	body, _ := json.Marshal(map[string]any{"query": server.ExampleQuery})
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkRecommendHandler is one recommend request through the whole
// handler (request ID, logging as kg serve logs, CORS, compression,
// limits, GraphQL), without the network: what benchmark 7 (bench/) pays
// per request in the server.
func BenchmarkRecommendHandler(b *testing.B) {
	benchmarkRecommend(b, func(store server.Store) http.Handler {
		log := slog.New(slog.NewJSONHandler(io.Discard, nil))
		return server.New(store, server.Options{Logger: log})
	})
}

// BenchmarkRecommendGqlgenOnly is the same request to gqlgen's handler
// over the same schema and resolvers, with none of ours around it (no
// limits, budget, metrics, logging, compression): the floor that
// BenchmarkRecommendHandler's layers add to. Benchmark 7's goal is
// measured against a bare net/http handler; this says how much of the
// gap is gqlgen's execution and our resolvers rather than our layers.
func BenchmarkRecommendGqlgenOnly(b *testing.B) {
	benchmarkRecommend(b, func(store server.Store) http.Handler {
		gql := handler.New(resolvers.NewSchemaWriter(store, nil))
		gql.AddTransport(transport.POST{})
		gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
		return gql
	})
}

func benchmarkRecommend(b *testing.B, newHandler func(server.Store) http.Handler) {
	store := graphtest.Open(b)
	if _, err := store.Put(context.Background(), extraction()); err != nil {
		b.Fatal(err)
	}
	h := newHandler(store)
	body, _ := json.Marshal(map[string]any{"query": `{ recommend(symptom: "皮肤紫癜", city: "苏州", first: 100) { rank hospital { name } } }`})
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte(`"rank":1`)) {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
