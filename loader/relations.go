package loader

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/graph/kg"
)

// sentence is a stretch of a segment between sentence marks, with the
// mentions inside it.
type sentence struct {
	start, end int
	src        kg.Source
	found      []found
}

// sentenceEnd marks the end of a sentence. Runs of two or more spaces also
// separate the parts of these pages' summaries.
func sentenceEnd(r rune) bool { return kg.IsSentenceEnd(r) }

func splitSentences(runes []rune, start, end int, fs []found) []sentence {
	var out []sentence
	s := start
	emit := func(e int) {
		t := trimSpan(runes, s, e)
		if t.end > t.start {
			out = append(out, sentence{start: t.start, end: t.end})
		}
	}
	for i := start; i < end; i++ {
		if sentenceEnd(runes[i]) {
			emit(i + 1)
			s = i + 1
		} else if runes[i] == ' ' && i+1 < end && runes[i+1] == ' ' {
			emit(i)
			for i+1 < end && runes[i+1] == ' ' {
				i++
			}
			s = i + 1
		}
	}
	emit(end)
	for k := range out {
		for _, f := range fs {
			if f.start >= out[k].start && f.end <= out[k].end {
				out[k].found = append(out[k].found, f)
			}
		}
	}
	return out
}

// relate draws the relations of one unit (the article or an item).
func (st *docState) relate(ctx unitContext, segs []segment, hospitals, departments, policies, symptoms, places []found, sents []sentence) {
	src := segs[0].source
	for k := range sents {
		sents[k].src = src
	}
	// sentOf is the sentence a match is in. Sentences come in text order
	// and do not overlap (splitSentences), so the one that may hold it is
	// the last that starts at or before it: found by halving, not by a
	// scan per match (a list of 100,000 names is as many sentences).
	sentOf := func(f found) sentence {
		i := sort.Search(len(sents), func(i int) bool { return sents[i].start > f.start }) - 1
		if i >= 0 && f.end <= sents[i].end {
			return sents[i]
		}
		return sentence{start: f.start, end: f.end, src: src}
	}

	// Cities are in their provinces.
	for _, p := range places {
		if p.ref.Kind != kg.KindCity {
			continue
		}
		st.inProvince(p.ref, p.places[0], sentOf(p), p, p)
	}

	// Hospitals: where they are, what they are recommended for.
	for _, h := range hospitals {
		s := sentOf(h)
		cities, how := st.hospitalCities(h, ctx)
		for _, c := range cities {
			ref := st.cityEntity(c)
			st.relation(kg.LocatedIn, how, h.ref, ref, s, h, h)
			st.inProvince(ref, c, s, h, h)
		}
		if st.freeLayout() {
			continue // statedRelations reads what such pages recommend
		}
		for _, sym := range ctx.symptoms {
			st.relation(kg.RecommendedFor, kg.MethodTitleTemplate, h.ref, sym, s, h, h)
		}
	}

	// Departments: for the unit's symptoms, and for symptoms named with
	// them in one clause (高血压患者建议心血管科同步检查).
	for _, d := range departments {
		s := sentOf(d)
		for _, sym := range ctx.symptoms {
			if st.freeLayout() {
				break
			}
			st.relation(kg.DepartmentFor, kg.MethodTitleTemplate, d.ref, sym, s, d, d)
		}
		for _, y := range st.bracketedAfter(d, symptoms) {
			// 心血管内科(冠心病、慢性心力衰竭);内分泌科(糖尿病): what it sees.
			st.relation(kg.DepartmentFor, kg.MethodList, d.ref, y.ref, s, d, y)
		}
		for _, y := range symptoms {
			if withinClause(st.p.runes, d, y, departmentClauseMark) && directive.MatchString(st.p.text(min(d.start, y.start), max(d.end, y.end))) {
				st.relation(kg.DepartmentFor, kg.MethodSentence, d.ref, y.ref, s, d, y)
			}
		}
		ys := st.complaintsBefore(s, d, symptoms, departments, hospitals)
		if slices.ContainsFunc(ys, func(y found) bool { return st.restatesTitle(ctx, y) }) {
			ys = nil // 3个月以下婴儿发热、高热抽搐的 under 小儿发热: the title's complaint, worse; the template ties it
		}
		for _, y := range ys {
			// 平时心慌、手抖、怕热的，挂内分泌科查甲功.
			st.relation(kg.DepartmentFor, kg.MethodSentence, d.ref, y.ref, s, d, y)
		}
	}

	// Hospitals have the departments named with them.
	var last, heading *found
	for _, s := range sents {
		st.hasDepartments(s, &last, heading)
		heading = st.headingHospital(s)
	}

	// Policies apply where the unit is about, and where a sentence says.
	for _, pol := range policies {
		if genericPolicies[pol.ref.Name] {
			continue // 补充保险, 医保目录: every place has them (issue 12, item 4)
		}
		s := sentOf(pol)
		if r := st.x.policyRegion(pol.ref.Name); r != nil {
			how := kg.MethodAuthority // the lexicon of local products
			if _, listed := st.x.regions[pol.ref.Name]; !listed {
				how = kg.MethodName // 烟台惠民保
			}
			st.relation(kg.PolicyAppliesIn, how, pol.ref, st.regionEntity(r), s, pol, pol)
			// and where a sentence says it is available (呼和浩特、包头…已经开通蒙惠保).
		} else if ctx.topic != nil && !st.freeLayout() &&
			(availability.MatchString(st.p.text(s.start, s.end)) || parameters.MatchString(st.p.text(s.start, s.end)) || procedure.MatchString(st.p.text(s.start, s.end))) {
			// An item about a place gives the policy's terms there; a passing
			// mention (补充保险可以自愿购买) says nothing of the place.
			st.relation(kg.PolicyAppliesIn, kg.MethodContext, pol.ref, st.regionEntity(ctx.topic), s, pol, pol)
		}
		home := st.ownRegion(ctx, st.p.text(s.start, pol.end))
		if home == nil {
			home = st.ownRegion(ctx, st.p.text(s.start, s.end)) // 家庭共济在我省已全面开通
		}
		if home == nil {
			// 现将我市…名单公布如下。… 按门诊共济保障有关规定…: the
			// paragraph's 我市.
			home = st.ownRegion(ctx, st.p.text(st.lineStart(s.start), pol.end))
		}
		if home != nil && st.freeLayout() {
			// 我省已开通职工医保个人账户家庭共济 on the 青海 医保局's page.
			st.relation(kg.PolicyAppliesIn, kg.MethodContext, pol.ref, st.regionEntity(home), s, pol, pol)
		}
		stated := st.availableIn(s, pol)
		if r := st.x.policyRegion(pol.ref.Name); r != nil {
			// A local product is its region's, though its sentence lists
			// others' (杭州的西湖益联保、宁波的天一甬宁保…都推出了).
			stated = slices.DeleteFunc(stated, func(pl found) bool {
				p := pl.places[0]
				return p != r && !st.x.gaz.Contains(p, r) && !st.x.gaz.Contains(r, p)
			})
		}
		for _, pl := range stated {
			st.relation(kg.PolicyAppliesIn, kg.MethodSentence, pol.ref, st.regionEntity(pl.places[0]), s, pol, pl)
		}
		if len(stated) == 0 && st.x.policyRegion(pol.ref.Name) == nil && st.freeLayout() && parameters.MatchString(st.p.text(s.start, s.end)) {
			// A paragraph about one place gives the policy's figures there
			// (唐河县城乡居民医保…由大病保险按比例再报销).
			if pl := st.paragraphPlace(sents, s, pol); pl != nil {
				st.relation(kg.PolicyAppliesIn, kg.MethodContext, pol.ref, st.regionEntity(pl.places[0]), s, pol, *pl)
			}
		}
	}
}

