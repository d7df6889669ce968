package resolvers

import (
	"context"
	"strings"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/query"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// matchTypes maps query.Match to the schema's MatchType.
var matchTypes = [...]model.MatchType{
	query.MatchExact:     model.MatchTypeExact,
	query.MatchPrefix:    model.MatchTypePrefix,
	query.MatchSubstring: model.MatchTypeSubstring,
	query.MatchPinyin:    model.MatchTypePinyin,
}

// search finds the entities text names; see the schema and query.Search.
func (r *Resolver) search(ctx context.Context, text string, kinds []model.EntityKind, first *int) ([]*model.SearchHit, error) {
	n, err := limit(first, 20)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return []*model.SearchHit{}, nil // nothing to search for: no need of the index
	}
	x, err := r.index(ctx)
	if err != nil {
		return nil, err
	}
	hits := r.searcher.Search(x, text, each(kinds, kindOf), n)
	return each(hits, func(h query.Hit) *model.SearchHit { return searchHit(x, h) }), nil
}

func searchHit(x *index.Index, h query.Hit) *model.SearchHit {
	sh := &model.SearchHit{Kind: modelKind(h.Ref.Kind), Entity: modelEntity(x, h.Ref), Match: matchTypes[h.Match], Matched: h.Matched}
	if h.Pinyin != nil {
		sh.Pinyin = optional(strings.Join(h.Pinyin, " "))
	}
	return sh
}
