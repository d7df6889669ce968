package loader

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/lexicon"
)

// Extractor finds entities and relations in documents. It is safe for
// concurrent use: all its state is read-only after NewExtractor.
type Extractor struct {
	gaz         *gazetteer.Gazetteer
	departments *lexicon.Lexicon
	policies    *lexicon.Lexicon
	symptoms    *lexicon.Lexicon
	terms       *dictionary // departments, policies, symptoms, places for running text
	textPlaces  *dictionary
	namePlaces  *dictionary
	symptomDict *dictionary
	authority   *authority
	local       *lexicon.Lexicon            // local insurance products (沪惠保)
	regions     map[string]*gazetteer.Place // a local product's region, by its name
	initials    map[rune]*gazetteer.Place   // prefectures, by a first character no other prefecture has (徐: 徐州)
}

// NewStandardExtractor builds the extractor kg load, kg serve and its
// writes use: over the embedded gazetteer and vocabularies.
func NewStandardExtractor() (*Extractor, error) {
	gaz, err := gazetteer.Load()
	if err != nil {
		return nil, fmt.Errorf("load the gazetteer: %w", err)
	}
	return NewExtractor(gaz)
}

// NewExtractor builds an extractor over the gazetteer and the embedded
// vocabularies.
func NewExtractor(gaz *gazetteer.Gazetteer) (*Extractor, error) {
	x := &Extractor{gaz: gaz}
	var err error
	if x.departments, err = lexicon.Departments(); err != nil {
		return nil, fmt.Errorf("new extractor: %w", err)
	}
	if x.policies, err = lexicon.Policies(); err != nil {
		return nil, fmt.Errorf("new extractor: %w", err)
	}
	if x.symptoms, err = lexicon.Symptoms(); err != nil {
		return nil, fmt.Errorf("new extractor: %w", err)
	}
	if x.local, err = lexicon.LocalPolicies(); err != nil {
		return nil, fmt.Errorf("new extractor: %w", err)
	}
	x.regions = map[string]*gazetteer.Place{}
	x.initials = prefectureInitials(gaz)
	for _, t := range x.local.Terms {
		if t.Region == "" {
			continue
		}
		ps := gaz.Lookup(t.Region)
		if len(ps) == 0 {
			return nil, fmt.Errorf("new extractor: local policy %s: region %q is not a place", t.Name, t.Region)
		}
		x.regions[t.Name] = ps[0]
	}
	var terms, symptoms []form
	add := func(lx *lexicon.Lexicon, kind termKind) {
		for _, t := range lx.Terms {
			for _, f := range t.Forms() {
				terms = append(terms, form{text: f, kind: kind, key: t.Name})
				if kind == termSymptom && len([]rune(f)) >= 2 {
					symptoms = append(symptoms, form{text: f, kind: kind, key: t.Name})
				}
			}
		}
	}
	add(x.departments, termDepartment)
	add(x.policies, termPolicy)
	add(x.local, termPolicy)
	add(x.symptoms, termSymptom)
	textPlaces := placeForms(gaz, true)
	x.terms = newDictionary(append(terms, textPlaces...))
	x.textPlaces = newDictionary(textPlaces)
	x.namePlaces = newDictionary(placeForms(gaz, false))
	x.symptomDict = newDictionary(symptoms)
	if x.authority, err = newAuthority(gaz); err != nil {
		return nil, fmt.Errorf("new extractor: %w", err)
	}
	return x, nil
}

// mentionsSymptom reports whether s contains a known symptom or condition.
func (x *Extractor) mentionsSymptom(s string) bool {
	return len(x.symptomDict.find(s)) > 0
}

// A found is one entity mention in a segment, before relations are drawn.
type found struct {
	ref     kg.EntityRef
	surface string
	start   int // document code points
	end     int
	places  []*gazetteer.Place // hospitals: the places in the name; places: the place
	campus  string
	prov    bool              // hospital named after a province with its suffix
	auth    *lexicon.Hospital // hospitals: the authority file's entry, if any
}

// docState accumulates one document's extraction.
type docState struct {
	x        *Extractor
	p        *parsed
	ex       *kg.Extraction
	entities map[kg.EntityRef]*kg.Entity
	rels     map[string]bool
	// provForms caches provinceForms by hospital name.
	provForms map[string]provinceForms
	// named caches namedHere and namedAny (namedBy).
	named map[placeName]bool
	// glosses are the short names the page gives its hospitals
	// (省儿（湖南省儿童医院）), in the order given.
	glosses []gloss
	// page is the hospital whose own page the unit is (its title names
	// it), or nil: what 我院 and 我们医院 mean.
	page *found
}

// gloss is a short name a page gives a hospital, and the hospital.
type gloss struct {
	short string
	h     hospitalMention
}

// Extract reads one document and returns what it says. The file name is
// used for provenance only.
func (x *Extractor) Extract(file, text string) (*kg.Extraction, error) {
	p, err := Parse(file, text)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", file, err)
	}
	st := &docState{x: x, p: p, ex: &kg.Extraction{Doc: p.doc}, entities: map[kg.EntityRef]*kg.Entity{}, rels: map[string]bool{}}

	// The article: its title gives the context for its body.
	st.readUnit(p.article)
	for _, item := range p.items {
		st.readUnit(item)
	}
	st.mergeBrandHospitals()

	refs := make([]kg.EntityRef, 0, len(st.entities))
	for r := range st.entities {
		refs = append(refs, r)
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].Kind != refs[j].Kind {
			return refs[i].Kind < refs[j].Kind
		}
		return refs[i].Name < refs[j].Name
	})
	for _, r := range refs {
		e := st.entities[r]
		e.Aliases = uniqueSorted(e.Aliases, e.Name)
		st.ex.Entities = append(st.ex.Entities, *e)
	}
	st.ex.Mentions = firstOfEach(st.ex.Mentions, MaxSpansPerFact, func(m kg.Mention) any { return m.Entity })
	st.ex.Relations = firstOfEach(st.ex.Relations, MaxSpansPerFact, func(r kg.Relation) any { return [3]any{r.Type, r.From, r.To} })
	if n := len(st.ex.Mentions) + len(st.ex.Relations); n > MaxSpansPerDocument {
		return nil, fmt.Errorf("extract %s: %w: %d spans of evidence, the limit is %d", file, ErrTooManyFacts, n, MaxSpansPerDocument)
	}
	return st.ex, nil
}

// Limits on what one document may add to the graph. A page states a fact
// a few times (the seeds: at most 26); a text that names the same hospital
// 100,000 times, or 50,000 different ones, is not a page, and storing
// all of it would cost the store gigabytes.
const (
	// MaxSpansPerFact is how many spans of evidence of one fact (a
	// mention of an entity, a relation) a document keeps: the first.
	MaxSpansPerFact = 50
	// MaxSpansPerDocument is the most spans of evidence a document may
	// give, after MaxSpansPerFact; past it the document is refused
	// (ErrTooManyFacts). The largest field page gives 660.
	MaxSpansPerDocument = 20_000
)

// ErrTooManyFacts refuses a document that states more than
// MaxSpansPerDocument facts.
var ErrTooManyFacts = errors.New("loader: too many facts for one document")

// firstOfEach keeps the first max of each key's elements, in order.
func firstOfEach[T any](xs []T, max int, key func(T) any) []T {
	seen := map[any]int{}
	out := xs[:0]
	for _, x := range xs {
		k := key(x)
		if seen[k] < max {
			out = append(out, x)
		}
		seen[k]++
	}
	return out
}

