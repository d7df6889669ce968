package query

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Search matches what a person types against every name and alias in the
// store's index: as text (exact, prefix, substring, ignoring case) and, for
// Latin text, as pinyin. The pinyin of every name is worked out once per
// index generation and kept beside it (Searcher).

// matchLevel orders matches, best first; the pinyin levels refine PINYIN.
type matchLevel int

const (
	levelExact matchLevel = iota
	levelPrefix
	levelSubstring
	levelPinyinWhole     // the text is the pinyin of the whole name
	levelPinyinPrefix    // … of its start
	levelPinyinSubstring // … of a run of characters inside it
	levelNone
)

// Match is how a search hit matches the text, best first.
type Match int

const (
	MatchExact     Match = iota // the whole name, ignoring case
	MatchPrefix                 // its start
	MatchSubstring              // a part of it
	MatchPinyin                 // its pinyin, full or initials
)

// match returns the Match of a level.
func (l matchLevel) match() Match {
	switch l {
	case levelExact:
		return MatchExact
	case levelPrefix:
		return MatchPrefix
	case levelSubstring:
		return MatchSubstring
	}
	return MatchPinyin
}

// form is one name or alias with what search compares against.
type form struct {
	text  string         // as written
	lower string         // lower-cased
	chars [][]string     // each searchable character's readings: its pinyin, or the character itself
	refs  []kg.EntityRef // the entities it names
	// letters has a bit for each letter and digit in any reading of chars:
	// pinyin text with one outside it cannot match, and is not tried.
	letters uint64
}

// letterMask returns the bits of the ASCII letters and digits in s.
func letterMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z':
			m |= 1 << (c - 'a')
		case c >= '0' && c <= '9':
			m |= 1 << (26 + c - '0')
		}
	}
	return m
}

// searchIndex holds the forms of one index generation.
type searchIndex struct {
	gen   uint64
	forms []form
}

// Searcher searches names. It keeps the pinyin of every name of the
// latest index it searched, worked out once per index generation; one
// Searcher serves every request. Its zero value is ready to use.
type Searcher struct {
	mu  sync.Mutex
	idx *searchIndex
}

// get returns the searchIndex of x.
func (c *Searcher) get(x *index.Index) *searchIndex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idx == nil || c.idx.gen != x.Generation {
		c.idx = newSearchIndex(x, c.idx)
	}
	return c.idx
}

var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Heteronym = true // 重庆 is chongqing, though 重 is mostly zhong
	return a
}()

// readings returns a character's searchable forms: every pinyin reading of a
// Han character, a lower-cased letter or digit as it is, and nothing for
// punctuation and spaces, which search skips.
func readings(r rune) []string {
	if unicode.Is(unicode.Han, r) {
		if ps := pinyin.SinglePinyin(r, pinyinArgs); len(ps) > 0 {
			return slices.Compact(ps)
		}
		return nil
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return []string{string(unicode.ToLower(r))}
	}
	return nil
}

// newSearchIndex makes the searchIndex of x. The readings of a name do not
// change, so those of names prev (an earlier generation's, or nil) has are
// taken from it: after a new document only its new names are read out.
func newSearchIndex(x *index.Index, prev *searchIndex) *searchIndex {
	idx := &searchIndex{gen: x.Generation}
	var known map[string]*form
	if prev != nil {
		known = make(map[string]*form, len(prev.forms))
		for i := range prev.forms {
			known[prev.forms[i].text] = &prev.forms[i]
		}
	}
	for text, refs := range x.Names() {
		if k, ok := known[text]; ok {
			f := *k
			f.refs = refs
			idx.forms = append(idx.forms, f)
			continue
		}
		f := form{text: text, lower: strings.ToLower(text), refs: refs, chars: charsOf(text)}
		for _, rs := range f.chars {
			for _, r := range rs {
				f.letters |= letterMask(r)
			}
		}
		idx.forms = append(idx.forms, f)
	}
	slices.SortFunc(idx.forms, func(a, b form) int { return strings.Compare(a.text, b.text) })
	return idx
}

// normalize lower-cases the text and drops spaces and apostrophes (xi'an).
// latin reports whether it is all ASCII letters and digits, so may be pinyin.
func normalize(text string) (q string, latin bool) {
	var b strings.Builder
	latin = true
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		if unicode.IsSpace(r) || r == '\'' || r == '’' {
			continue
		}
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			latin = false
		}
		b.WriteRune(r)
	}
	return b.String(), latin
}

