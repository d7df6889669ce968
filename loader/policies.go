package loader

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/medkg/medkg/gazetteer"
)

// productSuffix ends the name of a city's or province's own insurance
// product: 沪惠保, 苏州惠民保, 西湖益联保, 北京普惠健康保, 武汉惠医保.
var productSuffix = regexp.MustCompile(`(?:惠民保|惠医保|惠保|益联保|普惠[\p{Han}]{0,3}保)`)

// productStop ends the text before a product's name (上海的沪惠保).
const productStop = "的和与及或、在是为了将把对从向于等买参投款份个这那该其各当本"

// placeAbbreviations are the one-character names of provinces and cities
// that products take (沪惠保, 惠蓉保's 蓉, 甬), with the place each stands
// for. 宁 is 宁夏 here; 南京's 宁惠保 is in the lexicon.
var placeAbbreviations = map[rune]string{
	'沪': "上海", '京': "北京", '津': "天津", '渝': "重庆", '冀': "河北", '晋': "山西", '蒙': "内蒙古",
	'辽': "辽宁", '吉': "吉林", '黑': "黑龙江", '苏': "江苏", '浙': "浙江", '皖': "安徽", '闽': "福建",
	'赣': "江西", '鲁': "山东", '豫': "河南", '鄂': "湖北", '湘': "湖南", '粤': "广东", '桂': "广西",
	'琼': "海南", '川': "四川", '蜀': "四川", '黔': "贵州", '贵': "贵州", '滇': "云南", '云': "云南",
	'藏': "西藏", '陕': "陕西", '秦': "陕西", '甘': "甘肃", '陇': "甘肃", '青': "青海", '宁': "宁夏",
	'新': "新疆", '蓉': "成都", '穗': "广州", '甬': "宁波", '锡': "无锡", '杭': "杭州", '深': "深圳",
	'厦': "厦门", '榕': "福州", '邕': "南宁", '筑': "贵阳", '昆': "昆明", '并': "太原", '连': "大连",
	'锦': "锦州",
}

// localProducts finds the names of local insurance products in text that
// the lexicon does not list, by the grammar of such names: a place or a
// one-character abbreviation before a product suffix (烟台惠民保, 甬惠保).
// Listed names are matched by the dictionary; 惠民保 alone is the generic
// term.
func (x *Extractor) localProducts(text string) []match {
	var out []match
	pos := newRuneCounter(text)
	runes := []rune(text)
	// Every suffix holds 惠 but 益联保.
	ends := findInLines(productSuffix, text, func(line string) bool {
		return strings.Contains(line, "惠") || strings.Contains(line, "益联保")
	})
	for _, loc := range ends {
		s, e := pos.at(loc[0]), pos.at(loc[1])
		lo := s
		for lo > 0 && s-lo < 4 && isHan(runes[lo-1]) && !strings.ContainsRune(productStop, runes[lo-1]) {
			lo--
		}
		// The longest run before the suffix that is a place, else the one
		// character before it if that abbreviates one (已经开通蒙惠保: 蒙).
		b := -1
		for k := lo; k < s && b < 0; k++ {
			if x.productPlace(string(runes[k:s])) != nil {
				b = k
			}
		}
		if _, ok := placeAbbreviations[runes[max(s-1, 0)]]; b < 0 && s > lo && ok {
			b = s - 1
		}
		if b < 0 {
			continue // 各地惠民保: a generic phrase, not a product
		}
		name := string(runes[b:e])
		if x.local.Lookup(name) != nil || x.policies.Lookup(name) != nil {
			continue // the dictionary has it
		}
		out = append(out, match{start: b, end: e, form: form{text: name, kind: termPolicy, key: name}})
	}
	// 惠 + a one-character place name + 保: 惠邕保, 惠琼保.
	for _, loc := range huiAbbrBao.FindAllStringIndex(text, -1) {
		name := text[loc[0]:loc[1]]
		if x.local.Lookup(name) != nil || x.policies.Lookup(name) != nil {
			continue
		}
		if x.abbreviation([]rune(name)[1]) != nil {
			out = append(out, match{start: pos.at(loc[0]), end: pos.at(loc[1]), form: form{text: name, kind: termPolicy, key: name}})
		}
	}
	return out
}

