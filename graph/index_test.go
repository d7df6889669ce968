package graph_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// The index the writes keep up to date is the one read afresh from the
// store and agrees with the quads, through adds, a batch, a changed
// version, a re-put of the same version, and a delete, on every backend.
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
			verify := func(step string) *index.Index {
				t.Helper()
				x, err := s.Index(ctx)
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				if x.Generation != s.Generation() {
					t.Errorf("%s: index at generation %d, store at %d", step, x.Generation, s.Generation())
				}
				if err := s.VerifyIndex(ctx); err != nil {
					t.Errorf("%s: %v", step, err)
				}
				return x
			}
			for i := range 3 {
				if _, err := s.Put(ctx, graphtest.Synthetic(i)); err != nil {
					t.Fatal(err)
				}
			}
			x := verify("three puts")
			h := kg.EntityRef{Kind: kg.KindHospital, Name: "第0人民医院"}
			if got := x.Lookup(kg.KindHospital, "第0人民医院(市0院区)"); !reflect.DeepEqual(got, []kg.EntityRef{h}) {
				t.Errorf("lookup by alias = %v", got)
			}
			if got := x.DocumentCount(h); got != 1 {
				t.Errorf("document count of %v = %d, want 1", h, got)
			}
			if same, _ := s.Index(ctx); same != x {
				t.Error("index made again without a change")
			}

			batch := []*kg.Extraction{graphtest.Synthetic(15), graphtest.Synthetic(16), graphtest.Synthetic(1)}
			if _, err := s.PutMany(ctx, batch); err != nil {
				t.Fatal(err)
			}
			y := verify("a batch")
			if y.NumDocuments() != 5 || y.DocumentCount(h) != 2 {
				t.Errorf("after the batch: %d documents, %v in %d", y.NumDocuments(), h, y.DocumentCount(h))
			}

			// A changed version of document 15: the first hospital and
			// its relations are gone, a new alias comes.
			changed := graphtest.Synthetic(15)
			changed.Relations = changed.Relations[3:]
			changed.Entities[1].Aliases = append(changed.Entities[1].Aliases, "新别名")
			changed.Doc.Text += "。"
			if _, err := s.Put(ctx, changed); err != nil {
				t.Fatal(err)
			}
			z := verify("a changed version")
			if got := z.Lookup(kg.KindCity, "新别名"); len(got) != 1 {
				t.Errorf("new alias finds %v", got)
			}
			if _, err := s.Put(ctx, changed); err != nil {
				t.Fatal(err)
			}
			verify("the same version again")

			if _, err := s.Delete(ctx, "synthetic_000000.txt"); err != nil {
				t.Fatal(err)
			}
			w := verify("a delete")
			if w.DocumentCount(h) != 1 || w.NumDocuments() != 4 {
				t.Errorf("after the delete: %d documents, %v in %d", w.NumDocuments(), h, w.DocumentCount(h))
			}
			if _, ok := w.Document("synthetic_000000.txt"); ok {
				t.Error("deleted document still in the index")
			}
			// New documents take the ids of the gone ones (the old version
			// of 15 and document 0); the index read afresh agrees.
			if _, err := s.PutMany(ctx, []*kg.Extraction{graphtest.Synthetic(20), graphtest.Synthetic(21), graphtest.Synthetic(22)}); err != nil {
				t.Fatal(err)
			}
			verify("new documents after the delete")
			// Evidence read through the index has the text of the span.
			ex := graphtest.Synthetic(16)
			r := ex.Relations[len(ex.Relations)-1]
			evs, err := s.Evidence(ctx, r.From, r.Type, r.To)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, ev := range evs {
				found = found || (ev.File == ex.Doc.File && ev.Start == r.Start && ev.End == r.End && ev.Snippet == r.Snippet && ev.ItemTitle == r.ItemTitle && ev.Date == r.Date)
			}
			if !found {
				t.Errorf("evidence of %v: %+v, want the span %d–%d %q of %s", r, evs, r.Start, r.End, r.Snippet, ex.Doc.File)
			}
		})
	}
}

