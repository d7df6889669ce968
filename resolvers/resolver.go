// Package resolvers serves the knowledge graph over GraphQL: it implements the
// schema in schema/*.graphqls with gqlgen, reading everything from a Store,
// which *graph.Store satisfies.
//
// The executor and the schema's Go types are generated into internal/generated
// and internal/model (configured by gqlgen.yml at the repository root); the
// *.resolvers.go files, one per schema file, are ours, and the helpers they
// share live in the other files here because gqlgen moves unknown code in
// *.resolvers.go to the end. After changing the schema, run
// `go generate ./resolvers`.
package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
)

//go:generate go run github.com/99designs/gqlgen generate

// Store is what the resolvers read: the graph's structure from its
// in-memory Index (entities, relations, documents, and how well each
// relation is supported), and from the store itself only the text behind
// the facts, cut into snippets.
type Store interface {
	// Index returns the graph's structure in memory, kept up to date by
	// the store's writes.
	Index(ctx context.Context) (*index.Index, error)
	// EvidenceMany and MentionsMany return the text that supports links
	// and names entities, the first limit of each (all if limit is 0).
	EvidenceMany(ctx context.Context, links []kg.Link, limit int) (map[kg.Link][]kg.Evidence, error)
	MentionsMany(ctx context.Context, refs []kg.EntityRef, limit int) (map[kg.EntityRef][]kg.Evidence, error)
	// EvidenceAt returns the text at spans the index x gave, for a page
	// of a connection of evidence; Start is -1 for a span x no longer
	// holds.
	EvidenceAt(ctx context.Context, x *index.Index, refs []index.EvidenceRef) ([]kg.Evidence, error)
	// DocumentText returns the whole text of the document x knows by id.
	DocumentText(ctx context.Context, x *index.Index, id int32) (string, error)
	// Subscribe returns the events of the store's writes from now on,
	// until ctx ends (or the subscriber falls behind: the channel closes).
	Subscribe(ctx context.Context) <-chan graph.DocumentEvent
}

var _ Store = (*graph.Store)(nil)

// Resolver is the root resolver; it holds the store every field reads from.
type Resolver struct {
	store    Store
	searcher *query.Searcher
	writer   Writer // nil: mutations are off
	retries  *retries
}

// NewSchema returns the executable schema over store, to serve with gqlgen's
// handler.New.
//
// It prices queries for a complexity limit (see Measure) by the work they
// can cause rather than by their length. A field costs 1
// plus what it selects, except that a connection (a field with a `first`
// argument) counts its selection once per edge it may return (first: 50 by
// default, at most MaxPageSize), and any other list field counts its
// selection ListFanOut times; nodes(ids:) counts its selection once per id,
// neighborhood by its hops, introspection by the schema's real list
// lengths. So symptom(name: …) { recommendations {
// hospital { name } } } costs 1 + (1 + 10×(1 + 1)) = 22, and
// hospitals(first: 100) { edges { node { name } } } costs
// 1 + 100×(1 + (1 + 1)) = 301.
//
// Structural fields read the store's index; evidence and mentions read
// their text from the store through per-operation dataloaders (see
// loaders.go).
func NewSchema(store Store) graphql.ExecutableSchema { return NewSchemaWriter(store, nil) }
