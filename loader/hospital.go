package loader

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/lexicon"
)

// The grammar of Chinese hospital names:
//
//	[place…] [university 附属] [ordinal] [type words] suffix [分院]
//
// e.g. 苏州 | 大学附属 | 第一 | 医院; 常州市 | 第二 | 人民医院; 江苏省人民医院 | 常州分院.
// A name is found from its suffix, then its left edge is chosen among the
// places and the boundary words (推荐, 如, 、, 和 …) before it.

// hospitalSuffixes end a hospital name.
var hospitalSuffixes = []string{"医院", "保健院", "卫生院", "门诊部", "诊所", "医疗中心"}

// placeOnlySuffixes end a hospital's name only after a place
// (广州市妇女儿童医疗中心); alone they are too common.
var placeOnlySuffixes = map[string]bool{"医疗中心": true}

// boundaryWords end the text before a name in running text: a name starts
// after them. Longer words first.
var boundaryWords = sortedByLength([]string{
	"推荐前往", "建议前往", "推荐选择", "优先选择", "建议选择", "可以选择", "可选择", "重点考虑",
	"习惯叫", "俗称", "简称", "又称", "人称", "叫做", "称为", "我们", "咱们", "你们", "他们",
	"尤其是", "特别是", "例如", "注意", "原", "提醒", "另外", "此外", "比如", "包括", "包含", "其中", "以及", "或者", "还是", "还有",
	"前往", "推荐", "建议", "选择", "首选", "考虑", "就诊", "位于", "作为", "属于", "来到", "预约",
	"如", "和", "与", "及", "或", "是", "为", "在", "到", "去", "的", "等", "由", "有", "从", "向",
	"于", "即", "至", "对", "将", "把", "被", "给", "也", "还", "都", "均", "请", "可", "需", "并",
	"且", "而", "但", "则", "该", "这", "那", "了", "着", "就", "找", "看", "挂", "设", "含", "以",
	"叫", "喊", "比", "称", "我", "你", "您", "来", "问", "说", "已", "加入", "我院", "本院",
	"反映", "表示", "认为", "觉得", "听说", "网友", "病友",
	"很多", "许多", "不少", "一些", "多家", "各大",
})

// oneRuneBoundary are the boundaryWords of one character (去, 到, 的 …).
var oneRuneBoundary = func() map[rune]bool {
	out := map[rune]bool{}
	for _, w := range boundaryWords {
		if rs := []rune(w); len(rs) == 1 {
			out[rs[0]] = true
		}
	}
	return out
}()

// boundaryStarts are the first characters of boundaryWords: most window
// characters start none, and need not be tried against each.
var boundaryStarts = firstRunes(boundaryWords)

func firstRunes(ws []string) map[rune]bool {
	out := map[rune]bool{}
	for _, w := range ws {
		for _, r := range w {
			out[r] = true
			break
		}
	}
	return out
}

// nameInternal are words that contain a boundary character but occur inside
// hospital names (北京协和医院, 和平医院).
var nameInternal = []string{"协和", "和平", "仁和", "人和", "中和", "祥和", "和睦", "安和", "同和", "和美", "博爱", "为民", "友谊", "首都"}

// genericWords mark a phrase that names a kind of hospital, not one
// hospital: 三甲医院, 定点医院, 社区医院, 上海知名医院, 哪家医院.
var genericWords = []string{
	"三甲", "三级", "二甲", "二级", "一级", "甲等", "乙等", "综合性", "知名", "标杆", "权威", "正规",
	"顶级", "优质", "大型", "小型", "定点", "公立", "民营", "私立", "地级", "县级", "市级", "省级",
	"区级", "基层", "社区", "乡镇", "村", "当地", "本地", "外地", "异地", "附近", "周边", "专业",
	"较好", "最好", "好的", "哪家", "哪个", "哪些", "什么", "各大", "各级", "普通", "联网", "指定",
	"上级", "下级", "城市", "全国", "国内", "国外", "以上", "以下", "其他", "其它", "部分",
	"多家", "几家", "所有", "医保", "合作", "签约", "转诊", "排名", "排行", "推荐", "靠谱", "全市",
	"全省", "大医院", "小医院", "特色", "主城区", "城区", "市区", "本地", "当地", "附近", "周边", "合适", "合理", "优秀", "专门", "较大", "更好", "相应", "对应",
	"就近", "最近", "大型", "好医院", "私人", "美容院", "看病", "一家", "两家", "三家", "四家", "五家",
	"这家", "那家", "每家", "各家", "该家", "数家", "龙头", "领军", "头部", "地市", "省内", "市内", "县域",
	"区域", "牵头", "上榜", "入围", "重点", "示范", "榜单", "市州", "州市", "地州", "市县", "县市", "县区",
	"同一", "这个", "那个", "一个", // 两家不是同一个医院
	"开通", "外省", // 在外省的开通医院看门诊
	"同级", "环京", "试点", "首批", "热门", // 北京同级医院, 首批试点医院, 杭州热门医院 (a sidebar)
	"认定", "评定", "备案", "结算", // a table's header: 认定医院
}

