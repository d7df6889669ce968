package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// page is a canned data.<field> for one request: the JSON of a connection.
func page(total int, next string, nodes ...string) string {
	edges := make([]string, len(nodes))
	for i, n := range nodes {
		edges[i] = fmt.Sprintf(`{"cursor": "c%d", "node": %s}`, i, n)
	}
	info := `{"hasNextPage": false, "endCursor": null}`
	if next != "" {
		info = fmt.Sprintf(`{"hasNextPage": true, "endCursor": %q}`, next)
	}
	return fmt.Sprintf(`{"totalCount": %d, "pageInfo": %s, "edges": [%s]}`, total, info, strings.Join(edges, ","))
}

// cannedPages is a small served graph; hospitals come in two pages.
//
//	江苏 ◀── 苏州 ◀── 苏州大学附属第一医院 ──▶ 血液科 ──▶ 皮肤紫癜
//	              ◀── 苏州市立医院          ╰──────────────────▶ 皮肤紫癜
//	天津 ◀── 天津 ◀── 二次报销 ──▶ 天津 (Province)
func cannedPages() map[string]map[string]string {
	return map[string]map[string]string{
		"provinces": {"": page(2, "",
			`{"id": "Province/江苏", "name": "江苏", "aliases": ["江苏省"], "cities": [{"name": "苏州"}]}`,
			`{"id": "Province/天津", "name": "天津", "aliases": ["天津市"], "cities": [{"name": "天津"}]}`)},
		"cities": {"": page(3, "",
			`{"id": "City/苏州", "name": "苏州", "aliases": ["苏州市"], "level": "PREFECTURE", "province": {"name": "江苏"}, "hospitals": [{"name": "苏州大学附属第一医院"}]}`,
			`{"id": "City/天津", "name": "天津", "aliases": [], "level": null, "province": {"name": "天津"}, "hospitals": []}`,
			`{"id": "City/伊犁", "name": "伊犁", "aliases": ["伊犁州"], "level": "PREFECTURE", "province": null, "hospitals": []}`)},
		"hospitals": {
			"": page(2, "h1",
				`{"id": "Hospital/苏州大学附属第一医院", "name": "苏州大学附属第一医院", "aliases": ["苏大附一院"], "cities": [{"name": "苏州"}], "departments": [{"name": "血液科"}], "recommendedFor": [{"name": "皮肤紫癜"}]}`),
			"h1": page(2, "",
				`{"id": "Hospital/苏州市立医院", "name": "苏州市立医院", "aliases": [], "cities": [{"name": "苏州"}], "departments": [], "recommendedFor": [{"name": "皮肤紫癜"}]}`),
		},
		"departments": {"": page(1, "",
			`{"id": "Department/血液科", "name": "血液科", "aliases": [], "symptoms": [{"name": "皮肤紫癜"}]}`)},
		"symptoms": {"": page(1, "",
			`{"id": "Symptom/皮肤紫癜", "name": "皮肤紫癜", "aliases": ["紫癜"], "category": "SYMPTOM"}`)},
		"policies": {"": page(1, "",
			`{"id": "InsurancePolicy/二次报销", "name": "二次报销", "aliases": [], "regions": [{"__typename": "City", "name": "天津"}, {"__typename": "Province", "name": "天津"}]}`)},
	}
}

// request is what the fake server was asked.
type request struct {
	field string
	first int
	after *string
}

// fakeAPI serves GraphQL responses from respond, which gets the list field
// asked for and the request's variables, and records every request.
type fakeAPI struct {
	mu       sync.Mutex
	requests []request
}

func (f *fakeAPI) server(t *testing.T, respond func(r request) (int, string)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Query     string `json:"query"`
			Variables struct {
				First int     `json:"first"`
				After *string `json:"after"`
			} `json:"variables"`
		}
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "want a JSON POST", http.StatusBadRequest)
			return
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req := request{first: body.Variables.First, after: body.Variables.After}
		for _, field := range []string{"provinces", "cities", "hospitals", "departments", "symptoms", "policies"} {
			if strings.Contains(body.Query, field+"(first: $first, after: $after)") {
				req.field = field
			}
		}
		f.mu.Lock()
		f.requests = append(f.requests, req)
		f.mu.Unlock()
		status, resp := respond(req)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprint(w, resp)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// fromPages answers from canned pages, keyed by field and then by the
