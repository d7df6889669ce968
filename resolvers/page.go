package resolvers

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// Page sizes of the connections: the default of `first`, and its ceiling.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// page picks one page out of keys, which must be sorted and unique: the keys
// after the cursor after (all if nil or empty, as clients that keep the
// last endCursor in a string start), at most first of them (DefaultPageSize
// if nil, MaxPageSize if more). It returns the page as keys[start:end] and its
// page info. It returns an *ArgumentError if first is negative or after is not
// a cursor of kind.
func page(kind graph.Kind, keys []string, first *int, after *string) (start, end int, info *model.PageInfo, err error) {
	n := DefaultPageSize
	if first != nil {
		n = *first
	}
	if n < 0 {
		return 0, 0, nil, &ArgumentError{Arg: "first", Reason: fmt.Sprintf("page size %d is negative", n)}
	}
	n = min(n, MaxPageSize)
	if after != nil && *after != "" {
		key, err := decodeCursor(kind, *after)
		if err != nil {
			return 0, 0, nil, err
		}
		// The first key greater than the cursor's, so that a cursor whose
		// node has gone still continues where it was.
		start = sort.Search(len(keys), func(i int) bool { return keys[i] > key })
	}
	end = min(start+n, len(keys))
	info = &model.PageInfo{HasNextPage: end < len(keys), HasPreviousPage: start > 0}
	if end > start {
		first, last := encodeCursor(kind, keys[start]), encodeCursor(kind, keys[end-1])
		info.StartCursor, info.EndCursor = &first, &last
	}
	return start, end, info, nil
}

// entityPage returns one page of the entities of kind, by name, with the
// total count and page info; see page for first and after.
func (r *Resolver) entityPage(ctx context.Context, kind graph.Kind, first *int, after *string) (es []graph.Entity, total int, info *model.PageInfo, err error) {
	all, err := r.store.Entities(ctx, kind)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("list %s: %w", kind, err)
	}
	// The store lists by name already; sorting again costs little and keeps
	// cursors (which binary-search this order) right whatever it does.
	slices.SortFunc(all, func(a, b graph.Entity) int { return strings.Compare(a.Name, b.Name) })
	keys := make([]string, len(all))
	for i, e := range all {
		keys[i] = e.Name
	}
	start, end, info, err := page(kind, keys, first, after)
	if err != nil {
		return nil, 0, nil, err
	}
	return all[start:end], len(all), info, nil
}

// cursor returns the cursor of an entity's edge.
func cursor(e graph.Entity) string {
	return encodeCursor(e.Kind, e.Name)
}
