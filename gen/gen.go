// Package gen makes a corpus of health pages in the seeds' layout, so that
// the loader and the service can be measured at the site's real shape
// (every city × every symptom) without committing a corpus.
//
// A page is a title line, an article about a medical-insurance policy, the
// page furniture (the disclaimer), the heading 相关推荐 and a dozen related
// items, each a title ("2025年江苏苏州出现皮肤紫癜去哪家医院好"), a summary
// that recommends hospitals and departments, and a date line
// ("健康新闻 2025-04-21"). Places are real (the gazetteer); hospitals are
// named by the grammar of real Chinese hospital names (苏州市第一人民医院,
// 苏州市中医院, 苏州市妇幼保健院, 苏州大学附属第一医院, 江苏省人民医院,
// 盱眙县人民医院 …), each city having its own stable set; symptoms,
// departments and policies come from the lexicon plus symptoms composed of
// a body part and a complaint (膝盖酸痛).
//
// The corpus is a pure function of the seed: document i is made from its
// own random stream, so documents can be made in any order or in
// parallel, and the same seed always gives the same bytes.
package gen

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/lexicon"
)

// Truth is what the generator put in a document: what a perfect extractor
// would read from it.
type Truth struct {
	Province string // canonical names (gazetteer Name) of the page's place
	City     string
	Policy   string // the article's policy, canonical
	Items    []ItemTruth
}

// ItemTruth is one related item: a symptom and the hospitals recommended
// for it, or (Symptom "") an insurance question with no hospitals.
type ItemTruth struct {
	Title      string
	Symptom    string // canonical name
	Department string // canonical name
	Hospitals  []Hospital
}

// Hospital is a recommended hospital and the city (canonical name, a
// prefecture-level place or a county) it lies in.
type Hospital struct {
	Name string
	City string
}

// Doc is one generated page.
type Doc struct {
	File  string
	Text  string
	Truth Truth
}

// Generator makes documents. It is safe for concurrent use.
type Generator struct {
	seed        uint64
	gaz         *gazetteer.Gazetteer
	provinces   []*gazetteer.Place
	prefectures map[string][]*gazetteer.Place // by province code
	counties    map[string][]*gazetteer.Place // by prefecture code
	symptoms    []symptom
	departments []string
	deptAlias   map[string][]string
	policies    []*lexicon.Term
}

type symptom struct {
	name      string
	condition bool
	dept      string // the department that treats it
}

// New returns a generator of the corpus with the given seed.
func New(gaz *gazetteer.Gazetteer, seed uint64) (*Generator, error) {
	g := &Generator{seed: seed, gaz: gaz, prefectures: map[string][]*gazetteer.Place{}, counties: map[string][]*gazetteer.Place{}, deptAlias: map[string][]string{}}
	for _, p := range gaz.Places() {
		switch p.Level {
		case gazetteer.Province:
			// 香港, 澳门 and 台湾 pages name no 人民医院 of ours.
			if p.Code == "71" || p.Code == "81" || p.Code == "82" {
				continue
			}
			g.provinces = append(g.provinces, p)
		case gazetteer.Prefecture:
			g.prefectures[p.ProvinceCode] = append(g.prefectures[p.ProvinceCode], p)
		case gazetteer.County:
			if p.PrefectureCode != "" && strings.HasSuffix(p.Full, "县") {
				g.counties[p.PrefectureCode] = append(g.counties[p.PrefectureCode], p)
			}
		}
	}
	syms, err := lexicon.Symptoms()
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	depts, err := lexicon.Departments()
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	pols, err := lexicon.Policies()
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	for _, t := range depts.Terms {
		g.deptAlias[t.Name] = t.Aliases
	}
	for _, d := range clinicalDepartments {
		if depts.Lookup(d) != nil {
			g.departments = append(g.departments, depts.Lookup(d).Name)
		}
	}
	if len(g.departments) == 0 {
		return nil, fmt.Errorf("gen: no departments in the lexicon")
	}
	known := map[string]bool{}
	for i, t := range syms.Terms {
		if !plainName(t.Name) {
			continue
		}
		known[t.Name] = true
		g.symptoms = append(g.symptoms, symptom{name: t.Name, condition: t.Category == "CONDITION", dept: g.departmentFor(t.Name, i)})
	}
	for _, bp := range bodyParts {
		for _, c := range complaints {
			name := bp.part + c
			if known[name] || syms.Lookup(name) != nil {
				continue
			}
			known[name] = true
			g.symptoms = append(g.symptoms, symptom{name: name, dept: bp.dept})
		}
	}
	g.policies = append(g.policies, pols.Terms...)
	return g, nil
}

// plainName reports whether a symptom's name reads well in every title
// template: Han characters only, no 的.
func plainName(s string) bool {
	for _, r := range s {
		if r < 0x4e00 || r > 0x9fff {
			return false
		}
	}
	return !strings.Contains(s, "的")
}

