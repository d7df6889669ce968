package resolvers

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers/internal/generated"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// Writer changes the graph for the mutations: Ingest extracts a
// document's text and writes it over the version the store holds (see
// graph.Store.Update), Delete removes a document (graph.Store.Delete, which
// returns graph.ErrNotFound for a document the store does not hold). main
// gives one that extracts with the loader, which resolvers may not import.
type Writer interface {
	Ingest(ctx context.Context, file, text string) (graph.Change, error)
	Delete(ctx context.Context, file string) (graph.Change, error)
}

var (
	// ErrWritesOff is returned by the mutations of a schema without a
	// Writer: the server was started without a write token.
	ErrWritesOff = errors.New("resolvers: writes are off (the server has no write token)")
	// ErrUnauthorized is returned by the mutations when the request was
	// not marked by WithWriteAccess: it lacks the write token.
	ErrUnauthorized = errors.New("resolvers: a mutation needs the header Authorization: Bearer <write token>")
)

// writeAccessKey marks a request that may write.
type writeAccessKey struct{}

// WithWriteAccess returns ctx marked as carrying the write token; the
// server marks requests whose token it has checked.
func WithWriteAccess(ctx context.Context) context.Context {
	return context.WithValue(ctx, writeAccessKey{}, true)
}

func mayWrite(ctx context.Context) bool {
	ok, _ := ctx.Value(writeAccessKey{}).(bool)
	return ok
}

// NewSchemaWriter is NewSchema with mutations that write through w; a nil
// w turns them off (ErrWritesOff).
func NewSchemaWriter(store Store, w Writer) graphql.ExecutableSchema {
	es := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{store: store, searches: &searchCache{}, writer: w}})
	return pricedSchema{withLoaders{es, store}}
}

// writer returns the Writer a mutation may use, or why it may not.
func (r *Resolver) writeAccess(ctx context.Context) (Writer, error) {
	if r.writer == nil {
		return nil, ErrWritesOff
	}
	if !mayWrite(ctx) {
		return nil, ErrUnauthorized
	}
	return r.writer, nil
}

// modelChange maps a graph.Change to the schema's DocumentChange.
func modelChange(c graph.Change) *model.DocumentChange {
	entities := func(refs []graph.EntityRef) []*model.ChangedEntity {
		out := make([]*model.ChangedEntity, len(refs))
		for i, r := range refs {
			out[i] = &model.ChangedEntity{Kind: modelKind(r.Kind), Name: r.Name}
		}
		return out
	}
	return &model.DocumentChange{File: c.File, Added: c.Added, Removed: c.Removed, Entities: entities(c.Entities), Dropped: entities(c.Dropped)}
}
