package graph_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
)

// The index answers exactly what the store's own reads answer, and is
// rebuilt after a Put.
func TestIndexMatchesStore(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{"bolt", "memstore", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			var s *graph.Store
			switch backend {
			case "bolt":
				s = graphtest.Open(t) // leveldb under -race
			case "postgres":
				s = graphtest.OpenPostgres(t)
			default:
				s = graphtest.OpenBackend(t, backend)
			}
			for i := range 3 {
				if _, err := s.Put(ctx, graphtest.Synthetic(i)); err != nil {
					t.Fatal(err)
				}
			}
			x, err := s.Index(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if x.Generation != s.Generation() {
				t.Errorf("generation %d, store at %d", x.Generation, s.Generation())
			}
			for _, kind := range graph.Kinds {
				want, err := s.Entities(ctx, kind)
				if err != nil {
					t.Fatal(err)
				}
				if got := x.Entities(kind); !reflect.DeepEqual(got, want) && len(want) > 0 {
					t.Errorf("%s: index %v\nstore %v", kind, got, want)
				}
				for _, e := range want {
					m, err := s.Mentions(ctx, e.EntityRef)
					if err != nil {
						t.Fatal(err)
					}
					if got := x.Mentions(e.EntityRef); !reflect.DeepEqual(got, m) && len(m) > 0 {
						t.Errorf("mentions of %v: index %v\nstore %v", e.EntityRef, got, m)
					}
					for _, rel := range graph.RelationTypes {
						out, err := s.Out(ctx, e.EntityRef, rel)
						if err != nil {
							t.Fatal(err)
						}
						if got := x.Out(e.EntityRef, rel); !reflect.DeepEqual(got, out) && len(out) > 0 {
							t.Errorf("%s of %v: index %v\nstore %v", rel, e.EntityRef, got, out)
						}
						for _, to := range out {
							evs, err := s.Evidence(ctx, e.EntityRef, rel, to)
							if err != nil {
								t.Fatal(err)
							}
							if got := x.Evidence(graph.Link{Type: rel, From: e.EntityRef, To: to}); !reflect.DeepEqual(got, evs) {
								t.Errorf("evidence %v %s %v: index %v\nstore %v", e.EntityRef, rel, to, got, evs)
							}
						}
						in, err := s.In(ctx, e.EntityRef, rel)
						if err != nil {
							t.Fatal(err)
						}
						if got := x.In(e.EntityRef, rel); !reflect.DeepEqual(got, in) && len(in) > 0 {
							t.Errorf("%s to %v: index %v\nstore %v", rel, e.EntityRef, got, in)
						}
					}
				}
			}
			if got := len(x.Documents()); got != 3 {
				t.Errorf("%d documents, want 3", got)
			}
			h := graph.EntityRef{Kind: graph.KindHospital, Name: "第0人民医院"}
			if got := x.Lookup(graph.KindHospital, "第0人民医院(市0院区)"); !reflect.DeepEqual(got, []graph.EntityRef{h}) {
				t.Errorf("lookup by alias = %v", got)
			}
			if got := x.DocumentCount(h); got != 1 {
				t.Errorf("document count of %v = %d, want 1", h, got)
			}

			t.Run("RebuiltAfterPut", func(t *testing.T) {
				same, err := s.Index(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if same != x {
					t.Error("index rebuilt without a change")
				}
				if _, err := s.Put(ctx, graphtest.Synthetic(15)); err != nil {
					t.Fatal(err)
				}
				y, err := s.Index(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if y == x || len(y.Documents()) != 4 {
					t.Errorf("after Put: %d documents, same index %v", len(y.Documents()), y == x)
				}
				if got := y.DocumentCount(h); got != 2 {
					t.Errorf("document count of %v = %d, want 2", h, got)
				}
			})
		})
	}
}

// The batched reads answer what the single ones do, on bolt (leveldb
// under -race) and, where .ci/run provides one, on PostgreSQL, which runs
// a path as SQL.
func TestBatchedReads(t *testing.T) {
	t.Run("bolt", func(t *testing.T) { testBatchedReads(t, graphtest.Open(t)) })
	t.Run("postgres", func(t *testing.T) { testBatchedReads(t, graphtest.OpenPostgres(t)) })
}

func testBatchedReads(t *testing.T, s *graph.Store) {
	ctx := context.Background()
	for i := range 4 {
		if _, err := s.Put(ctx, graphtest.Synthetic(i)); err != nil {
			t.Fatal(err)
		}
	}
	var refs []graph.EntityRef
	for _, kind := range graph.Kinds {
		es, err := s.Entities(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			refs = append(refs, e.EntityRef)
		}
	}
	unknown := graph.EntityRef{Kind: graph.KindHospital, Name: "没有这家医院"}
	got, err := s.EntitiesOf(ctx, append(refs, unknown))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[unknown]; ok || len(got) != len(refs) {
		t.Errorf("%d entities for %d refs and an unknown one", len(got), len(refs))
	}
	for _, r := range refs {
		want, err := s.Entity(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got[r], want) {
			t.Errorf("%v: batched %+v, single %+v", r, got[r], want)
		}
	}
	for _, rel := range graph.RelationTypes {
		outs, err := s.OutMany(ctx, refs, rel)
		if err != nil {
			t.Fatal(err)
		}
		ins, err := s.InMany(ctx, refs, rel)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range refs {
			out, err := s.Out(ctx, r, rel)
			if err != nil {
				t.Fatal(err)
			}
			in, err := s.In(ctx, r, rel)
			if err != nil {
				t.Fatal(err)
			}
			n += len(out)
			if !reflect.DeepEqual(outs[r], out) && len(out)+len(outs[r]) > 0 {
				t.Errorf("%s of %v: batched %v, single %v", rel, r, outs[r], out)
			}
			if !reflect.DeepEqual(ins[r], in) && len(in)+len(ins[r]) > 0 {
				t.Errorf("%s to %v: batched %v, single %v", rel, r, ins[r], in)
			}
		}
		var links []graph.Link
		for _, r := range refs {
			for _, to := range outs[r] {
				links = append(links, graph.Link{Type: rel, From: r, To: to})
			}
		}
		evs, err := s.EvidenceMany(ctx, append(links, graph.Link{Type: rel, From: unknown, To: unknown}))
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != len(links) {
			t.Errorf("%s: evidence of %d links, want %d", rel, len(evs), len(links))
		}
		for _, l := range links {
			want, err := s.Evidence(ctx, l.From, l.Type, l.To)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(evs[l], want) {
				t.Errorf("evidence of %v: batched %+v, single %+v", l, evs[l], want)
			}
		}
		if n == 0 && rel != graph.DepartmentFor { // Synthetic has none
			t.Errorf("no %s relations to compare", rel)
		}
	}
	mentions, err := s.MentionsMany(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, r := range refs {
		want, err := s.Mentions(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		named += len(want)
		if !reflect.DeepEqual(mentions[r], want) && len(want)+len(mentions[r]) > 0 {
			t.Errorf("mentions of %v: batched %+v, single %+v", r, mentions[r], want)
		}
	}
	if named == 0 {
		t.Error("no mentions to compare")
	}
}

// Building the index of 300 synthetic documents (189k quads) from bolt.
func BenchmarkIndex(b *testing.B) {
	ctx := context.Background()
	s := graphtest.Open(b)
	for i := range 300 {
		if _, err := s.Put(ctx, graphtest.Synthetic(i)); err != nil {
			b.Fatal(err)
		}
	}
	n, err := s.QuadCount(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n), "quads")
	b.ReportAllocs()
	for b.Loop() {
		x, err := s.Index(ctx)
		if err != nil || len(x.Documents()) != 300 {
			b.Fatal(err)
		}
		// The next Index call must build again: a Put that adds nothing
		// still moves the generation on.
		if _, err := s.Put(ctx, graphtest.Synthetic(0)); err != nil {
			b.Fatal(err)
		}
	}
}