// Symptoms returns the number of distinct symptoms the generator draws from.
func (g *Generator) Symptoms() int { return len(g.symptoms) }

// Doc returns document i.
func (g *Generator) Doc(i int) Doc {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)))
	w := &writer{}
	prov := g.provinces[r.IntN(len(g.provinces))]
	city := pick(r, g.prefectures[prov.Code])
	pol := g.policies[r.IntN(len(g.policies))]
	t := Truth{Province: prov.Name, City: city.Name, Policy: pol.Name}

	g.article(r, w, prov, city, pol)
	w.line("提示:本内容不能代替面诊,如有不适请尽快就医。")
	w.line("相关推荐")
	n := 8 + r.IntN(7)
	date := fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
	for k := 0; k < n; k++ {
		var it ItemTruth
		switch x := r.IntN(20); {
		case x < 2:
			it = g.policyItem(r, w, prov, city)
		case x < 14:
			it = g.hospitalItem(r, w, prov, city)
		default: // another province's city, as the site mixes them
			p := g.provinces[r.IntN(len(g.provinces))]
			it = g.hospitalItem(r, w, p, pick(r, g.prefectures[p.Code]))
		}
		w.line("健康新闻 " + date)
		t.Items = append(t.Items, it)
	}
	text := w.String()
	h := fnv.New64a()
	h.Write([]byte(text))
	return Doc{File: fmt.Sprintf("%06d_%016x.txt", i, h.Sum64()), Text: text, Truth: t}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// writer lays out a page: each line is followed by an empty one, as on
// the seeds.
type writer struct{ b strings.Builder }

func (w *writer) line(s string)  { w.b.WriteString(s); w.b.WriteString("\n\n") }
func (w *writer) String() string { return w.b.String() }

// cityForm is how a page writes a prefecture-level place before a
// hospital's type: 苏州市, 伊犁哈萨克自治州, 北京市.
func cityForm(p *gazetteer.Place) string {
	if p.Full != "" {
		return p.Full
	}
	return p.Name
}

// provinceForm is a province as the name of its 省人民医院: 江苏省, 广西壮族自治区.
func provinceForm(p *gazetteer.Place) string {
	if p.Full != "" {
		return p.Full
	}
	return p.Name
}

// hospitals returns the hospitals of a prefecture-level place, the same on
// every page: its numbered 人民医院, 中医院, 妇幼保健院 and so on, a
// university's affiliated hospitals for some, the province's 省人民医院
// in the capital, and the 县人民医院 of a few of its counties.
func (g *Generator) hospitals(city *gazetteer.Place) []Hospital {
	h := fnv.New64a()
	h.Write([]byte(city.Code))
	r := rand.New(rand.NewPCG(h.Sum64(), 7))
	f := cityForm(city)
	var out []Hospital
	add := func(name string, in *gazetteer.Place) { out = append(out, Hospital{Name: name, City: in.Name}) }
	municipality := strings.HasSuffix(city.Code, "00")
	if strings.HasSuffix(f, "市") {
		add(f+"人民医院", city)
		for k := 0; k < 1+r.IntN(4); k++ {
			add(f+"第"+ordinals[k]+"人民医院", city)
		}
	} else {
		add(f+"人民医院", city)
	}
	for _, typ := range []string{"中医院", "妇幼保健院", "中心医院", "儿童医院", "口腔医院", "肿瘤医院", "传染病医院", "中西医结合医院"} {
		if r.IntN(3) > 0 || typ == "中医院" {
			add(f+typ, city)
		}
	}
	if !municipality && strings.HasSuffix(f, "市") && r.IntN(3) == 0 {
		for k := 0; k < 1+r.IntN(2); k++ {
			add(city.Name+"大学附属第"+ordinals[k]+"医院", city)
		}
	}
	prov := g.gaz.Province(city)
	if cap := g.gaz.Capital(prov); cap != nil && cap.Code == city.Code && !municipality {
		add(provinceForm(prov)+"人民医院", city)
	}
	cs := g.counties[city.Code]
	for k := 0; k < len(cs) && k < 3; k++ {
		c := cs[r.IntN(len(cs))]
		if !slices.ContainsFunc(out, func(x Hospital) bool { return x.City == c.Name }) {
			add(c.Full+"人民医院", c)
		}
	}
	return out
}

var ordinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// clinicalDepartments are the departments hospital pages recommend.
var clinicalDepartments = []string{
	"神经内科", "消化内科", "心血管内科", "呼吸与危重症医学科", "内分泌科", "肾内科", "血液科",
	"皮肤科", "眼科", "耳鼻咽喉科", "口腔科", "骨科", "泌尿外科", "普通外科", "妇科", "产科",
	"儿科", "风湿免疫科", "肿瘤科", "中医科", "康复医学科", "疼痛科", "精神科", "感染科",
}

