package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// pageSize is the `first` of every page Fetch asks for (the API allows 500).
const pageSize = 200

// GraphQLError is the "errors" list of a GraphQL response.
type GraphQLError struct {
	Messages []string // each error's message, with its path when it has one
}

func (e *GraphQLError) Error() string {
	return "graphql: " + strings.Join(e.Messages, "; ")
}

// Fetch reads the whole graph served at endpoint (the URL of /graphql)
// through the GraphQL API, paging each list until hasNextPage is false, and
// derives the relations from the entities' fields:
//
//	LOCATED_IN         Hospital.cities, City.hospitals
//	IN_PROVINCE        City.province, Province.cities
//	RECOMMENDED_FOR    Hospital.recommendedFor
//	HAS_DEPARTMENT     Hospital.departments
//	DEPARTMENT_FOR     Department.symptoms
//	POLICY_APPLIES_IN  InsurancePolicy.regions (Province or City by __typename)
//
// Both directions of a link are read where the API has both, and a relation
// seen twice is kept once. A nil client means http.DefaultClient.
//
// Returns a *GraphQLError (wrapped) when the response carries GraphQL errors,
// and an error when a list repeats a node, returns a different number of
// nodes than its totalCount, or pages without progress.
func Fetch(ctx context.Context, client *http.Client, endpoint string) (*Snapshot, error) {
	if client == nil {
		client = http.DefaultClient
	}
	f := &fetcher{client: client, endpoint: endpoint, snap: &Snapshot{Entities: make(map[Kind][]Entity)}, seen: make(map[Relation]bool)}
	for _, step := range []func(context.Context) error{
		f.provinces, f.cities, f.hospitals, f.departments, f.symptoms, f.policies,
	} {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	return f.snap, nil
}

type fetcher struct {
	client   *http.Client
	endpoint string
	snap     *Snapshot
	seen     map[Relation]bool
}

// relate adds a relation unless it is already there.
func (f *fetcher) relate(t RelationType, fromKind Kind, from string, toKind Kind, to string) {
	r := Relation{Type: t, From: from, FromKind: fromKind, To: to, ToKind: toKind}
	if !f.seen[r] {
		f.seen[r] = true
		f.snap.Relations = append(f.snap.Relations, r)
	}
}

type named struct {
	Name string `json:"name"`
}

type entityFields struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
}

func (e entityFields) entity() Entity { return Entity{ID: e.ID, Name: e.Name, Aliases: e.Aliases} }

func (f *fetcher) provinces(ctx context.Context) error {
	type node struct {
		entityFields
		Cities []named `json:"cities"`
	}
	return fetchAll(ctx, f, "provinces", `id name aliases cities { name }`, func(n node) {
		f.snap.add(Province, n.entity())
		for _, c := range n.Cities {
			f.relate(InProvince, City, c.Name, Province, n.Name)
		}
	})
}

func (f *fetcher) cities(ctx context.Context) error {
	type node struct {
		entityFields
		Level     *string `json:"level"`
		Province  *named  `json:"province"`
		Hospitals []named `json:"hospitals"`
	}
	return fetchAll(ctx, f, "cities", `id name aliases level province { name } hospitals { name }`, func(n node) {
		e := n.entity()
		if n.Level != nil {
			e.Level = strings.ToLower(*n.Level) // the API's CityLevel PREFECTURE is the gold's prefecture
		}
		f.snap.add(City, e)
		if n.Province != nil {
			f.relate(InProvince, City, n.Name, Province, n.Province.Name)
		}
		for _, h := range n.Hospitals {
			f.relate(LocatedIn, Hospital, h.Name, City, n.Name)
		}
	})
}

func (f *fetcher) hospitals(ctx context.Context) error {
	type node struct {
		entityFields
		Cities         []named `json:"cities"`
		Departments    []named `json:"departments"`
		RecommendedFor []named `json:"recommendedFor"`
	}
	return fetchAll(ctx, f, "hospitals", `id name aliases cities { name } departments { name } recommendedFor { name }`, func(n node) {
		f.snap.add(Hospital, n.entity())
		for _, c := range n.Cities {
			f.relate(LocatedIn, Hospital, n.Name, City, c.Name)
		}
		for _, d := range n.Departments {
			f.relate(HasDepartment, Hospital, n.Name, Department, d.Name)
		}
		for _, s := range n.RecommendedFor {
			f.relate(RecommendedFor, Hospital, n.Name, Symptom, s.Name)
		}
	})
}

func (f *fetcher) departments(ctx context.Context) error {
	type node struct {
		entityFields
		Symptoms []named `json:"symptoms"`
	}
	return fetchAll(ctx, f, "departments", `id name aliases symptoms { name }`, func(n node) {
		f.snap.add(Department, n.entity())
		for _, s := range n.Symptoms {
			f.relate(DepartmentFor, Department, n.Name, Symptom, s.Name)
		}
	})
}

