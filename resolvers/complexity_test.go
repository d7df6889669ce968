package resolvers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"github.com/medkg/medkg/resolvers"
)

func measure(t *testing.T, query string, vars map[string]any) resolvers.Cost {
	t.Helper()
	es := resolvers.NewSchema(nil)
	doc, err := gqlparser.LoadQuery(es.Schema(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return resolvers.Measure(context.Background(), es, doc, doc.Operations[0], vars)
}

func TestComplexity(t *testing.T) {
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
		// Each id is a node to resolve.
		{`{ nodes(ids: ["City/苏州", "City/无锡", "City/常州"]) { id } }`, 1 + 3*1},
		// A neighbourhood is priced by its hops: its nodes and edges lists
		// at 30, 500 and 1000 entities.
		{`{ neighborhood(id: "City/苏州") { nodes { id } } }`, 1 + 3*(1+10*1)},
		{`{ neighborhood(id: "City/苏州", hops: 3) { nodes { id } } }`, 1 + 100*(1+10*1)},
		// Every alias counts.
		{`{ a: symptom(name: "皮肤紫癜") { name } b: symptom(name: "头痛") { name } }`, 4},
		// Introspection counts, by the schema's real list lengths.
		{`{ __schema { queryType { name } } }`, 3},
	} {
		if got := measure(t, tc.query, nil).Complexity; got != tc.want {
			t.Errorf("%s costs %d, want %d", tc.query, got, tc.want)
		}
	}

	// The ids of a variable count as well as literal ones.
	q := `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`
	if got := measure(t, q, map[string]any{"ids": []any{"City/苏州", "City/无锡"}}).Complexity; got != 3 {
		t.Errorf("nodes of 2 ids in a variable cost %d, want 3", got)
	}

	// Every type's fields cost about what they return: more than the
	// number of types, less than types × the largest type's fields.
	types := measure(t, `{ __schema { types { name } } }`, nil).Complexity
	fields := measure(t, `{ __schema { types { fields { name } } } }`, nil).Complexity
	if types < 50 || fields < 2*types || fields > 40*types {
		t.Errorf("__schema types cost %d and their fields %d", types, fields)
	}
}

// TestMeasureCounts counts fields, aliases and depth with fragments
// expanded, and reads each fragment once: a query whose fragments each
// spread the next twice, 60 deep, is measured at once, saturating instead
// of overflowing.
func TestMeasureCounts(t *testing.T) {
	c := measure(t, `query { a: symptom(name: "皮肤紫癜") { ...S } b: symptom(name: "头痛") { ...S } } fragment S on Symptom { name n: name }`, nil)
	if c.Fields != 6 || c.Aliases != 4 || c.Depth != 2 {
		t.Errorf("got %+v, want 6 fields, 4 aliases, depth 2", c)
	}
	if c := measure(t, `{ __schema { types { fields { type { ofType { name } } } } } }`, nil); c.Depth != 0 {
		t.Errorf("introspection counted in depth: %+v", c)
	}
	// Relay's wrappers are not data: the same question as connections and
	// as plain lists nests as deep.
	paged := measure(t, `{ provinces(first: 2) { edges { node { citiesConnection(first: 2) { edges { node {
	  hospitalsConnection(first: 2) { totalCount pageInfo { hasNextPage } edges { cursor node { name } } } } } } } } } }`, nil)
	plain := measure(t, `{ province(name: "江苏") { cities { hospitals { name } } } }`, nil)
	if paged.Depth != 5 || plain.Depth != 4 {
		t.Errorf("depth: paged %d (want 5: provinces, citiesConnection, hospitalsConnection, pageInfo, hasNextPage), plain %d (want 4)", paged.Depth, plain.Depth)
	}

	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	const n = 60
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { provinces(first: 1) { totalCount } }\n", n)
	c = measure(t, b.String(), nil)
	if c.Fields < 1<<40 || c.Complexity < 1<<40 {
		t.Errorf("2^%d fields measured as %+v", n, c)
	}
}
