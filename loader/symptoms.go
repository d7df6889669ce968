package loader

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/medkg/medkg/graph/kg"
)

// Title templates of health pages that name the symptom or condition a
// page recommends hospitals for. They apply after the year and the places
// at the start of the title are removed (2025年江苏苏州 | 出现皮肤紫癜去哪家医院好).
var titleTemplates = []*regexp.Regexp{
	regexp.MustCompile(`^出现(.+?)(?:症状)?(?:应该|该|要)?(?:去|到|看)?(?:哪家|哪个|什么)医院(?:看|就诊|治疗)?(?:比较好|最好|好)?$`),
	regexp.MustCompile(`^(?:哪家|哪个|什么)医院(?:治疗|看)(.+?)(?:比较|最)?好$`),
	regexp.MustCompile(`^治疗(.+?)(?:最好|较好|比较好|好)的医院(?:排名|有哪些|推荐)?$`),
	regexp.MustCompile(`^(?:治疗|医治|看)(.+?)(?:去|到)?(?:哪家|哪个|什么)医院(?:比较|最)?好$`),
	regexp.MustCompile(`^(?:治疗|医治)(.+?)的?医院(?:有哪些|排名|推荐|排行榜?)$`),
	regexp.MustCompile(`^(?:做|进行)?(.+?)手术(?:能|可以)?(?:走|用|报销|报)医保(?:吗|报销吗)?$`),
	regexp.MustCompile(`^(?:做|进行)?(.+?)手术(?:医保)?(?:能|可以)报销(?:吗|多少)?$`),
	regexp.MustCompile(`^(.+?)(?:康复)?医院(?:哪家好|哪个好|有哪些|推荐|排名)$`),
	regexp.MustCompile(`^(.+?)(?:应该|该|要)?(?:挂|看)(?:什么|哪个)科$`),
	regexp.MustCompile(`^(.+?)(?:去|到|看)?(?:哪家|哪个|什么)医院(?:看得|治得|看|治|治疗|就诊|康复|检查|手术|做手术)?(?:比较|最)?好?$`),
	regexp.MustCompile(`^(?:治疗)?(.+?)的医院(?:有哪些|排名|推荐)$`),
	regexp.MustCompile(`^(.+?)医院排名(?:前十|前10|前三|前五)?$`),
}

// knownOnlyTemplates name a symptom only when it is a known one: in
// 晋城高血压门诊报销比例 the part before 门诊 is a condition, in
// 医保门诊报销比例 it is not.
var knownOnlyTemplates = []*regexp.Regexp{
	regexp.MustCompile(`^(.+?)门诊(?:报销|用药|费用)`),
	regexp.MustCompile(`^(.+?)(?:怎么治疗|怎么治|吃什么药|能治好吗|能报销吗)`),
	// 神木尘肺病看病能走医保吗, 咸阳腰椎间盘突出能走医保吗
	regexp.MustCompile(`^(.+?)(?:看病|治疗|手术|住院|看门诊)?(?:能|可以)(?:走|用|报)医保`),
}

var yearPrefix = regexp.MustCompile(`^\d{4}年?`)

// serviceSuffix: what a title asks for about a condition (筛查, 复查),
// written after it.
var serviceSuffix = regexp.MustCompile(`(?:筛查|复查|检查|早筛|治疗|诊治|就诊|看病|透析|康复)$`)

// notSymptom are words that show a captured phrase is not a symptom.
var notSymptom = []string{"医保", "报销", "社保", "医院", "费用", "政策", "手术", "缴费", "药店", "医生", "科室"}

// maxTitleRunes is the longest line read as a title template: the
// questions (2025年江苏苏州出现皮肤紫癜去哪家医院好) run to some 40
// characters, and the templates' regular expressions cost time in the
// line's length (a one-line 8 MB document took 3 s here).
const maxTitleRunes = 200