// departmentFor guesses the department that treats a symptom of the
// lexicon from the characters of its name; i spreads the rest.
func (g *Generator) departmentFor(name string, i int) string {
	for _, k := range deptKeys {
		if strings.ContainsAny(name, k.chars) && slices.Contains(g.departments, k.dept) {
			return k.dept
		}
	}
	rest := []string{"中医科", "神经内科", "消化内科", "皮肤科"}
	return rest[i%len(rest)]
}

var deptKeys = []struct{ chars, dept string }{
	{"眼视瞳睑泪", "眼科"}, {"耳鼻喉咽聋鸣", "耳鼻咽喉科"}, {"牙齿龈口舌", "口腔科"},
	{"皮疹痒斑癣疣痘紫癜", "皮肤科"}, {"咳痰喘肺", "呼吸与危重症医学科"}, {"胃腹便泻呕肠肝胆恶", "消化内科"},
	{"心悸胸压", "心血管内科"}, {"尿肾前列", "泌尿外科"}, {"骨关节腰颈肩膝踝扭折", "骨科"},
	{"经妇宫乳", "妇科"}, {"糖甲状腺肥胖", "内分泌科"}, {"头晕眩麻抖颤失眠痉", "神经内科"},
	{"热烧感染", "感染科"}, {"瘤癌", "肿瘤科"}, {"焦虑抑郁", "精神科"},
}

var bodyParts = []struct{ part, dept string }{
	{"头部", "神经内科"}, {"眼睛", "眼科"}, {"耳朵", "耳鼻咽喉科"}, {"鼻子", "耳鼻咽喉科"},
	{"喉咙", "耳鼻咽喉科"}, {"牙齿", "口腔科"}, {"牙龈", "口腔科"}, {"颈部", "骨科"}, {"肩膀", "骨科"},
	{"胸口", "心血管内科"}, {"腹部", "消化内科"}, {"胃部", "消化内科"}, {"腰部", "骨科"}, {"背部", "骨科"},
	{"膝盖", "骨科"}, {"手腕", "骨科"}, {"脚踝", "骨科"}, {"手指", "骨科"}, {"小腿", "骨科"},
	{"关节", "风湿免疫科"}, {"皮肤", "皮肤科"}, {"面部", "皮肤科"}, {"手臂", "神经内科"}, {"足底", "骨科"},
}

var complaints = []string{"疼痛", "酸痛", "麻木", "肿胀", "瘙痒", "刺痛", "胀痛", "无力", "发麻", "红肿", "发凉", "抽痛"}

// placeText is how titles name a place: 江苏苏州, or 北京 for a municipality.
func placeText(prov, city *gazetteer.Place) string {
	if prov.Name == city.Name {
		return city.Name
	}
	return prov.Name + city.Name
}

// article writes the page's title and its article about a policy.
func (g *Generator) article(r *rand.Rand, w *writer, prov, city *gazetteer.Place, pol *lexicon.Term) {
	name := pol.Name
	if len(pol.Aliases) > 0 && r.IntN(3) == 0 {
		name = pick(r, pol.Aliases)
	}
	titles := []string{
		name + "怎么办理",
		name + "报销比例是多少",
		placeText(prov, city) + name + "最新政策",
		name + "能在定点药店使用吗",
		"2025年" + city.Name + name + "有什么变化",
	}
	w.line(pick(r, titles))
	w.line(fmt.Sprintf("%s的具体规定需根据参保类型和当地政策综合判断,具体说明如下:", name))
	w.line("一、基本政策规定")
	w.line(pick(r, fillers))
	w.line(fmt.Sprintf("自2025年1月起,部分地区(如%s)开通了%s,参保人员可按规定享受相应待遇,且支持异地就医。但此功能目前仅限部分城市试点,需关注当地医保政策是否覆盖。", city.Name, name))
	w.line("二、办理方式")
	w.line(pick(r, fillers))
	w.line(fmt.Sprintf("线上渠道 :可通过国家医保服务平台、地方医保APP(如%s医保云)实时获取电子凭证完成支付。", prov.Name))
	w.line("三、注意事项")
	w.line(pick(r, fillers))
	w.line(pick(r, fillers))
}

var fillers = []string{
	"不同城市对待遇标准、起付线和报销比例的规定存在差异,建议参保前咨询当地医保部门。",
	"参保人员应保留好就诊票据和病历资料,以便办理报销时使用。",
	"在定点医疗机构就医时需出示医保电子凭证或社会保障卡,费用实时结算。",
	"异地就医前应通过线上渠道办理备案手续,未备案的报销比例会相应降低。",
	"门诊费用和住院费用的报销政策不同,具体以当地医保部门公布的标准为准。",
	"药品需在医保目录内,目录外药品需要个人全额承担。",
}

