package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"
)

// Batched reads, for the API's dataloaders: what Out, In and Entity answer
// for one entity, answered for many in one Cayley query each. The query
// starts at the fixed set of entity nodes and takes one hop with a
// predicate, which the kv stores answer from their subject+predicate or
// object+predicate+subject index, like the single reads (see read.go).
//
// On bolt, a loop of single-node lookups inside these methods was measured
// faster (BenchmarkHospitalPage in resolvers: 34–37 ms a page against
// 43–49 ms, on the same loaded machine): Cayley 0.7.7 evaluates a path
// from many fixed nodes with tags less efficiently than many small paths.
// They stay one query each so that a batch is one read of the store
// whatever its size, which is what the API's dataloaders promise; postgres,
// which turns a path into one SQL statement (graph/CAYLEY.md), should gain
// the most from that (not measured).

// OutMany returns, for each of froms, what Out(from, rel) returns; an
// entity without such relations has no entry.
func (s *Store) OutMany(ctx context.Context, froms []EntityRef, rel RelationType) (map[EntityRef][]EntityRef, error) {
	return s.hopMany(ctx, froms, rel, true)
}

// InMany returns, for each of tos, what In(to, rel) returns; an entity
// without such relations has no entry.
func (s *Store) InMany(ctx context.Context, tos []EntityRef, rel RelationType) (map[EntityRef][]EntityRef, error) {
	return s.hopMany(ctx, tos, rel, false)
}

func (s *Store) hopMany(ctx context.Context, refs []EntityRef, rel RelationType, out bool) (map[EntityRef][]EntityRef, error) {
	if _, ok := relationPredicate(rel); !ok {
		return nil, fmt.Errorf("%s of %d entities: unknown relation type", rel, len(refs))
	}
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s of %d entities: %w", rel, len(refs), err)
	}
	m := make(map[EntityRef][]EntityRef, len(refs))
	for _, r := range refs {
		hop := x.In(r, rel)
		if out {
			hop = x.Out(r, rel)
		}
		if len(hop) > 0 {
			m[r] = slices.Clone(hop)
		}
	}
	return m, nil
}

// EntitiesOf returns the entities refs name, with their aliases and
// attributes; a ref the store holds no entity for has no entry.
func (s *Store) EntitiesOf(ctx context.Context, refs []EntityRef) (map[EntityRef]Entity, error) {
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("read %d entities: %w", len(refs), err)
	}
	out := make(map[EntityRef]Entity, len(refs))
	for _, r := range refs {
		if e, ok := x.Entity(r); ok {
			out[r] = e
		}
	}
	return out, nil
}

// minNonEmpty returns the smaller of two values, "" counting as none.
func minNonEmpty(a, b string) string {
	if a == "" || b < a {
		return b
	}
	return a
}

// tagPairs runs p, whose start is tagged "from", and calls fn with each
// (from, result) pair, once per path: the same result reached from two
// starts comes once for each.
func (s *Store) tagPairs(ctx context.Context, p *path.Path, fn func(from, to quad.Value)) error {
	err := p.Tag("to").Iterate(ctx).TagValues(s.qs, func(m map[string]quad.Value) {
		if m["from"] != nil && m["to"] != nil {
			fn(m["from"], m["to"])
		}
	})
	if err != nil {
		return err
	}
	return ctx.Err()
}

// EvidenceMany returns, for each link, what Evidence returns for it, the
// first limit of it if limit > 0; a link without evidence has no entry.
// The index says where each link is stated; the texts its snippets are cut
// from are read from the store with one query.
func (s *Store) EvidenceMany(ctx context.Context, links []Link, limit int) (map[Link][]Evidence, error) {
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("evidence of %d links: %w", len(links), err)
	}
	var nodes []EvidenceRef
	var owners []Link
	seen := make(map[Link]bool, len(links))
	for _, l := range links {
		if _, ok := relationPredicate(l.Type); !ok {
			return nil, fmt.Errorf("evidence of %s: unknown relation type", l.Type)
		}
		if seen[l] {
			continue
		}
		seen[l] = true
		for _, r := range first(x.evidenceOf(l), limit) {
			nodes = append(nodes, r)
			owners = append(owners, l)
		}
	}
	evs, err := s.readEvidence(ctx, x, nodes)
	if err != nil {
		return nil, fmt.Errorf("evidence of %d links: %w", len(links), err)
	}
	out := make(map[Link][]Evidence)
	for i, l := range owners {
		if evs[i].Start >= 0 {
			out[l] = append(out[l], evs[i])
		}
	}
	return out, nil
}

// MentionsMany returns, for each of refs, what Mentions returns for it, the
// first limit of it if limit > 0; an entity never named has no entry.
func (s *Store) MentionsMany(ctx context.Context, refs []EntityRef, limit int) (map[EntityRef][]Evidence, error) {
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("mentions of %d entities: %w", len(refs), err)
	}
	var nodes []EvidenceRef
	var owners []EntityRef
	seen := make(map[EntityRef]bool, len(refs))
	for _, r := range refs {
		if seen[r] || !knownKind(r.Kind) {
			continue
		}
		seen[r] = true
		for _, ev := range first(x.mentionsOf(r), limit) {
			nodes = append(nodes, ev)
			owners = append(owners, r)
		}
	}
	evs, err := s.readEvidence(ctx, x, nodes)
	if err != nil {
		return nil, fmt.Errorf("mentions of %d entities: %w", len(refs), err)
	}
	out := make(map[EntityRef][]Evidence)
	for i, r := range owners {
		if evs[i].Start >= 0 {
			out[r] = append(out[r], evs[i])
		}
	}
	return out, nil
}

// first returns the first limit of refs, or all of them if limit <= 0.
func first(refs []EvidenceRef, limit int) []EvidenceRef {
	if limit > 0 && limit < len(refs) {
		return refs[:limit]
	}
	return refs
}
