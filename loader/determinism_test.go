package loader

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestExtractionIsDeterministic extracts every field page several times
// and wants the same relations each time: a relation that comes and goes
// between runs is one that depends on Go's map order.
func TestExtractionIsDeterministic(t *testing.T) {
	x := newTestExtractor(t)
	var pages []string
	for _, dir := range []string{"field", "sites", "heldout"} {
		for _, ext := range []string{"*.txt", "*.html"} {
			m, _ := filepath.Glob(filepath.Join("testdata", dir, ext))
			pages = append(pages, m...)
		}
	}
	if len(pages) < 50 {
		t.Fatalf("found %d field pages; want the testdata's 70 and more", len(pages))
	}
	for _, p := range pages {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var first []string
		for run := 0; run < 8; run++ {
			ex, err := x.Extract(filepath.Base(p), string(raw))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			var got []string
			for _, r := range ex.Relations {
				got = append(got, fmt.Sprintf("%s %v→%v %s %d-%d", r.Type, r.From, r.To, r.Method, r.Start, r.End))
			}
			slices.Sort(got)
			if run == 0 {
				first = got
			} else if !slices.Equal(got, first) {
				t.Errorf("%s: run %d extracts other relations than run 0 (%d against %d)", p, run, len(got), len(first))
				break
			}
		}
	}
}
