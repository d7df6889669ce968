package resolvers

import (
	"errors"
	"fmt"
	"testing"

	"github.com/medkg/medkg/graph/kg"
)

func TestPage(t *testing.T) {
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("%04d", i)
	}
	ptr := func(n int) *int { return &n }
	cur := func(key string) *string { c := encodeCursor(kg.KindHospital, key); return &c }
	for _, tc := range []struct {
		name       string
		first      *int
		after      *string
		start, end int
		prev, next bool
	}{
		{"DefaultIs50", nil, nil, 0, 50, false, true},
		{"FirstAtTheMaximum", ptr(MaxPageSize), nil, 0, MaxPageSize, false, true},
		{"Zero", ptr(0), nil, 0, 0, false, true},
		{"AfterCursor", ptr(10), cur("0049"), 50, 60, true, true},
		{"LastPage", ptr(10), cur("0994"), 995, 1000, true, false},
		{"AfterTheLast", nil, cur("0999"), 1000, 1000, true, false},
		{"AfterAGoneKeyContinues", ptr(2), cur("0049x"), 50, 52, true, true},
		{"AfterBeforeTheFirst", ptr(2), cur("!"), 0, 2, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start, end, info, err := pageOf(kg.KindHospital, keys, pageArgs{first: tc.first, after: tc.after})
			if err != nil {
				t.Fatal(err)
			}
			if start != tc.start || end != tc.end || info.HasPreviousPage != tc.prev || info.HasNextPage != tc.next {
				t.Errorf("page = [%d,%d) prev %v next %v, want [%d,%d) prev %v next %v",
					start, end, info.HasPreviousPage, info.HasNextPage, tc.start, tc.end, tc.prev, tc.next)
			}
			if (end > start) != (info.StartCursor != nil && info.EndCursor != nil) {
				t.Errorf("cursors %v %v for a page of %d", info.StartCursor, info.EndCursor, end-start)
			}
			if end > start && (*info.StartCursor != *cur(keys[start]) || *info.EndCursor != *cur(keys[end-1])) {
				t.Errorf("cursors do not name the first and last keys")
			}
		})
	}
	for _, tc := range []struct {
		name, arg string
		first     *int
		after     string
	}{
		{"ErrNegativeFirst", "first", ptr(-1), ""},
		{"ErrFirstOverTheMaximum", "first", ptr(MaxPageSize + 1), ""},
		{"ErrNotBase64", "after", nil, "%%%"},
		{"ErrNoKind", "after", nil, "MDA0OQ"},             // "0049"
		{"ErrOtherList", "after", nil, "Q2l0eS_oi4_lt54"}, // "City/苏州"
	} {
		t.Run(tc.name, func(t *testing.T) {
			var after *string
			if tc.after != "" {
				after = &tc.after
			}
			_, _, _, err := pageOf(kg.KindHospital, keys, pageArgs{first: tc.first, after: after})
			var argErr *ArgumentError
			if !errors.As(err, &argErr) || argErr.Arg != tc.arg {
				t.Errorf("err = %v, want an ArgumentError for %s", err, tc.arg)
			}
		})
	}
}

func TestIDs(t *testing.T) {
	for _, id := range []string{"Hospital/苏州大学附属第一医院", "Document/000_3cbbde8086c57167.txt", "Hospital/3201医院 (汉中)/分院"} {
		kind, key, ok := parseID(id)
		if !ok || nodeID(kind, key) != id {
			t.Errorf("parseID(%q) = %q %q %v", id, kind, key, ok)
		}
		if got, err := decodeCursor(kind, encodeCursor(kind, key)); err != nil || got != key {
			t.Errorf("cursor of %q decodes to %q, %v", id, got, err)
		}
	}
	for _, id := range []string{"", "苏州", "/苏州", "City/"} {
		if _, _, ok := parseID(id); ok {
			t.Errorf("parseID(%q) is ok", id)
		}
	}
}
