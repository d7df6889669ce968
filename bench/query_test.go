package bench_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/server"
)

// BenchmarkQueryScaling is benchmark 4 for the sizes in KG_BENCH_SIZES
// (comma-separated, default "100,1000"): for each it generates that many
// documents, loads them into a new bolt store, serves it in-process
// (server.New behind httptest, loopback HTTP) and sends
// KG_BENCH_REQUESTS (default 200) requests of each query at concurrency
// 16: recommend(symptom, city), the hospital detail query and search. It
// reports p50 and p99 in ms per size and query. The store's index is read
// before the first request, as kg serve does before it says ready, and
// each query is sent once before it is timed.
func BenchmarkQueryScaling(b *testing.B) {
	ctx := context.Background()
	sizes := []int{100, 1000}
	if v := os.Getenv("KG_BENCH_SIZES"); v != "" {
		sizes = nil
		for _, p := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || n <= 0 {
				b.Fatalf("KG_BENCH_SIZES=%q", v)
			}
			sizes = append(sizes, n)
		}
	}
	requests := envInt(b, "KG_BENCH_REQUESTS", 200)
	gaz, g := newGenerator(b)
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		b.Fatal(err)
	}
	keep := os.Getenv("KG_BENCH_KEEP")
	for b.Loop() {
		for _, n := range sizes {
			// KG_BENCH_KEEP=DIR keeps each size's corpus and store in
			// DIR/<n>/docs and DIR/<n>/kg.db and uses them again if there
			// (benchmark 2's KG_BENCH_KEEP folder of 10,000 documents can
			// be DIR/10000).
			dir := b.TempDir()
			if keep != "" {
				dir = filepath.Join(keep, strconv.Itoa(n))
			}
			store := filepath.Join(dir, "kg.db")
			if _, err := os.Stat(filepath.Join(store, "indexes.bolt")); err != nil {
				if _, err := g.Write(ctx, filepath.Join(dir, "docs"), n); err != nil {
					b.Fatal(err)
				}
				s, err := graph.Create(ctx, "bolt", store)
				if err != nil {
					b.Fatal(err)
				}
				fsys := os.DirFS(filepath.Join(dir, "docs"))
				files, _ := loader.Files(fsys, ".")
				if _, err := loader.New(x, nil).Load(ctx, fsys, files, s, nil); err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
			s, err := graph.Open(ctx, "bolt", store)
			if err != nil {
				b.Fatal(err)
			}
			// kg serve reads the index before it says ready, then gives
			// the garbage of the read back; so does this.
			if _, err := s.Index(ctx); err != nil {
				b.Fatal(err)
			}
			debug.FreeOSMemory()
			srv := httptest.NewServer(server.New(s, server.Options{}))
			// Questions drawn from the corpus: a hospital, its city and a
			// symptom it is recommended for.
			var qs []struct{ h, city, sym string }
			for i := 0; len(qs) < 20 && i < n; i++ {
				d := g.Doc(i)
				for _, it := range d.Truth.Items {
					if len(it.Hospitals) > 0 {
						qs = append(qs, struct{ h, city, sym string }{it.Hospitals[0].Name, it.Hospitals[0].City, it.Symptom})
						break
					}
				}
			}
			queries := map[string]func(i int) string{
				"recommend": func(i int) string {
					q := qs[i%len(qs)]
					return fmt.Sprintf(`{ recommend(symptom: %q, city: %q) { rank hospital { name } documents evidence(first: 5) { snippet } } }`, q.sym, q.city)
				},
				"detail": func(i int) string { return fmt.Sprintf(detailQuery, qs[i%len(qs)].h) },
				"search": func(i int) string {
					return fmt.Sprintf(`{ search(text: %q) { kind matched entity { name } } }`, string([]rune(qs[i%len(qs)].h)[:2]))
				},
			}
			for _, name := range []string{"recommend", "detail", "search"} {
				q := queries[name]
				if _, err := post(srv.URL, q(0)); err != nil {
					b.Logf("%d docs, %s warm-up: %.300s", n, name, err)
				}
				p50, p99, errs := loadGen(srv.URL, q, requests, 16)
				b.ReportMetric(p50, fmt.Sprintf("%s-p50-ms@%d", name, n))
				b.ReportMetric(p99, fmt.Sprintf("%s-p99-ms@%d", name, n))
				if errs > 0 {
					b.Logf("%d docs, %s: %d of %d requests failed", n, name, errs, requests)
				}
			}
			srv.Close()
			s.Close()
		}
	}
}

// loadGen sends total requests from conc clients and returns the p50 and
// p99 latency in ms and the number of failed requests.
func loadGen(url string, q func(i int) string, total, conc int) (p50, p99 float64, errs int) {
	var mu sync.Mutex
	var lat []float64
	next := make(chan int)
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				start := time.Now()
				_, err := post(url, q(i))
				d := float64(time.Since(start).Microseconds()) / 1000
				mu.Lock()
				lat = append(lat, d)
				if err != nil {
					errs++
				}
				mu.Unlock()
			}
		}()
	}
	for i := range total {
		next <- i
	}
	close(next)
	wg.Wait()
	slices.Sort(lat)
	return lat[len(lat)/2], lat[(len(lat)*99)/100], errs
}