// pinyinMatch matches q against the characters of a name, each character
// consuming either one of its readings or that reading's first letter (so
// full pinyin, initials and a mix all match), the last one possibly only in
// part. It returns the best level, how many characters the match reads in
// a reading other than their first (育 is yu, rarely zhou: fewer is
// better), and the readings of the matched run.
func pinyinMatch(q string, chars [][]string) (matchLevel, int, []string) {
	type state struct {
		level   matchLevel
		rare    int // readings other than the first on the best path
		reading int // which reading of chars[i] the best path takes
		next    int // query position after it
	}
	memo := make(map[[2]int]state)
	// reach returns how well q[k:] matches from character i on: levelExact
	// if it ends with the last character, levelPrefix if before.
	var reach func(k, i int) state
	reach = func(k, i int) state {
		if k == len(q) {
			if i == len(chars) {
				return state{level: levelExact}
			}
			return state{level: levelPrefix}
		}
		if i == len(chars) {
			return state{level: levelNone}
		}
		key := [2]int{k, i}
		if s, ok := memo[key]; ok {
			return s
		}
		best := state{level: levelNone}
		try := func(sub state, reading, next int) {
			if reading > 0 {
				sub.rare++
			}
			if sub.level < best.level || sub.level == best.level && sub.rare < best.rare {
				best = state{level: sub.level, rare: sub.rare, reading: reading, next: next}
			}
		}
		rest := q[k:]
		for n, r := range chars[i] {
			if strings.HasPrefix(rest, r) {
				try(reach(k+len(r), i+1), n, k+len(r))
			}
			if len(rest) < len(r) && strings.HasPrefix(r, rest) {
				try(state{level: levelPrefix}, n, len(q)) // the text stops inside this syllable
			}
			if len(r) > 1 && rest[0] == r[0] {
				try(reach(k+1, i+1), n, k+1)
			}
		}
		memo[key] = best
		return best
	}
	level, rare, start := levelNone, 0, -1
	for i := range chars {
		s := reach(0, i)
		l := s.level
		switch {
		case l == levelNone:
			continue
		case i > 0:
			l = levelPinyinSubstring
		case l == levelExact:
			l = levelPinyinWhole
		default:
			l = levelPinyinPrefix
		}
		if l < level || l == level && s.rare < rare {
			level, rare, start = l, s.rare, i
		}
	}
	if level == levelNone {
		return levelNone, 0, nil
	}
	var path []string
	for k, i := 0, start; k < len(q) && i < len(chars); i++ {
		s := reach(k, i)
		path = append(path, chars[i][s.reading])
		k = s.next
	}
	return level, rare, path
}

// Find returns the entities of kind that name names: by canonical name or
// alias, or failing that, for Latin text, by the pinyin of a whole name or
// alias in common readings, full or initials (suzhou, sz). A pinyin can fit
// several (suzhou is 苏州 and 宿州): all of them are returned.
func Find(x *index.Index, kind kg.Kind, name string) []kg.EntityRef {
	if refs := x.Lookup(kind, name); len(refs) > 0 {
		return refs
	}
	q, latin := normalize(name)
	if !latin || q == "" {
		return nil
	}
	var out []kg.EntityRef
	for _, ref := range x.Refs(kind) {
		e, _ := x.Entity(ref)
		for _, form := range append([]string{e.Name}, e.Aliases...) {
			if level, rare, _ := pinyinMatch(q, charsOf(form)); level == levelPinyinWhole && rare == 0 {
				out = append(out, ref)
				break
			}
		}
	}
	return out
}

// charsOf returns the searchable characters of a name with their readings.
func charsOf(text string) [][]string {
	var chars [][]string
	for _, r := range text {
		if rs := readings(r); rs != nil {
			chars = append(chars, rs)
		}
	}
	return chars
}

// hit is one entity's best match.
type hit struct {
	ref     kg.EntityRef
	level   matchLevel
	form    string
	pinyin  []string
	rare    int // characters read in a rare reading
	isAlias bool
}

func (h hit) better(o hit) bool { return compareHits(h, o) < 0 }

