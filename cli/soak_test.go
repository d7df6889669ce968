package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSoak runs kg serve on a bolt store of the seeds and sends it mixed
// queries from 32 clients on loopback for a minute (KG_SOAK_DURATION to
// change it), POST and GET, while a writer ingests and deletes documents
// through the API: no request may fail, and the heap (after GC) and the
// process's RSS at the end may not exceed their values after a warm-up by
// more than half plus 64 MB. Runs only with KG_SOAK=1 (.ci/run sets it).
func TestSoak(t *testing.T) {
	if os.Getenv("KG_SOAK") == "" {
		t.Skip("set KG_SOAK=1 to run the soak test")
	}
	duration := time.Minute
	if d, err := time.ParseDuration(os.Getenv("KG_SOAK_DURATION")); err == nil {
		duration = d
	}
	const clients, token = 32, "soak"
	svc := startService(t, Config{DB: "bolt", DBPath: filepath.Join(t.TempDir(), "kg.db"), WriteToken: token})
	queries := []string{
		`{ hospitals(first: 3) { totalCount edges { node { name city { name province { name } } } } } }`,
		`{ hospital(name: "常州二院") { name aliases city { name } departments { name } recommendedFor { name category } } }`,
		`{ city(name: "苏州") { name province { name } hospitals { name recommendedFor { name } } } }`,
		`{ policy(name: "家庭共济") { name aliases regions { __typename name } } }`,
		`{ symptom(name: "皮肤紫癜") { recommendations { hospital { name } evidence { snippet itemTitle date start end document { file } } } } }`,
		`{ documents(first: 20) { totalCount edges { node { file title } } } }`,
	}
	var texts []string
	for _, f := range []string{"../seeds/000_3cbbde8086c57167.txt", "../seeds/003_1f546b5f08a503e4.txt"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients}, Timeout: 30 * time.Second}
	var failures atomic.Int64
	var failMu sync.Mutex
	var firstFailures []string
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 5 {
			failMu.Lock()
			firstFailures = append(firstFailures, fmt.Sprintf(format, args...))
			failMu.Unlock()
		}
	}
	// do sends one request and reports whether it failed: a transport
	// error, a status other than 200, or GraphQL errors.
	do := func(req *http.Request) (ok bool) {
		resp, err := client.Do(req)
		if err != nil {
			fail("%s %s: %v", req.Method, req.URL.Path, err)
			return false
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		var r struct {
			Errors []json.RawMessage `json:"errors"`
		}
		if err != nil || resp.StatusCode != http.StatusOK || json.Unmarshal(body, &r) != nil || len(r.Errors) > 0 {
			fail("%s %s: %s %v %.200s", req.Method, req.URL.Path, resp.Status, err, body)
			return false
		}
		return true
	}
	postReq := func(q string, vars map[string]any, auth bool) *http.Request {
		b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
		req, _ := http.NewRequest(http.MethodPost, svc.url+"/graphql", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		if auth {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req
	}
	// run sends mixed queries from all clients until the deadline and
	// returns the latencies.
	run := func(d time.Duration, writes bool) []time.Duration {
		deadline := time.Now().Add(d)
		var wg sync.WaitGroup
		lat := make([][]time.Duration, clients)
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := c; time.Now().Before(deadline); i++ {
					q := queries[i%len(queries)]
					var req *http.Request
					if i%2 == 0 {
						req = postReq(q, nil, false)
					} else {
						req, _ = http.NewRequest(http.MethodGet, svc.url+"/graphql?query="+url.QueryEscape(q), nil)
					}
					start := time.Now()
					do(req)
					lat[c] = append(lat[c], time.Since(start))
				}
			}()
		}
		var ingests atomic.Int64
		if writes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; time.Now().Before(deadline); i++ {
					file := "soak/doc" + strconv.Itoa(i%4) + ".txt"
					do(postReq(ingestMutation, map[string]any{"file": file, "text": texts[i%len(texts)]}, true))
					ingests.Add(1)
					if i%4 == 3 {
						do(postReq(deleteMutation, map[string]any{"file": file}, true))
					}
					time.Sleep(100 * time.Millisecond)
				}
			}()
		}
		wg.Wait()
		if writes {
			t.Logf("ingests: %d", ingests.Load())
		}
		return slices.Concat(lat...)
	}
	memory := func() (heap, rss uint64) {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc, rssBytes()
	}

	run(5*time.Second, true) // warm up: caches, the index, connections
	heap0, rss0 := memory()
	start := time.Now()
	lat := run(duration, true)
	took := time.Since(start)
	heap1, rss1 := memory()

	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(10 * time.Microsecond) }
	t.Logf("%d queries in %s from %d clients: %.0f/s, p50 %s, p99 %s, max %s; failed %d",
		len(lat), took.Round(time.Millisecond), clients, float64(len(lat))/took.Seconds(), pct(0.5), pct(0.99), lat[len(lat)-1], failures.Load())
	t.Logf("heap after GC: %.1f MB → %.1f MB; RSS: %.1f MB → %.1f MB", mb(heap0), mb(heap1), mb(rss0), mb(rss1))
	if n := failures.Load(); n > 0 {
		t.Errorf("%d requests failed, first: %s", n, strings.Join(firstFailures, "\n"))
	}
	if heap1 > heap0+heap0/2+64<<20 {
		t.Errorf("heap grew from %.1f MB to %.1f MB", mb(heap0), mb(heap1))
	}
	if rss0 > 0 && rss1 > rss0+rss0/2+64<<20 {
		t.Errorf("RSS grew from %.1f MB to %.1f MB", mb(rss0), mb(rss1))
	}
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }

// rssBytes reads the process's resident set size from /proc (0 where
// there is none).
func rssBytes() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