// hospitalCities says where a hospital is: the most specific place in its
// name (and that place's prefecture), the capital for a provincial hospital
// (青海省人民医院), or else where its item is about (3201医院 in 汉中).
func (st *docState) hospitalCities(h found, ctx unitContext) ([]*gazetteer.Place, kg.Method) {
	gaz := st.x.gaz
	how := kg.MethodName
	var deepest *gazetteer.Place
	if h.auth != nil {
		at := st.x.authority.places[h.auth]
		if pref := gaz.Prefecture(at); at.Level == gazetteer.County && pref != nil && pref != at && !st.namedAny(at) && st.namedAny(pref) {
			// 西南医院 is in 沙坪坝区, but a page about 重庆 that never
			// says 沙坪坝 places it in 重庆.
			at = pref
		}
		h.places = []*gazetteer.Place{at}
		how = kg.MethodAuthority
	}
	for _, p := range h.places {
		if p.Level != gazetteer.Province && (deepest == nil || deepest.Level != gazetteer.County || p.Level == gazetteer.County) {
			deepest = p // the last, most specific place in the name
		}
	}
	switch {
	case deepest != nil:
	case len(h.places) > 0 && (provincialHospital(h) || municipality(gaz, h.places[0])) && st.namedHere(gaz.Capital(h.places[0])):
		// 青海省人民医院: a province's own hospital is in its capital, when
		// the page names the capital; 重庆市儿童医院 is in the city 重庆.
		return nonNil(gaz.Capital(h.places[0])), kg.MethodGazetteer
	case len(h.places) > 0 && ctx.topic != nil && ctx.topic.Level != gazetteer.Province && gaz.Contains(h.places[0], ctx.topic):
		// 山东第二医科大学附属医院 in an item about 潍坊: a provincial
		// university's hospital may be in any city of the province.
		deepest, how = ctx.topic, kg.MethodContext
	case len(h.places) > 0:
		return nil, how
	case ctx.topic != nil && ctx.topic.Level != gazetteer.Province:
		deepest, how = ctx.topic, kg.MethodContext
	default:
		return nil, how
	}
	out := []*gazetteer.Place{deepest}
	if deepest.Level == gazetteer.County {
		// The county's prefecture too, when the page names it: a page
		// about 昆山 that never says 苏州 says nothing of 苏州.
		if pref := gaz.Prefecture(deepest); pref != nil && pref != deepest && st.namedHere(pref) {
			out = append(out, pref)
		}
	}
	return out, how
}