// mergeBrandHospitals resolves a hospital known by its brand alone
// (华西医院, 长沙的湘雅医院) to the one hospital of the document whose full
// name or alias ends with it (四川大学华西医院). Where the brand stood in an
// item about another place, that place said nothing of the hospital, so its
// LOCATED_IN goes.
func (st *docState) mergeBrandHospitals() {
	// Merges go in rounds, each matching every hospital left against the
	// names of the round before, in a fixed order, and a merge into a
	// hospital that is itself merged follows on to the last one: neither
	// Go's map order nor the order of merges decides where a name goes.
	refs := make([]kg.EntityRef, 0, len(st.entities))
	for ref := range st.entities {
		if ref.Kind == kg.KindHospital {
			refs = append(refs, ref)
		}
	}
	slices.SortFunc(refs, func(a, b kg.EntityRef) int { return strings.Compare(a.Name, b.Name) })
	into := map[kg.EntityRef]kg.EntityRef{}
	drop := map[kg.EntityRef]bool{}
	unplaced := map[kg.EntityRef]bool{} // merged brands whose LOCATED_IN came from their item
	// names: each hospital's names, with those of the hospitals merged
	// into it in an earlier round (医大一附院 after 广西医大一附院 went
	// into 广西医科大学第一附属医院).
	names := make(map[kg.EntityRef][]string, len(refs))
	abbr := make(map[kg.EntityRef]bool, len(refs)) // read once: the pairs are many
	for _, ref := range refs {
		names[ref] = append([]string{ref.Name}, st.entities[ref].Aliases...)
		abbr[ref] = abbreviation.MatchString(ref.Name)
	}
	for {
		round := map[kg.EntityRef]kg.EntityRef{}
		idx := st.newNameIndex(refs, names, abbr, into)
		for _, ref := range refs {
			if _, done := into[ref]; done {
				continue
			}
			if m, ok := st.brandOf(ref, idx, names, abbr); ok {
				round[ref] = m
			}
		}
		if len(round) == 0 {
			break
		}
		for _, ref := range refs {
			if to, ok := round[ref]; ok {
				into[ref] = to
				names[to] = append(names[to], names[ref]...)
				if abbr[ref] || len(st.x.leadingPlaces(ref.Name)) == 0 {
					unplaced[ref] = true
				}
			}
		}
	}
	for _, ref := range refs {
		if _, ok := into[ref]; !ok && abbr[ref] {
			drop[ref] = true // an abbreviation of no hospital named in full
		}
	}
	// Follow merges to their end; in a ring of names that each stand for
	// the next, the first by name stays.
	final := make(map[kg.EntityRef]kg.EntityRef, len(into))
	for ref := range into {
		path := []kg.EntityRef{ref}
		at := map[kg.EntityRef]int{ref: 0}
		to := ref
		for {
			next, ok := into[to]
			if !ok {
				break
			}
			if i, ring := at[next]; ring {
				to = slices.MinFunc(path[i:], func(a, b kg.EntityRef) int { return strings.Compare(a.Name, b.Name) })
				break
			}
			at[next] = len(path)
			path = append(path, next)
			to = next
		}
		final[ref] = to
	}
	for ref, to := range final {
		if to == ref {
			delete(into, ref)
			delete(unplaced, ref)
		} else {
			into[ref] = to
		}
	}
	for _, ref := range refs {
		if to, ok := into[ref]; ok {
			e, t := st.entities[ref], st.entities[to]
			t.Aliases = append(t.Aliases, e.Name)
			t.Aliases = append(t.Aliases, e.Aliases...)
		}
	}
	if len(into) == 0 && len(drop) == 0 {
		return
	}
	for ref := range into {
		delete(st.entities, ref)
	}
	for ref := range drop {
		delete(st.entities, ref)
	}
	ms := st.ex.Mentions[:0]
	for _, m := range st.ex.Mentions {
		if drop[m.Entity] {
			continue
		}
		if to, ok := into[m.Entity]; ok {
			m.Entity = to
		}
		ms = append(ms, m)
	}
	st.ex.Mentions = ms
	rels := st.ex.Relations[:0]
	for _, r := range st.ex.Relations {
		if drop[r.From] || drop[r.To] {
			continue
		}
		if unplaced[r.From] && r.Type == kg.LocatedIn {
			continue
		}
		if to, ok := into[r.From]; ok {
			r.From = to
		}
		if to, ok := into[r.To]; ok {
			r.To = to
		}
		if r.From == r.To {
			continue
		}
		rels = append(rels, r)
	}
	st.ex.Relations = rels
}

// brandOf returns the one hospital of refs, not itself merged, that ref
// names by brand, abbreviation or another form of its name (see
// mergeBrandHospitals). Only the candidates idx gives are read: a page of
// many thousands of hospitals is not read pair by pair.
func (st *docState) brandOf(ref kg.EntityRef, idx *nameIndex, names map[kg.EntityRef][]string, abbrs map[kg.EntityRef]bool) (kg.EntityRef, bool) {
	abbr := abbrs[ref]
	placed := !abbr && len(st.x.leadingPlaces(ref.Name)) > 0
	// A name with a place stands for a university's hospital only as its
	// end (北京友谊医院, 首都医科大学附属北京友谊医院).
	suffix := ref.Name
	if placed {
		suffix = "附属" + ref.Name
	}
	var match []kg.EntityRef
	for _, other := range idx.candidates(st, ref.Name, suffix, abbr) {
		if other == ref {
			continue
		}
		for _, n := range names[other] {
			if n != ref.Name && (abbr && abbreviates(ref.Name, n) || !abbr && strings.HasSuffix(n, suffix)) ||
				n == ref.Name || st.sameHospitalName(ref.Name, n) {
				// The last two: a name the page gives as another's alias
				// (玉林市中西医结合骨科医院(玉林骨科医院), then 玉林骨科医院),
				// or the same name written another way (广西脑科医院).
				match = append(match, other)
				break
			}
		}
	}
	if len(match) != 1 {
		return kg.EntityRef{}, false
	}
	return match[0], true
}

// nameIndex finds the hospitals one of whose names could stand in
// brandOf's relation to a name: by the name's ends (every suffix), its
// first character (abbreviations), and the keys sameHospitalName compares.
type nameIndex struct {
	suffix, first, key, rest map[string][]kg.EntityRef
}

// newNameIndex indexes the names of the hospitals of refs that are
// neither merged nor abbreviations.
func (st *docState) newNameIndex(refs []kg.EntityRef, names map[kg.EntityRef][]string, abbrs map[kg.EntityRef]bool, into map[kg.EntityRef]kg.EntityRef) *nameIndex {
	idx := &nameIndex{suffix: map[string][]kg.EntityRef{}, first: map[string][]kg.EntityRef{},
		key: map[string][]kg.EntityRef{}, rest: map[string][]kg.EntityRef{}}
	add := func(m map[string][]kg.EntityRef, k string, r kg.EntityRef) {
		if k == "" {
			return
		}
		if l := m[k]; len(l) == 0 || l[len(l)-1] != r {
			m[k] = append(l, r)
		}
	}
	for _, r := range refs {
		if _, merged := into[r]; merged || abbrs[r] {
			continue
		}
		for _, n := range names[r] {
			for i := range n {
				add(idx.suffix, n[i:], r) // byte offsets of runes: every suffix, the whole name first
			}
			if c, _ := utf8.DecodeRuneInString(n); c != utf8.RuneError {
				add(idx.first, string(c), r)
			}
			f := st.provinceForms(n)
			add(idx.key, f.key, r)
			add(idx.rest, f.rest, r)
			add(idx.rest, f.bare, r)
		}
	}
	return idx
}