// titleSymptoms returns the symptoms a title asks about, as written: one,
// or the known terms a title writes together (情绪低落睡不着).
func (x *Extractor) titleSymptoms(title string) []string {
	if len(title) > 4*maxTitleRunes && utf8.RuneCountInString(title) > maxTitleRunes {
		return nil
	}
	t := strings.TrimSpace(title)
	t = strings.TrimRight(t, "?？!！。 ")
	t = strings.TrimSuffix(t, "最新")
	for {
		before := t
		t = yearPrefix.ReplaceAllString(t, "")
		for _, p := range x.leadingPlaces(t) {
			t = strings.TrimPrefix(t, p.form)
		}
		t = strings.TrimPrefix(t, "地区")
		t = x.trimPerson(t)
		if t == before {
			break
		}
	}
	for _, re := range titleTemplates {
		if m := re.FindStringSubmatch(t); m != nil {
			// 鼻咽癌筛查去哪家医院: the condition, not the service.
			y := serviceSuffix.ReplaceAllString(trimTitleCue(m[1]), "")
			if rest, ok := strings.CutPrefix(y, "出现"); ok && utf8.RuneCountInString(rest) >= 2 {
				y = rest // 徐州出现胃胀反酸的医院有哪些: a template without 出现 took it
			}
			if x.symptoms.Lookup("看"+y) != nil && strings.Contains(t, "看"+y) {
				y = "看" + y // 看东西模糊: the 看 a template reads as a verb is the symptom's
			}
			if x.plausibleSymptom(y) {
				return x.titleTerms(y)
			}
		}
	}
	for _, re := range knownOnlyTemplates {
		if m := re.FindStringSubmatch(t); m != nil && x.symptoms.Lookup(m[1]) != nil {
			return []string{m[1]}
		}
	}
	if first, rest, ok := strings.Cut(strings.TrimSpace(title), " "); ok && question.MatchString(rest) {
		// Two questions in one title (莆田小孩反复咳嗽挂什么科 哪家医院看得好):
		// the first names the symptom.
		return x.titleSymptoms(first)
	}
	return nil
}

// titleCue is what a title writes between its symptom and its question:
// a verb (甲状腺结节挂哪个医院好, 孩子发高烧抽筋送哪家医院), a question
// about the symptom (尿里有血是怎么回事去哪个医院看), the kind of doctor
// (睡不着看心理去哪家医院).
var titleCue = regexp.MustCompile(`(?:是怎么回事|怎么回事|怎么办|看心理|看中医|看急诊|挂号|挂|送|找|应该|该|要|需要|到底)$`)

func trimTitleCue(y string) string {
	for range 3 {
		t := titleCue.ReplaceAllString(y, "")
		if t == y || utf8.RuneCountInString(t) < 2 {
			break
		}
		y = t
	}
	return y
}

// titleLead is a word before a title's symptom that is not part of it
// (突然听力下降, 孩子发高烧抽筋, 体检发现甲状腺结节): dropped where the rest
// is a known term.
var titleLead = regexp.MustCompile(`^(?:突然|发|半夜|夜里|晚上|体检发现|体检查出|检查发现|查出)`)

// titleTail is what a title writes after a known symptom about its course
// or how bad it is (湿疹反复, 牙疼得睡不着, 咳嗽老不好, 膝盖疼上下楼困难), or
// a particle or a verb left of a service (烫伤了, 腰椎间盘突出做手术): not
// part of it.
var titleTail = regexp.MustCompile(`(?:了|做|得[^得]+|反复发作|反复|老不好|总不好|好不了|一直不好|不见好|加重了?|越来越重|很厉害|(?:上下楼|上楼|下楼|爬楼|下蹲|蹲起)(?:困难|更痛|更疼|加重))$`)

