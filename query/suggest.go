package query

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Suggestions for a name that names nothing ("did you mean"): the known
// names of the same kind nearest to it, so that a typo (苏洲, 皮肤紫斑) is
// told apart from a name that is known and simply has no answer.

// maxSuggestFor is the longest name suggestions are looked for, in
// characters: longer text is no typo of a name, and comparing it with
// every name would cost its length times theirs.
const maxSuggestFor = 40

// Suggest returns up to n entities of kind whose name or alias is near
// name, nearest first: a homophone (苏洲 for 苏州, or pinyin one letter
// off), then one that contains the name or is contained in it, then by
// edit distance in characters (at most one in three of the name's, and at
// least one); ties go to the entity more documents name, then by name. It
// returns none for a name Find knows.
func (s *Searcher) Suggest(x *index.Index, kind kg.Kind, name string, n int) []kg.EntityRef {
	name = strings.TrimSpace(name)
	size := utf8.RuneCountInString(name)
	if n <= 0 || size == 0 || size > maxSuggestFor || len(Find(x, kind, name)) > 0 {
		return nil
	}
	q, latin := normalize(name)
	typed := charsOf(name)
	limit := max(1, size/3)
	type near struct {
		ref   kg.EntityRef
		score int // 0 homophone, 1 containment, 1+d edit distance d
	}
	best := map[kg.EntityRef]near{}
	for _, f := range s.get(x).forms {
		score := -1
		switch {
		case latin && len(q) >= 4 && distance(q, firstReadings(f.chars)) <= 1,
			!latin && homophone(typed, f.chars):
			score = 0
		case size >= 2 && (strings.Contains(f.text, name) || strings.Contains(name, f.text) && utf8.RuneCountInString(f.text) >= 2):
			score = 1
		default:
			if d := distance(name, f.text); d <= limit {
				score = 1 + d
			}
		}
		if score < 0 {
			continue
		}
		for _, r := range f.refs {
			if r.Kind != kind {
				continue
			}
			if old, ok := best[r]; !ok || score < old.score {
				best[r] = near{r, score}
			}
		}
	}
	all := make([]near, 0, len(best))
	for _, nr := range best {
		all = append(all, nr)
	}
	slices.SortFunc(all, func(a, b near) int {
		return cmp.Or(cmp.Compare(a.score, b.score), -cmp.Compare(x.DocumentCount(a.ref), x.DocumentCount(b.ref)), cmp.Compare(a.ref.Name, b.ref.Name))
	})
	out := make([]kg.EntityRef, 0, min(n, len(all)))
	for _, nr := range all[:min(n, len(all))] {
		out = append(out, nr.ref)
	}
	return out
}

// homophone reports whether two names read alike character by character
// (each pair shares a reading), Han characters at least.
func homophone(a, b [][]string) bool {
	if len(a) != len(b) || len(a) < 2 {
		return false
	}
	for i := range a {
		if !slices.ContainsFunc(a[i], func(r string) bool { return slices.Contains(b[i], r) }) {
			return false
		}
	}
	return true
}

// firstReadings is a name's pinyin in each character's first reading.
func firstReadings(chars [][]string) string {
	var b strings.Builder
	for _, rs := range chars {
		b.WriteString(rs[0])
	}
	return b.String()
}

// distance is the Levenshtein distance between a and b in characters.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > 3 || d < -3 {
		return max(len(ra), len(rb)) // far apart: no need to count
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
