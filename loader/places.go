package loader

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/medkg/medkg/gazetteer"
)

// commonWordPlaces are short place names that are also ordinary words or
// parts of names (大同, 朝阳, 中山大学, 阿里巴巴). In running text they count
// only right after their province (广东中山) or in their full form (中山市).
var commonWordPlaces = map[string]bool{
	"大同": true, "朝阳": true, "安康": true, "白山": true, "长治": true, "普洱": true, "海北": true,
	"海东": true, "海西": true, "山南": true, "黄南": true, "阿里": true, "北海": true, "吉安": true,
	"白银": true, "玉树": true, "和田": true, "哈密": true, "黄山": true, "日照": true, "中卫": true,
	"红河": true, "文山": true, "东方": true, "金昌": true, "三明": true, "中山": true, "德宏": true,
	"怒江": true, "定西": true, "固原": true, "吴忠": true, "昌都": true, "那曲": true, "林芝": true,
	"通化": true, "四平": true, "承德": true, "泰安": true, "德州": true, "宁德": true, "南平": true,
	"江门": true, "资阳": true, "遂宁": true, "仙桃": true, "天门": true, "潜江": true, "五指山": true,
	"云浮": true, "来宾": true, "崇左": true, "百色": true, "河池": true, "安顺": true, "铜川": true,
	"比如": true,
	// Districts named like the words for parts of any city.
	"城区": true, "矿区": true, "郊区": true, "老城区": true, "老城": true, "新城区": true, "新城": true,
	"市中区": true, "市中": true, "城中区": true, "城中": true,
}

// placeMatch is a place name found in text.
type placeMatch struct {
	start, end int
	form       string
	places     []*gazetteer.Place
}

// leadPlace is a place at the start of a name, with the form used.
type leadPlace struct {
	form  string
	place *gazetteer.Place
}

// placeForms builds the dictionary forms for places: for running text
// (inText) only forms that are unlikely to be parts of other words; for
// hospital names every form of two characters or more.
func placeForms(gaz *gazetteer.Gazetteer, inText bool) []form {
	seen := map[string]bool{}
	var out []form
	for _, f := range gaz.Forms() {
		t := f.Text
		if len([]rune(t)) < 2 || seen[t] {
			continue
		}
		if inText && !safeInText(gaz, f) {
			continue
		}
		seen[t] = true
		out = append(out, form{text: t, kind: termPlace, key: t})
	}
	return out
}

// safeInText decides whether a place form may be matched in running text.
func safeInText(gaz *gazetteer.Gazetteer, f gazetteer.Form) bool {
	p := f.Place
	t := f.Text
	n := len([]rune(t))
	switch p.Level {
	case gazetteer.Province, gazetteer.Prefecture:
		return true
	}
	// County level: full names of three characters or more (盱眙县, 武进区,
	// 伊宁市); short forms only for counties and county-level cities (盱眙,
	// 红安, 诸暨), when no other place is called so.
	if t == p.Full {
		// Two-character counties (磁县, 雄县, 沛县) are read where no
		// other character runs into them (twoCharCounty).
		return n >= 3 || n == 2 && strings.HasSuffix(t, "县") && len(gaz.Lookup(t)) == 1 && !twoCharCountyWords[t]
	}
	// County-level cities (诸暨市, 张家港市) too; districts' short forms
	// (鼓楼, 朝阳) are words and other cities' names.
	if !(strings.HasSuffix(p.Full, "县") || strings.HasSuffix(p.Full, "市")) || strings.HasSuffix(p.Full, "自治县") || n < 2 {
		return false
	}
	if len(gaz.Lookup(t)) != 1 || commonWordPlaces[t] || strings.HasSuffix(p.Full, "市") && cityWords[t] {
		return false
	}
	return true
}

// cityWords are short forms of county-level cities that are also words
// (合作, 安宁疗护, 高密度, 龙井茶): these cities are found by their full
// names (合作市) only.
var cityWords = wordSet(`合作 沙河 灯塔 大安 临江 安宁 江山 永康 永安 东方 双河 新星 白杨 同仁
		高密 龙井 五常 磐石 榆树 樟树 无为 阳春 赤壁 灵宝 天长 明光 界首 新民 北流 石狮 海安 临海 安达
		合山 津市 会理 子长 新乐 安国 宁安 常宁 安陆 宁国 福安 乐平 高安 开远 开平 四会 兴仁 兴平 清镇
		当阳 应城 北安 东宁 铁力 三河 孝义 怀仁 原平 高平 瑞金 平度 龙口 平湖 建德 凤城 海城 东港 长葛
		化州 兴城 集安 尚志 华亭 阜康 博乐 海阳 兴化 北镇 南宫 广德 同江 德兴 新郑 泰兴 丰城 兴义`)

