package index

import (
	"hash/maphash"
	"iter"
	"maps"
	"slices"
)

// cowMap is an immutable map kept in shards, so that a changed copy costs
// the shards that change rather than the whole map: the index of 10,000
// documents has hundreds of thousands of links, and one new document
// touches a few hundred of them (see Index.apply).
type cowMap[K comparable, V any] struct {
	seed   maphash.Seed
	shards []map[K]V // shardCount of them, each nil or never written again
	n      int
}

const shardCount = 1024

func newCowMap[K comparable, V any](seed maphash.Seed) cowMap[K, V] {
	return cowMap[K, V]{seed: seed, shards: make([]map[K]V, shardCount)}
}

func (m cowMap[K, V]) shard(k K) int {
	return int(maphash.Comparable(m.seed, k) % shardCount)
}

// Get returns the value of k.
func (m cowMap[K, V]) Get(k K) (V, bool) {
	v, ok := m.shards[m.shard(k)][k]
	return v, ok
}

// Len returns the number of keys.
func (m cowMap[K, V]) Len() int { return m.n }

// All yields every key and value, in no order.
func (m cowMap[K, V]) All() iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for _, s := range m.shards {
			for k, v := range s {
				if !yield(k, v) {
					return
				}
			}
		}
	}
}

// edit returns an editor of a copy of m; m itself does not change.
func (m cowMap[K, V]) edit() *cowEdit[K, V] {
	c := m
	c.shards = slices.Clone(m.shards)
	return &cowEdit[K, V]{m: c, owned: make([]bool, shardCount)}
}

// cowEdit changes a copy of a cowMap, copying each shard the first time it
// writes to it.
type cowEdit[K comparable, V any] struct {
	m     cowMap[K, V]
	owned []bool
	hint  int // the size to give a new shard
}

// sizeHint says that about n keys will be set, so that new shards are
// made big enough at once (a store's first index sets every key).
func (e *cowEdit[K, V]) sizeHint(n int) { e.hint = n/shardCount + n/(4*shardCount) }

func (e *cowEdit[K, V]) Get(k K) (V, bool) { return e.m.Get(k) }

func (e *cowEdit[K, V]) own(i int) map[K]V {
	if !e.owned[i] {
		e.owned[i] = true
		if e.m.shards[i] == nil {
			e.m.shards[i] = make(map[K]V, e.hint)
		} else {
			e.m.shards[i] = maps.Clone(e.m.shards[i])
		}
	}
	return e.m.shards[i]
}

// Set sets the value of k.
func (e *cowEdit[K, V]) Set(k K, v V) {
	s := e.own(e.m.shard(k))
	if _, ok := s[k]; !ok {
		e.m.n++
	}
	s[k] = v
}

// Delete removes k.
func (e *cowEdit[K, V]) Delete(k K) {
	i := e.m.shard(k)
	if _, ok := e.m.shards[i][k]; !ok {
		return
	}
	delete(e.own(i), k)
	e.m.n--
}

// Done returns the changed copy; the editor must not be used after.
func (e *cowEdit[K, V]) Done() cowMap[K, V] { return e.m }
