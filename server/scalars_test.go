package server_test

import (
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/loader/loadertest"
	"github.com/medkg/medkg/server"
)

// Dates are the Date scalar (YYYY-MM-DD, with its specification's URL) and
// a city's level the CityLevel enum, in the schema and in the answers.
func TestTypedScalars(t *testing.T) {
	t.Parallel()
	h := seededServer(t)
	var schema struct {
		Date struct {
			Kind, SpecifiedByURL string
		}
		Level struct {
			Kind       string
			EnumValues []struct{ Name string }
		}
		Evidence, Document, Link, City struct {
			Fields []struct {
				Name string
				Type struct{ Kind, Name string }
			}
		}
	}
	mustPost(t, h, `{ Date: __type(name: "Date") { kind specifiedByURL } Level: __type(name: "CityLevel") { kind enumValues { name } }
	  Evidence: __type(name: "Evidence") { fields { name type { kind name } } } Document: __type(name: "Document") { fields { name type { kind name } } }
	  Link: __type(name: "Link") { fields { name type { kind name } } } City: __type(name: "City") { fields { name type { kind name } } } }`, nil, &schema)
	if schema.Date.Kind != "SCALAR" || schema.Date.SpecifiedByURL == "" {
		t.Errorf("Date: %+v", schema.Date)
	}
	var levels []string
	for _, v := range schema.Level.EnumValues {
		levels = append(levels, v.Name)
	}
	if schema.Level.Kind != "ENUM" || !slices.Equal(levels, []string{"PREFECTURE", "COUNTY"}) {
		t.Errorf("CityLevel: %+v", schema.Level)
	}
	typeOf := func(fields []struct {
		Name string
		Type struct{ Kind, Name string }
	}, name string) string {
		for _, f := range fields {
			if f.Name == name {
				return f.Type.Name
			}
		}
		return "no field " + name
	}
	for _, c := range []struct{ got, want string }{
		{typeOf(schema.Evidence.Fields, "date"), "Date"}, {typeOf(schema.Document.Fields, "date"), "Date"},
		{typeOf(schema.Link.Fields, "firstDate"), "Date"}, {typeOf(schema.Link.Fields, "lastDate"), "Date"},
		{typeOf(schema.City.Fields, "level"), "CityLevel"},
	} {
		if c.got != c.want {
			t.Errorf("field of type %s, want %s", c.got, c.want)
		}
	}

	var data struct {
		Recommend []struct{ Evidence []struct{ Date *string } }
		Links     struct {
			Edges []struct {
				Node struct{ FirstDate, LastDate *string }
			}
		}
		Cities struct {
			Edges []struct{ Node struct{ Level *string } }
		}
	}
	mustPost(t, h, `{ recommend(symptom: "皮肤紫癜") { evidence { date } } links(first: 500) { edges { node { firstDate lastDate } } }
	  cities(first: 500) { edges { node { level } } } }`, nil, &data)
	isDate := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	dates := 0
	check := func(d *string) {
		if d != nil {
			dates++
			if !isDate.MatchString(*d) {
				t.Errorf("date %q", *d)
			}
		}
	}
	for _, r := range data.Recommend {
		for _, e := range r.Evidence {
			check(e.Date)
		}
	}
	for _, e := range data.Links.Edges {
		check(e.Node.FirstDate)
		check(e.Node.LastDate)
	}
	seen := map[string]bool{}
	for _, e := range data.Cities.Edges {
		if e.Node.Level != nil {
			seen[*e.Node.Level] = true
		}
	}
	if dates < 10 || !seen["PREFECTURE"] || len(seen) > 2 || len(seen) == 2 && !seen["COUNTY"] {
		t.Errorf("%d dates; levels %v", dates, seen)
	}
}

// Every argument range the schema documents is enforced: a value outside it
// is refused with BAD_USER_INPUT, naming the argument.
func TestArgumentRanges(t *testing.T) {
	t.Parallel()
	h := seededServer(t)
	for _, q := range []string{
		`{ recommend(symptom: "皮肤紫癜", first: -1) { rank } }`,
		`{ recommend(symptom: "皮肤紫癜", first: 501) { rank } }`,
		`{ recommend(symptom: "皮肤紫癜", minConfidence: -0.1) { rank } }`,
		`{ recommend(symptom: "皮肤紫癜", minConfidence: 1.5) { rank } }`,
		`{ recommend(symptom: "皮肤紫癜") { evidence(first: 501) { snippet } } }`,
		`{ links(first: 501) { totalCount } }`,
		`{ links(filter: {minConfidence: 2}) { totalCount } }`,
		`{ hospitals(first: -1) { totalCount } }`,
		`{ hospitals(last: 501) { totalCount } }`,
		`{ search(text: "苏州", first: 501) { matched } }`,
		`{ neighborhood(id: "City/苏州", hops: 0) { truncated } }`,
		`{ neighborhood(id: "City/苏州", hops: 4) { truncated } }`,
		`{ paths(from: "City/苏州", to: "Province/江苏", maxHops: 0) { length } }`,
		`{ paths(from: "City/苏州", to: "Province/江苏", maxHops: 7) { length } }`,
		`{ hospital(name: "苏州大学附属第一医院") { mentions(first: 501) { snippet } } }`,
	} {
		_, resp := post(t, h, q, nil)
		codes := resp.errCodes()
		if len(codes) == 0 || slices.ContainsFunc(codes, func(c string) bool { return c != "BAD_USER_INPUT" }) {
			t.Errorf("%s: %+v", q, resp.Errors)
		}
	}
}

// seededServer serves the seeds with the default limits (but for the
// time the first analyst question may take to build the index).
func seededServer(t *testing.T) *httptest.Server {
	t.Helper()
	store := graphtest.Open(t)
	loadertest.LoadSeeds(t, store)
	srv := httptest.NewServer(server.New(store, server.Options{Timeout: 2 * time.Minute}))
	t.Cleanup(srv.Close)
	return srv
}

// mustPost runs a query that must not fail and decodes its data.
func mustPost(t *testing.T, srv *httptest.Server, query string, vars map[string]any, data any) {
	t.Helper()
	status, resp := post(t, srv, query, vars)
	if status != 200 || len(resp.Errors) > 0 {
		t.Fatalf("%d %+v", status, resp.Errors)
	}
	if err := json.Unmarshal(resp.Data, data); err != nil {
		t.Fatal(err)
	}
}