// wordSet makes a set of the words in a space-separated list.
func wordSet(list string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(list) {
		set[w] = true
	}
	return set
}

// placesIn finds the places named in s. inName selects the dictionary for
// hospital names (every form) rather than running text.
func (x *Extractor) placesIn(s string, inName bool) []placeMatch {
	d := x.textPlaces
	if inName {
		d = x.namePlaces
	}
	ms := longestFirst(d.find(s), nil)
	var runes []rune // read only for two-character counties
	var out []placeMatch
	for i, m := range ms {
		ps := x.gaz.Lookup(m.form.text)
		if len(ps) == 0 {
			continue
		}
		if !inName && commonWordPlaces[m.form.text] && !afterItsProvince(x, ms, i, ps) {
			continue
		}
		if !inName && twoCharCounty(m.form.text) {
			if runes == nil {
				runes = []rune(s)
			}
			if !countyApart(runes, m.start, m.end) && !afterItsProvince(x, ms, i, ps) {
				continue // 容易县城: no 易县
			}
		}
		out = append(out, placeMatch{start: m.start, end: m.end, form: m.form.text, places: ps})
	}
	return out
}

// twoCharCounty: a county's full name of two characters (磁县).
func twoCharCounty(form string) bool {
	return utf8.RuneCountInString(form) == 2 && strings.HasSuffix(form, "县")
}

// twoCharCountyWords are two-character counties whose first character
// is a common word before 县 (和县医院 "and county hospitals", 新县城):
// not read in running text, only in hospital names.
var twoCharCountyWords = wordSet(`和县 新县 南县 高县 古县 成县 临县 义县 兴县 应县 代县 夏县 吉县 容县 富县
		理县 文县 康县 礼县 宁县 云县 道县 叶县 温县 景县 青县 忠县 荣县 房县 随县 县县`)

// countyApart reports whether the two-character county at [start, end)
// of runes stands on its own (、磁县的, 雄县、容城): no Han character runs
// into it from before, and none after makes a word of it (县城, 县级).
func countyApart(runes []rune, start, end int) bool {
	return (start == 0 || !unicode.Is(unicode.Han, runes[start-1])) &&
		!countyWord.MatchString(string(runes[end:min(len(runes), end+1)]))
}

// countyWord: what makes X县 a word, not a county (新县城, 成县级).
var countyWord = regexp.MustCompile(`^(?:级|城|域|乡|委|长|里)`)

// afterItsProvince reports whether match i directly follows the name of the
// province that contains one of its places.
func afterItsProvince(x *Extractor, ms []match, i int, ps []*gazetteer.Place) bool {
	if i == 0 || ms[i-1].end != ms[i].start {
		return false
	}
	for _, prev := range x.gaz.Lookup(ms[i-1].form.text) {
		if prev.Level != gazetteer.Province {
			continue
		}
		for _, p := range ps {
			if x.gaz.Contains(prev, p) {
				return true
			}
		}
	}
	return false
}

// leadingPlaces returns the chain of places that s starts with, each within
// the one before (江苏省常州市武进区…).
func (x *Extractor) leadingPlaces(s string) []leadPlace {
	var out []leadPlace
	for {
		var best *placeMatch
		for _, m := range x.namePlacesAt(s) {
			m := m
			if best == nil || m.end > best.end {
				best = &m
			}
		}
		if best == nil {
			return out
		}
		if commonWordPlaces[best.form] && universityAfter.MatchString(s[len(best.form):]) {
			return out // 中山大学 is named for a person, not the city
		}
		var prev *gazetteer.Place
		if len(out) > 0 {
			prev = out[len(out)-1].place
		}
		p := pickPlace(x.gaz, best.places, prev)
		if p == nil {
			return out
		}
		out = append(out, leadPlace{form: best.form, place: p})
		s = s[len(best.form):]
	}
}

var universityAfter = regexp.MustCompile(`^(大学|医科大学|医学院)`)

// namePlacesAt returns the place forms that s starts with.
func (x *Extractor) namePlacesAt(s string) []placeMatch {
	var out []placeMatch
	for _, m := range x.namePlaces.prefixes(s) {
		ps := x.gaz.Lookup(m.form.text)
		if len(ps) > 0 {
			out = append(out, placeMatch{start: 0, end: m.end, form: m.form.text, places: ps})
		}
	}
	return out
}