// municipality reports whether a province is a city of its own (北京,
// 重庆), whose capital is the same place.
func municipality(gaz *gazetteer.Gazetteer, p *gazetteer.Place) bool {
	c := gaz.Capital(p)
	return p.Level == gazetteer.Province && c != nil && c.Name == p.Name
}

// provincialHospital reports whether a hospital is named as a province's
// own (青海省人民医院, 江西省胸科医院), not a university's.
// 浙江衢化医院 names its province without 省 and is not in the capital.
func provincialHospital(h found) bool {
	return !universityName.MatchString(h.ref.Name) && strings.ContainsAny(h.surface+h.ref.Name, "省区")
}

// universityName: a university's or college's hospital.
var universityName = regexp.MustCompile(`大学|学院|医科|医学院`)

// namedHere reports whether the document names the place by its name or
// full name.
func (st *docState) namedHere(p *gazetteer.Place) bool {
	if p == nil {
		return false
	}
	return st.namedBy(p, false, func() bool {
		return strings.Contains(st.p.doc.Text, p.Name) || strings.Contains(st.p.doc.Text, p.Full)
	})
}

// namedAny reports whether the document names the place by any of its
// names (沙坪坝 for 沙坪坝区).
func (st *docState) namedAny(p *gazetteer.Place) bool {
	return st.namedHere(p) || st.namedBy(p, true, func() bool {
		return slices.ContainsFunc(p.Aliases, func(a string) bool { return strings.Contains(st.p.doc.Text, a) })
	})
}

// namedBy answers from the document's cache, or reads the text once: a
// page naming a hospital ten thousand times asks as often of its place.
func (st *docState) namedBy(p *gazetteer.Place, alias bool, read func() bool) bool {
	k := placeName{p, alias}
	if v, ok := st.named[k]; ok {
		return v
	}
	if st.named == nil {
		st.named = map[placeName]bool{}
	}
	v := read()
	st.named[k] = v
	return v
}

// placeName keys the cache of namedBy: a place, by its names or by its
// aliases.
type placeName struct {
	p     *gazetteer.Place
	alias bool
}

func nonNil(p *gazetteer.Place) []*gazetteer.Place {
	if p == nil {
		return nil
	}
	return []*gazetteer.Place{p}
}

// cityEntity returns the City entity for a prefecture or county.
func (st *docState) cityEntity(p *gazetteer.Place) kg.EntityRef {
	ref := kg.EntityRef{Kind: kg.KindCity, Name: p.Name}
	e := st.entity(ref, "")
	e.Code = gazetteer.Code6(p.Code)
	e.Aliases = append(e.Aliases, p.Aliases...)
	e.Level = kg.LevelPrefecture
	if p.Level == gazetteer.County {
		e.Level = kg.LevelCounty
	}
	return ref
}

// regionEntity returns the entity a policy applies in: the province for a
// province or municipality, else the city.
func (st *docState) regionEntity(p *gazetteer.Place) kg.EntityRef {
	if p.Level != gazetteer.Province {
		if prov := st.x.gaz.Province(p); prov != nil && prov.Name == p.Name {
			p = prov // 天津: policies apply in the municipality as a province
		} else {
			return st.cityEntity(p)
		}
	}
	ref := kg.EntityRef{Kind: kg.KindProvince, Name: p.Name}
	e := st.entity(ref, "")
	e.Code = gazetteer.Code6(p.Code)
	e.Aliases = append(e.Aliases, p.Aliases...)
	return ref
}

// inProvince links a city to its province.
func (st *docState) inProvince(city kg.EntityRef, p *gazetteer.Place, s sentence, a, b found) {
	prov := st.x.gaz.Province(p)
	if prov == nil {
		return
	}
	st.relation(kg.InProvince, kg.MethodGazetteer, city, st.regionEntity(prov), s, a, b)
}