// countedHospitals: a number of hospitals, not one.
var countedHospitals = regexp.MustCompile(`[0-9０-９一二三四五六七八九十两几多数百千余整每各]+(?:家|个|所)`)

// typeWords describe what a hospital treats or is; a name without a place
// needs a proper name before them (美贝尔整形医院) or a number (3201医院).
var typeWords = sortedByLength([]string{
	"整形", "美容", "医疗美容", "眼科", "口腔", "专科", "中医", "中西医结合", "儿童", "妇产", "妇幼",
	"肿瘤", "骨科", "男科", "皮肤", "皮肤病", "康复", "精神", "精神病", "传染病", "胸科", "耳鼻喉",
	"眼耳鼻喉", "人民", "中心", "附属", "医疗", "医学院", "大学", "医科大学", "中医药大学", "第一",
	"第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十", "妇女", "儿童", "红十字",
	"协和", "友谊", "地区", "市立", "县", "市", "省", "区", "保健", "卫生", "综合", "外科", "内科",
	"心血管", "脑科", "血液病", "中心", "医", "门诊", "妇科", "产科", "儿科", "妇产科", "胸科", "肛肠",
	"疼痛", "性病", "皮肤科", "耳鼻喉科", "神经科", "整形外科", "总", "镇", "乡", "街道", "分",
	"骨伤", "正骨", "针灸", "推拿", "中医骨伤", "肾病", "肝病", "心脏", "心脏病", "心血管病", "心脑血管", "糖尿病", "结核病", "癫痫",
	"风湿病", "不孕不育", "烧伤", "手外科", "老年病", "职业病", "脑病", "胃肠", "甲状腺", "乳腺", "血管",
})

// placeWord reports whether word w lies inside one of the leading places
// (so 社区 in a district's name does not make a hospital generic).
func placeWord(lead []leadPlace, w string) bool {
	for _, p := range lead {
		if strings.Contains(p.form, w) {
			return true
		}
	}
	return false
}

// genericAfter: a hospital phrase followed by these words speaks of
// hospitals in general (江苏南通地区医院相关科室, 复旦医院排行榜).
var genericAfter = []string{"相关", "排名", "排行", "哪家", "有哪些", "推荐", "100强", "综合排行", "管理研究", "管理局", "管理处", "管理学"}

// publicType is the part of a public hospital's name after its place:
// [第N](人民医院|中医院|…). Such names take the place's official form
// (常州第一人民医院 → 常州市第一人民医院).
var publicType = regexp.MustCompile(`^(第[一二三四五六七八九十]+)?(人民医院|医院|中医院|中医医院|中心医院|妇幼保健院|中西医结合医院|儿童医院|妇产医院|肿瘤医院|传染病医院|口腔医院|眼科医院|精神卫生中心)$`)

// abbreviation is a university hospital's short name: 河北医大三院,
// 哈医大一院, 北医三院, 郑大一附院, 苏大附一院.
var abbreviation = regexp.MustCompile(`^\p{Han}{1,5}(?:[一二三四五六七八九十]附?|附[一二三四五六七八九十])院$`)

