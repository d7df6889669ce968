package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/server"
)

// fullDisk is a Writer whose disk is full.
type fullDisk struct{}

func (fullDisk) Ingest(ctx context.Context, file, text string) (graph.Change, error) {
	return graph.Change{}, fmt.Errorf("store: write %s: %w", file, &os.PathError{Op: "write", Path: "kg.db/indexes.bolt", Err: syscall.ENOSPC})
}

func (fullDisk) Delete(ctx context.Context, file string) (graph.Change, error) {
	return graph.Change{}, graph.ErrNotFound
}

// TestBadRequests: requests the server cannot serve get the status that
// says why, and a short answer.
func TestBadRequests(t *testing.T) {
	t.Parallel()
	const token = "tok"
	srv := newServer(t, server.Options{})
	full := httptest.NewServer(server.New(graphtest.Open(t), server.Options{WriteToken: token, Writer: fullDisk{}}))
	t.Cleanup(full.Close)
	writes := full.URL
	send := func(method, url, contentType, auth string, body io.Reader) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, url, body)
		if err != nil {
			t.Fatal(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	ingest := `{"query":"mutation { ingestDocument(file: \"a.txt\", text: \"苏州\") { added } }"}`
	for _, c := range []struct {
		name         string
		method, url  string
		contentType  string
		auth         string
		body         io.Reader
		status       int
		says         string
		maxBodyBytes int
	}{
		{"WrongContentType", "POST", srv.URL + "/graphql", "text/plain", "", strings.NewReader(`{"query":"{ __typename }"}`), 415, "application/json", 200},
		{"WrongMethod", "PUT", srv.URL + "/graphql", "application/json", "", strings.NewReader(`{"query":"{ __typename }"}`), 405, "GET or POST", 200},
		{"ArrayBodyNotEchoed", "POST", srv.URL + "/graphql", "application/json", "", strings.NewReader("[" + strings.Repeat(`{"query":"{ __typename }"},`, 1000) + "{}]"), 400, "not a GraphQL request", 300},
		{"ChunkedBodyTooLarge", "POST", srv.URL + "/graphql", "application/json", "", io.MultiReader(strings.NewReader(`{"query":"{ __typename }","x":"`), strings.NewReader(strings.Repeat("0", 2<<20)), strings.NewReader(`"}`)), 413, "the limit is 1 MB", 200},
		{"DiskFull", "POST", writes + "/graphql", "application/json", "Bearer " + token, strings.NewReader(ingest), 507, "disk full", 400},
		{"LowerCaseBearer", "POST", writes + "/graphql", "application/json", "bearer " + token, strings.NewReader(ingest), 507, "INSUFFICIENT_STORAGE", 400},
	} {
		status, body := send(c.method, c.url, c.contentType, c.auth, c.body)
		if status != c.status || !strings.Contains(body, c.says) || len(body) > c.maxBodyBytes {
			t.Errorf("%s: %d %q, want %d saying %q in at most %d bytes", c.name, status, body, c.status, c.says, c.maxBodyBytes)
		}
	}

	// Messages gqlgen words for itself.
	for q, want := range map[string]string{
		`{"query":"query A { __typename } query B { __typename }"}`:                                  "name the one to run in operationName",
		`{"query":"query A { __typename }","operationName":"C"}`:                                     `no operation named \"C\"`,
		`{"query":"query($n: Int) { hospitals(first: $n) { totalCount } }","variables":{"n":1e300}}`: "variable $n is not an Int",
	} {
		if _, body := send("POST", srv.URL+"/graphql", "application/json", "", strings.NewReader(q)); !strings.Contains(body, want) {
			t.Errorf("%s: %s, want it to say %q", q, body, want)
		}
	}
}