// policyItem writes an item that asks about insurance, not hospitals.
func (g *Generator) policyItem(r *rand.Rand, w *writer, prov, city *gazetteer.Place) ItemTruth {
	pol := g.policies[r.IntN(len(g.policies))]
	title := pick(r, []string{
		"医保有减免政策吗",
		"基本医疗保险怎么买",
		"2025年" + placeText(prov, city) + pol.Name + "怎么报销",
	})
	w.line(title)
	w.line(fmt.Sprintf("%s的政策因地区和具体情况而有所不同。%s%s", pol.Name, pick(r, fillers), pick(r, fillers)))
	return ItemTruth{Title: title}
}

// hospitalItem writes an item that recommends hospitals of a city for a
// symptom.
func (g *Generator) hospitalItem(r *rand.Rand, w *writer, prov, city *gazetteer.Place) ItemTruth {
	s := g.symptoms[r.IntN(len(g.symptoms))]
	pool := g.hospitals(city)
	n := 2 + r.IntN(3)
	if n > len(pool) {
		n = len(pool)
	}
	var hs []Hospital
	for _, k := range r.Perm(len(pool))[:n] {
		hs = append(hs, pool[k])
	}
	pt := placeText(prov, city)
	var title string
	if s.condition {
		title = pick(r, []string{
			"2025年" + pt + "治疗" + s.name + "的医院有哪些",
			city.Name + "治疗" + s.name + "的医院排名",
			"2025年" + pt + "治疗" + s.name + "什么医院好",
			city.Name + "治疗" + s.name + "哪个医院比较好",
		})
	} else {
		title = pick(r, []string{
			"2025年" + pt + "出现" + s.name + "去哪家医院好",
			"2025年" + pt + "出现" + s.name + "去哪家医院好",
			city.Name + "治疗" + s.name + "哪个医院比较好",
			"2025年" + pt + "治疗" + s.name + "的医院有哪些",
		})
	}
	dept := s.dept
	deptText := dept
	if as := g.deptAlias[dept]; len(as) > 0 && r.IntN(2) == 0 {
		deptText = pick(r, as)
	}
	w.line(title)
	names := make([]string, len(hs))
	for k, h := range hs {
		names[k] = h.Name
	}
	var b strings.Builder
	switch r.IntN(3) {
	case 0:
		fmt.Fprintf(&b, "2025年%s出现%s建议优先选择三甲医院%s,重点考虑", city.Name, s.name, deptText)
		for k, nm := range names {
			switch {
			case k == 0:
			case k == len(names)-1:
				b.WriteString("和")
			default:
				b.WriteString("、")
			}
			b.WriteString("【" + nm + "】")
		}
		fmt.Fprintf(&b, ",这些医院具备专项检测设备、多学科联合诊疗团队及规范化治疗方案。  专科实力强 :%s%s为省级重点专科,诊疗经验丰富,尤其擅长疑难病例的治疗。", names[0], deptText)
	case 1:
		fmt.Fprintf(&b, "%s治疗%s推荐选择三级甲等综合性医院的%s,尤其是%s。 这些医院不仅拥有完备的诊疗设施和丰富的临床经验,还具备省级重点专科资质。", city.Name, s.name, deptText, strings.Join(names, "、"))
		fmt.Fprintf(&b, " %s%s  作为%s地区综合实力较强的医院之一,可根据实际情况就近选择。", names[0], deptText, city.Name)
	default:
		fmt.Fprintf(&b, "以下是%s一些治疗%s较好的医院:", pt, s.name)
		for _, nm := range names {
			fmt.Fprintf(&b, " %s 科室实力 :医院的%s由经验丰富的主治医师以上职称人员组成,对%s等多种病症有显著治疗优势。", nm, deptText, s.name)
		}
	}
	w.line(b.String())
	return ItemTruth{Title: title, Symptom: s.name, Department: dept, Hospitals: hs}
}

// Write writes documents [0, n) into dir, creating it, on every core. It
// returns the total number of bytes written.
func (g *Generator) Write(ctx context.Context, dir string, n int) (int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("gen: %w", err)
	}
	var (
		mu    sync.Mutex
		total int64
		first error
		wg    sync.WaitGroup
		next  = make(chan int)
	)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				d := g.Doc(i)
				err := os.WriteFile(filepath.Join(dir, d.File), []byte(d.Text), 0o644)
				mu.Lock()
				if err != nil && first == nil {
					first = fmt.Errorf("gen: %w", err)
				}
				total += int64(len(d.Text))
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < n; i++ {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if first != nil {
		return total, first
	}
	return total, ctx.Err()
}
