package graph

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// failingWrites is a quad store whose writes fail.
type failingWrites struct{ cgraph.QuadStore }

var errDiskFull = errors.New("disk full")

func (failingWrites) ApplyDeltas([]cgraph.Delta, cgraph.IgnoreOpts) error { return errDiskFull }

// TestPutReopensAfterFailedWrite checks that a kv store is replaced after
// a failed write, whose rolled-back node IDs Cayley would otherwise keep
// in its cache, and that the store then works on.
func TestPutReopensAfterFailedWrite(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "leveldb", filepath.Join(t.TempDir(), "kg"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a := &kg.Extraction{
		Doc:      kg.Document{File: "a.txt"},
		Entities: []kg.Entity{{EntityRef: kg.EntityRef{Kind: kg.KindCity, Name: "苏州"}}},
	}
	want, err := s.Put(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	failing := failingWrites{s.qs}
	s.qs = failing
	b := &kg.Extraction{Doc: kg.Document{File: "b.txt"}}
	if _, err := s.Put(ctx, b); !errors.Is(err, errDiskFull) {
		t.Fatalf("Put into failing store: err = %v; want %v", err, errDiskFull)
	}
	if s.qs == cgraph.QuadStore(failing) {
		t.Fatal("store was not reopened after the failed write")
	}
	if n, err := s.QuadCount(ctx); err != nil || n != int64(want) {
		t.Errorf("QuadCount() after reopening = %d, %v; want %d", n, err, want)
	}
	if n, err := s.Put(ctx, b); err != nil || n == 0 {
		t.Errorf("Put after reopening = %d, %v; want new quads", n, err)
	}
}

func TestEntityIRIRoundTrip(t *testing.T) {
	for _, c := range []struct {
		ref  kg.EntityRef
		want string
	}{
		{kg.EntityRef{Kind: kg.KindHospital, Name: "苏州大学附属第一医院"}, "kg:Hospital/苏州大学附属第一医院"},
		{kg.EntityRef{Kind: kg.KindHospital, Name: "3201医院"}, "kg:Hospital/3201医院"},
		{kg.EntityRef{Kind: kg.KindHospital, Name: "苏州大学附属第一医院 (十梓街院区)"}, "kg:Hospital/苏州大学附属第一医院%20(十梓街院区)"},
		{kg.EntityRef{Kind: kg.KindHospital, Name: "北京协和医院（东单院区）"}, "kg:Hospital/北京协和医院（东单院区）"},
		{kg.EntityRef{Kind: kg.KindPolicy, Name: "【医保】异地就医"}, "kg:InsurancePolicy/【医保】异地就医"},
		{kg.EntityRef{Kind: kg.KindDepartment, Name: "内科/外科"}, "kg:Department/内科/外科"},
		{kg.EntityRef{Kind: kg.KindSymptom, Name: `a<b>"c"{d}|e^f` + "`g\\h%20\t\n"}, "kg:Symptom/a%3Cb%3E%22c%22%7Bd%7D%7Ce%5Ef%60g%5Ch%2520%09%0A"},
		{kg.EntityRef{Kind: kg.KindCity, Name: "100%"}, "kg:City/100%25"},
	} {
		iri := entityIRI(c.ref)
		if string(iri) != c.want {
			t.Errorf("entityIRI(%q) = %q; want %q", c.ref.Name, iri, c.want)
		}
		got, ok := parseEntityIRI(iri)
		if !ok || got != c.ref {
			t.Errorf("parseEntityIRI(%q) = %v, %v; want %v", iri, got, ok, c.ref)
		}
	}
	for _, iri := range []string{"kg:Planet/地球", "kg:Hospital", "rdf:type", "kg:doc/a.txt", "kg:Hospital/%zz"} {
		if r, ok := parseEntityIRI(quad.IRI(iri)); ok {
			t.Errorf("parseEntityIRI(%q) = %v; want no entity", iri, r)
		}
	}
}

func TestRelationPredicatesBothWays(t *testing.T) {
	seen := map[string]bool{}
	for _, rt := range kg.RelationTypes {
		p, ok := relationPredicate(rt)
		if !ok || seen[string(p)] {
			t.Errorf("relationPredicate(%s) = %q, %v; want a distinct predicate", rt, p, ok)
		}
		seen[string(p)] = true
		if back, ok := relationType(p); !ok || back != rt {
			t.Errorf("relationType(%q) = %s, %v; want %s", p, back, ok, rt)
		}
	}
	if _, ok := relationPredicate("CURES"); ok {
		t.Error("relationPredicate(CURES) is ok")
	}
}

func TestEvidenceIRIDependsOnEveryPart(t *testing.T) {
	s, p, o := entityIRI(kg.EntityRef{Kind: kg.KindHospital, Name: "甲"}), predRecommendedFor, entityIRI(kg.EntityRef{Kind: kg.KindSymptom, Name: "乙"})
	base := evidenceIRI("a.txt", s, p, o, 1, 2)
	if again := evidenceIRI("a.txt", s, p, o, 1, 2); again != base {
		t.Errorf("evidenceIRI is not stable: %s, %s", base, again)
	}
	for name, other := range map[string]any{
		"file":      evidenceIRI("b.txt", s, p, o, 1, 2),
		"subject":   evidenceIRI("a.txt", o, p, o, 1, 2),
		"predicate": evidenceIRI("a.txt", s, predLocatedIn, o, 1, 2),
		"object":    evidenceIRI("a.txt", s, p, s, 1, 2),
		"start":     evidenceIRI("a.txt", s, p, o, 0, 2),
		"end":       evidenceIRI("a.txt", s, p, o, 1, 3),
	} {
		if other == base {
			t.Errorf("evidenceIRI ignores the %s", name)
		}
	}
}

// TestOpenRefusesOldShape: a store whose evidence is nodes (as kg wrote
// before evidence became spans of the text) is refused with the command
// that rebuilds it, not served without snippets.
func TestOpenRefusesOldShape(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{"leveldb", "memstore"} {
		t.Run(backend, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kg")
			s, err := Open(ctx, backend, path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Put(ctx, &kg.Extraction{Doc: kg.Document{File: "a.txt", Text: "苏州"}}); err != nil {
				t.Fatal(err)
			}
			// What the old shape wrote for every mention and relation.
			ev := quad.IRI(ns + "ev/0123")
			err = s.qs.ApplyDeltas([]cgraph.Delta{
				{Action: cgraph.Add, Quad: quad.Quad{Subject: ev, Predicate: predType, Object: classEvidence, Label: documentIRI("a.txt")}},
				{Action: cgraph.Add, Quad: quad.Quad{Subject: ev, Predicate: predSnippet, Object: quad.String("苏州"), Label: documentIRI("a.txt")}},
			}, cgraph.IgnoreOpts{})
			if err != nil {
				t.Fatal(err)
			}
			if backend == "memstore" {
				// memstore lives in its process: check the store it is.
				old, err := s.oldShape(ctx)
				if err != nil || !old {
					t.Errorf("oldShape() = %v, %v; want true", old, err)
				}
				return
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			_, err = Open(ctx, backend, path)
			if !errors.Is(err, ErrOldShape) {
				t.Fatalf("Open of an old-shape store: %v; want ErrOldShape", err)
			}
			if !strings.Contains(err.Error(), "kg load --fresh") || !strings.Contains(err.Error(), path) {
				t.Errorf("the refusal %q does not say which store or how to rebuild it", err)
			}
		})
	}
}

// TestSnapshotOfAnotherVocabulary: a snapshot made by a binary whose
// vocabulary (relation types, methods, kinds, derive rules) differs is not
// read, whatever state of the store it is of; the index is read from the
// summaries, answers as before, and says why.
func TestSnapshotOfAnotherVocabulary(t *testing.T) {
	if raceDetector {
		t.Skip("bolt only (ErrRaceBolt)")
	}
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, "bolt", dir)
	if err != nil {
		t.Fatal(err)
	}
	doc := &kg.Extraction{
		Doc:      kg.Document{File: "a.txt", Text: "苏州大学附属第一医院在苏州。"},
		Entities: []kg.Entity{{EntityRef: kg.EntityRef{Kind: kg.KindHospital, Name: "苏州大学附属第一医院"}}, {EntityRef: kg.EntityRef{Kind: kg.KindCity, Name: "苏州"}}},
		Relations: []kg.Relation{{Type: kg.LocatedIn, Method: kg.MethodName,
			From: kg.EntityRef{Kind: kg.KindHospital, Name: "苏州大学附属第一医院"}, To: kg.EntityRef{Kind: kg.KindCity, Name: "苏州"},
			Span: kg.Span{Start: 0, End: 14, Snippet: "苏州大学附属第一医院在苏州。"}}},
	}
	if _, err := s.Put(ctx, doc); err != nil {
		t.Fatal(err)
	}
	before, err := s.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := before.Links(kg.LocatedIn)
	if err := s.Close(); err != nil { // saves the snapshot
		t.Fatal(err)
	}
	read := func(vocab index.Key) *index.Index {
		t.Helper()
		s, err := Open(ctx, "bolt", dir)
		if err != nil {
			t.Fatal(err)
		}
		s.vocab = vocab // as a binary of that vocabulary would be
		x, err := s.Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := x.Links(kg.LocatedIn); !slices.Equal(got, want) || len(got) != 1 {
			t.Errorf("LOCATED_IN links %v, want %v", got, want)
		}
		// Close as the other binary: it saves its own snapshot.
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return x
	}
	if x := read(index.VocabularyPrint()); !x.FromSnapshot() {
		t.Fatalf("the same binary did not read its snapshot: %s", x.SnapshotMiss())
	}
	other := index.VocabularyPrint()
	other[0] ^= 0xff // another list of relation types, say
	x := read(other)
	if x.FromSnapshot() || !strings.Contains(x.SnapshotMiss(), "vocabulary") {
		t.Errorf("a snapshot of another vocabulary: from the snapshot %v, miss %q; want the summaries read, and why", x.FromSnapshot(), x.SnapshotMiss())
	}
	// And back: the snapshot the other binary saved is not read either.
	if x := read(index.VocabularyPrint()); x.FromSnapshot() || !strings.Contains(x.SnapshotMiss(), "vocabulary") {
		t.Errorf("back to this vocabulary: from the snapshot %v, miss %q", x.FromSnapshot(), x.SnapshotMiss())
	}
}
