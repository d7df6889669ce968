package server_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
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
