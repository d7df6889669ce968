package resolvers

import (
	"context"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/medkg/medkg/graph"
)

// Nested fields load through dataloaders, one set per operation. gqlgen
// resolves the fields of a list's elements concurrently; a dataloader
// gathers what they ask within loaderWait and reads it from the store as
// one batch (Store.OutMany, InMany, EntitiesOf).
//
// Batching by time alone splits when the elements take longer than the
// wait to ask (a page of 100 hospitals took 7 to 40 reads, varying from
// run to run), so the loader's key is not one entity's hop but a group's:
// entities listed together (a page of hospitals, a city's hospitals) form
// a group, and the first element to ask for a hop has it read for the
// whole group. The others then share that key, which dataloadgen answers
// from its batch in flight or its cache whenever they ask. A page of 100
// hospitals with their cities, provinces, departments and symptoms is so a
// fixed handful of reads: per level, one per relation asked and one for
// the entities reached.

// loaderWait is how long a loader gathers keys before it reads.
const loaderWait = time.Millisecond

// hopKey asks for the entities one entity links to (out) or is linked from
// by a relation.
type hopKey struct {
	ref graph.EntityRef
	rel graph.RelationType
	out bool
}

// groupKey asks for one hop of every entity of a group.
type groupKey struct {
	group int
	rel   graph.RelationType
	out   bool
}

type loaders struct {
	mu      sync.Mutex
	groupOf map[graph.EntityRef]int // the first group an entity was listed in
	members [][]graph.EntityRef     // by group

	related *dataloadgen.Loader[groupKey, map[graph.EntityRef][]graph.Entity]

	// evidence and mentions batch the text behind relations and names
	// (Store.EvidenceMany, MentionsMany: a fixed number of queries a
	// batch); documents reads each document once an operation.
	evidence  *dataloadgen.Loader[evidenceKey, []graph.Evidence]
	mentions  *dataloadgen.Loader[mentionsKey, []graph.Evidence]
	documents *dataloadgen.Loader[string, graph.Document]
}

func newLoaders(store Store) *loaders {
	l := &loaders{groupOf: make(map[graph.EntityRef]int)}
	l.related = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []groupKey) (map[groupKey]map[graph.EntityRef][]graph.Entity, error) {
		// One read per relation and direction for all the groups' members,
		// then one for every entity reached.
		type hop struct {
			rel graph.RelationType
			out bool
		}
		refs := make(map[hop][]graph.EntityRef)
		for _, k := range keys {
			h := hop{k.rel, k.out}
			refs[h] = append(refs[h], l.group(k.group)...)
		}
		reachedBy := make(map[hop]map[graph.EntityRef][]graph.EntityRef)
		var reached []graph.EntityRef
		seen := make(map[graph.EntityRef]bool)
		for h, rs := range refs {
			read := store.InMany
			if h.out {
				read = store.OutMany
			}
			got, err := read(ctx, rs, h.rel)
			if err != nil {
				return nil, err
			}
			reachedBy[h] = got
			var next []graph.EntityRef
			for _, ts := range got {
				for _, t := range ts {
					if !seen[t] {
						seen[t] = true
						reached = append(reached, t)
						next = append(next, t)
					}
				}
			}
			// What one hop reaches is listed together: the next level
			// (the provinces of these cities) is again one key.
			l.list(next)
		}
		es, err := store.EntitiesOf(ctx, reached)
		if err != nil {
			return nil, err
		}
		result := make(map[groupKey]map[graph.EntityRef][]graph.Entity, len(keys))
		for _, k := range keys {
			got := reachedBy[hop{k.rel, k.out}]
			m := make(map[graph.EntityRef][]graph.Entity)
			for _, r := range l.group(k.group) {
				out := make([]graph.Entity, len(got[r]))
				for i, t := range got[r] {
					e, ok := es[t]
					if !ok {
						// An entity the store lacks (a consistent store
						// has none) is its name only, so that one gap does
						// not void a whole list.
						e = graph.Entity{EntityRef: t}
					}
					out[i] = e
				}
				m[r] = out
			}
			result[k] = m
		}
		return result, nil
	}, dataloadgen.WithWait(loaderWait))
	// The evidence of links and the mentions of entities, by link or
	// entity and how many are asked for: the index knows where each is
	// stated, so a batch is one read of the snippets whatever it holds, and
	// what nobody asks for costs nothing.
	l.evidence = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []evidenceKey) (map[evidenceKey][]graph.Evidence, error) {
		return byLimit(keys, func(k evidenceKey) (graph.Link, int) { return k.link, k.first },
			func(links []graph.Link, limit int) (map[graph.Link][]graph.Evidence, error) {
				return store.EvidenceMany(ctx, links, limit)
			})
	}, dataloadgen.WithWait(loaderWait))
	l.mentions = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []mentionsKey) (map[mentionsKey][]graph.Evidence, error) {
		return byLimit(keys, func(k mentionsKey) (graph.EntityRef, int) { return k.ref, k.first },
			func(refs []graph.EntityRef, limit int) (map[graph.EntityRef][]graph.Evidence, error) {
				return store.MentionsMany(ctx, refs, limit)
			})
	}, dataloadgen.WithWait(loaderWait))
	l.documents = dataloadgen.NewLoader(func(ctx context.Context, files []string) ([]graph.Document, []error) {
		docs := make([]graph.Document, len(files))
		errs := make([]error, len(files))
		for i, f := range files {
			docs[i], errs[i] = store.Document(ctx, f)
		}
		return docs, errs
	}, dataloadgen.WithWait(loaderWait))
	return l
}

