package graph_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/kg"
)

// methodDoc states that 苏州市立医院 is recommended for 皮肤紫癜, read from a
// list (kg.MethodList), and that it is in 苏州, with no method recorded.
//
//	苏州市立医院 ──recommendedFor (LIST)──→ 皮肤紫癜
//	     └──────locatedIn (no method)──→ 苏州
func methodDoc() *kg.Extraction {
	const text = "推荐医院：苏州市立医院、苏州大学附属第一医院。"
	h := kg.EntityRef{Kind: kg.KindHospital, Name: "苏州市立医院"}
	return &kg.Extraction{
		Doc: kg.Document{File: "list.txt", Title: "皮肤紫癜", Text: text},
		Relations: []kg.Relation{
			{Type: kg.RecommendedFor, From: h, To: symptom, Method: kg.MethodList,
				Source: kg.Source{Item: -1}, Span: kg.Span{Start: 0, End: 11, Snippet: "推荐医院：苏州市立医院"}},
			{Type: kg.LocatedIn, From: h, To: city,
				Source: kg.Source{Item: -1}, Span: kg.Span{Start: 5, End: 11, Snippet: "苏州市立医院"}},
		},
	}
}

var (
	listLink    = kg.Link{Type: kg.RecommendedFor, From: kg.EntityRef{Kind: kg.KindHospital, Name: "苏州市立医院"}, To: symptom}
	unknownLink = kg.Link{Type: kg.LocatedIn, From: listLink.From, To: city}
)

// checkMethods checks that the store gives each relation of methodDoc its
// method: in the index's support and in the evidence read back.
func checkMethods(t *testing.T, s *graph.Store) {
	t.Helper()
	ctx := context.Background()
	x, err := s.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		link kg.Link
		want kg.Method
	}{{listLink, kg.MethodList}, {unknownLink, kg.MethodUnknown}} {
		sup := x.Support(c.link)
		if !reflect.DeepEqual(sup.Methods, []kg.Method{c.want}) || sup.Confidence != c.want.Confidence() {
			t.Errorf("support of %s: methods %v, confidence %v; want [%s], %v", c.link.Type, sup.Methods, sup.Confidence, c.want, c.want.Confidence())
		}
		evs, err := s.Evidence(ctx, c.link.From, c.link.Type, c.link.To)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].Method != c.want {
			t.Errorf("evidence of %s: %+v, want one read by %s", c.link.Type, evs, c.want)
		}
	}
	if err := s.VerifyIndex(ctx); err != nil {
		t.Error(err)
	}
}

// A relation keeps its method through the store: the evidence node's
// kg:method quad, the summary, the index and its snapshot.
func TestRelationMethod(t *testing.T) {
	if graph.RaceDetector {
		t.Skip("bolt only (graph.ErrRaceBolt)")
	}
	ctx := context.Background()
	dir := t.TempDir()
	open := func() *graph.Store {
		t.Helper()
		s, err := graph.Open(ctx, "bolt", dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open()
	if _, err := s.Put(ctx, methodDoc()); err != nil {
		t.Fatal(err)
	}

	t.Run("Index", func(t *testing.T) { checkMethods(t, s) })

	t.Run("Exported", func(t *testing.T) {
		for _, format := range []string{graph.FormatNQuads, graph.FormatJSONLD} {
			var buf bytes.Buffer
			if err := s.ExportAs(ctx, &buf, format, ""); err != nil {
				t.Fatal(err)
			}
			for _, m := range []kg.Method{kg.MethodList, kg.MethodUnknown} {
				if !strings.Contains(buf.String(), "kg:method") || !strings.Contains(buf.String(), `"`+string(m)+`"`) {
					t.Errorf("%s export lacks kg:method %q", format, m)
				}
			}
		}
	})

	t.Run("ErrUnknownMethod", func(t *testing.T) {
		bad := methodDoc()
		bad.Doc.File = "bad.txt"
		bad.Relations[0].Method = "GUESS"
		if _, err := s.Put(ctx, bad); err == nil || !strings.Contains(err.Error(), "GUESS") {
			t.Errorf("Put with an unknown method: %v", err)
		}
		if _, err := s.Document(ctx, "bad.txt"); err == nil {
			t.Error("the refused document was written")
		}
	})

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	t.Run("Snapshot", func(t *testing.T) {
		s := open()
		defer s.Close()
		x, err := s.Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !x.FromSnapshot() {
			t.Error("index not read from the snapshot")
		}
		checkMethods(t, s)
	})

	// A binary whose vocabulary orders relation types or methods otherwise
	// (the snapshot stores them by position) reads the summaries instead:
	// the snapshot's key holds the names in order.
	t.Run("VocabularyChangedRebuilt", func(t *testing.T) {
		func() { // a snapshot of this store as it is
			s := open()
			defer s.Close()
			if _, err := s.Index(ctx); err != nil {
				t.Fatal(err)
			}
		}()
		swap := func() {
			kg.RelationTypes[0], kg.RelationTypes[1] = kg.RelationTypes[1], kg.RelationTypes[0]
		}
		swap()
		s := open()
		x, err := s.Index(ctx)
		swap() // back: the rest of the test reads with the vocabulary that wrote
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if x.FromSnapshot() {
			t.Error("a snapshot of another vocabulary was read")
		}
		checkMethods(t, s)
	})

	// A snapshot of the version before methods (kgindex 1) holds refs
	// without them: it is read from the summaries instead.
	t.Run("OldSnapshotRebuilt", func(t *testing.T) {
		snap := filepath.Join(dir, "index.snapshot")
		b, err := os.ReadFile(snap)
		if err != nil {
			t.Fatal(err)
		}
		old, ok := bytes.CutPrefix(b, []byte("kgindex 3\n"))
		if !ok {
			t.Fatalf("snapshot starts %q, want kgindex 3", b[:min(len(b), 10)])
		}
		if err := os.WriteFile(snap, append([]byte("kgindex 1\n"), old...), 0o644); err != nil {
			t.Fatal(err)
		}
		s := open()
		defer s.Close()
		x, err := s.Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if x.FromSnapshot() {
			t.Error("a kgindex 1 snapshot was read")
		}
		checkMethods(t, s)
	})
}
