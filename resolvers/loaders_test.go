package resolvers_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/resolvers"
)

// countingStore is a real store that counts the reads made of it, by
// method.
type countingStore struct {
	*graph.Store
	mu    sync.Mutex
	reads map[string]int
}

func (s *countingStore) count(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads[method]++
}

func (s *countingStore) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.reads {
		n += c
	}
	return n
}

func (s *countingStore) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads = map[string]int{}
}

func (s *countingStore) EvidenceMany(ctx context.Context, links []kg.Link, limit int) (map[kg.Link][]kg.Evidence, error) {
	s.count("EvidenceMany")
	return s.Store.EvidenceMany(ctx, links, limit)
}

func (s *countingStore) EvidenceAt(ctx context.Context, x *index.Index, refs []index.EvidenceRef) ([]kg.Evidence, error) {
	s.count("EvidenceAt")
	return s.Store.EvidenceAt(ctx, x, refs)
}

func (s *countingStore) DocumentText(ctx context.Context, x *index.Index, id int32) (string, error) {
	s.count("DocumentText")
	return s.Store.DocumentText(ctx, x, id)
}

func (s *countingStore) MentionsMany(ctx context.Context, refs []kg.EntityRef, limit int) (map[kg.EntityRef][]kg.Evidence, error) {
	s.count("MentionsMany")
	return s.Store.MentionsMany(ctx, refs, limit)
}

func (s *countingStore) Index(ctx context.Context) (*index.Index, error) {
	s.count("Index")
	return s.Store.Index(ctx)
}

var _ resolvers.Store = (*countingStore)(nil)

// manyHospitals returns a document naming n hospitals, each in one of 10
// cities of 2 provinces, with 2 of 8 departments and 3 of 30 symptoms.
func manyHospitals(n int) *kg.Extraction {
	ex := &kg.Extraction{Doc: kg.Document{File: "many.txt", Title: "many"}}
	var text []rune
	relate := func(t kg.RelationType, from, to kg.EntityRef) {
		s := from.Name + "与" + to.Name + "。"
		start := len(text)
		text = append(text, []rune(s)...)
		ex.Relations = append(ex.Relations, kg.Relation{Type: t, From: from, To: to, Source: kg.Source{Item: -1},
			Span: kg.Span{Start: start, End: len(text), Snippet: s}})
	}
	for i := range n {
		h := kg.EntityRef{Kind: kg.KindHospital, Name: fmt.Sprintf("第%03d医院", i)}
		city := kg.EntityRef{Kind: kg.KindCity, Name: fmt.Sprintf("市%d", i%10)}
		prov := kg.EntityRef{Kind: kg.KindProvince, Name: fmt.Sprintf("省%d", i%2)}
		ex.Entities = append(ex.Entities, kg.Entity{EntityRef: h, Aliases: []string{fmt.Sprintf("%d院", i)}},
			kg.Entity{EntityRef: city, Level: kg.LevelPrefecture})
		start := len(text)
		text = append(text, []rune(h.Name)...)
		ex.Mentions = append(ex.Mentions, kg.Mention{Entity: h, Surface: h.Name, Source: kg.Source{Item: -1},
			Span: kg.Span{Start: start, End: len(text), Snippet: h.Name}})
		relate(kg.LocatedIn, h, city)
		relate(kg.InProvince, city, prov)
		for d := range 2 {
			relate(kg.HasDepartment, h, kg.EntityRef{Kind: kg.KindDepartment, Name: fmt.Sprintf("科%d", (i+d)%8)})
		}
		for s := range 3 {
			sym := kg.EntityRef{Kind: kg.KindSymptom, Name: fmt.Sprintf("症%d", (i+s)%30)}
			ex.Entities = append(ex.Entities, kg.Entity{EntityRef: sym, Category: kg.CategorySymptom})
			relate(kg.RecommendedFor, h, sym)
		}
	}
	ex.Doc.Text = string(text)
	return ex
}

