package graph

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Batched reads of text, for the API's dataloaders: the evidence of many
// links and the mentions of many entities at once. The index says where
// each is stated; the texts their snippets are cut from are read from the
// store with one query a batch, whatever it holds (see readEvidence).
// Entities and relations need no batch: they are lookups in the index.
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
func (s *Store) EvidenceMany(ctx context.Context, links []kg.Link, limit int) (map[kg.Link][]kg.Evidence, error) {
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("evidence of %d links: %w", len(links), err)
	}
	var nodes []index.EvidenceRef
	var owners []kg.Link
	seen := make(map[kg.Link]bool, len(links))
	for _, l := range links {
		if _, ok := relationPredicate(l.Type); !ok {
			return nil, fmt.Errorf("evidence of %s: unknown relation type", l.Type)
		}
		if seen[l] {
			continue
		}
		seen[l] = true
		for _, r := range first(x.EvidenceOf(l), limit) {
			nodes = append(nodes, r)
			owners = append(owners, l)
		}
	}
	evs, err := s.readEvidence(ctx, x, nodes)
	if err != nil {
		return nil, fmt.Errorf("evidence of %d links: %w", len(links), err)
	}
	out := make(map[kg.Link][]kg.Evidence)
	for i, l := range owners {
		if evs[i].Start >= 0 {
			out[l] = append(out[l], evs[i])
		}
	}
	return out, nil
}

// MentionsMany returns, for each of refs, what Mentions returns for it, the
// first limit of it if limit > 0; an entity never named has no entry.
func (s *Store) MentionsMany(ctx context.Context, refs []kg.EntityRef, limit int) (map[kg.EntityRef][]kg.Evidence, error) {
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("mentions of %d entities: %w", len(refs), err)
	}
	var nodes []index.EvidenceRef
	var owners []kg.EntityRef
	seen := make(map[kg.EntityRef]bool, len(refs))
	for _, r := range refs {
		if seen[r] || !knownKind(r.Kind) {
			continue
		}
		seen[r] = true
		for _, ev := range first(x.MentionsOf(r), limit) {
			nodes = append(nodes, ev)
			owners = append(owners, r)
		}
	}
	evs, err := s.readEvidence(ctx, x, nodes)
	if err != nil {
		return nil, fmt.Errorf("mentions of %d entities: %w", len(refs), err)
	}
	out := make(map[kg.EntityRef][]kg.Evidence)
	for i, r := range owners {
		if evs[i].Start >= 0 {
			out[r] = append(out[r], evs[i])
		}
	}
	return out, nil
}

// EvidenceAt returns the evidence at refs, which x gave (Index.EvidenceOf,
// MentionsOf), in the order of refs, with their text read by one query. A
// ref whose document a write since x replaced or removed comes back with
// Start -1, for the caller to drop: x no longer holds.
func (s *Store) EvidenceAt(ctx context.Context, x *index.Index, refs []index.EvidenceRef) ([]kg.Evidence, error) {
	evs, err := s.readEvidence(ctx, x, refs)
	if err != nil {
		return nil, fmt.Errorf("evidence at %d spans: %w", len(refs), err)
	}
	return evs, nil
}

// first returns the first limit of refs, or all of them if limit <= 0.
func first(refs []index.EvidenceRef, limit int) []index.EvidenceRef {
	if limit > 0 && limit < len(refs) {
		return refs[:limit]
	}
	return refs
}
