package loader

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/medkg/medkg/graph/kg"
)

// Pages of other layouts (a plain article, a ranking, a Q&A, a hospital's
// department page) state their recommendations in sentences and structures
// rather than in the 相关推荐 title template. The rules here read them.

// recommendCue: a sentence sends patients to a hospital for something, or
// praises the hospital for it.
var recommendCue = regexp.MustCompile(`→|➡|👉|推荐|首选|其次|次选|备选|可以考虑|可考虑|处理|优先|可到|可去|可以去|可前往|前往|就诊|擅长|专长|特色|优势|诊治|治疗|收治|适合|口碑|实力|较强|领先|知名|权威|上榜|名列|位居|重点专科|看|挂|找|选择|建议|转诊|会诊|手术|开展`)

// departmentCue: a sentence sends patients with a complaint to a department,
// or says the department treats it.
var departmentCue = regexp.MustCompile(`→|➡|👉|挂|就诊|看|诊治|治疗|擅长|收治|负责|建议|首选|前往|预约|属于|归|主要|开展|专长|处理|诊疗|门诊|手术|适合|可到|可去|去|到`)

// ownHospital: words that stand for the page's own hospital.
var ownHospital = regexp.MustCompile(`我院|本院`)

// listNumber opens a line of a list or ranking: 1. 一、 (1) ① TOP1 第一名 【 # 🔸 1️⃣.
var listNumber = regexp.MustCompile(`^\s*(?:(?:TOP|Top|top|No\.?|NO\.?)\s*\d+|第[一二三四五六七八九十\d]+名|[\d一二三四五六七八九十]+\s*[.、．:：)）]|[(（][\d一二三四五六七八九十]+[)）]|[①-⑳❶-❿]|[#＃【\[·•●▶►➤★◆◇■□▪-]|🔸|🔹|👉|✅|\d\x{FE0F}?\x{20E3}|🔟)?\s*`)

// listIntro ends a line that announces a list (昆明看肺结节比较推荐的几家:).
var listIntro = regexp.MustCompile(`[:：]\s*$`)

// listCaption: a line naming a list of designated hospitals
// (尿毒症透析、恶性肿瘤门诊放化疗定点医疗机构名单).
var listCaption = regexp.MustCompile(`(?:定点|指定)(?:医疗机构|医院|机构)[^，。,]{0,4}(?:名单|目录|一览)`)