// candidates returns, in refs' order and once each, the hospitals that
// may stand for name (brandOf checks them).
func (idx *nameIndex) candidates(st *docState, name, suffix string, abbr bool) []kg.EntityRef {
	var out []kg.EntityRef
	out = append(out, idx.suffix[name]...) // a name equal to it or ending with it
	if suffix != name {
		out = append(out, idx.suffix[suffix]...)
	}
	if abbr {
		if c, _ := utf8.DecodeRuneInString(name); c != utf8.RuneError {
			out = append(out, idx.first[string(c)]...)
		}
	}
	f := st.provinceForms(name)
	out = append(out, idx.key[f.key]...)
	out = append(out, idx.rest[name]...)
	if f.numCity != "" {
		for _, full := range []string{"第" + f.numeral + "人民医院", "第" + f.numeral + "医院"} {
			out = append(out, idx.suffix[f.numCity+"市"+full]...)
			out = append(out, idx.suffix[f.numCity+full]...)
		}
	}
	if county, ok := strings.CutSuffix(name, "县医院"); ok {
		out = append(out, idx.suffix[county+"县人民医院"]...)
	}
	slices.SortFunc(out, func(a, b kg.EntityRef) int { return strings.Compare(a.Name, b.Name) })
	return slices.Compact(out)
}

// shortNumberedName is a numbered hospital written short after its
// city: 南宁市一医院, 南宁一院.
var shortNumberedName = regexp.MustCompile(`^(.+?)市?([一二三四五六七八九十]+)医?院$`)

// sameHospitalName reports whether short names the hospital long names,
// written another way on the same page: with the province's short name
// (广西脑科医院, 广西区人民医院 for 广西壮族自治区脑科医院, …人民医院), or
// as a city's numbered hospital (南宁市一医院 for 南宁市第一人民医院). It
// only unifies names the page itself gives; it invents none.
func (st *docState) sameHospitalName(short, long string) bool {
	if len(short) >= len(long) {
		return false
	}
	ks, kl := st.provinceForms(short), st.provinceForms(long)
	if ks.key != "" && ks.key == kl.key {
		return true
	}
	// 南溪山医院 for 广西壮族自治区南溪山医院: the name without its
	// province, unless what is left is only a kind of hospital.
	if kl.rest != "" && (kl.rest == short || kl.bare == short) && !publicType.MatchString(short) {
		return true
	}
	if county, ok := strings.CutSuffix(short, "县医院"); ok && long == county+"县人民医院" {
		return true // 郸城县医院 for 郸城县人民医院: the county's hospital
	}
	if ks.numCity != "" && strings.HasPrefix(long, ks.numCity) {
		for _, full := range []string{"第" + ks.numeral + "人民医院", "第" + ks.numeral + "医院"} {
			if long == ks.numCity+"市"+full || long == ks.numCity+full {
				return true
			}
		}
	}
	return false
}

// provinceForms are the other ways a hospital name may be written, read
// once per name (mergeBrandHospitals compares every pair): key is the
// name with the province's gazetteer name (广西壮族自治区脑科医院,
// 广西脑科医院 and 广西区脑科医院 all give 广西脑科医院), "" for a
// university's (广西医科大学…), whose name is its own; rest is what follows
// the province as written, bare the same without 自治区 or 区.
type provinceForms struct {
	key, rest, bare  string
	numCity, numeral string // 南宁 and 一 of 南宁市一医院 (shortNumberedName)
}

func (st *docState) provinceForms(name string) provinceForms {
	if f, ok := st.provForms[name]; ok {
		return f
	}
	var f provinceForms
	if lead := st.x.leadingPlaces(name); len(lead) > 0 && lead[0].place.Level == gazetteer.Province {
		f.rest = strings.TrimPrefix(name, lead[0].form)
		f.bare = strings.TrimPrefix(strings.TrimPrefix(f.rest, "自治区"), "区")
		if !strings.Contains(f.bare, "大学") && !strings.Contains(f.bare, "学院") {
			f.key = lead[0].place.Name + f.bare
		}
	}
	if m := shortNumberedName.FindStringSubmatch(name); m != nil {
		f.numCity, f.numeral = strings.TrimSuffix(m[1], "市"), m[2]
	}
	if st.provForms == nil {
		st.provForms = map[string]provinceForms{}
	}
	st.provForms[name] = f
	return f
}

// departmentLead are the characters a department's name may follow in
// running text (挂外科, 院内科室 aside).
const departmentLead = "的和与及或、挂看到去至往于在是为其该院选择诊转由请找"

// symptomModifiers qualify a condition into a narrower one that pages name
// as its own (慢性胃炎, 小儿腹泻); 急性 and 反复 only say how it comes.
var symptomModifiers = sortedByLength([]string{
	"慢性", "萎缩性", "儿童", "小儿", "婴幼儿", "幼儿", "新生儿", "老年", "老年性", "产后", "妊娠期", "孕期", "高原",
})

// modifierBefore returns the modifiers written right before position at
// (慢性萎缩性 before 胃炎).
func modifierBefore(runes []rune, at int) string {
	mod := ""
	for {
		hit := ""
		for _, w := range symptomModifiers {
			n := len([]rune(w))
			if at-n >= 0 && string(runes[at-n:at]) == w {
				hit = w
				break
			}
		}
		if hit == "" {
			return mod
		}
		at -= len([]rune(hit))
		mod = hit + mod
	}
}

// abbreviates reports whether abbr (哈医大一院) can stand for the full name
// (哈尔滨医科大学附属第一医院): both start alike and every character of abbr
// is in the name.
func abbreviates(abbr, name string) bool {
	a, n := []rune(abbr), []rune(name)
	if len(a) == 0 || len(n) <= len(a) || a[0] != n[0] {
		return false
	}
	for _, r := range a {
		if !strings.ContainsRune(name, r) {
			return false
		}
	}
	return true
}

// unitContext is what a unit's title says about the rest of it: where it is
// about and which symptoms.
type unitContext struct {
	src      kg.Source
	places   []*gazetteer.Place // places named in the title, in order
	topic    *gazetteer.Place   // the most specific title place when they form one chain
	symptoms []kg.EntityRef     // what the unit recommends hospitals for
	dynamic  []form             // the title's symptom surfaces, for matching the body
	// asksWhere: the title (or a Q&A page's question) asks which
	// hospital to go to, so a list of hospitals below answers it.
	asksWhere bool
}

