// Package graphtest opens real stores for tests.
package graphtest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/medkg/medkg/graph"
)

// Open returns a bolt-backed store in a temporary directory, closed when
// the test ends.
func Open(tb testing.TB) *graph.Store {
	tb.Helper()
	return OpenBackend(tb, "bolt")
}

// OpenBackend returns a store of the given backend (bolt, leveldb or
// memstore) in a temporary directory, closed when the test ends.
func OpenBackend(tb testing.TB, backend string) *graph.Store {
	tb.Helper()
	s, err := graph.Open(context.Background(), backend, filepath.Join(tb.TempDir(), "kg.db"))
	if err != nil {
		tb.Fatalf("open %s store: %v", backend, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close store: %v", err)
		}
	})
	return s
}
