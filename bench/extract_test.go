package bench_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/gen"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/loader/loadertest"
)

// envInt reads a benchmark size from the environment.
func envInt(tb testing.TB, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		tb.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

func newGenerator(tb testing.TB) (*gazetteer.Gazetteer, *gen.Generator) {
	tb.Helper()
	gaz, err := gazetteer.Load()
	if err != nil {
		tb.Fatal(err)
	}
	g, err := gen.New(gaz, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return gaz, g
}

// BenchmarkExtract is benchmark 1: extraction on one core (one
// goroutine), over generated documents (KG_BENCH_EXTRACT_DOCS, default
// 500, seed 1), in MB/s of document text.
func BenchmarkExtract(b *testing.B) {
	gaz, g := newGenerator(b)
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		b.Fatal(err)
	}
	n := envInt(b, "KG_BENCH_EXTRACT_DOCS", 500)
	docs := make([]gen.Doc, n)
	var size int64
	for i := range docs {
		docs[i] = g.Doc(i)
		size += int64(len(docs[i].Text))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			if _, err := x.Extract(d.File, d.Text); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkExtractPathological extracts texts made to be slow: a list of
// 100,000 hospital names (2.6 MB, ten a line, and all on one line), 8 MB
// of 医院 repeated, each a candidate name, and 2,000 and 9,000 distinct
// hospital names (whose short names were once compared pair by pair:
// 0.99 s for 2,000). It reports ms/KB; extraction is linear in the text, so
// this stays near a typical page's.
func BenchmarkExtractPathological(b *testing.B) {
	gaz, _ := newGenerator(b)
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, text string }{
		{"Names100k", loadertest.Names100k()},
		{"Names100kOneLine", strings.ReplaceAll(loadertest.Names100k(), "。\n", "、")},
		{"Yiyuan8MB", loadertest.Yiyuan8MB()},
		{"Distinct2k", loadertest.DistinctNames(2000)},
		{"Distinct9k", loadertest.DistinctNames(9000)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			for b.Loop() {
				if _, err := x.Extract("pathological.txt", c.text); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N)/(float64(len(c.text))/1024), "ms/KB")
		})
	}
}
