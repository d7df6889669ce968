package graph_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/quad/nquads"
	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
)

// Two documents say the same thing about one hospital:
//
//	doc a.txt, item 0 ─┐
//	                   ├─ 苏州大学附属第一医院 ─recommendedFor→ 皮肤紫癜
//	doc b.txt, article ┘        │
//	                            └─locatedIn→ 苏州 ─inProvince→ 江苏
var (
	hospital = graph.EntityRef{Kind: graph.KindHospital, Name: "苏州大学附属第一医院"}
	symptom  = graph.EntityRef{Kind: graph.KindSymptom, Name: "皮肤紫癜"}
	city     = graph.EntityRef{Kind: graph.KindCity, Name: "苏州"}
	province = graph.EntityRef{Kind: graph.KindProvince, Name: "江苏"}
	numbered = graph.EntityRef{Kind: graph.KindHospital, Name: "3201医院"}
)

func extraction(file, alias string, item int) *graph.Extraction {
	text := "推荐【苏州大学附属第一医院】治疗皮肤紫癜。3201医院 (十梓街院区)"
	src := graph.Source{Item: item}
	doc := graph.Document{File: file, Title: "标题 " + file, Text: text}
	if item >= 0 {
		src.ItemTitle, src.Date = "2025年江苏苏州出现皮肤紫癜去哪家医院好", "2025-04-21"
		doc.Items = []graph.Item{{Index: item, Title: src.ItemTitle, Date: src.Date}}
		doc.Date = src.Date
	}
	return &graph.Extraction{
		Doc: doc,
		Entities: []graph.Entity{
			{EntityRef: hospital, Aliases: []string{alias}},
			{EntityRef: symptom, Category: graph.CategorySymptom, Aliases: []string{"紫癜"}},
			{EntityRef: city, Level: graph.LevelPrefecture, Code: "3205", Aliases: []string{"苏州市"}},
			{EntityRef: province, Code: "32"},
			{EntityRef: numbered},
		},
		Mentions: []graph.Mention{
			{Entity: hospital, Surface: "苏州大学附属第一医院", Source: src, Span: graph.Span{Start: 3, End: 13, Snippet: "苏州大学附属第一医院"}},
		},
		Relations: []graph.Relation{
			{Type: graph.RecommendedFor, From: hospital, To: symptom, Source: src, Span: graph.Span{Start: 0, End: 21, Snippet: "推荐【苏州大学附属第一医院】治疗皮肤紫癜。"}},
			{Type: graph.LocatedIn, From: hospital, To: city, Source: src, Span: graph.Span{Start: 3, End: 13, Snippet: "苏州大学附属第一医院"}},
			{Type: graph.InProvince, From: city, To: province, Source: src, Span: graph.Span{Start: 3, End: 5, Snippet: "苏州"}},
		},
	}
}