// abbreviation returns the place a one-character name stands for in a
// product's name: a province's or city's customary one (沪, 蓉), else the
// first character of one prefecture's name that no other prefecture
// begins with (惠徐保: 徐州).
func (x *Extractor) abbreviation(r rune) *gazetteer.Place {
	if name, ok := placeAbbreviations[r]; ok {
		if ps := x.gaz.Lookup(name); len(ps) > 0 {
			return ps[0]
		}
	}
	return x.initials[r]
}

// prefectureInitials maps the first character of each prefecture's name to
// it, where no other prefecture's name begins with that character.
func prefectureInitials(gaz *gazetteer.Gazetteer) map[rune]*gazetteer.Place {
	by := map[rune][]*gazetteer.Place{}
	for _, p := range gaz.Places() {
		if p.Level != gazetteer.Prefecture {
			continue
		}
		r, _ := utf8.DecodeRuneInString(p.Name)
		if !slices.ContainsFunc(by[r], func(q *gazetteer.Place) bool { return q.Name == p.Name }) {
			by[r] = append(by[r], p)
		}
	}
	out := map[rune]*gazetteer.Place{}
	for r, ps := range by {
		if len(ps) == 1 {
			out[r] = ps[0]
		}
	}
	return out
}

// huiAbbrBao is a product named 惠, a place's one character, 保.
var huiAbbrBao = regexp.MustCompile(`惠\p{Han}保`)

// productPlace returns the place a product's name starts with (烟台 in
// 烟台惠民保), or nil.
func (x *Extractor) productPlace(prefix string) *gazetteer.Place {
	lead := x.leadingPlaces(prefix)
	if len(lead) == 0 {
		return nil
	}
	rest := prefix
	for _, l := range lead {
		rest = strings.TrimPrefix(rest, l.form)
	}
	if rest != "" && rest != "市" && rest != "省" {
		return nil
	}
	return lead[len(lead)-1].place
}

// policyRegion returns where a local product applies: the lexicon's region,
// or the place its name starts with.
func (x *Extractor) policyRegion(name string) *gazetteer.Place {
	if p, ok := x.regions[name]; ok {
		return p
	}
	for _, m := range productSuffix.FindAllStringIndex(name, -1) {
		if m[1] != len(name) {
			continue
		}
		if p := x.productPlace(name[:m[0]]); p != nil {
			return p
		}
		if rs := []rune(name[:m[0]]); len(rs) == 1 {
			if ps := x.gaz.Lookup(placeAbbreviations[rs[0]]); len(ps) > 0 {
				return ps[0] // 蒙惠保: 内蒙古
			}
		}
	}
	if rs := []rune(name); huiAbbrBao.MatchString(name) && len(rs) == 3 {
		return x.abbreviation(rs[1]) // 惠邕保: 南宁; 惠徐保: 徐州
	}
	return nil
}

// insidePolicy reports whether the place match m of text is part of a
// policy's name rather than the place it names: 惠民 in 惠民保 (what is
// left, 保, is no product), but not 苏州 in 苏州惠民保.
func (x *Extractor) insidePolicy(text string, m placeMatch) bool {
	for _, t := range x.terms.find(text) {
		if t.form.kind != termPolicy || t.start > m.start || t.end < m.end || t.end-t.start == m.end-m.start {
			continue
		}
		rest := []rune(t.form.text)
		rest = append(rest[:m.start-t.start:m.start-t.start], rest[m.end-t.start:]...)
		if !productSuffix.MatchString(string(rest)) {
			return true
		}
	}
	return false
}
