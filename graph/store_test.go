package graph_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
)

// The fixture: two documents that say the same things about one hospital,
// a.txt in its related item 0 and b.txt in its article.
//
//	a.txt item 0 ─┐
//	b.txt article ┴─ 苏州大学附属第一医院 ──recommendedFor──→ 皮肤紫癜
//	                     │
//	                     └──locatedIn──→ 苏州 ──inProvince──→ 江苏
//	                                      ↑                   ↑
//	【医保】异地就医 (2025年) ──policyAppliesIn──┴───────────────────┘
//
// a.txt also names 3201医院 (汉中), a name with digits, a space and
// parentheses, and each document gives the hospital a different alias.
// a.txt read the recommendation from a list (kg.MethodList); b.txt
// records no method for it, nor either document for the other relations
// (stored as kg.MethodUnknown).
var (
	hospital = kg.EntityRef{Kind: kg.KindHospital, Name: "苏州大学附属第一医院"}
	numbered = kg.EntityRef{Kind: kg.KindHospital, Name: "3201医院 (汉中)"}
	symptom  = kg.EntityRef{Kind: kg.KindSymptom, Name: "皮肤紫癜"}
	city     = kg.EntityRef{Kind: kg.KindCity, Name: "苏州"}
	province = kg.EntityRef{Kind: kg.KindProvince, Name: "江苏"}
	policy   = kg.EntityRef{Kind: kg.KindPolicy, Name: "【医保】异地就医 (2025年)"}
)

const (
	itemTitle = "2025年江苏苏州出现皮肤紫癜去哪家医院好"
	itemDate  = "2025-04-21"
	// sentence is the text both documents support the relations with.
	sentence = "推荐【苏州大学附属第一医院】治疗皮肤紫癜。"
)

// fixture returns the extraction of one document. item is the related
// item the facts are read from, or -1 for the article.
func fixture(file, alias string, item int) *kg.Extraction {
	text := sentence + "江苏苏州。【医保】异地就医 (2025年)。3201医院 (汉中)"
	src := kg.Source{Item: item}
	doc := kg.Document{File: file, Title: "标题 " + file, Text: text}
	if item >= 0 {
		src.ItemTitle, src.Date = itemTitle, itemDate
		doc.Items = []kg.Item{{Index: item, Title: itemTitle, Date: itemDate, Start: 0, End: len([]rune(text))}}
		doc.Date = itemDate
	}
	span := func(start, end int) kg.Span {
		return kg.Span{Start: start, End: end, Snippet: string([]rune(text)[start:end])}
	}
	var method kg.Method
	if item >= 0 {
		method = kg.MethodList
	}
	ex := &kg.Extraction{
		Doc: doc,
		Entities: []kg.Entity{
			{EntityRef: hospital, Aliases: []string{alias, hospital.Name}},
			{EntityRef: symptom, Category: kg.CategorySymptom, Aliases: []string{"紫癜"}},
			{EntityRef: city, Level: kg.LevelPrefecture, Code: "3205", Aliases: []string{"苏州市"}},
			{EntityRef: province, Code: "32"},
			{EntityRef: policy},
		},
		Mentions: []kg.Mention{
			{Entity: hospital, Surface: hospital.Name, Source: src, Span: span(3, 13)},
		},
		Relations: []kg.Relation{
			{Type: kg.RecommendedFor, From: hospital, To: symptom, Method: method, Source: src, Span: span(0, 21)},
			{Type: kg.LocatedIn, From: hospital, To: city, Source: src, Span: span(3, 13)},
			{Type: kg.InProvince, From: city, To: province, Source: src, Span: span(21, 25)},
			{Type: kg.PolicyAppliesIn, From: policy, To: province, Source: src, Span: span(26, 42)},
			{Type: kg.PolicyAppliesIn, From: policy, To: city, Source: src, Span: span(26, 42)},
		},
	}
	if item >= 0 {
		ex.Entities = append(ex.Entities, kg.Entity{EntityRef: numbered})
		ex.Mentions = append(ex.Mentions, kg.Mention{Entity: numbered, Surface: "3201医院", Source: src, Span: span(43, 49)})
	}
	return ex
}