// A page of hospitals with their cities, provinces, departments and
// symptoms is answered from the index alone: no read of the store, whatever
// its size.
func TestNestedFieldsReadTheIndex(t *testing.T) {
	store := &countingStore{Store: graphtest.Open(t), reads: map[string]int{}}
	if _, err := store.Put(context.Background(), manyHospitals(150)); err != nil {
		t.Fatal(err)
	}
	h := seededHandler(t, store)
	const q = `query($n: Int) { hospitals(first: $n) { edges { node {
	  name aliases city { name province { name } } cities { name } departments { name } recommendedFor { name category } } } } }`
	reads := map[int]int{}
	for _, n := range []int{10, 100} {
		store.reset()
		var data struct {
			Hospitals struct {
				Edges []struct {
					Node struct {
						Name           string
						City           struct{ Province struct{ Name string } }
						Departments    []struct{ Name string }
						RecommendedFor []struct{ Name, Category string }
					}
				}
			}
		}
		mustDo(t, h, q, map[string]any{"n": n}, &data)
		edges := data.Hospitals.Edges
		if len(edges) != n || edges[n-1].Node.City.Province.Name == "" || len(edges[n-1].Node.Departments) != 2 ||
			len(edges[n-1].Node.RecommendedFor) != 3 || edges[n-1].Node.RecommendedFor[0].Category != "SYMPTOM" {
			t.Fatalf("%d hospitals: %+v", len(edges), edges[n-1])
		}
		reads[n] = store.total()
		t.Logf("%d hospitals: %d store reads %v", n, reads[n], store.reads)
		if store.reads["Index"] == 0 || store.total() != store.reads["Index"] {
			t.Errorf("%d hospitals: reads %v, want the index's only", n, store.reads)
		}
	}
}

// So do their mentions and the evidence of their recommendations.
func TestEvidenceIsBatched(t *testing.T) {
	store := &countingStore{Store: graphtest.Open(t), reads: map[string]int{}}
	if _, err := store.Put(context.Background(), manyHospitals(150)); err != nil {
		t.Fatal(err)
	}
	h := seededHandler(t, store)
	var data struct {
		Hospitals struct {
			Edges []struct {
				Node struct {
					Name            string
					Mentions        []struct{ Snippet string }
					Recommendations []struct {
						Symptom  struct{ Name string }
						Evidence []struct {
							Snippet  string
							Document struct{ File, Title string }
						}
					}
				}
			}
		}
	}
	mustDo(t, h, `{ hospitals(first: 100) { edges { node { name mentions { snippet }
	  recommendations { symptom { name } evidence { snippet document { file title } } } } } } }`, nil, &data)
	for _, e := range data.Hospitals.Edges {
		n := e.Node
		if len(n.Mentions) != 1 || n.Mentions[0].Snippet != n.Name || len(n.Recommendations) != 3 {
			t.Fatalf("%+v", n)
		}
		for _, r := range n.Recommendations {
			if len(r.Evidence) != 1 || r.Evidence[0].Snippet != n.Name+"与"+r.Symptom.Name+"。" || r.Evidence[0].Document.Title != "many" {
				t.Fatalf("%s: %+v", n.Name, r)
			}
		}
	}
	t.Logf("100 hospitals with mentions and evidence: %d store reads %v", store.total(), store.reads)
	// Unbatched, 100 mentions and 300 evidence reads. Evidence and
	// mentions are batched by link and entity over time (the index says
	// where each is stated, and a batch reads its snippets with one
	// query), so gqlgen's pace decides how many batches the 400 make: a
	// few, never one each. Nothing else reads the store.
	texts := store.reads["EvidenceMany"] + store.reads["MentionsMany"]
	if store.total()-texts != store.reads["Index"] || texts == 0 || texts > 40 {
		t.Errorf("store reads: %v", store.reads)
	}
}

// A page of 100 hospitals with their cities, provinces, departments and
// symptoms, over a bolt store of 150.
func BenchmarkHospitalPage(b *testing.B) {
	store := graphtest.Open(b)
	if _, err := store.Put(context.Background(), manyHospitals(150)); err != nil {
		b.Fatal(err)
	}
	h := seededHandler(b, store)
	const q = `{ hospitals(first: 100) { edges { node {
	  name aliases city { name province { name } } departments { name } recommendedFor { name category } } } } }`
	body := []byte(`{"query":` + strconv.Quote(q) + `}`)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "第099医院") {
			b.Fatalf("%d %.300s", rec.Code, rec.Body.String())
		}
	}
}
