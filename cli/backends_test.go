package cli

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"testing/fstest"
	"time"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/seeds"
	"github.com/medkg/medkg/server"
)

// backendQueries are the API questions every backend must answer alike:
// lists and counts, an alias lookup with its relations, a city's
// hospitals, a policy's regions, a ranking with evidence, and search.
var backendQueries = []string{
	`{ hospitals(first: 5) { totalCount edges { node { name city { name province { name } } } } } }`,
	`{ hospital(name: "常州二院") { name aliases city { name } departments { name } recommendedFor { name category } } }`,
	`{ city(name: "苏州") { name province { name } hospitals { name recommendedFor { name } } } }`,
	`{ policy(name: "家庭共济") { name aliases regions { __typename name } } }`,
	`{ recommend(symptom: "皮肤紫癜", city: "苏州") { rank hospital { name } documents items evidence { snippet start end date document { file } } } }`,
	`{ search(text: "suzhou") { kind matched entity { name } } }`,
}

// TestBackendsAnswerAlike loads the seeds into bolt, memstore and (when
// KG_TEST_POSTGRES names a server; .ci/run starts one) PostgreSQL, serves
// each through the API, and checks that every backend gives bolt's
// answers, and bolt the README's.
func TestBackendsAnswerAlike(t *testing.T) {
	answers := map[string][]string{}
	for _, backend := range []string{"bolt", "memstore", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			var store *graph.Store
			if backend == "bolt" {
				store = graphtest.Open(t) // leveldb under the race detector
			} else {
				store = graphtest.OpenBackend(t, backend)
			}
			l, err := newLoader(nil)
			if err != nil {
				t.Fatal(err)
			}
			sum, err := l.Load(ctx, seeds.FS, []string{
				"000_3cbbde8086c57167.txt", "001_833df4aa96c708b8.txt", "002_32addf97c97a9482.txt",
				"003_1f546b5f08a503e4.txt", "004_6f07db3b5906b351.txt",
			}, store, nil)
			if err != nil || sum.Failed > 0 {
				t.Fatalf("load seeds: %v, %d failed", err, sum.Failed)
			}
			srv := httptest.NewServer(server.New(store, server.Options{}))
			defer srv.Close()
			for _, q := range backendQueries {
				answers[backend] = append(answers[backend], rawQuery(t, srv.URL, q))
			}
		})
	}
	bolt := answers["bolt"]
	if len(bolt) == 0 {
		t.Skip("no bolt answers to compare with")
	}
	var h struct {
		Hospital struct{ Name string }
	}
	if err := json.Unmarshal([]byte(bolt[1]), &h); err != nil || h.Hospital.Name != "常州市第二人民医院" {
		t.Errorf("hospital(name: 常州二院) = %s, want 常州市第二人民医院", bolt[1])
	}
	for backend, got := range answers {
		for i := range got {
			if got[i] != bolt[i] {
				t.Errorf("%s answers %s\nwith %s\nbolt with %s", backend, backendQueries[i], got[i], bolt[i])
			}
		}
	}
}

// rawQuery posts a query and returns its data as JSON, failing on errors.
func rawQuery(t *testing.T, url, q string) string {
	t.Helper()
	var data json.RawMessage
	query(t, url, q, &data)
	return string(data)
}

// TestServeSharedPostgres serves a PostgreSQL database while another
// process (here, a second store on the same database) loads a document
// into it: kg serve answers with it within --refresh.
func TestServeSharedPostgres(t *testing.T) {
	ctx := context.Background()
	conn := graphtest.PostgresURL(t)
	svc := startService(t, Config{DB: "postgres", DBPath: conn, Refresh: 50 * time.Millisecond})
	other, err := graph.Open(ctx, "postgres", conn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	l, err := newLoader(nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := fstest.MapFS{"extra.txt": {Data: []byte("2025年江苏常州出现头痛去哪家医院好\n常州二院神经内科看头痛。\n")}}
	if sum, err := l.Load(ctx, docs, []string{"extra.txt"}, other, nil); err != nil || sum.Failed > 0 {
		t.Fatalf("load: %v, %d failed", err, sum.Failed)
	}
	var out struct {
		Document *struct{ File string }
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		query(t, svc.url, `{ document(file: "extra.txt") { file } }`, &out)
		if out.Document != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("kg serve does not see a document another process loaded into its database")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
