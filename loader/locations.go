package loader

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/graph/kg"
)

// A hospital's name or the authority file gives its city; the text often
// says more: the district of its main site or of a campus (新桥医院在沙坪坝区
// 新桥, 芜湖市中医医院(弋江区九华南路430号), 万州区的重庆大学附属三峡医院).
// The rules here read those statements (issue 12, item 2).

// locatedCue before a place says where something is.
var locatedCue = regexp.MustCompile(`(?:位于|地处|坐落(?:在|于)?|位置在|地址\s*[:：|]?|院址\s*[:：|]?|在)\s*$`)

// allLocatedCue before a place says that the hospitals just named are all
// there (两家都在渝中区, 这几家医院均位于).
var allLocatedCue = regexp.MustCompile(`(?:两家|几家|[二三四五六]家|这些医院|它们)(?:医院)?(?:都|均)(?:在|位于)\s*$`)

// notLocated after a place says where people are, not a hospital
// (在渝北区工作的家长).
var notLocated = regexp.MustCompile(`^(?:工作|上班|居住|生活|住|打工|读书|上学|出生|的(?:家长|患者|病人|朋友|人|居民|市民|宝宝|孩子|参保人))`)

// campusAfter: a place with a campus of the hospital being described
// (江北区盘溪的本部和渝中区的道门口院区).
var campusAfter = regexp.MustCompile(`^\p{Han}{0,6}?的(?:本部|\p{Han}{0,6}院区|分院)`)

// addressOpen: a bracket right after a hospital's name, opening its
// address (芜湖市第四人民医院(芜湖市精神病医院,弋江区乌霞山东路)).
var addressOpen = regexp.MustCompile(`^\s*[(（][^()（）]{0,16}$`)

// ownSubject: a sentence that speaks of the page's own hospital without
// naming it (医院本部位于福州市鼓楼区…).
var ownSubject = regexp.MustCompile(`^\s*(?:医院|本院|我院|该院|院本部|本部)`)

// statedLocations reads where the text says each hospital is. page is the
// page's own hospital, if any.
func (st *docState) statedLocations(ctx unitContext, sents, lines []sentence, page *found) {
	owners := st.blockOwners(lines)
	k, addressK := 0, -1
	address := false
	for _, s := range sents {
		for k+1 < len(lines) && s.start >= lines[k+1].start {
			k++
		}
		line := lines[k]
		if addressK != k {
			// An address line in a hospital's block (📍南通｜崇川区西寺路20号):
			// its places are the block's hospital's.
			addressK = k
			address = owners[k] != nil && len(hospitalsIn(line)) == 0 && addressLine.MatchString(st.p.text(line.start, line.end))
		}
		for i := 0; i < len(s.found); i++ {
			p := s.found[i]
			if p.ref.Kind != kg.KindCity && p.ref.Kind != kg.KindProvince {
				continue
			}
			// 福建省福州市鼓楼区: the chain's last place is where.
			last := i
			for last+1 < len(s.found) && isPlace(s.found[last+1]) && s.found[last+1].start >= s.found[last].end && strings.TrimSpace(st.p.text(s.found[last].end, s.found[last+1].start)) == "" {
				last++
			}
			chainEnd, at := s.found[last].end, s.found[last]
			chain := s.found[i : last+1]
			i = last
			if at.ref.Kind != kg.KindCity {
				continue
			}
			if p.start < s.start || chainEnd > s.end {
				continue // a mention across a sentence's edge
			}
			before := st.p.text(max(s.start, p.start-8), p.start)
			after := st.p.text(chainEnd, min(s.end, chainEnd+12))
			if address {
				for _, q := range chain {
					if q.ref.Kind == kg.KindCity {
						st.locate(ctx, *owners[k], q, s, kg.MethodList)
					}
				}
				continue
			}
			if allLocatedCue.MatchString(before) && !notLocated.MatchString(after) {
				// 重医附一院心血管内科，或者大坪医院心内科，两家都在渝中区.
				for _, f := range s.found {
					if f.ref.Kind == kg.KindHospital && f.end <= p.start {
						st.locate(ctx, f, at, s, kg.MethodSentence)
					}
				}
				continue
			}
			var h *found
			how := kg.MethodSentence
			switch {
			case st.placeOfHospital(s, p, chainEnd) != nil:
				h = st.placeOfHospital(s, p, chainEnd) // 万州区的重庆大学附属三峡医院
			case st.addressOf(s, p) != nil:
				h = st.addressOf(s, p)
			case streetAddress.MatchString(after) && st.addressedHospital(line, p) != nil:
				h, how = st.addressedHospital(line, p), kg.MethodList // 同济医院 | 硚口区解放大道1095号
			case st.listedBeside(line, p, chainEnd) != nil:
				h, how = st.listedBeside(line, p, chainEnd), kg.MethodList
			case locatedCue.MatchString(before) && !notLocated.MatchString(after) || campusAfter.MatchString(after):
				h = st.subjectOf(s, p, owners[k], page)
			}
			if h == nil {
				continue
			}
			st.locate(ctx, *h, at, s, how)
		}
	}
}

func isPlace(f found) bool { return f.ref.Kind == kg.KindCity || f.ref.Kind == kg.KindProvince }

// placeOfHospital returns the hospital right after a place and 的.
func (st *docState) placeOfHospital(s sentence, p found, chainEnd int) *found {
	for _, f := range s.found {
		if f.ref.Kind == kg.KindHospital && f.start >= chainEnd {
			if between := strings.TrimSpace(st.p.text(chainEnd, f.start)); between == "的" {
				return &f
			}
			return nil
		}
	}
	return nil
}

