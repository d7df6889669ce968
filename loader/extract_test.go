package loader

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/graph/kg"
)

func newTestExtractor(tb testing.TB) *Extractor {
	tb.Helper()
	gaz, err := gazetteer.Load()
	if err != nil {
		tb.Fatal(err)
	}
	x, err := NewExtractor(gaz)
	if err != nil {
		tb.Fatal(err)
	}
	return x
}

// page builds a document in the seeds' layout with one related item.
func page(itemTitle, summary string) string {
	return "医保怎么用\n\n正文。\n\n提示:本内容不能代替面诊,如有不适请尽快就医。\n相关推荐\n\n" +
		itemTitle + "\n\n" + summary + "\n\n健康新闻 2025-04-21\n"
}

func names(ex *kg.Extraction, kind kg.Kind) map[string]bool {
	out := map[string]bool{}
	for _, e := range ex.Entities {
		if e.Kind == kind {
			out[e.Name] = true
		}
	}
	return out
}

func hasRelation(ex *kg.Extraction, t kg.RelationType, from, to string) bool {
	for _, r := range ex.Relations {
		if r.Type == t && r.From.Name == from && r.To.Name == to {
			return true
		}
	}
	return false
}

func TestHospitalNames(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		name    string
		text    string
		want    []string // canonical names, in order
		notWant []string
	}{
		{"Bracketed", "重点考虑【苏州大学附属第一医院】、【苏州市立医院】和【苏州儿童医院(针对未成年患者)】", []string{"苏州大学附属第一医院", "苏州市立医院", "苏州市儿童医院"}, nil},
		{"AfterTriggerWord", "推荐前往苏州大学附属第一医院就诊", []string{"苏州大学附属第一医院"}, nil},
		{"ListWithAnd", "尤其是常州市第一人民医院和常州市第二人民医院。", []string{"常州市第一人民医院", "常州市第二人民医院"}, nil},
		{"MissingShiIsAddedToPublicHospital", "其中常州第一人民医院眼科", []string{"常州市第一人民医院"}, nil},
		{"ShortNumberedForm", "推荐常州第一人民医院/常州二院 ,这两家医院", []string{"常州市第一人民医院", "常州市第二人民医院"}, nil},
		{"CampusDropped", "如常州市第一人民医院、常州二院阳湖院区,或专科优势明显的常州中医医院(脾胃病科)", []string{"常州市第一人民医院", "常州市第二人民医院", "常州市中医院"}, nil},
		{"UniversityPrefixResolves", "特色:南京医科大学附属常州第二人民医院,眼科诊疗技术先进", []string{"常州市第二人民医院"}, nil},
		{"XieheKeepsHe", "安阳地区医院、安阳市人民医院、安阳市中医院、安阳协和医院等多家医疗机构", []string{"安阳地区医院", "安阳市人民医院", "安阳市中医院", "安阳协和医院"}, nil},
		{"Branch", "建议优先选择 三甲医院如常州市第一人民医院或江苏省人民医院常州分院", []string{"常州市第一人民医院", "江苏省人民医院常州分院"}, nil},
		{"NoPlaceProperName", "常州治疗眼袋较好的医院包括美贝尔整形医院、博仕医疗美容门诊部等", []string{"美贝尔整形医院", "博仕医疗美容门诊部"}, nil},
		{"Numbered", "尤其是汉中市中心医院、3201医院等拥有紫癜诊疗专家团队的机构", []string{"汉中市中心医院", "3201医院"}, nil},
		{"GenericPhrasesAreNotHospitals", "优先选择三甲综合医院或骨科专科医院,社区医院通常缺乏,医保定点医院,乡镇卫生院", nil, []string{"三甲综合医院", "骨科专科医院", "社区医院"}},
		{"EvaluativeWithPlace", "拥有上海知名医院技术支持,作为南通地区标杆医院", nil, []string{"上海知名医院"}},
		{"RankingIsNotAHospital", "在复旦医院排行榜和本地卫健委评级中,复旦版《中国医院综合排行榜》", nil, []string{"复旦医院", "中国医院"}},
		{"Garbled", "#Y &x*b外科医院 *:采用", nil, []string{"b外科医院"}},
		{"PlaceInsideName", "南通中山医院 作为", []string{"南通中山医院"}, nil},
		{"AutonomousPrefecture", "伊犁哈萨克自治州中医医院 科室实力", []string{"伊犁哈萨克自治州中医院"}, nil},
		{"CountyHospital", "澄迈县人民医院呼吸内科、海南省人民医院、海南成美医院呼吸疾病诊疗中心", []string{"澄迈县人民医院", "海南省人民医院", "海南成美医院"}, nil},
		{"CountyLevelCityHospital", "推荐延边大学附属医院和延吉市医院皮肤科", []string{"延边大学附属医院", "延吉市医院"}, nil},
		{"BarePlaceAndSuffix", "苏州医院众多,苏州市医院", nil, []string{"苏州医院", "苏州市医院"}},
		{"ProvinceBeforeCityLedName", "推荐绵阳市中心医院、四川绵阳四〇四医院和绵阳市中医医院", []string{"绵阳市中心医院", "绵阳四〇四医院", "绵阳市中医院"}, nil},
		{"CountyShortFormNeedsPublicType", "推荐广西壮族自治区南溪山医院、浏阳人民医院", []string{"广西壮族自治区南溪山医院", "浏阳人民医院"}, nil},
		{"LaterPlaceOutsideTheFirst", "昆明市延安医院骨科", []string{"昆明市延安医院"}, nil},
		{"Abbreviations", "河北医大三院 以骨科见长,郑大一附院、哈医大一院", []string{"河北医大三院", "郑大一附院", "哈医大一院"}, nil},
		{"CountedHospitalsAreNotOne", "赣州这三家医院泌尿外科均可开展,中医骨伤专科医院", nil, []string{"三家医院", "这三家医院", "中医骨伤专科医院"}},
		{"UniversityInAnotherProvince", "推荐上海中医药大学附属岳阳中西医结合医院推拿科", []string{"上海中医药大学附属岳阳中西医结合医院"}, nil},
		{"GenericDistrict", "转诊到成都主城区医院属于市内就医,也可选中医特色医院", nil, []string{"成都主城区医院", "中医特色医院"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, h := range x.findHospitals([]rune(tt.text), nil) {
				got = append(got, h.key)
			}
			if tt.want != nil && strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("hospitals in %q = %q, want %q", tt.text, got, tt.want)
			}
			for _, n := range tt.notWant {
				for _, g := range got {
					if g == n {
						t.Errorf("found generic %q in %q", n, tt.text)
					}
				}
			}
		})
	}
}