// mostSpecific returns the places of a sentence without those that contain
// another place of the sentence (江苏苏州 → 苏州).
func mostSpecific(gaz *gazetteer.Gazetteer, fs []found) []found {
	var ps []found
	for _, f := range fs {
		if (f.ref.Kind == kg.KindProvince || f.ref.Kind == kg.KindCity) && len(f.places) > 0 {
			ps = append(ps, f)
		}
	}
	var out []found
	seen := map[kg.EntityRef]bool{}
	for _, a := range ps {
		inner := false
		for _, b := range ps {
			if a.places[0] != b.places[0] && gaz.Contains(a.places[0], b.places[0]) && a.places[0].Name != b.places[0].Name {
				inner = true
				break
			}
		}
		// A municipality is found as a province and a city: keep one.
		key := kg.EntityRef{Kind: kg.KindProvince, Name: a.places[0].Name}
		if !inner && !seen[key] {
			seen[key] = true
			out = append(out, a)
		}
	}
	return out
}

// sendsToDept opens a clause that sends the patient to the department right
// after it (可以先挂, 建议直接到, 挂).
var sendsToDept = regexp.MustCompile(`^\s*(?:可以|可|应|应该|需要|需|建议|最好|要)?(?:先|直接|尽快|及时|马上|再)?(?:挂|看|去|到)$`)

// complaintsBefore returns the complaints of the clause right before
// department d's, when d's clause opens by sending the patient to it
// and the clause before names complaints and no department or hospital
// (如果还伴有咳嗽、咳痰，可以先挂呼吸与危重症医学科).
func (st *docState) complaintsBefore(s sentence, d found, symptoms, departments, hospitals []found) []found {
	runes := st.p.runes
	at := clauseStart(runes, d.start, s.start, 9)
	if at == s.start || !departmentClauseMark(runes[at-1]) || runes[at-1] == ':' || runes[at-1] == '：' || !sendsToDept.MatchString(string(runes[at:d.start])) {
		return nil
	}
	end := at - 1
	start := clauseStart(runes, end, s.start, 40)
	if likelyCause.MatchString(string(runes[start:end])) {
		return nil // 多为稳定型心绞痛，可挂心血管内科: what it may be, not what the patient has
	}
	in := func(f found) bool { return f.start >= start && f.end <= end }
	if slices.ContainsFunc(departments, in) || slices.ContainsFunc(hospitals, in) {
		return nil
	}
	var ys []found
	for _, y := range symptoms {
		if in(y) {
			ys = append(ys, y)
		}
	}
	return ys
}

// likelyCause: a clause names what a complaint may be, not the complaint.
var likelyCause = regexp.MustCompile(`多为|多是|可能是|多半是|考虑|提示|警惕|排查|常见于|见于|排除`)

// directive: the text sends a patient to a department (建议心血管科检查).
var directive = regexp.MustCompile(`建议|首选|挂|就诊|前往|检查|排查|需要|需|应|可选`)

// availability: a clause says a policy is available, piloted or started
// somewhere (已开通医保钱包, 试点运行, 实现…跨省共济).
var availability = regexp.MustCompile(`开通|开放|落实|推开|允许|办理|试点|实施|推行|实行|上线|启动|落地|执行|支持|实现|出台|推出|开展|启用|施行|覆盖|纳入|互认|通办|推广|普及|全面|适用|接入|可以申请|可申请|可以享受|可享受|认定的|统一`)

// procedure: a sentence tells how to use a policy (绑定流程, 点击【解绑】).
var procedure = regexp.MustCompile(`绑定|解绑|申请|流程|操作|模块|选项|页面|入口|认证`)

// genericPolicies are the kinds of insurance every place has: a page about
// a place that names them does not say they apply there.
var genericPolicies = map[string]bool{"补充保险": true, "基本医疗保险": true, "医保目录": true, "商业保险": true}

// ownProvince and ownCity: the page's own province or city, as its
// publisher writes them (我省, 本市).
var (
	ownProvince = regexp.MustCompile(`(?:我|本|全)省`)
	ownCity     = regexp.MustCompile(`(?:我|本|全)市`)
)

// ownRegion returns the place a text means by the last 我省 or 我市 in
// it: the one province, or the one city, the page's title names; nil when
// it names none or several.
func (st *docState) ownRegion(ctx unitContext, sentence string) *gazetteer.Place {
	// The marker nearest before the policy's end (统一全省门诊慢特病病种…,
	// 我市门诊慢特病待遇: 我市 for the second mention).
	last := func(re *regexp.Regexp) int {
		locs := re.FindAllStringIndex(sentence, -1)
		if locs == nil {
			return -1
		}
		return locs[len(locs)-1][0]
	}
	var want gazetteer.Level
	switch p, c := last(ownProvince), last(ownCity); {
	case p < 0 && c < 0:
		return nil
	case p > c:
		want = gazetteer.Province
	default:
		want = gazetteer.Prefecture
	}
	var found *gazetteer.Place
	for _, p := range ctx.places {
		if p.Level != want {
			continue
		}
		if found != nil && found != p {
			return nil
		}
		found = p
	}
	return found
}