// request's after ("" for the first page).
func fromPages(pages map[string]map[string]string) func(r request) (int, string) {
	return func(r request) (int, string) {
		after := ""
		if r.after != nil {
			after = *r.after
		}
		p, ok := pages[r.field][after]
		if !ok {
			return http.StatusOK, fmt.Sprintf(`{"errors": [{"message": "no page %q of %s"}], "data": null}`, after, r.field)
		}
		return http.StatusOK, fmt.Sprintf(`{"data": {%q: %s}}`, r.field, p)
	}
}

func TestFetch(t *testing.T) {
	var api fakeAPI
	srv := api.server(t, fromPages(cannedPages()))
	s, err := Fetch(context.Background(), srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}

	// Paging: hospitals took two requests, the second after h1.
	var hospitals []string
	for _, r := range api.requests {
		if r.first != pageSize {
			t.Errorf("%s: first = %d, want %d", r.field, r.first, pageSize)
		}
		if r.field == "hospitals" {
			hospitals = append(hospitals, cursorString(r.after))
		}
	}
	if want := []string{"null", `"h1"`}; !slices.Equal(hospitals, want) {
		t.Errorf("hospital pages: got after %v, want %v", hospitals, want)
	}
	if len(api.requests) != 7 {
		t.Errorf("requests: got %d, want 7", len(api.requests))
	}

	names := func(k Kind) []string {
		var out []string
		for _, e := range s.Entities[k] {
			out = append(out, e.Name)
		}
		return out
	}
	for k, want := range map[Kind][]string{
		Province:        {"江苏", "天津"},
		City:            {"苏州", "天津", "伊犁"},
		Hospital:        {"苏州大学附属第一医院", "苏州市立医院"},
		Department:      {"血液科"},
		Symptom:         {"皮肤紫癜"},
		InsurancePolicy: {"二次报销"},
	} {
		if got := names(k); !slices.Equal(got, want) {
			t.Errorf("%s: got %q, want %q", k, got, want)
		}
	}
	if got, want := s.Entities[Hospital][0], (Entity{ID: "Hospital/苏州大学附属第一医院", Name: "苏州大学附属第一医院", Aliases: []string{"苏大附一院"}}); !entityEqual(got, want) {
		t.Errorf("hospital: got %+v, want %+v", got, want)
	}
	if got := s.Entities[Symptom][0]; got.Category != "SYMPTOM" || !slices.Equal(got.Aliases, []string{"紫癜"}) {
		t.Errorf("symptom: got %+v", got)
	}
	if got := s.Entities[City][0].Level; got != "prefecture" {
		t.Errorf("苏州 level: got %q", got)
	}

	var rels []string
	for _, r := range s.Relations {
		rels = append(rels, fmt.Sprintf("%s %s:%s→%s:%s", r.Type, r.FromKind, r.From, r.ToKind, r.To))
	}
	slices.Sort(rels)
	want := []string{
		"DEPARTMENT_FOR Department:血液科→Symptom:皮肤紫癜",
		"HAS_DEPARTMENT Hospital:苏州大学附属第一医院→Department:血液科",
		"IN_PROVINCE City:天津→Province:天津",
		"IN_PROVINCE City:苏州→Province:江苏",
		"LOCATED_IN Hospital:苏州大学附属第一医院→City:苏州",
		"LOCATED_IN Hospital:苏州市立医院→City:苏州",
		"POLICY_APPLIES_IN InsurancePolicy:二次报销→City:天津",
		"POLICY_APPLIES_IN InsurancePolicy:二次报销→Province:天津",
		"RECOMMENDED_FOR Hospital:苏州大学附属第一医院→Symptom:皮肤紫癜",
		"RECOMMENDED_FOR Hospital:苏州市立医院→Symptom:皮肤紫癜",
	}
	if !slices.Equal(rels, want) {
		t.Errorf("relations (each once, both directions merged):\ngot  %q\nwant %q", rels, want)
	}
}

func entityEqual(a, b Entity) bool {
	return a.ID == b.ID && a.Name == b.Name && slices.Equal(a.Aliases, b.Aliases) && a.Category == b.Category && a.Level == b.Level
}

