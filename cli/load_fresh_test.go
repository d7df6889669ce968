package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph"
)

// TestLoadFresh: kg load --fresh replaces the store with one of only the
// documents named, and leaves no new store behind.
func TestLoadFresh(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.Mkdir(a, 0o755)
	os.Mkdir(b, 0o755)
	copyFile(t, "../seeds/000_3cbbde8086c57167.txt", filepath.Join(a, "x.txt"))
	copyFile(t, "../seeds/001_833df4aa96c708b8.txt", filepath.Join(a, "y.txt"))
	copyFile(t, "../seeds/002_32addf97c97a9482.txt", filepath.Join(b, "z.txt"))
	cfg := Config{DB: "bolt", DBPath: filepath.Join(dir, "kg.db")}
	count := func() int64 {
		t.Helper()
		s, err := graph.Open(ctx, cfg.DB, cfg.DBPath)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		n, err := s.QuadCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := load(ctx, cfg, []string{a}, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	both := count()
	// A journal the old store's server left in a crash goes with the
	// old store (opening the new one would fail on these bytes).
	if err := os.WriteFile(filepath.Join(cfg.DBPath, "journal-00000001.kgj"), []byte("kgj1 of the old store"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg.Fresh = true
	var out bytes.Buffer
	if err := load(ctx, cfg, []string{b}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "swapped in") {
		t.Errorf("kg load --fresh printed:\n%s", out.String())
	}
	onlyZ := count()
	if onlyZ == 0 || onlyZ == both {
		t.Errorf("after --fresh the store holds %d quads (before: %d)", onlyZ, both)
	}
	// The load saved its index beside the store: the next open reads it
	// from there, and it holds only the fresh load's document.
	s, err := graph.Open(ctx, cfg.DB, cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	x, err := s.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if docs := x.Documents(); !x.FromSnapshot() || len(docs) != 1 || docs[0].File != "z.txt" {
		t.Errorf("after --fresh: index from snapshot %v, documents %v", x.FromSnapshot(), docs)
	}
	s.Close()
	// A plain load of the same document into the fresh store adds nothing.
	cfg.Fresh = false
	if err := load(ctx, cfg, []string{b}, new(bytes.Buffer)); err != nil || count() != onlyZ {
		t.Errorf("reload: %v, %d quads, want %d", err, count(), onlyZ)
	}
	// A cancelled fresh load leaves the store as it was and nothing beside.
	cfg.Fresh = true
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := load(cctx, cfg, []string{a}, new(bytes.Buffer)); err == nil {
		t.Error("cancelled load --fresh: no error")
	}
	if n := count(); n != onlyZ {
		t.Errorf("after a failed --fresh the store holds %d quads, want %d", n, onlyZ)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".fresh-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