// parameters: a sentence gives a policy's figures or terms.
var parameters = regexp.MustCompile(`报销|比例|起付|封顶|缴费|标准|待遇|支付|赔付|限额|%|\d+元`)

// lineStart returns where the line holding at starts.
func (st *docState) lineStart(at int) int {
	for at > 0 && st.p.runes[at-1] != '\n' {
		at--
	}
	return at
}

// paragraphPlace returns the one most specific place named before pol in
// pol's paragraph (its line), or nil when there is none or several.
func (st *docState) paragraphPlace(sents []sentence, s sentence, pol found) *found {
	lineStart := st.lineStart(s.start)
	var before []found
	for _, o := range sents {
		if o.start < lineStart || o.start > s.start {
			continue
		}
		for _, f := range o.found {
			if f.end <= pol.start {
				before = append(before, f)
			}
		}
	}
	ps := mostSpecific(st.x.gaz, before)
	if len(ps) != 1 {
		return nil
	}
	return &ps[0]
}

// continuation opens a clause that goes on with the places of the one
// before (…已开通医保钱包,实现职工医保个人账户跨省共济).
var continuation = regexp.MustCompile(`^\s*(?:已经|已|均已|都已|也已)?(实现|并|从而|同时|即|且)`)

// insuredOf: a clause naming the people insured in its places (咸阳、宝鸡等市参保人员;
// what may stand between the places and 参保 is insuredGap).
var insuredOf = regexp.MustCompile(`参保(?:人员|人|群众|患者|职工|居民)`)

// insuredJoined: a clause naming the people who joined a place's scheme
// (参加广州职工医保的人员, 参加本市城乡居民医疗保险的居民).
var insuredJoined = regexp.MustCompile(`参加([^，。,；;]{1,12}?)(?:医保|医疗保险)的?(?:人员|人|群众|患者|职工|居民)`)

// canUse: the clause says its people can use the policy (可在我院…直接结算),
// not only compares it (职工医保的报销比例普遍高于居民医保).
var canUse = regexp.MustCompile(`可|能|即可|享受|直接`)

// negated: the clause says a policy is not needed or not available.
var negated = regexp.MustCompile(`不需要|不需|无需|不用|不必|不能|无法|没有|未`)

// insuredEarlier returns the places of the insured that a clause before
// cs[k], the clause of policy pol, names (not where they go: 河北参保人员到
// 北京…), unless pol's clause says the policy is not needed.
func (st *docState) insuredEarlier(s sentence, cs []span, k int, pol found) []found {
	if negated.MatchString(st.p.text(cs[k].start, pol.start)) {
		return nil
	}
	for j := k - 1; j >= 0; j-- {
		if places := st.insuredPlaces(s, cs[j]); len(places) > 0 {
			return places
		}
	}
	return nil
}

// insuredPlaces returns the places that clause c of sentence s names as
// where its people are insured: the places before 参保人员 and the like,
// unless a native place (广西籍参保人).
func (st *docState) insuredPlaces(s sentence, c span) []found {
	text := st.p.text(c.start, c.end)
	if m := insuredJoined.FindStringSubmatchIndex(text); m != nil {
		// 参加广州职工医保的人员: the places between 参加 and the scheme.
		from := c.start + utf8.RuneCountInString(text[:m[2]])
		to := c.start + utf8.RuneCountInString(text[:m[3]])
		var out []found
		for _, f := range foundIn(s, span{from, to}) {
			if isPlace(f) {
				out = append(out, f)
			}
		}
		if len(out) > 0 {
			return mostSpecific(st.x.gaz, out)
		}
	}
	loc := insuredOf.FindStringIndex(text)
	if loc == nil || strings.HasSuffix(text[:loc[0]], "籍") {
		return nil
	}
	at := c.start + utf8.RuneCountInString(text[:loc[0]])
	// The places written right before, as a list (咸阳、宝鸡等市参保人员,
	// 昆明职工医保参保人); not 南昌、九江 in 住在南昌、九江等地的上饶参保人.
	fs := foundIn(s, c)
	var out []found
	end := at
	for i := len(fs) - 1; i >= 0; i-- {
		f := fs[i]
		if f.end > end {
			continue
		}
		if !isPlace(f) {
			if f.ref.Kind == kg.KindPolicy && f.end <= end {
				end = f.start // 昆明职工医保参保人
				continue
			}
			break
		}
		gap := st.p.text(f.end, end)
		if len(out) == 0 && !insuredGap.MatchString(gap) || len(out) > 0 && !listGap.MatchString(gap) {
			break
		}
		out = append(out, f)
		end = f.start
	}
	return mostSpecific(st.x.gaz, out)
}