func TestFetch_Errors(t *testing.T) {
	for _, c := range []struct {
		name    string
		change  func(p map[string]map[string]string) // edits the canned pages
		respond func(r request) (int, string)        // replaces them
		want    string
		graphql bool // want a *GraphQLError
	}{
		{
			name: "ErrGraphQL",
			respond: func(request) (int, string) {
				return http.StatusOK, `{"errors": [{"message": "cursor was not made by this list", "path": ["provinces"]}, {"message": "second"}], "data": null}`
			},
			want:    "fetch provinces: graphql: cursor was not made by this list (at provinces); second",
			graphql: true,
		},
		{
			name: "ErrGraphQLValidation",
			respond: func(request) (int, string) {
				return http.StatusUnprocessableEntity, `{"errors": [{"message": "Cannot query field \"regions\" on type \"InsurancePolicy\"."}], "data": null}`
			},
			want:    `graphql: Cannot query field "regions"`,
			graphql: true,
		},
		{
			name:    "ErrHTTPStatus",
			respond: func(request) (int, string) { return http.StatusBadGateway, "upstream down" },
			want:    "fetch provinces: 502 Bad Gateway: upstream down",
		},
		{
			name:    "ErrNoData",
			respond: func(request) (int, string) { return http.StatusOK, `{"data": {"provinces": null}}` },
			want:    "fetch provinces: response has no data.provinces",
		},
		{
			name: "ErrTotalCount",
			change: func(p map[string]map[string]string) {
				p["departments"][""] = page(3, "", `{"id": "Department/血液科", "name": "血液科", "aliases": [], "symptoms": []}`)
			},
			want: "fetch departments: read 1 nodes, totalCount says 3",
		},
		{
			name: "ErrNoProgress",
			change: func(p map[string]map[string]string) {
				p["hospitals"]["h1"] = page(2, "h1", `{"id": "Hospital/b", "name": "b", "aliases": [], "cities": [], "departments": [], "recommendedFor": []}`)
			},
			want: `fetch hospitals: hasNextPage is true but endCursor "h1" makes no progress`,
		},
		{
			name: "ErrNodeTwice",
			change: func(p map[string]map[string]string) {
				p["hospitals"]["h1"] = page(2, "",
					`{"id": "Hospital/苏州大学附属第一医院", "name": "苏州大学附属第一医院", "aliases": [], "cities": [], "departments": [], "recommendedFor": []}`)
			},
			want: "fetch hospitals: node Hospital/苏州大学附属第一医院 returned twice",
		},
		{
			name: "ErrRegionType",
			change: func(p map[string]map[string]string) {
				p["policies"][""] = page(1, "", `{"id": "InsurancePolicy/x", "name": "x", "aliases": [], "regions": [{"__typename": "Country", "name": "中国"}]}`)
			},
			want: `fetch policies: x has a region of type "Country", want Province or City`,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			respond := c.respond
			if respond == nil {
				pages := cannedPages()
				c.change(pages)
				respond = fromPages(pages)
			}
			var api fakeAPI
			srv := api.server(t, respond)
			s, err := Fetch(context.Background(), srv.Client(), srv.URL)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
			if s != nil {
				t.Errorf("got a snapshot with the error")
			}
			var ge *GraphQLError
			if errors.As(err, &ge) != c.graphql {
				t.Errorf("errors.As(*GraphQLError) = %v, want %v", !c.graphql, c.graphql)
			}
		})
	}
}

func TestFetch_ContextCanceled(t *testing.T) {
	var api fakeAPI
	srv := api.server(t, fromPages(cannedPages()))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Fetch(ctx, srv.Client(), srv.URL); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// TestFetch_Score reads the canned graph and scores it, as kg eval does.
func TestFetch_Score(t *testing.T) {
	var api fakeAPI
	srv := api.server(t, fromPages(cannedPages()))
	s, err := Fetch(context.Background(), nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	g := &Gold{
		Entities: map[Kind][]GoldEntity{
			Province:        {ge("江苏", "江苏省"), ge("天津", "天津市")},
			City:            {ge("苏州", "苏州市"), ge("天津", "天津市")},
			Hospital:        {ge("苏州大学附属第一医院", "苏大附一院"), ge("苏州市立医院")},
			Department:      {ge("血液科")},
			Symptom:         {{Name: "皮肤紫癜", Aliases: []string{"紫癜"}, Category: "SYMPTOM"}},
			InsurancePolicy: {ge("二次报销")},
		},
		Relations: []GoldRelation{
			gr(LocatedIn, "苏州大学附属第一医院", "苏州"),
			gr(LocatedIn, "苏州市立医院", "苏州"),
			gr(InProvince, "苏州", "江苏"),
			gr(PolicyAppliesIn, "二次报销", "天津"),
		},
	}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	r := Score(g, s)
	// 伊犁 is served but not in gold; the relations not in gold are 天津's
	// IN_PROVINCE self-link, the department's two and the two recommendations.
	if got := rowCounts(r.EntityTotal); got != (counts{tp: 9, fp: 1}) {
		t.Errorf("entities: got %v", got)
	}
	if got := rowCounts(r.RelationTotal); got != (counts{tp: 4, fp: 5}) {
		t.Errorf("relations: got %v\n%q", got, relationItems(r.FalseRelations))
	}
}