// Quads per extraction, as vocab.go lays them out.
//
//	a.txt: document 6 (type, file, title, date, sha256, text) + item 4
//	(item, index, title, date) + entities 19 (type and name each; hospital
//	+1 alias, the alias equal to its name is dropped; symptom +alias
//	+category; city +alias +level +code; province +code) + 5 relations
//	(the direct quad; their evidence is spans in the summary) + 1 summary
//	(summary.go) = 6+4+19+5+1 = 35.
//	b.txt: document 5 (no date) + entities 17 (no 3201医院) + 5 relations
//	+ 1 summary = 5+17+5+1 = 28.
//	The two share no quad, as their labels differ: 63 in the store.
const quadsA, quadsB = 35, 28

// backends are the backends every behaviour is tested on; postgres needs
// a server and skips without one (graphtest.PostgresEnv).
var backends = []string{"bolt", "leveldb", "memstore", "postgres"}

// skipBoltUnderRace skips a bolt test in a build with the race detector,
// which boltdb/bolt 1.3.1 cannot run under (graph.ErrRaceBolt).
func skipBoltUnderRace(t *testing.T, backend string) {
	t.Helper()
	if backend == "bolt" && graph.RaceDetector {
		t.Skip("boltdb/bolt 1.3.1 fails the race detector's checkptr (graph.ErrRaceBolt)")
	}
}

func TestPutAndRead(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			skipBoltUnderRace(t, backend)
			ctx := context.Background()
			s := graphtest.OpenBackend(t, backend)
			if empty, err := s.Empty(ctx); err != nil || !empty {
				t.Fatalf("new store: Empty() = %v, %v; want true", empty, err)
			}
			a, b := fixture("a.txt", "苏大附一院", 0), fixture("b.txt", "苏州大学附属第一医院 (十梓街院区)", -1)
			for _, c := range []struct {
				ex   *kg.Extraction
				want int
			}{{a, quadsA}, {b, quadsB}} {
				if n, err := s.Put(ctx, c.ex); err != nil || n != c.want {
					t.Fatalf("Put(%s) = %d, %v; want %d", c.ex.Doc.File, n, err, c.want)
				}
			}
			total, err := s.QuadCount(ctx)
			if err != nil || total != quadsA+quadsB {
				t.Fatalf("QuadCount() = %d, %v; want %d", total, err, quadsA+quadsB)
			}
			testReads(t, s, total)
		})
	}
}