// shortNumbered is the colloquial 常州二院 / 常州市二院 for 常州市第二人民医院.
var shortNumbered = regexp.MustCompile(`^([一二三四五六七八九十]+)院$`)

// campusSuffix follows a hospital name: (十梓街院区), 阳湖院区, 本部.
var campusSuffix = regexp.MustCompile(`^(?:[(（]([\p{Han}]{1,8}院区)[)）]|([\p{Han}]{1,6}?院区)|(本部))`)

// campusRunes is the longest text campusSuffix matches: (八个字的院区).
const campusRunes = 12

// placedHospital: what may follow a hospital's name as a hospital of its
// own in a place (桂林医院, 青白江妇女儿童医院).
var placedHospital = regexp.MustCompile(`^([\p{Han}]{2,10}?医院)`)

// placedBranch returns the name of a branch hospital that rest (the text
// after a hospital's name) opens with, and its place: a place, then at
// most type words and 医院. Not a hospital the authority file knows by
// itself (北京医院), nor a phrase (的医院, 和桂林医院).
func (x *Extractor) placedBranch(rest string) (string, *gazetteer.Place) {
	b := placedHospital.FindString(rest)
	if b == "" || strings.ContainsAny(b, "的和与及或、等是在") || x.authority.file.Lookup(b) != nil {
		return "", nil
	}
	ps := x.placesIn(b, true)
	if len(ps) == 0 || ps[0].start != 0 {
		return "", nil
	}
	at := ps[0].places[0]
	if len(ps[0].places) != 1 {
		// 天坛医院河南医院: a province's name before 医院 is the province.
		i := slices.IndexFunc(ps[0].places, func(p *gazetteer.Place) bool { return p.Level == gazetteer.Province })
		if i < 0 {
			return "", nil
		}
		at = ps[0].places[i]
	}
	body := strings.TrimSuffix(string([]rune(b)[ps[0].end:]), "医院")
	if stripTypeWords(body) != "" {
		return "", nil // a proper name of its own after the place: another hospital
	}
	return b, at
}

// branchSuffix extends a name to its branch: 江苏省人民医院常州分院.
var branchSuffix = regexp.MustCompile(`^([\p{Han}]{1,6}?分院)`)

// universityAffiliated is "X大学附属" or "X医学院附属" before a hospital.
var universityAffiliated = regexp.MustCompile(`^[\p{Han}]{2,12}?(大学|医学院|医科大学|学院)(第[一二三四五六七八九十]+)?附属`)

// hospitalMention is a hospital name found in text.
type hospitalMention struct {
	start, end int    // code points within the segment
	surface    string // as written (without campus)
	key        string // canonical name
	places     []*gazetteer.Place
	campus     string
	branch     string // a branch hospital's own part (华西二院 | 青白江妇女儿童医院)
	province   bool   // named after a province with its suffix (青海省人民医院)
	auth       *lexicon.Hospital
}

