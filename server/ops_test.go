package server_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/medkg/medkg/server"
)

// syncBuffer is a log sink for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestMetrics(t *testing.T) {
	m := server.NewMetrics()
	m.Documents(3, 1, 1234)
	srv := newServer(t, server.Options{Metrics: m})
	body, _ := json.Marshal(map[string]any{"query": "query Hospitals { hospitals(first: 1) { totalCount } }", "operationName": "Hospitals"})
	for range 2 {
		resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	post(t, srv, "{ hospitals(first: -1) { totalCount } }", nil)
	resp, text := fetch(t, srv.URL+"/metrics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %s", resp.Status)
	}
	for _, want := range []string{
		`kg_graphql_operations_total{operation="Hospitals",result="ok",type="query"} 2`,
		`kg_graphql_operation_duration_seconds_count{operation="Hospitals",type="query"} 2`,
		`kg_graphql_operations_total{operation="anonymous",result="error",type="query"} 1`,
		`kg_graphql_errors_total{code="BAD_USER_INPUT",operation="anonymous"} 1`,
		`kg_http_requests_total{code="200",handler="graphql"} 3`,
		`kg_http_request_duration_seconds_bucket{handler="graphql",le="+Inf"} 3`,
		`kg_loader_documents_total{result="ok"} 3`,
		`kg_loader_documents_total{result="failed"} 1`,
		`kg_loader_quads_total 1234`,
		`kg_store_quads `,
		`kg_ingest_pending_documents `,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(text, "kg_store_quads -1") || strings.Contains(text, "kg_store_quads 0\n") {
		t.Errorf("store size not read: %s", lineOf(text, "kg_store_quads "))
	}
}

func lineOf(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

func TestReadyz(t *testing.T) {
	ready := false
	srv := newServer(t, server.Options{Ready: func() bool { return ready }})
	if resp, _ := fetch(t, srv.URL+"/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz while loading: %s, want 503", resp.Status)
	}
	ready = true
	if resp, body := fetch(t, srv.URL+"/readyz"); resp.StatusCode != http.StatusOK || body != "ready\n" {
		t.Errorf("/readyz: %s %q, want 200", resp.Status, body)
	}
}

// TestRequestID: a usable X-Request-ID comes back and is on the request's
// log line; a missing or unusable one is replaced by a new one.
func TestRequestID(t *testing.T) {
	var logs syncBuffer
	srv := newServer(t, server.Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/healthz", nil)
	req.Header.Set("X-Request-ID", "req-42")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-ID"); got != "req-42" {
		t.Errorf("X-Request-ID back: %q, want req-42", got)
	}
	var line struct {
		Msg, Path string
		RequestID string `json:"request_id"`
	}
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if json.Unmarshal([]byte(l), &line) == nil && line.Path == "/healthz" {
			break
		}
	}
	if line.RequestID != "req-42" || line.Msg != "request" {
		t.Errorf("log line: %+v, want request_id req-42 (logs: %s)", line, logs.String())
	}
	for _, bad := range []string{"", "has space", strings.Repeat("x", 200)} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/healthz", nil)
		if bad != "" {
			req.Header.Set("X-Request-ID", bad)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Request-ID"); got == "" || got == bad {
			t.Errorf("X-Request-ID %q: got back %q, want a new id", bad, got)
		}
	}
}

// TestRateLimit: over its rate a client gets 429 with a clear GraphQL
// error; /healthz is not limited.
func TestRateLimit(t *testing.T) {
	m := server.NewMetrics()
	srv := newServer(t, server.Options{RateLimit: 2, Metrics: m}) // bursts of 4
	codes := map[int]int{}
	var last response
	for range 10 {
		status, r := post(t, srv, "{ hospitals(first: 1) { totalCount } }", nil)
		codes[status]++
		if status == http.StatusTooManyRequests {
			last = r
		}
	}
	if codes[http.StatusOK] < 4 || codes[http.StatusTooManyRequests] == 0 {
		t.Fatalf("10 requests at once with a limit of 2/s: %v, want 4+ ok and some 429", codes)
	}
	if len(last.Errors) != 1 || last.Errors[0].Extensions["code"] != server.CodeRateLimited || !strings.Contains(last.Errors[0].Message, "rate limit") {
		t.Errorf("429 answer: %+v", last)
	}
	if resp, _ := fetch(t, srv.URL+"/healthz"); resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz under the limit: %s", resp.Status)
	}
	if _, text := fetch(t, srv.URL+"/metrics"); !strings.Contains(text, "kg_ratelimit_refused_total ") || strings.Contains(text, "kg_ratelimit_refused_total 0") {
		t.Errorf("refusals not counted: %s", lineOf(text, "kg_ratelimit_refused_total"))
	}
}

func TestPlaygroundSecurityHeaders(t *testing.T) {
	srv := newServer(t, server.Options{})
	resp, _ := fetch(t, srv.URL+"/")
	for h, want := range map[string]string{
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
		"Content-Security-Policy": "script-src 'self' 'sha256-",
	} {
		if got := resp.Header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q in it", h, got, want)
		}
	}
}
