package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medkg/medkg/graph"
)

// gqlResult is a GraphQL answer with its errors' codes.
type gqlResult struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
}

func (r gqlResult) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Extensions.Code
}

// post sends a GraphQL request with variables and, unless token is empty,
// the bearer token.
func post(t testing.TB, base, token, q string, vars map[string]any) gqlResult {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := gqlResult{Status: resp.StatusCode}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("%s: %s: %s", q, resp.Status, raw)
	}
	return r
}

// exportedQuads counts the lines of /export.nq: the store's quads.
func exportedQuads(t testing.TB, base string) int64 {
	t.Helper()
	resp, err := http.Get(base + "/export.nq")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/export.nq: %s %v", resp.Status, err)
	}
	// The export adds each document's evidence as nodes made from its
	// spans (<urn:medkg:ev/…>, graph.Namespace), which the store does not
	// hold: count the rest.
	var n int64
	for line := range bytes.Lines(b) {
		if !bytes.HasPrefix(line, []byte("<"+graph.Namespace+"ev/")) {
			n++
		}
	}
	return n
}

const (
	ingestMutation = `mutation($file: String!, $text: String!) { ingestDocument(file: $file, text: $text) { file added removed entities { kind name } dropped { kind name } } }`
	deleteMutation = `mutation($file: String!) { deleteDocument(file: $file) { file added removed dropped { kind name } } }`
)

type change struct {
	File     string
	Added    int
	Removed  int
	Entities []struct{ Kind, Name string }
	Dropped  []struct{ Kind, Name string }
}

// TestMutations: the write mutations need the token, run only over POST,
// say what they changed, and replace or remove exactly a document's facts.
func TestMutations(t *testing.T) {
	const token = "s3cret-token"
	svc := startService(t, Config{DB: "memstore", WriteToken: token})
	seed, err := os.ReadFile("../seeds/000_3cbbde8086c57167.txt")
	if err != nil {
		t.Fatal(err)
	}
	other, _ := os.ReadFile("../seeds/001_833df4aa96c708b8.txt")
	vars := map[string]any{"file": "new/copy.txt", "text": string(seed)}
	countQuads := func() int64 { return exportedQuads(t, svc.url) }
	n0 := countQuads()

	t.Run("Unauthenticated", func(t *testing.T) {
		for _, tok := range []string{"", "wrong", token + "x", strings.ToUpper(token)} {
			if r := post(t, svc.url, tok, ingestMutation, vars); r.code() != "UNAUTHENTICATED" {
				t.Errorf("token %q: %+v, want UNAUTHENTICATED", tok, r)
			}
		}
		if n := countQuads(); n != n0 {
			t.Errorf("refused mutations changed the store: %d quads, want %d", n, n0)
		}
	})
	t.Run("GETRefusesMutations", func(t *testing.T) {
		u := svc.url + "/graphql?query=" + url.QueryEscape(`mutation { deleteDocument(file: "000_3cbbde8086c57167.txt") { removed } }`)
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK && !bytes.Contains(body, []byte("errors")) {
			t.Errorf("GET ran a mutation: %s %s", resp.Status, body)
		}
		if n := countQuads(); n != n0 {
			t.Errorf("GET changed the store: %d quads, want %d", n, n0)
		}
	})
	t.Run("IngestReplaceDelete", func(t *testing.T) {
		var got struct{ IngestDocument change }
		r := post(t, svc.url, token, ingestMutation, vars)
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &got) != nil {
			t.Fatalf("ingest: %+v", r)
		}
		c := got.IngestDocument
		if c.File != "new/copy.txt" || c.Added == 0 || c.Removed != 0 || len(c.Entities) == 0 {
			t.Fatalf("ingest: %+v", c)
		}
		if n := countQuads(); n != n0+int64(c.Added) {
			t.Errorf("after ingest: %d quads, want %d", n, n0+int64(c.Added))
		}
		var doc struct{ Document struct{ File string } }
		query(t, svc.url, `{ document(file: "new/copy.txt") { file } }`, &doc)

		r = post(t, svc.url, token, ingestMutation, vars)
		json.Unmarshal(r.Data, &got)
		if got.IngestDocument.Added != 0 || got.IngestDocument.Removed != 0 {
			t.Errorf("same document again: %+v, want nothing changed", got.IngestDocument)
		}

		// A new version with another page's text replaces the old one.
		r = post(t, svc.url, token, ingestMutation, map[string]any{"file": "new/copy.txt", "text": string(other)})
		json.Unmarshal(r.Data, &got)
		if got.IngestDocument.Removed == 0 || len(got.IngestDocument.Dropped) == 0 {
			t.Errorf("new version: %+v, want quads and entities removed", got.IngestDocument)
		}
		version2 := countQuads()

		var del struct{ DeleteDocument change }
		r = post(t, svc.url, token, deleteMutation, map[string]any{"file": "new/copy.txt"})
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &del) != nil {
			t.Fatalf("delete: %+v", r)
		}
		if n := countQuads(); n != n0 || int64(del.DeleteDocument.Removed) != version2-n0 {
			t.Errorf("after delete: %d quads (removed %d), want %d", n, del.DeleteDocument.Removed, n0)
		}
		if r := post(t, svc.url, token, deleteMutation, map[string]any{"file": "new/copy.txt"}); r.code() != "NOT_FOUND" {
			t.Errorf("delete again: %+v, want NOT_FOUND", r)
		}
	})
	t.Run("BadDocument", func(t *testing.T) {
		r := post(t, svc.url, token, ingestMutation, map[string]any{"file": "bin.txt", "text": "\x00\x01\x02\x03binary\x00"})
		if r.code() != "BAD_USER_INPUT" {
			t.Errorf("binary text: %+v, want BAD_USER_INPUT", r)
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		big := strings.Repeat("医", 9<<20/3+1) // 9 MB of UTF-8
		r := post(t, svc.url, token, ingestMutation, map[string]any{"file": "big.txt", "text": big})
		if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "limit") {
			t.Errorf("9 MB text: %d %+v, want BAD_USER_INPUT naming the limit", r.Status, r.Errors)
		}
	})
	t.Run("BodyLimit", func(t *testing.T) {
		body := bytes.Repeat([]byte("x"), 40<<20)
		resp, err := http.Post(svc.url+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("40 MB body: %s, want 413", resp.Status)
		}
	})
}

