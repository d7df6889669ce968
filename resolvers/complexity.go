package resolvers

import (
	"context"
	"encoding/json"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/medkg/medkg/query"
)

// ListFanOut is what a list field other than a connection is assumed to hold
// when pricing a query: a hospital's departments, a symptom's hospitals.
// Lists that hold more than that are held to the answer's size as it is
// resolved (the server's answer budget).
const ListFanOut = 10

// documentFactsCost is the price of Document.facts itself, before what it
// selects: a scan of the whole index.
const documentFactsCost = 2_000

// neighborhoodNodes is what a neighbourhood of so many hops is priced at,
// in nodes: about 30 neighbours a hop, never more than the node limit.
var neighborhoodNodes = [...]int{1: 30, 2: 500, 3: query.MaxNeighborhoodNodes}

// pricedSchema prices queries as NewSchema says: each field 1, a list field
// its children times the length it asks for (first, last, the ids it
// names, a neighbourhood's hops) or, for introspection, times the real
// length of the schema's lists. The connection's edges field is a list
// too, but its connection has counted it already.
type pricedSchema struct {
	graphql.ExecutableSchema
	introspection map[string]int // "__Type.fields": mean length over the schema
}

func newPricedSchema(es graphql.ExecutableSchema) pricedSchema {
	return pricedSchema{ExecutableSchema: es, introspection: introspectionSizes(es.Schema())}
}