func sortedByLength(ws []string) []string {
	out := append([]string(nil), ws...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len([]rune(out[j])) > len([]rune(out[j-1])); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func isNameRune(r rune) bool { return isHan(r) || (r >= '0' && r <= '9') }

// findHospitals returns the hospital names in seg, left to right.
func (x *Extractor) findHospitals(seg []rune, symptoms []string) []hospitalMention {
	var out []hospitalMention
	prevEnd := 0
	for i := 0; i < len(seg); i++ {
		suffix := ""
		for _, s := range hospitalSuffixes {
			if hasAt(seg, i, s) {
				suffix = s
				break
			}
		}
		numbered := false
		if suffix == "" {
			// 常州二院: a numeral and 院, after a place.
			if seg[i] == '院' && i > 0 && (strings.ContainsRune("一二三四五六七八九十", seg[i-1]) || i > 1 && seg[i-1] == '附' && strings.ContainsRune("一二三四五六七八九十", seg[i-2])) && !hasAt(seg, i, "院区") {
				suffix, numbered = "院", true
			} else {
				continue
			}
		}
		sfx := []rune(suffix)
		end := i + len(sfx)
		if !numbered && i < prevEnd {
			continue
		}
		m, ok := x.hospitalEndingAt(seg, prevEnd, i, end, numbered, symptoms)
		if !ok {
			i = end - 1
			continue
		}
		// Extend to a branch (常州分院); note a campus (十梓街院区, 本部).
		// Both are short: look no further than 16 characters on (not the
		// rest of the segment, which made a long line quadratic).
		rest := string(seg[m.end:min(len(seg), m.end+16)])
		if b := branchSuffix.FindStringSubmatch(rest); b != nil && !strings.ContainsAny(b[1], "的和与及或") {
			m.end += len([]rune(b[1]))
			m.surface = string(seg[m.start:m.end])
			m.key = m.surface
			for _, p := range x.placesIn(b[1], true) {
				m.places = append(m.places, p.places[0]) // the branch's city
			}
		} else if c := campusSuffix.FindStringSubmatch(rest); c != nil {
			m.campus = c[1] + c[2] + c[3]
		} else if b, at := x.placedBranch(rest); b != "" {
			// 华西二院青白江妇女儿童医院, 中南大学湘雅二医院桂林医院: a hospital
			// of the parent's in another place is a hospital of its own,
			// there.
			m.end += len([]rune(b))
			m.surface = string(seg[m.start:m.end])
			m.key, m.branch = m.surface, b
			m.places = []*gazetteer.Place{at}
		}
		out = append(out, m)
		prevEnd = m.end
		i = m.end - 1
	}
	return out
}

func hasAt(seg []rune, i int, s string) bool {
	// Ranging over s decodes it in place: this runs for every boundary
	// word at every character of every name window.
	k := i
	for _, r := range s {
		if k >= len(seg) || seg[k] != r {
			return false
		}
		k++
	}
	return true
}

// hospitalEndingAt finds the best name whose suffix is seg[sfxStart:end],
// starting no earlier than min.
func (x *Extractor) hospitalEndingAt(seg []rune, lo, sfxStart, end int, numbered bool, symptoms []string) (hospitalMention, bool) {
	// The window: back to the last character that cannot be in a name.
	// A name that ends in 医院 holds no other 医院: one before it ends
	// another name (and 医院医院… is no name at all).
	ws := sfxStart
	endsYiyuan := end >= 2 && seg[end-2] == '医' && seg[end-1] == '院'
	for ws > lo && sfxStart-ws < 30 && isNameRune(seg[ws-1]) {
		if endsYiyuan && ws >= 2 && seg[ws-2] == '医' && seg[ws-1] == '院' {
			break
		}
		ws--
	}
	// A number written right before a name is not in it (a rank or list
	// number: 8苏北人民医院), unless it is the whole name (920医院).
	d := ws
	for d < sfxStart && seg[d] >= '0' && seg[d] <= '9' {
		d++
	}
	if d > ws && d < sfxStart && strings.ContainsRune("年月日", seg[d]) {
		d++ // a date: 2025年山西省医院专科实力榜
	}
	if d > ws && d < sfxStart && isHan(seg[d]) {
		ws = d
	}
	if ws == sfxStart && !numbered {
		return hospitalMention{}, false
	}
	after := string(seg[end:min(len(seg), end+4)])
	for _, g := range genericAfter {
		if strings.HasPrefix(after, g) {
			return hospitalMention{}, false
		}
	}
	window := string(seg[ws:sfxStart])
	places := x.placesIn(window, true)

	// Boundary words not inside a place or a name-internal word.
	var cuts []span
	wr := []rune(window)
	for k := 0; k < len(wr); k++ {
		if !boundaryStarts[wr[k]] {
			continue
		}
		for _, w := range boundaryWords {
			if !hasAt(wr, k, w) {
				continue
			}
			n := len([]rune(w))
			if insideAny(k, k+n, places) || insideInternal(wr, k, k+n) {
				continue
			}
			cuts = append(cuts, span{k, k + n})
			break
		}
	}
	// Candidate starts, rightmost first: after each cut, at each place,
	// and the window start.
	starts := map[int]bool{0: true}
	for _, c := range cuts {
		starts[c.end] = true
	}
	for _, p := range places {
		starts[p.start] = true
	}
	for s := len(wr); s >= 0; s-- {
		if !starts[s] {
			continue
		}
		// No boundary word may lie inside the name.
		inside := false
		for _, c := range cuts {
			if c.start >= s {
				inside = true
				break
			}
		}
		if inside {
			continue
		}
		surface := string(seg[ws+s : end])
		listed := s == 0 && ws == lo || s == 0 && ws > 0 && listMark(seg[ws-1]) || s > 0 && listTrigger(wr, s)
		if end < len(seg) && isHan(seg[end]) && !strings.ContainsRune("、和及或与等的是为在有,就看", seg[end]) {
			listed = false
		}
		if strings.HasSuffix(string(wr[:s]), "附属") {
			// 南京医科大学附属常州第二人民医院: the university's name is
			// part of the name; canonicalHospital decides what it is.
			for s0 := 0; s0 < s; s0++ {
				if !starts[s0] || cutInside(cuts, s0) {
					continue
				}
				if m, ok := x.validHospital(string(seg[ws+s0:end]), numbered, false, symptoms); ok {
					m.start, m.end = ws+s0, end
					return m, true
				}
			}
		}
		if m, ok := x.validHospital(surface, numbered, listed, symptoms); ok {
			m.start, m.end = ws+s, end
			// 四川绵阳四〇四医院: the province written before is part of
			// the name as written (an alias), not of the canonical one.
			for _, p := range places {
				if p.end == s && len(m.places) > 0 && p.places[0].Level == gazetteer.Province && x.gaz.Contains(p.places[0], m.places[0]) {
					m.start = ws + p.start
					m.surface = string(seg[m.start:end])
				}
				// 扬州市江都人民医院: a district's hospital named with its
				// city keeps the city, in its name too.
				if d := m.places; p.end == s && len(d) > 0 && p.places[0].Level == gazetteer.Prefecture && d[0].Level == gazetteer.County &&
					strings.HasSuffix(d[0].Full, "区") && x.gaz.Prefecture(d[0]) == p.places[0] && strings.HasSuffix(p.form, "市") {
					m.start = ws + p.start
					m.surface = string(seg[m.start:end])
					if !strings.HasPrefix(m.key, p.places[0].Full) {
						m.key = p.places[0].Full + m.key
					}
				}
			}
			return m, true
		}
	}
	return hospitalMention{}, false
}

// cutInside reports whether a boundary word lies at or after s.
func cutInside(cuts []span, s int) bool {
	for _, c := range cuts {
		if c.start >= s {
			return true
		}
	}
	return false
}

// insideAny reports whether [a, b) overlaps one of the place matches.
func insideAny(a, b int, ms []placeMatch) bool {
	for _, m := range ms {
		if a < m.end && m.start < b {
			return true
		}
	}
	return false
}

func insideInternal(wr []rune, a, b int) bool {
	for _, w := range nameInternal {
		n := len([]rune(w))
		for s := a - n + 1; s <= a; s++ {
			if s >= 0 && hasAt(wr, s, w) && s+n >= b {
				return true
			}
		}
	}
	return false
}

// brandName reports whether body can be a short proper name standing alone
// in a list (同济, 协和, 湘雅二): two to four characters, none of them a
// function word (报销比例因医院 is a clause, not a name).
func brandName(body string) bool {
	n := utf8.RuneCountInString(body)
	return n >= 2 && n <= 4 && !strings.ContainsAny(body, "的因为在是比和或与及等了也就都被把将对从向于以其该此")
}

// listMark ends the text before a name in a list: 、,(【 and the like.
func listMark(r rune) bool { return !isNameRune(r) }

// listTriggers introduce a name in a list or a recommendation.
var listTriggers = []string{"、", "和", "及", "或", "与", "推荐", "选择", "首选", "包括", "如", "例如", "比如", "前往", "到", "去", "至", "是", "有", "的"}

// listTrigger reports whether the window wr has a list trigger right
// before position s.
func listTrigger(wr []rune, s int) bool {
	for _, w := range listTriggers {
		n := len([]rune(w))
		if s >= n && hasAt(wr, s-n, w) {
			return true
		}
	}
	return false
}

// validHospital decides whether surface is one hospital's name and returns
// it resolved. listed says the name stands in a list or after a
// recommendation (推荐…、同济医院), where a short proper name is enough.
func (x *Extractor) validHospital(surface string, numbered, listed bool, symptoms []string) (hospitalMention, bool) {
	rs := []rune(surface)
	if len(rs) < 3 || len(rs) > 32 || !isNameRune(rs[0]) {
		return hospitalMention{}, false
	}
	lead := x.leadingPlaces(surface)
	rest := surface
	for _, p := range lead {
		rest = strings.TrimPrefix(rest, p.form)
	}
	if n := len(lead); n > 0 && lead[n-1].place.Level != gazetteer.Province && strings.HasPrefix(rest, "省") ||
		strings.Contains(surface, "和省") || strings.Contains(surface, "和市") {
		return hospitalMention{}, false // 华西和省医院: 华西 and 省医院, not a 西和 hospital
	}
	if n := len(lead); n > 0 {
		// A county's short form leads a name only before a public type
		// (浏阳人民医院); 南溪山医院 is not in 南溪, 南京鼓楼医院 not in
		// 鼓楼区.
		if l := lead[n-1]; l.place.Level == gazetteer.County && l.form != l.place.Full && (rest == "医院" || !publicType.MatchString(rest)) {
			lead = lead[:n-1]
			rest = l.form + rest
		}
	}
	body := rest
	for _, s := range append([]string{"院"}, hospitalSuffixes...) {
		if strings.HasSuffix(rest, s) && (s != "院" || numbered) {
			body = strings.TrimSuffix(rest, s)
			break
		}
	}
	for _, g := range genericWords {
		if g == "大医院" && strings.Contains(surface, "附属") {
			continue // 湖北民族大学附属民大医院: 民大 is the university's short name
		}
		if strings.Contains(surface, g) && !placeWord(lead, g) {
			return hospitalMention{}, false
		}
	}
	if countedHospitals.MatchString(surface) {
		return hospitalMention{}, false // 13家医院, 十几家医院
	}
	for _, s := range symptoms {
		if s != "" && strings.Contains(body, s) {
			return hospitalMention{}, false
		}
	}
	if x.mentionsSymptom(stripTypeWords(body)) {
		// A symptom in the name is a phrase (看头痛的医院), unless it is
		// the kind of hospital (武汉亚洲心脏病医院).
		return hospitalMention{}, false
	}
	m := hospitalMention{surface: surface}
	for _, p := range lead {
		m.places = append(m.places, p.place)
	}
	if numbered {
		// 常州二院: only after a place, and only a numeral before 院.
		n := shortNumbered.FindStringSubmatch(rest)
		if len(lead) == 0 || n == nil {
			if abbreviation.MatchString(surface) {
				// 河北医大三院, 郑大一附院: kept as written, for the document
				// to resolve (mergeBrandHospitals).
				m.key = surface
				return m, true
			}
			return hospitalMention{}, false
		}
		m.key = officialPrefix(lead[0]) + "第" + n[1] + "人民医院"
		if short := officialPrefix(lead[0]) + "第" + n[1] + "医院"; x.authority.file.Lookup(m.key) == nil && x.authority.file.Lookup(short) != nil {
			m.key = short // 南平市一院 is 南平市第一医院: the city has no 第一人民医院
		}
		return m, true
	}
	if len(lead) > 0 {
		last := lead[len(lead)-1]
		cityHospital := body == "" && len(lead) == 1 && last.place.Level == gazetteer.County && last.form == last.place.Full && (strings.HasSuffix(last.form, "市") || strings.HasSuffix(last.form, "县"))
		if (body == "" || body == "省" || body == "市") && !cityHospital {
			// 苏州医院: a place and a bare suffix; but 延吉市医院 is the
			// name of a county-level city's hospital.
			return hospitalMention{}, false
		}
		if strings.HasPrefix(body, "分") {
			return hospitalMention{}, false // 常州分院 alone
		}
	} else {
		// No place: a number (3201医院) or a proper name before type words
		// (美贝尔整形医院), or a university's affiliated hospital.
		for sfx := range placeOnlySuffixes {
			if strings.HasSuffix(surface, sfx) {
				return hospitalMention{}, false
			}
		}
		if !hasDigit(body) {
			proper := stripTypeWords(body)
			university := strings.Contains(body, "附属") || strings.Contains(body, "大学") || strings.Contains(body, "医学院")
			if len([]rune(proper)) < 2 || proper == body && !university && !(listed && brandName(body)) {
				return hospitalMention{}, false
			}
		}
	}
	m.key = x.canonicalHospital(surface, lead)
	// A later place names where the hospital is: 北京大学深圳医院 is in 深圳,
	// 江苏省人民医院常州分院 in 常州.
	if len(lead) > 0 {
		sub := []rune(surface[len(lead[0].form):])
		for _, p := range x.placesIn(string(sub), true) {
			pl := p.places[0]
			if commonWordPlaces[p.form] || pl.Level == gazetteer.Province {
				continue
			}
			if after := string(sub[p.end:]); pl.Level == gazetteer.County && (after == "医院" || !publicType.MatchString(after)) {
				continue // 南京鼓楼医院 is named for a tower, not for 鼓楼区
			}
			// 北京大学深圳医院 is in 深圳: a university's hospital may be
			// anywhere; other names hold places inside the first one
			// (昆明市延安医院 is not in 延安).
			if !x.gaz.Contains(lead[0].place, pl) && !(universityAfter.MatchString(rest) && pl.Level == gazetteer.Prefecture) {
				continue
			}
			m.places = append(m.places, pl)
		}
	}
	if len(lead) > 0 && lead[0].place.Level == gazetteer.Province && lead[0].form == lead[0].place.Full {
		m.province = true
	}
	return m, true
}

func hasDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return true
		}
	}
	return false
}

