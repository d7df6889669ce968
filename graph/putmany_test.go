package graph_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
)

// TestPutMany: a batch adds what Put adds, document by document: new
// documents all their quads, documents already held (or twice in the
// batch) only what is new; an invalid extraction writes nothing.
func TestPutMany(t *testing.T) {
	ctx := context.Background()
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			skipBoltUnderRace(t, backend)
			s := graphtest.OpenBackend(t, backend)
			ref := graphtest.OpenBackend(t, backend)
			var exs []*kg.Extraction
			var want []int
			for i := range 5 {
				ex := graphtest.Synthetic(i)
				n, err := ref.Put(ctx, ex)
				if err != nil {
					t.Fatal(err)
				}
				exs, want = append(exs, ex), append(want, n)
			}
			got, err := s.PutMany(ctx, exs)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("PutMany added %d quads for document %d, Put %d", got[i], i, want[i])
				}
			}
			// Again, with a new document and a repeated one: only the new adds.
			again := []*kg.Extraction{exs[0], graphtest.Synthetic(5), graphtest.Synthetic(5)}
			got, err = s.PutMany(ctx, again)
			if err != nil {
				t.Fatal(err)
			}
			n5, _ := ref.Put(ctx, graphtest.Synthetic(5))
			if got[0] != 0 || got[1] != n5 || got[2] != 0 {
				t.Errorf("PutMany again = %v, want [0 %d 0]", got, n5)
			}
			q1, _ := s.QuadCount(ctx)
			q2, _ := ref.QuadCount(ctx)
			if q1 != q2 {
				t.Errorf("PutMany store holds %d quads, Put store %d", q1, q2)
			}
			bad := graphtest.Synthetic(6)
			bad.Entities[0].Kind = "Planet"
			if _, err := s.PutMany(ctx, []*kg.Extraction{graphtest.Synthetic(7), bad}); err == nil {
				t.Error("PutMany with an unknown kind: no error")
			}
			if q, _ := s.QuadCount(ctx); q != q1 {
				t.Errorf("failed PutMany wrote %d quads", q-q1)
			}
		})
	}
}

// TestCreate: Create makes a new store that loads like Open's and is
// served by Open afterwards; it refuses an existing path.
func TestCreate(t *testing.T) {
	skipBoltUnderRace(t, "bolt")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kg")
	s, err := graph.Create(ctx, "bolt", path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.PutMany(ctx, []*kg.Extraction{graphtest.Synthetic(0), graphtest.Synthetic(1)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = graph.Open(ctx, "bolt", path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.QuadCount(ctx); err != nil || n != int64(got[0]+got[1]) {
		t.Errorf("QuadCount() = %d, %v; want %d", n, err, got[0]+got[1])
	}
	if _, err := graph.Create(ctx, "bolt", path); !errors.Is(err, graph.ErrExists) {
		t.Errorf("Create(existing) = %v, want ErrExists", err)
	}
	if _, err := graph.Create(ctx, "memstore", ""); err == nil {
		t.Error("Create(memstore): no error")
	}
}