// readUnit reads the article or one related item: title first, then body.
func (st *docState) readUnit(segs []segment) {
	if len(segs) == 0 {
		return
	}
	ctx := st.titleContext(segs[0], segs[1:])
	breadcrumb := isBreadcrumb(st.p.text(segs[0].start, segs[0].end))
	if breadcrumb && len(ctx.symptoms) == 0 && st.freeLayout() && segs[0].source.Item < 0 && len(segs) > 1 {
		// A headline under a site's breadcrumb (首页 / 育儿 / 健康, then
		// 儿童反复发烧咳嗽，江苏这几家医院的儿科值得收藏) is the title.
		if h := st.p.text(segs[1].start, segs[1].end); len([]rune(h)) <= 60 && !strings.ContainsAny(h, "。?？") && hospitalsHeadline.MatchString(h) {
			if hc := st.titleContext(segs[1], nil); len(hc.symptoms) > 0 {
				ctx = hc
			}
		}
	}
	qi := 1 // the question's segment
	if !breadcrumb && len(ctx.symptoms) == 0 {
		// 百度首页 … 百度知道 > 医疗健康 > 消化内科 / 太原哪家医院看胃病好？…:
		// a breadcrumb under the site's navigation.
		for k := 1; k+1 < len(segs) && k <= 16; k++ {
			if isBreadcrumb(st.p.text(segs[k].start, segs[k].end)) {
				qi = k + 1
				break
			}
		}
	}
	if st.freeLayout() && segs[0].source.Item < 0 && (len(ctx.symptoms) == 0 || breadcrumb) && len(segs) > qi {
		// A Q&A page under a breadcrumb title: its question is its title
		// (首页 > 健康问答 > 胃病 / 经常胃痛、反酸、烧心挂什么科?).
		q := strings.TrimSpace(st.p.text(segs[qi].start, segs[qi].end))
		if n := len([]rune(q)); n <= 60 && strings.ContainsAny(q, "?？") {
			ctx.asksWhere = ctx.asksWhere || asksWhere.MatchString(q)
			if ms := longestFirst(st.x.symptomDict.find(q), nil); len(ms) <= 4 {
				for _, m := range ms {
					st.addSymptomTerm(&ctx, m.form.text)
				}
			}
		}
	}
	if st.freeLayout() && segs[0].source.Item < 0 && len(ctx.symptoms) == 0 {
		// A question in plain words (脖子左边摸到一个疙瘩…挂什么科?) that the
		// answer names: 脖子上的包块(医学上叫颈部包块).
		for _, seg := range segs {
			if m := medicalName.FindStringSubmatch(st.p.text(seg.start, seg.end)); m != nil {
				if ms := longestFirst(st.x.symptomDict.find(m[1]), nil); len(ms) > 0 && ms[0].start == 0 {
					st.addSymptomTerm(&ctx, ms[0].form.text)
					break
				}
			}
		}
	}
	var hospitals, departments, policies, symptoms, places []found
	var sentences, lines []sentence
	for k, seg := range segs {
		fs := st.findAll(seg, ctx, k == 0)
		lines = append(lines, sentence{start: seg.start, end: seg.end, src: seg.source, found: fs})
		for _, f := range fs {
			switch f.ref.Kind {
			case kg.KindHospital:
				hospitals = append(hospitals, f)
			case kg.KindDepartment:
				departments = append(departments, f)
			case kg.KindPolicy:
				policies = append(policies, f)
			case kg.KindSymptom:
				symptoms = append(symptoms, f)
			default:
				places = append(places, f)
			}
		}
		if k == 1 {
			// A summary that opens on another symptom than its title
			// (常州治疗混睛帐… 常州治疗眼袋较好的医院包括…) is about that one too.
			st.bodySymptom(seg, &ctx)
		}
		sentences = append(sentences, splitSentences(st.p.runes, seg.start, seg.end, fs)...)
	}
	st.page = nil
	if st.freeLayout() && len(lines) > 0 {
		st.page = st.titleHospital(lines[0])
	}
	st.relate(ctx, segs, hospitals, departments, policies, symptoms, places, sentences)
	st.statedLocations(ctx, sentences, lines, st.page)
	if st.freeLayout() {
		st.tableRelations(lines)
		st.spacedTable(lines)
		st.tableLocations(lines)
		st.departmentBlocks(lines)
		st.questionAnswers(lines)
		st.chatAnswers(lines)
		st.doctorSkills(lines)
		st.complaintEntries(lines)
		if st.page != nil && st.pageDepartment(lines) == nil {
			st.ownHospitalPage(*st.page, sentences)
		}
	}
	if !st.freeLayout() && len(ctx.symptoms) > 0 {
		st.itemSentences(ctx, sentences)
	}
	if st.freeLayout() || len(ctx.symptoms) == 0 {
		var subject *found
		if st.freeLayout() && len(lines) > 0 {
			if hs, _, _ := split(lines[0].found); len(hs) == 1 {
				subject = &hs[0] // a news story's hospital (厦门中山医院消化病诊疗中心启用)
			}
		}
		for k := range sentences {
			sentences[k].src = segs[0].source
		}
		st.statedRelations(ctx, sentences, lines, st.page, subject)
	}
}

// writtenApart splits a title's symptom of known terms written together
// (胃胀反酸, 尿频尿急) into those terms where the body names each apart
// and never the two together (徐州胃胀、反酸、烧心的患者…): the body shows
// the reader they are two complaints. One the body writes as the title
// does (胸闷气短) stays one.
func (st *docState) writtenApart(y string, body []segment) []string {
	n := utf8.RuneCountInString(y)
	var parts []match
	for _, m := range st.x.symptomDict.find(y) {
		if m.end-m.start < n { // not the compound itself, where the lexicon has it (尿频尿急)
			parts = append(parts, m)
		}
	}
	var terms []match
	at := 0
	for _, m := range longestFirst(parts, nil) {
		if m.start != at {
			return []string{y}
		}
		terms, at = append(terms, m), m.end
	}
	if len(terms) < 2 || at != n {
		return []string{y}
	}
	named := map[string]bool{}
	for _, seg := range body {
		text := st.p.text(seg.start, seg.end)
		if strings.Contains(text, y) {
			return []string{y}
		}
		for _, m := range st.x.symptomDict.find(text) {
			named[m.form.key] = true
		}
	}
	var out []string
	for _, m := range terms {
		if !named[m.form.key] {
			return []string{y}
		}
		out = append(out, m.form.text)
	}
	return out
}

// hospitalsHeadline: a headline that offers hospitals for what it names
// (儿童反复发烧咳嗽，江苏这几家医院的儿科值得收藏).
var hospitalsHeadline = regexp.MustCompile(`(?:这|那|哪)?几家[^，。,]{0,4}医院|(?:哪家|哪些|这些)医院|医院(?:推荐|排名|排行|名单)|推荐[^，。,]{0,6}医院`)

// breadcrumbMark separates the parts of a site's breadcrumb trail.
var breadcrumbMark = regexp.MustCompile(`\s*[>＞»›/／]\s*`)

// isBreadcrumb reports whether a line is a site's breadcrumb trail: 首页 >
// 健康问答 > 胃病, or short parts between slashes (首页 / 育儿 / 健康);
// not a title with a slash in it (高血压/糖尿病挂什么科).
func isBreadcrumb(line string) bool {
	if strings.ContainsAny(line, ">＞»›") {
		return true
	}
	parts := breadcrumbMark.Split(strings.TrimSpace(line), -1)
	if len(parts) < 3 {
		return false
	}
	for _, p := range parts {
		if n := utf8.RuneCountInString(p); n == 0 || n > 8 || strings.ContainsAny(p, "，。,?？") {
			return false
		}
	}
	return true
}

// medicalName: an answer giving the medical name of what a question
// describes in plain words.
var medicalName = regexp.MustCompile(`(?:医学上|医学名称|医学名|专业上)(?:叫做|叫作|称为|称作|叫|称|是)[“"「]?([\p{Han}]{2,12})`)

// asksWhere: a question about which hospital to go to (该去哪家医院,
// 哪个医院好, 华西二院、市妇儿怎么选).
var asksWhere = regexp.MustCompile(`哪家|哪个医院|哪所|哪些医院|去哪|哪里看|哪儿看|怎么选|如何选`)

// question: a title that asks (…挂什么科? 哪家医院好).
var question = regexp.MustCompile(`[?？]|哪|什么|怎么|如何`)

// freeLayout reports whether the document is not of the 相关推荐 layout: a
// plain article, a ranking, a Q&A or an HTML page.
func (st *docState) freeLayout() bool { return len(st.p.items) == 0 }

// titleHospital returns the hospital a page's title names as its subject
// (中山大学附属第一医院 - 消化内科), or nil.
func (st *docState) titleHospital(title sentence) *found {
	hs, _, _ := split(title.found)
	// 福建医科大学附属协和医院_福建协和医院简介: one hospital, named twice.
	for len(hs) > 1 && hs[len(hs)-1].ref == hs[0].ref {
		hs = hs[:len(hs)-1]
	}
	// It leads the title, or ends a department page's (皮肤性病科-科室介绍-安徽医科大学第一附属医院),
	// or is a doctor's (韩卫东_天津医科大学总医院神经内科_主任医师_好大夫在线).
	if n := len(hs); n > 0 && siteSuffix(st.p.runes, hs[n-1], title) {
		// 我院神经内科…正式开诊…-丹东市中心医院: the hospital's own site.
		return &hs[n-1]
	}
	if len(hs) != 1 || hs[0].start-title.start > 2 && !deptPageTitle.MatchString(st.p.text(title.start, title.end)) && st.doctorPage(title) == nil {
		return nil
	}
	return &hs[0]
}

