package resolvers

import (
	"context"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// The only reads of the store an operation makes are of text: the snippets
// of evidence and mentions, cut from the documents' texts in the store.
// Everything else (entities, relations, documents) is a lookup in the
// index, which needs no batching. gqlgen resolves the fields of a list's
// elements concurrently; the loaders gather the evidence and mentions they
// ask for within loaderWait and read them as one batch
// (Store.EvidenceMany, MentionsMany: a fixed number of queries a batch,
// whatever it holds), one set of loaders per operation.

// loaderWait is how long a loader gathers keys before it reads.
const loaderWait = time.Millisecond

// loaders are made when first asked for: most operations (a ranking, a
// search) read no evidence, and a loader costs a dozen allocations.
type loaders struct {
	store                                Store
	evidenceOnce, mentionsOnce, spanOnce sync.Once
	evidenceLoader                       *dataloadgen.Loader[evidenceKey, []kg.Evidence]
	mentionsLoader                       *dataloadgen.Loader[mentionsKey, []kg.Evidence]
	spansLoader                          *dataloadgen.Loader[spanKey, kg.Evidence]
}

// spanKey asks for the evidence at one span of the index x, for a page of
// an evidence connection.
type spanKey struct {
	x   *index.Index
	ref index.EvidenceRef
}

// evidenceKey asks for the first evidence of a link (all if first is 0).
type evidenceKey struct {
	link  kg.Link
	first int
}

// mentionsKey asks for the first mentions of an entity (all if first is 0).
type mentionsKey struct {
	ref   kg.EntityRef
	first int
}

func newLoaders(store Store) *loaders { return &loaders{store: store} }

// The index knows where each piece of evidence is stated, so a batch is
// one read of the snippets whatever it holds.

func (l *loaders) evidence() *dataloadgen.Loader[evidenceKey, []kg.Evidence] {
	l.evidenceOnce.Do(func() {
		l.evidenceLoader = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []evidenceKey) (map[evidenceKey][]kg.Evidence, error) {
			return byLimit(keys, func(k evidenceKey) (kg.Link, int) { return k.link, k.first },
				func(links []kg.Link, limit int) (map[kg.Link][]kg.Evidence, error) {
					return l.store.EvidenceMany(ctx, links, limit)
				})
		}, dataloadgen.WithWait(loaderWait))
	})
	return l.evidenceLoader
}

func (l *loaders) mentions() *dataloadgen.Loader[mentionsKey, []kg.Evidence] {
	l.mentionsOnce.Do(func() {
		l.mentionsLoader = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []mentionsKey) (map[mentionsKey][]kg.Evidence, error) {
			return byLimit(keys, func(k mentionsKey) (kg.EntityRef, int) { return k.ref, k.first },
				func(refs []kg.EntityRef, limit int) (map[kg.EntityRef][]kg.Evidence, error) {
					return l.store.MentionsMany(ctx, refs, limit)
				})
		}, dataloadgen.WithWait(loaderWait))
	})
	return l.mentionsLoader
}

func (l *loaders) spans() *dataloadgen.Loader[spanKey, kg.Evidence] {
	l.spanOnce.Do(func() {
		l.spansLoader = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []spanKey) (map[spanKey]kg.Evidence, error) {
			// One read per index: a batch spans a write only rarely.
			byIndex := make(map[*index.Index][]index.EvidenceRef)
			for _, k := range keys {
				byIndex[k.x] = append(byIndex[k.x], k.ref)
			}
			out := make(map[spanKey]kg.Evidence, len(keys))
			for x, refs := range byIndex {
				evs, err := l.store.EvidenceAt(ctx, x, refs)
				if err != nil {
					return nil, err
				}
				for i, ref := range refs {
					out[spanKey{x, ref}] = evs[i]
				}
			}
			return out, nil
		}, dataloadgen.WithWait(loaderWait))
	})
	return l.spansLoader
}

// byLimit reads a batch of keys with one read per limit asked for.
func byLimit[K, T comparable](keys []K, split func(K) (T, int), read func([]T, int) (map[T][]kg.Evidence, error)) (map[K][]kg.Evidence, error) {
	byFirst := make(map[int][]T)
	for _, k := range keys {
		t, n := split(k)
		byFirst[n] = append(byFirst[n], t)
	}
	out := make(map[K][]kg.Evidence, len(keys))
	for n, ts := range byFirst {
		got, err := read(ts, n)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if t, m := split(k); m == n {
				out[k] = got[t]
			}
		}
	}
	return out, nil
}

type loadersKey struct{}

// loadersFrom returns the operation's loaders, which withLoaders gives
// every operation the schema executes.
func loadersFrom(ctx context.Context) *loaders {
	return ctx.Value(loadersKey{}).(*loaders)
}

// withLoaders gives every operation its own loaders, so that nothing is
// cached across operations (the store may change between them), and its
// own list of unknown names (suggest.go).
type withLoaders struct {
	graphql.ExecutableSchema
	store Store
}

func (s withLoaders) Exec(ctx context.Context) graphql.ResponseHandler {
	// Each response gets loaders of its own: a query's deferred parts
	// resolve with the first response's, and each event of a subscription
	// (one operation) reads the store as it is then.
	u := &unknownNames{}
	with := func(ctx context.Context) context.Context {
		return context.WithValue(context.WithValue(ctx, loadersKey{}, newLoaders(s.store)), unknownNamesKey{}, u)
	}
	next := s.ExecutableSchema.Exec(with(ctx))
	return func(ctx context.Context) *graphql.Response {
		return next(with(ctx))
	}
}
