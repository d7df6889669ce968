package loader

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/lexicon"
)

// authority is the hospital authority file (lexicon/hospitals) ready for
// matching: each hospital's place, and dictionaries of the names to look
// for in text.
type authority struct {
	file   *lexicon.Hospitals
	gaz    *gazetteer.Gazetteer
	places map[*lexicon.Hospital]*gazetteer.Place
	names  *dictionary // names and aliases that end like a hospital's name
	locals *dictionary // local names (省人民医院, 市一院)
}

func newAuthority(gaz *gazetteer.Gazetteer) (*authority, error) {
	hs, err := lexicon.LoadHospitals()
	if err != nil {
		return nil, err
	}
	a := &authority{file: hs, gaz: gaz, places: map[*lexicon.Hospital]*gazetteer.Place{}}
	var names, locals []form
	for _, h := range hs.List {
		p, err := lexicon.CityOf(gaz, h)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", h.File, h.Line, err)
		}
		a.places[h] = p
		for _, f := range h.Forms() {
			// Bare brands (湘雅, 北京协和) and campus forms are resolved
			// when the grammar finds them, not looked for on their own.
			if hospitalEnding(f) && !strings.HasSuffix(f, "院区") {
				names = append(names, form{text: f, key: h.Name})
			}
		}
		for _, f := range h.LocalNames {
			locals = append(locals, form{text: f, key: f})
		}
	}
	a.names, a.locals = newDictionary(names), newDictionary(locals)
	return a, nil
}

// hospitalEnding reports whether a name ends as hospitals' names do.
func hospitalEnding(s string) bool {
	for _, sfx := range append([]string{"院"}, hospitalSuffixes...) {
		if strings.HasSuffix(s, sfx) {
			return true
		}
	}
	return strings.HasSuffix(s, "中心")
}

// resolve returns the hospital a name found by the grammar stands for: the
// name with its campus (山东大学齐鲁医院青岛院区 is its own hospital), the
// name as written, or its canonical form.
func (a *authority) resolve(m hospitalMention) *lexicon.Hospital {
	for _, s := range []string{m.surface + m.campus, m.surface, m.key} {
		if h := a.file.Lookup(s); h != nil {
			return h
		}
	}
	return a.placeAndName(m)
}

// placeAndName resolves a name written as a place and then a short or
// local name of a hospital of that place (牡丹江红旗医院: 牡丹江 and
// 红旗医院, a local name in 牡丹江). Nil unless exactly one fits.
func (a *authority) placeAndName(m hospitalMention) *lexicon.Hospital {
	if len(m.places) == 0 || m.campus != "" {
		return nil
	}
	rs := []rune(m.surface)
	var found *lexicon.Hospital
	for k := 2; k+2 < len(rs); k++ {
		rest := string(rs[k:])
		cands := a.file.LookupLocal(rest)
		if h := a.file.Lookup(rest); h != nil {
			cands = append(cands, h)
		}
		for _, h := range cands {
			if !a.inPlaces(h, m.places) {
				continue
			}
			if found != nil && found != h {
				return nil
			}
			found = h
		}
		if found != nil {
			return found
		}
	}
	return nil
}

// branchPlaces returns where a branch of parent is, from the places its
// name gives: a county written short is read as one only in the parent's
// province (宁夏…人民医院宁南医院: southern Ningxia, not 四川's 宁南县); a
// city anywhere (桂林).
func (a *authority) branchPlaces(parent *lexicon.Hospital, branch string, places []*gazetteer.Place) []*gazetteer.Place {
	if at := a.places[parent]; at != nil && len(places) == 1 && places[0].Level == gazetteer.County &&
		!strings.HasPrefix(branch, places[0].Name) && a.gaz.Province(places[0]) != a.gaz.Province(at) {
		return nil
	}
	return places
}

// overlaps reports whether [start, end) overlaps one of spans.
func overlaps(spans []span, start, end int) bool {
	for _, s := range spans {
		if start < s.end && s.start < end {
			return true
		}
	}
	return false
}