// list records entities listed together as a group.
func (l *loaders) list(refs []graph.EntityRef) {
	l.mu.Lock()
	defer l.mu.Unlock()
	g := len(l.members)
	l.members = append(l.members, refs)
	for _, r := range refs {
		if _, ok := l.groupOf[r]; !ok {
			l.groupOf[r] = g
		}
	}
}

// groupFor returns the group of ref, making it one of its own if it was
// never listed.
func (l *loaders) groupFor(ref graph.EntityRef) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if g, ok := l.groupOf[ref]; ok {
		return g
	}
	g := len(l.members)
	l.members = append(l.members, []graph.EntityRef{ref})
	l.groupOf[ref] = g
	return g
}

func (l *loaders) group(g int) []graph.EntityRef {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.members[g]
}

// load returns the entities of one hop.
func (l *loaders) load(ctx context.Context, k hopKey) ([]graph.Entity, error) {
	m, err := l.related.Load(ctx, groupKey{l.groupFor(k.ref), k.rel, k.out})
	if err != nil {
		return nil, err
	}
	return m[k.ref], nil
}

// evidenceKey asks for the first evidence of a link (all if first is 0).
type evidenceKey struct {
	link  graph.Link
	first int
}

// mentionsKey asks for the first mentions of an entity (all if first is 0).
type mentionsKey struct {
	ref   graph.EntityRef
	first int
}

// byLimit reads a batch of keys with one read per limit asked for.
func byLimit[K, T comparable](keys []K, split func(K) (T, int), read func([]T, int) (map[T][]graph.Evidence, error)) (map[K][]graph.Evidence, error) {
	byFirst := make(map[int][]T)
	for _, k := range keys {
		t, n := split(k)
		byFirst[n] = append(byFirst[n], t)
	}
	out := make(map[K][]graph.Evidence, len(keys))
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

// loadEvidence returns the first evidence of a link (all if first is 0).
func (l *loaders) loadEvidence(ctx context.Context, link graph.Link, first int) ([]graph.Evidence, error) {
	return l.evidence.Load(ctx, evidenceKey{link, first})
}

// loadMentions returns the first places an entity is named (all if first
// is 0).
func (l *loaders) loadMentions(ctx context.Context, ref graph.EntityRef, first int) ([]graph.Evidence, error) {
	return l.mentions.Load(ctx, mentionsKey{ref, first})
}

type loadersKey struct{}

// loadersFrom returns the operation's loaders; nil outside an operation.
func loadersFrom(ctx context.Context) *loaders {
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	return l
}

// withLoaders gives every operation its own loaders, so that nothing is
// cached across operations (the store may change between them).
type withLoaders struct {
	graphql.ExecutableSchema
	store Store
}

func (s withLoaders) Exec(ctx context.Context) graphql.ResponseHandler {
	l := newLoaders(s.store)
	next := s.ExecutableSchema.Exec(context.WithValue(ctx, loadersKey{}, l))
	return func(ctx context.Context) *graphql.Response {
		return next(context.WithValue(ctx, loadersKey{}, l))
	}
}