// insuredGap and listGap are what may stand between the places of the
// insured and 参保 (等市, 的), and between two of them (、, 和).
var (
	insuredGap = regexp.MustCompile(`^\s*(?:等|等地|等市|等省|等县|等区|等省辖市|等地市)?\s*(?:的)?\s*$`)
	listGap    = regexp.MustCompile(`^\s*[、,，和及与]?\s*$`)
)

// availableIn returns the places where sentence s says policy pol is
// available: the places of its clause, or of the clause before when its
// clause continues that one, if the clause says so.
func (st *docState) availableIn(s sentence, pol found) []found {
	cs := clauses(st.p.runes, s)
	for k, c := range cs {
		if pol.start < c.start || pol.end > c.end {
			continue
		}
		text := st.p.text(c.start, c.end)
		if label := strings.TrimSpace(listNumber.ReplaceAllString(text, "")); label == pol.surface && k+1 < len(cs) && c.end < len(st.p.runes) &&
			strings.ContainsRune(":：", st.p.runes[c.end]) {
			// • 家庭共济 :昆明职工医保参保人可用个人账户…: a list's label, and
			// its description's insured.
			if places := st.insuredPlaces(s, cs[k+1]); len(places) > 0 {
				return places
			}
		}
		if !availability.MatchString(text) {
			// 山东、安徽等省参保患者,…可在我院跨省异地就医直接结算: the
			// sentence's insured use it where they are insured.
			if canUse.MatchString(st.p.text(c.start, pol.start)) {
				return st.insuredEarlier(s, cs, k, pol)
			}
			return nil
		}
		places := mostSpecific(st.x.gaz, foundIn(s, c))

		if len(places) == 0 && k > 0 && continuation.MatchString(text) {
			places = mostSpecific(st.x.gaz, foundIn(s, cs[k-1]))
		}
		if len(places) == 0 {
			// 咸阳、宝鸡…等市参保人员,办理备案后,…可实现省内异地就医直接结算.
			places = st.insuredEarlier(s, cs, k, pol)
		}
		if len(places) == 0 && k+1 < len(cs) && availability.MatchString(st.p.text(cs[k+1].start, cs[k+1].end)) {
			// …已实现跨省直接结算,海南、广东…等省份均已接入.
			places = mostSpecific(st.x.gaz, foundIn(s, cs[k+1]))
		}
		if len(places) == 0 && k+1 < len(cs) && canUse.MatchString(st.p.text(cs[k+1].start, cs[k+1].end)) {
			// …个人账户已经开放家庭共济,岳阳、衡阳、常德等市的参保职工都可以…:
			// the next clause's insured, who can use it.
			places = st.insuredPlaces(s, cs[k+1])
		}
		return places
	}
	return nil
}

func clauses(runes []rune, s sentence) []span { return clausesBy(runes, s, clauseMark) }

// clausesBy splits sentence s at the runes mark says end a clause.
func clausesBy(runes []rune, s sentence, mark func(rune) bool) []span {
	var out []span
	start := s.start
	for i := s.start; i < s.end; i++ {
		if mark(runes[i]) {
			out = append(out, span{start, i})
			start = i + 1
		}
	}
	return append(out, span{start, s.end})
}

func foundIn(s sentence, c span) []found {
	var out []found
	for _, f := range s.found {
		if f.start >= c.start && f.end <= c.end {
			out = append(out, f)
		}
	}
	return out
}

// clauseMark separates the clauses of a sentence. The full-width comma
// and semicolon are not among them: the rules that place a hospital and
// give it departments and policies read across them (成都市妇女儿童中心医院，
// 在青羊区), and were measured so; departmentClauseMark has them.
func clauseMark(r rune) bool { return strings.ContainsRune(",;:：", r) }

// departmentClauseMark separates the clauses in which a department is tied
// to a symptom: 神经内科擅长帕金森病、癫痫，神经外科擅长脑胶质瘤 gives 神经外科
// no 帕金森病, in either width; and a table's cells (皮疹、脱发 | 皮肤科 |
// 儿童皮疹伴发热先看儿科 gives 儿科 no 脱发).
func departmentClauseMark(r rune) bool { return strings.ContainsRune(",，;；:：|｜", r) }

func sameClause(runes []rune, a, b found) bool {
	return withinClause(runes, a, b, clauseMark)
}

func withinClause(runes []rune, a, b found, mark func(rune) bool) bool {
	lo, hi := a.end, b.start
	if b.end <= a.start {
		lo, hi = b.end, a.start
	} else if a.start < b.end && b.start < a.end {
		return false
	}
	if hi-lo > 30 {
		return false
	}
	for i := lo; i < hi; i++ {
		if mark(runes[i]) || sentenceEnd(runes[i]) {
			return false
		}
	}
	return true
}