// placesFit reports whether h can be in the places written before its name:
// each is h's city, the prefecture or province of h's city, or h's place is
// not known.
func (a *authority) placesFit(h *lexicon.Hospital, places []*gazetteer.Place) bool {
	at := a.places[h]
	if h == nil || at == nil {
		return h != nil
	}
	for _, q := range places {
		if q != at && q != a.gaz.Prefecture(at) && q != a.gaz.Province(at) {
			return false
		}
	}
	return true
}

// inPlaces reports whether h is in one of places, or in a county of one.
func (a *authority) inPlaces(h *lexicon.Hospital, places []*gazetteer.Place) bool {
	p := a.places[h]
	for _, q := range places {
		if p == q || p != nil && a.gaz.Prefecture(p) == q {
			return true
		}
	}
	return false
}

// local picks the one hospital a local name (省人民医院, 市一院) means on a
// page: the one whose city (or, for a provincial name, whose province) the
// unit's title names, else the document. Nil when none or several fit.
func (a *authority) local(gaz *gazetteer.Gazetteer, name string, title []*gazetteer.Place, doc string) *lexicon.Hospital {
	cands := a.file.LookupLocal(name)
	fits := func(h *lexicon.Hospital, named func(p *gazetteer.Place) bool) bool {
		p := a.places[h]
		if strings.HasPrefix(name, "省") {
			return named(gaz.Province(p))
		}
		return named(p) || named(gaz.Prefecture(p))
	}
	for _, named := range []func(p *gazetteer.Place) bool{
		func(p *gazetteer.Place) bool {
			for _, t := range title {
				// 省妇幼 on a page titled 泉州…: 福建's.
				if p != nil && (t == p || p.Level == gazetteer.Province && gaz.Province(t) == p) {
					return true
				}
			}
			return false
		},
		func(p *gazetteer.Place) bool { return p != nil && namedInText(doc, p.Name) },
	} {
		var hit []*lexicon.Hospital
		for _, h := range cands {
			if fits(h, named) {
				hit = append(hit, h)
			}
		}
		if len(hit) == 1 {
			return hit[0]
		}
		if len(hit) > 1 {
			return nil
		}
	}
	return nil
}