// The batched reads of evidence and mentions answer what the single ones
// do, on bolt (leveldb
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
	var refs []kg.EntityRef
	for _, kind := range kg.Kinds {
		es, err := s.Entities(ctx, kind)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			refs = append(refs, e.EntityRef)
		}
	}
	unknown := kg.EntityRef{Kind: kg.KindHospital, Name: "没有这家医院"}
	for _, rel := range kg.RelationTypes {
		n := 0
		var links []kg.Link
		for _, r := range refs {
			outs, err := s.Out(ctx, r, rel)
			if err != nil {
				t.Fatal(err)
			}
			n += len(outs)
			for _, to := range outs {
				links = append(links, kg.Link{Type: rel, From: r, To: to})
			}
		}
		evs, err := s.EvidenceMany(ctx, append(links, kg.Link{Type: rel, From: unknown, To: unknown}), 0)
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
		if n == 0 && rel != kg.DepartmentFor { // Synthetic has none
			t.Errorf("no %s relations to compare", rel)
		}
	}
	mentions, err := s.MentionsMany(ctx, refs, 0)
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

// Reading the index of 300 synthetic documents (189k quads) from bolt,
// as a server does on its first request.
func BenchmarkIndex(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	s, err := graph.Open(ctx, "bolt", dir)
	if err != nil {
		b.Fatal(err)
	}
	var exs []*kg.Extraction
	for i := range 300 {
		exs = append(exs, graphtest.Synthetic(i))
	}
	if _, err := s.PutMany(ctx, exs); err != nil {
		b.Fatal(err)
	}
	n, err := s.QuadCount(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n), "quads")
	b.ReportAllocs()
	for b.Loop() {
		s, err := graph.Open(ctx, "bolt", dir)
		if err != nil {
			b.Fatal(err)
		}
		x, err := s.Index(ctx)
		if err != nil || x.NumDocuments() != 300 {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// Keeping the index up to date: one new document into a store of 300.
func BenchmarkIndexApply(b *testing.B) {
	ctx := context.Background()
	s := graphtest.Open(b)
	var exs []*kg.Extraction
	for i := range 300 {
		exs = append(exs, graphtest.Synthetic(i))
	}
	if _, err := s.PutMany(ctx, exs); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Index(ctx); err != nil {
		b.Fatal(err)
	}
	i := 1000
	for b.Loop() {
		i++
		if _, err := s.Put(ctx, graphtest.Synthetic(i)); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Index(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// Two processes on one PostgreSQL database: what one writes, the other's
// index has after Refresh, and not before (the index lives in the process).
func TestRefreshSeesOtherWriters(t *testing.T) {
	ctx := context.Background()
	conn := graphtest.PostgresURL(t)
	open := func() *graph.Store {
		s, err := graph.Open(ctx, "postgres", conn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()
	docs := func(s *graph.Store) int {
		t.Helper()
		x, err := s.Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return x.NumDocuments()
	}
	refresh := func(want bool) {
		t.Helper()
		if changed, err := a.Refresh(ctx); err != nil || changed != want {
			t.Fatalf("Refresh() = %v, %v; want %v", changed, err, want)
		}
	}
	if _, err := a.Put(ctx, graphtest.Synthetic(0)); err != nil {
		t.Fatal(err)
	}
	if n := docs(a); n != 1 {
		t.Fatalf("%d documents, want 1", n)
	}
	refresh(false) // the first call notes what there is
	if _, err := b.Put(ctx, graphtest.Synthetic(1)); err != nil {
		t.Fatal(err)
	}
	if n := docs(a); n != 1 {
		t.Errorf("before Refresh: %d documents, want 1 (the index is the process's)", n)
	}
	refresh(true)
	if n := docs(a); n != 2 {
		t.Errorf("after Refresh: %d documents, want 2", n)
	}
	if err := a.VerifyIndex(ctx); err != nil {
		t.Error(err)
	}
	refresh(false)
	if _, err := b.Delete(ctx, "synthetic_000000.txt"); err != nil {
		t.Fatal(err)
	}
	refresh(true)
	x, err := a.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := x.Document("synthetic_000000.txt"); ok {
		t.Error("a document another process deleted is still there after Refresh")
	}

	// The store's own writes are in its index already: Refresh does not
	// read it again for them (a server taking documents in would read its
	// whole index every interval).
	if _, err := a.Put(ctx, graphtest.Synthetic(2)); err != nil {
		t.Fatal(err)
	}
	refresh(false)
	changed := graphtest.Synthetic(2)
	changed.Doc.Text += "又一句。"
	changed.Relations = changed.Relations[:3]
	if _, err := a.Update(ctx, changed); err != nil {
		t.Fatal(err)
	}
	refresh(false)
	if _, err := a.PutMany(ctx, []*kg.Extraction{graphtest.Synthetic(3), graphtest.Synthetic(4)}); err != nil {
		t.Fatal(err)
	}
	refresh(false)
	if _, err := a.Delete(ctx, "synthetic_000003.txt"); err != nil {
		t.Fatal(err)
	}
	refresh(false)
	if n := docs(a); n != 3 {
		t.Errorf("after its own writes: %d documents, want 3", n)
	}
	// Its own write and another's together: read again, with both.
	if _, err := a.Put(ctx, graphtest.Synthetic(5)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Put(ctx, graphtest.Synthetic(6)); err != nil {
		t.Fatal(err)
	}
	refresh(true)
	x, err = a.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"synthetic_000005.txt", "synthetic_000006.txt"} {
		if _, ok := x.Document(f); !ok {
			t.Errorf("after Refresh %s is missing", f)
		}
	}
	if err := a.VerifyIndex(ctx); err != nil {
		t.Error(err)
	}
}

// A bolt store saves its index when it closes and reads it back at the next
// open, unless the store changed since (a write without the index, here).
func TestIndexSnapshot(t *testing.T) {
	if graph.RaceDetector {
		t.Skip("bolt only (graph.ErrRaceBolt)")
	}
	ctx := context.Background()
	dir := t.TempDir()
	open := func() *graph.Store {
		t.Helper()
		s, err := graph.Open(ctx, "bolt", dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	index := func(s *graph.Store, want int, fromSnapshot bool) {
		t.Helper()
		x, err := s.Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if x.NumDocuments() != want || x.FromSnapshot() != fromSnapshot {
			t.Errorf("%d documents, from the snapshot %v; want %d, %v", x.NumDocuments(), x.FromSnapshot(), want, fromSnapshot)
		}
		if err := s.VerifyIndex(ctx); err != nil {
			t.Error(err)
		}
	}
	s := open()
	for i := range 3 {
		if _, err := s.Put(ctx, graphtest.Synthetic(i)); err != nil {
			t.Fatal(err)
		}
	}
	index(s, 3, false)
	if _, err := s.Put(ctx, graphtest.Synthetic(3)); err != nil { // kept up to date, then saved
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open()
	index(s, 4, true)
	if _, err := s.Delete(ctx, "synthetic_000001.txt"); err != nil {
		t.Fatal(err)
	}
	index(s, 3, true) // the index read from the snapshot, kept up to date
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open()
	index(s, 3, true)
	s.Close()
	// A damaged snapshot (cut in half) is read from the summaries instead.
	snap := filepath.Join(dir, "index.snapshot")
	fi, err := os.Stat(snap)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(snap, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	s = open()
	index(s, 3, false)
	s.Close()
	s = open()
	index(s, 3, true) // saved again at the last close
	s.Close()
	// A write by a process that never read the index leaves the snapshot
	// behind: the next open reads the summaries.
	s = open()
	if _, err := s.Put(ctx, graphtest.Synthetic(9)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open()
	defer s.Close()
	index(s, 4, false)
}
