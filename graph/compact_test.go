package graph_test

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
)

// TestChurnCompact replaces one document 100 times (delete, then ingest
// again) in a bolt store of 1,500 documents (some 200,000 quads): the
// file stays within 10% of its size before, or one step of bolt's growth
// (bolt grows a file of 16 MB or more by 16 MB at a time, so a store just
// below a step crosses it at the first page it adds): bolt reuses the
// pages the writes free; Cayley keeps the deleted quads, marked dead,
// which cost little. Compact then drops the
// dead quads and packs the pages full: the store ends smaller than before
// the churn, with the same quads.
func TestChurnCompact(t *testing.T) {
	if testing.Short() {
		t.Skip("1,500 documents and 100 rewrites; skipped under -short")
	}
	ctx := context.Background()
	backend := "bolt"
	if graph.RaceDetector {
		backend = "leveldb"
	}
	path := filepath.Join(t.TempDir(), "kg")
	open := func() *graph.Store {
		s, err := graph.Open(ctx, backend, path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	closeStore := func(s *graph.Store) {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	size := func() int64 {
		n, err := graph.DirSize(path)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	export := func() []byte {
		s := open()
		defer closeStore(s)
		var b bytes.Buffer
		if err := s.ExportAs(ctx, &b, graph.FormatNQuads, ""); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}

	s := open()
	for i := range 1500 {
		if _, err := s.Put(ctx, graphtest.Synthetic(i)); err != nil {
			t.Fatal(err)
		}
	}
	closeStore(s)
	before, want := size(), export()

	s = open()
	const cycles = 100
	for range cycles {
		if _, err := s.Delete(ctx, graphtest.Synthetic(0).Doc.File); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Update(ctx, graphtest.Synthetic(0)); err != nil {
			t.Fatal(err)
		}
	}
	closeStore(s)
	churned := size()
	t.Logf("%d quads; %d cycles grew the store from %.1f to %.1f MB", bytes.Count(want, []byte("\n")), cycles, mb(before), mb(churned))
	const boltStep = 16 << 20 // bolt.DefaultAllocSize
	if float64(churned) > max(1.10*float64(before), float64(before+boltStep)) {
		t.Errorf("%d cycles grew the store from %.1f to %.1f MB, more than 10%% and more than one 16 MB step", cycles, mb(before), mb(churned))
	}

	c, err := graph.Compact(ctx, backend, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("compact: %d quads, %.1f → %.1f MB", c.Quads, mb(c.Before), mb(c.After))
	if after := size(); after != c.After || after >= before {
		t.Errorf("after compacting the store is %.1f MB (Compact says %.1f), not less than %.1f MB before the churn", mb(after), mb(c.After), mb(before))
	}
	if got := export(); !bytes.Equal(sortedLines(got), sortedLines(want)) {
		t.Errorf("compacting changed the quads: %d lines, want %d", bytes.Count(got, []byte("\n")), bytes.Count(want, []byte("\n")))
	}
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// sortedLines returns b's lines sorted, for comparing exports whose order
// is the store's.
func sortedLines(b []byte) []byte {
	lines := bytes.Split(b, []byte("\n"))
	slices.SortFunc(lines, bytes.Compare)
	return bytes.Join(lines, []byte("\n"))
}
