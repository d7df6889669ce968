// Package loadertest fills stores for tests the way kg serve does: the real
// extractor over the embedded seed documents.
package loadertest

import (
	"context"
	"testing"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/seeds"
)

// LoadSeeds loads the five seed documents into store and fails the test
// unless all of them load.
func LoadSeeds(tb testing.TB, store loader.Store) loader.Summary {
	tb.Helper()
	gaz, err := gazetteer.Load()
	if err != nil {
		tb.Fatal(err)
	}
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		tb.Fatal(err)
	}
	files, err := loader.Files(seeds.FS, ".")
	if err != nil {
		tb.Fatal(err)
	}
	sum, err := loader.New(x, nil).Load(context.Background(), seeds.FS, files, store, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if sum.Documents != len(files) || sum.Failed != 0 {
		tb.Fatalf("loaded %d of %d seed documents (%d failed)", sum.Documents-sum.Failed, len(files), sum.Failed)
	}
	return sum
}