func TestStore(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb", "memstore"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			s := graphtest.OpenBackend(t, backend)
			if empty, err := s.Empty(ctx); err != nil || !empty {
				t.Fatalf("new store: empty=%v err=%v", empty, err)
			}
			a, b := extraction("a.txt", "苏大附一院", 0), extraction("b.txt", "苏州大学附属第一医院(十梓街院区)", -1)
			n, err := s.Put(ctx, a)
			if err != nil || n == 0 {
				t.Fatalf("put a: %d %v", n, err)
			}
			if want := len(graph.Quads(a)); n != want {
				t.Errorf("put a added %d quads, want %d", n, want)
			}
			if _, err := s.Put(ctx, b); err != nil {
				t.Fatal(err)
			}
			total, _ := s.QuadCount(ctx)

			t.Run("PutTwiceAddsNothing", func(t *testing.T) {
				n, err := s.Put(ctx, a)
				if err != nil || n != 0 {
					t.Errorf("second put: %d %v", n, err)
				}
				if again, _ := s.QuadCount(ctx); again != total {
					t.Errorf("quad count %d after re-put, want %d", again, total)
				}
			})
			t.Run("OutIsUnique", func(t *testing.T) {
				got, err := s.Out(ctx, hospital, graph.RecommendedFor)
				if err != nil || len(got) != 1 || got[0] != symptom {
					t.Errorf("Out = %v %v, want [%v]", got, err, symptom)
				}
				in, err := s.In(ctx, symptom, graph.RecommendedFor)
				if err != nil || len(in) != 1 || in[0] != hospital {
					t.Errorf("In = %v %v", in, err)
				}
			})
			t.Run("EvidenceFromBothDocuments", func(t *testing.T) {
				evs, err := s.Evidence(ctx, hospital, graph.RecommendedFor, symptom)
				if err != nil || len(evs) != 2 {
					t.Fatalf("Evidence = %+v %v, want 2", evs, err)
				}
				if evs[0].File != "a.txt" || evs[0].ItemTitle == "" || evs[0].Date != "2025-04-21" || evs[0].Start != 0 || evs[0].End != 21 {
					t.Errorf("evidence from a.txt = %+v", evs[0])
				}
				if evs[1].File != "b.txt" || evs[1].ItemTitle != "" || evs[1].Snippet != "推荐【苏州大学附属第一医院】治疗皮肤紫癜。" {
					t.Errorf("evidence from b.txt = %+v", evs[1])
				}
			})
			t.Run("AliasesMergeAcrossDocuments", func(t *testing.T) {
				e, err := s.Entity(ctx, hospital)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Join(e.Aliases, "|") != "苏大附一院|苏州大学附属第一医院(十梓街院区)" {
					t.Errorf("aliases = %q", e.Aliases)
				}
				c, _ := s.Entity(ctx, city)
				if c.Level != graph.LevelPrefecture || c.Code != "3205" {
					t.Errorf("city = %+v", c)
				}
			})
			t.Run("EntitiesSortedByName", func(t *testing.T) {
				hs, err := s.Entities(ctx, graph.KindHospital)
				if err != nil || len(hs) != 2 || hs[0].Name != "3201医院" || hs[1].Name != hospital.Name {
					t.Errorf("hospitals = %+v %v", hs, err)
				}
			})
			t.Run("ErrNotFound", func(t *testing.T) {
				if _, err := s.Entity(ctx, graph.EntityRef{Kind: graph.KindHospital, Name: "没有这家医院"}); !errors.Is(err, graph.ErrNotFound) {
					t.Errorf("err = %v", err)
				}
				if _, err := s.Entity(ctx, graph.EntityRef{Kind: graph.KindSymptom, Name: hospital.Name}); !errors.Is(err, graph.ErrNotFound) {
					t.Errorf("wrong kind: err = %v", err)
				}
				if _, err := s.Document(ctx, "nope.txt"); !errors.Is(err, graph.ErrNotFound) {
					t.Errorf("document err = %v", err)
				}
			})
			t.Run("Documents", func(t *testing.T) {
				ds, err := s.Documents(ctx)
				if err != nil || len(ds) != 2 || ds[0].File != "a.txt" || len(ds[0].Items) != 1 || ds[0].Items[0].Date != "2025-04-21" {
					t.Errorf("documents = %+v %v", ds, err)
				}
			})
			t.Run("Mentions", func(t *testing.T) {
				ms, err := s.Mentions(ctx, hospital)
				if err != nil || len(ms) != 2 || ms[0].Snippet != "苏州大学附属第一医院" {
					t.Errorf("mentions = %+v %v", ms, err)
				}
			})
			t.Run("ExportParsesBack", func(t *testing.T) {
				var buf bytes.Buffer
				if err := s.Export(ctx, &buf); err != nil {
					t.Fatal(err)
				}
				r := nquads.NewReader(&buf, false)
				n := 0
				for {
					_, err := r.ReadQuad()
					if err != nil {
						break
					}
					n++
				}
				if int64(n) != total {
					t.Errorf("export has %d quads, store %d", n, total)
				}
			})
		})
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "kg.db")
	s, err := graph.Open(ctx, "bolt", dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, extraction("a.txt", "苏大附一院", 0)); err != nil {
		t.Fatal(err)
	}
	want, _ := s.QuadCount(ctx)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = graph.Open(ctx, "bolt", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.QuadCount(ctx); got != want {
		t.Errorf("reopened store has %d quads, want %d", got, want)
	}
	if got, err := s.Out(ctx, hospital, graph.LocatedIn); err != nil || len(got) != 1 || got[0] != city {
		t.Errorf("Out after reopen = %v %v", got, err)
	}
}

func TestUnknownBackend(t *testing.T) {
	if _, err := graph.Open(context.Background(), "badger", t.TempDir()); err == nil || !strings.Contains(err.Error(), "badger") {
		t.Errorf("err = %v", err)
	}
}

// TestMemstoreConcurrent runs a writer and readers together; memstore is not
// thread-safe in Cayley 0.7.7, so the store must guard it (run with -race).
func TestMemstoreConcurrent(t *testing.T) {
	ctx := context.Background()
	s := graphtest.OpenBackend(t, "memstore")
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 30; i++ {
			if _, err := s.Put(ctx, extraction(strings.Repeat("x", i+1)+".txt", "别名", i)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 30; i++ {
			if _, err := s.Entities(ctx, graph.KindHospital); err != nil {
				t.Error(err)
				return
			}
			if _, err := s.Evidence(ctx, hospital, graph.RecommendedFor, symptom); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	wg.Wait()
}

func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	s := graphtest.Open(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := s.Put(ctx, extraction(strings.Repeat("d", i%50+1)+string(rune('a'+i%26))+".txt", "别名", i)); err != nil {
			b.Fatal(err)
		}
	}
}
