package server_test

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/medkg/medkg/server"
)

// request sends a request with headers and returns the response with its
// body read (not decompressed).
func request(t *testing.T, method, u string, body string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	// A transport of its own, so that Go does not ask for gzip and undo it.
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestHTTP(t *testing.T) {
	t.Parallel()
	srv := newServer(t, server.Options{CORSOrigins: []string{"https://app.example"}})
	query := srv.URL + "/graphql?" + url.Values{"query": {`{ hospitals(first: 500) { totalCount edges { node { name aliases } } } }`}}.Encode()

	t.Run("Gzip", func(t *testing.T) {
		resp, body := request(t, http.MethodGet, srv.URL+"/schema.graphql", "", map[string]string{"Accept-Encoding": "gzip"})
		if resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q", resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		sdl, err := io.ReadAll(zr)
		if err != nil || !strings.Contains(string(sdl), "type Hospital") || len(body) >= len(sdl) {
			t.Errorf("%d bytes gzipped to %d: %v", len(sdl), len(body), err)
		}
		resp, _ = request(t, http.MethodGet, srv.URL+"/schema.graphql", "", nil)
		if resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("compressed for a client that did not ask")
		}
	})
	t.Run("GETIsCacheable", func(t *testing.T) {
		resp, body := request(t, http.MethodGet, query, "", nil)
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || etag == "" || resp.Header.Get("Cache-Control") != "public, max-age=60" ||
			!strings.Contains(string(body), `"totalCount":3`) {
			t.Fatalf("%d %v %s", resp.StatusCode, resp.Header, body)
		}
		resp, body = request(t, http.MethodGet, query, "", map[string]string{"If-None-Match": etag})
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("revalidation: %d %s", resp.StatusCode, body)
		}
		// Errors and POSTs are not cached.
		resp, _ = request(t, http.MethodGet, srv.URL+"/graphql?query="+url.QueryEscape(`{ nope }`), "", nil)
		if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("ETag") != "" {
			t.Errorf("error cached: %v", resp.Header)
		}
		resp, _ = request(t, http.MethodPost, srv.URL+"/graphql", `{"query":"{ hospitals { totalCount } }"}`, map[string]string{"Content-Type": "application/json"})
		if resp.Header.Get("ETag") != "" || resp.StatusCode != 200 {
			t.Errorf("POST: %d %v", resp.StatusCode, resp.Header)
		}
	})
	t.Run("CORS", func(t *testing.T) {
		pre := map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
		resp, _ := request(t, http.MethodOptions, srv.URL+"/graphql", "", pre)
		if resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example" || resp.StatusCode >= 300 {
			t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
		}
		resp, _ = request(t, http.MethodGet, query, "", map[string]string{"Origin": "https://app.example"})
		if resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example" {
			t.Errorf("GET: %v", resp.Header)
		}
		resp, _ = request(t, http.MethodGet, query, "", map[string]string{"Origin": "https://evil.example"})
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("other origin allowed: %v", resp.Header)
		}
	})
	t.Run("CORSApollo", func(t *testing.T) {
		// The headers Apollo Client and its tools send, and a caller's
		// request ID, pass a preflight (listed as browsers list them:
		// lower case, sorted); the ETag and X-Request-ID of the
		// answer are readable by the page's script.
		pre := map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "POST",
			"Access-Control-Request-Headers": "apollo-require-preflight,apollographql-client-name,apollographql-client-version,content-type,x-apollo-operation-name,x-request-id"}
		resp, _ := request(t, http.MethodOptions, srv.URL+"/graphql", "", pre)
		if resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example" || resp.StatusCode >= 300 {
			t.Errorf("Apollo's preflight: %d %v", resp.StatusCode, resp.Header)
		}
		resp, _ = request(t, http.MethodGet, query, "", map[string]string{"Origin": "https://app.example"})
		exposed := strings.ToLower(resp.Header.Get("Access-Control-Expose-Headers"))
		if !strings.Contains(exposed, "etag") || !strings.Contains(exposed, "x-request-id") {
			t.Errorf("Access-Control-Expose-Headers %q; want ETag and X-Request-ID", exposed)
		}
	})
	t.Run("GzipOverZstd", func(t *testing.T) {
		for _, ae := range []string{"gzip, deflate, br, zstd", "zstd, gzip"} {
			resp, _ := request(t, http.MethodGet, srv.URL+"/schema.graphql", "", map[string]string{"Accept-Encoding": ae})
			if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
				t.Errorf("Accept-Encoding %q: Content-Encoding %q; want gzip", ae, got)
			}
		}
		resp, _ := request(t, http.MethodGet, srv.URL+"/schema.graphql", "", map[string]string{"Accept-Encoding": "zstd"})
		if got := resp.Header.Get("Content-Encoding"); got != "zstd" {
			t.Errorf("Accept-Encoding zstd alone: Content-Encoding %q; want zstd", got)
		}
	})
	t.Run("NoCORSByDefault", func(t *testing.T) {
		plain := newServer(t, server.Options{})
		resp, _ := request(t, http.MethodGet, plain.URL+"/healthz", "", map[string]string{"Origin": "https://app.example"})
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("CORS on without origins: %v", resp.Header)
		}
		// A preflight gets an honest "no" rather than a GraphQL error.
		pre := map[string]string{"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}
		resp, body := request(t, http.MethodOptions, plain.URL+"/graphql", "", pre)
		if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Access-Control-Allow-Origin") != "" || len(body) != 0 {
			t.Errorf("preflight with CORS off: %d %v %s", resp.StatusCode, resp.Header, body)
		}
	})
}

// Automatic persisted queries: a client sends the query's hash alone; the
// server asks once for the full query and then answers GETs of the hash,
// which caches can keep.
func TestPersistedQueries(t *testing.T) {
	t.Parallel()
	srv := newServer(t, server.Options{})
	const q = `{ hospitals { totalCount } }`
	sum := sha256.Sum256([]byte(q))
	ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`
	byHash := srv.URL + "/graphql?" + url.Values{"extensions": {ext}}.Encode()

	_, body := request(t, http.MethodGet, byHash, "", nil)
	if !strings.Contains(string(body), "PERSISTED_QUERY_NOT_FOUND") {
		t.Fatalf("unknown hash: %s", body)
	}
	resp, body := request(t, http.MethodPost, srv.URL+"/graphql", `{"query":`+strconv.Quote(q)+`,"extensions":`+ext+`}`,
		map[string]string{"Content-Type": "application/json"})
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"totalCount":3`) {
		t.Fatalf("register: %d %s", resp.StatusCode, body)
	}
	resp, body = request(t, http.MethodGet, byHash, "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"totalCount":3`) || resp.Header.Get("ETag") == "" {
		t.Errorf("by hash: %d %v %s", resp.StatusCode, resp.Header, body)
	}
}
