package graph_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
)

// exportLines returns the store's quads as sorted N-Quads lines.
func exportLines(t *testing.T, s *graph.Store) []string {
	t.Helper()
	var b bytes.Buffer
	if err := s.Export(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) == 1 && lines[0] == "" {
		lines = nil
	}
	slices.Sort(lines)
	return lines
}

// want returns the sorted quads of a store that holds exactly exs, loaded
// into a fresh memstore.
func want(t *testing.T, exs ...*kg.Extraction) []string {
	t.Helper()
	s := graphtest.OpenBackend(t, "memstore")
	for _, ex := range exs {
		if _, err := s.Put(context.Background(), ex); err != nil {
			t.Fatal(err)
		}
	}
	return exportLines(t, s)
}

func sameQuads(t *testing.T, step string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	extra, missing := 0, 0
	w := make(map[string]bool, len(want))
	for _, l := range want {
		w[l] = true
	}
	g := make(map[string]bool, len(got))
	for _, l := range got {
		g[l] = true
		if !w[l] {
			if extra++; extra <= 3 {
				t.Logf("%s: extra %s", step, l)
			}
		}
	}
	for _, l := range want {
		if !g[l] {
			if missing++; missing <= 3 {
				t.Logf("%s: missing %s", step, l)
			}
		}
	}
	t.Fatalf("%s: %d quads, want %d (%d extra, %d missing)", step, len(got), len(want), extra, missing)
}

// changed returns a new version of ex: the text changed, the last two
// relations and the last mention gone, one relation added.
func changed(ex *kg.Extraction) *kg.Extraction {
	c := *ex
	c.Doc.Text = ex.Doc.Text + "更新。"
	c.Relations = slices.Clone(ex.Relations[:len(ex.Relations)-2])
	c.Mentions = slices.Clone(ex.Mentions[:len(ex.Mentions)-1])
	r := ex.Relations[0]
	r.To = kg.EntityRef{Kind: kg.KindProvince, Name: "新省"}
	r.Span.Start, r.Span.End, r.Span.Snippet = 0, 1, string([]rune(c.Doc.Text)[:1])
	c.Relations = append(c.Relations, r)
	return &c
}

// TestLifecycle writes, changes, deletes and re-adds documents and checks
// after each step that the store holds exactly the quads of a fresh store
// loaded with the documents it should hold. Documents 0 and 20 share a
// city and its province, so the fact (市0 inProvince 省0) is stated by
// both:
//
//	a = Synthetic(0)  ──┐
//	                    ├── (市0, inProvince, 省0)
//	b = Synthetic(20) ──┘
func TestLifecycle(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb", "memstore"} {
		t.Run(backend, func(t *testing.T) {
			if backend == "bolt" {
				if s, err := graph.Open(context.Background(), backend, t.TempDir()); errors.Is(err, graph.ErrRaceBolt) {
					t.Skip(err)
				} else if err == nil {
					s.Close()
				}
			}
			ctx := context.Background()
			s := graphtest.OpenBackend(t, backend)
			a, b := graphtest.Synthetic(0), graphtest.Synthetic(20)
			a2 := changed(a)
			city := kg.EntityRef{Kind: kg.KindCity, Name: "市0"}
			prov := kg.EntityRef{Kind: kg.KindProvince, Name: "省0"}

			put := func(ex *kg.Extraction) graph.Change {
				t.Helper()
				c, err := s.Update(ctx, ex)
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			del := func(file string) graph.Change {
				t.Helper()
				gen := s.Generation()
				c, err := s.Delete(ctx, file)
				if err != nil {
					t.Fatal(err)
				}
				if s.Generation() == gen {
					t.Fatal("Delete did not bump the generation")
				}
				return c
			}
			inProvince := func(step string, want bool) {
				t.Helper()
				x, err := s.Index(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got := slices.Contains(x.Out(city, kg.InProvince), prov)
				if got != want {
					t.Fatalf("%s: %s inProvince %s is %v, want %v", step, city.Name, prov.Name, got, want)
				}
			}

			put(a)
			put(b)
			sameQuads(t, "a+b", exportLines(t, s), want(t, a, b))
			inProvince("a+b", true)

			t.Run("ChangedVersionReplaces", func(t *testing.T) {
				c := put(a2)
				sameQuads(t, "a2+b", exportLines(t, s), want(t, a2, b))
				if c.Removed == 0 || c.Added == 0 {
					t.Errorf("change: %+v, want quads added and removed", c)
				}
				if !slices.Contains(c.Entities, kg.EntityRef{Kind: kg.KindProvince, Name: "新省"}) {
					t.Errorf("change names entities %v, want 新省 among them", c.Entities)
				}
				if c := put(a2); c.Added != 0 || c.Removed != 0 {
					t.Errorf("same version again: %+v, want nothing changed", c)
				}
				// A much shorter version: more quads go than stay, so
				// nodes like rdf:type lose references overall.
				short := *a
				short.Doc.Text = "短。"
				r := a.Relations[0]
				r.Span = kg.Span{Start: 0, End: 1, Snippet: "短"}
				short.Relations, short.Mentions = []kg.Relation{r}, nil
				put(&short)
				sameQuads(t, "short+b", exportLines(t, s), want(t, &short, b))
				put(a)
				sameQuads(t, "a+b again", exportLines(t, s), want(t, a, b))
			})

			t.Run("DeleteKeepsSharedFacts", func(t *testing.T) {
				c := del(a.Doc.File)
				sameQuads(t, "b after delete a", exportLines(t, s), want(t, b))
				if c.Removed == 0 || len(c.Dropped) == 0 {
					t.Errorf("delete: %+v, want quads and entities removed", c)
				}
				inProvince("b", true)
				if _, err := s.Delete(ctx, a.Doc.File); !errors.Is(err, graph.ErrNotFound) {
					t.Errorf("delete again: %v, want ErrNotFound", err)
				}
			})

			// Add → delete → re-add, twice, one at a time and through
			// PutMany's bulk path (Cayley's quad writer), then delete both.
			t.Run("ReAdd", func(t *testing.T) {
				put(a)
				sameQuads(t, "re-add a", exportLines(t, s), want(t, a, b))
				del(a.Doc.File)
				if _, err := s.PutMany(ctx, []*kg.Extraction{a}); err != nil {
					t.Fatal(err)
				}
				sameQuads(t, "re-add a in bulk", exportLines(t, s), want(t, a, b))
				del(b.Doc.File)
				sameQuads(t, "a after delete b", exportLines(t, s), want(t, a))
				inProvince("a", true)
				del(a.Doc.File)
				sameQuads(t, "empty", exportLines(t, s), nil)
				if n, err := s.QuadCount(ctx); err != nil || n != 0 {
					t.Fatalf("quad count of the empty store: %d, %v", n, err)
				}
				inProvince("empty", false)
				put(b)
				put(a)
				sameQuads(t, "b+a", exportLines(t, s), want(t, a, b))
				inProvince("b+a", true)
			})
		})
	}
}
