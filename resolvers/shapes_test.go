package resolvers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Consistent shapes (issue 15, item 6): every top-level list takes the same
// filter logic and an order; the capped lists have connections next to
// them with a total count and cursors.

// rawConnection is a page of any connection, its nodes left as JSON.
type rawConnection struct {
	TotalCount int
	Edges      []struct {
		Cursor string
		Node   json.RawMessage
	}
	PageInfo struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
}

// field returns the rawConnection at the end of path in data, e.g.
// ["hospital", "mentionsConnection"].
func field(t *testing.T, data json.RawMessage, path ...string) rawConnection {
	t.Helper()
	data = walk(t, data, path)
	var c rawConnection
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("rawConnection %s: %v", data, err)
	}
	return c
}

// nodeStrings returns one string field of each node of the page.
func (c rawConnection) nodeStrings(name string) []string {
	out := make([]string, len(c.Edges))
	for i, e := range c.Edges {
		var n map[string]any
		json.Unmarshal(e.Node, &n)
		out[i], _ = n[name].(string)
	}
	return out
}

// nodes returns the page's nodes as JSON strings.
func (c rawConnection) nodes() []string {
	out := make([]string, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = string(e.Node)
	}
	return out
}

// pageAll pages through the rawConnection q selects (at path, with $first and
// $after, and vars), size at a time, and returns every node and the total
// count of each page.
func pageAll(t *testing.T, h http.Handler, q string, vars map[string]any, size int, path ...string) (all []string, totals []int) {
	t.Helper()
	var after any
	for range 100 {
		v := map[string]any{"first": size, "after": after}
		for k, x := range vars {
			v[k] = x
		}
		var data json.RawMessage
		mustDo(t, h, q, v, &data)
		c := field(t, data, path...)
		if len(c.Edges) > size {
			t.Fatalf("page of %d edges for first: %d", len(c.Edges), size)
		}
		all, totals = append(all, c.nodes()...), append(totals, c.TotalCount)
		if !c.PageInfo.HasNextPage {
			return all, totals
		}
		after = *c.PageInfo.EndCursor
	}
	t.Fatal("more than 100 pages")
	return nil, nil
}

// list returns the plain list at path in what q answers.
func list(t *testing.T, h http.Handler, q string, vars map[string]any, path ...string) []string {
	t.Helper()
	var data json.RawMessage
	mustDo(t, h, q, vars, &data)
	data = walk(t, data, path)
	var xs []json.RawMessage
	if err := json.Unmarshal(data, &xs); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	return each(xs, func(x json.RawMessage) string { return string(x) })
}