// stripTypeWords removes descriptive words from the end of a name body and
// returns what is left: the proper part.
func stripTypeWords(body string) string {
	for changed := true; changed; {
		changed = false
		for _, w := range typeWords {
			if strings.HasSuffix(body, w) && body != w {
				body = strings.TrimSuffix(body, w)
				changed = true
			} else if body == w {
				return ""
			}
		}
	}
	return body
}

// canonicalHospital resolves a hospital's surface name to its canonical
// name: a university prefix before a place-named hospital is dropped
// (南京医科大学附属常州第二人民医院 → 常州市第二人民医院), and public
// hospitals take their place's official form and 中医院 for 中医医院.
func (x *Extractor) canonicalHospital(surface string, lead []leadPlace) string {
	if loc := universityAffiliated.FindStringIndex(surface); loc != nil {
		inner := surface[loc[1]:]
		// 南京医科大学附属常州第二人民医院 is 常州市第二人民医院; but
		// 上海中医药大学附属岳阳中西医结合医院 is not in 岳阳 (湖南).
		il := x.leadingPlaces(inner)
		if len(il) > 0 && il[0].place.Level == gazetteer.Prefecture && publicType.MatchString(strings.TrimPrefix(inner, il[0].form)) &&
			(len(lead) == 0 || x.gaz.Contains(x.gaz.Province(lead[0].place), il[0].place)) {
			return x.canonicalHospital(inner, il)
		}
	}
	if len(lead) == 0 {
		return surface
	}
	first := lead[0]
	rest := strings.TrimPrefix(surface, first.form)
	if first.place.Level == gazetteer.County {
		pref := x.gaz.Prefecture(first.place)
		if strings.HasSuffix(first.form, "区") && pref != nil && pref != first.place && publicType.MatchString(rest) {
			// 溧水区人民医院 is 南京市溧水区人民医院: a city district's
			// hospital is named with its city, written or not.
			return pref.Full + first.form + strings.Replace(rest, "中医医院", "中医院", 1)
		}
		return surface
	}
	if publicType.MatchString(rest) {
		rest = strings.Replace(rest, "中医医院", "中医院", 1)
		return officialPrefix(first) + rest
	}
	return surface
}

// officialPrefix is the form of a place used in an official hospital name:
// 常州 → 常州市, 伊犁州 → 伊犁哈萨克自治州; counties stay as written.
func officialPrefix(p leadPlace) string {
	if p.place.Level == gazetteer.County {
		return p.form
	}
	return p.place.Full
}
