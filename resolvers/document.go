package resolvers

import (
	"context"
	"fmt"
	"slices"

	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// A document's own view: its text, and everything read from it (what the
// explorer's document page shows).

func (r *Resolver) documentText(ctx context.Context, file string) (string, error) {
	x, err := r.index(ctx)
	if err != nil {
		return "", err
	}
	id, ok := x.DocID(file)
	if !ok {
		return "", fmt.Errorf("document %s: not in the store", file)
	}
	return r.store.DocumentText(ctx, x, id)
}

func (r *Resolver) documentFacts(ctx context.Context, file string) ([]*model.DocumentFact, error) {
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	facts, ok := query.DocumentFacts(x, file)
	if !ok {
		return nil, fmt.Errorf("document %s: not in the store", file)
	}
	evs, err := loadersFrom(ctx).spans().LoadAll(ctx, each(facts, func(f query.Fact) spanKey { return spanKey{x, f.Ref} }))
	if err != nil {
		return nil, fmt.Errorf("facts of %s: %w", file, err)
	}
	if slices.ContainsFunc(evs, func(e kg.Evidence) bool { return e.Start < 0 }) {
		return nil, fmt.Errorf("document %s: replaced or removed while it was read", file)
	}
	ms, err := r.evidence(ctx, evs)
	if err != nil {
		return nil, err
	}
	out := make([]*model.DocumentFact, len(facts))
	for i, f := range facts {
		fact := &model.DocumentFact{Evidence: ms[i]}
		if f.Link == nil {
			fact.Entity = modelEntity(x, f.Entity)
		} else {
			rel := model.RelationType(f.Link.Type)
			fact.Relation, fact.From, fact.To = &rel, modelEntity(x, f.Link.From), modelEntity(x, f.Link.To)
		}
		out[i] = fact
	}
	return out, nil
}