func TestTitleSymptoms(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		title string
		want  string // canonical; "" for none
		cat   string
	}{
		{"2025年江苏苏州出现皮肤紫癜去哪家医院好", "皮肤紫癜", kg.CategorySymptom},
		{"2025年江苏苏州出现眩晕伴恶心呕吐去哪家医院好", "眩晕伴恶心呕吐", kg.CategorySymptom},
		{"常州治疗眼酸硷化学伤哪个医院比较好", "眼酸碱化学伤", kg.CategoryCondition},
		{"常州治疗微小核糖核酸病毒性角膜炎的医院排名", "微小核糖核酸病毒性角膜炎", kg.CategoryCondition},
		{"2025年新疆伊犁治疗咳嗽带痰什么医院好", "咳嗽带痰", kg.CategorySymptom},
		{"2025年海南澄迈县治疗咳嗽带血的医院有哪些", "咳嗽带血", kg.CategorySymptom},
		{"唐山脑出血康复医院哪家好", "脑出血", kg.CategoryCondition},
		{"2025年青海果洛治疗脚踝扭伤痛什么医院好", "脚踝扭伤", kg.CategoryCondition},
		{"2025年山西晋城高血压门诊报销比例", "高血压", kg.CategoryCondition},
		{"2025年广东佛山出现荨麻疹去哪家医院好", "荨麻疹", kg.CategoryCondition},
		{"杭州偏头痛挂什么科", "偏头痛", kg.CategoryCondition},
		{"天津市医保二次报销怎么报销", "", ""},
		{"医保门诊报销比例", "", ""},
		{"2025年内蒙古兴安盟做胃底折叠术能走医保吗?", "", ""},
		{"2025年四川简阳做腰椎间盘突出手术能走医保吗?", "腰椎间盘突出", kg.CategoryCondition},
		{"2025年山东青岛做白内障手术能走医保吗?", "白内障", kg.CategoryCondition},
		{"长沙治疗夜间盗汗医院排名", "夜间盗汗", kg.CategorySymptom},
		{"包头治疗痛风医院排名", "痛风", kg.CategoryCondition},
		{"长春职工医保门诊统筹报销比例2025", "", ""},
		// The verb or question between the symptom and the question word
		// is not part of it; an episode of a condition is the condition;
		// a condition and a symptom written together are each one, two
		// symptoms are one as written.
		{"2025年安徽合肥甲状腺结节挂哪个医院好", "甲状腺结节", kg.CategoryCondition},
		{"蚌埠尿里有血是怎么回事去哪个医院看", "血尿", kg.CategorySymptom},
		{"临泉孩子发高烧抽筋送哪家医院", "热性惊厥", kg.CategoryCondition},
		{"2025年安徽芜湖痛风发作去哪家医院好", "痛风", kg.CategoryCondition},
		{"2025年江苏南京突然听力下降去哪家医院好", "听力下降", kg.CategorySymptom},
		{"2025年安徽合肥手脚发麻哪家医院看得好", "手脚麻木", kg.CategorySymptom},
		{"合肥情绪低落睡不着看心理去哪家医院", "情绪低落睡不着", kg.CategorySymptom},
		{"2025年济南胸闷心慌去哪家医院好", "胸闷心慌", kg.CategorySymptom},
		{"阜阳乙肝转氨酶高去哪个医院好", "乙肝 转氨酶升高", ""},
		{"哈尔滨医保钱包怎么开通", "", ""},
		// Two questions in one title: the first names the symptom; a
		// ranking's second headline is no question.
		{"莆田小孩腹泻挂什么科 哪家医院看得好", "腹泻", kg.CategorySymptom},
		{"襄阳市十大医院排名 襄阳最好的医院排行榜(2025最新)", "", ""},
		{"南安膝盖疼上下楼更痛看什么科", "膝盖痛", kg.CategorySymptom},
		// A time before a known symptom and its course after it are not
		// part of it.
		{"2025年湖北武汉半夜牙疼得睡不着去哪家医院好", "牙痛", kg.CategorySymptom},
		{"2025年湖北荆州湿疹反复去哪家医院好", "湿疹", kg.CategoryCondition},
		{"重庆沙坪坝区烫伤了挂什么科", "烫伤", kg.CategoryCondition},
		{"珠海腰椎间盘突出做手术能报销吗", "腰椎间盘突出", kg.CategoryCondition},
		{"2025年湖北武汉咳嗽老不好去哪家医院好", "咳嗽", kg.CategorySymptom},
		{"2025年湖北十堰膝盖疼上下楼困难去哪家医院好", "膝盖痛", kg.CategorySymptom},
		{"2025年新疆乌鲁木齐看东西模糊去哪家医院好", "视物模糊", kg.CategorySymptom},
		// A line of a page's text, not a title: no template is read in it.
		{strings.Repeat("医院", 100) + "2025年江苏苏州出现皮肤紫癜去哪家医院好", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.title[:min(len(tt.title), 90)], func(t *testing.T) {
			ss := x.titleSymptoms(tt.title)
			if ss == nil {
				if tt.want != "" {
					t.Fatalf("no symptom in %q, want %q", tt.title, tt.want)
				}
				return
			}
			var names []string
			cat := ""
			for _, s := range ss {
				name, c := x.canonicalSymptom(s)
				names = append(names, name)
				if len(ss) == 1 {
					cat = c
				}
			}
			if got := strings.Join(names, " "); got != tt.want || cat != tt.cat && len(ss) == 1 {
				t.Errorf("titleSymptoms(%q) = %q %s, want %q %s", tt.title, got, cat, tt.want, tt.cat)
			}
		})
	}
}

