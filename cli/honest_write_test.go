package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestWritesTellTheTruth runs mutations on a server whose time limit is
// shorter than a write takes: each answer must tell what happened to the
// store. An answer with data means the write was made; an error means
// nothing was written. (Before writes ran detached from the request's
// deadline, a delete could answer TIMEOUT and be made all the same.)
func TestWritesTellTheTruth(t *testing.T) {
	const token = "truth-token"
	const limit = 30 * time.Millisecond
	svc := startService(t, Config{DB: "bolt", DBPath: filepath.Join(t.TempDir(), "kg.db"), WriteToken: token,
		Limits: ServeLimits{Timeout: limit}})
	files, err := filepath.Glob("../seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatal("no seeds", err)
	}
	// held reports whether the store holds the document, asked with a
	// query that fits the limit.
	held := func(file string) bool {
		t.Helper()
		r := post(t, svc.url, "", `query($f: String!) { document(file: $f) { file } }`, map[string]any{"f": file})
		if len(r.Errors) > 0 {
			t.Fatalf("document(%s): %+v", file, r.Errors)
		}
		var d struct{ Document *struct{ File string } }
		json.Unmarshal(r.Data, &d)
		return d.Document != nil
	}
	slow := 0 // writes that ran past the limit and answered with data
	check := func(what, file string, r gqlResult, took time.Duration, wantHeld bool) {
		t.Helper()
		switch {
		case len(r.Errors) == 0:
			if held(file) != wantHeld {
				t.Errorf("%s %s answered %s but the store says otherwise", what, file, r.Data)
			}
			if took > limit {
				slow++
			}
		case r.code() == "TIMEOUT":
			if held(file) == wantHeld {
				t.Errorf("%s %s answered TIMEOUT (%s) and was made", what, file, r.Errors[0].Message)
			}
		default:
			t.Errorf("%s %s: %+v", what, file, r.Errors)
		}
	}
	// All deletes at once, then all ingests at once: writes queue behind
	// each other, past the limit.
	type answer struct {
		file string
		r    gqlResult
		took time.Duration
	}
	run := func(mutation string, vars func(f string) map[string]any) []answer {
		out := make([]answer, len(files))
		var wg sync.WaitGroup
		for i, f := range files {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				r := post(t, svc.url, token, mutation, vars(f))
				out[i] = answer{filepath.Base(f), r, time.Since(start)}
			}()
		}
		wg.Wait()
		return out
	}
	for _, a := range run(`mutation($f: String!) { deleteDocument(file: $f) { removed } }`,
		func(f string) map[string]any { return map[string]any{"f": filepath.Base(f)} }) {
		check("deleteDocument", a.file, a.r, a.took, false)
	}
	for _, a := range run(`mutation($f: String!, $t: String!) { ingestDocument(file: $f, text: $t) { added } }`,
		func(f string) map[string]any {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Error(err)
			}
			return map[string]any{"f": filepath.Base(f), "t": string(text)}
		}) {
		check("ingestDocument", a.file, a.r, a.took, true)
	}
	if slow == 0 {
		t.Errorf("no write took longer than the limit of %s: the test proves nothing; lower the limit", limit)
	}
	t.Logf("%d of %d writes ran past the %s limit and answered with what they did", slow, 2*len(files), limit)
}

// TestIdempotencyKey retries mutations with a key: the retry gets the first
// answer and writes nothing again; the key with other arguments is refused.
func TestIdempotencyKey(t *testing.T) {
	const token = "retry-token"
	svc := startService(t, Config{DB: "memstore", WriteToken: token})
	const del = `mutation($f: String!, $k: String) { deleteDocument(file: $f, idempotencyKey: $k) { file removed } }`
	file := "000_3cbbde8086c57167.txt"
	first := post(t, svc.url, token, del, map[string]any{"f": file, "k": "k-1"})
	if len(first.Errors) > 0 {
		t.Fatalf("delete: %+v", first.Errors)
	}
	n := exportedQuads(t, svc.url)
	retry := post(t, svc.url, token, del, map[string]any{"f": file, "k": "k-1"})
	if len(retry.Errors) > 0 || string(retry.Data) != string(first.Data) {
		t.Errorf("retry answered %s %+v, want the first answer %s", retry.Data, retry.Errors, first.Data)
	}
	if m := exportedQuads(t, svc.url); m != n {
		t.Errorf("the retry changed the store: %d quads, then %d", n, m)
	}
	// Without the key, a second delete finds nothing to delete.
	if r := post(t, svc.url, token, del, map[string]any{"f": file}); r.code() != "NOT_FOUND" {
		t.Errorf("second delete without a key: %+v", r)
	}
	// The same key for another document is a client's mistake.
	if r := post(t, svc.url, token, del, map[string]any{"f": "001_833df4aa96c708b8.txt", "k": "k-1"}); r.code() != "BAD_USER_INPUT" {
		t.Errorf("key reused with other arguments: %+v", r)
	}
	if r := post(t, svc.url, token, `{ document(file: "001_833df4aa96c708b8.txt") { file } }`, nil); string(r.Data) == `{"document":null}` {
		t.Error("the refused mutation deleted the document")
	}
}