// adjacentDept: a department right after a hospital name, e.g.
// 苏州大学附属第一医院血液科, …医院(十梓街院区) 的神经内科, 常州中医医院(脾胃病科),
// or after the bracket the name stands in (毓璜顶医院(青岛大学附属烟台毓璜顶医院,
// 老烟台人习惯叫"毓璜顶")脊柱外科).
var adjacentDept = regexp.MustCompile(`^\s*(?:[(（][^()（）]{0,12}[)）]|[,，][^()（）。;；!?！？]{0,20}[)）])?\s*(?:的)?\s*[(（]?$`)

// coordinated: a department after another, joined by 、和及与.
var coordinated = regexp.MustCompile(`^\s*[、和及与]\s*$`)

// specialtyOf reports whether hospital h is named for department d's
// field (哈尔滨市儿童医院 and 儿科, 眼科医院 and 眼科): 推荐哈尔滨市儿童医院和
// 哈医大二院的儿科 names the one hospital and the other's department.
func specialtyOf(h, d found) bool {
	field := strings.TrimSuffix(d.ref.Name, "科")
	return field != "" && field != d.ref.Name && strings.Contains(h.ref.Name, field)
}

// ownHospitalBefore: the words for the page's own hospital right before a
// department (我们医院儿科, 先在我们呼吸与危重症医学科).
var ownHospitalBefore = regexp.MustCompile(`(?:我院|本院|我们医院|咱们医院|我们|咱们)的?$`)

// joinedNames: what joins two names one list gives together (hospitals:
// …专科医院或青海省人民医院的心血管内科; departments: 急诊科或普外科, 骨科 / 疼痛科).
var joinedNames = regexp.MustCompile(`^\s*(?:[、和及与或/]|或者)\s*$`)

// sameHospital refers back to the last hospital named.
var sameHospital = regexp.MustCompile(`(该院|该医院|院内|其)`)

// hasDepartments links the departments of one sentence to its hospitals.
//
// heading is the hospital the sentence before consisted of, as in pages
// that set a hospital's name apart and describe it after (辽宁省人民医院
// 神经内科与康复科联合开展…).
func (st *docState) hasDepartments(s sentence, last **found, heading *found) {
	var hs []found
	var prevDept *found
	var prevOwner []found
	for i := range s.found {
		f := s.found[i]
		switch f.ref.Kind {
		case kg.KindHospital:
			hs = append(hs, f)
			fc := f
			*last = &fc
			prevDept = nil
			continue
		case kg.KindDepartment:
		default:
			continue
		}
		var owners []found
		how := kg.MethodSentence
		if st.page != nil && ownHospitalBefore.MatchString(st.p.text(max(s.start, f.start-6), f.start)) {
			// 当然我们医院胸外科、肿瘤科也能做, after another hospital: the
			// page's own.
			owners, how = []found{*st.page}, kg.MethodContext
		} else if n := len(hs); n > 0 && adjacentDept.MatchString(st.p.text(hs[n-1].end, f.start)) {
			// 大连医科大学附属第一医院、…和大连市中心医院眼科均可开展: the
			// whole list, when 均 or 都 says so; the names listed with 、
			// (清徐县人民医院、古交市人民医院眼科), unless it is a named centre,
			// one hospital's (海南省人民医院、海南成美医院呼吸疾病诊疗中心);
			// else the last alone.
			// A department of theirs (…或青海省人民医院的心血管内科) is
			// each one's, as 均 says.
			k := n - 1
			all := listAll.MatchString(st.p.text(f.end, min(f.end+8, s.end))) ||
				strings.Contains(st.p.text(hs[n-1].end, f.start), "的")
			for k > 0 && joinedNames.MatchString(st.p.text(hs[k-1].end, hs[k].start)) &&
				(all || st.p.runes[hs[k-1].end] == '、' && !strings.HasSuffix(f.ref.Name, "中心")) {
				k--
			}
			owners, how = []found{hs[n-1]}, kg.MethodList
			for _, h := range hs[k : n-1] {
				if !specialtyOf(h, f) {
					owners = append(owners, h)
				}
			}
		} else if heading != nil && len(hospitalsIn(s)) == 0 && strings.TrimSpace(st.p.text(s.start, f.start)) == "" {
			owners, how = []found{*heading}, kg.MethodContext
		} else if prevDept != nil && len(prevOwner) > 0 && coordinated.MatchString(st.p.text(prevDept.end, f.start)) {
			owners, how = prevOwner, kg.MethodList
		} else if *last != nil && sameHospital.MatchString(st.p.text(s.start, f.start)) && len(hs) == 0 {
			owners = []found{**last}
		} else if inClause := st.inClause(hs, f, clauseMark); len(inClause) > 0 {
			owners = inClause // 武进人民医院、常州市中医院等也提供专业化的眼科服务
		} else if hsAll := hospitalsIn(s); len(hsAll) > 0 && oneEntity(hsAll) && (len(hsAll) == 1 || f.start > hsAll[0].end) && !referral.MatchString(st.p.text(s.start, f.start)) {
			// 南通大学附属医院作为三甲综合医院,拥有完善的呼吸科诊疗体系; also
			// under a second name in brackets (绵阳市第三人民医院(四川省精神
			// 卫生中心),该院…精神科、心理科力量雄厚).
			owners = hsAll[:1]
		}
		for _, h := range owners {
			st.relation(kg.HasDepartment, how, h.ref, f.ref, s, h, f)
		}
		fc := f
		prevDept, prevOwner = &fc, owners
	}
}

