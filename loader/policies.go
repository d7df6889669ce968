package loader

import (
	"regexp"
	"strings"

	"github.com/medkg/medkg/gazetteer"
)

// productSuffix ends the name of a city's or province's own insurance
// product: 沪惠保, 苏州惠民保, 西湖益联保, 北京普惠健康保, 武汉惠医保.
var productSuffix = regexp.MustCompile(`(?:惠民保|惠医保|惠保|益联保|普惠[\p{Han}]{0,3}保)`)

// productStop ends the text before a product's name (上海的沪惠保).
const productStop = "的和与及或、在是为了将把对从向于等买参投款份个这那该其各当本"

// placeAbbreviations are the one-character names of provinces and cities
// that products take (沪惠保, 惠蓉保's 蓉, 甬).
const placeAbbreviations = "沪京津渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀黔贵滇云藏陕秦甘陇青宁新蓉穗甬锡杭深厦榕邕筑昆并连锦"

// localProducts finds the names of local insurance products in text that
// the lexicon does not list, by the grammar of such names: a place or a
// one-character abbreviation before a product suffix (烟台惠民保, 甬惠保).
// Listed names are matched by the dictionary; 惠民保 alone is the generic
// term.
func (x *Extractor) localProducts(text string) []match {
	var out []match
	pos := runeOffsets(text)
	runes := []rune(text)
	for _, loc := range productSuffix.FindAllStringIndex(text, -1) {
		s, e := pos[loc[0]], pos[loc[1]]
		b := s
		for b > 0 && s-b < 4 && isHan(runes[b-1]) && !strings.ContainsRune(productStop, runes[b-1]) {
			b--
		}
		if b == s {
			continue
		}
		name := string(runes[b:e])
		if x.local.Lookup(name) != nil || x.policies.Lookup(name) != nil {
			continue // the dictionary has it
		}
		prefix := string(runes[b:s])
		if p := x.productPlace(prefix); p == nil && !(len([]rune(prefix)) == 1 && strings.Contains(placeAbbreviations, prefix)) {
			continue // 各地惠民保: a generic phrase, not a product
		}
		out = append(out, match{start: b, end: e, form: form{text: name, kind: termPolicy, key: name}})
	}
	return out
}

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
		if m[1] == len(name) {
			return x.productPlace(name[:m[0]])
		}
	}
	return nil
}
