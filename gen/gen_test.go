package gen_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/gen"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/loader"
)

func newGen(t testing.TB, seed uint64) (*gen.Generator, *loader.Extractor) {
	t.Helper()
	gaz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, err := gen.New(gaz, seed)
	if err != nil {
		t.Fatal(err)
	}
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		t.Fatal(err)
	}
	return g, x
}

// TestDeterministic: the same seed and index give the same bytes, in any
// order; another seed gives another corpus.
func TestDeterministic(t *testing.T) {
	g1, _ := newGen(t, 1)
	g2, _ := newGen(t, 1)
	g3, _ := newGen(t, 2)
	for _, i := range []int{5, 0, 99, 3} {
		a, b, c := g1.Doc(i), g2.Doc(i), g3.Doc(i)
		if a.File != b.File || a.Text != b.Text {
			t.Errorf("doc %d differs between two generators with seed 1", i)
		}
		if a.Text == c.Text {
			t.Errorf("doc %d is the same for seeds 1 and 2", i)
		}
	}
	dir1, dir2 := t.TempDir(), t.TempDir()
	if _, err := g1.Write(t.Context(), dir1, 20); err != nil {
		t.Fatal(err)
	}
	if _, err := g2.Write(t.Context(), dir2, 20); err != nil {
		t.Fatal(err)
	}
	var out1, out2 bytes.Buffer
	for i := 0; i < 20; i++ {
		fmt.Fprintln(&out1, g1.Doc(i).File)
		fmt.Fprintln(&out2, g2.Doc(i).File)
	}
	if out1.String() != out2.String() {
		t.Error("file names differ")
	}
}

// TestExtractable: the loader reads back from generated documents the
// hospitals, their cities and the symptoms they are recommended for that
// the generator put in.
func TestExtractable(t *testing.T) {
	g, x := newGen(t, 42)
	type rec struct{ h, s string }
	type loc struct{ h, c string }
	var wantRec, gotRec, wantLoc, gotLoc, items int
	var missed []string
	for i := 0; i < 60; i++ {
		d := g.Doc(i)
		ex, err := x.Extract(d.File, d.Text)
		if err != nil {
			t.Fatalf("%s: %v", d.File, err)
		}
		if len(ex.Doc.Items) != len(d.Truth.Items) {
			t.Errorf("%s: %d items read, %d written", d.File, len(ex.Doc.Items), len(d.Truth.Items))
		}
		items += len(d.Truth.Items)
		recs, locs := map[rec]bool{}, map[loc]bool{}
		for _, r := range ex.Relations {
			switch r.Type {
			case kg.RecommendedFor:
				recs[rec{r.From.Name, r.To.Name}] = true
			case kg.LocatedIn:
				locs[loc{r.From.Name, r.To.Name}] = true
			}
		}
		for _, it := range d.Truth.Items {
			for _, h := range it.Hospitals {
				wantRec++
				wantLoc++
				if recs[rec{h.Name, it.Symptom}] {
					gotRec++
				} else if len(missed) < 20 {
					missed = append(missed, fmt.Sprintf("%s: %s RECOMMENDED_FOR %s (item %q)", d.File, h.Name, it.Symptom, it.Title))
				}
				if locs[loc{h.Name, h.City}] {
					gotLoc++
				} else if len(missed) < 20 {
					missed = append(missed, fmt.Sprintf("%s: %s LOCATED_IN %s", d.File, h.Name, h.City))
				}
			}
		}
	}
	recall := func(got, want int) float64 { return float64(got) / float64(want) }
	t.Logf("%d items; RECOMMENDED_FOR recall %.3f (%d/%d), LOCATED_IN recall %.3f (%d/%d)",
		items, recall(gotRec, wantRec), gotRec, wantRec, recall(gotLoc, wantLoc), gotLoc, wantLoc)
	for _, m := range missed {
		t.Log("missed:", m)
	}
	if recall(gotRec, wantRec) < 0.95 || recall(gotLoc, wantLoc) < 0.95 {
		t.Errorf("recall below 0.95")
	}
}