func each[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// Each capped list has a rawConnection that pages through the same entries in
// the same order, with a total count that is the whole list's length.
func TestCountedConnections(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	const ev = `document { file } itemTitle date snippet start end method`
	for _, c := range []struct {
		name       string
		list, conn string // the list with first: 500, the rawConnection with $first and $after
		vars       map[string]any
		listPath   []string
		connPath   []string
	}{
		{"search", `query($t: String!) { search(text: $t, first: 500) { kind matched match entity { id } } }`,
			`query($t: String!, $first: Int, $after: String) { searchConnection(text: $t, first: $first, after: $after) { totalCount edges { cursor node { kind matched match entity { id } } } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"t": "苏州"}, []string{"search"}, []string{"searchConnection"}},
		{"search by pinyin", `query($t: String!) { search(text: $t, first: 500) { kind matched pinyin entity { id } } }`,
			`query($t: String!, $first: Int, $after: String) { searchConnection(text: $t, first: $first, after: $after) { totalCount edges { cursor node { kind matched pinyin entity { id } } } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"t": "sz"}, []string{"search"}, []string{"searchConnection"}},
		{"recommend", `query($s: String!) { recommend(symptom: $s, first: 500) { rank hospital { name } documents items } }`,
			`query($s: String!, $first: Int, $after: String) { recommendConnection(symptom: $s, first: $first, after: $after) { totalCount edges { cursor node { rank hospital { name } documents items } } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"s": "皮肤紫癜"}, []string{"recommend"}, []string{"recommendConnection"}},
		{"mentions", `query($n: String!) { hospital(name: $n) { mentions { ` + ev + ` } } }`,
			`query($n: String!, $first: Int, $after: String) { hospital(name: $n) { mentionsConnection(first: $first, after: $after) { totalCount edges { cursor node { ` + ev + ` } } pageInfo { hasNextPage endCursor } } } }`,
			map[string]any{"n": "苏州大学附属第一医院"}, []string{"hospital", "mentions"}, []string{"hospital", "mentionsConnection"}},
		{"mentions of a city", `query($n: String!) { city(name: $n) { mentions { ` + ev + ` } } }`,
			`query($n: String!, $first: Int, $after: String) { city(name: $n) { mentionsConnection(first: $first, after: $after) { totalCount edges { cursor node { ` + ev + ` } } pageInfo { hasNextPage endCursor } } } }`,
			map[string]any{"n": "苏州"}, []string{"city", "mentions"}, []string{"city", "mentionsConnection"}},
		{"evidence of a link", `{ links(filter: {hospital: "南通大学附属医院", symptom: "发烧"}) { edges { node { evidence { ` + ev + ` } } } } }`,
			`query($first: Int, $after: String) { links(filter: {hospital: "南通大学附属医院", symptom: "发烧"}) { edges { node { evidenceConnection(first: $first, after: $after) { totalCount edges { cursor node { ` + ev + ` } } pageInfo { hasNextPage endCursor } } } } } }`,
			nil, []string{"links", "edges", "0", "node", "evidence"}, []string{"links", "edges", "0", "node", "evidenceConnection"}},
		{"evidence of a hospital's department", `{ hospital(name: "苏州大学附属第一医院") { departmentsConnection { edges { node { name } evidence { ` + ev + ` } } } } }`,
			`query($first: Int, $after: String) { hospital(name: "苏州大学附属第一医院") { departmentsConnection { edges { node { name } evidenceConnection(first: $first, after: $after) { totalCount edges { cursor node { ` + ev + ` } } pageInfo { hasNextPage endCursor } } } } } }`,
			nil, []string{"hospital", "departmentsConnection", "edges", "3", "evidence"}, []string{"hospital", "departmentsConnection", "edges", "3", "evidenceConnection"}},
		{"a symptom's recommendations", `query($n: String!) { symptom(name: $n) { recommendations { hospital { name } symptom { name } } } }`,
			`query($n: String!, $first: Int, $after: String) { symptom(name: $n) { recommendationsConnection(first: $first, after: $after) { totalCount edges { cursor node { hospital { name } symptom { name } } } pageInfo { hasNextPage endCursor } } } }`,
			map[string]any{"n": "皮肤紫癜"}, []string{"symptom", "recommendations"}, []string{"symptom", "recommendationsConnection"}},
		{"a hospital's recommendations", `query($n: String!) { hospital(name: $n) { recommendations { hospital { name } symptom { name } } } }`,
			`query($n: String!, $first: Int, $after: String) { hospital(name: $n) { recommendationsConnection(first: $first, after: $after) { totalCount edges { cursor node { hospital { name } symptom { name } } } pageInfo { hasNextPage endCursor } } } }`,
			map[string]any{"n": "苏州大学附属第一医院"}, []string{"hospital", "recommendations"}, []string{"hospital", "recommendationsConnection"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := list(t, h, c.list, c.vars, c.listPath...)
			size := max(1, min(len(want)/2, 5)) // at least two pages
			if len(want) < 2 {
				t.Fatalf("only %d entries: the test needs a list of several pages", len(want))
			}
			got, totals := pageAll(t, h, c.conn, c.vars, size, c.connPath...)
			if !slices.Equal(got, want) {
				t.Errorf("paged by %d:\n%v\nwant the list:\n%v", size, got, want)
			}
			for _, n := range totals {
				if n != len(want) {
					t.Errorf("totalCount %d on a page, want %d", n, len(want))
				}
			}
		})
	}

	t.Run("backwards", func(t *testing.T) {
		q := `query($last: Int, $before: String) { hospital(name: "苏州大学附属第一医院") { mentionsConnection(last: $last, before: $before) { totalCount edges { node { start } } pageInfo { hasPreviousPage startCursor } } } }`
		var all []string
		var before any
		for range 100 {
			var data json.RawMessage
			mustDo(t, h, q, map[string]any{"last": 3, "before": before}, &data)
			c := field(t, data, "hospital", "mentionsConnection")
			all = append(c.nodes(), all...)
			if !c.PageInfo.HasPreviousPage {
				break
			}
			before = *c.PageInfo.StartCursor
		}
		forward, _ := pageAll(t, h, `query($first: Int, $after: String) { hospital(name: "苏州大学附属第一医院") { mentionsConnection(first: $first, after: $after) { totalCount edges { node { start } } pageInfo { hasNextPage endCursor } } } }`, nil, 3, "hospital", "mentionsConnection")
		if !slices.Equal(all, forward) {
			t.Errorf("backwards by 3: %v\nforwards: %v", all, forward)
		}
	})

	t.Run("a symptom's recommendations take first", func(t *testing.T) {
		got := list(t, h, `{ symptom(name: "皮肤紫癜") { recommendations(first: 2) { hospital { name } } } }`, nil, "symptom", "recommendations")
		all := list(t, h, `{ symptom(name: "皮肤紫癜") { recommendations { hospital { name } } } }`, nil, "symptom", "recommendations")
		if len(got) != 2 || !slices.Equal(got, all[:2]) {
			t.Errorf("first 2: %v, of %v", got, all)
		}
	})

	t.Run("a cursor of one rawConnection is refused by another", func(t *testing.T) {
		var data json.RawMessage
		mustDo(t, h, `{ hospital(name: "苏州大学附属第一医院") { mentionsConnection(first: 1) { pageInfo { endCursor } } } }`, nil, &data)
		c := field(t, data, "hospital", "mentionsConnection")
		errs := do(t, h, `query($a: String) { searchConnection(text: "苏州", after: $a) { totalCount } }`, map[string]any{"a": *c.PageInfo.EndCursor}, nil)
		if len(errs) != 1 || !strings.Contains(errs[0].Message, "invalid argument after") {
			t.Errorf("errors %+v, want one refusing the argument after", errs)
		}
	})
}

// walk returns what path names in data: a key of an object, or an index
// of an array ("0").
func walk(t *testing.T, data json.RawMessage, path []string) json.RawMessage {
	t.Helper()
	for _, p := range path {
		if i, err := strconv.Atoi(p); err == nil {
			var xs []json.RawMessage
			if err := json.Unmarshal(data, &xs); err != nil || i >= len(xs) {
				t.Fatalf("[%d] in %s: %v", i, data, err)
			}
			data = xs[i]
			continue
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s in %s: %v", p, data, err)
		}
		data = m[p]
	}
	return data
}

// setOf runs a hospitals query with filter f and returns the names, sorted.
func setOf(t *testing.T, h http.Handler, listField, filterType string, f any) []string {
	t.Helper()
	q := fmt.Sprintf(`query($f: %s) { %s(filter: $f, first: 500) { totalCount edges { node { ... on Node { id } } } } }`, filterType, listField)
	var data json.RawMessage
	mustDo(t, h, q, map[string]any{"f": f}, &data)
	c := field(t, data, listField)
	if c.TotalCount != len(c.Edges) {
		t.Fatalf("%s %v: totalCount %d, %d edges", listField, f, c.TotalCount, len(c.Edges))
	}
	out := c.nodeStrings("id")
	sort.Strings(out)
	return out
}

func reversed(xs []string) []string {
	out := slices.Clone(xs)
	slices.Reverse(out)
	return out
}

func union(a, b []string) []string { return sortedSet(append(slices.Clone(a), b...)) }

func minus(a, b []string) []string {
	return slices.DeleteFunc(slices.Clone(a), func(s string) bool { return slices.Contains(b, s) })
}

func intersect(a, b []string) []string {
	return slices.DeleteFunc(slices.Clone(a), func(s string) bool { return !slices.Contains(b, s) })
}

func sortedSet(xs []string) []string {
	sort.Strings(xs)
	return slices.Compact(xs)
}

// AND, OR and NOT combine filters as sets do, on every top-level list; in
// lists names; the bounds hold.
func TestFilterLogic(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	for _, c := range []struct {
		list, filterType string
		a, b             map[string]any // two filters that overlap
	}{
		{"hospitals", "HospitalFilter", map[string]any{"province": "江苏"}, map[string]any{"symptom": "皮肤紫癜"}},
		{"cities", "CityFilter", map[string]any{"province": "江苏"}, map[string]any{"level": "COUNTY"}},
		{"symptoms", "SymptomFilter", map[string]any{"city": "苏州"}, map[string]any{"nameContains": "紫癜"}},
		{"provinces", "ProvinceFilter", map[string]any{"in": []string{"江苏", "浙江", "shandong"}}, map[string]any{"nameContains": "江"}},
		{"departments", "DepartmentFilter", map[string]any{"hospital": "苏州大学附属第一医院"}, map[string]any{"nameContains": "内科"}},
		{"policies", "InsurancePolicyFilter", map[string]any{"nameContains": "医保"}, map[string]any{"in": []string{"居民医保", "大病保险"}}},
		{"documents", "DocumentFilter", map[string]any{"titleContains": "医保卡"}, map[string]any{"dateFrom": "2025-04-01"}},
	} {
		t.Run(c.list, func(t *testing.T) {
			all := setOf(t, h, c.list, c.filterType, nil)
			a, b := setOf(t, h, c.list, c.filterType, c.a), setOf(t, h, c.list, c.filterType, c.b)
			if len(a) == 0 || len(b) == 0 || len(a) == len(all) || len(intersect(a, b)) == 0 || len(intersect(a, b)) == len(a) {
				t.Fatalf("the filters do not overlap in part: %d of %d and %d, %d in both; choose others", len(a), len(all), len(b), len(intersect(a, b)))
			}
			for name, want := range map[string][]string{
				"OR":           union(a, b),
				"AND":          intersect(a, b),
				"NOT":          minus(all, a),
				"AND NOT":      minus(a, b),
				"empty OR":     nil,
				"NOT of empty": nil,
				"nested":       union(minus(a, b), minus(b, a)),
			} {
				f := map[string]map[string]any{
					"OR":           {"OR": []any{c.a, c.b}},
					"AND":          {"AND": []any{c.a, c.b}},
					"NOT":          {"NOT": c.a},
					"AND NOT":      {"AND": []any{c.a, map[string]any{"NOT": c.b}}},
					"empty OR":     {"OR": []any{}},
					"NOT of empty": {"NOT": map[string]any{}},
					"nested":       {"OR": []any{map[string]any{"AND": []any{c.a, map[string]any{"NOT": c.b}}}, map[string]any{"AND": []any{c.b, map[string]any{"NOT": c.a}}}}},
				}[name]
				if got := setOf(t, h, c.list, c.filterType, f); !slices.Equal(got, want) {
					t.Errorf("%s %v: %v, want %v", name, f, got, want)
				}
			}
		})
	}

	t.Run("in names by name, alias or pinyin", func(t *testing.T) {
		got := setOf(t, h, "hospitals", "HospitalFilter", map[string]any{"in": []string{"苏州市立医院", "常州二院", "火星医院"}})
		if want := []string{"Hospital/常州市第二人民医院", "Hospital/苏州市立医院"}; !slices.Equal(got, want) {
			t.Errorf("in: %v, want %v", got, want)
		}
		got = setOf(t, h, "cities", "CityFilter", map[string]any{"in": []string{"suzhou", "常州市"}})
		if len(minus(got, []string{"City/宿州", "City/常州", "City/苏州"})) > 0 || !slices.Contains(got, "City/苏州") || !slices.Contains(got, "City/常州") {
			t.Errorf("in: %v, want 苏州 and 常州 (and 宿州 if the seeds name it)", got)
		}
	})

	t.Run("documents mentioning an entity", func(t *testing.T) {
		var data struct {
			Hospital struct {
				Mentions []struct{ Document struct{ ID string } }
			}
		}
		mustDo(t, h, `{ hospital(name: "苏州市立医院") { mentions { document { id } } } }`, nil, &data)
		want := sortedSet(each(data.Hospital.Mentions, func(m struct{ Document struct{ ID string } }) string { return m.Document.ID }))
		if got := setOf(t, h, "documents", "DocumentFilter", map[string]any{"mentions": "Hospital/苏州市立医院"}); len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("documents mentioning 苏州市立医院: %v, want %v", got, want)
		}
	})

	t.Run("links", func(t *testing.T) {
		total := func(f any) int {
			var data struct{ Links struct{ TotalCount int } }
			mustDo(t, h, `query($f: LinkFilter) { links(filter: $f) { totalCount } }`, map[string]any{"f": f}, &data)
			return data.Links.TotalCount
		}
		sz, cz := total(map[string]any{"city": "苏州"}), total(map[string]any{"city": "常州"})
		if sz == 0 || cz == 0 {
			t.Fatalf("苏州 %d, 常州 %d links: the test needs both", sz, cz)
		}
		if got := total(map[string]any{"OR": []any{map[string]any{"city": "苏州"}, map[string]any{"city": "常州"}}}); got != sz+cz {
			t.Errorf("苏州 OR 常州: %d links, want %d + %d", got, sz, cz)
		}
		all := total(nil)
		if got := total(map[string]any{"NOT": map[string]any{"city": "苏州"}}); got != all-sz {
			t.Errorf("NOT 苏州: %d links, want %d - %d", got, all, sz)
		}
		sym := total(map[string]any{"symptomIn": []string{"皮肤紫癜"}})
		if got := total(map[string]any{"symptom": "皮肤紫癜"}); sym == 0 || got != sym {
			t.Errorf("symptomIn [皮肤紫癜]: %d links, symptom 皮肤紫癜: %d", sym, got)
		}
	})

	t.Run("an unknown name under OR is still suggested", func(t *testing.T) {
		data, errs, sugs := answer(t, h, `{ hospitals(filter: {OR: [{city: "苏州"}, {city: "苏洲"}]}) { totalCount } }`)
		if errs != 0 || data == `{"hospitals":{"totalCount":0}}` {
			t.Fatalf("answer %s with %d errors, want 苏州's hospitals", data, errs)
		}
		if len(sugs) != 1 || sugs[0].Argument != "filter.OR[1].city" || !slices.Contains(sugs[0].Suggestions, "苏州") {
			t.Errorf("suggestions %+v, want 苏州 for filter.OR[1].city", sugs)
		}
	})

	t.Run("bounds", func(t *testing.T) {
		deep := map[string]any{"city": "苏州"}
		for range 5 {
			deep = map[string]any{"NOT": deep}
		}
		many := make([]string, 101)
		for i := range many {
			many[i] = fmt.Sprintf("医院%d", i)
		}
		for name, f := range map[string]any{"6 deep": deep, "101 names": map[string]any{"in": many}} {
			errs := do(t, h, `query($f: HospitalFilter) { hospitals(filter: $f) { totalCount } }`, map[string]any{"f": f}, nil)
			if len(errs) != 1 || !strings.Contains(errs[0].Message, "invalid argument filter") {
				t.Errorf("%s: errors %+v, want one refusing the filter", name, errs)
			}
		}
	})
}

// Every top-level list takes orderBy, and pages in that order.
func TestEveryListOrders(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	for _, c := range []struct{ list, order, node, key string }{
		{"provinces", "EntityOrder", "name", "name"},
		{"departments", "EntityOrder", "name", "name"},
		{"policies", "EntityOrder", "name", "name"},
		{"documents", "DocumentOrder", "file title date", "file"},
	} {
		t.Run(c.list, func(t *testing.T) {
			q := fmt.Sprintf(`query($o: %s, $first: Int, $after: String) { %s(orderBy: $o, first: $first, after: $after) { totalCount edges { node { %s } } pageInfo { hasNextPage endCursor } } }`, c.order, c.list, c.node)
			asc, _ := pageAll(t, h, q, nil, 500, c.list)
			desc, _ := pageAll(t, h, q, map[string]any{"o": map[string]any{"direction": "DESC"}}, 3, c.list)
			if len(asc) < 2 || !slices.Equal(desc, reversed(asc)) {
				t.Errorf("DESC by 3: %v\nwant ASC reversed: %v", desc, asc)
			}
			if c.list == "documents" {
				for _, field := range []string{"TITLE", "DATE"} {
					got, _ := pageAll(t, h, q, map[string]any{"o": map[string]any{"field": field, "direction": "DESC"}}, 7, c.list)
					keys := each(got, func(n string) string {
						var d struct{ File, Title, Date string }
						json.Unmarshal([]byte(n), &d)
						return map[string]string{"TITLE": d.Title, "DATE": d.Date}[field] + "\x00" + d.File
					})
					if len(got) != len(asc) || !slices.IsSortedFunc(keys, func(a, b string) int { return strings.Compare(b, a) }) {
						t.Errorf("by %s DESC: %d documents, not in order: %v", field, len(got), keys)
					}
				}
			}
		})
	}
}

// A document's view: its whole text, and every fact read from it with a
// span that cuts exactly its snippet out of that text.
func TestDocumentFacts(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	const file = "000_3cbbde8086c57167.txt"
	type entity struct{ ID, Name string }
	var data struct {
		Document struct {
			Text  string
			Facts []struct {
				Relation         *string
				Entity, From, To *entity
				Evidence         struct {
					Start, End int
					Snippet    string
				}
			}
		}
		Hospital struct {
			Mentions []struct{ Document struct{ File string } }
		}
	}
	mustDo(t, h, `query($f: String!) { document(file: $f) { text facts { relation entity { id name } from { id name } to { id name } evidence { start end snippet } } }
		hospital(name: "苏州大学附属第一医院") { mentions { document { file } } } }`, map[string]any{"f": file}, &data)
	text := []rune(data.Document.Text)
	if len(text) < 1000 {
		t.Fatalf("text of %d characters", len(text))
	}
	var recommended bool
	mentions, prev := 0, -1
	for _, f := range data.Document.Facts {
		ev := f.Evidence
		if ev.Start < prev || ev.End > len(text) || string(text[ev.Start:ev.End]) != ev.Snippet {
			t.Fatalf("fact %+v: out of order or its snippet is not text[%d:%d]", f, ev.Start, ev.End)
		}
		prev = ev.Start
		switch {
		case f.Relation == nil && (f.Entity == nil || f.From != nil):
			t.Errorf("a mention without its entity: %+v", f)
		case f.Relation != nil && (f.From == nil || f.To == nil || f.Entity != nil):
			t.Errorf("a relation without its ends: %+v", f)
		}
		if f.Entity != nil && f.Entity.Name == "苏州大学附属第一医院" {
			mentions++
		}
		if f.Relation != nil && *f.Relation == "RECOMMENDED_FOR" && f.From.Name == "苏州大学附属第一医院" && f.To.Name == "皮肤紫癜" {
			recommended = true
		}
	}
	want := 0
	for _, m := range data.Hospital.Mentions {
		if m.Document.File == file {
			want++
		}
	}
	if !recommended || want == 0 || mentions != want {
		t.Errorf("苏州大学附属第一医院 → 皮肤紫癜 found: %v; mentions of the hospital among the facts %d, its own mentions in the document %d", recommended, mentions, want)
	}
}

// Every list a relation gives takes the filter of its kind: in keeps
// those named, NOT leaves them out, whatever the list.
func TestNestedFilters(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	for _, c := range []struct {
		owner, name, field, filter string
	}{
		{"hospital", "苏州大学附属第一医院", "departmentsConnection", "DepartmentFilter"},
		{"hospital", "苏州大学附属第一医院", "recommendedForConnection", "SymptomFilter"},
		{"hospital", "伊宁市人民医院", "citiesConnection", "CityFilter"},
		{"department", "神经内科", "hospitalsConnection", "HospitalFilter"},
		{"department", "神经内科", "symptomsConnection", "SymptomFilter"},
		{"symptom", "皮肤紫癜", "hospitalsConnection", "HospitalFilter"},
		{"symptom", "皮肤紫癜", "departmentsConnection", "DepartmentFilter"},
		{"city", "苏州", "hospitalsConnection", "HospitalFilter"},
		{"province", "江苏", "citiesConnection", "CityFilter"},
		{"province", "江苏", "hospitalsConnection", "HospitalFilter"},
		{"policy", "家庭共济", "regionsConnection", "RegionFilter"},
	} {
		t.Run(c.owner+"."+c.field, func(t *testing.T) {
			q := fmt.Sprintf(`query($n: String!, $f: %s) { %s(name: $n) { %s(filter: $f, first: 500) { totalCount edges { node { ... on Entity { name } } } } } }`, c.filter, c.owner, c.field)
			names := func(f any) []string {
				var data json.RawMessage
				mustDo(t, h, q, map[string]any{"n": c.name, "f": f}, &data)
				conn := field(t, data, c.owner, c.field)
				return conn.nodeStrings("name")
			}
			all := names(nil)
			if len(all) < 2 {
				t.Fatalf("%s of %s: %v; the test needs two or more", c.field, c.name, all)
			}
			picked := []string{all[0], all[len(all)-1]}
			if got := names(map[string]any{"in": picked}); !slices.Equal(got, picked) {
				t.Errorf("in %v: %v", picked, got)
			}
			if got := names(map[string]any{"NOT": map[string]any{"in": picked}}); !slices.Equal(got, all[1:len(all)-1]) {
				t.Errorf("NOT in %v: %v, want %v", picked, got, all[1:len(all)-1])
			}
		})
	}
	t.Run("recommendations filtered by the other end", func(t *testing.T) {
		var data struct {
			Symptom struct {
				RecommendationsConnection struct {
					TotalCount int
					Edges      []struct {
						Node struct{ Hospital struct{ Name string } }
					}
				}
			}
			Recommend []struct{ Hospital struct{ Name string } }
		}
		mustDo(t, h, `{ symptom(name: "皮肤紫癜") { recommendationsConnection(filter: {city: "苏州"}) { totalCount edges { node { hospital { name } } } } }
			recommend(symptom: "皮肤紫癜", city: "苏州") { hospital { name } } }`, nil, &data)
		got := each(data.Symptom.RecommendationsConnection.Edges, func(e struct {
			Node struct{ Hospital struct{ Name string } }
		}) string {
			return e.Node.Hospital.Name
		})
		want := sortedSet(each(data.Recommend, func(r struct{ Hospital struct{ Name string } }) string { return r.Hospital.Name }))
		if len(want) == 0 || !slices.Equal(got, want) || data.Symptom.RecommendationsConnection.TotalCount != len(want) {
			t.Errorf("皮肤紫癜's recommendations in 苏州: %v, want %v", got, want)
		}
	})
	t.Run("an unknown name in a nested filter is suggested", func(t *testing.T) {
		_, errs, sugs := answer(t, h, `{ province(name: "江苏") { hospitalsConnection(filter: {city: "苏洲"}) { totalCount } } }`)
		if errs != 0 || len(sugs) != 1 || sugs[0].Argument != "filter.city" || sugs[0].Path != "province.hospitalsConnection" || !slices.Contains(sugs[0].Suggestions, "苏州") {
			t.Errorf("%d errors, suggestions %+v", errs, sugs)
		}
	})
}