// addressOf returns the hospital whose bracket the place stands in.
func (st *docState) addressOf(s sentence, p found) *found {
	var last *found
	for i := range s.found {
		f := s.found[i]
		if f.start >= p.start {
			break
		}
		if f.ref.Kind == kg.KindHospital {
			last = &f
		}
	}
	if last == nil {
		return nil
	}
	// The bracket may hold another name of the hospital first.
	between := st.p.text(last.end, p.start)
	for i := range s.found {
		f := s.found[i]
		if f.ref.Kind == kg.KindHospital && f.ref == last.ref && f.end <= p.start && f.start > last.end {
			return nil // the nearer mention is checked as last
		}
	}
	if addressOpen.MatchString(between) {
		return last
	}
	// 芜湖市第四人民医院(芜湖市精神病医院,弋江区…): the first mention opens the bracket.
	for i := range s.found {
		f := s.found[i]
		if f.ref == last.ref && f.end < last.start && addressOpen.MatchString(st.p.text(f.end, p.start)) {
			return &f
		}
	}
	return nil
}

// streetAddress after a place is the rest of an address: a street and a
// number (硚口区解放大道1095号, 西陵区夷陵大道183号).
var streetAddress = regexp.MustCompile(`^\p{Han}{1,8}?(?:路|街|大道|大街|巷)\d+号`)

// addressedHospital returns the hospital a line gives with an address
// after it (a table row or a list entry: 宜昌市第一人民医院（三峡大学人民医院），
// 西陵区解放路4号): the line's only hospital, named before the address.
func (st *docState) addressedHospital(line sentence, p found) *found {
	if !oneHospital(line) {
		return nil
	}
	for i := range line.found {
		if f := line.found[i]; f.ref.Kind == kg.KindHospital && f.end <= p.start {
			return &line.found[i]
		}
	}
	return nil
}

// listedBeside returns the hospital a list line gives with its place only
// (福建省立医院 鼓楼区).
func (st *docState) listedBeside(line sentence, p found, chainEnd int) *found {
	if strings.TrimSpace(st.p.text(chainEnd, line.end)) != "" {
		return nil
	}
	for i := len(line.found) - 1; i >= 0; i-- {
		f := line.found[i]
		if f.end > p.start {
			continue
		}
		if f.ref.Kind == kg.KindDepartment {
			continue // 江苏省人民医院 · 心血管内科 三甲 南京 鼓楼区: a heading's department
		}
		if f.ref.Kind != kg.KindHospital {
			return nil
		}
		gap := st.p.text(f.end, p.start)
		if strings.Trim(gap, " \t|)）") == "" {
			return &f
		}
		if f.start == line.found[0].start && utf8.RuneCountInString(gap) <= 20 && !strings.ContainsAny(gap, "，,。；;、和与及的") {
			return &f // a heading: the hospital, its department and level, then where
		}
		return nil
	}
	return nil
}

// subjectOf returns the hospital a location sentence is about: one named
// before the place in its clause, else the hospital whose block the line
// is in, else the page's own hospital when the sentence speaks of it.
func (st *docState) subjectOf(s sentence, p found, owner, page *found) *found {
	var before []found
	for _, f := range s.found {
		if f.ref.Kind == kg.KindHospital && f.end <= p.start {
			before = append(before, f)
		}
	}
	if n := len(before); n > 0 {
		if sameClause(st.p.runes, before[n-1], p) {
			return &before[n-1]
		}
		return nil
	}
	if owner != nil {
		return owner
	}
	if page != nil && ownSubject.MatchString(st.p.text(s.start, p.start)) {
		return page
	}
	return nil
}

// blockOwners returns, for each line, the hospital whose block it is in: a
// list's or ranking's heading line for a hospital, up to the next heading.
func (st *docState) blockOwners(lines []sentence) []*found {
	out := make([]*found, len(lines))
	var owner *found
	for k, l := range lines {
		if h := st.lineHospital(l); h != nil {
			owner = h
		} else if st.sectionHeading(l) {
			owner = nil
		} else if h := st.opensWithHospital(l); h != nil && owner != nil && h.ref != owner.ref {
			owner = nil
		}
		out[k] = owner
	}
	return out
}

// locate records that hospital h is in place at, when that agrees with what
// its name or the authority file says (a bracket's 原南京军区福州总医院 does
// not move a hospital of 福州 to 南京).
func (st *docState) locate(ctx unitContext, h found, at found, s sentence, how kg.Method) {
	place := at.places[0]
	known, _ := st.hospitalCities(h, ctx)
	if len(known) > 0 {
		agrees := false
		for _, k := range known {
			if st.x.gaz.Contains(k, place) || st.x.gaz.Contains(place, k) {
				agrees = true
			}
		}
		if !agrees {
			return
		}
	}
	ref := st.cityEntity(place)
	st.relation(kg.LocatedIn, how, h.ref, ref, s, h, at)
	st.inProvince(ref, place, s, h, at)
	if place.Level == gazetteer.County {
		if pref := st.x.gaz.Prefecture(place); pref != nil && pref != place && st.namedHere(pref) {
			pr := st.cityEntity(pref)
			st.relation(kg.LocatedIn, how, h.ref, pr, s, h, at)
		}
	}
}