func (f *fetcher) symptoms(ctx context.Context) error {
	type node struct {
		entityFields
		Category string `json:"category"`
	}
	return fetchAll(ctx, f, "symptoms", `id name aliases category`, func(n node) {
		e := n.entity()
		e.Category = n.Category
		f.snap.add(Symptom, e)
	})
}

func (f *fetcher) policies(ctx context.Context) error {
	type node struct {
		entityFields
		Regions []struct {
			Typename string `json:"__typename"`
			Name     string `json:"name"`
		} `json:"regions"`
	}
	var bad error
	err := fetchAll(ctx, f, "policies", `id name aliases regions { __typename ... on Province { name } ... on City { name } }`, func(n node) {
		f.snap.add(InsurancePolicy, n.entity())
		for _, r := range n.Regions {
			switch k := Kind(r.Typename); k {
			case Province, City:
				f.relate(PolicyAppliesIn, InsurancePolicy, n.Name, k, r.Name)
			default:
				if bad == nil {
					bad = fmt.Errorf("fetch policies: %s has a region of type %q, want Province or City", n.Name, r.Typename)
				}
			}
		}
	})
	if err != nil {
		return err
	}
	return bad
}

// connection is one page of a Relay connection.
type connection[N any] struct {
	TotalCount int `json:"totalCount"`
	PageInfo   struct {
		HasNextPage bool    `json:"hasNextPage"`
		EndCursor   *string `json:"endCursor"`
	} `json:"pageInfo"`
	Edges []struct {
		Cursor string `json:"cursor"`
		Node   N      `json:"node"`
	} `json:"edges"`
}

// fetchAll pages through the list field of Query, selecting selection on
// each node, and hands every node to visit.
func fetchAll[N interface{ id() string }](ctx context.Context, f *fetcher, field, selection string, visit func(N)) error {
	query := fmt.Sprintf(`query($first: Int, $after: String) {
  %s(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { %s } }
  }
}`, field, selection)
	var (
		after   *string
		count   int
		ids     = make(map[string]bool)
		cursors = make(map[string]bool)
	)
	for {
		var page connection[N]
		vars := map[string]any{"first": pageSize, "after": after}
		if err := f.post(ctx, query, vars, field, &page); err != nil {
			return fmt.Errorf("fetch %s: %w", field, err)
		}
		for _, e := range page.Edges {
			if id := e.Node.id(); id != "" {
				if ids[id] {
					return fmt.Errorf("fetch %s: node %s returned twice", field, id)
				}
				ids[id] = true
			}
			count++
			visit(e.Node)
		}
		if !page.PageInfo.HasNextPage {
			if count != page.TotalCount {
				return fmt.Errorf("fetch %s: read %d nodes, totalCount says %d", field, count, page.TotalCount)
			}
			return nil
		}
		end := page.PageInfo.EndCursor
		if end == nil || *end == "" || cursors[*end] {
			return fmt.Errorf("fetch %s: hasNextPage is true but endCursor %s makes no progress", field, cursorString(end))
		}
		cursors[*end] = true
		after = end
	}
}

func cursorString(c *string) string {
	if c == nil {
		return "null"
	}
	return fmt.Sprintf("%q", *c)
}

func (e entityFields) id() string { return e.ID }

// post sends one GraphQL request and decodes data.<field> into out.
func (f *fetcher) post(ctx context.Context, query string, vars map[string]any, field string, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := f.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("read response: %w", err)
	}
	var res struct {
		Data   map[string]json.RawMessage `json:"data"`
		Errors []struct {
			Message string `json:"message"`
			Path    []any  `json:"path"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("%s: %s", resp.Status, snippet(data))
		}
		return fmt.Errorf("decode response: %w", err)
	}
	if len(res.Errors) > 0 {
		ge := &GraphQLError{}
		for _, e := range res.Errors {
			msg := e.Message
			if len(e.Path) > 0 {
				parts := make([]string, len(e.Path))
				for i, p := range e.Path {
					parts[i] = fmt.Sprint(p)
				}
				msg += " (at " + strings.Join(parts, ".") + ")"
			}
			ge.Messages = append(ge.Messages, msg)
		}
		return ge
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s: %s", resp.Status, snippet(data))
	}
	raw, ok := res.Data[field]
	if !ok || string(raw) == "null" {
		return fmt.Errorf("response has no data.%s", field)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("decode data.%s: %w", field, err)
	}
	return nil
}

// snippet shortens a response body for an error message.
func snippet(b []byte) string {
	const max = 200
	s := strings.TrimSpace(string(b))
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}
