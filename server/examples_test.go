package server_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/loader/loadertest"
	"github.com/medkg/medkg/server"
)

// Every tab of the playground answers its question on the seeds.
func TestExamplesOnSeeds(t *testing.T) {
	t.Parallel()
	store := graphtest.Open(t)
	loadertest.LoadSeeds(t, store)
	// The first analyst question builds the index, which under the race
	// detector on a busy machine took more than the default 10 s.
	srv := httptest.NewServer(server.New(store, server.Options{Timeout: 2 * time.Minute}))
	defer srv.Close()

	if len(server.Examples) < 8 || server.Examples[0] != server.ExampleQuery {
		t.Fatalf("%d examples", len(server.Examples))
	}
	// What each answer must contain, by operation name.
	want := map[string][]string{
		"PurpuraHospitals":            {`"苏州大学附属第一医院"`, `"snippet"`},
		"Search":                      {`"match":"PINYIN","matched":"苏州大学附属第一医院","pinyin":"su zhou da xue fu shu di yi yi yuan"`, `"pinyin":"su zhou"`},
		"RecommendForPurpuraInSuzhou": {`"rank":3`, `"苏州市立医院"`, `"itemTitle":"2025年江苏苏州出现皮肤紫癜去哪家医院好"`},
		"JiangsuLinkTable":            {`"documents":1`, `"firstDate":"2025-`},
		"Stats":                       {`"documents":5`, `"kind":"HOSPITAL","count":`},
		"HowAreTheyLinked":            {`"length":2`, `"type":"POLICY_APPLIES_IN"`},
		"JiangsuHaematology":          {`"苏州大学附属第一医院"`, `"hospitalsConnection":{"totalCount":5`},
		"AroundSuzhou":                {`"id":"Hospital/苏州市立医院"`, `"type":"LOCATED_IN"`},
	}
	opName := regexp.MustCompile(`(?m)^query (\w+)`)
	for _, q := range server.Examples {
		name := opName.FindStringSubmatch(q)[1]
		t.Run(name, func(t *testing.T) {
			status, resp := post(t, srv, q, nil)
			if status != 200 || len(resp.Errors) > 0 {
				t.Fatalf("%d %+v", status, resp.Errors)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, resp.Data); err != nil {
				t.Fatal(err)
			}
			if want[name] == nil {
				t.Errorf("no expectation for %s", name)
			}
			for _, w := range want[name] {
				if !strings.Contains(compact.String(), w) {
					t.Errorf("answer lacks %s:\n%.1500s", w, compact.String())
				}
			}
		})
	}
}

// pagedQuery is a nested question asked the Relay way, each level a
// connection: provinces → cities → hospitals → what they are recommended
// for.
const pagedQuery = `query Paged { provinces(first: 40) { edges { node { name
  citiesConnection(first: 5, orderBy: {field: DOCUMENTS, direction: DESC}) { edges { node { name
  hospitalsConnection(first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name recommendedFor { name } } } } } } } } } } }`

// Every query README.md shows, every tab of the playground, and the paged
// form of a nested question pass the server's default limits on the seeds.
func TestDocumentedQueriesPassTheLimits(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var queries []string
	for _, m := range regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(readme), -1) {
		queries = append(queries, m[1])
	}
	if len(queries) < 5 {
		t.Fatalf("%d queries in README.md", len(queries))
	}
	queries = append(append(queries, server.Examples...), pagedQuery)
	store := graphtest.Open(t)
	loadertest.LoadSeeds(t, store)
	// Default limits, but for the time the first analyst question may take
	// to build the index on a busy machine.
	srv := httptest.NewServer(server.New(store, server.Options{Timeout: 2 * time.Minute}))
	defer srv.Close()
	for _, q := range queries {
		status, resp := post(t, srv, q, nil)
		if status != 200 || len(resp.Errors) > 0 || len(resp.Data) < 20 {
			t.Errorf("%.120s: %d %+v %.200s", q, status, resp.Errors, resp.Data)
		}
	}
	// The paged query reaches, through its three connections, hospitals
	// and what they are recommended for.
	if _, resp := post(t, srv, pagedQuery, nil); !strings.Contains(string(resp.Data), `"name":"江苏"`) ||
		!strings.Contains(string(resp.Data), `"recommendedFor":[{"name":`) {
		t.Errorf("paged: %.3000s", resp.Data)
	}
}
