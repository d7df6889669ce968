package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/medkg/medkg/server"
)

const (
	// deferredQuery defers the evidence of each ranked hospital and the
	// aliases of each hospital (a non-null list).
	deferredQuery = `{ recommend(symptom: "皮肤紫癜", first: 5) { rank hospital { name ... @defer(label: "aliases") { aliases } }
	  ... @defer(label: "evidence") { evidence(first: 2) { snippet start end } } } }`
	// wholeQuery asks the same without @defer.
	wholeQuery = `{ recommend(symptom: "皮肤紫癜", first: 5) { rank hospital { name aliases } evidence(first: 2) { snippet start end } } }`
)

// decoded is an answer's data as plain values, for comparing answers
// whatever the order of their fields.
func decoded(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return v
}

// multipartParts posts query accepting multipart/mixed, as Apollo Client
// does, and returns the parts of the answer.
func multipartParts(t *testing.T, srvURL, query string) []part {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest(http.MethodPost, srvURL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "multipart/mixed;deferSpec=20220824,application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" || resp.StatusCode != 200 {
		t.Fatalf("%d %q: %v", resp.StatusCode, resp.Header.Get("Content-Type"), err)
	}
	if resp.Header.Get("ETag") != "" {
		t.Errorf("an answer in parts has an ETag")
	}
	var parts []part
	mr := multipart.NewReader(resp.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(p)
		var pt part
		if err := json.Unmarshal(raw, &pt); err != nil {
			t.Fatalf("part %s: %v", raw, err)
		}
		parts = append(parts, pt)
	}
	if len(parts) < 2 || parts[0].HasNext == nil || !*parts[0].HasNext || len(parts[0].Errors) > 0 {
		t.Fatalf("%d parts, the first %+v", len(parts), parts)
	}
	if last := parts[len(parts)-1]; last.HasNext == nil || *last.HasNext {
		t.Errorf("the last part says hasNext %v", last.HasNext)
	}
	for _, p := range parts[:len(parts)-1] {
		if p.HasNext == nil || !*p.HasNext {
			t.Errorf("a part before the last says hasNext %v", p.HasNext)
		}
	}
	return parts
}

// part is one part of an answer in parts.
type part struct {
	Data        json.RawMessage
	HasNext     *bool
	Incremental []struct {
		Data  json.RawMessage
		Path  []any
		Label string
	}
	Errors []any
}

// assemble puts the parts together as a client does, and counts the
// deferred parts by label.
func assemble(t *testing.T, parts []part) (any, map[string]int) {
	t.Helper()
	var data map[string]any
	json.Unmarshal(parts[0].Data, &data)
	labels := map[string]int{}
	for _, p := range parts[1:] {
		for _, inc := range p.Incremental {
			labels[inc.Label]++
			var at any = data
			for _, k := range inc.Path {
				switch k := k.(type) {
				case string:
					at = at.(map[string]any)[k]
				case float64:
					at = at.([]any)[int(k)]
				}
			}
			var fields map[string]any
			json.Unmarshal(inc.Data, &fields)
			for k, v := range fields {
				at.(map[string]any)[k] = v
			}
		}
	}
	return data, labels
}

// @defer over multipart/mixed: the first part has what was not deferred
// and hasNext, and no null where a deferred field will go; the later parts
// bring the deferred fragments at their paths, the last with hasNext
// false; put together they are the answer without @defer.
func TestDeferMultipart(t *testing.T) {
	t.Parallel()
	srv := seededServer(t)
	_, whole := post(t, srv, wholeQuery, nil)
	if len(whole.Errors) > 0 {
		t.Fatal(whole.Errors)
	}
	parts := multipartParts(t, srv.URL, deferredQuery)
	if strings.Contains(string(parts[0].Data), "evidence") {
		t.Errorf("the first part holds what was deferred: %s", parts[0].Data)
	}
	data, labels := assemble(t, parts)
	// aliases, a field without a resolver of its own, is in the first part.
	if labels["evidence"] != 5 {
		t.Errorf("deferred parts by label: %v", labels)
	}
	if want := decoded(t, whole.Data); !reflect.DeepEqual(data, want) {
		t.Errorf("the parts put together:\n%v\nwithout @defer:\n%v", data, want)
	}

	// Deferred fields that are null and come with the object (a
	// province's code where unknown, in another store) are not in the
	// first part as nulls: they come in parts of their own, still null.
	fixture := newServer(t, server.Options{})
	const provinces = `{ provinces(first: 10) { edges { node { name ... @defer(label: "division") { code cities { name } } } } } }`
	_, plain := post(t, fixture, strings.ReplaceAll(provinces, `... @defer(label: "division") { code cities { name } }`, "code cities { name }"), nil)
	if !strings.Contains(string(plain.Data), `"code":null`) {
		t.Fatalf("no province without a code to test with: %.300s", plain.Data)
	}
	parts = multipartParts(t, fixture.URL, provinces)
	if strings.Contains(string(parts[0].Data), "null") {
		t.Errorf("the first part holds a null: %.300s", parts[0].Data)
	}
	data, labels = assemble(t, parts)
	if labels["division"] == 0 || !reflect.DeepEqual(data, decoded(t, plain.Data)) {
		t.Errorf("%v parts; put together:\n%.500v", labels, data)
	}
}

// A client that does not accept multipart/mixed, and every GET, gets one
// complete answer: the deferred fragments in place, no hasNext; a GET's
// answer is cached whole.
func TestDeferWithoutMultipart(t *testing.T) {
	t.Parallel()
	srv := seededServer(t)
	_, whole := post(t, srv, wholeQuery, nil)
	raw := func(resp *http.Response) []byte {
		t.Helper()
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || strings.Contains(string(b), "hasNext") || strings.Contains(string(b), `"errors"`) {
			t.Fatalf("%d %s", resp.StatusCode, b)
		}
		return b
	}
	body, _ := json.Marshal(map[string]any{"query": deferredQuery})
	resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var posted struct{ Data json.RawMessage }
	json.Unmarshal(raw(resp), &posted)
	if !reflect.DeepEqual(decoded(t, posted.Data), decoded(t, whole.Data)) {
		t.Errorf("POST with @defer:\n%s\nwithout:\n%s", posted.Data, whole.Data)
	}

	resp, err = http.Get(srv.URL + "/graphql?" + url.Values{"query": {deferredQuery}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	etag := resp.Header.Get("ETag")
	var got struct{ Data json.RawMessage }
	json.Unmarshal(raw(resp), &got)
	if etag == "" || !reflect.DeepEqual(decoded(t, got.Data), decoded(t, whole.Data)) {
		t.Errorf("GET with @defer (ETag %q):\n%s", etag, got.Data)
	}
}
