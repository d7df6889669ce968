package resolvers_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/resolvers"
	"github.com/medkg/medkg/seeds"
)

// seededStore returns a bolt store holding the five seed documents, loaded
// by the real loader.
func seededStore(t testing.TB) *graph.Store {
	t.Helper()
	store := graphtest.Open(t)
	gaz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		t.Fatal(err)
	}
	files, err := loader.Files(seeds.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := loader.New(x, nil).Load(context.Background(), seeds.FS, files, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != 5 || sum.Failed != 0 {
		t.Fatalf("loaded %+v, want the 5 seeds", sum)
	}
	return store
}

// seededHandler serves the schema over the seeds.
func seededHandler(t testing.TB, store resolvers.Store) http.Handler {
	h := handler.New(resolvers.NewSchema(store))
	h.AddTransport(transport.POST{})
	return h
}