// TestMutationsOff: without a write token the mutations are refused.
func TestMutationsOff(t *testing.T) {
	svc := startService(t, Config{DB: "memstore"})
	r := post(t, svc.url, "anything", deleteMutation, map[string]any{"file": "000_3cbbde8086c57167.txt"})
	if r.code() != "FORBIDDEN" {
		t.Errorf("mutation without a write token: %+v, want FORBIDDEN", r)
	}
	resp, err := http.Post(svc.url+"/graphql", "application/json", bytes.NewReader(bytes.Repeat([]byte("x"), 2<<20)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB body with writes off: %s, want 413", resp.Status)
	}
}

// TestConcurrentIngestAndQueries runs ingests, deletes and queries together
// on memstore (go test -race checks them): no request fails, and at the
// end the store holds the seeds and the documents last ingested.
func TestConcurrentIngestAndQueries(t *testing.T) {
	const token = "t"
	svc := startService(t, Config{DB: "memstore", WriteToken: token})
	seeds := []string{"../seeds/000_3cbbde8086c57167.txt", "../seeds/001_833df4aa96c708b8.txt", "../seeds/002_32addf97c97a9482.txt"}
	var texts []string
	for _, f := range seeds {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	queries := []string{
		`{ hospitals(first: 5) { totalCount edges { node { name city { name } } } } }`,
		`{ city(name: "苏州") { hospitals { name recommendedFor { name } } } }`,
		`{ symptom(name: "皮肤紫癜") { recommendations { hospital { name } evidence { snippet document { file } } } } }`,
		`{ documents(first: 50) { totalCount } }`,
	}
	deadline := time.Now().Add(3 * time.Second)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			file := fmt.Sprintf("writer%d.txt", w)
			for i := 0; time.Now().Before(deadline); i++ {
				r := post(t, svc.url, token, ingestMutation, map[string]any{"file": file, "text": texts[(w+i)%len(texts)]})
				if len(r.Errors) > 0 {
					errs <- fmt.Errorf("ingest %s: %+v", file, r.Errors)
					return
				}
				if i%3 == 2 {
					if r := post(t, svc.url, token, deleteMutation, map[string]any{"file": file}); len(r.Errors) > 0 {
						errs <- fmt.Errorf("delete %s: %+v", file, r.Errors)
						return
					}
				}
			}
		}()
	}
	for q := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				r := post(t, svc.url, "", queries[(q+i)%len(queries)], nil)
				if r.Status != http.StatusOK || len(r.Errors) > 0 {
					errs <- fmt.Errorf("query: %d %+v", r.Status, r.Errors)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
