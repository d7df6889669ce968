package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"
	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/server"
)

func TestExport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := graphtest.Open(t)
	if _, err := store.Put(ctx, extraction()); err != nil {
		t.Fatal(err)
	}
	other := graphtest.Synthetic(1)
	if _, err := store.Put(ctx, other); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.New(store, server.Options{}))
	defer srv.Close()
	total, err := store.QuadCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := store.Export(ctx, &want); err != nil {
		t.Fatal(err)
	}

	t.Run("NQuads", func(t *testing.T) {
		resp, body := fetch(t, srv.URL+"/export.nq")
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/n-quads") {
			t.Errorf("Content-Type %q", ct)
		}
		if body != want.String() {
			t.Errorf("/export.nq is not what kg export writes")
		}
		// Every quad of the store, and the evidence made from the spans.
		stored, evidence := splitEvidence(body)
		if int64(len(stored)) != total || len(evidence) == 0 {
			t.Errorf("%d quads of the store and %d of evidence; want the %d the store holds, and evidence", len(stored), len(evidence), total)
		}
	})
	t.Run("OneDocument", func(t *testing.T) {
		var one bytes.Buffer
		if err := graph.WriteExtraction(&one, other); err != nil {
			t.Fatal(err)
		}
		_, body := fetch(t, srv.URL+"/export.nq?document="+other.Doc.File)
		lines := strings.Split(strings.TrimSpace(body), "\n")
		stored, evidence := splitEvidence(body)
		if len(stored) != strings.Count(one.String(), "\n") {
			t.Errorf("%d quads, want the %d Put wrote", len(stored), strings.Count(one.String(), "\n"))
		}
		// Each relation and mention is one evidence node, its snippet cut
		// from the text at its span.
		snippets := 0
		for _, l := range evidence {
			if strings.Contains(l, "<urn:medkg:snippet>") {
				snippets++
			}
		}
		if want := len(other.Relations) + len(other.Mentions); snippets != want {
			t.Errorf("%d evidence snippets, want %d (one per relation and mention)", snippets, want)
		}
		for _, l := range lines {
			if !strings.HasSuffix(l, "<urn:medkg:doc/"+other.Doc.File+"> .") {
				t.Errorf("quad of another document: %s", l)
			}
		}
	})
	t.Run("UnknownDocument", func(t *testing.T) {
		// A document the store does not hold is a 404, not an empty 200.
		for _, u := range []string{"/export.nq?document=nope.txt", "/export.jsonld?document=nope.txt"} {
			resp, body := fetch(t, srv.URL+u)
			if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "nope.txt") {
				t.Errorf("%s: %d %q; want 404 naming the document", u, resp.StatusCode, body)
			}
		}
	})
	t.Run("JSONLD", func(t *testing.T) {
		resp, body := fetch(t, srv.URL+"/export.jsonld?document="+file)
		if ct := resp.Header.Get("Content-Type"); ct != "application/ld+json" {
			t.Errorf("Content-Type %q", ct)
		}
		var doc any
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%.300s", err, body)
		}
		for _, s := range []string{`"@context":{"kg":"urn:medkg:"`, `"@id":"kg:Hospital/苏州大学附属第一医院"`, `"kg:doc/` + file + `"`, `"苏州市"`} {
			if !strings.Contains(body, s) && !strings.Contains(body, strings.ReplaceAll(s, ":", ": ")) {
				t.Errorf("JSON-LD lacks %s:\n%.600s", s, body)
			}
		}
		if strings.Contains(body, other.Doc.File) {
			t.Errorf("JSON-LD of %s has quads of %s", file, other.Doc.File)
		}
	})
	t.Run("RoundTrip", func(t *testing.T) {
		// The JSON-LD, read by a JSON-LD processor (Cayley's, over
		// gojsonld: its @context expanded), and the N-Quads, read by
		// Cayley's N-Quads reader, are the same quads, with absolute IRIs.
		_, ld := fetch(t, srv.URL+"/export.jsonld?document="+file)
		_, nq := fetch(t, srv.URL+"/export.nq?document="+file)
		fromLD, err := quad.ReadAll(jsonld.NewReader(strings.NewReader(ld)))
		if err != nil {
			t.Fatal(err)
		}
		fromNQ, err := quad.ReadAll(nquads.NewReader(strings.NewReader(nq), false))
		if err != nil {
			t.Fatal(err)
		}
		// A literal's datatype is an absolute IRI too (a reader that knows
		// Cayley's short schema:Integer would hide it; jsonld.js does not).
		types := regexp.MustCompile(`\^\^<([^>]*)>`).FindAllStringSubmatch(nq, -1)
		for _, m := range types {
			if !strings.HasPrefix(m[1], "http://") && !strings.HasPrefix(m[1], "https://") {
				t.Errorf("datatype <%s> is not absolute", m[1])
				break
			}
		}
		if len(types) == 0 {
			t.Error("no typed literal to check (the items' kg:index)")
		}
		set := func(qs []quad.Quad) []string {
			var out []string
			for _, q := range qs {
				for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
					if iri, ok := v.(quad.IRI); ok && !strings.HasPrefix(string(iri), "urn:medkg:") && !strings.HasPrefix(string(iri), "http://") {
						t.Errorf("IRI %s is not absolute", iri)
					}
				}
				// RDF 1.1: "苏州市" and "苏州市"^^xsd:string are one literal.
				if ts, ok := q.Object.(quad.TypedString); ok && ts.Type == "http://www.w3.org/2001/XMLSchema#string" {
					q.Object = ts.Value
				}
				out = append(out, q.NQuad())
			}
			slices.Sort(out)
			return slices.Compact(out)
		}
		a, b := set(fromLD), set(fromNQ)
		if len(b) < 100 || !slices.Equal(a, b) {
			t.Errorf("JSON-LD gives %d quads, N-Quads %d; they should be the same", len(a), len(b))
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					t.Errorf("first difference:\n%s\n%s", a[i], b[i])
					break
				}
			}
		}
	})
}

// splitEvidence splits N-Quads into the lines of evidence nodes, which the
// export makes from the documents' spans, and the others.
func splitEvidence(body string) (stored, evidence []string) {
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		if strings.HasPrefix(l, "<urn:medkg:ev/") {
			evidence = append(evidence, l)
		} else {
			stored = append(stored, l)
		}
	}
	return stored, evidence
}
