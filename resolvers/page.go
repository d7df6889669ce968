package resolvers

import (
	"cmp"
	"fmt"
	"slices"
	"sort"

	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// Page sizes of the connections: the default of `first`, and its ceiling.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// pageArgs are a connection's Relay arguments.
type pageArgs struct {
	first, last   *int
	after, before *string
}

// pageOf picks one page out of keys, which must be sorted and unique, as
// the Relay Cursor Connections spec says: the keys after the cursor after
// and before the cursor before (an empty cursor is none), then the first
// `first` of them, then the last `last` of those. With neither first nor
// last it takes the first DefaultPageSize. It returns an *ArgumentError if
// first or last is negative or over MaxPageSize, or a cursor is not one of
// kind.
func pageOf(kind kg.Kind, keys []string, a pageArgs) (start, end int, info *model.PageInfo, err error) {
	end = len(keys)
	if a.after != nil && *a.after != "" {
		key, err := decodeCursorArg(kind, *a.after, "after")
		if err != nil {
			return 0, 0, nil, err
		}
		// The first key greater than the cursor's, so that a cursor whose
		// node has gone still continues where it was.
		start = sort.Search(len(keys), func(i int) bool { return keys[i] > key })
	}
	if a.before != nil && *a.before != "" {
		key, err := decodeCursorArg(kind, *a.before, "before")
		if err != nil {
			return 0, 0, nil, err
		}
		end = max(start, sort.Search(len(keys), func(i int) bool { return keys[i] >= key }))
	}
	first := a.first
	if first == nil && a.last == nil {
		n := DefaultPageSize
		first = &n
	}
	if first != nil {
		if *first < 0 {
			return 0, 0, nil, &ArgumentError{Arg: "first", Reason: fmt.Sprintf("page size %d is negative", *first)}
		}
		if *first > MaxPageSize {
			return 0, 0, nil, &ArgumentError{Arg: "first", Reason: fmt.Sprintf("page size %d is over the maximum %d", *first, MaxPageSize)}
		}
		end = min(end, start+*first)
	}
	if a.last != nil {
		if *a.last < 0 {
			return 0, 0, nil, &ArgumentError{Arg: "last", Reason: fmt.Sprintf("page size %d is negative", *a.last)}
		}
		if *a.last > MaxPageSize {
			return 0, 0, nil, &ArgumentError{Arg: "last", Reason: fmt.Sprintf("page size %d is over the maximum %d", *a.last, MaxPageSize)}
		}
		start = max(start, end-*a.last)
	}
	info = &model.PageInfo{HasNextPage: end < len(keys), HasPreviousPage: start > 0}
	if end > start {
		first, last := encodeCursor(kind, keys[start]), encodeCursor(kind, keys[end-1])
		info.StartCursor, info.EndCursor = &first, &last
	}
	return start, end, info, nil
}

// pageByKey picks the page a asks for of items in the byte order of their
// keys, which must be unique: the page's items and the cursor of each.
// Every order of every list is such a key (a keyset cursor), so this is
// how all lists page.
func pageByKey[T any](kind kg.Kind, items []T, key func(T) string, a pageArgs) (page []T, cursors []string, info *model.PageInfo, err error) {
	keys := each(items, key)
	order := sortedBy(keys)
	start, end, info, err := pageOf(kind, each(order, func(i int) string { return keys[i] }), a)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, i := range order[start:end] {
		page = append(page, items[i])
		cursors = append(cursors, encodeCursor(kind, keys[i]))
	}
	return page, cursors, info, nil
}

// sortedBy returns the indexes of keys in the keys' byte order.
func sortedBy(keys []string) []int {
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmp.Compare(keys[i], keys[j]) })
	return order
}
