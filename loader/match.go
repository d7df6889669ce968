package loader

import (
	"slices"
	"sort"
	"unicode/utf8"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"
)

// termKind says which vocabulary a dictionary form belongs to.
type termKind int

const (
	termPlace termKind = iota
	termDepartment
	termPolicy
	termSymptom
)

// A form is one surface string the dictionary matcher looks for.
type form struct {
	text string
	kind termKind
	key  string // canonical name (departments, policies, symptoms) or the form itself (places)
}

// dictionary finds every occurrence of a fixed set of forms in a text.
// It reports all overlapping matches; callers choose among them.
type dictionary struct {
	forms    []form
	ac       ahocorasick.AhoCorasick
	byText   map[string][]int // the forms of each text, for prefixes
	firsts   map[rune]bool    // the runes forms start with
	maxRunes int              // the longest form's length in code points
}

func newDictionary(forms []form) *dictionary {
	d := &dictionary{forms: forms, byText: make(map[string][]int, len(forms)), firsts: map[rune]bool{}}
	pats := make([]string, len(forms))
	for i, f := range forms {
		pats[i] = f.text
		r, _ := utf8.DecodeRuneInString(f.text)
		d.firsts[r] = true
		d.byText[f.text] = append(d.byText[f.text], i)
		d.maxRunes = max(d.maxRunes, utf8.RuneCountInString(f.text))
	}
	b := ahocorasick.NewAhoCorasickBuilder(ahocorasick.Opts{MatchKind: ahocorasick.StandardMatch, DFA: true})
	d.ac = b.Build(pats)
	return d
}

// prefixes returns the matches that start s, longest first: what find
// returns at 0, without scanning the rest of s (a hospital's name is
// looked at once for every place it may open with).
func (d *dictionary) prefixes(s string) []match {
	var out []match
	if r, _ := utf8.DecodeRuneInString(s); !d.firsts[r] {
		return out
	}
	n := 0
	for i := range s {
		if i > 0 {
			for _, k := range d.byText[s[:i]] {
				out = append(out, match{start: 0, end: n, form: d.forms[k]})
			}
		}
		if n++; n > d.maxRunes {
			break
		}
	}
	if n <= d.maxRunes && s != "" {
		for _, k := range d.byText[s] {
			out = append(out, match{start: 0, end: n, form: d.forms[k]})
		}
	}
	slices.Reverse(out)
	return out
}

// match is a dictionary hit in code points, relative to the searched text.
type match struct {
	start, end int
	form       form
}

// find returns every match in s, in code points, sorted by start then by
// decreasing length.
func (d *dictionary) find(s string) []match {
	var out []match
	if s == "" {
		return out
	}
	pos := newRuneCounter(s)
	it := d.ac.IterOverlapping(s)
	for m := it.Next(); m != nil; m = it.Next() {
		start := pos.at(m.Start())
		out = append(out, match{start: start, end: pos.at(m.End()), form: d.forms[m.Pattern()]})
	}
	sortMatches(out)
	return out
}

func sortMatches(ms []match) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].start != ms[j].start {
			return ms[i].start < ms[j].start
		}
		return ms[i].end > ms[j].end
	})
}

// runeCounter converts byte offsets of s to code-point offsets, moving
// from the last offset asked for: matches come roughly in order, so this
// costs the distance between them, not a table of every byte (an 8 MB page
// would need 64 MB).
type runeCounter struct {
	s    string
	b, r int // the last byte offset asked for, and its code-point offset
}

func newRuneCounter(s string) *runeCounter { return &runeCounter{s: s} }

// at returns the code-point offset of byte offset b.
func (c *runeCounter) at(b int) int {
	if b >= c.b {
		c.r += utf8.RuneCountInString(c.s[c.b:b])
	} else {
		c.r -= utf8.RuneCountInString(c.s[b:c.b])
	}
	c.b = b
	return c.r
}

// longestFirst keeps a set of non-overlapping matches, preferring longer
// ones, then earlier ones. blocked spans (e.g. hospital names) suppress any
// match that overlaps them.
func longestFirst(ms []match, blocked []span) []match {
	order := append([]match(nil), ms...)
	sort.SliceStable(order, func(i, j int) bool {
		li, lj := order[i].end-order[i].start, order[j].end-order[j].start
		if li != lj {
			return li > lj
		}
		return order[i].start < order[j].start
	})
	// Which code points are taken: a match costs its length to check, so
	// a line of 100,000 names is not quadratic.
	size := 0
	for _, m := range ms {
		size = max(size, m.end)
	}
	taken := make([]bool, size)
	for _, b := range blocked {
		for i := max(b.start, 0); i < min(b.end, size); i++ {
			taken[i] = true
		}
	}
	var out []match
	for _, m := range order {
		if slices.Contains(taken[m.start:m.end], true) {
			continue
		}
		out = append(out, m)
		for i := m.start; i < m.end; i++ {
			taken[i] = true
		}
	}
	sortMatches(out)
	return out
}