// serviceAfter returns what a list's caption says is done for the
// complaint ending at end (尿毒症透析 → 透析, 恶性肿瘤门诊放化疗 → 放化疗).
func serviceAfter(runes []rune, end, lineEnd int) string {
	k := end
	for k < lineEnd && isHan(runes[k]) && !strings.ContainsRune("和及与", runes[k]) {
		k++
	}
	s := string(runes[end:k])
	if i := strings.Index(s, "定点"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimPrefix(s, "门诊")
}

// forRow returns the complaints a list's row is for: those whose service
// the row names (a row offering 血液透析 only is for 尿毒症, not for
// 恶性肿瘤), or all when it names none.
func forRow(ys []found, services []string, row string) []found {
	var out []found
	for i, y := range ys {
		if services[i] != "" && strings.Contains(row, services[i]) {
			out = append(out, y)
		}
	}
	if out == nil {
		return ys
	}
	return out
}

// hospitalsAnnounced: a list's announcing line speaks of the hospitals
// listed after it (以下医院的肾内科…, 下列几家医院).
var hospitalsAnnounced = regexp.MustCompile(`(?:以下|下列|如下|下面|这些|这几家|几家)[^，。,；;]{0,4}医院`)

// headingHospital returns the hospital a line opens with when the line is
// a ranking's or a list's heading for it (1. 襄阳市中心医院(湖北文理学院附属医院))
// or a table row led by it.
func (st *docState) lineHospital(l sentence) *found {
	if len(l.found) == 0 {
		return nil
	}
	text := st.p.text(l.start, l.end)
	lead := listNumber.FindString(text)
	h := l.found[0]
	for _, f := range l.found {
		if f.ref.Kind == kg.KindHospital {
			h = f
			break
		}
		if f.ref.Kind != kg.KindProvince && f.ref.Kind != kg.KindCity {
			return nil
		}
	}
	if h.ref.Kind != kg.KindHospital || !st.opensLine(l, lead, h) {
		return nil
	}
	if !st.headingShaped(l, h) {
		return nil
	}
	if hs := hospitalsIn(l); len(hs) > 1 && oneEntity(hs) && colonAfter(st.p.runes, h.end, l.end) {
		return nil // a legend's line (市妇幼：扬州市妇幼保健院) heads no block
	}
	return &h
}

// opensWithHospital returns the hospital a line starts with (after a list
// number), heading or not: a paragraph about another hospital ends the
// block of the one before.
func (st *docState) opensWithHospital(l sentence) *found {
	text := st.p.text(l.start, l.end)
	lead := listNumber.FindString(text)
	for _, f := range l.found {
		if f.ref.Kind == kg.KindHospital && st.opensLine(l, lead, f) {
			return &f
		}
	}
	return nil
}

// opensLine reports whether f stands at the opening of line l: right after
// its list number lead, or as a table row's first named cell after short
// label cells (第二梯队 | 山西医科大学第二医院 | 太原 | …).
func (st *docState) opensLine(l sentence, lead string, f found) bool {
	if f.start-l.start <= len([]rune(lead))+6 {
		return true
	}
	if f.start-l.start > 40 {
		return false // not near enough for a short label cell (and a long line's text is not read)
	}
	before := strings.TrimSpace(st.p.text(l.start, f.start))
	return utf8.RuneCountInString(before) <= 16 && (strings.HasSuffix(before, "|") || strings.HasSuffix(before, "｜")) &&
		!slices.ContainsFunc(l.found, func(g found) bool { return g.start < f.start })
}

// listEntry reports whether line l is a list's entry for hospital h: a
// list mark or number, then the hospital, or a short label and a colon
// before it (· 市妇儿：成都市妇女儿童中心医院); not a list line that tells
// of it (4. 听说华西医院锦江院区…).
func (st *docState) listEntry(l sentence, h found) bool {
	text := st.p.text(l.start, l.end)
	lead := listNumber.FindString(text)
	if strings.TrimSpace(lead) == "" {
		return false
	}
	label := []rune(st.p.text(l.start+len([]rune(lead)), max(h.start, l.start+len([]rune(lead)))))
	n := len(label)
	return n == 0 || referralLabel.MatchString(string(label)) || n <= 8 && (label[n-1] == '：' || label[n-1] == ':') && !strings.ContainsAny(string(label[:n-1]), "，。,、")
}

// labelledBy reports whether line l is about hospital h, named as its
// label: h and a colon open it, after a list number and perhaps a word
// that refers patients there (1. 转周口市中心医院：…).
func (st *docState) labelledBy(l sentence, h found) bool {
	return colonAfter(st.p.runes, h.end, l.end) &&
		(st.listEntry(l, h) || strings.TrimSpace(st.p.text(l.start, h.start)) == "")
}

// referralLabel: a list entry's word before the hospital it refers
// patients to.
var referralLabel = regexp.MustCompile(`^(?:转|转往|转至|转到|上转至?|转诊至|转诊到)$`)

// entryShaped reports whether line l names hospital h as a list's entry
// does (宜昌市第一人民医院（三峡大学人民医院），西陵区解放路4号), not in a
// sentence about it (十堰市太和医院的血液净化中心也可以透析。).
func (st *docState) entryShaped(l sentence, h found) bool {
	rest := strings.TrimSpace(st.p.text(h.end, l.end))
	return !strings.HasPrefix(rest, "的") && !strings.HasSuffix(rest, "。")
}

// questionMark and answerMark open a Q&A's question and its answer
// (问：胸闷气短挂什么科？ 答：建议到…心血管内科就诊).
var (
	questionMark = regexp.MustCompile(`^\s*(?:问|提问|Q)\s*[:：]`)
	answerMark   = regexp.MustCompile(`^\s*(?:答|回答|A)\s*[:：]`)
)

// questionAnswers reads a Q&A's pairs: the hospitals an answer sends the
// asker to, and its departments, are for what the question asks about,
// unless their sentence names complaints of its own (如果主要是咳嗽、咳痰，
// 可以先看呼吸内科).
func (st *docState) questionAnswers(lines []sentence) {
	var asked []found
	for _, l := range lines {
		text := st.p.text(l.start, l.end)
		if questionMark.MatchString(text) {
			_, _, asked = split(l.found)
			continue
		}
		if asked != nil && answerMark.MatchString(text) && !advisesAgainst.MatchString(text) {
			hs, ds, ys := split(l.found)
			free := func(fs []found, cue *regexp.Regexp) []found {
				if !cue.MatchString(text) {
					return nil
				}
				return slices.DeleteFunc(fs, func(f found) bool { return len(st.inClause(ys, f, noMark)) > 0 })
			}
			st.answered(l, asked, free(hs, recommendCue), free(ds, departmentCue))
		}
		asked = nil
	}
}

// answered ties what a question asked about to the hospitals and the
// departments of the answer's line l.
func (st *docState) answered(l sentence, asked, hs, ds []found) {
	for _, y := range asked {
		at := found{ref: y.ref, start: l.start, end: l.start}
		for _, h := range hs {
			st.relation(kg.RecommendedFor, kg.MethodContext, h.ref, y.ref, l, h, at)
		}
		for _, d := range ds {
			st.relation(kg.DepartmentFor, kg.MethodContext, d.ref, y.ref, l, d, at)
		}
	}
}

// messageHeader opens a message of an exported chat or a thread: its time
// and its sender (07:50 乐乐麻麻, 2024-03-08 09:47).
var messageHeader = regexp.MustCompile(`^\s*(?:\d{4}-\d{2}-\d{2}\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s+\S.{0,24})?\s*$`)

// asksWhereTo: a message asking where to go or what to see
// (今天带去哪里看?, 去哪个医院看好?, 挂什么科).
var asksWhereTo = regexp.MustCompile(`去哪|哪家|哪个医院|哪里看|挂什么|挂哪|看什么科`)

// speakerTurn opens a line of a transcript with its time and its speaker
// ([00:09:33] 主持人：…, 00:09:41 彭医生：…).
var speakerTurn = regexp.MustCompile(`^\s*[\[【(（]?\d{1,2}:\d{2}(?::\d{2})?[\]】)）]?\s*[^\s:：]{1,12}[:：]`)

// chatAnswers reads an exported chat or a thread of messages: a message
// that asks where to go with complaints (娃昨晚烧到39度2…咳嗽…今天带去哪里
// 看?) is answered by the messages after it that send the asker to a
// hospital or a department without complaints of their own (昆明市儿童医院
// 呗,前兴路那个,挂呼吸科), up to the next such question.
//
// In a transcript of speakers' turns (a live stream's captions) any
// question with complaints asks what to do about them (尿频尿急、尿里有血
// 呢?), and an answer's opening sentences answer it up to the first one
// with complaints of its own (消化内科。… 如果右上腹痛…挂肝胆外科).
func (st *docState) chatAnswers(lines []sentence) {
	headers, turns := 0, 0
	for _, l := range lines {
		text := st.p.text(l.start, l.end)
		if messageHeader.MatchString(text) {
			headers++
		} else if speakerTurn.MatchString(text) {
			turns++
		}
	}
	transcript := turns >= 3 && turns > headers
	if headers < 3 && !transcript {
		return
	}
	var asked []found
	for _, l := range lines {
		text := st.p.text(l.start, l.end)
		if messageHeader.MatchString(text) {
			continue
		}
		hs, ds, ys := split(l.found)
		if len(ys) > 0 && question.MatchString(text) && asksWhereTo.MatchString(text) ||
			transcript && len(ys) > 0 && (strings.ContainsAny(text, "?？") || len(hs)+len(ds) == 0) {
			asked = ys // in a transcript, also a turn telling complaints (下一个：咳嗽两个多月了…)
			continue
		}
		if asked == nil || advisesAgainst.MatchString(text) {
			continue
		}
		end := l.end
		if transcript {
			// 孩子抽搐了，首先就近急诊: the asked complaints told again
			// are not the turn's own.
			ys = slices.DeleteFunc(ys, func(y found) bool {
				return slices.ContainsFunc(asked, func(a found) bool { return a.ref == y.ref })
			})
		}
		if len(ys) > 0 {
			if !transcript || !speakerTurn.MatchString(text) {
				continue
			}
			end = st.sentenceStart(l, ys[0].start)
			hs, ds = before(hs, end), before(ds, end)
		}
		if !recommendCue.MatchString(st.p.text(l.start, end)) {
			hs = nil
		}
		if !departmentCue.MatchString(st.p.text(l.start, end)) && !transcript {
			ds = nil // a transcript's turn answers the one before (先在我们呼吸与危重症医学科拍个胸部CT)
		}
		st.answered(l, asked, hs, ds)
		if len(ys) > 0 {
			asked = nil // the turn goes on about complaints of its own
		}
	}
}

// sentenceStart returns where the sentence of line l holding at starts:
// after the sentence end or the speaker's colon before it.
func (st *docState) sentenceStart(l sentence, at int) int {
	for i := at - 1; i > l.start; i-- {
		if r := st.p.runes[i]; sentenceEnd(r) || r == '：' {
			return i + 1
		}
	}
	return l.start
}

// before returns the fs that end by end.
func before(fs []found, end int) []found {
	var out []found
	for _, f := range fs {
		if f.end <= end {
			out = append(out, f)
		}
	}
	return out
}

// colonAfter reports whether a colon follows a name ending at end, maybe
// after a bracket with another name (青海大学附属医院（青大附院）：).
func colonAfter(runes []rune, end, lineEnd int) bool {
	k := end
	if c := closeOfParens(runes, end, lineEnd, 20); c >= 0 {
		k = c + 1 // 江苏省人民医院(省人医):
	}
	for k < lineEnd && runes[k] == ' ' {
		k++
	}
	return k < lineEnd && (runes[k] == ':' || runes[k] == '：')
}

// noMark: only a sentence's end separates (inClause over whole sentences).
func noMark(rune) bool { return false }

// addressLine: a line giving an address (📍徐州｜苏堤北路18号, 地址：中山路321号).
var addressLine = regexp.MustCompile(`^(?:📍|地址|院址)|\d+号\s*$`)

// treatedCue: a sentence tells of a patient treated at its hospital (在华中阜外医院，
// 赵先生刚刚做完冠状动脉搭桥手术).
var treatedCue = regexp.MustCompile(`做完|手术|住院|收治|确诊|治好|治愈|康复出院`)

// diagnosedCue: a sentence tells where a patient's disease was found
// (确诊急性淋巴细胞白血病, 诊断为急性心肌梗死).
var diagnosedCue = regexp.MustCompile(`确诊|诊断为|诊断是|诊断出|查出`)

// advisesAgainst: a line that steers readers away from a hospital.
var advisesAgainst = regexp.MustCompile(`不建议|不推荐|别去|不要去|避开|慎选|不用去|没必要|不必|用不着`)

// cannotTreat: what follows a hospital says it cannot treat (看不好的…).
var cannotTreat = regexp.MustCompile(`^\s*(?:的\S{0,4})?(?:看不好|治不好|看不了|治不了|处理不了|解决不了|没法治|查不出)`)

// steersAway reports whether sentence s steers readers away from hospital
// h: its clause advises against it (没必要专门跑济南齐鲁医院), or what
// follows says it cannot treat (县中医医院看不好的…).
func (st *docState) steersAway(s sentence, h found) bool {
	return advisesAgainst.MatchString(st.clauseBefore(s, h)) || cannotTreat.MatchString(st.p.text(h.end, min(s.end, h.end+8)))
}

// clauseBefore returns the text of f's clause in sentence s up to f, at
// most 40 characters of it.
func (st *docState) clauseBefore(s sentence, f found) string {
	// (No further than 40 characters: a list of names without commas is
	// one long clause.)
	return st.p.text(clauseStart(st.p.runes, f.start, s.start, 40), f.start)
}

// clauseStart returns where the clause holding runes[at-1] starts: after
// the nearest clause mark before at, no earlier than lo, and at most limit
// characters back.
func clauseStart(runes []rune, at, lo, limit int) int {
	start := at
	for start > lo && at-start < limit && !departmentClauseMark(runes[start-1]) {
		start--
	}
	return start
}

// headingShaped reports whether what follows the hospital h on line l is
// short, as a heading's rest is, or a table row's cells.
func (st *docState) headingShaped(l sentence, h found) bool {
	rest := []rune(st.p.text(h.end, l.end))
	return strings.Contains(string(rest), " | ") || len(rest) <= 24 && !strings.ContainsAny(string(rest), "。，,")
}

// hospitalBadge: a line of a hospital's card giving its rank and kind
// (三级甲等综合医院国家临床重点专科).
var hospitalBadge = regexp.MustCompile(`^(?:\s*(?:[三二一]级[甲乙丙]?等?|[三二一][甲乙]|(?:综合|专科|中医|中西医结合)医院|(?:国家|省级?)(?:临床)?重点专科|(?:国家|省级?)区域医疗中心)[\s·|｜/]*)+$`)

// cardFigures: a line of a hospital's card giving its score, its reviews
// or its distance (4.6 · 3821条评价, 📍距您 2.3km), not a heading.
var cardFigures = regexp.MustCompile(`^[\s★☆⭐·|｜]*\d+(?:\.\d+)?\s*(?:分|星)?\s*[·|｜]?\s*\d+\s*(?:条|个|份)?(?:评价|点评|评论|回答|问诊)|(?:距您|距离|距你)\s*\d+(?:\.\d+)?\s*(?:km|公里|米|m)\s*$`)

// sectionHeading reports whether a line without a hospital closes a
// hospital's block: a short heading line (二、专家建议, 【温馨提示】).
func (st *docState) sectionHeading(l sentence) bool {
	text := strings.TrimSpace(st.p.text(l.start, l.end))
	if addressLine.MatchString(text) || hospitalBadge.MatchString(text) || cardFigures.MatchString(text) || strings.Contains(text, " | ") {
		return false // 📍徐州｜苏堤北路18号, 三级甲等, 4.6 · 3821条评价, 皮肤科 | 擅长荨麻疹: the block's hospital's address, rank, ratings or tags
	}
	if len(l.found) > 0 && !slices.ContainsFunc(l.found, func(f found) bool { return !isPlace(f) }) &&
		strings.TrimSpace(st.p.text(l.found[0].start, l.found[len(l.found)-1].end)) == text {
		return false // 南京市鼓楼区: the block's hospital's district
	}
	n := len([]rune(text))
	question := strings.HasSuffix(text, "?") || strings.HasSuffix(text, "？")
	return n <= 16 && !strings.ContainsAny(text, "。，,;；:：") || strings.HasPrefix(text, "【") && n <= 20 ||
		question && n <= 24 && !strings.ContainsAny(text, "。，,;；") // 就诊指南:出现这些情况挂什么科?
}

// statedRelations reads the recommendations, department ties and
// department lists that a unit states outside the title template.
// titleSymptoms are what the page as a whole is about (手麻 for a page
// titled 症状 > 手麻), hospital the page's own hospital, if any.
func (st *docState) statedRelations(ctx unitContext, sents, lines []sentence, pageHospital, titleSubject *found) {
	pageDept := st.pageDepartment(lines)
	// Blocks: a hospital's heading line and the lines after it, up to the
	// next heading; or one table row.
	var owner, ownerDept *found
	ownerRow := false             // the owner leads a table row
	var intro, introDepts []found // the symptoms and departments of a list's announcing line
	var services []string         // what the announcing line says is done for each of intro
	header := false               // a table's header line may stand between a caption and its rows
	sectionAsks := false          // the section's heading asks where to go (四、在南京可以去哪里看)
	for _, l := range lines {
		text := st.p.text(l.start, l.end)
		if len(hospitalsIn(l)) == 0 && st.sectionHeading(l) {
			sectionAsks = asksWhere.MatchString(text)
		}
		if hs, ds, ys := split(l.found); len(hs) == 0 {
			// 以下医院的肾内科均开展血液透析: the departments are the listed
			// hospitals'.
			colon := listIntro.MatchString(text)
			announced := colon && len(ds) > 0 && hospitalsAnnounced.MatchString(text)
			if colon && recommendCue.MatchString(text) && (len(ys) > 0 || announced) ||
				len(ys) > 0 && listCaption.MatchString(text) {
				intro, introDepts, services, header = ys, nil, nil, true
				for _, y := range ys {
					services = append(services, serviceAfter(st.p.runes, y.end, l.end))
				}
				if announced {
					introDepts = ds
				}
				continue
			}
		}
		if header && len(l.found) == 0 && utf8.RuneCountInString(text) <= 40 {
			header = false // 序号  机构名称  地址  服务项目
			continue
		}
		header = false
		opens := st.opensWithHospital(l)
		if h := opens; h != nil && (intro != nil || introDepts != nil) {
			// A line of the list it announces (①云南省肿瘤医院…).
			at := func(ref kg.EntityRef) found { return found{ref: ref, start: l.start, end: l.start} }
			for _, y := range forRow(intro, services, text) {
				st.relation(kg.RecommendedFor, kg.MethodList, h.ref, y.ref, l, *h, at(y.ref))
			}
			if st.entryShaped(l, *h) {
				for _, d := range introDepts {
					st.relation(kg.HasDepartment, kg.MethodList, h.ref, d.ref, l, *h, at(d.ref))
				}
			}
		} else {
			intro, introDepts, services = nil, nil, nil
			if h != nil && (ctx.asksWhere && st.listEntry(l, *h) || sectionAsks && (st.listEntry(l, *h) || colonAfter(st.p.runes, h.end, l.end))) && !advisesAgainst.MatchString(st.p.text(l.start, l.end)) {
				// An answer's list to a question asking where to go (· 市妇儿：
				// 成都市妇女儿童中心医院，在青羊区…), or the entries under a
				// heading that asks it (在南京可以去哪里看 / 江苏省人民医院(…):…):
				// each hospital is for what the page asks about.
				for _, y := range ctx.titleFound(l) {
					st.relation(kg.RecommendedFor, kg.MethodList, h.ref, y.ref, l, *h, *h)
				}
			}
		}
		if h := opens; h != nil && st.labelledBy(l, *h) {
			// （1）青海大学附属医院：肿瘤内科负责恶性肿瘤，肾病内科负责尿毒症透析;
			// 转河南省儿童医院：儿童白血病（血液肿瘤科）: what the line's
			// departments treat, the hospital treats.
			_, ds, ys := split(l.found)
			if departmentCue.MatchString(text) || len(ds) > 0 {
				for _, y := range st.notExcepted(l, ys) {
					st.relation(kg.RecommendedFor, kg.MethodList, h.ref, y.ref, l, *h, y)
				}
			}
			if oneHospital(l) {
				for _, d := range ds {
					st.relation(kg.HasDepartment, kg.MethodList, h.ref, d.ref, l, *h, d)
				}
			}
		}
		row := len(tableCells(st.p.runes[l.start:l.end], l.start)) >= 3
		heading := st.lineHospital(l)
		if heading != nil {
			owner, ownerDept, ownerRow = heading, nil, row
			// 江苏省人民医院 · 心血管内科: a hospital's department's block.
			if _, ds, _ := split(l.found); len(ds) == 1 {
				ownerDept = &ds[0]
			}
		} else if st.sectionHeading(l) || ownerRow && !row {
			owner = nil // a heading, or the end of the table whose row the owner led
		} else if h := opens; h != nil && owner != nil && h.ref != owner.ref {
			owner = nil
		}
		if owner == nil {
			continue
		}
		_, ds, ys := split(l.found)
		ys = st.notExcepted(l, ys)
		for _, y := range ys {
			st.relation(kg.RecommendedFor, kg.MethodList, owner.ref, y.ref, l, *owner, y)
			if ownerDept != nil && heading == nil && len(ds) == 0 && departmentCue.MatchString(text) {
				// 擅长疾病：冠心病 … under the department's heading.
				st.relation(kg.DepartmentFor, kg.MethodList, ownerDept.ref, y.ref, l, *ownerDept, y)
			}
		}
		for _, d := range ds {
			st.relation(kg.HasDepartment, kg.MethodList, owner.ref, d.ref, l, *owner, d)
		}
		if heading != nil {
			for _, y := range ctx.titleFound(l) {
				st.relation(kg.RecommendedFor, kg.MethodList, owner.ref, y.ref, l, *owner, *owner)
			}
		}
	}

	// Sentences: hospitals with symptoms, departments with symptoms. A
	// paragraph's first symptoms are its subject for the sentences after
	// (这种情况要警惕突发性耳聋… 武汉推荐同济医院和协和医院的耳鼻咽喉头颈外科).
	topics := st.sectionTopics(lines)
	var subject, subjectHospitals []found
	treatedThere := false // the paragraph's hospital sentence tells of someone treated there
	line, k := -1, 0
	for _, s := range sents {
		text := st.p.text(s.start, s.end)
		hs, ds, ys := split(s.found)
		ys = st.notExcepted(s, ys)
		for k+1 < len(lines) && s.start >= lines[k+1].start {
			k++ // sentences and lines both run in text order
		}
		if k != line {
			line, subject, subjectHospitals = k, nil, nil
		}
		if len(hs) > 0 && subjectHospitals == nil {
			subjectHospitals, treatedThere = hs, treatedCue.MatchString(text)
		} else if len(hs) == 0 && len(ys) > 0 && st.freeLayout() && (len(subjectHospitals) == 1 && oneHospital(lines[k]) || subjectHospitals == nil && titleSubject != nil) &&
			(recommendCue.MatchString(text) || treatedThere && len(subjectHospitals) == 1) {
			// A paragraph about one hospital goes on about what it treats
			// (厦门中山医院消化病诊疗中心启用… 重点开展消化道早癌…).
			owners := subjectHospitals
			if owners == nil {
				owners = []found{*titleSubject}
			}
			for _, h := range owners {
				for _, y := range ys {
					st.relation(kg.RecommendedFor, kg.MethodContext, h.ref, y.ref, s, h, y)
				}
			}
		}
		if len(ys) > 0 && subject == nil {
			subject = ys
		} else if len(ys) == 0 && subject != nil && len(ds) <= 2 {
			// (A sentence listing departments alone, 呼吸科、泌尿外科、骨科的
			// 门诊量也很大, is not about the paragraph's subject.)
			for _, y := range subject {
				ys = append(ys, found{ref: y.ref, start: s.start, end: s.start})
			}
		}
		if pageHospital != nil && len(hs) == 0 && ownHospital.MatchString(text) {
			hs = []found{*pageHospital}
		}
		if pageHospital != nil && pageDept != nil && !slices.ContainsFunc(hs, func(h found) bool { return h.ref != pageHospital.ref }) {
			// A department's page on its hospital's site: the departments
			// it sends patients to, or works with, are its hospital's
			// (便后滴鲜血…可直接挂肛肠外科; 与胃肠外科、肝胆外科…联合诊疗).
			for _, d := range ds {
				st.relation(kg.HasDepartment, kg.MethodContext, pageHospital.ref, d.ref, s, *pageHospital, d)
			}
		}
		if pageHospital != nil && pageDept != nil && len(hs) == 0 && len(ys) > 0 {
			// A hospital's department page: what it lists, it treats
			// (【诊治范围】… 胃食管反流病、慢性胃炎).
			for _, y := range ys {
				d := *pageDept
				if len(ds) > 0 {
					d = nearest(ds, y)
				}
				if d.ref == pageDept.ref {
					st.relation(kg.RecommendedFor, kg.MethodContext, pageHospital.ref, y.ref, s, *pageHospital, y)
				}
				if len(ds) == 0 {
					st.relation(kg.DepartmentFor, kg.MethodContext, d.ref, y.ref, s, d, y)
				}
			}
		}
		if len(hs) > 0 && recommendCue.MatchString(text) {
			// The page's own subject goes with what the sentence names
			// (商丘市立医院也可以选择…手外伤 on a page about 手麻).
			targets := append([]found(nil), ys...)
			if topics[k] != nil {
				// Under a section's heading (【二】反复发烧、咳嗽:这几家…)
				// the section's subject stands for the page's.
				for _, y := range *topics[k] {
					targets = append(targets, found{ref: y.ref, start: s.start, end: s.start})
				}
			} else {
				targets = append(targets, ctx.titleFound(s)...)
			}
			for _, h := range hs {
				if st.steersAway(s, h) {
					continue // 没必要专门跑济南齐鲁医院, 县中医医院看不好的…
				}
				for _, y := range targets {
					st.relation(kg.RecommendedFor, kg.MethodSentence, h.ref, y.ref, s, h, y)
				}
			}
		}
		if len(hs) > 0 && !recommendCue.MatchString(text) && diagnosedCue.MatchString(text) {
			// 送到四川省人民医院急诊科，诊断为急性心肌梗死: the hospital
			// that found the disease treats it (not the complaints that
			// brought the patient).
			for _, h := range hs {
				for _, y := range ys {
					if st.x.category(y.ref.Name) == kg.CategoryCondition && y.start > h.start {
						st.relation(kg.RecommendedFor, kg.MethodSentence, h.ref, y.ref, s, h, y)
					}
				}
			}
		}
		if len(ds) > 0 && departmentCue.MatchString(text) {
			for _, y := range ys {
				// 挂耳鼻喉科或者神经内科: a few departments in the symptom's
				// clause are all for it; else the nearest one is, with the
				// departments of its clause (耳石症，挂耳鼻喉科或者神经内科都行).
				to := st.inClause(ds, y, departmentClauseMark)
				if d, ok := st.bracketOwner(ds, y); ok {
					to = []found{d} // 骨科（膝骨关节炎、关节置换）、心血管内科: 骨科's, not the others'
				} else if len(to) == 0 || len(to) > 3 {
					n := nearest(ds, y)
					if to = st.inClause(ds, n, departmentClauseMark); len(to) == 0 || len(to) > 3 {
						to = []found{n}
					}
				}
				for _, d := range to {
					st.relation(kg.DepartmentFor, kg.MethodSentence, d.ref, y.ref, s, d, y)
				}
			}
			if len(ys) == 0 {
				// 挂儿科 under 第三种 小孩发烧: the section's subject, or
				// the page's.
				targets := ctx.titleFound(s)
				if topics[k] != nil && len(*topics[k]) > 0 {
					targets = nil
					for _, y := range *topics[k] {
						targets = append(targets, found{ref: y.ref, start: s.start, end: s.start})
					}
				}
				for _, y := range targets {
					for _, d := range ds {
						st.relation(kg.DepartmentFor, kg.MethodSentence, d.ref, y.ref, s, d, d)
					}
				}
			}
		}
	}

}

// bracketOwner returns the department whose brackets right after it hold y
// (消化内科（胃食管反流病、消化道早癌）).
func (st *docState) bracketOwner(ds []found, y found) (found, bool) {
	for _, d := range ds {
		if len(st.bracketedAfter(d, []found{y})) > 0 {
			return d, true
		}
	}
	return found{}, false
}

// titleFound returns the unit's title symptoms as mentions at sentence s,
// for relations that the title ties (the span is the sentence's).
func (ctx unitContext) titleFound(s sentence) []found {
	var out []found
	for _, r := range ctx.symptoms {
		out = append(out, found{ref: r, start: s.start, end: s.start})
	}
	return out
}

// split sorts mentions into hospitals, departments and symptoms.
func split(fs []found) (hs, ds, ys []found) {
	for _, f := range fs {
		switch f.ref.Kind {
		case kg.KindHospital:
			hs = append(hs, f)
		case kg.KindDepartment:
			ds = append(ds, f)
		case kg.KindSymptom:
			ys = append(ys, f)
		}
	}
	return hs, ds, ys
}

// nearest returns the department closest to y in the text.
func nearest(ds []found, y found) found {
	best, dist := ds[0], -1
	for _, d := range ds {
		gap := y.start - d.end
		if d.start >= y.end {
			gap = d.start - y.end + 1 // a department after the symptom counts a little less
		}
		if dist < 0 || gap < dist {
			best, dist = d, gap
		}
	}
	return best
}

// pageDepartment returns the department a page is about: one named alone on
// a line of its own (a heading: 消化内科), or nil when none or several are.
func (st *docState) pageDepartment(lines []sentence) *found {
	// A department page's title: 皮肤性病科-科室介绍-安徽医科大学第一附属医院,
	// or a title whose first part is the department alone (消化内科 - 科室导航
	// - 四川大学华西医院).
	if len(lines) > 0 {
		title := st.p.text(lines[0].start, lines[0].end)
		if hs, ds, _ := split(lines[0].found); len(ds) == 1 && len(hs) <= 1 &&
			(deptPageTitle.MatchString(title) || strings.TrimSpace(titleParts.Split(title, 2)[0]) == ds[0].surface) {
			return &ds[0]
		}
		if d := st.doctorPage(lines[0]); d != nil {
			return d
		}
	}
	var out *found
	for _, l := range lines {
		if len(l.found) != 1 || l.found[0].ref.Kind != kg.KindDepartment {
			continue
		}
		f := l.found[0]
		if strings.TrimSpace(st.p.text(l.start, l.end)) != f.surface {
			continue
		}
		if out != nil && out.ref != f.ref {
			return nil
		}
		if out == nil {
			out = &f
		}
	}
	return out
}

// doctorTitle: a title part that names a doctor's rank.
var doctorTitle = regexp.MustCompile(`^(?:主任医师|副主任医师|主治医师|住院医师|医师|医生|教授|副教授|专家)$`)

// sendingWords may stand between a complaint's label and the hospital it
// is sent to (头痛:直接去…).
var sendingWords = regexp.MustCompile(`^\s*(?:先|请|应)?(?:直接去|直接到|可以去|可去|可到|建议去|建议到|首选|推荐|去|到|挂)?\s*`)

// complaintEntries reads list entries labelled by complaints and answered
// by hospitals (1️⃣小孩高烧、抽搐:深圳市儿童医院(福田益田路),…; 2️⃣眼睛红肿:
// 直接去深圳市眼科医院): each hospital of the entry is for the label's
// complaints, and a department written after its hospital too. An entry
// answered by departments alone (胸痛、胸闷、心慌 —— 心血管内科；突发剧烈腹痛 ——
// 急诊科或普外科) ties each to its label, clause by clause, and on a
// hospital's own page the hospital to the complaints.
func (st *docState) complaintEntries(lines []sentence) {
	for _, l := range lines {
		if !st.complaintEntry(l, true) {
			for _, c := range semicolonClauses(st.p.runes, l) {
				st.complaintEntry(c, false)
			}
		}
		st.departmentEntry(l)
	}
}

// departmentEntry reads a line labelled by departments and listing what
// they see (儿科：小儿反复感冒、咳嗽、哮喘…; 呼吸与危重症医学科（呼吸科）：
// 慢性咳嗽、哮喘患者可先在呼吸科复诊): each department is for the
// complaints of the label's clause, and on a hospital's own page the
// hospital too.
func (st *docState) departmentEntry(l sentence) {
	sep := -1
	for i := l.start; i < min(l.end, l.start+30); i++ {
		if r := st.p.runes[i]; r == ':' || r == '：' {
			sep = i
			break
		}
	}
	if sep < 0 {
		return
	}
	end := l.end
	for i := sep; i < l.end; i++ {
		if r := st.p.runes[i]; r == '；' || r == ';' || sentenceEnd(r) {
			end = i
			break
		}
	}
	var label, ys []found
	for _, f := range l.found {
		switch {
		case f.end <= sep && f.ref.Kind != kg.KindDepartment:
			return // the label names something else (擅长：…, 胸痛：…)
		case f.end <= sep:
			label = append(label, f)
		case f.start < end && f.ref.Kind == kg.KindSymptom:
			ys = append(ys, f)
		case f.start < end && f.ref.Kind == kg.KindHospital:
			return // 儿科:河南省儿童医院牵头,…: a specialty's hospitals, read elsewhere
		}
	}
	if len(label) == 0 || len(ys) == 0 || !deptLabelOnly.MatchString(st.p.text(l.start, sep)) {
		return
	}
	for _, y := range st.notExcepted(l, ys) {
		for _, d := range label {
			st.relation(kg.DepartmentFor, kg.MethodList, d.ref, y.ref, l, d, y)
		}
		if st.page != nil {
			st.relation(kg.RecommendedFor, kg.MethodContext, st.page.ref, y.ref, l, *st.page, y)
		}
	}
}

// deptLabelOnly: a label of departments alone, perhaps with list marks and
// a short name in brackets (· 针灸科、治未病科, 呼吸与危重症医学科（呼吸科）).
var deptLabelOnly = regexp.MustCompile(`^[\s·•\-—*#0-9０-９.、()（）\p{Han}]{1,30}$`)

// semicolonClauses splits line l at its semicolons.
func semicolonClauses(runes []rune, l sentence) []sentence {
	var out []sentence
	for _, c := range clausesBy(runes, l, func(r rune) bool { return r == '；' || r == ';' }) {
		out = append(out, sentence{start: c.start, end: c.end, src: l.src, found: foundIn(l, c)})
	}
	return out
}

// complaintEntry reads one entry (see complaintEntries), answered by
// hospitals, or by departments unless withHospitals. It reports whether l
// was an entry answered by hospitals.
func (st *docState) complaintEntry(l sentence, withHospitals bool) bool {
	// The label ends at a colon or a dash (· 胸闷、胸痛反复发作——北医三院心血管内科).
	sep, answer := -1, -1
	for i := l.start; i < min(l.end, l.start+40); i++ {
		if r := st.p.runes[i]; r == ':' || r == '：' {
			sep, answer = i, i+1
			break
		}
		if hasAt(st.p.runes[:l.end], i, "——") {
			sep, answer = i, i+2
			break
		}
	}
	if sep < 0 {
		return false
	}
	var label, hs, ds []found
	complaints := true // the label names complaints only, not a hospital, a department or a place (擅长:…, 深圳:…)
	for _, f := range l.found {
		switch {
		case f.end <= sep:
			complaints = complaints && f.ref.Kind == kg.KindSymptom
			label = append(label, f)
		case f.ref.Kind == kg.KindHospital:
			hs = append(hs, f)
		case f.ref.Kind == kg.KindDepartment:
			ds = append(ds, f)
		}
	}
	if !complaints || len(label) == 0 {
		return false
	}
	lead := utf8.RuneCountInString(sendingWords.FindString(st.p.text(answer, l.end)))
	if !withHospitals {
		if len(hs) > 0 || len(ds) == 0 || ds[0].start != answer+lead {
			return false
		}
		// The department the answer opens with, and those joined to it
		// (急诊科或普外科).
		answered := ds[:1]
		for k := 1; k < len(ds) && joinedNames.MatchString(st.p.text(ds[k-1].end, ds[k].start)); k++ {
			answered = ds[:k+1]
		}
		if departmentsPeople.MatchString(st.p.text(answered[len(answered)-1].end, l.end)) || eventName.MatchString(strings.TrimSpace(st.p.text(l.start, sep))) {
			return false // 世界防治结核病日：呼吸与危重症医学科走进社区, …科专家提醒: a headline
		}
		for _, y := range label {
			for _, d := range answered {
				st.relation(kg.DepartmentFor, kg.MethodList, d.ref, y.ref, l, d, y)
			}
			if st.page != nil {
				st.relation(kg.RecommendedFor, kg.MethodContext, st.page.ref, y.ref, l, *st.page, y)
			}
		}
		return false
	}
	if len(hs) == 0 || hs[0].start != answer+lead {
		return false // the answer must open with the hospital
	}
	st.sentTo(l, label, hs, ds, kg.MethodList)
	return true
}

// sentTo ties complaints ys to the hospitals hs a sentence sends them to,
// unless it steers away from one, and to the departments written right
// after a hospital (…医院的消化内科), not one it also has.
func (st *docState) sentTo(s sentence, ys, hs, ds []found, how kg.Method) {
	for _, h := range hs {
		if st.steersAway(s, h) {
			continue
		}
		for _, y := range ys {
			st.relation(kg.RecommendedFor, how, h.ref, y.ref, s, h, y)
		}
	}
	for _, d := range ds {
		if !rightAfter(d, hs) {
			continue
		}
		for _, y := range ys {
			st.relation(kg.DepartmentFor, how, d.ref, y.ref, s, d, y)
		}
	}
}

// eventName: a label that names a day or an event (世界防治结核病日), not
// complaints.
var eventName = regexp.MustCompile(`(?:日|周|节|活动|讲座|义诊)$`)

// departmentsPeople: the department is the one of the people after it (…：
// 呼吸与危重症医学科专家提醒), not the answer to a complaint.
var departmentsPeople = regexp.MustCompile(`^\s*(?:专家|医生|医师|主任|副主任|教授|团队|护士|护理)`)

// skillsLine opens a doctor's line of what they treat (擅长:甲状腺结节…).
var skillsLine = regexp.MustCompile(`^\s*(?:擅长|专长|主治|专业特长)`)

// byline: a doctor's title in the line naming the doctor (梁志斌  主治医师
// 南方医科大学顺德医院 甲状腺外科).
var byline = regexp.MustCompile(`主任医师|主治医师|住院医师|医师|教授|专家`)

// doctorSkills reads a doctor's byline and the line of what the doctor
// treats under it (【医生回答】 梁志斌 主治医师 南方医科大学顺德医院 甲状腺外科 /
// 擅长:甲状腺结节、甲状腺癌的诊断与手术): the hospital and the department
// are for each.
func (st *docState) doctorSkills(lines []sentence) {
	for k := 1; k < len(lines); k++ {
		l, by := lines[k], lines[k-1]
		hs, ds, ys := split(l.found)
		if len(hs) > 0 || len(ds) > 0 || len(ys) == 0 || !skillsLine.MatchString(st.p.text(l.start, l.end)) {
			continue
		}
		bh, bd, _ := split(by.found)
		if len(bh) == 0 || !oneEntity(bh) || len(bd) > 1 || !byline.MatchString(st.p.text(by.start, by.end)) {
			continue
		}
		for _, y := range ys {
			st.relation(kg.RecommendedFor, kg.MethodList, bh[0].ref, y.ref, l, bh[0], y)
			for _, d := range bd {
				st.relation(kg.DepartmentFor, kg.MethodList, d.ref, y.ref, l, d, y)
			}
		}
	}
}

// doctorPage returns the department of a doctor's page, whose title names
// the doctor, the hospital and its department written together, and the
// doctor's rank (韩卫东_天津医科大学总医院神经内科_主任医师_好大夫在线), or nil.
func (st *docState) doctorPage(title sentence) *found {
	hs, ds, _ := split(title.found)
	if len(hs) != 1 || len(ds) != 1 || ds[0].start != hs[0].end {
		return nil
	}
	for _, part := range titleParts.Split(st.p.text(title.start, title.end), -1) {
		if doctorTitle.MatchString(strings.TrimSpace(part)) {
			return &ds[0]
		}
	}
	return nil
}

// deptPageTitle marks the title of a department's own page.
var deptPageTitle = regexp.MustCompile(`科室介绍|科室简介|科室概况|科室信息|科室详情|科室主页|专科介绍|科室导航|科室导览`)

// titleParts splits a page title into the parts a site joins (科室 - 栏目 -
// 医院).
var titleParts = regexp.MustCompile(`\s*[-_|｜—–]\s*`)

// oneHospital reports whether a line names one hospital only.
func oneHospital(l sentence) bool {
	seen := map[kg.EntityRef]bool{}
	for _, f := range l.found {
		if f.ref.Kind == kg.KindHospital {
			seen[f.ref] = true
		}
	}
	return len(seen) == 1
}

// tableRelations reads a table (cells split by | or ｜, as an HTML table's
// rows are written) whose header names a column of complaints and a column
// of departments to register with or of hospitals to go to (症状 | 建议挂号 |
// 推荐医院): each row's departments are for each of its complaints, and its
// hospitals are recommended for them and have its departments.
func (st *docState) tableRelations(lines []sentence) {
	symCol, deptCol, hospCol := -1, -1, -1
	for _, l := range lines {
		cells := tableCells(st.p.runes[l.start:l.end], l.start)
		if len(cells) < 2 {
			symCol, deptCol, hospCol = -1, -1, -1 // the table ended
			continue
		}
		if len(l.found) == 0 || symCol < 0 {
			// A header row: which column is which.
			s, d, h := -1, -1, -1
			for i, c := range cells {
				text := st.p.text(c.start, c.end)
				switch {
				case deptHeader.MatchString(text) && d < 0:
					d = i
				case symptomHeader.MatchString(text) && s < 0:
					s = i
				case hospitalHeader.MatchString(text) && h < 0:
					h = i
				}
			}
			if s >= 0 && (d >= 0 || h >= 0) {
				symCol, deptCol, hospCol = s, d, h
			}
			continue
		}
		if symCol >= len(cells) || deptCol >= len(cells) || hospCol >= len(cells) {
			continue
		}
		in := func(f found, col int) bool {
			return col >= 0 && f.start >= cells[col].start && f.end <= cells[col].end
		}
		hs, ds, ys := split(l.found)
		ds = slices.DeleteFunc(ds, func(d found) bool { return !in(d, deptCol) })
		ys = slices.DeleteFunc(ys, func(y found) bool { return !in(y, symCol) })
		for _, d := range ds {
			for _, y := range ys {
				st.relation(kg.DepartmentFor, kg.MethodList, d.ref, y.ref, l, d, y)
			}
		}
		for _, h := range hs {
			if !in(h, hospCol) {
				continue
			}
			for _, y := range ys {
				st.relation(kg.RecommendedFor, kg.MethodList, h.ref, y.ref, l, h, y)
			}
			for _, d := range ds {
				st.relation(kg.HasDepartment, kg.MethodList, h.ref, d.ref, l, h, d)
			}
		}
	}
}

// spacedTable reads a table whose columns are set by spaces and drift, as
// text copied from a PDF is (序号 机构名称  等级  特色(重点)专科  主要诊治范围,
// then rows whose cells wrap onto the lines after): by the order of a
// row's names, not their columns. A row opens with its number; its
// hospital comes before its first department; each department is for the
// complaints after it, on its line and the lines after, until the next
// department; the hospital has the departments and treats the complaints.
func (st *docState) spacedTable(lines []sentence) {
	in := false
	var hosp, dept *found
	for _, l := range lines {
		text := st.p.text(l.start, l.end)
		if strings.ContainsAny(text, "|｜") || strings.Contains(text, "。") {
			in = false // a table of bars, or prose: the table ended
			continue
		}
		if len(tableCells(st.p.runes[l.start:l.end], l.start)) >= 3 && spacedDeptHeader.MatchString(text) && spacedScopeHeader.MatchString(text) {
			in, hosp, dept = true, nil, nil
			continue
		}
		if !in {
			continue
		}
		if rowNumber.MatchString(text) {
			hosp, dept = nil, nil
		}
		for i := range l.found {
			f := l.found[i]
			switch f.ref.Kind {
			case kg.KindHospital:
				if dept == nil {
					hosp = &f
				}
			case kg.KindDepartment:
				dept = &f
				if hosp != nil {
					st.relation(kg.HasDepartment, kg.MethodList, hosp.ref, f.ref, l, *hosp, f)
				}
			case kg.KindSymptom:
				if dept != nil {
					st.relation(kg.DepartmentFor, kg.MethodList, dept.ref, f.ref, l, *dept, f)
				}
				if hosp != nil {
					st.relation(kg.RecommendedFor, kg.MethodList, hosp.ref, f.ref, l, *hosp, f)
				}
			}
		}
	}
}

// A spaced table's header names a column of departments and one of what
// they treat; its rows open with their number.
var (
	spacedDeptHeader  = regexp.MustCompile(`专科|科室|特色|重点专`)
	spacedScopeHeader = regexp.MustCompile(`诊治|诊疗|治疗范围|擅长|主治|疾病|病种|症状`)
	rowNumber         = regexp.MustCompile(`^\s*\d{1,3}\s`)
)

// tableLocations reads the rows of a table that give each hospital's
// place in a column of its own (医院名称 | 所在区 | 服务; in text, cells split
// by | or ｜): a row with one cell naming one hospital and one cell that is
// a city or county and nothing else says the hospital is located there.
func (st *docState) tableLocations(lines []sentence) {
	for _, l := range lines {
		cells := tableCells(st.p.runes[l.start:l.end], l.start)
		if len(cells) < 3 { // a table row has two separators or more
			continue
		}
		var hospitals, places []found
		for _, c := range cells {
			var in []found
			for _, f := range l.found {
				if f.start >= c.start && f.end <= c.end {
					in = append(in, f)
				}
			}
			if len(in) == 0 {
				continue
			}
			text := strings.TrimSpace(st.p.text(c.start, c.end))
			switch {
			case len(in) == 1 && in[0].ref.Kind == kg.KindCity && text == in[0].surface:
				places = append(places, in[0])
			case !slices.ContainsFunc(in, func(f found) bool { return f.ref != in[0].ref }) && in[0].ref.Kind == kg.KindHospital:
				hospitals = append(hospitals, in[0]) // its name, and maybe an alias in brackets
			}
		}
		if len(hospitals) == 1 && len(places) == 1 {
			st.relation(kg.LocatedIn, kg.MethodList, hospitals[0].ref, places[0].ref, l, hospitals[0], places[0])
		}
	}
}

// cell is one cell of a table row, in document code points.
type cell struct{ start, end int }

// tableCells splits a line at | and ｜ into cells, or, in a line without
// them, at runs of two or more spaces (a plain-text table aligned by
// spaces: 1    湖州市中心医院      吴兴区); at returns where the line starts
// in the document.
func tableCells(line []rune, at int) []cell {
	if slices.ContainsFunc(line, func(r rune) bool { return r == '|' || r == '｜' }) {
		var out []cell
		start := 0
		for i, r := range line {
			if r == '|' || r == '｜' {
				out = append(out, cell{at + start, at + i})
				start = i + 1
			}
		}
		return append(out, cell{at + start, at + len(line)})
	}
	var out []cell
	start, gap := -1, 0 // start of the cell being read; spaces seen since its last character
	for i, r := range line {
		if r == ' ' || r == '\u3000' || r == '\t' {
			gap++
			continue
		}
		if start < 0 {
			start = i
		} else if gap >= 2 {
			out = append(out, cell{at + start, at + i - gap})
			start = i
		}
		gap = 0
	}
	if start < 0 {
		return []cell{{at, at + len(line)}}
	}
	return append(out, cell{at + start, at + len(line) - gap})
}

// deptHeader, symptomHeader and hospitalHeader name a table's columns.
var deptHeader = regexp.MustCompile(`挂号|挂什么科|科室|就诊科|推荐科|建议挂`)
var symptomHeader = regexp.MustCompile(`症状|表现|情况|不适|疾病|病症|病种`)
var hospitalHeader = regexp.MustCompile(`医院|院区|就诊地点|去哪|医疗机构|认定机构|治疗机构|定点机构`)

// departmentBlocks reads a list of departments each set on a line of its
// own and described on the lines after (<dt>血液内科</dt><dd>主要诊治白血病…</dd>):
// what a department's lines name, it treats.
func (st *docState) departmentBlocks(lines []sentence) {
	var owner *found
	for _, l := range lines {
		text := strings.TrimSpace(st.p.text(l.start, l.end))
		if len(l.found) == 1 && l.found[0].ref.Kind == kg.KindDepartment && text == l.found[0].surface {
			owner = &l.found[0]
			continue
		}
		if owner == nil {
			continue
		}
		if st.sectionHeading(l) || st.lineHospital(l) != nil {
			owner = nil
			continue
		}
		hs, ds, ys := split(l.found)
		if len(hs) > 0 || len(ds) > 0 || !departmentCue.MatchString(text) {
			continue // the line speaks of others; its sentences say whose
		}
		for _, y := range ys {
			st.relation(kg.DepartmentFor, kg.MethodList, owner.ref, y.ref, l, *owner, y)
		}
	}
}

// ownHospitalPage reads a hospital's own page (an encyclopedia entry, its
// profile): the departments it names are the hospital's, and what the
// page says it treats or where to register for, it is recommended for.
// Lines that name another hospital speak of that one.
func (st *docState) ownHospitalPage(page found, sents []sentence) {
	for _, s := range sents {
		hs, ds, ys := split(s.found)
		other := false
		for _, h := range hs {
			if h.ref != page.ref {
				other = true
			}
		}
		if other || s.start < page.end {
			continue
		}
		text := st.p.text(s.start, s.end)
		for _, d := range ds {
			st.relation(kg.HasDepartment, kg.MethodContext, page.ref, d.ref, s, page, d)
		}
		// A clinic or department of its own with what it treats (◆ 甲状腺
		// 专病门诊（内分泌科…）：甲状腺结节、甲亢) is the hospital's too.
		if len(ys) == 0 || !(recommendCue.MatchString(text) || len(ds) > 0 && (strings.Contains(text, " | ") || departmentCue.MatchString(text))) {
			continue
		}
		for _, y := range ys {
			st.relation(kg.RecommendedFor, kg.MethodContext, page.ref, y.ref, s, page, y)
		}
	}
}

// sectionTopics returns, for each line, the symptoms of the section heading
// it is under (【二】反复发烧、咳嗽:这几家儿科是主力军), or nil where the
// page's own subject holds (before any heading, or under one that names no
// symptom on a page whose headings never do: 【推荐医院】). On a page split
// by topic, a heading without one (【写在最后】) gives an empty list.
func (st *docState) sectionTopics(lines []sentence) []*[]found {
	out := make([]*[]found, len(lines))
	var cur *[]found
	byTopic := false // a heading has named its own symptoms
	for k, l := range lines {
		text := strings.TrimSpace(st.p.text(l.start, l.end))
		hs, _, ys := split(l.found)
		if ordinalMark.MatchString(text) && len([]rune(text)) <= 60 && !strings.Contains(text, "。") {
			// 第三种 小孩发烧 三十九度以上: a spoken list's entry opens a
			// topic, hospitals named on its line or not.
			t := ys
			cur, byTopic = &t, true
		} else if len(hs) == 0 && k > 0 && sectionMark.MatchString(text) && len([]rune(text)) <= 40 && !strings.Contains(text, "。") {
			switch {
			case len(ys) > 0:
				t := ys
				cur, byTopic = &t, true
			case byTopic:
				cur = &[]found{} // 【写在最后】 on a page split by topic: none
			default:
				cur = nil // 【推荐医院】 on a page about one thing: that thing
			}
		}
		out[k] = cur
	}
	return out
}

// ordinalMark opens an entry of a list told in words: 第三种, 第二类.
var ordinalMark = regexp.MustCompile(`^\s*第[一二三四五六七八九十\d]+(?:种|类)`)

// sectionMark opens a section's heading: 【二】, 一、, 第三部分.
var sectionMark = regexp.MustCompile(`^(?:【[^】]{1,12}】|[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十\d]+(?:部分|节|章))`)

// exception: what a sentence leaves out (除血友病、重性精神障碍以外的其他病种).
// 切除, 消除 are other words.
var exception = regexp.MustCompile(`(?:^|[^切消去摘清排根解免拆删扫革开废破])除了?[^,，。;；:：]{1,40}?(?:以外|之外|外)`)

// notExcepted drops the symptoms that s names only to leave out.
func (st *docState) notExcepted(s sentence, ys []found) []found {
	text := st.p.text(s.start, s.end)
	locs := exception.FindAllStringIndex(text, -1)
	if locs == nil {
		return ys
	}
	pos := newRuneCounter(text)
	var spans []span
	for _, loc := range locs {
		spans = append(spans, span{s.start + pos.at(loc[0]), s.start + pos.at(loc[1])})
	}
	var out []found
	for _, y := range ys {
		if !within(spans, y.start) {
			out = append(out, y)
		}
	}
	return out
}

// rightAfter reports whether department d is written right after one of
// the hospitals hs, or after its 的 (…医院消化内科, …医院的消化内科): that
// hospital's.
func rightAfter(d found, hs []found) bool {
	return slices.ContainsFunc(hs, func(h found) bool { return d.start >= h.end && d.start-h.end <= 1 })
}

// sendsTo: what stands between the complaints a sentence opens with and the
// hospital it sends them to (胃胀、反酸的患者,可以选择…; 出现抽搐…建议直接转到…;
// 突发口角歪斜,直接去…).
var sendsTo = regexp.MustCompile(`的患者|的病人|的人|建议|首选|选择|推荐|可到|可去|可以去|直接去|去|到|前往|转诊|就诊|挂`)

// itemSentences reads, in a 相关推荐 item, the complaints a summary's
// sentence opens with before sending them to its hospitals: the title's
// symptom is the item's, these are the sentence's own (颈性眩晕、颈肩酸痛的
// 患者,如皋市中医院推拿科可做手法治疗). What a sentence names after its
// hospital is what the hospital examines or is known for (排查脑梗), not
// whom it is offered to.
func (st *docState) itemSentences(ctx unitContext, sents []sentence) {
	for _, s := range sents {
		hs, ds, ys := split(s.found)
		if len(hs) == 0 || len(ys) == 0 {
			continue
		}
		first := hs[0]
		var before []found
		for _, y := range st.notExcepted(s, ys) {
			if y.end <= first.start && !st.restatesTitle(ctx, y) && !suspected.MatchString(st.clauseBefore(s, y)) {
				before = append(before, y)
			}
		}
		if len(before) == 0 || !sendsTo.MatchString(st.p.text(before[len(before)-1].end, first.start)) {
			continue
		}
		st.sentTo(s, before, hs, ds, kg.MethodSentence)
	}
}

// suspected: a clause that names what a complaint may turn out to be (要警惕
// 股骨颈骨折, 排查脑梗): a cause, not whom the hospital is for.
var suspected = regexp.MustCompile(`警惕|排查|排除|可能|考虑|怀疑|引起|导致`)

// restatesTitle reports whether y is the title's symptom, or part of it,
// written again (红河咳嗽带痰推荐…: 咳嗽 of 咳嗽带痰; 孩子出现高烧不退 under
// 小儿高烧不退), which the item is about.
func (st *docState) restatesTitle(ctx unitContext, y found) bool {
	for _, r := range ctx.symptoms {
		for _, name := range []string{r.Name, strings.TrimPrefix(r.Name, "小儿")} {
			n := utf8.RuneCountInString(name)
			if n < y.end-y.start {
				continue
			}
			if y.start+n <= len(st.p.runes) && string(st.p.runes[y.start:y.start+n]) == name ||
				y.end-n >= 0 && string(st.p.runes[y.end-n:y.end]) == name {
				return true
			}
		}
	}
	return false
}