// pickPlace chooses among the places a form may name: one inside prev when
// there is a prev (and none otherwise), else the highest level.
func pickPlace(gaz *gazetteer.Gazetteer, ps []*gazetteer.Place, prev *gazetteer.Place) *gazetteer.Place {
	if prev == nil {
		return ps[0]
	}
	for _, p := range ps {
		if p != prev && gaz.Contains(prev, p) {
			return p
		}
	}
	return nil
}

// resolvePlace chooses among the places a form may name, preferring one
// inside the context place.
func resolvePlace(gaz *gazetteer.Gazetteer, ps []*gazetteer.Place, ctx *gazetteer.Place) *gazetteer.Place {
	if ctx != nil {
		for _, p := range ps {
			if gaz.Contains(gaz.Province(ctx), p) {
				return p
			}
		}
	}
	return ps[0]
}

// listedKey marks a place form found by listedPlaces.
const listedKey = "\x00listed"

// listedPlaces returns the short forms of county-level places (districts:
// 历城, 黄岛; cities that are also words: 龙口, 海阳) that running text
// does not read alone, where they stand in a list joined by 、 with
// another place of the same province (历城、长清的家长; 黄岛、胶州一带):
// the list says they are places. found are the text's matches so far.
func (x *Extractor) listedPlaces(text string, found []match) []match {
	if !strings.Contains(text, "、") {
		return nil
	}
	runes := []rune(text)
	type cand struct {
		m    match
		prov *gazetteer.Place
		read bool // read by the text dictionary already
	}
	var cs []cand
	province := func(t string) *gazetteer.Place {
		ps := x.gaz.Lookup(t)
		if len(ps) != 1 {
			return nil
		}
		return x.gaz.Province(ps[0])
	}
	for _, m := range found {
		if m.form.kind == termPlace {
			if p := province(m.form.text); p != nil {
				cs = append(cs, cand{m: m, prov: p, read: true})
			}
		}
	}
	for _, m := range x.namePlaces.find(text) {
		if m.end-m.start != 2 {
			continue
		}
		ps := x.gaz.Lookup(m.form.text)
		if len(ps) != 1 || ps[0].Level != gazetteer.County || m.form.text == ps[0].Full {
			continue
		}
		if p := x.gaz.Province(ps[0]); p != nil {
			cs = append(cs, cand{m: m, prov: p})
		}
	}
	// A candidate joins the list when a place of its province stands
	// right before or after it, with 、 between (found by position: a
	// list of 100,000 names is one line).
	byStart := make(map[int][]cand, len(cs))
	byEnd := make(map[int][]cand, len(cs))
	for _, c := range cs {
		byStart[c.m.start] = append(byStart[c.m.start], c)
		byEnd[c.m.end] = append(byEnd[c.m.end], c)
	}
	joined := func(c cand) bool {
		if c.m.end < len(runes) && runes[c.m.end] == '、' {
			for _, o := range byStart[c.m.end+1] {
				if o.prov == c.prov {
					return true
				}
			}
		}
		if c.m.start > 0 && runes[c.m.start-1] == '、' {
			for _, o := range byEnd[c.m.start-1] {
				if o.prov == c.prov {
					return true
				}
			}
		}
		return false
	}
	// A list of campuses (市南、崂山、西海岸院区) names no places: one of
	// the list's next items, each short, ends with 院区.
	campuses := func(c cand) bool {
		end := c.m.end
		for end < len(runes) && end-c.m.end < 40 && (isHan(runes[end]) || runes[end] == '、') {
			end++
		}
		for k, part := range strings.Split(string(runes[c.m.end:end]), "、") {
			if i := campusWord.FindStringIndex(part); i != nil && utf8.RuneCountInString(part[:i[0]]) <= 6 {
				return true
			}
			if k > 0 && utf8.RuneCountInString(part) > 8 {
				return false
			}
		}
		return false
	}
	var out []match
	for _, c := range cs {
		if !c.read && joined(c) && !campuses(c) {
			out = append(out, match{start: c.m.start, end: c.m.end, form: form{text: c.m.form.text, kind: termPlace, key: listedKey}})
		}
	}
	return out
}

// campusWord ends the name of a hospital's or a university's campus.
var campusWord = regexp.MustCompile(`院区|分院|校区`)