// withAuthority resolves the hospitals the grammar found in one segment
// through the authority file, and adds the ones the file knows that the
// grammar missed (湘雅医院 in running text, 南大一附院, and local names such
// as 省人民医院 where the page names the place).
func (st *docState) withAuthority(seg []rune, text string, hs []hospitalMention, ctx unitContext) []hospitalMention {
	a := st.x.authority
	known := a.names.find(text)
	knownAt := map[int][]match{}
	for _, hit := range known {
		knownAt[hit.start] = append(knownAt[hit.start], hit)
	}
	knownEnd := map[int][]match{}
	for _, hit := range known {
		knownEnd[hit.end] = append(knownEnd[hit.end], hit)
	}
	for k := range hs {
		m := &hs[k]
		// 南京军区福州总医院: a known name that starts before the one the
		// grammar read (福州总医院) is the hospital meant.
		for _, hit := range knownEnd[m.end] {
			if hit.start < m.start && (k == 0 || hs[k-1].start < 0 || hit.start >= hs[k-1].end) {
				m.start, m.surface, m.key, m.places = hit.start, hit.form.text, hit.form.key, nil
			}
		}
		// 复旦大学附属中山医院厦门医院: a known name that goes on past the
		// one the grammar read is the hospital meant.
		for _, hit := range knownAt[m.start] {
			if hit.end > m.end && (k+1 == len(hs) || hit.end <= hs[k+1].end) {
				if k+1 < len(hs) && hs[k+1].start < hit.end {
					hs[k+1].start = -1 // swallowed by this one
				}
				m.end, m.surface, m.key, m.campus = hit.end, hit.form.text, hit.form.key, ""
			}
		}
		if m.branch != "" && a.file.Lookup(m.surface) == nil {
			// A branch the file does not know: named after its parent's
			// canonical name (华西二院青白江妇女儿童医院 is
			// 四川大学华西第二医院青白江妇女儿童医院), never the parent.
			parent := *m
			parent.surface, parent.key, parent.places = strings.TrimSuffix(m.surface, m.branch), strings.TrimSuffix(m.surface, m.branch), nil
			if p := a.resolve(parent); p != nil {
				m.key = p.Name + m.branch
				m.places = a.branchPlaces(p, m.branch, m.places)
			}
			continue
		}
		h := a.resolve(*m)
		if h != nil && m.campus != "" && a.file.Lookup(m.surface+m.campus) == h {
			// 山东大学齐鲁医院青岛院区: the campus is a hospital of its own.
			if hasAt(seg, m.end, m.campus) {
				m.end += len([]rune(m.campus))
			}
			m.surface, m.campus = m.surface+m.campus, ""
		}
		if h != nil && m.campus == "" {
			// 山东大学齐鲁医院(青岛): a campus named by its city.
			if c := cityCampus(st.x, seg, m.end); c != "" {
				if ch := a.file.Lookup(h.Name + c); ch != nil {
					h, m.surface = ch, m.surface+c
				}
			}
		}
		if h == nil {
			h = st.authorityInside(seg, *m)
		}
		if h == nil {
			if l := a.local(st.x.gaz, m.surface, ctx.places, st.p.doc.Text); l != nil {
				h = l
			}
		}
		if h != nil {
			m.key, m.auth = h.Name, h
		}
	}
	kept := hs[:0]
	for _, m := range hs {
		if m.start >= 0 {
			kept = append(kept, m)
		}
	}
	hs = kept
	// Names the file knows that the grammar did not find.
	var blocked []span
	for _, m := range hs {
		blocked = append(blocked, span{m.start, m.end})
	}
	var extra []hospitalMention
	st.glossesIn(seg, hs)
	for k := range hs {
		// 市中医院 after the legend 市中医院：扬州市中医院: the page's short name.
		if g := slices.IndexFunc(st.glosses, func(g gloss) bool { return g.short == hs[k].surface && g.h.key != "" }); g >= 0 && hs[k].auth == nil {
			h := st.glosses[g].h
			hs[k].key, hs[k].auth, hs[k].places = h.key, h.auth, h.places
		}
	}
	for _, g := range st.glosses {
		if g.h.key == "" {
			continue
		}
		// 省儿眼科 after 省儿（湖南省儿童医院）: the page's own short name.
		short := []rune(g.short)
		for i := 0; i+len(short) <= len(seg); i++ {
			if !hasAt(seg, i, g.short) || overlaps(blocked, i, i+len(short)) || i > 0 && isHan(seg[i-1]) && !boundaryStarts[seg[i-1]] {
				continue
			}
			m := g.h
			m.start, m.end, m.surface, m.campus, m.branch = i, i+len(short), g.short, "", ""
			extra = append(extra, m)
			blocked = append(blocked, span{m.start, m.end})
			i += len(short) - 1
		}
	}
	for _, hit := range longestFirst(append(known, a.locals.find(text)...), blocked) {
		if before := string(seg[max(0, hit.start-2):hit.start]); longerName.MatchString(before) && !ownPlace.MatchString(before) {
			continue // the end of a longer name the grammar could not read (…附属南方医院)
		}
		if !hospitalEnding(hit.form.text) && hit.start > 0 && isHan(seg[hit.start-1]) && !oneRuneBoundary[seg[hit.start-1]] {
			continue // a local name without a hospital's ending (省妇幼, 附二) stands after a word's end, not in 全省儿童
		}
		h := a.file.Lookup(hit.form.text)
		if h == nil {
			h = a.local(st.x.gaz, hit.form.text, ctx.places, st.p.doc.Text)
		}
		if h == nil {
			continue
		}
		m := hospitalMention{start: hit.start, end: hit.end, surface: hit.form.text, key: h.Name, auth: h}
		// 齐鲁医院青岛院区, 齐鲁医院(青岛): a campus that is a hospital of its own.
		if c := campusSuffix.FindStringSubmatch(string(seg[hit.end:min(len(seg), hit.end+campusRunes)])); c != nil {
			if ch := a.file.Lookup(hit.form.text + c[1] + c[2]); ch != nil {
				m.key, m.auth, m.surface = ch.Name, ch, hit.form.text+c[1]+c[2]
				if c[2] != "" {
					m.end += len([]rune(c[2]))
				}
			}
		} else if c := cityCampus(st.x, seg, hit.end); c != "" {
			if ch := a.file.Lookup(h.Name + c); ch != nil {
				m.key, m.auth, m.surface = ch.Name, ch, hit.form.text+c
			}
		} else if b, at := st.x.placedBranch(string(seg[hit.end:min(len(seg), hit.end+16)])); b != "" && !overlaps(blocked, hit.end, hit.end+len([]rune(b))) {
			// 湘雅二医院桂林医院: a branch of a hospital the file knows by
			// a short name (see placedBranch).
			m.end += len([]rune(b))
			m.surface += b
			if ch := a.file.Lookup(h.Name + b); ch != nil {
				m.key, m.auth = ch.Name, ch
			} else {
				m.key, m.auth = h.Name+b, nil
				m.places = a.branchPlaces(h, b, []*gazetteer.Place{at})
			}
		}
		extra = append(extra, m)
	}
	if len(extra) == 0 {
		return hs
	}
	out := append(hs, extra...)
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// maxGlosses bounds the short names read from one page: each is looked for
// in every segment after it, and a real page gives a handful.
const maxGlosses = 32

// glossesIn notes the short names that segment seg gives the hospitals hs
// in brackets right after them: 省儿（湖南省儿童医院）, written after an
// arrow, a list mark or a space, two to four characters that are no
// place and no other entity.
func (st *docState) glossesIn(seg []rune, hs []hospitalMention) {
	for _, m := range hs {
		if len(st.glosses) >= maxGlosses {
			return
		}
		if m.start < 3 || !strings.ContainsRune("(（", seg[m.start-1]) || m.end >= len(seg) || !strings.ContainsRune(")）", seg[m.end]) {
			continue
		}
		s := m.start - 1
		for s > 0 && isHan(seg[s-1]) && m.start-1-s < 5 {
			s--
		}
		short := string(seg[s : m.start-1])
		n := m.start - 1 - s
		if n < 2 || n > 4 || s > 0 && isHan(seg[s-1]) || strings.HasSuffix(short, "院") || len(st.x.terms.find(short)) > 0 || st.x.mentionsSymptom(short) ||
			len(st.x.authority.names.find(short)) > 0 || len(st.x.authority.locals.find(short)) > 0 ||
			slices.ContainsFunc(hs, func(o hospitalMention) bool { return o.start < m.start-1 && o.end > s }) ||
			slices.ContainsFunc(st.glosses, func(g gloss) bool { return g.short == short }) {
			continue
		}
		st.glosses = append(st.glosses, gloss{short: short, h: m})
	}
	for _, m := range hs {
		// A legend line: 扬大附院：扬州大学附属医院, the short name opening
		// the line.
		if len(st.glosses) >= maxGlosses {
			return
		}
		if m.start < 3 || !strings.ContainsRune(":：", seg[m.start-1]) {
			continue
		}
		s := m.start - 1
		for s > 0 && isHan(seg[s-1]) && m.start-1-s < 7 {
			s--
		}
		short := string(seg[s : m.start-1])
		if n := m.start - 1 - s; n < 2 || n > 6 || s > 0 && !unicode.IsSpace(seg[s-1]) || short == m.surface || !legendShort.MatchString(short) || len(st.x.gaz.Lookup(short)) > 0 ||
			st.x.mentionsSymptom(short) || st.x.departments.Lookup(short) != nil ||
			slices.ContainsFunc(st.glosses, func(g gloss) bool { return g.short == short }) {
			continue
		}
		if h := st.x.authority.file.Lookup(short); h != nil && h != m.auth {
			continue
		}
		st.glosses = append(st.glosses, gloss{short: short, h: m})
	}
	for _, m := range hs {
		// 陇西县人民医院 … 县人民医院神经内科: the page's county (or city)
		// hospital by the kind alone, when the page names one such.
		if len(st.glosses) >= maxGlosses {
			return
		}
		lead := st.x.leadingPlaces(m.surface)
		if len(lead) != 1 {
			continue
		}
		form := lead[0].form
		rest := strings.TrimPrefix(m.surface, form)
		suffix := string([]rune(form)[len([]rune(form))-1:])
		if !publicType.MatchString(rest) || !strings.Contains("县市区", suffix) {
			continue
		}
		short := suffix + rest
		if i := slices.IndexFunc(st.glosses, func(g gloss) bool { return g.short == short }); i >= 0 {
			if st.glosses[i].h.key != m.key {
				st.glosses[i].h.key = "" // two such hospitals: the kind alone names neither
			}
			continue
		}
		st.glosses = append(st.glosses, gloss{short: short, h: m})
	}
}

// legendShort: what a short name in a legend looks like (扬大附院, 市三院,
// 市妇幼), unlike a label (科室介绍：…).
var legendShort = regexp.MustCompile(`院$|医$|附|妇幼$|妇儿$|儿童$|中医$`)

// namedInText reports whether text names the place name, not only a street
// named after it (广州路300号 on a page about 南京).
func namedInText(text, name string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		i += j + len(name)
		if !streetAfter.MatchString(text[i:min(len(text), i+8)]) {
			return true
		}
	}
}