// titleTerms reads a title's symptom phrase y. A known term is itself,
// also with a time before it or its course after it (半夜牙疼得睡不着); an
// episode of a known condition is the condition (痛风发作); a condition
// and a symptom written one after the other are each one (乙肝转氨酶高);
// anything else is one symptom as written (眩晕伴恶心呕吐, 咳嗽带血, and
// symptoms written together: 胸闷心慌, 尿频尿痛).
func (x *Extractor) titleTerms(y string) []string {
	if x.symptoms.Lookup(y) != nil {
		return []string{y}
	}
	lead := titleLead.FindString(y)
	body := y[len(lead):]
	if lead != "" && x.symptoms.Lookup(body) != nil {
		return []string{body}
	}
	for _, b := range []string{y, body} {
		if t := titleTail.ReplaceAllString(b, ""); t != b && x.symptoms.Lookup(t) != nil {
			return []string{t}
		}
	}
	if c, ok := strings.CutSuffix(body, "发作"); ok && x.symptoms.Lookup(c) != nil && x.category(c) == kg.CategoryCondition {
		return []string{c}
	}
	var terms []string
	cats := map[string]bool{}
	at, n := 0, utf8.RuneCountInString(body)
	for _, m := range longestFirst(x.symptomDict.find(body), nil) {
		if m.start != at {
			return []string{y}
		}
		terms, at = append(terms, m.form.text), m.end
		cats[x.category(m.form.key)] = true
	}
	if at != n || len(terms) != 2 || len(cats) != 2 {
		return []string{y}
	}
	return terms
}

// persons are who a title says has the symptom (沈阳孩子反复咳嗽挂什么科,
// 海城老人髋部骨折去哪家医院), and how it came: not part of the symptom.
var persons = []string{"中老年人", "老年人", "老人", "孩子", "小孩", "宝宝", "小朋友", "婴儿", "新生儿", "孕妇", "产妇",
	"女性", "男性", "女生", "男生", "女人", "男人", "年轻人", "中年人", "上班族", "学生", "游客", "患者", "病人",
	// and how it came (株洲老人摔倒骨折去哪家医院好)
	"摔倒后", "摔倒", "跌倒后", "跌倒", "摔伤后"}

// trimPerson removes a person word that starts t, unless it starts a
// known symptom (新生儿黄疸, 婴儿湿疹).
func (x *Extractor) trimPerson(t string) string {
	for _, p := range persons {
		if !strings.HasPrefix(t, p) {
			continue
		}
		for _, m := range x.symptomDict.find(t) {
			if m.start == 0 && m.end > len([]rune(p)) {
				return t
			}
		}
		return strings.TrimPrefix(t, p)
	}
	return t
}

func (x *Extractor) plausibleSymptom(s string) bool {
	rs := []rune(s)
	if len(rs) < 2 || len(rs) > 16 {
		return false
	}
	for _, r := range rs {
		if !isHan(r) {
			return false
		}
	}
	if strings.Contains(s, "的") || strings.HasPrefix(s, "治疗") {
		return false
	}
	for _, w := range notSymptom {
		if strings.Contains(s, w) {
			return false
		}
	}
	if len(x.placesIn(s, false)) > 0 {
		return false
	}
	if x.departments.Lookup(s) != nil || strings.HasSuffix(s, "科") {
		return false // 神经外科医院排名: a department, not a symptom
	}
	return true
}

// variantChars maps variant characters to the standard ones (酸硷 → 酸碱).
var variantChars = strings.NewReplacer("硷", "碱")

// injuryPain: 脚踝扭伤痛 is the injury 脚踝扭伤.
var injuryPain = regexp.MustCompile(`(扭伤|挫伤|拉伤|损伤|烫伤|烧伤|摔伤)(?:痛|疼|疼痛)$`)

// canonicalSymptom returns a symptom's canonical name and its category.
func (x *Extractor) canonicalSymptom(surface string) (string, string) {
	name := variantChars.Replace(surface)
	name = injuryPain.ReplaceAllString(name, "$1")
	if t := x.symptoms.Lookup(name); t != nil {
		return t.Name, t.Category
	}
	return name, categoryOf(name)
}

// conditionSuffixes end the names of diseases and injuries rather than
// symptoms.
var conditionSuffixes = []string{
	"炎", "病", "症", "癌", "瘤", "伤", "骨折", "结核", "缺血", "梗死", "梗塞", "中风", "偏瘫", "障碍",
	"哮喘", "感染", "综合征", "疝", "结石", "畸形", "囊肿", "息肉", "溃疡", "骨刺", "肌瘤", "不育",
	"不孕", "耳聋", "亢进", "减退", "血压", "血脂", "血糖", "帐", "障", "脱离", "变性", "损伤", "突出",
	"增生", "狭窄", "硬化", "衰竭", "痴呆", "麻痹", "瘫痪", "近视", "远视", "弱视", "斜视", "出血",
}

