package resolvers_test

import (
	"net/http"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/loader/loadertest"
	"github.com/medkg/medkg/resolvers"
)

// seededStore returns a bolt store holding the five seed documents, loaded
// by the real loader.
func seededStore(t testing.TB) *graph.Store {
	t.Helper()
	store := graphtest.Open(t)
	loadertest.LoadSeeds(t, store)
	return store
}

// seededHandler serves the schema over the seeds.
func seededHandler(t testing.TB, store resolvers.Store) http.Handler {
	h := handler.New(resolvers.NewSchema(store))
	h.AddTransport(transport.POST{})
	return h
}
