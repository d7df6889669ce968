package resolvers

import (
	"context"
	"encoding/json"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// ListFanOut is what a list field other than a connection is assumed to hold
// when pricing a query: a hospital's departments, a symptom's hospitals.
const ListFanOut = 10

// pricedSchema prices queries as NewSchema says. The connection's edges
// field is a list too, but its connection has counted it already.
type pricedSchema struct {
	graphql.ExecutableSchema
}

func (s pricedSchema) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	def := s.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	f := def.Fields.ForName(field)
	if f == nil {
		return 0, false
	}
	switch {
	case f.Type.Elem != nil && !strings.HasSuffix(typeName, "Connection"):
		// A list (evidence, mentions) whose first argument caps it.
		n := ListFanOut
		if args["first"] != nil {
			n = pageSize(args["first"])
		}
		return add(1, mul(child, n)), true
	case f.Arguments.ForName("first") != nil:
		n := args["first"]
		if n == nil {
			n = args["last"]
		}
		return add(1, mul(child, pageSize(n))), true
	}
	return add(1, child), true
}

// pageSize is the most edges a connection returns for the argument first.
func pageSize(first any) int {
	n := DefaultPageSize
	switch v := first.(type) {
	case int:
		n = v
	case int64:
		n = int(v)
	case float64:
		n = int(v)
	case json.Number: // variables decoded from a JSON request body
		if i, err := v.Int64(); err == nil {
			n = int(i)
		}
	}
	return max(1, min(n, MaxPageSize))
}

// add and mul saturate, so that a deeply nested query prices at MaxInt
// rather than wrapping round to a small number.
func add(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func mul(a, n int) int {
	if n > 0 && a > math.MaxInt/n {
		return math.MaxInt
	}
	return a * n
}