func (s pricedSchema) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if n, ok := s.introspection[typeName+"."+field]; ok {
		return add(1, mul(child, n)), true
	}
	def := s.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	f := def.Fields.ForName(field)
	if f == nil {
		return 0, false
	}
	switch {
	case typeName == "Query" && field == "nodes":
		ids, _ := args["ids"].([]any)
		return add(1, mul(child, max(1, len(ids)))), true
	case typeName == "Query" && field == "neighborhood":
		// Its nodes and edges are priced as lists of ListFanOut.
		hops := min(max(intValue(args["hops"], 1), 1), query.MaxNeighborhoodHops)
		return add(1, mul(child, neighborhoodNodes[hops]/ListFanOut)), true
	case typeName == "Query" && field == "paths":
		return add(1, mul(child, query.MaxPaths)), true
	case typeName == "Document" && field == "facts":
		// It reads every fact of the index to find the document's
		// (query.DocumentFacts): one document's view costs what a large
		// page costs, and a page of documents' facts is refused.
		return add(documentFactsCost, mul(child, ListFanOut)), true
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

// introspectionSizes returns the mean length of each introspection list
// over the schema (at least 1): the number of types for __Schema.types,
// the mean number of fields a type has for __Type.fields, and so on, so
// that a query over every type's fields is priced at what it returns.
func introspectionSizes(schema *ast.Schema) map[string]int {
	var types, fields, args, enums, inputs, ifaces, possible int
	for _, t := range schema.Types {
		types++
		switch t.Kind {
		case ast.Object, ast.Interface:
			fields += len(t.Fields)
			ifaces += len(t.Interfaces)
		case ast.Enum:
			enums += len(t.EnumValues)
		case ast.InputObject:
			inputs += len(t.Fields)
		}
		for _, f := range t.Fields {
			args += len(f.Arguments)
		}
		if t.Kind == ast.Interface || t.Kind == ast.Union {
			possible += len(schema.GetPossibleTypes(t))
		}
	}
	dirArgs := 0
	for _, d := range schema.Directives {
		dirArgs += len(d.Arguments)
	}
	mean := func(n, of int) int { return max(1, (n+of-1)/max(1, of)) }
	return map[string]int{
		"__Schema.types":        max(1, types),
		"__Schema.directives":   max(1, len(schema.Directives)),
		"__Type.fields":         mean(fields, types),
		"__Type.enumValues":     mean(enums, types),
		"__Type.inputFields":    mean(inputs, types),
		"__Type.interfaces":     mean(ifaces, types),
		"__Type.possibleTypes":  mean(possible, types),
		"__Field.args":          mean(args, fields),
		"__Directive.args":      mean(dirArgs, len(schema.Directives)),
		"__Directive.locations": 4,
	}
}

// Cost is what an operation asks of the server, measured before it runs.
type Cost struct {
	Complexity int // fields weighted by the list lengths they ask for
	Depth      int // how deep fields nest, not counting introspection or Relay's edges and node
	Fields     int // fields selected, with every fragment spread expanded
	Aliases    int // fields selected under an alias, expanded likewise
}

// Measure returns op's cost under es's pricing (es.Complexity). It reads
// each fragment once however often it is spread, so it takes time linear
// in the document's size, and it saturates rather than overflows.
func Measure(ctx context.Context, es graphql.ExecutableSchema, doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) Cost {
	m := measurer{ctx: ctx, es: es, schema: es.Schema(), vars: vars, frags: doc.Fragments, memo: map[string]*Cost{}}
	return m.set(op.SelectionSet)
}

type measurer struct {
	ctx    context.Context
	es     graphql.ExecutableSchema
	schema *ast.Schema
	vars   map[string]any
	frags  ast.FragmentDefinitionList
	memo   map[string]*Cost // nil value: being measured (a cycle, which validation refuses)
}

func (m *measurer) set(set ast.SelectionSet) Cost {
	var c Cost
	for _, sel := range set {
		var s Cost
		switch sel := sel.(type) {
		case *ast.Field:
			s = m.field(sel)
		case *ast.InlineFragment:
			s = m.set(sel.SelectionSet)
		case *ast.FragmentSpread:
			s = m.fragment(sel.Name)
		}
		c = Cost{
			Complexity: add(c.Complexity, s.Complexity),
			Depth:      max(c.Depth, s.Depth),
			Fields:     add(c.Fields, s.Fields),
			Aliases:    add(c.Aliases, s.Aliases),
		}
	}
	return c
}

func (m *measurer) fragment(name string) Cost {
	if c, seen := m.memo[name]; seen {
		if c == nil {
			return Cost{}
		}
		return *c
	}
	f := m.frags.ForName(name)
	if f == nil {
		return Cost{}
	}
	m.memo[name] = nil
	c := m.set(f.SelectionSet)
	m.memo[name] = &c
	return c
}

func (m *measurer) field(f *ast.Field) Cost {
	child := m.set(f.SelectionSet)
	c := Cost{Fields: add(child.Fields, 1), Aliases: child.Aliases}
	if f.Alias != "" && f.Alias != f.Name {
		c.Aliases = add(c.Aliases, 1)
	}
	switch {
	case strings.HasPrefix(f.Name, "__"): // introspection: not counted, nor what it selects
	case relayWrapper(f):
		c.Depth = child.Depth
	default:
		c.Depth = child.Depth + 1
	}
	c.Complexity = add(1, child.Complexity)
	if f.Definition == nil || f.ObjectDefinition == nil {
		return c
	}
	args := f.ArgumentMap(m.vars)
	owners := []*ast.Definition{f.ObjectDefinition}
	if f.ObjectDefinition.Kind == ast.Interface || f.ObjectDefinition.Kind == ast.Union {
		owners = m.schema.GetPossibleTypes(f.ObjectDefinition) // the dearest of them
	}
	priced := false
	for _, o := range owners {
		if n, ok := m.es.Complexity(m.ctx, o.Name, f.Name, child.Complexity, args); ok && (!priced || n > c.Complexity) {
			c.Complexity, priced = n, true
		}
	}
	return c
}

// relayWrapper reports whether f is a connection's edges or an edge's
// node: the wrappers Relay's convention puts around a list's elements. The
// depth limit counts the data a query nests, so a paginated query
// (province → cities → hospitals, each a connection) counts as deep as the
// same question asked with plain lists.
func relayWrapper(f *ast.Field) bool {
	if f.ObjectDefinition == nil {
		return false
	}
	owner := f.ObjectDefinition.Name
	return f.Name == "edges" && strings.HasSuffix(owner, "Connection") || f.Name == "node" && strings.HasSuffix(owner, "Edge")
}

// pageSize is the most edges a connection returns for the argument first.
func pageSize(first any) int {
	return max(1, min(intValue(first, DefaultPageSize), MaxPageSize))
}

// intValue reads an Int argument as the parser or a JSON body gives it;
// def when it is missing or not a number.
func intValue(v any, def int) int {
	switch v := v.(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		if v >= math.MinInt && v <= math.MaxInt {
			return int(v)
		}
	case json.Number: // variables decoded from a JSON request body
		if i, err := v.Int64(); err == nil {
			return int(i)
		}
	}
	return def
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
