package bench_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt" // registers "bolt"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

// BenchmarkLoad is benchmark 2: it generates KG_BENCH_DOCS documents
// (default 10,000, seed 1) in a temporary folder, loads them with the
// loader into a new bolt store (graph.Create, as kg load --fresh does:
// reading, extracting and resolving on every core, one batched writer),
// exports the store as N-Quads (as kg export does), and writes those quads
// with Cayley's own bulk path into another new bolt store: InitQuadStore
// with upfront, NewQuadStore with Cayley's default options, and
// quad.CopyBatch into qs.NewQuadWriter() in batches of 100,000. It reports
// both and their ratio (goal: ≤ 1.3).
//
// KG_BENCH_OPEN=1 loads into a store made by graph.Open instead (no bloom
// filters), as kg load does into a new path. KG_BENCH_KEEP=DIR keeps the
// loaded store in DIR/kg.db and the documents in DIR/docs, for the
// start-up and incremental benchmarks (KG_BENCH_STORE).
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	n := envInt(b, "KG_BENCH_DOCS", 10000)
	gaz, g := newGenerator(b)
	dir := b.TempDir()
	keep := os.Getenv("KG_BENCH_KEEP")
	if keep != "" {
		dir = keep
	}
	docs := filepath.Join(dir, "docs")
	size, err := g.Write(ctx, docs, n)
	if err != nil {
		b.Fatal(err)
	}
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		b.Fatal(err)
	}
	l := loader.New(x, nil)
	fsys := os.DirFS(docs)
	files, err := loader.Files(fsys, ".")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "kg")
		if keep != "" {
			path = filepath.Join(keep, "kg.db")
			os.RemoveAll(path)
		}
		start := time.Now()
		var s *graph.Store
		if os.Getenv("KG_BENCH_OPEN") == "1" {
			s, err = graph.Open(ctx, "bolt", path)
		} else {
			s, err = graph.Create(ctx, "bolt", path)
		}
		if err != nil {
			b.Fatal(err)
		}
		sum, err := l.Load(ctx, fsys, files, s, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		ours := time.Since(start)
		if sum.Failed > 0 {
			b.Fatalf("%d documents failed", sum.Failed)
		}

		// Export with Open (no bloom filters, as kg export).
		s, err = graph.Open(ctx, "bolt", path)
		if err != nil {
			b.Fatal(err)
		}
		nq := filepath.Join(dir, "export.nq")
		f, err := os.Create(nq)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		if err := s.Dump(ctx, w); err != nil {
			b.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
		s.Close()

		bare, quads := cayleyLoad(b, nq, filepath.Join(b.TempDir(), "cayley"))
		os.Remove(nq)
		if quads != int64(sum.Quads) {
			b.Errorf("Cayley wrote %d quads, the loader %d", quads, sum.Quads)
		}
		b.ReportMetric(float64(n)/ours.Seconds(), "docs/s")
		b.ReportMetric(float64(sum.Quads)/ours.Seconds(), "quads/s")
		b.ReportMetric(float64(size)/1e6/ours.Seconds(), "text-MB/s")
		b.ReportMetric(float64(sum.Quads), "quads")
		b.ReportMetric(ours.Seconds(), "ours-s")
		b.ReportMetric(bare.Seconds(), "cayley-s")
		b.ReportMetric(float64(quads)/bare.Seconds(), "cayley-quads/s")
		b.ReportMetric(ours.Seconds()/bare.Seconds(), "ratio")
	}
}

// cayleyLoad writes the N-Quads file nq into a new bolt store at path the
// way Cayley's own bulk load does, and returns how long that took (from
// creating the store to closing it) and the number of quads in the store.
func cayleyLoad(b *testing.B, nq, path string) (time.Duration, int64) {
	b.Helper()
	start := time.Now()
	if err := cgraph.InitQuadStore("bolt", path, cgraph.Options{"upfront": true}); err != nil {
		b.Fatal(err)
	}
	qs, err := cgraph.NewQuadStore("bolt", path, nil)
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(nq)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := nquads.NewReader(bufio.NewReaderSize(f, 1<<20), false)
	w, err := qs.NewQuadWriter()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := quad.CopyBatch(w, r, 100000); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	st, err := qs.Stats(context.Background(), false)
	if err != nil {
		b.Fatal(err)
	}
	if err := qs.Close(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start), st.Quads.Size
}
