package resolvers

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/99designs/gqlgen/graphql"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
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
	// ErrNotWritten wraps the context's error when a mutation's time ran
	// out (or its client went) before the write began: nothing was
	// written.
	ErrNotWritten = errors.New("resolvers: the request ended before the write began; nothing was written")
)

// Retries are remembered this long and at most this many at a time.
const (
	retryTTL   = 24 * time.Hour
	maxRetries = 10_000
)

// retries remembers the answers of mutations sent with an idempotency key,
// so that a client that lost an answer can retry without writing twice.
type retries struct {
	answers *expirable.LRU[string, *attempt]
	mu      sync.Mutex // orders a lookup before the attempt it records
}

// attempt is one mutation under a key: its arguments' fingerprint and,
// once done is closed, its answer.
type attempt struct {
	args   [sha256.Size]byte
	done   chan struct{}
	change graph.Change
	err    error
}

func newRetries() *retries {
	return &retries{answers: expirable.NewLRU[string, *attempt](maxRetries, nil, retryTTL)}
}

// write runs a mutation honestly: if ctx has ended before it begins, it
// writes nothing and says so (ErrNotWritten); once begun it runs to the end
// whatever happens to ctx, so that its answer tells what it did. With a
// key, a retry of the same arguments waits for and gets the first
// attempt's answer instead of writing again; the same key with other
// arguments is refused. Failures other than the client's (ArgumentError,
// graph.ErrNotFound) are not remembered, so that a retry tries again.
func (r *Resolver) write(ctx context.Context, key *string, args []string, fn func(context.Context) (graph.Change, error)) (graph.Change, error) {
	if key == nil {
		return writeOnce(ctx, fn)
	}
	if *key == "" || len(*key) > 200 {
		return graph.Change{}, &ArgumentError{Arg: "idempotencyKey", Reason: "must be 1 to 200 bytes"}
	}
	h := sha256.New()
	for _, a := range args {
		fmt.Fprintf(h, "%d:%s", len(a), a)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])

	r.retries.mu.Lock()
	prev, ok := r.retries.answers.Get(*key)
	if !ok {
		prev = &attempt{args: sum, done: make(chan struct{})}
		r.retries.answers.Add(*key, prev)
	}
	r.retries.mu.Unlock()
	if ok {
		if prev.args != sum {
			return graph.Change{}, &ArgumentError{Arg: "idempotencyKey", Reason: "already used for a mutation with other arguments"}
		}
		select {
		case <-prev.done:
			return prev.change, prev.err
		case <-ctx.Done():
			return graph.Change{}, fmt.Errorf("%w: %w", ErrNotWritten, ctx.Err())
		}
	}
	prev.change, prev.err = writeOnce(ctx, fn)
	var argErr *ArgumentError
	if prev.err != nil && !errors.As(prev.err, &argErr) && !errors.Is(prev.err, graph.ErrNotFound) {
		r.retries.mu.Lock()
		r.retries.answers.Remove(*key)
		r.retries.mu.Unlock()
	}
	close(prev.done)
	return prev.change, prev.err
}

// writeOnce runs fn unless ctx has already ended, on a context that its
// deadline and cancellation do not reach.
func writeOnce(ctx context.Context, fn func(context.Context) (graph.Change, error)) (graph.Change, error) {
	if err := ctx.Err(); err != nil {
		return graph.Change{}, fmt.Errorf("%w: %w", ErrNotWritten, err)
	}
	return fn(context.WithoutCancel(ctx))
}

// writeAccessKey marks a request that may write.
type writeAccessKey struct{}

// WithWriteAccess returns ctx marked as carrying the write token; the
// server marks requests whose token it has checked.
func WithWriteAccess(ctx context.Context) context.Context {
	return context.WithValue(ctx, writeAccessKey{}, true)
}

// HasWriteAccess reports whether ctx was marked by WithWriteAccess.
func HasWriteAccess(ctx context.Context) bool {
	ok, _ := ctx.Value(writeAccessKey{}).(bool)
	return ok
}

// NewSchemaWriter is NewSchema with mutations that write through w; a nil
// w turns them off (ErrWritesOff).
func NewSchemaWriter(store Store, w Writer) graphql.ExecutableSchema {
	es := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{store: store, searcher: &query.Searcher{}, writer: w, retries: newRetries()}})
	return newPricedSchema(withLoaders{es, store})
}

// writer returns the Writer a mutation may use, or why it may not.
func (r *Resolver) writeAccess(ctx context.Context) (Writer, error) {
	if r.writer == nil {
		return nil, ErrWritesOff
	}
	if !HasWriteAccess(ctx) {
		return nil, ErrUnauthorized
	}
	return r.writer, nil
}

// changedEntities maps refs to the schema's ChangedEntity.
func changedEntities(refs []kg.EntityRef) []*model.ChangedEntity {
	return each(refs, func(r kg.EntityRef) *model.ChangedEntity {
		return &model.ChangedEntity{Kind: modelKind(r.Kind), Name: r.Name}
	})
}

// modelChange maps a graph.Change to the schema's DocumentChange.
func modelChange(c graph.Change) *model.DocumentChange {
	return &model.DocumentChange{File: c.File, Added: c.Added, Removed: c.Removed, Entities: changedEntities(c.Entities), Dropped: changedEntities(c.Dropped)}
}
