package graph_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
)

// kvBackends are the backends with an ingest journal that a test can run:
// bolt cannot run under the race detector.
func kvBackends() []string {
	if graph.RaceDetector {
		return []string{"leveldb"}
	}
	return []string{"bolt", "leveldb"}
}

// journalFiles returns the journal segments in a store's folder.
func journalFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "journal-*.kgj"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A new document written while the index is current is read at once, its
// evidence too, before Cayley holds it; it reaches Cayley, and leaves the
// journal, without anyone asking; and every write after it sees it.
func TestIngestThroughJournal(t *testing.T) {
	ctx := context.Background()
	for _, backend := range kvBackends() {
		t.Run(backend, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "kg")
			s, err := graph.Open(ctx, backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if s != nil {
					s.Close()
				}
			}()
			if _, err := s.Put(ctx, graphtest.Synthetic(0)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Index(ctx); err != nil {
				t.Fatal(err)
			}
			before, err := s.QuadCount(ctx)
			if err != nil {
				t.Fatal(err)
			}

			ex := graphtest.Synthetic(1)
			resume := graph.PauseWriter(s)
			c, err := s.Update(ctx, ex)
			if err != nil {
				resume()
				t.Fatal(err)
			}
			if s.Pending() != 1 || len(journalFiles(t, dir)) != 1 {
				t.Errorf("after a new document: %d pending, journal %v; want 1 and one segment", s.Pending(), journalFiles(t, dir))
			}
			if c.Added == 0 || len(c.Entities) == 0 {
				t.Errorf("change %+v", c)
			}
			rel := ex.Relations[len(ex.Relations)-1]
			evs, err := s.Evidence(ctx, rel.From, rel.Type, rel.To)
			if err != nil {
				resume()
				t.Fatal(err)
			}
			if !hasSnippet(evs, ex.Doc.File, rel.Span.Snippet) {
				t.Errorf("evidence of %v while pending: %+v, want the snippet %q of %s", rel, evs, rel.Span.Snippet, ex.Doc.File)
			}
			if _, err := s.Document(ctx, ex.Doc.File); err != nil {
				t.Errorf("document while pending: %v", err)
			}
			resume()

			// Pending documents count among the quads.
			pendingCount, err := s.QuadCount(ctx)
			if err != nil || pendingCount-before != int64(c.Added) {
				t.Errorf("quads while pending: %d more (%v), want %d", pendingCount-before, err, c.Added)
			}
			if err := s.Flush(); err != nil {
				t.Fatal(err)
			}
			after, err := s.QuadCount(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if after-before != int64(c.Added) || s.Pending() != 0 || len(journalFiles(t, dir)) != 0 {
				t.Errorf("written out: %d quads added (want %d), %d pending, journal %v", after-before, c.Added, s.Pending(), journalFiles(t, dir))
			}
			evs, err = s.Evidence(ctx, rel.From, rel.Type, rel.To)
			if err != nil || !hasSnippet(evs, ex.Doc.File, rel.Span.Snippet) {
				t.Errorf("evidence from Cayley: %+v, %v", evs, err)
			}
			if err := s.VerifyIndex(ctx); err != nil {
				t.Errorf("check: %v", err)
			}

			// A document deleted, and one changed, while pending.
			resume = graph.PauseWriter(s)
			for i := 2; i <= 3; i++ {
				if _, err := s.Put(ctx, graphtest.Synthetic(i)); err != nil {
					resume()
					t.Fatal(err)
				}
			}
			if s.Pending() != 2 {
				t.Errorf("%d pending, want 2", s.Pending())
			}
			resume()
			if _, err := s.Delete(ctx, graphtest.Synthetic(2).Doc.File); err != nil {
				t.Fatal(err)
			}
			changed := graphtest.Synthetic(3)
			changed.Doc.Text += "又一句。"
			changed.Relations = changed.Relations[:5]
			if c, err := s.Update(ctx, changed); err != nil || c.Removed == 0 {
				t.Fatalf("change a pending document: %+v, %v", c, err)
			}
			if err := s.VerifyIndex(ctx); err != nil {
				t.Errorf("check after delete and change: %v", err)
			}

			// Close writes out what is pending and saves the index.
			resume = graph.PauseWriter(s)
			if _, err := s.Put(ctx, graphtest.Synthetic(4)); err != nil {
				resume()
				t.Fatal(err)
			}
			resume()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = nil
			if j := journalFiles(t, dir); len(j) != 0 {
				t.Errorf("journal after Close: %v", j)
			}
			s, err = graph.Open(ctx, backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			x, err := s.Index(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := x.Document(graphtest.Synthetic(4).Doc.File); !ok || len(x.Documents()) != 4 {
				t.Errorf("after reopening: %d documents, the last one there: %v", len(x.Documents()), ok)
			}
			if err := s.VerifyIndex(ctx); err != nil {
				t.Errorf("check after reopening: %v", err)
			}
		})
	}
}

// Open writes out what a crash left in the journal: whole records of
// documents Cayley does not hold. A record cut short at the end was never
// acknowledged and is left out; a damaged one elsewhere stops Open with an
// error that names the file.
func TestJournalReplay(t *testing.T) {
	ctx := context.Background()
	for _, backend := range kvBackends() {
		t.Run(backend, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "kg")
			s, err := graph.Open(ctx, backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Put(ctx, graphtest.Synthetic(0)); err != nil {
				t.Fatal(err)
			}
			before, err := s.QuadCount(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			record := func(i int) []byte {
				rec, err := graph.JournalRecord(graphtest.Synthetic(i))
				if err != nil {
					t.Fatal(err)
				}
				return rec
			}
			// Document 0 is in Cayley already (written out, then a
			// crash before its segment went); 1 is not; 2 was torn.
			var seg []byte
			seg = append(seg, record(0)...)
			seg = append(seg, record(1)...)
			torn := record(2)
			seg = append(seg, torn[:len(torn)/2]...)
			if err := os.WriteFile(filepath.Join(dir, "journal-00000007.kgj"), seg, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err = graph.Open(ctx, backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			after, err := s.QuadCount(ctx)
			if err != nil {
				t.Fatal(err)
			}
			one, _ := graph.JournalQuads(graphtest.Synthetic(1))
			if after-before != int64(one) {
				t.Errorf("replay added %d quads, want %d (document 1's)", after-before, one)
			}
			x, err := s.Index(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := x.Document(graphtest.Synthetic(2).Doc.File); ok || len(x.Documents()) != 2 {
				t.Errorf("after replay: %d documents (want 2), the torn one there: %v", len(x.Documents()), ok)
			}
			if err := s.VerifyIndex(ctx); err != nil {
				t.Errorf("check after replay: %v", err)
			}
			if j := journalFiles(t, dir); len(j) != 0 {
				t.Errorf("journal after replay: %v", j)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}

			// A damaged record before the end.
			bad := append(record(3), record(4)...)
			bad[40] ^= 0xff
			segPath := filepath.Join(dir, "journal-00000009.kgj")
			if err := os.WriteFile(segPath, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err = graph.Open(ctx, backend, dir)
			if err == nil {
				s.Close()
				t.Fatal("Open with a damaged journal: no error")
			}
			if !strings.Contains(err.Error(), segPath) || !strings.Contains(err.Error(), "damaged") {
				t.Errorf("error does not name the damaged file: %v", err)
			}
			// The store is not left locked: without the file it opens.
			os.Remove(segPath)
			s, err = graph.Open(ctx, backend, dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func hasSnippet(evs []kg.Evidence, file, snippet string) bool {
	for _, e := range evs {
		if e.File == file && e.Snippet == snippet {
			return true
		}
	}
	return false
}

// Readers beside a stream of new documents (run with -race: leveldb) see
// every document the writer was told is in, with its evidence, whether
// Cayley holds it yet or not.
func TestIngestBesideReaders(t *testing.T) {
	ctx := context.Background()
	s := graphtest.Open(t)
	if _, err := s.Index(ctx); err != nil {
		t.Fatal(err)
	}
	const docs = 40
	var in atomic.Int64 // documents acknowledged
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; in.Load() < docs; k++ {
				n := int(in.Load())
				if n == 0 {
					continue
				}
				ex := graphtest.Synthetic((k*7 + r) % n)
				rel := ex.Relations[k%len(ex.Relations)]
				evs, err := s.Evidence(ctx, rel.From, rel.Type, rel.To)
				if err != nil {
					errs <- err
					return
				}
				if !hasSnippet(evs, ex.Doc.File, rel.Span.Snippet) {
					errs <- fmt.Errorf("%s acknowledged, its evidence of %v not read: %+v", ex.Doc.File, rel, evs)
					return
				}
			}
		}()
	}
	for i := range docs {
		if _, err := s.Put(ctx, graphtest.Synthetic(i)); err != nil {
			t.Fatal(err)
		}
		in.Store(int64(i + 1))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := s.VerifyIndex(ctx); err != nil {
		t.Errorf("check: %v", err)
	}
	if n := s.Pending(); n != 0 {
		t.Errorf("%d pending after check", n)
	}
}