// key is h's place in compareHits's order as bytes: each entity is hit
// once, so keys are unique.
func (h hit) key() string {
	alias := 0
	if h.isAlias {
		alias = 1
	}
	return fmt.Sprintf("%02d%05d%d%05d%02d%s\x00%s", h.level, h.rare, alias, utf8.RuneCountInString(h.form),
		slices.Index(kg.Kinds, h.ref.Kind), h.ref.Name, h.form)
}

func compareHits(a, b hit) int {
	aliasOrder := func(h hit) int {
		if h.isAlias {
			return 1
		}
		return 0
	}
	return cmp.Or(cmp.Compare(a.level, b.level), cmp.Compare(a.rare, b.rare), cmp.Compare(aliasOrder(a), aliasOrder(b)),
		cmp.Compare(len([]rune(a.form)), len([]rune(b.form))),
		cmp.Compare(slices.Index(kg.Kinds, a.ref.Kind), slices.Index(kg.Kinds, b.ref.Kind)),
		cmp.Compare(a.ref.Name, b.ref.Name), cmp.Compare(a.form, b.form))
}

// Hit is one entity a search text matches, at its best match.
type Hit struct {
	Ref     kg.EntityRef
	Match   Match
	Matched string   // the name or alias matched, as written
	Pinyin  []string // the readings matched, for a pinyin match; else nil
	// Key is the hit's position in the order: hits sort by it as bytes,
	// so a page can start after a key (a keyset cursor).
	Key string
}

// Search returns the first n entities text names (all if n is negative),
// of kinds (any kind if none), best match first: exact, prefix and
// substring matches of any name or alias ignoring case, then, for Latin
// text, pinyin matches (whole name, start, inside), fewer rare readings
// first, then canonical names before aliases, shorter names first, by kind
// and by name.
func (s *Searcher) Search(x *index.Index, text string, kinds []kg.Kind, n int) []Hit {
	q, latin := normalize(text)
	if q == "" || n == 0 {
		return []Hit{}
	}
	want := make(map[kg.Kind]bool)
	for _, k := range kinds {
		want[k] = true
	}
	lowerText := strings.ToLower(strings.TrimSpace(text))
	qLetters := letterMask(q)
	best := make(map[kg.EntityRef]hit)
	for _, f := range s.get(x).forms {
		level := levelNone
		switch {
		case f.lower == lowerText:
			level = levelExact
		case strings.HasPrefix(f.lower, lowerText):
			level = levelPrefix
		case strings.Contains(f.lower, lowerText):
			level = levelSubstring
		}
		var path []string
		rare := 0
		if level == levelNone && latin && qLetters&^f.letters == 0 {
			level, rare, path = pinyinMatch(q, f.chars)
		}
		if level == levelNone {
			continue
		}
		for _, ref := range f.refs {
			if len(want) > 0 && !want[ref.Kind] {
				continue
			}
			h := hit{ref: ref, level: level, form: f.text, pinyin: path, rare: rare, isAlias: f.text != ref.Name}
			if old, ok := best[ref]; !ok || h.better(old) {
				best[ref] = h
			}
		}
	}
	hits := make([]hit, 0, len(best))
	for _, h := range best {
		hits = append(hits, h)
	}
	slices.SortFunc(hits, compareHits)
	if n >= 0 {
		hits = hits[:min(n, len(hits))]
	}
	out := make([]Hit, len(hits))
	for i, h := range hits {
		out[i] = Hit{Ref: h.ref, Match: h.level.match(), Matched: h.form, Pinyin: h.pinyin, Key: h.key()}
	}
	return out
}

// Pinyin returns how name reads, for people who do not read Chinese: each
// Han character in its first (commonest) reading, syllables separated by
// spaces, runs of letters and digits as they are; punctuation is dropped.
// A character with several readings may be read wrong in a name (重庆 is
// chongqing, this says zhong qing); search matches every reading.
func Pinyin(name string) string {
	var words []string
	latin := false
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Han, r):
			if ps := pinyin.SinglePinyin(r, pinyinArgs); len(ps) > 0 {
				words = append(words, ps[0])
			}
			latin = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if latin {
				words[len(words)-1] += string(r)
			} else {
				words = append(words, string(r))
			}
			latin = true
		default:
			latin = false
		}
	}
	return strings.Join(words, " ")
}