// siteSuffix reports whether hospital h ends the title as a site's name
// does, after a separator (…正式开诊-丹东市中心医院): the page is on the
// hospital's own site, and its 我院 is that hospital.
func siteSuffix(runes []rune, h found, title sentence) bool {
	if h.start == title.start || strings.TrimSpace(string(runes[h.end:title.end])) != "" {
		return false
	}
	sep, _ := utf8.DecodeLastRuneInString(strings.TrimRight(string(runes[title.start:h.start]), " "))
	return strings.ContainsRune("-_|｜–—", sep)
}

// titleContext reads a unit's title: its places and its symptoms. body is
// the text under the title, which tells whether two complaints the title
// writes together are two (writtenApart).
func (st *docState) titleContext(title segment, body []segment) unitContext {
	ctx := unitContext{src: title.source}
	text := st.p.text(title.start, title.end)
	ctx.asksWhere = asksWhere.MatchString(text)
	for _, m := range st.x.placesIn(text, false) {
		if st.x.insidePolicy(text, m) {
			continue // 能买惠民保吗: no 惠民县
		}
		var prev *gazetteer.Place
		if n := len(ctx.places); n > 0 {
			prev = ctx.places[n-1]
		}
		ctx.places = append(ctx.places, resolvePlace(st.x.gaz, m.places, prev))
	}
	if n := len(ctx.places); n > 0 {
		chain := true
		for i := 1; i < n; i++ {
			if !st.x.gaz.Contains(ctx.places[i-1], ctx.places[i]) {
				chain = false
			}
		}
		if chain {
			ctx.topic = ctx.places[n-1]
		}
	}
	if surfaces := st.x.titleSymptoms(text); surfaces != nil {
		if len(surfaces) == 1 && len(body) > 0 {
			surfaces = st.writtenApart(surfaces[0], body)
		}
		for _, s := range surfaces {
			st.addSymptomTerm(&ctx, s)
		}
	} else if st.freeLayout() && title.source.Item < 0 {
		// A page of another layout: the symptom its title names
		// (症状 > 手麻; 在广州看甲状腺结节去哪个医院好).
		ms := append([]match(nil), st.x.symptomDict.find(text)...)
		// A question may ask about a few (经常胃痛、反酸、烧心挂什么科?); a
		// headline naming several (心梗脑出血在家门口就能救) is not about
		// recommending for them.
		ms = longestFirst(ms, nil)
		if (question.MatchString(text) || hospitalsHeadline.MatchString(text)) && len(ms) <= 4 || len(ms) == 1 {
			for _, m := range ms {
				st.addSymptomTerm(&ctx, m.form.text)
			}
		}
	}
	return ctx
}

func (st *docState) addSymptomTerm(ctx *unitContext, surface string) {
	name, cat := st.x.canonicalSymptom(surface)
	ref := kg.EntityRef{Kind: kg.KindSymptom, Name: name}
	for _, r := range ctx.symptoms {
		if r == ref {
			return
		}
	}
	ctx.symptoms = append(ctx.symptoms, ref)
	st.entity(ref, surface).Category = cat
	for _, f := range []string{surface, name} {
		ctx.dynamic = append(ctx.dynamic, form{text: f, kind: termSymptom, key: name})
	}
}

var bodySymptomPattern = regexp.MustCompile(`治疗([\p{Han}]{2,12}?)(?:较好|最好|比较好)?的医院`)

func (st *docState) bodySymptom(seg segment, ctx *unitContext) {
	text := st.p.text(seg.start, seg.end)
	if i := strings.IndexAny(text, "。!?"); i >= 0 {
		text = text[:i]
	}
	m := bodySymptomPattern.FindStringSubmatch(text)
	if m == nil || strings.ContainsAny(m[1], "及和与或等相关问题的") {
		return
	}
	if st.x.symptoms.Lookup(m[1]) == nil {
		return
	}
	st.addSymptomTerm(ctx, m[1])
}