func TestPlacesInText(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text string
		want []string
	}{
		{"2025年江苏苏州出现皮肤紫癜", []string{"江苏", "苏州"}},
		{"盱眙医保二次报销政策", []string{"盱眙县"}},
		{"精准扶贫大病救助红安取消了没", []string{"红安县"}},
		{"2025年青海果洛治疗脚踝扭伤痛", []string{"青海", "果洛"}},
		{"伊犁哈萨克自治州中医医院", []string{"伊犁"}},
		{"中山大学的研究和大同小异的结论", nil},
		{"广东中山出现发烧", []string{"广东", "中山"}},
		{"绿色通道和双通道药店", nil},
		{"书林院区位于老城区,郊区和矿区的患者", nil},
		{"诸暨、嵊州等县(市)参保人,合作医疗和安宁疗护", []string{"诸暨", "嵊州"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, m := range x.placesIn(tt.text, false) {
				got = append(got, resolvePlace(x.gaz, m.places, nil).Name)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("places in %q = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestExtractItem(t *testing.T) {
	x := newTestExtractor(t)
	doc := page("2025年浙江杭州出现荨麻疹去哪家医院好",
		"2025年杭州出现荨麻疹建议优先选择三甲医院皮肤科,推荐浙江大学医学院附属第一医院、杭州市第一人民医院。浙江大学医学院附属第一医院皮肤科为国家临床重点专科。")
	ex, err := x.Extract("t.txt", doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		t        kg.RelationType
		from, to string
	}{
		{kg.RecommendedFor, "浙江大学医学院附属第一医院", "荨麻疹"},
		{kg.RecommendedFor, "杭州市第一人民医院", "荨麻疹"},
		{kg.LocatedIn, "杭州市第一人民医院", "杭州"},
		{kg.InProvince, "杭州", "浙江"},
		{kg.HasDepartment, "浙江大学医学院附属第一医院", "皮肤科"},
		{kg.DepartmentFor, "皮肤科", "荨麻疹"},
	} {
		if !hasRelation(ex, want.t, want.from, want.to) {
			t.Errorf("missing %s %s → %s", want.t, want.from, want.to)
		}
	}
	if names(ex, kg.KindHospital)["三甲医院"] {
		t.Error("三甲医院 is not a hospital")
	}
}

// TestSpans checks every span of every seed against the text it claims.
func TestSpans(t *testing.T) {
	x := newTestExtractor(t)
	files, _ := filepath.Glob("../seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seeds")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := x.Extract(filepath.Base(f), string(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		checkSpans(t, string(data), ex)
		if len(ex.Doc.Items) == 0 {
			t.Errorf("%s: no related items", f)
		}
		for _, it := range ex.Doc.Items {
			if it.Date == "" || it.Title == "" {
				t.Errorf("%s: item %d without title or date: %+v", f, it.Index, it)
			}
		}
	}
}

func checkSpans(t testing.TB, text string, ex *kg.Extraction) {
	t.Helper()
	runes := []rune(text)
	check := func(what string, s kg.Span) {
		if s.Start < 0 || s.End > len(runes) || s.Start > s.End {
			t.Errorf("%s: span [%d,%d) outside text of %d code points", what, s.Start, s.End, len(runes))
			return
		}
		if got := string(runes[s.Start:s.End]); got != s.Snippet {
			t.Errorf("%s: snippet %q != text %q", what, s.Snippet, got)
		}
		if !utf8.ValidString(s.Snippet) {
			t.Errorf("%s: invalid UTF-8 snippet", what)
		}
	}
	for _, m := range ex.Mentions {
		check("mention "+m.Entity.Name, m.Span)
	}
	for _, r := range ex.Relations {
		check(string(r.Type)+" "+r.From.Name+"→"+r.To.Name, r.Span)
	}
}

func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob("../seeds/*.txt")
	for _, p := range files {
		data, _ := os.ReadFile(p)
		f.Add(string(data))
	}
	f.Add(page("2025年江苏苏州出现皮肤紫癜去哪家医院好", "推荐【苏州大学附属第一医院】。"))
	f.Add("")
	f.Add("相关推荐\n健康新闻 2025-01-01")
	x := newTestExtractor(f)
	f.Fuzz(func(t *testing.T, text string) {
		start := time.Now()
		ex, err := x.Extract("fuzz.txt", text)
		// Time per KB, for -v runs; a seed page takes about 0.1 ms/KB.
		// Past a second a KB something is superlinear: that is a bug.
		took := time.Since(start)
		perKB := took.Seconds() * 1000 / max(1, float64(len(text))/1024)
		t.Logf("%d bytes in %s: %.3f ms/KB", len(text), took, perKB)
		if len(text) >= 1024 && perKB > 1000 {
			t.Errorf("%d bytes took %s (%.0f ms/KB)", len(text), took, perKB)
		}
		if err != nil {
			return
		}
		checkSpans(t, text, ex)
	})
}

// TestRelationCases names the hard cases of relations one by one: each item
// must give the relations in want and none of those in not.
func TestRelationCases(t *testing.T) {
	x := newTestExtractor(t)
	type rel struct {
		t        kg.RelationType
		from, to string
	}
	for _, c := range []struct {
		name, title, summary string
		want, not            []rel
	}{
		{
			name:    "pension account is not a medical policy",
			title:   "2025年湖北孝感社保基数13800元退休金多少",
			summary: "根据湖北孝感2024年社保政策及养老金计算公式,退休金需结合基础养老金和个人账户养老金两部分计算。",
			want:    []rel{{kg.InProvince, "孝感", "湖北"}},
			not:     []rel{{kg.PolicyAppliesIn, "个人账户", "孝感"}},
		},
		{
			name:    "medical personal account applies where the item is",
			title:   "江苏苏州医保个人账户可以家庭共济吗",
			summary: "苏州职工医保个人账户已开通家庭共济,可为配偶、父母支付医疗费用。",
			want:    []rel{{kg.PolicyAppliesIn, "个人账户", "苏州"}, {kg.PolicyAppliesIn, "家庭共济", "苏州"}},
		},
		{
			name:    "numbered hospital the authority file knows is where the file says",
			title:   "2025年陕西汉中出现皮肤紫癜去哪家医院好",
			summary: "推荐汉中市中心医院、3201医院等拥有紫癜诊疗专家团队的机构。",
			want:    []rel{{kg.LocatedIn, "汉中三二〇一医院", "汉中"}, {kg.RecommendedFor, "汉中三二〇一医院", "皮肤紫癜"}},
		},
		{
			name:    "numbered hospital with no place is where its item is",
			title:   "2025年陕西汉中出现皮肤紫癜去哪家医院好",
			summary: "推荐汉中市中心医院、7302医院等拥有紫癜诊疗专家团队的机构。",
			want:    []rel{{kg.LocatedIn, "7302医院", "汉中"}, {kg.RecommendedFor, "7302医院", "皮肤紫癜"}},
		},
		{
			name:    "short alias resolves to the canonical hospital",
			title:   "2025年江苏常州出现腹胀去哪家医院好",
			summary: "常州二院消化内科诊疗经验丰富,建议前往常州二院就诊。",
			want: []rel{{kg.RecommendedFor, "常州市第二人民医院", "腹胀"}, {kg.HasDepartment, "常州市第二人民医院", "消化内科"},
				{kg.LocatedIn, "常州市第二人民医院", "常州"}},
		},
		{
			name:    "provincial hospital is in the capital",
			title:   "2025年青海果洛出现头晕去哪家医院好",
			summary: "果洛患者可前往青海省人民医院神经内科就诊。",
			want:    []rel{{kg.LocatedIn, "青海省人民医院", "西宁"}, {kg.HasDepartment, "青海省人民医院", "神经内科"}},
			not:     []rel{{kg.LocatedIn, "青海省人民医院", "果洛"}},
		},
		{
			name:    "a department after a list belongs to the last hospital",
			title:   "杭州治疗白内障哪个医院好",
			summary: "杭州治疗白内障推荐浙江大学医学院附属第二医院、杭州市第一人民医院及浙江省人民医院眼科。",
			want:    []rel{{kg.HasDepartment, "浙江省人民医院", "眼科"}},
			not:     []rel{{kg.HasDepartment, "杭州市第一人民医院", "眼科"}},
		},
		{
			name:    "a department after a list with 均 belongs to every hospital",
			title:   "2025年辽宁大连做白内障手术能走医保吗?",
			summary: "大连医科大学附属第一医院、大连医科大学附属第二医院和大连市中心医院眼科均可开展日间白内障手术。",
			want: []rel{{kg.HasDepartment, "大连医科大学附属第一医院", "眼科"}, {kg.HasDepartment, "大连医科大学附属第二医院", "眼科"},
				{kg.HasDepartment, "大连市中心医院", "眼科"}, {kg.RecommendedFor, "大连市中心医院", "白内障"}},
		},
		{
			name:    "a hospital set apart as a heading owns the departments after it",
			title:   "沈阳脑梗康复医院哪家好",
			summary: "推荐如下: 辽宁省人民医院  神经内科与康复医学科联合开展卒中单元管理。",
			want:    []rel{{kg.HasDepartment, "辽宁省人民医院", "神经内科"}, {kg.HasDepartment, "辽宁省人民医院", "康复医学科"}},
		},
		{
			name:    "an abbreviation is the hospital named in full",
			title:   "2025年河北石家庄出现腰腿痛去哪家医院好",
			summary: "优先选择河北医科大学第三医院脊柱外科,也可选择河北医科大学第二医院。 河北医大三院 以骨科见长。",
			want:    []rel{{kg.HasDepartment, "河北医科大学第三医院", "骨科"}},
			not:     []rel{{kg.HasDepartment, "河北医科大学第二医院", "骨科"}, {kg.RecommendedFor, "河北医大三院", "腰腿痛"}},
		},
		{
			name:    "a brand name is the hospital named in full",
			title:   "2025年湖南浏阳出现胸闷去哪家医院好",
			summary: "推荐浏阳市人民医院,病情较重时建议转诊至长沙的湘雅医院。中南大学湘雅医院心血管内科实力强。",
			want:    []rel{{kg.RecommendedFor, "中南大学湘雅医院", "胸闷"}, {kg.LocatedIn, "浏阳市人民医院", "浏阳"}},
			not:     []rel{{kg.RecommendedFor, "湘雅医院", "胸闷"}},
		},
		{
			name:    "a county-level city's hospital is not in a prefecture the page never names",
			title:   "2025年江苏昆山出现带状疱疹去哪家医院好",
			summary: "推荐昆山市第一人民医院皮肤科。",
			want:    []rel{{kg.LocatedIn, "昆山市第一人民医院", "昆山"}},
			not:     []rel{{kg.LocatedIn, "昆山市第一人民医院", "苏州"}},
		},
		{
			name:    "a district in a hospital's brand does not place it",
			title:   "2025年江苏南京出现耳鸣去哪家医院好",
			summary: "推荐南京鼓楼医院耳鼻咽喉科。",
			want:    []rel{{kg.LocatedIn, "南京大学医学院附属鼓楼医院", "南京"}},
			not:     []rel{{kg.LocatedIn, "南京大学医学院附属鼓楼医院", "鼓楼区"}},
		},
		{
			name:    "places listed after the clause that names the policy",
			title:   "门诊慢特病跨省直接结算开通了吗",
			summary: "5种门诊慢特病相关治疗费用已实现跨省直接结算,海南、广东、江西等省份的统筹区均已接入。",
			want:    []rel{{kg.PolicyAppliesIn, "跨省异地就医直接结算", "海南"}, {kg.PolicyAppliesIn, "跨省异地就医直接结算", "江西"}},
		},
		{
			name:    "department for a symptom only with a directive",
			title:   "头晕挂什么科",
			summary: "头晕建议挂神经内科,高血压患者建议心血管内科同步检查。",
			want:    []rel{{kg.DepartmentFor, "神经内科", "头晕"}},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			ex, err := x.Extract("t.txt", page(c.title, c.summary))
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range c.want {
				if !hasRelation(ex, r.t, r.from, r.to) {
					t.Errorf("missing %s %s → %s", r.t, r.from, r.to)
				}
			}
			for _, r := range c.not {
				if hasRelation(ex, r.t, r.from, r.to) {
					t.Errorf("false %s %s → %s", r.t, r.from, r.to)
				}
			}
		})
	}
}

// TestSymptomMentions names the hard cases of symptoms in running text.
func TestSymptomMentions(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		summary   string
		want, not []string
	}{
		{"消化内科对慢性萎缩性胃炎伴肠化生的患者可定期复查。", []string{"慢性萎缩性胃炎"}, []string{"胃炎"}},
		{"反复慢性腹胀的患者可先到消化内科就诊。", []string{"腹胀"}, []string{"慢性腹胀"}},
		{"该院开设眩晕门诊和胸痛中心。", nil, []string{"眩晕", "胸痛"}},
	} {
		ex, err := x.Extract("t.txt", page("杭州医保门诊报销比例", c.summary))
		if err != nil {
			t.Fatal(err)
		}
		got := names(ex, kg.KindSymptom)
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%q: no symptom %q (found %v)", c.summary, w, got)
			}
		}
		for _, n := range c.not {
			if got[n] {
				t.Errorf("%q: false symptom %q", c.summary, n)
			}
		}
	}
}