// headingHospital returns the hospital a sentence ends with (its name,
// perhaps with a campus in brackets: 一、综合推荐 辽宁省人民医院), or nil.
func (st *docState) headingHospital(s sentence) *found {
	hs := hospitalsIn(s)
	if len(hs) != 1 {
		return nil
	}
	if !headingRest.MatchString(st.p.text(hs[0].end, s.end)) {
		return nil
	}
	return &hs[0]
}

// listAll after a department says it belongs to every hospital listed.
var listAll = regexp.MustCompile(`^[^,，。;；、]{0,3}(均|都|皆)`)

// headingRest is what may stand beside a hospital's name in a heading.
var headingRest = regexp.MustCompile(`^\s*(?:[(（][^()（）]{0,12}[)）])?\s*$`)

// referral: the department is where to go, not one a hospital has
// (…时应立即到急诊科就诊).
var referral = regexp.MustCompile(`(到|去|前往|挂)\s*$`)

// inClause returns the mentions of fs in x's clause, by mark (the
// hospitals of a department, the departments of a symptom): those with no
// clause mark between them and x, and x itself when it is one of them.
func (st *docState) inClause(fs []found, x found, mark func(rune) bool) []found {
	var out []found
	for _, f := range fs {
		if f.start == x.start && f.end == x.end || withinClause(st.p.runes, f, x, mark) {
			out = append(out, f)
		}
	}
	return out
}

// bracketedAfter returns the symptoms in the brackets right after f
// (心血管内科(冠心病、慢性心力衰竭)), where the brackets close within 60
// characters.
func (st *docState) bracketedAfter(f found, ys []found) []found {
	end := closeOfParens(st.p.runes, f.end, len(st.p.runes), 60)
	if end < 0 {
		return nil
	}
	var out []found
	for _, y := range ys {
		if y.start > f.end && y.end <= end {
			out = append(out, y)
		}
	}
	return out
}

// closeOfParens returns where the bracket that opens at runes[at] closes,
// within limit characters and before end; -1 when none opens there or it
// does not close in time.
func closeOfParens(runes []rune, at, end, limit int) int {
	if at >= end || runes[at] != '(' && runes[at] != '（' {
		return -1
	}
	for i := at + 1; i < min(end, at+limit); i++ {
		if runes[i] == ')' || runes[i] == '）' {
			return i
		}
	}
	return -1
}

// oneEntity reports whether the mentions fs all name one entity.
func oneEntity(fs []found) bool {
	for _, f := range fs[1:] {
		if f.ref != fs[0].ref {
			return false
		}
	}
	return true
}

func hospitalsIn(s sentence) []found {
	var out []found
	for _, f := range s.found {
		if f.ref.Kind == kg.KindHospital {
			out = append(out, f)
		}
	}
	return out
}

// relation records one relation with the text that supports it: the
// sentence, or a window of it around the two mentions when it is long.
func (st *docState) relation(t kg.RelationType, how kg.Method, from, to kg.EntityRef, s sentence, a, b found) {
	if from == to && t != kg.InProvince {
		return
	}
	start, end := s.start, s.end
	if end-start > 200 {
		lo, hi := min(a.start, b.start), max(a.end, b.end)
		start, end = max(s.start, lo-40), min(s.end, hi+40)
	}
	key := fmt.Sprintf("%s|%s|%s|%s|%s|%d|%d", t, from.Kind, from.Name, to.Kind, to.Name, start, end)
	if st.rels[key] {
		return
	}
	st.rels[key] = true
	st.ex.Relations = append(st.ex.Relations, kg.Relation{
		Type: t, From: from, To: to, Method: how, Source: s.src,
		Span: kg.Span{Start: start, End: end, Snippet: st.p.text(start, end)},
	})
}
