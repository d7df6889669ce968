package resolvers_test

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/vektah/gqlparser/v2"

	"github.com/medkg/medkg/resolvers"
)

func TestComplexity(t *testing.T) {
	es := resolvers.NewSchema(nil)
	for _, tc := range []struct {
		query string
		want  int
	}{
		{`{ symptom(name: "皮肤紫癜") { name } }`, 2},
		{`{ symptom(name: "皮肤紫癜") { recommendations { hospital { name } } } }`, 1 + (1 + 10*(1+1))},
		{`{ hospitals(first: 100) { edges { node { name } } } }`, 1 + 100*(1+(1+1))},
		{`{ hospitals { totalCount } }`, 1 + 50*1},
		{`{ hospitals(first: 100000) { totalCount } }`, 1 + 500*1},
		{`{ node(id: "City/苏州") { ... on City { hospitals { name } } } }`, 1 + (1 + 10*1)},
	} {
		doc, err := gqlparser.LoadQuery(es.Schema(), tc.query)
		if err != nil {
			t.Fatalf("%s: %v", tc.query, err)
		}
		if got := complexity.Calculate(context.Background(), es, doc.Operations[0], nil); got != tc.want {
			t.Errorf("%s costs %d, want %d", tc.query, got, tc.want)
		}
	}
}