// testReads checks what the fixture's two documents read back as.
func testReads(t *testing.T, s *graph.Store, total int64) {
	ctx := context.Background()
	t.Run("PutTwiceAddsNothing", func(t *testing.T) {
		for _, ex := range []*kg.Extraction{fixture("a.txt", "苏大附一院", 0), fixture("b.txt", "苏州大学附属第一医院 (十梓街院区)", -1)} {
			if n, err := s.Put(ctx, ex); err != nil || n != 0 {
				t.Errorf("second Put(%s) = %d, %v; want 0", ex.Doc.File, n, err)
			}
		}
		if n, err := s.QuadCount(ctx); err != nil || n != total {
			t.Errorf("QuadCount() after second Put = %d, %v; want %d", n, err, total)
		}
	})
	t.Run("OutAndInReturnEachEntityOnce", func(t *testing.T) {
		for _, c := range []struct {
			name string
			call func() ([]kg.EntityRef, error)
			want []kg.EntityRef
		}{
			{"Out RecommendedFor", func() ([]kg.EntityRef, error) { return s.Out(ctx, hospital, kg.RecommendedFor) }, []kg.EntityRef{symptom}},
			{"In RecommendedFor", func() ([]kg.EntityRef, error) { return s.In(ctx, symptom, kg.RecommendedFor) }, []kg.EntityRef{hospital}},
			{"Out LocatedIn", func() ([]kg.EntityRef, error) { return s.Out(ctx, hospital, kg.LocatedIn) }, []kg.EntityRef{city}},
			{"In InProvince", func() ([]kg.EntityRef, error) { return s.In(ctx, province, kg.InProvince) }, []kg.EntityRef{city}},
			// A city and a province, each with its own kind, City first.
			{"Out PolicyAppliesIn", func() ([]kg.EntityRef, error) { return s.Out(ctx, policy, kg.PolicyAppliesIn) }, []kg.EntityRef{city, province}},
			{"In PolicyAppliesIn", func() ([]kg.EntityRef, error) { return s.In(ctx, city, kg.PolicyAppliesIn) }, []kg.EntityRef{policy}},
			{"Out of wrong type", func() ([]kg.EntityRef, error) { return s.Out(ctx, hospital, kg.HasDepartment) }, []kg.EntityRef{}},
			{"Out of unknown entity", func() ([]kg.EntityRef, error) {
				return s.Out(ctx, kg.EntityRef{Kind: kg.KindHospital, Name: "没有这家医院"}, kg.LocatedIn)
			}, []kg.EntityRef{}},
		} {
			got, err := c.call()
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s = %v, %v; want %v", c.name, got, err, c.want)
			}
		}
	})
	t.Run("EvidenceFromEachDocument", func(t *testing.T) {
		got, err := s.Evidence(ctx, hospital, kg.RecommendedFor, symptom)
		if err != nil {
			t.Fatal(err)
		}
		want := []kg.Evidence{
			{File: "a.txt", DocTitle: "标题 a.txt", ItemTitle: itemTitle, Date: itemDate, Start: 0, End: 21, Snippet: sentence, Sentence: sentence, Method: kg.MethodList},
			{File: "b.txt", DocTitle: "标题 b.txt", Start: 0, End: 21, Snippet: sentence, Sentence: sentence, Method: kg.MethodUnknown},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Evidence() =\n%+v\nwant\n%+v", got, want)
		}
		got, err = s.Evidence(ctx, policy, kg.PolicyAppliesIn, city)
		if err != nil || len(got) != 2 || got[0].Snippet != "【医保】异地就医 (2025年)" {
			t.Errorf("Evidence(policy → city) = %+v, %v", got, err)
		}
		got, err = s.Evidence(ctx, hospital, kg.RecommendedFor, city)
		if err != nil || len(got) != 0 {
			t.Errorf("Evidence of a relation that is not there = %+v, %v; want none", got, err)
		}
	})
	t.Run("MentionsFromEachDocument", func(t *testing.T) {
		got, err := s.Mentions(ctx, hospital)
		if err != nil || len(got) != 2 || got[0].File != "a.txt" || got[1].File != "b.txt" || got[1].Snippet != hospital.Name || got[1].Start != 3 ||
			!strings.Contains(got[1].Sentence, hospital.Name) || len(got[1].Sentence) <= len(hospital.Name) {
			t.Errorf("Mentions(hospital) = %+v, %v", got, err)
		}
		got, err = s.Mentions(ctx, numbered)
		if err != nil || len(got) != 1 || got[0].Snippet != "3201医院" || got[0].ItemTitle != itemTitle {
			t.Errorf("Mentions(3201医院) = %+v, %v", got, err)
		}
	})
	t.Run("EntitiesMergeAliasesAcrossDocuments", func(t *testing.T) {
		got, err := s.Entities(ctx, kg.KindHospital)
		if err != nil {
			t.Fatal(err)
		}
		want := []kg.Entity{
			{EntityRef: numbered},
			{EntityRef: hospital, Aliases: []string{"苏大附一院", "苏州大学附属第一医院 (十梓街院区)"}},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Entities(Hospital) = %+v; want %+v", got, want)
		}
	})
	t.Run("EntityHasItsAttributes", func(t *testing.T) {
		for _, want := range []kg.Entity{
			{EntityRef: city, Aliases: []string{"苏州市"}, Level: kg.LevelPrefecture, Code: "3205"},
			{EntityRef: province, Code: "32"},
			{EntityRef: symptom, Aliases: []string{"紫癜"}, Category: kg.CategorySymptom},
			{EntityRef: policy},
			{EntityRef: numbered},
		} {
			got, err := s.Entity(ctx, want.EntityRef)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("Entity(%v) = %+v, %v; want %+v", want.EntityRef, got, err, want)
			}
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for name, call := range map[string]func() error{
			"absent entity": func() error {
				_, err := s.Entity(ctx, kg.EntityRef{Kind: kg.KindHospital, Name: "没有这家医院"})
				return err
			},
			"name of another kind": func() error {
				_, err := s.Entity(ctx, kg.EntityRef{Kind: kg.KindSymptom, Name: hospital.Name})
				return err
			},
			"unknown kind": func() error {
				_, err := s.Entity(ctx, kg.EntityRef{Kind: "Planet", Name: hospital.Name})
				return err
			},
			"absent document": func() error {
				_, err := s.Document(ctx, "nope.txt")
				return err
			},
		} {
			if err := call(); !errors.Is(err, graph.ErrNotFound) {
				t.Errorf("%s: err = %v; want ErrNotFound", name, err)
			}
		}
	})
	t.Run("DocumentsWithItems", func(t *testing.T) {
		got, err := s.Documents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []kg.Document{
			{File: "a.txt", Title: "标题 a.txt", Date: itemDate, Items: []kg.Item{{Index: 0, Title: itemTitle, Date: itemDate}}},
			{File: "b.txt", Title: "标题 b.txt"},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Documents() = %+v; want %+v", got, want)
		}
		d, err := s.Document(ctx, "a.txt")
		if err != nil || !reflect.DeepEqual(d, want[0]) {
			t.Errorf("Document(a.txt) = %+v, %v; want %+v", d, err, want[0])
		}
	})
	t.Run("DumpParsesBackToEveryQuad", func(t *testing.T) {
		var buf bytes.Buffer
		if err := s.Dump(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		n := countNQuads(t, &buf)
		if int64(n) != total {
			t.Errorf("Dump wrote %d quads; the store holds %d", n, total)
		}
	})
}

