package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph"
)

// storeQuads returns the store's quads, sorted, and their number.
func storeQuads(t *testing.T, cfg Config) []string {
	t.Helper()
	s, err := graph.Open(context.Background(), cfg.DB, cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b bytes.Buffer
	if err := s.Export(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	slices.Sort(lines)
	return lines
}

// TestDeleteCommand: kg delete removes a document, leaving exactly the
// store the other documents make; loading it again restores the store of
// all of them; a changed version of a document replaces the old one.
func TestDeleteCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	all, rest := filepath.Join(dir, "all"), filepath.Join(dir, "rest")
	os.Mkdir(all, 0o755)
	os.Mkdir(rest, 0o755)
	seeds, _ := filepath.Glob("../seeds/*.txt")
	for i, f := range seeds {
		copyFile(t, f, filepath.Join(all, filepath.Base(f)))
		if i > 0 {
			copyFile(t, f, filepath.Join(rest, filepath.Base(f)))
		}
	}
	gone := filepath.Base(seeds[0])
	cfg := Config{DB: "bolt", DBPath: filepath.Join(dir, "kg.db")}
	wantAll := Config{DB: "bolt", DBPath: filepath.Join(dir, "all.db")}
	wantRest := Config{DB: "bolt", DBPath: filepath.Join(dir, "rest.db")}
	for _, c := range []struct {
		cfg  Config
		from string
	}{{cfg, all}, {wantAll, all}, {wantRest, rest}} {
		if err := load(ctx, c.cfg, []string{c.from}, new(bytes.Buffer)); err != nil {
			t.Fatal(err)
		}
	}
	same := func(step string, want Config) {
		t.Helper()
		got, w := storeQuads(t, cfg), storeQuads(t, want)
		if !slices.Equal(got, w) {
			t.Fatalf("%s: %d quads, want %d", step, len(got), len(w))
		}
	}

	var out bytes.Buffer
	if err := deleteDocs(ctx, cfg, []string{gone}, &out); err != nil {
		t.Fatalf("kg delete: %v\n%s", err, out.String())
	}
	if !strings.Contains(lineWith(out.String(), gone), "deleted") {
		t.Errorf("kg delete says:\n%s", out.String())
	}
	same("after delete", wantRest)

	out.Reset()
	err := deleteDocs(ctx, cfg, []string{gone, "no-such.txt"}, &out)
	if !errors.Is(err, errDocumentsMissing) || !strings.Contains(lineWith(out.String(), "no-such.txt"), "not in the store") {
		t.Errorf("kg delete of missing documents: %v\n%s", err, out.String())
	}

	if err := load(ctx, cfg, []string{all}, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	same("after re-load", wantAll)

	// A changed version: the first document's text in place of the
	// second's, under the second's name.
	other := filepath.Base(seeds[1])
	text, _ := os.ReadFile(seeds[0])
	os.WriteFile(filepath.Join(all, other), text, 0o644)
	os.WriteFile(filepath.Join(rest, other), text, 0o644)
	os.Remove(filepath.Join(rest, gone))
	os.WriteFile(filepath.Join(rest, gone), text, 0o644)
	if err := load(ctx, cfg, []string{filepath.Join(all, other)}, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	wantChanged := Config{DB: "bolt", DBPath: filepath.Join(dir, "changed.db")}
	if err := load(ctx, wantChanged, []string{all}, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	same("after changed version", wantChanged)
}
