package main

import (
	"strings"
	"unicode/utf8"
)

// ethnicGroups returns the 56 officially recognised peoples of China,
// without the 族 that usually follows them. Autonomous areas carry them in
// their names (伊犁哈萨克自治州, 大厂回族自治县), and the everyday name of
// such an area drops them (伊犁, 大厂).
func ethnicGroups() []string {
	return []string{
		"汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜",
		"满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳",
		"佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
		"达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
		"塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔",
		"独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
	}
}

// multiEthnic is the "of all peoples" that stands for the list of groups in
// a few autonomous counties (龙胜各族自治县).
const multiEthnic = "各族"

// minRunes is the shortest name or short form we produce: one character is
// never a usable name for a place (赵县 has no short form 赵).
const minRunes = 2

// dropEthnic removes the names of ethnic groups from the end of stem:
// "伊犁哈萨克" → "伊犁", "恩施土家族苗族" → "恩施", "积石山保安族东乡族撒拉族" →
// "积石山". A one-character group is only recognised with its 族 (大厂回族),
// because without it it could be part of the place name (西藏). It never
// leaves fewer than minRunes characters: "内蒙古" and "东乡族" stay as they are.
func dropEthnic(stem string) string {
	for {
		next := trimEthnic(stem)
		if next == stem || utf8.RuneCountInString(next) < minRunes {
			return stem
		}
		stem = next
	}
}

// trimEthnic removes one ethnic group from the end of s, or returns s.
func trimEthnic(s string) string {
	if t, ok := strings.CutSuffix(s, multiEthnic); ok {
		return t
	}
	// Longest match first, so that 东乡族 is not read as 乡族 or 土家族 as 家族.
	best := ""
	for _, g := range ethnicGroups() {
		for _, form := range []string{g + "族", g} {
			if form == g && utf8.RuneCountInString(g) < 2 {
				continue
			}
			if strings.HasSuffix(s, form) && len(form) > len(best) {
				best = form
			}
		}
	}
	return strings.TrimSuffix(s, best)
}

// isEthnic reports whether s is the name of an ethnic group, with or without 族.
func isEthnic(s string) bool {
	s = strings.TrimSuffix(s, "族")
	for _, g := range ethnicGroups() {
		if s == g {
			return true
		}
	}
	return false
}

// names returns the canonical name of a division and its short forms: the
// forms other than name and full that drop a suffix or ethnic names. level
// is province, prefecture or county; code is the division code, which tells
// the forest district 神农架林区 (a county, code part 21) from districts
// whose name ends in 林 (碑林区, code part 03).
//
// Naming follows FORMAT.md: provinces and prefecture-level places drop their
// suffix (江苏省 → 江苏, 伊犁哈萨克自治州 → 伊犁) except leagues (兴安盟);
// county-level cities drop 市 (伊宁市 → 伊宁); other county-level places keep
// theirs (盱眙县, with short form 盱眙).
func names(level, code, full string) (name string, shorts []string) {
	name = full
	switch level {
	case "province":
		if stem, ok := cut(full, "特别行政区"); ok {
			name, shorts = stem, []string{stem + "特区"}
		} else if stem, ok := cut(full, "自治区"); ok {
			name = dropEthnic(stem)
		} else if stem, ok := cut(full, "省"); ok {
			name = stem
		} else if stem, ok := cut(full, "市"); ok {
			name = stem
		}
	case "prefecture":
		if stem, ok := cut(full, "自治州"); ok {
			base, _ := autonomousBase(stem)
			name, shorts = base, []string{base + "州"}
		} else if stem, ok := cut(full, "地区"); ok {
			name = stem
		} else if stem, ok := cut(full, "市"); ok {
			name = stem
		} else if stem, ok := cut(full, "县"); ok {
			// Counties of Taiwan are prefecture-level but named like counties.
			shorts = []string{stem}
		}
		// Leagues (盟) keep their suffix and have no short form.
	case "county":
		shorts = countyShorts(code, full)
		if stem, ok := cut(full, "市"); ok {
			name = stem
		}
	}
	return name, clean(name, full, shorts)
}

// countyShorts returns the short forms of a county-level division that keeps
// its suffix in its name.
func countyShorts(code, full string) []string {
	for _, designation := range []string{"自治县", "自治旗"} {
		if stem, ok := cut(full, designation); ok {
			// 大厂回族自治县 → 大厂, 大厂县; 鄂伦春自治旗 → 鄂伦春旗 only,
			// since 鄂伦春 alone is the people, not the place.
			generic := strings.TrimPrefix(designation, "自治")
			base, whole := autonomousBase(stem)
			if whole {
				return []string{base + generic}
			}
			return []string{base, base + generic}
		}
	}
	if stem, ok := cut(full, "林区"); ok && len(code) == 6 && code[4:] >= "21" {
		return []string{stem}
	}
	for _, suffix := range []string{"特区", "新区", "行政委员会", "的岛礁及其海域", "区", "县", "旗"} {
		if stem, ok := cut(full, suffix); ok {
			return []string{stem}
		}
	}
	return nil
}

// autonomousBase returns the place part of the stem of an autonomous area's
// name (the name without 自治州 etc.) and whether the stem is only the name
// of a people (东乡族自治县), in which case base is that name without 族.
func autonomousBase(stem string) (base string, whole bool) {
	if isEthnic(stem) {
		return strings.TrimSuffix(stem, "族"), true
	}
	return dropEthnic(stem), false
}

// cut removes suffix from s if what remains is long enough to be a name.
func cut(s, suffix string) (string, bool) {
	stem, ok := strings.CutSuffix(s, suffix)
	if !ok || utf8.RuneCountInString(stem) < minRunes {
		return s, false
	}
	return stem, true
}

// clean drops short forms that are too short or repeat name, full or each
// other, keeping the order.
func clean(name, full string, shorts []string) []string {
	var out []string
	seen := map[string]bool{name: true, full: true}
	for _, s := range shorts {
		if utf8.RuneCountInString(s) < minRunes || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}