// countNQuads parses N-Quads and counts them, failing on a parse error.
func countNQuads(t *testing.T, r io.Reader) int {
	t.Helper()
	qr := nquads.NewReader(r, false)
	n := 0
	for {
		q, err := qr.ReadQuad()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatalf("quad %d: %v", n+1, err)
		}
		if !q.IsValid() || q.Label == nil {
			t.Errorf("quad %d is incomplete: %v", n+1, q)
		}
		n++
	}
}

func TestReopenKeepsContents(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			skipBoltUnderRace(t, backend)
			ctx := context.Background()
			dir := filepath.Join(t.TempDir(), "kg")
			s, err := graph.Open(ctx, backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			a, b := fixture("a.txt", "苏大附一院", 0), fixture("b.txt", "苏州大学附属第一医院 (十梓街院区)", -1)
			for _, ex := range []*kg.Extraction{a, b} {
				if _, err := s.Put(ctx, ex); err != nil {
					t.Fatal(err)
				}
			}
			var before bytes.Buffer
			if err := s.Export(ctx, &before); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}

			s, err = graph.Open(ctx, backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			var after bytes.Buffer
			if err := s.Export(ctx, &after); err != nil {
				t.Fatal(err)
			}
			if before.String() != after.String() {
				t.Errorf("reopened store exports\n%s\nwant\n%s", after.String(), before.String())
			}
			// Writing into the reopened store still skips what it holds.
			if n, err := s.Put(ctx, a); err != nil || n != 0 {
				t.Errorf("Put into reopened store = %d, %v; want 0", n, err)
			}
			testReads(t, s, quadsA+quadsB)
		})
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrUnknownBackend", func(t *testing.T) {
		for _, backend := range []string{"badger", "bbolt", "mongo"} {
			if _, err := graph.Open(ctx, backend, t.TempDir()); err == nil || !strings.Contains(err.Error(), backend) {
				t.Errorf("Open(%s) err = %v; want unknown backend", backend, err)
			}
		}
	})
	t.Run("ErrRaceBolt", func(t *testing.T) {
		if !graph.RaceDetector {
			t.Skip("only under the race detector")
		}
		if _, err := graph.Open(ctx, "bolt", filepath.Join(t.TempDir(), "kg")); !errors.Is(err, graph.ErrRaceBolt) {
			t.Errorf("Open(bolt) under -race: err = %v; want ErrRaceBolt", err)
		}
	})
	t.Run("DefaultIsBolt", func(t *testing.T) {
		skipBoltUnderRace(t, "bolt")
		s, err := graph.Open(ctx, "", filepath.Join(t.TempDir(), "kg"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if s.Backend() != "bolt" {
			t.Errorf("Backend() = %q; want bolt", s.Backend())
		}
	})
	t.Run("ErrInUse", func(t *testing.T) {
		// Bolt would wait forever for the other holder to let go.
		for _, backend := range []string{"bolt", "leveldb"} {
			if backend == "bolt" && graph.RaceDetector {
				continue // graph.ErrRaceBolt
			}
			dir := filepath.Join(t.TempDir(), "kg")
			s, err := graph.Open(ctx, backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := graph.Open(ctx, backend, dir); !errors.Is(err, graph.ErrInUse) {
				t.Errorf("%s opened twice: err = %v; want ErrInUse", backend, err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s, err = graph.Open(ctx, backend, dir)
			if err != nil {
				t.Fatalf("%s reopened after close: %v", backend, err)
			}
			s.Close()
		}
	})
	t.Run("ErrNoPath", func(t *testing.T) {
		if _, err := graph.Open(ctx, "bolt", ""); err == nil {
			t.Error("Open(bolt, \"\") succeeded")
		}
	})
}

func TestPutRejectsInvalidExtractions(t *testing.T) {
	ctx := context.Background()
	s := graphtest.OpenBackend(t, "memstore")
	for name, change := range map[string]func(*kg.Extraction){
		"unknown kind":          func(ex *kg.Extraction) { ex.Entities[0].Kind = "Planet" },
		"entity without a name": func(ex *kg.Extraction) { ex.Entities[0].Name = "" },
		"unknown relation type": func(ex *kg.Extraction) { ex.Relations[0].Type = "CURES" },
		"relation to nameless":  func(ex *kg.Extraction) { ex.Relations[0].To.Name = "" },
		"no file name":          func(ex *kg.Extraction) { ex.Doc.File = "" },
	} {
		ex := fixture("a.txt", "苏大附一院", 0)
		change(ex)
		if n, err := s.Put(ctx, ex); err == nil {
			t.Errorf("%s: Put = %d, nil; want an error", name, n)
		}
	}
	if n, err := s.QuadCount(ctx); err != nil || n != 0 {
		t.Errorf("after rejected puts QuadCount() = %d, %v; want 0", n, err)
	}
}

func TestCancelledContext(t *testing.T) {
	ctx := context.Background()
	s := graphtest.Open(t)
	if _, err := s.Put(ctx, fixture("a.txt", "苏大附一院", 0)); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Put(cancelled, fixture("b.txt", "x", -1)); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with cancelled context: err = %v", err)
	}
	if _, err := s.Entities(cancelled, kg.KindHospital); !errors.Is(err, context.Canceled) {
		t.Errorf("Entities with cancelled context: err = %v", err)
	}
	if err := s.Export(cancelled, io.Discard); !errors.Is(err, context.Canceled) {
		t.Errorf("Export with cancelled context: err = %v", err)
	}
}

// TestConcurrentReadersAndWriter runs a writer and two readers at once.
// memstore is not safe for that in Cayley 0.7.7 (it crashes with
// "concurrent map read and map write"), so Store guards it; run with -race.
func TestConcurrentReadersAndWriter(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			skipBoltUnderRace(t, backend)
			ctx := context.Background()
			s := graphtest.OpenBackend(t, backend)
			const docs = 20
			var wg sync.WaitGroup
			wg.Go(func() {
				for i := range docs {
					if _, err := s.Put(ctx, fixture(fmt.Sprintf("doc%02d.txt", i), fmt.Sprintf("别名%d", i), i%3-1)); err != nil {
						t.Error(err)
						return
					}
				}
			})
			for range 2 {
				wg.Go(func() {
					for range docs {
						if _, err := s.Entities(ctx, kg.KindHospital); err != nil {
							t.Error(err)
							return
						}
						if _, err := s.Evidence(ctx, hospital, kg.RecommendedFor, symptom); err != nil {
							t.Error(err)
							return
						}
						if _, err := s.Documents(ctx); err != nil {
							t.Error(err)
							return
						}
						if err := s.Export(ctx, io.Discard); err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			evs, err := s.Evidence(ctx, hospital, kg.RecommendedFor, symptom)
			if err != nil || len(evs) != docs {
				t.Errorf("after the writer: %d evidence, %v; want %d", len(evs), err, docs)
			}
			h, err := s.Entity(ctx, hospital)
			if err != nil || len(h.Aliases) != docs {
				t.Errorf("after the writer: hospital has %d aliases, %v; want %d", len(h.Aliases), err, docs)
			}
		})
	}
}

func TestWriteExtraction(t *testing.T) {
	var buf bytes.Buffer
	if err := graph.WriteExtraction(&buf, fixture("a.txt", "苏大附一院", 0)); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{
		`<kg:Hospital/3201医院%20(汉中)> <kg:name> "3201医院 (汉中)" <kg:doc/a.txt> .`,
		`<kg:InsurancePolicy/【医保】异地就医%20(2025年)> <kg:policyAppliesIn> <kg:City/苏州> <kg:doc/a.txt> .`,
		`<kg:doc/a.txt> <kg:item> <kg:doc/a.txt#item-0> <kg:doc/a.txt> .`,
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("WriteExtraction lacks\n%s", want)
		}
	}
	if n := countNQuads(t, strings.NewReader(text)); n != quadsA {
		t.Errorf("WriteExtraction wrote %d quads; want %d", n, quadsA)
	}
}

// BenchmarkPut writes synthetic documents of 660 quads each, drawn from
// a shared pool of entities as real pages are, one per Put, into one bolt
// store (leveldb under -race).
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	s := graphtest.Open(b)
	b.ReportAllocs()
	i, quads := 0, 0
	for b.Loop() {
		n, err := s.Put(ctx, graphtest.Synthetic(i))
		if err != nil {
			b.Fatal(err)
		}
		i++
		quads += n
	}
	b.ReportMetric(float64(quads)/b.Elapsed().Seconds(), "quads/s")
}

// TestPostgres runs the round trip on a postgres server named by
// KG_TEST_POSTGRES (graphtest.PostgresEnv), in a new database, and
// reopens it.
func TestPostgres(t *testing.T) {
	conn := graphtest.PostgresURL(t)
	ctx := context.Background()
	s, err := graph.Open(ctx, "postgres", conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, c := range []struct {
		ex   *kg.Extraction
		want int
	}{{fixture("a.txt", "苏大附一院", 0), quadsA}, {fixture("b.txt", "苏州大学附属第一医院 (十梓街院区)", -1), quadsB}} {
		if n, err := s.Put(ctx, c.ex); err != nil || n != c.want {
			t.Fatalf("Put(%s) = %d, %v; want %d", c.ex.Doc.File, n, err, c.want)
		}
	}
	testReads(t, s, quadsA+quadsB)

	// Opening an existing database keeps it.
	s2, err := graph.Open(ctx, "postgres", conn)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n, err := s2.QuadCount(ctx); err != nil || n != quadsA+quadsB {
		t.Errorf("reopened QuadCount() = %d, %v; want %d", n, err, quadsA+quadsB)
	}
}
