package bench_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkRecommendVsBare is benchmark 7: how close our recommend comes
// to the machine's limit. kg serve answers recommend(symptom, city) as in
// benchmark 3; then bareserver (bench/bareserver), a bare net/http
// handler that decodes the same JSON request bodies and writes a fixed
// answer of the same size (our own answer to the first question), takes
// the same requests. Both are subprocesses on loopback under the same
// load generator (runLoad), one after the other: KG_BENCH_CONC clients
// (default 16), KG_BENCH_REQUESTS requests (default 20,000), on the store
// of benchmark 3 (KG_BENCH_STORE, or KG_BENCH_DOCS generated documents,
// default 300).
//
// Goal (issue 14): ours ≥ 50% of the bare handler's requests/s. It is
// reported, not asserted.
func BenchmarkRecommendVsBare(b *testing.B) {
	conc := envInt(b, "KG_BENCH_CONC", 16)
	requests := envInt(b, "KG_BENCH_REQUESTS", 20000)
	if os.Getenv("KG_BENCH_DOCS") == "" {
		b.Setenv("KG_BENCH_DOCS", "300")
	}
	gaz, g := newGenerator(b)
	store, docs := recommendStore(b, gaz, g)
	kg := buildKG(b)
	bare := filepath.Join(b.TempDir(), "bareserver")
	if out, err := exec.Command("go", "build", "-o", bare, "github.com/medkg/medkg/bench/bareserver").CombinedOutput(); err != nil {
		b.Fatalf("go build bareserver: %v\n%s", err, out)
	}
	client := &http.Client{
		Timeout:   time.Minute,
		Transport: &http.Transport{MaxIdleConns: conc * 2, MaxIdleConnsPerHost: conc * 2, IdleConnTimeout: time.Minute},
	}
	defer client.CloseIdleConnections()
	type pair struct{ symptom, city string }
	var pairs []pair
	for i := 0; i < min(docs, 400) && len(pairs) < 20; i++ {
		for _, it := range g.Doc(i).Truth.Items {
			for _, h := range it.Hospitals {
				if p := (pair{it.Symptom, h.City}); !slices.Contains(pairs, p) {
					pairs = append(pairs, p)
				}
			}
		}
	}
	if len(pairs) == 0 {
		b.Fatal("the generator gave no (symptom, city) pair")
	}
	body := func(p pair) []byte {
		q := fmt.Sprintf(`{ recommend(symptom: %q, city: %q, first: %d) { rank hospital { name } } }`, p.symptom, p.city, recommendFirst)
		raw, _ := json.Marshal(map[string]any{"query": q})
		return raw
	}
	bodies := make([][]byte, len(pairs))
	for i, p := range pairs {
		bodies[i] = body(p)
	}
	post := func(base string, i int) ([]byte, error) {
		return postBody(client, base+"/graphql", "application/json", bodies[i%len(bodies)])
	}

	for b.Loop() {
		b.StopTimer()
		addr := freeAddr(b)
		ours := startServer(b, "kg serve", kg, "serve", "--addr", addr, "--dbpath", store)
		oursURL := "http://" + addr
		ours.waitReady(b, func() error { _, err := post(oursURL, 0); return err })
		answer, err := post(oursURL, 0)
		if err != nil {
			b.Fatal(err)
		}
		var sizes int
		for i := range pairs {
			raw, err := post(oursURL, i)
			if err != nil {
				b.Fatal(err)
			}
			sizes += len(raw)
		}
		b.StartTimer()
		cpu0, self0 := ours.cpu(), procCPU(os.Getpid())
		oursRes := runLoad(requests, conc, func(i int) error { _, err := post(oursURL, i); return err })
		oursRes.cpu, oursRes.clientCPU = ours.cpu()-cpu0, procCPU(os.Getpid())-self0
		b.StopTimer()
		ours.stop()

		answerFile := filepath.Join(b.TempDir(), "answer.json")
		if err := os.WriteFile(answerFile, answer, 0o644); err != nil {
			b.Fatal(err)
		}
		addr = freeAddr(b)
		bs := startServer(b, "bareserver", bare, "-addr", addr, "-answer", answerFile)
		bareURL := "http://" + addr
		bs.waitReady(b, func() error { return getOK(client, bareURL+"/healthz") })
		b.StartTimer()
		cpu0, self0 = bs.cpu(), procCPU(os.Getpid())
		bareRes := runLoad(requests, conc, func(i int) error { _, err := post(bareURL, i); return err })
		bareRes.cpu, bareRes.clientCPU = bs.cpu()-cpu0, procCPU(os.Getpid())-self0
		b.StopTimer()
		bs.stop()

		share := oursRes.rps() / bareRes.rps()
		b.ReportMetric(oursRes.rps(), "ours-req/s")
		b.ReportMetric(bareRes.rps(), "bare-req/s")
		b.ReportMetric(100*share, "share-%")
		b.ReportMetric(oursRes.cpuPerRequest(), "ours-cpu-ms/req")
		b.ReportMetric(bareRes.cpuPerRequest(), "bare-cpu-ms/req")
		b.ReportMetric(msPer(oursRes.clientCPU, requests), "ours-client-cpu-ms/req")
		b.ReportMetric(msPer(bareRes.clientCPU, requests), "bare-client-cpu-ms/req")
		b.Logf("benchmark 7: %s, %d (symptom, city) pairs, answers of %d bytes on average (the bare handler's: %d), %d requests at concurrency %d on loopback\n"+
			"| server | requests/s | p50 ms | p99 ms | errors | server CPU ms per request | load generator CPU ms per request |\n|---|---|---|---|---|---|---|\n"+
			"| kg serve, GraphQL recommend | %.0f | %.2f | %.2f | %d | %.3f | %.3f |\n"+
			"| bare net/http, decode and fixed answer | %.0f | %.2f | %.2f | %d | %.3f | %.3f |\n"+
			"ours / bare requests/s: %.0f%% (goal ≥ 50%%)",
			storeDesc(store, docs), len(pairs), sizes/len(pairs), len(answer), requests, conc,
			oursRes.rps(), oursRes.p50, oursRes.p99, oursRes.errs, oursRes.cpuPerRequest(), msPer(oursRes.clientCPU, requests),
			bareRes.rps(), bareRes.p50, bareRes.p99, bareRes.errs, bareRes.cpuPerRequest(), msPer(bareRes.clientCPU, requests), 100*share)
		if oursRes.errs > 0 || bareRes.errs > 0 {
			b.Fatalf("failed requests: ours %d (%v), bare %d (%v)", oursRes.errs, oursRes.firstErr, bareRes.errs, bareRes.firstErr)
		}
		b.StartTimer()
	}
}