// categoryOf guesses SYMPTOM or CONDITION from a name's form.
func categoryOf(name string) string {
	if strings.Contains(name, "性") && !strings.HasSuffix(name, "性") {
		return kg.CategoryCondition // 过敏性紫癜, 病毒性角膜炎
	}
	for _, s := range conditionSuffixes {
		if strings.HasSuffix(name, s) && !strings.HasSuffix(name, "症状") {
			if s == "出血" && (strings.HasPrefix(name, "咳") || strings.Contains(name, "带")) {
				continue
			}
			return kg.CategoryCondition
		}
	}
	return kg.CategorySymptom
}

// bodyParts are the characters of body parts that run together before a
// symptom (肩背痛, 颈肩部疼痛, 腰腿痛).
const bodyParts = "头颈肩背腰腿膝胸腹臂手脚足踝髋肘腕眼耳鼻喉咽口牙面脸颌臀肋胁胃肠"

// qualifyingConditions name a kind of another condition when written right
// before it (高血压脑出血, 糖尿病肾病, 冠心病心绞痛); other pairs written
// together (心梗脑出血) are two conditions.
// conditionQualifier ends the text before a condition that it qualifies:
// a type (2型, Ⅱ型), an immunoglobulin (IgA), a cell line (大B细胞, 非小细胞).
var conditionQualifier = regexp.MustCompile(`(?:(?:弥漫性?)?(?:非小|小|大?[A-Z]{1,3})细胞|[0-9ⅠⅡⅢⅣ一二三]型|Ig[AGMED]4?)$`)

var qualifyingConditions = map[string]bool{"高血压": true, "糖尿病": true, "冠心病": true, "高脂血症": true, "妊娠": true}

// joinSymptoms keeps symptoms whole where the text writes a longer term
// than the vocabulary holds: a condition right after another condition is
// one condition (高血压脑出血, 糖尿病肾病), and body parts run into a
// symptom that starts with one are part of it (肩 + 背痛 → 肩背痛).
func (x *Extractor) joinSymptoms(runes []rune, ms []match) []match {
	var out []match
	for _, m := range ms {
		if m.form.kind != termSymptom {
			out = append(out, m)
			continue
		}
		if n := len(out); n > 0 {
			prev := out[n-1]
			if prev.form.kind == termSymptom && prev.end == m.start && qualifyingConditions[prev.form.key] &&
				x.category(m.form.key) == kg.CategoryCondition || prev.form.kind == termSymptom && prev.end == m.start && qualifyingConditions[prev.form.key] && strings.HasSuffix(m.form.key, "痛") {
				text := string(runes[prev.start:m.end])
				out[n-1] = match{start: prev.start, end: m.end, form: form{text: text, kind: termSymptom, key: text}}
				continue
			}
		}
		if q := conditionQualifier.FindString(string(runes[max(m.start-8, 0):m.start])); q != "" && x.category(m.form.key) == kg.CategoryCondition &&
			!(len(out) > 0 && out[len(out)-1].end > m.start-len([]rune(q))) {
			// A type or a cell line names the condition's kind: 2型糖尿病,
			// IgA肾病, 弥漫大B细胞淋巴瘤, 非小细胞肺癌.
			b := m.start - len([]rune(q))
			text := string(runes[b:m.end])
			out = append(out, match{start: b, end: m.end, form: form{text: text, kind: termSymptom, key: text}})
			continue
		}
		if first := []rune(m.form.text)[0]; strings.ContainsRune(bodyParts, first) {
			b := m.start
			for b > 0 && m.start-b < 3 && (strings.ContainsRune(bodyParts, runes[b-1]) || runes[b-1] == '部' && b-1 < m.start) {
				b--
			}
			if b < m.start && !(len(out) > 0 && out[len(out)-1].end > b) {
				text := string(runes[b:m.end])
				m = match{start: b, end: m.end, form: form{text: text, kind: termSymptom, key: text}}
			}
		}
		out = append(out, m)
	}
	return out
}

// category returns a known symptom's category, or the one its form suggests.
func (x *Extractor) category(name string) string {
	if t := x.symptoms.Lookup(name); t != nil {
		return t.Category
	}
	return categoryOf(name)
}
