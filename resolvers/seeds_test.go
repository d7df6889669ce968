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

// TestDivisionCodes: every province and city of the seeds is served with
// its six-digit GB/T 2260 code (江苏 320000, 苏州 320500, a county 320xxx),
// as the schema documents.
func TestDivisionCodes(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	var data struct {
		Provinces struct {
			Edges []struct{ Node struct{ Name, Code string } }
		}
		Cities struct {
			Edges []struct{ Node struct{ Name, Code string } }
		}
	}
	mustDo(t, h, `{ provinces(first: 500) { edges { node { name code } } } cities(first: 500) { edges { node { name code } } } }`, nil, &data)
	codes := map[string]string{}
	for _, e := range append(data.Provinces.Edges, data.Cities.Edges...) {
		if len(e.Node.Code) != 6 {
			t.Errorf("%s: code %q, want six digits", e.Node.Name, e.Node.Code)
		}
		codes[e.Node.Name] = e.Node.Code
	}
	if len(codes) < 10 {
		t.Fatalf("%d places in the seeds; want dozens", len(codes))
	}
	for name, want := range map[string]string{"江苏": "320000", "苏州": "320500"} {
		if codes[name] != want {
			t.Errorf("%s: code %q, want %s", name, codes[name], want)
		}
	}
}
