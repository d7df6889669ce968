package loader

import (
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
	forms []form
	ac    ahocorasick.AhoCorasick
}

func newDictionary(forms []form) *dictionary {
	pats := make([]string, len(forms))
	for i, f := range forms {
		pats[i] = f.text
	}
	b := ahocorasick.NewAhoCorasickBuilder(ahocorasick.Opts{MatchKind: ahocorasick.StandardMatch, DFA: true})
	return &dictionary{forms: forms, ac: b.Build(pats)}
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
	pos := runeOffsets(s)
	it := d.ac.IterOverlapping(s)
	for m := it.Next(); m != nil; m = it.Next() {
		out = append(out, match{start: pos[m.Start()], end: pos[m.End()], form: d.forms[m.Pattern()]})
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

// runeOffsets maps each byte offset of s (and len(s)) to a code-point offset.
func runeOffsets(s string) []int {
	pos := make([]int, len(s)+1)
	n := 0
	for i := 0; i < len(s); {
		_, w := utf8.DecodeRuneInString(s[i:])
		for k := 0; k < w; k++ {
			pos[i+k] = n
		}
		i += w
		n++
	}
	pos[len(s)] = n
	return pos
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
	taken := append([]span(nil), blocked...)
	var out []match
	for _, m := range order {
		ok := true
		for _, t := range taken {
			if m.start < t.end && t.start < m.end {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, m)
			taken = append(taken, span{m.start, m.end})
		}
	}
	sortMatches(out)
	return out
}