// authorityInside resolves a name the file does not hold as written when it
// is a known name after places (长沙湘雅医院, 湖南长沙湘雅医院).
func (st *docState) authorityInside(seg []rune, m hospitalMention) *lexicon.Hospital {
	surface := string(seg[m.start:m.end])
	for _, hit := range st.x.authority.names.find(surface) {
		if hit.end != len([]rune(surface)) || hit.start == 0 {
			continue
		}
		prefix := string([]rune(surface)[:hit.start])
		rest := prefix
		var places []*gazetteer.Place
		for _, p := range st.x.leadingPlaces(prefix) {
			rest = strings.TrimPrefix(rest, p.form)
			places = append(places, p.place)
		}
		if rest != "" && rest != "的" {
			continue
		}
		// 三亚301医院 is the hospital 三亚 calls so, not 北京's 301医院.
		if h := st.x.authority.file.Lookup(hit.form.text); st.x.authority.placesFit(h, places) {
			return h
		}
	}
	return nil
}

// longerName: what, written right before a known name, makes it the end of
// another hospital's name (…大学附属南方医院, 某市中心医院).
var longerName = regexp.MustCompile(`(?:附属|大学|学院|[市省县区州旗]|[0-9一二三四五六七八九十])$`)

// ownPlace is the page's own place written before a name (我市延安医院):
// not part of it.
var ownPlace = regexp.MustCompile(`^(?:我|本|全)[市省县区州]$`)

// cityCampus reads a campus named by its city in brackets right after a
// hospital's name (山东大学齐鲁医院(青岛)) and returns it as a campus name
// (青岛院区).
func cityCampus(x *Extractor, seg []rune, end int) string {
	m := bracketed.FindStringSubmatch(string(seg[end:min(len(seg), end+12)]))
	if m == nil {
		return ""
	}
	ps := x.gaz.Lookup(m[1])
	if len(ps) == 0 || ps[0].Level == gazetteer.Province {
		return ""
	}
	return ps[0].Name + "院区"
}

var bracketed = regexp.MustCompile(`^[(（]([\p{Han}]{2,6})[)）]`)