// findAll finds every entity mention in one segment.
func (st *docState) findAll(seg segment, ctx unitContext, isTitle bool) []found {
	text := st.p.text(seg.start, seg.end)
	runes := st.p.runes[seg.start:seg.end]
	var out []found
	var symptomNames []string
	for _, r := range ctx.symptoms {
		symptomNames = append(symptomNames, r.Name)
	}
	for _, d := range ctx.dynamic {
		symptomNames = append(symptomNames, d.text)
	}

	// Hospitals first: their names hide the words inside them.
	var blocked []span
	hs := st.withAuthority(runes, text, st.x.findHospitals(runes, symptomNames), ctx)
	bracketed := false // the hospital before is a second name in brackets
	for k, h := range hs {
		blocked = append(blocked, span{h.start, h.end})
		f := found{
			ref:     kg.EntityRef{Kind: kg.KindHospital, Name: h.key},
			surface: h.surface, start: seg.start + h.start, end: seg.start + h.end,
			places: h.places, campus: h.campus, prov: h.province, auth: h.auth,
		}
		if k > 0 && h.start == hs[k-1].end && len(h.places) == 0 && h.auth == nil {
			continue // 襄阳市中心医院心血管病医院: a unit inside the hospital before
		}
		second := k > 0 && (inParensAfter(runes, hs[k-1].end, h.start, h.end) || apposedName(runes, hs[k-1].end, h.start) || remarkName(runes, hs[k-1].end, h.start) ||
			bracketed && listedInParens(runes, hs[k-1].end, h.start, h.end))
		if second {
			// 深圳市人民医院(深圳市第一人民医院), 924医院 也就是…“181医院”,
			// 云南大学附属医院(云南省第二人民医院、云南省眼科医院): the
			// second names of the first.
			f.ref, f.places, f.auth = out[len(out)-1].ref, out[len(out)-1].places, out[len(out)-1].auth
		}
		bracketed = second
		e := st.entity(f.ref, h.surface)
		if h.campus != "" {
			e.Aliases = append(e.Aliases, h.surface+h.campus)
		}
		if f.auth != nil {
			e.Aliases = append(e.Aliases, f.auth.Aliases...)
		}
		st.mention(f, seg.source)
		out = append(out, f)
	}

	ms := st.x.terms.find(text)
	for _, d := range ctx.dynamic {
		for i := 0; ; {
			j := strings.Index(text[i:], d.text)
			if j < 0 {
				break
			}
			b := i + j
			s := len([]rune(text[:b]))
			ms = append(ms, match{start: s, end: s + len([]rune(d.text)), form: d})
			i = b + len(d.text)
		}
	}
	ms = append(ms, st.x.listedPlaces(text, ms)...)
	ms = append(ms, st.x.centres(text)...)
	ms = append(ms, st.x.localProducts(text)...)
	ms = st.x.joinSymptoms(runes, longestFirst(ms, blocked))
	mistaken := mistakenClauses(text)
	for _, m := range ms {
		f := found{surface: m.form.text, start: seg.start + m.start, end: seg.start + m.end}
		if (m.form.kind == termSymptom || m.form.kind == termDepartment) && within(mistaken, m.start) {
			continue // 常被误以为是感冒或胃病而到内科就诊: what it is not
		}
		switch m.form.kind {
		case termDepartment:
			if followsHospitalWord(runes, m.end) {
				continue // 骨科专科医院, 外科医院: a kind of hospital
			}
			if kids := childrensPrefix(runes, m.start, blocked); kids != "" && !strings.HasPrefix(m.form.key, "小儿") && !strings.HasPrefix(m.form.key, "儿") {
				// 儿童过敏反应科: the children's department is a unit of its own.
				f.surface = kids + m.form.text
				f.start -= 2
				key := "小儿" + m.form.key
				if t := st.x.departments.Lookup(key); t != nil {
					key = t.Name
				}
				f.ref = kg.EntityRef{Kind: kg.KindDepartment, Name: key}
				st.entity(f.ref, f.surface)
				break
			}
			if m.form.text == "急诊" && !emergencyDepartment(runes, m.start, m.end) {
				continue // 急诊抢救: emergency care, not the department
			}
			if (m.form.text == "外科" || m.form.text == "内科") && treatmentAfter.MatchString(string(runes[m.end:min(len(runes), m.end+2)])) {
				continue // 心脏瓣膜病的外科手术: a kind of treatment
			}
			if (m.form.text == "外科" || m.form.text == "内科") && m.start > 0 && isHan(runes[m.start-1]) && !strings.ContainsRune(departmentLead, runes[m.start-1]) {
				continue // 甲乳外科, 肝胆包虫病外科: the end of a department not in the lexicon
			}
			f.ref = kg.EntityRef{Kind: kg.KindDepartment, Name: m.form.key}
			st.entity(f.ref, m.form.text)
		case termPolicy:
			if pensionAccounts[m.form.text] && strings.Contains(text, "养老") && !strings.Contains(text, "医保") {
				continue // 个人账户 of a pension (养老金), not of medical insurance
			}
			if rest := string(runes[m.end:min(len(runes), m.end+2)]); rest == "内镜" || rest == "镜下" || rest == "技术" {
				continue // 单侧双通道内镜: a surgical technique
			}
			f.ref = kg.EntityRef{Kind: kg.KindPolicy, Name: m.form.key}
			st.entity(f.ref, m.form.text)
		case termSymptom:
			if hasAt(runes, m.end, "药") {
				continue // 感冒药: a kind of medicine
			}
			if m.form.text == "多饮" && drinkAdvice(runes, m.start, m.end) {
				continue // 多饮水, 好多饮食习惯: not the symptom 多饮
			}
			if strings.HasSuffix(m.form.text, "病") && hasAt(runes, m.end, "变") {
				continue // 眼底病变: a lesion, not the disease cut out of it
			}
			if x, ok := apposed(runes, m.start, out); ok {
				// 混睛帐(…即玻璃体混浊): another name for the same thing.
				st.entity(x.ref, m.form.text)
				f.ref = x.ref
				break
			}
			if rest := string(runes[m.end:min(len(runes), m.end+5)]); strings.HasPrefix(rest, "门诊") && !outpatientService.MatchString(rest) || strings.HasPrefix(rest, "中心") || strings.HasPrefix(rest, "专科") {
				continue // 眩晕门诊, 胸痛中心: a clinic, not the symptom (恶性肿瘤门诊放化疗 is the condition's outpatient care)
			}
			name, cat := st.x.canonicalSymptom(m.form.key)
			surface := m.form.text
			if mod := modifierBefore(runes, m.start); mod != "" && cat == kg.CategoryCondition {
				// 慢性胃炎, 儿童哮喘, 高原肺水肿: the qualified condition is
				// what the text names (a qualified symptom, 慢性腹胀, is
				// still the symptom).
				surface = mod + surface
				name = surface
				if t := st.x.symptoms.Lookup(surface); t != nil {
					name, cat = st.x.canonicalSymptom(t.Name)
				}
				f.start -= len([]rune(mod))
				f.surface = surface
			}
			f.ref = kg.EntityRef{Kind: kg.KindSymptom, Name: name}
			e := st.entity(f.ref, surface)
			if e.Category == "" {
				e.Category = cat
			}
		case termPlace:
			ps := st.x.gaz.Lookup(m.form.text)
			if len(ps) == 0 {
				continue
			}
			if commonWordPlaces[m.form.text] && !st.afterProvince(out, f.start, ps) && !st.listedAfterPlace(out, f.start, ps) {
				continue
			}
			if shortCounty(m.form.text, ps) && m.form.key != listedKey && m.start != 0 && !st.afterProvince(out, f.start, ps) && !st.fullInDoc(ps) &&
				utf8.RuneCountInString(m.form.text) < 3 && !st.prefectureInDoc(ps) {
				continue // 延长, 资源, 和政: county short forms that are also words
			}
			if shortCounty(m.form.text, ps) && utf8.RuneCountInString(m.form.text) == 2 && m.start > 0 && isHan(runes[m.start-1]) && !oneRuneBoundary[runes[m.start-1]] &&
				m.end < len(runes) && isHan(runes[m.end]) &&
				!st.afterProvince(out, f.start, ps) && !(len(out) > 0 && isPlace(out[len(out)-1]) && out[len(out)-1].end == f.start) {
				continue // 按规定结算: no 定结县 (but 安庆下辖怀宁、桐城)
			}
			if twoCharCounty(m.form.text) && !countyApart(runes, m.start, m.end) && !st.afterProvince(out, f.start, ps) {
				continue // 不容易县城: no 易县
			}
			if insideWord(runes, m.start, m.end) {
				continue // 医保定点 is not 保定
			}
			if (m.start == 0 || !isHan(runes[m.start-1])) && companyAfter.MatchString(string(runes[m.end:min(len(runes), m.end+20)])) {
				continue // 北京智者天下科技有限公司: a company's name, in a page's footer
			}
			if streetAfter.MatchString(string(runes[m.end:min(len(runes), m.end+3)])) && !strings.ContainsRune("区县市", runes[m.end-1]) {
				// 乌霞山东路, 北京路, 北京西路: a street named after the place
				// (a place written with its suffix is an address's: 鼓楼区东街).
				continue
			}
			if strings.HasSuffix(m.form.text, "山区") && m.start > 0 && isHan(runes[m.start-1]) && !strings.ContainsRune(placeLead, runes[m.start-1]) &&
				!st.afterProvince(out, f.start, ps) {
				continue // 宁南山区 (the mountains of southern 宁夏) is no 南山区
			}
			p := resolvePlace(st.x.gaz, ps, ctx.topic)
			if n := len(out); n > 0 && isPlace(out[n-1]) && out[n-1].end == f.start &&
				m.start > 0 && (strings.ContainsRune("市省州盟县", runes[m.start-1]) || strings.ContainsRune("区县市旗", runes[m.end-1])) {
				// 福州市鼓楼区: the place written before holds this one
				// (北京天津河北 is a list of places, not 天津's 河北区).
				if q := pickPlace(st.x.gaz, ps, out[n-1].places[0]); q != nil {
					p = q
				}
			}
			for _, pf := range st.placeEntities(p, m.form.text) {
				pf.start, pf.end, pf.surface = f.start, f.end, f.surface
				st.mention(pf, seg.source)
				out = append(out, pf)
			}
			continue
		}
		st.mention(f, seg.source)
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// shortCounty reports whether form is only the short form of counties
// (盱眙 for 盱眙县).
func shortCounty(form string, ps []*gazetteer.Place) bool {
	for _, p := range ps {
		if p.Level != gazetteer.County || form == p.Full || form == p.Name {
			return false
		}
	}
	return true
}

// fullInDoc reports whether the document also names one of the places in
// full (红安 beside 红安县).
func (st *docState) fullInDoc(ps []*gazetteer.Place) bool {
	for _, p := range ps {
		if strings.Contains(st.p.doc.Text, p.Full) || strings.Contains(st.p.doc.Text, p.Name) {
			return true
		}
	}
	return false
}

// prefectureInDoc reports whether the document names the prefecture of
// one of the places (诸暨 in a page about 绍兴).
func (st *docState) prefectureInDoc(ps []*gazetteer.Place) bool {
	for _, p := range ps {
		if pref := st.x.gaz.Prefecture(p); pref != nil && pref != p && strings.Contains(st.p.doc.Text, pref.Name) {
			return true
		}
	}
	return false
}

// placeWords are common words of these pages that contain a place name.
var placeWords = []string{"医保定点", "参保定", "平台中", "舞台中", "后台中", "前台中", "凤凰传奇", "凤凰卫视", "长城宽带", "黄河大合唱"}

// insideWord reports whether [start, end) of seg lies inside one of the
// placeWords there.
func insideWord(seg []rune, start, end int) bool {
	for _, w := range placeWords {
		n := len([]rune(w))
		for s := max(0, end-n); s <= start && s+n <= len(seg); s++ {
			if hasAt(seg, s, w) && (s < start || s+n > end) {
				return true
			}
		}
	}
	return false
}

// afterProvince reports whether a place containing one of ps (its province
// or prefecture) was found right before start.
func (st *docState) afterProvince(fs []found, start int, ps []*gazetteer.Place) bool {
	for _, f := range fs {
		if f.end != start || (f.ref.Kind != kg.KindProvince && f.ref.Kind != kg.KindCity) || len(f.places) == 0 {
			continue
		}
		for _, p := range ps {
			if st.x.gaz.Contains(f.places[0], p) {
				return true
			}
		}
	}
	return false
}

// placeLead are the characters a place's name may follow in running text
// (位于崂山区, 去南山区); after another, a name ending in 山区 may be a
// mountain area's (宁南山区).
const placeLead = "于在到去往至从和与及或、的是为住来回"

// emergencyLead and emergencyAfter make a bare 急诊 the department: a place
// to go (去急诊, 挂急诊, 送急诊) or where one is seen (急诊就诊, 急诊科室).
const emergencyLead = "去到挂看送转走上找"

var emergencyAfter = regexp.MustCompile(`^(?:就诊|看诊|科室)`)

// notNeeded: what is written before a place to go that says not to go there.
var notNeeded = regexp.MustCompile(`(?:不用|不必|无需|不需要|没必要|别)[先再]?[去到挂看]?$`)

// emergencyDepartment reports whether a bare 急诊 at runes[start:end] is
// the department: one is sent there (去急诊) or seen there (急诊就诊), and
// not told that one need not go (也不用先去急诊); 急诊抢救 and 当天急诊处理
// are emergency care.
func emergencyDepartment(runes []rune, start, end int) bool {
	sent := start > 0 && strings.ContainsRune(emergencyLead, runes[start-1]) ||
		emergencyAfter.MatchString(string(runes[end:min(len(runes), end+2)]))
	return sent && !notNeeded.MatchString(string(runes[max(0, start-5):start]))
}

// treatmentAfter: 外科 or 内科 as a kind of treatment (外科手术, 内科治疗).
var treatmentAfter = regexp.MustCompile(`^(?:手术|治疗|干预|处理|方法|疗法)`)

// companyAfter: a place name that opens a company's name.
var companyAfter = regexp.MustCompile(`^[\p{Han}A-Za-z]{0,14}?(?:有限公司|有限责任公司|公司)`)

// streetAfter: a place name that is part of a street's name.
var streetAfter = regexp.MustCompile(`^[东南西北中]?(?:路|大道|大街|街[^道]|道[0-9０-９])`)

// listedAfterPlace reports whether a place of one of ps's provinces comes
// right before start, with 、 between (莆田、宁德、南平: 宁德 is the city).
func (st *docState) listedAfterPlace(fs []found, start int, ps []*gazetteer.Place) bool {
	if start < 1 || st.p.runes[start-1] != '、' {
		return false
	}
	for _, f := range fs {
		if f.end != start-1 || f.ref.Kind != kg.KindCity || len(f.places) == 0 {
			continue
		}
		for _, p := range ps {
			if prov := st.x.gaz.Province(f.places[0]); prov != nil && st.x.gaz.Contains(prov, p) {
				return true
			}
		}
	}
	return false
}

// inParensAfter reports whether [start, end) is the whole of a parenthesis
// that opens right at prevEnd.
//
// A bracket may go on after the name with an address (芜湖市第四人民医院
// (芜湖市精神病医院,弋江区乌霞山东路)): the name before the comma is still
// the first's.
func inParensAfter(seg []rune, prevEnd, start, end int) bool {
	return start == prevEnd+1 && strings.ContainsRune("(（", seg[prevEnd]) &&
		end < len(seg) && strings.ContainsRune(")）,，", seg[end])
}

// listedInParens reports whether the name at [start, end) follows the one
// ending at prevEnd in a list of names inside brackets: (甲、乙).
func listedInParens(seg []rune, prevEnd, start, end int) bool {
	return start == prevEnd+1 && seg[prevEnd] == '、' && end < len(seg) && strings.ContainsRune(")）、", seg[end])
}

// renaming words say that the name after them is another name of the one
// before: 924医院 也就是本地人习惯叫的“181医院”, 北部战区总医院(原沈阳军区总医院),
// 浙江大学医学院附属儿童医院以前叫浙江省儿童保健院.
var renaming = regexp.MustCompile(`也就是|即|又称|俗称|常叫|常称|习称|原名|原称|旧称|人称|习惯叫|习惯称|简称|也叫|又叫|就是|以前叫|原来叫|过去叫|曾叫|曾用名|原`)

// apposedName reports whether the text between two hospital names,
// [prevEnd, start), renames the first: short, within one clause, with a
// renaming word and no list or sentence mark.
func apposedName(seg []rune, prevEnd, start int) bool {
	if start <= prevEnd || start-prevEnd > 16 {
		return false
	}
	gap := string(seg[prevEnd:start])
	return !strings.ContainsAny(gap, "。;；!！?？,，、和与及或") && renaming.MatchString(gap)
}

// remarkName reports whether the hospital name at start is another name of
// the one ending at prevEnd, given after a renaming word: in a later cell
// of its table row (宜昌市第一人民医院 | 三级甲等 | … | 即三峡大学人民医院),
// or in the next clause (三峡大学人民医院，简称“市一医院”).
func remarkName(seg []rune, prevEnd, start int) bool {
	if start <= prevEnd || start-prevEnd > 80 {
		return false
	}
	gap := string(seg[prevEnd:start])
	if !cellRenaming.MatchString(gap) || strings.ContainsAny(gap, "\n。；;、") {
		return false
	}
	if bar := max(strings.LastIndex(gap, "|"), strings.LastIndex(gap, "｜")); bar >= 0 {
		return utf8.RuneCountInString(gap[bar+1:]) <= 24
	}
	return utf8.RuneCountInString(gap) <= 12
}

// cellRenaming: a renaming word right before a name, perhaps in quotes.
var cellRenaming = regexp.MustCompile(`(?:也就是|即|又称|俗称|常叫|常称|习称|人称|简称|也叫|又叫|原名|原称|旧称)[“"「]?$`)

// apposed returns the symptom that the one at start renames, as in
// 混睛帐(可能是指“混睛帐”,即玻璃体混浊): it follows 即 inside a
// parenthesis opened after that symptom.
func apposed(seg []rune, start int, prev []found) (found, bool) {
	if start == 0 || seg[start-1] != '即' {
		return found{}, false
	}
	for i := start - 1; i >= 0 && start-i < 30; i-- {
		switch seg[i] {
		case ')', '）':
			return found{}, false
		case '(', '（':
			for k := len(prev) - 1; k >= 0; k-- {
				if prev[k].ref.Kind == kg.KindSymptom {
					return prev[k], true
				}
			}
			return found{}, false
		}
	}
	return found{}, false
}

// pensionAccounts are the policies whose bare names pensions (养老保险) have
// too.
var pensionAccounts = map[string]bool{"个人账户": true, "统筹账户": true, "统筹基金": true}

// followsHospitalWord reports whether a hospital word follows end.
func followsHospitalWord(runes []rune, end int) bool {
	return hasAt(runes, end, "医院") || hasAt(runes, end, "专科医院")
}

// outpatientService: 门诊 after a condition that begins its outpatient
// care or cover, not a clinic's name (恶性肿瘤门诊放化疗, 高血压门诊用药).
var outpatientService = regexp.MustCompile(`^门诊(?:放化疗|放疗|化疗|治疗|透析|用药|费用|报销|购药|慢特病|特殊病)`)

// centres finds named specialist centres (呼吸疾病诊疗中心).
var centrePattern = regexp.MustCompile(`(?:呼吸|心血管|心脏|胸痛|卒中|消化|内镜|神经|肿瘤|康复|睡眠|眩晕|疼痛|创伤|烧伤|生殖|血液|肾脏|透析|糖尿病|内分泌|甲状腺|乳腺|肝病|关节|脊柱|运动|口腔|皮肤|儿童|新生儿|妇女|健康管理|介入|帕金森)[\p{Han}]{0,8}?(?:诊疗中心|治疗中心|专病中心|专病门诊|医学中心)`)

// findInLines is re.FindAllStringIndex(text, -1) for a pattern whose
// matches never cross a line, run only on the lines that may hold one: a
// pattern that opens with an alternation makes the regexp try every
// position, where a test for a literal it needs is fast.
func findInLines(re *regexp.Regexp, text string, may func(line string) bool) [][]int {
	var locs [][]int
	for lineStart := 0; lineStart < len(text); {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		if line := text[lineStart:lineEnd]; may(line) {
			for _, loc := range re.FindAllStringIndex(line, -1) {
				locs = append(locs, []int{lineStart + loc[0], lineStart + loc[1]})
			}
		}
		lineStart = lineEnd + 1
	}
	return locs
}

// centreEnds are the endings centrePattern needs: a line without one
// cannot match, and the pattern's leading alternation makes the regexp
// try every position of a line (a third of extraction's regexp time).
var centreEnds = []string{"诊疗中心", "治疗中心", "专病中心", "专病门诊", "医学中心"}

func (x *Extractor) centres(text string) []match {
	var out []match
	pos := newRuneCounter(text)
	// A match is Han characters only, so within one line.
	locs := findInLines(centrePattern, text, func(line string) bool {
		return slices.ContainsFunc(centreEnds, func(end string) bool { return strings.Contains(line, end) })
	})
	for _, loc := range locs {
		name := text[loc[0]:loc[1]]
		if strings.ContainsAny(name, "患者可关注在是为到的开设科等和") {
			continue // 疼痛患者可关注康复医学中心, 乳腺外科开设…专病门诊, 神经免疫等专病门诊: a sentence or a list, not a name
		}
		key := strings.Replace(name, "专病门诊", "专病中心", 1)
		if t := x.departments.Lookup(name); t != nil {
			key = t.Name
		}
		out = append(out, match{start: pos.at(loc[0]), end: pos.at(loc[1]), form: form{text: name, kind: termDepartment, key: key}})
	}
	return out
}

// placeEntities returns the entities a place mention names: a municipality
// is both a province and a city.
func (st *docState) placeEntities(p *gazetteer.Place, surface string) []found {
	var out []found
	add := func(pl *gazetteer.Place, kind kg.Kind) {
		ref := kg.EntityRef{Kind: kind, Name: pl.Name}
		e := st.entity(ref, surface)
		e.Code = gazetteer.Code6(pl.Code) // the six digits the API serves (320500)
		e.Aliases = append(e.Aliases, pl.Aliases...)
		if kind == kg.KindCity {
			e.Level = kg.LevelPrefecture
			if pl.Level == gazetteer.County {
				e.Level = kg.LevelCounty
			}
		}
		out = append(out, found{ref: ref, places: []*gazetteer.Place{pl}})
	}
	switch p.Level {
	case gazetteer.Province:
		add(p, kg.KindProvince)
		if c := st.x.gaz.Capital(p); c != nil && c.Name == p.Name && c != p {
			add(c, kg.KindCity) // 天津: a municipality is a city too
		}
	default:
		add(p, kg.KindCity)
		if prov := st.x.gaz.Province(p); prov != nil && prov.Name == p.Name && prov != p {
			add(prov, kg.KindProvince)
		}
	}
	return out
}

// entity returns the document's entity for ref, creating it, and records
// surface as one of its names.
func (st *docState) entity(ref kg.EntityRef, surface string) *kg.Entity {
	e, ok := st.entities[ref]
	if !ok {
		e = &kg.Entity{EntityRef: ref}
		var t *lexicon.Term
		switch ref.Kind {
		case kg.KindDepartment:
			t = st.x.departments.Lookup(ref.Name)
		case kg.KindPolicy:
			if t = st.x.policies.Lookup(ref.Name); t == nil {
				t = st.x.local.Lookup(ref.Name)
			}
		case kg.KindSymptom:
			t = st.x.symptoms.Lookup(ref.Name)
		}
		if t != nil {
			e.Aliases = append(e.Aliases, t.Aliases...)
			e.Category = t.Category
		}
		st.entities[ref] = e
	}
	if surface != "" && surface != ref.Name {
		e.Aliases = append(e.Aliases, surface)
	}
	return e
}

func (st *docState) mention(f found, src kg.Source) {
	st.ex.Mentions = append(st.ex.Mentions, kg.Mention{
		Entity: f.ref, Surface: f.surface, Source: src,
		Span: kg.Span{Start: f.start, End: f.end, Snippet: st.p.text(f.start, f.end)},
	})
}

func uniqueSorted(ss []string, without string) []string {
	seen := map[string]bool{without: true}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// drinkAdvice reports whether 多饮 at start..end is advice (多饮水) or
// part of 好多饮食 rather than the symptom (多饮、多食、多尿).
func drinkAdvice(runes []rune, start, end int) bool {
	if end >= len(runes) {
		return false
	}
	next := runes[end]
	if strings.ContainsRune("水茶酒汤", next) {
		return true
	}
	return next == '食' && start > 0 && strings.ContainsRune("好许很太过较更", runes[start-1])
}

// childrensPrefix returns 儿童 or 小儿 when it stands right before the
// department at start and is not the end of a name already read (西安市儿童医院
// ends in 医院, so its 儿童 never reaches here).
func childrensPrefix(runes []rune, start int, blocked []span) string {
	if start < 2 {
		return ""
	}
	p := string(runes[start-2 : start])
	if p != "儿童" && p != "小儿" {
		return ""
	}
	for _, b := range blocked {
		if start-2 < b.end && b.start < start {
			return ""
		}
	}
	return p
}

// mistakenCue (every cue holds 误, 以为 or 当成了) opens a clause that says what a condition is mistaken for
// (常被误以为是感冒或胃病而到内科就诊): the symptoms and departments in it are
// not what the text ties together.
var mistakenCue = regexp.MustCompile(`误以为|误认为|误当作|误当成|误诊为|当成了|以为只是|以为是`)

// mistakenClauses returns, in runes, the spans from each mistaken cue to
// the end of its clause.
func mistakenClauses(text string) []span {
	var out []span
	pos := newRuneCounter(text)
	runes := []rune(text)
	cues := findInLines(mistakenCue, text, func(line string) bool {
		return strings.Contains(line, "误") || strings.Contains(line, "以为") || strings.Contains(line, "当成了")
	})
	for _, loc := range cues {
		s := pos.at(loc[0])
		e := s
		for e < len(runes) && !clauseMark(runes[e]) && !sentenceEnd(runes[e]) {
			e++
		}
		out = append(out, span{s, e})
	}
	return out
}

func within(spans []span, at int) bool {
	for _, s := range spans {
		if at >= s.start && at < s.end {
			return true
		}
	}
	return false
}
