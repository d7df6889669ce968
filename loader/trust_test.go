package loader

import (
	"testing"

	"github.com/medkg/medkg/graph/kg"
)

// TestErrorClasses pins one case for every class of error issue 12 names:
// the silent, plausible mistakes an analyst would count wrong.
func TestErrorClasses(t *testing.T) {
	x := newTestExtractor(t)
	type ent struct {
		kind kg.Kind
		name string
	}
	type rel struct {
		t        kg.RelationType
		from, to string
		method   kg.Method // checked when set
	}
	for _, c := range []struct {
		class, name string
		doc         string // a whole page; article() or page() build one
		want, not   []ent
		wantR, notR []rel
	}{
		// 1. One entity per real hospital.
		{class: "one entity per hospital", name: "historic name resolves to the canonical one",
			doc:  article("蚌埠甲亢看哪里", "甲亢可以到蚌埠医学院第一附属医院内分泌科就诊。"),
			want: []ent{{kg.KindHospital, "蚌埠医科大学第一附属医院"}}, not: []ent{{kg.KindHospital, "蚌埠医学院第一附属医院"}}},
		{class: "one entity per hospital", name: "a city's numbered hospital that is a university's",
			doc:  article("上海口腔科", "推荐上海市第九人民医院口腔外科。"),
			want: []ent{{kg.KindHospital, "上海交通大学医学院附属第九人民医院"}}},
		{class: "one entity per hospital", name: "a brand without its city",
			doc:   article("华西医院怎么挂号", "推荐到华西医院呼吸科就诊。"),
			want:  []ent{{kg.KindHospital, "四川大学华西医院"}},
			wantR: []rel{{kg.LocatedIn, "四川大学华西医院", "成都", kg.MethodAuthority}}},
		{class: "one entity per hospital", name: "an abbreviation alone on the page",
			doc:  article("南昌咳嗽", "慢性咳嗽推荐南大一附院呼吸与危重症医学科。"),
			want: []ent{{kg.KindHospital, "南昌大学第一附属医院"}}},
		{class: "one entity per hospital", name: "a local name where the page names the place",
			doc:  page("2025年江苏苏州出现头晕去哪家医院好", "苏州头晕推荐省人民医院和苏州大学附属第一医院神经内科。"),
			want: []ent{{kg.KindHospital, "江苏省人民医院"}}},

		{class: "one entity per hospital", name: "a city and a local name written together",
			doc:  article("牡丹江骨科", "牡丹江红旗医院骨科很好。"),
			want: []ent{{kg.KindHospital, "牡丹江医学院附属红旗医院"}}, not: []ent{{kg.KindHospital, "牡丹江红旗医院"}}},
		{class: "one entity per hospital", name: "a name after a naming verb or a pronoun",
			doc: article("鞍山胃胀", "推荐鞍钢集团总医院(老鞍山人习惯叫鞍钢总医院)。我们红旗医院骨科也可以。"),
			not: []ent{{kg.KindHospital, "老鞍山人习惯叫鞍钢总医院"}, {kg.KindHospital, "我们红旗医院"}}},

		{class: "one entity per hospital", name: "a name the page gave as an alias, used again",
			doc:  article("玉林骨折", "推荐玉林市中西医结合骨科医院(玉林骨科医院)。\n\n玉林骨科医院的关节外科很强。"),
			want: []ent{{kg.KindHospital, "玉林市中西医结合骨科医院"}}, not: []ent{{kg.KindHospital, "玉林骨科医院"}}},
		{class: "one entity per hospital", name: "the province's short name and its full one",
			doc:  article("柳州看病", "推荐广西壮族自治区脑科医院。广西脑科医院的记忆门诊每周开诊。南溪山医院在桂林,全称广西壮族自治区南溪山医院。"),
			want: []ent{{kg.KindHospital, "广西壮族自治区脑科医院"}, {kg.KindHospital, "广西壮族自治区南溪山医院"}},
			not:  []ent{{kg.KindHospital, "广西脑科医院"}, {kg.KindHospital, "南溪山医院"}}},
		{class: "one entity per hospital", name: "a city's numbered hospital written short",
			doc:  article("南宁便血", "推荐南宁市第一人民医院消化内科。南宁市一医院周末也有门诊。"),
			want: []ent{{kg.KindHospital, "南宁市第一人民医院"}}, not: []ent{{kg.KindHospital, "南宁市一医院"}}},
		{class: "one entity per hospital", name: "another name after 也就是",
			doc: article("桂林肾结石", "可以去北海市人民医院 也就是本地人习惯叫的“北海人医院”,泌尿外科很强。"),
			not: []ent{{kg.KindHospital, "北海人医院"}}},

		// 2. The right city.
		{class: "right city", name: "a province-named university hospital is not in the capital",
			doc:   article("广东医科大学附属医院", "广东医科大学附属医院心血管内科擅长冠心病介入。"),
			wantR: []rel{{kg.LocatedIn, "广东医科大学附属医院", "湛江", kg.MethodAuthority}},
			notR:  []rel{{kg.LocatedIn, "广东医科大学附属医院", "广州", ""}}},
		{class: "right city", name: "an unknown provincial university's hospital takes no capital",
			doc:  article("河北某医科大学", "推荐河北北方学院附属第九医院的骨科。"),
			notR: []rel{{kg.LocatedIn, "河北北方学院附属第九医院", "石家庄", ""}}},
		{class: "right city", name: "a campus in another city",
			doc:   article("青岛看病", "齐鲁医院青岛院区心脏外科开展主动脉夹层手术。"),
			want:  []ent{{kg.KindHospital, "山东大学齐鲁医院青岛院区"}},
			wantR: []rel{{kg.LocatedIn, "山东大学齐鲁医院青岛院区", "青岛", ""}},
			notR:  []rel{{kg.LocatedIn, "山东大学齐鲁医院青岛院区", "济南", ""}, {kg.LocatedIn, "山东大学齐鲁医院", "济南", ""}}},
		{class: "right city", name: "a county-level city in the name",
			doc:   article("汾阳医院", "推荐汾阳医院神经内科。"),
			wantR: []rel{{kg.LocatedIn, "山西省汾阳医院", "汾阳", ""}}},
		{class: "right city", name: "a county in the name",
			doc:   article("昭通看病", "彝良县人民医院内科可以诊治高血压。"),
			wantR: []rel{{kg.LocatedIn, "彝良县人民医院", "彝良县", kg.MethodName}}},
		{class: "right city", name: "a hospital of another city named in an item stays there",
			doc:  page("2025年江西瑞金出现胸痛去哪家医院好", "瑞金胸痛推荐瑞金市人民医院,疑难病例可转上海的瑞金医院。"),
			notR: []rel{{kg.LocatedIn, "上海交通大学医学院附属瑞金医院", "瑞金", ""}}},

		{class: "one entity per hospital", name: "a parent's hospital in another place is a hospital of its own",
			doc:   article("成都看儿科", "我们青白江区现在有华西二院青白江妇女儿童医院了（原来的青白江区妇幼保健院），华西二院的儿科专家每周过来坐诊。"),
			want:  []ent{{kg.KindHospital, "四川大学华西第二医院青白江妇女儿童医院"}, {kg.KindHospital, "四川大学华西第二医院"}},
			wantR: []rel{{kg.LocatedIn, "四川大学华西第二医院青白江妇女儿童医院", "青白江区", ""}},
			notR:  []rel{{kg.LocatedIn, "四川大学华西第二医院", "青白江区", ""}}},
		{class: "one entity per hospital", name: "a branch after a parent's short name",
			doc:   article("桂林看心脏", "推荐湘雅二医院桂林医院心血管内科。"),
			want:  []ent{{kg.KindHospital, "中南大学湘雅二医院桂林医院"}},
			not:   []ent{{kg.KindHospital, "中南大学湘雅二医院"}},
			wantR: []rel{{kg.LocatedIn, "中南大学湘雅二医院桂林医院", "桂林", ""}}},
		{class: "right city", name: "a branch's short place name read in its parent's province only",
			doc:  article("固原看病", "宁夏回族自治区人民医院宁南医院开通了远程会诊。"),
			want: []ent{{kg.KindHospital, "宁夏回族自治区人民医院宁南医院"}},
			not:  []ent{{kg.KindCity, "宁南县"}}},

		// 3. Fewer junk entities.
		{class: "junk", name: "counted and generic hospitals",
			doc: article("安徽心血管", "省内13家医院和5家医院参与评比,龙头医院与区域领军医院带动基层。"),
			not: []ent{{kg.KindHospital, "13家医院"}, {kg.KindHospital, "5家医院"}, {kg.KindHospital, "龙头医院"}, {kg.KindHospital, "区域领军医院"}}},
		{class: "junk", name: "a phrase about sameness is not a hospital",
			doc: article("华西二院和华西医院", "两家不是同一个医院，挂号系统也不一样。"),
			not: []ent{{kg.KindHospital, "同一个医院"}}},
		{class: "junk", name: "a condition is not cut out of its typed or cell-line name",
			doc:  article("内科就诊须知", "2型糖尿病和弥漫大B细胞淋巴瘤、IgA肾病的患者可到内科就诊。"),
			want: []ent{{kg.KindSymptom, "2型糖尿病"}, {kg.KindSymptom, "弥漫大B细胞淋巴瘤"}, {kg.KindSymptom, "IgA肾病"}},
			not:  []ent{{kg.KindSymptom, "糖尿病"}, {kg.KindSymptom, "淋巴瘤"}}},
		{class: "junk", name: "a unit inside a hospital",
			doc:  article("襄阳心脏", "襄阳市中心医院心血管病医院开展射频消融。"),
			want: []ent{{kg.KindHospital, "襄阳市中心医院"}}, not: []ent{{kg.KindHospital, "心血管病医院"}}},
		{class: "junk", name: "a department in a title template is not a symptom",
			doc: page("绥化市神经外科医院排名", "绥化市第一医院神经外科开展脑出血微创手术。"),
			not: []ent{{kg.KindSymptom, "神经外科"}}, want: []ent{{kg.KindDepartment, "神经外科"}}},
		{class: "junk", name: "a place inside a band's name",
			doc: article("长沙演唱会", "凤凰传奇的演唱会在长沙举行。"),
			not: []ent{{kg.KindCity, "凤凰县"}}},
		{class: "junk", name: "a place inside a product's name",
			doc: article("惠民保怎么买", "惠民保是城市定制型商业医疗保险。"),
			not: []ent{{kg.KindCity, "惠民县"}}},
		{class: "junk", name: "a place inside a product's name in a seeds-layout title",
			doc: page("医保个人账户的钱能买惠民保吗", "沈阳职工医保个人账户可以买惠民保。"),
			not: []ent{{kg.KindCity, "惠民县"}}},
		{class: "junk", name: "who has the symptom is not part of it",
			doc:  page("沈阳孩子反复咳嗽挂什么科", "沈阳孩子反复咳嗽建议挂儿科,推荐中国医科大学附属盛京医院。"),
			want: []ent{{kg.KindSymptom, "反复咳嗽"}}, not: []ent{{kg.KindSymptom, "孩子反复咳嗽"}}},
		{class: "junk", name: "a service asked for is not part of the condition",
			doc:  page("中山鼻咽癌筛查去哪家医院", "中山鼻咽癌筛查推荐中山市人民医院耳鼻咽喉科。"),
			want: []ent{{kg.KindSymptom, "鼻咽癌"}}, not: []ent{{kg.KindSymptom, "鼻咽癌筛查"}}},
		{class: "junk", name: "a district only where it is a place",
			doc:  article("无锡看病", "无锡锡山区的居民可以到锡山人民医院就诊。"),
			want: []ent{{kg.KindCity, "锡山区"}}},
		{class: "junk", name: "symptoms are not cut from longer terms",
			doc:  article("胸痛", "左侧肩背痛伴胸闷要警惕,高血压脑出血患者应到神经外科就诊。"),
			want: []ent{{kg.KindSymptom, "肩背痛"}, {kg.KindSymptom, "高血压脑出血"}},
			not:  []ent{{kg.KindSymptom, "背痛"}, {kg.KindSymptom, "脑出血"}}},
		{class: "junk", name: "two conditions written together stay two",
			doc:  article("心梗", "心梗脑出血在家门口就能救。"),
			want: []ent{{kg.KindSymptom, "心肌梗死"}, {kg.KindSymptom, "脑出血"}}},

		// 4. Relations that the text states.
		{class: "stated relations", name: "department for a symptom only where tied",
			doc:   article("头晕怎么办", "该院有眼科和骨科。头晕应挂神经内科。"),
			wantR: []rel{{kg.DepartmentFor, "神经内科", "头晕", kg.MethodSentence}},
			notR:  []rel{{kg.DepartmentFor, "眼科", "头晕", ""}, {kg.DepartmentFor, "骨科", "头晕", ""}}},
		{class: "stated relations", name: "departments in a list sentence",
			doc: article("长沙医院", "中南大学湘雅医院的心血管科、眼科是国家重点专科。"),
			wantR: []rel{{kg.HasDepartment, "中南大学湘雅医院", "心血管科", ""},
				{kg.HasDepartment, "中南大学湘雅医院", "眼科", ""}}},
		{class: "stated relations", name: "a generic policy mention is not a policy applying in a place",
			doc:  article("成都医保", "成都的参保人看病时,医保目录内的药品按比例报销。补充保险可以自愿购买。"),
			notR: []rel{{kg.PolicyAppliesIn, "补充保险", "成都", ""}}},
		{class: "stated relations", name: "a policy and a place the same clause ties",
			doc:   article("家庭共济", "苏州已开通家庭共济,可为配偶支付医疗费用。"),
			wantR: []rel{{kg.PolicyAppliesIn, "家庭共济", "苏州", kg.MethodSentence}}},

		{class: "stated relations", name: "places listed before a policy that is available there",
			doc: article("蒙惠保", "呼和浩特、包头等地的部分三甲医院已经开通蒙惠保结算,出院时直接减免。"),
			wantR: []rel{{kg.PolicyAppliesIn, "蒙惠保", "呼和浩特", kg.MethodSentence},
				{kg.PolicyAppliesIn, "蒙惠保", "包头", kg.MethodSentence}}},

		// 5. Local insurance products.
		{class: "local products", name: "listed products with their region",
			doc: article("惠民保", "上海的沪惠保、成都的惠蓉保和杭州的西湖益联保都保特药。"),
			wantR: []rel{{kg.PolicyAppliesIn, "沪惠保", "上海", kg.MethodAuthority},
				{kg.PolicyAppliesIn, "惠蓉保", "成都", kg.MethodAuthority},
				{kg.PolicyAppliesIn, "西湖益联保", "杭州", kg.MethodAuthority}}},
		{class: "local products", name: "an unlisted product by the grammar of its name",
			doc:   article("惠民保", "烟台惠民保今年起保费不变。"),
			wantR: []rel{{kg.PolicyAppliesIn, "烟台惠民保", "烟台", kg.MethodName}}},
		{class: "local products", name: "a product named by its province's one-character name",
			doc:   article("保险", "今年已经开通蒙惠保的线上投保。"),
			wantR: []rel{{kg.PolicyAppliesIn, "蒙惠保", "内蒙古", kg.MethodName}}},
		{class: "local products", name: "惠, a place's one character, 保",
			doc:   article("惠邕保是什么", "惠邕保是南宁本地的普惠型商业补充医疗保险。"),
			wantR: []rel{{kg.PolicyAppliesIn, "惠邕保", "南宁", kg.MethodName}}},
		{class: "local products", name: "the generic term has no region",
			doc:  article("城惠保是什么", "城惠保是各地惠民保的统称。"),
			want: []ent{{kg.KindPolicy, "城惠保"}, {kg.KindPolicy, "惠民保"}}},

		// 6. Pages from other sites.
		{class: "other sites", name: "a recommendation sentence",
			doc:   article("长沙看耳鸣", "突发耳鸣建议首选中南大学湘雅二医院耳鼻咽喉科。"),
			wantR: []rel{{kg.RecommendedFor, "中南大学湘雅二医院", "耳鸣", kg.MethodSentence}}},
		{class: "other sites", name: "an answer's list to a question asking where to go",
			doc:   "知乎 · 首页 › 发现 › 育儿\n\n在成都孩子反复咳嗽，该去哪家医院？\n\n二、医院怎么选\n· 市妇儿：成都市妇女儿童中心医院，在青羊区，城西的家长去这里方便。\n· 省妇幼：四川省妇幼保健院，看常见病很规范。\n4. 听说四川大学华西医院也开了儿童门诊。\n\n相关推荐\n【广告】儿童雾化器家用医用级\n",
			wantR: []rel{{kg.RecommendedFor, "成都市妇女儿童中心医院", "咳嗽", kg.MethodList}, {kg.RecommendedFor, "四川省妇幼保健院", "咳嗽", kg.MethodList}},
			notR:  []rel{{kg.RecommendedFor, "四川大学华西医院", "咳嗽", ""}}},
		{class: "other sites", name: "a ranking's tiers",
			doc: "安徽心血管内科医院排名\n\n1. 安徽省立医院\n\n擅长冠心病介入和心律失常射频消融。\n\n2. 安徽医科大学第一附属医院\n\n心力衰竭诊治经验丰富。\n",
			wantR: []rel{{kg.RecommendedFor, "中国科学技术大学附属第一医院", "冠心病", kg.MethodList},
				{kg.RecommendedFor, "安徽医科大学第一附属医院", "心力衰竭", kg.MethodList}},
			notR: []rel{{kg.RecommendedFor, "安徽医科大学第一附属医院", "冠心病", ""}}},
		{class: "other sites", name: "a table row",
			doc:   "<!DOCTYPE html><html><head><title>山东眼科医院推荐</title></head><body><table><tr><th>医院</th><th>擅长</th></tr><tr><td>山东大学齐鲁医院</td><td>眼底病、青光眼</td></tr></table></body></html>",
			wantR: []rel{{kg.RecommendedFor, "山东大学齐鲁医院", "青光眼", kg.MethodList}}},
		{class: "other sites", name: "a 症状 → 科室 → 医院 answer",
			doc:   "耳鸣挂什么科\n\n问:最近耳鸣得厉害,该挂什么科?\n\n答:耳鸣一般挂耳鼻喉科。武汉推荐华中科技大学同济医学院附属协和医院耳鼻咽喉科。\n",
			wantR: []rel{{kg.DepartmentFor, "耳鼻咽喉科", "耳鸣", ""}, {kg.RecommendedFor, "华中科技大学同济医学院附属协和医院", "耳鸣", ""}}},
		{class: "other sites", name: "a department's own page",
			doc:   "<!DOCTYPE html><html><head><title>皮肤性病科-科室介绍-安徽医科大学第一附属医院</title></head><body><h1>皮肤性病科</h1><h2>诊疗范围</h2><ul><li>银屑病</li><li>湿疹、荨麻疹</li></ul></body></html>",
			wantR: []rel{{kg.DepartmentFor, "皮肤科", "湿疹", kg.MethodContext}, {kg.DepartmentFor, "皮肤科", "荨麻疹", kg.MethodContext}}},
		{class: "other sites", name: "a heading ends a hospital's block",
			doc:   "云南肾内科医院排名\n\n1. 昆明医科大学第一附属医院\n\n擅长慢性肾脏病。\n\n就诊指南:出现这些情况挂什么科?\n\n泡沫尿、眼睑水肿挂肾内科。\n",
			wantR: []rel{{kg.RecommendedFor, "昆明医科大学第一附属医院", "慢性肾病", kg.MethodList}},
			notR:  []rel{{kg.RecommendedFor, "昆明医科大学第一附属医院", "泡沫尿", ""}}},
		{class: "other sites", name: "a paragraph about another hospital ends the block",
			doc:  "县级透析点\n\n1. 个旧市人民医院\n\n服务个旧城区的透析患者。\n\n开远市人民医院(红河州开远市):可满足开远本地尿毒症患者的透析需求,急诊透析需提前联系。\n",
			notR: []rel{{kg.RecommendedFor, "个旧市人民医院", "尿毒症", ""}}},
		// Classes found on the fourteenth held-out batch.
		{class: "other sites", name: "HTML elements written apart stay apart",
			doc:   "<!DOCTYPE html><html><head><title>江苏心内科推荐</title></head><body><div><h2><a>江苏省人民医院</a> · 心血管内科</h2><div>擅长疾病：<a>冠心病</a> <a>急性心肌梗死</a></div></div></body></html>",
			want:  []ent{{kg.KindSymptom, "冠心病"}, {kg.KindSymptom, "急性心肌梗死"}},
			not:   []ent{{kg.KindSymptom, "冠心病急性心肌梗死"}},
			wantR: []rel{{kg.RecommendedFor, "江苏省人民医院", "急性心肌梗死", kg.MethodList}}},
		{class: "fewer junk entities", name: "a rank number written against a name is not in it",
			doc:  "<!DOCTYPE html><html><head><title>心内科排名</title></head><body><h2><em>8</em><a>苏北人民医院</a> · 心血管内科</h2></body></html>",
			want: []ent{{kg.KindHospital, "江苏省苏北人民医院"}}, not: []ent{{kg.KindHospital, "8苏北人民医院"}}},
		{class: "other sites", name: "a department's heading gives it the diseases listed under it",
			doc:   "江苏心内科推荐\n\n1. 南通大学附属医院 · 心血管内科\n\n擅长疾病：高血压 冠心病 心肌炎\n",
			wantR: []rel{{kg.DepartmentFor, "心血管科", "心肌炎", kg.MethodList}, {kg.RecommendedFor, "南通大学附属医院", "心肌炎", kg.MethodList}}},
		{class: "other sites", name: "an answer's hospital and department are for what the question asks",
			doc:   "大家都在问\n\n问：胸闷气短挂什么科？62岁，爬两层楼就胸闷。\n\n答：建议到江苏省人民医院心血管内科就诊。如果主要是咳嗽、咳痰，可以先看呼吸内科。\n",
			wantR: []rel{{kg.RecommendedFor, "江苏省人民医院", "胸闷气短", kg.MethodContext}, {kg.DepartmentFor, "心血管科", "胸闷气短", kg.MethodContext}},
			notR:  []rel{{kg.DepartmentFor, "呼吸与危重症医学科", "胸闷气短", ""}}},
		{class: "other sites", name: "a headline under a breadcrumb offers its hospitals for what it names",
			doc:   "首页 / 育儿 / 健康\n\n儿童反复发烧咳嗽，江苏这几家医院的儿科值得收藏\n\n1️⃣ 无锡市儿童医院（南京医科大学附属无锡儿童医院）\n\n无锡本地家长口中的“儿童医院”。\n",
			wantR: []rel{{kg.RecommendedFor, "无锡市儿童医院", "反复发烧", kg.MethodList}, {kg.RecommendedFor, "无锡市儿童医院", "咳嗽", kg.MethodList}}},
		{class: "fewer junk entities", name: "a symptom is not cut out of a longer condition",
			doc:  article("心内科擅长什么", "擅长肥厚型心肌病、缓慢性心律失常和小脑梗死。"),
			want: []ent{{kg.KindSymptom, "肥厚型心肌病"}, {kg.KindSymptom, "缓慢性心律失常"}, {kg.KindSymptom, "小脑梗死"}},
			not:  []ent{{kg.KindSymptom, "心肌病"}, {kg.KindSymptom, "慢性心律失常"}, {kg.KindSymptom, "脑梗死"}}},
		{class: "right city", name: "a plain-text table aligned by spaces gives each row's hospital its district",
			doc:   "定点医疗机构名单\n\n　　序号  机构名称              所在区县    可认定病种\n　　1    湖州市中心医院      吴兴区      全部病种\n　　2    长兴县中医院        长兴县      慢性病20种\n",
			wantR: []rel{{kg.LocatedIn, "湖州市中心医院", "吴兴区", kg.MethodList}, {kg.LocatedIn, "长兴县中医院", "长兴县", ""}}},
		{class: "right city", name: "a heading's district after its department",
			doc:   "南京心内科推荐\n\n1. 江苏省人民医院 · 心血管内科 三甲 南京 鼓楼区\n\n擅长疾病：冠心病\n",
			wantR: []rel{{kg.LocatedIn, "江苏省人民医院", "鼓楼区", kg.MethodList}}},
		{class: "one entity per hospital", name: "a city's short numbered name is the authority file's hospital",
			doc:  page("2025年福建南平出现尿痛去哪家医院好", "推荐南平市第一医院泌尿外科。南平市一院 泌尿外科"),
			want: []ent{{kg.KindHospital, "南平市第一医院"}}, not: []ent{{kg.KindHospital, "南平市第一人民医院"}}},
		// Classes found on the fifteenth held-out batch.
		{class: "right city", name: "hospitals the text says are all in a place",
			doc:   article("重庆胸口闷痛", "推荐重庆医科大学附属第一医院心血管内科,或者陆军特色医学中心(大坪医院)心内科,两家都在渝中区,胸痛中心24小时开放。"),
			wantR: []rel{{kg.LocatedIn, "陆军特色医学中心", "渝中区", ""}, {kg.LocatedIn, "重庆医科大学附属第一医院", "渝中区", ""}}},
		{class: "right city", name: "the authority file's district where the page names it, else its city",
			doc:   article("重庆烧伤科", "首选陆军军医大学第一附属医院,也就是大家说的西南医院,烧伤科是全国有名的。"),
			wantR: []rel{{kg.LocatedIn, "陆军军医大学第一附属医院", "重庆", kg.MethodAuthority}},
			notR:  []rel{{kg.LocatedIn, "陆军军医大学第一附属医院", "沙坪坝区", ""}}},
		{class: "right city", name: "the authority file's district where the page names it",
			doc:  article("重庆沙坪坝区烫伤了挂什么科", "首选陆军军医大学第一附属医院烧伤科。"),
			want: []ent{{kg.KindSymptom, "烫伤"}}, not: []ent{{kg.KindSymptom, "烫伤了"}},
			wantR: []rel{{kg.LocatedIn, "陆军军医大学第一附属医院", "沙坪坝区", kg.MethodAuthority}}},
		{class: "one entity per hospital", name: "a former name after 以前叫",
			doc:  article("杭州湿疹", "浙江大学医学院附属儿童医院以前叫浙江省儿童保健院,所以杭州人都习惯叫儿保。"),
			want: []ent{{kg.KindHospital, "浙江大学医学院附属儿童医院"}}, not: []ent{{kg.KindHospital, "浙江省儿童保健院"}}},
		{class: "other sites", name: "a hospital's own site: its title names it after a separator, its 我院 is it",
			doc:   "<!DOCTYPE html><html><head><title>我院神经内科眩晕专病门诊正式开诊-丹东市中心医院</title></head><body><p>我院神经内科眩晕专病门诊正式开诊,主要诊治耳石症、梅尼埃病。此前,我院耳鼻咽喉科已加入中国医科大学附属盛京医院牵头的专科联盟。</p></body></html>",
			wantR: []rel{{kg.RecommendedFor, "丹东市中心医院", "梅尼埃病", ""}, {kg.HasDepartment, "丹东市中心医院", "神经内科", ""}},
			not:   []ent{{kg.KindHospital, "院耳鼻咽喉科已加入中国医科大学附属盛京医院"}}},
		{class: "relations the text states", name: "a publisher's 我省 is the province its page names",
			doc:   "青海省医疗保障局\n\n医保政策常见问题解答\n\n问：家里人能用我的个人账户吗？\n\n答：可以。我省已开通职工医保个人账户家庭共济。\n",
			wantR: []rel{{kg.PolicyAppliesIn, "家庭共济", "青海", kg.MethodContext}}},
		{class: "other sites", name: "a list entry's hospital and, after its colon, what its departments are for",
			doc:   "门诊慢特病去哪认定\n\n（1）青海大学附属医院：肿瘤内科负责恶性肿瘤，肾病内科负责尿毒症透析；\n",
			wantR: []rel{{kg.RecommendedFor, "青海大学附属医院", "恶性肿瘤", kg.MethodList}, {kg.HasDepartment, "青海大学附属医院", "肾内科", ""}}},
		{class: "other sites", name: "an address line under a hospital's heading places it and does not end its block",
			doc:   "江苏儿科医院推荐\n\n6️⃣ 南通大学附属医院（通大附院）\n\n📍南通｜崇川区西寺路20号\n\n💪强项：肺炎、高热惊厥、川崎病。\n",
			wantR: []rel{{kg.LocatedIn, "南通大学附属医院", "崇川区", kg.MethodList}, {kg.RecommendedFor, "南通大学附属医院", "川崎病", kg.MethodList}}},
		// Classes found on the sixteenth held-out batch.
		{class: "other sites", name: "a hospital's own guide: a clinic of its departments with what it treats",
			doc:   "诸暨市人民医院 | 就医指南\n\n三、专病门诊一览\n\n◆ 甲状腺专病门诊（内分泌科，2F）：甲状腺结节、桥本甲状腺炎\n",
			wantR: []rel{{kg.RecommendedFor, "诸暨市人民医院", "甲状腺结节", kg.MethodContext}, {kg.HasDepartment, "诸暨市人民医院", "内分泌科", ""}}},
		{class: "fewer junk entities", name: "a whole hospital is not a hospital's name",
			doc: article("广东骨科医院排行榜", "要看整家医院的综合实力，也要看骨科。"),
			not: []ent{{kg.KindHospital, "整家医院"}}},
		// Classes found on the fifth held-out batch.
		{class: "fewer junk entities", name: "a children's department is its own department",
			doc:  article("儿童过敏怎么办", "孩子反复过敏可以挂儿童过敏反应科。"),
			want: []ent{{kg.KindDepartment, "小儿变态反应科"}}, not: []ent{{kg.KindDepartment, "变态反应科"}}},
		{class: "fewer junk entities", name: "what a symptom is mistaken for is not a symptom of the page",
			doc:  article("眼睛胀痛头痛挂什么科", "很多人误以为是偏头痛。其实眼睛胀痛头痛可能是青光眼,应挂眼科。"),
			not:  []ent{{kg.KindSymptom, "偏头痛"}},
			want: []ent{{kg.KindSymptom, "青光眼"}, {kg.KindDepartment, "眼科"}}},
		{class: "other sites", name: "the medical name a free page gives is its subject",
			doc:   article("脖子上长了个包", "脖子上的包块,医学上叫颈部淋巴结肿大。可以到耳鼻咽喉科就诊。"),
			want:  []ent{{kg.KindSymptom, "颈部淋巴结肿大"}},
			wantR: []rel{{kg.DepartmentFor, "耳鼻咽喉科", "颈部淋巴结肿大", ""}}},
		{class: "fewer junk entities", name: "a title asking where rehabilitation is best names its symptom",
			doc:  page("2025年浙江杭州脑梗去哪家医院康复好", "推荐浙江大学医学院附属第二医院康复医学科。"),
			want: []ent{{kg.KindSymptom, "脑梗死"}}},
		{class: "fewer junk entities", name: "a title asking whether insurance pays names its symptom",
			doc:  page("白内障手术能走医保吗", "白内障手术可以报销。"),
			want: []ent{{kg.KindSymptom, "白内障"}}},
		{class: "relations the text states", name: "a generic policy applies in no region",
			doc:  article("浙江医保", "浙江参保人可以购买补充保险,基本医疗保险在浙江统一报销。"),
			notR: []rel{{kg.PolicyAppliesIn, "补充保险", "浙江", ""}, {kg.PolicyAppliesIn, "基本医疗保险", "浙江", ""}}},
		{class: "the right city", name: "a province-named hospital without 省 is not in the capital",
			doc:   article("衢州看病", "推荐浙江衢化医院骨科。"),
			notR:  []rel{{kg.LocatedIn, "浙江衢化医院", "杭州", ""}},
			wantR: []rel{{kg.LocatedIn, "浙江衢化医院", "衢州", ""}}},
		{class: "fewer junk entities", name: "a prefecture-and-city phrase is not a hospital",
			doc: article("甘肃医院", "甘肃各市州医院都能看。"),
			not: []ent{{kg.KindHospital, "各市州医院"}, {kg.KindHospital, "市州医院"}}},
		// Classes found on the sixth held-out batch.
		{class: "the right city", name: "a municipality's own hospital is in the city",
			doc:   page("2025年重庆出现干咳去哪家医院好", "重庆干咳推荐重庆市儿童医院呼吸科。"),
			wantR: []rel{{kg.LocatedIn, "重庆市儿童医院", "重庆", ""}}},
		{class: "the right city", name: "a district the text says a hospital is in",
			doc:   article("重庆肾结石", "陆军军医大学第二附属医院位于沙坪坝区,泌尿外科很强。"),
			wantR: []rel{{kg.LocatedIn, "陆军军医大学第二附属医院", "沙坪坝区", ""}}},
		{class: "the right city", name: "a district in the address bracket after a hospital",
			doc:   article("福州看病", "福建医科大学附属协和医院(鼓楼区新权路29号)心内科可以就诊。"),
			wantR: []rel{{kg.LocatedIn, "福建医科大学附属协和医院", "鼓楼区", ""}}},
		{class: "the right city", name: "a former name's city is not where the hospital is",
			doc:  article("福州看病", "推荐南京军区福州总医院的骨科。"),
			want: []ent{{kg.KindHospital, "中国人民解放军联勤保障部队第九〇〇医院"}},
			notR: []rel{{kg.LocatedIn, "中国人民解放军联勤保障部队第九〇〇医院", "南京", ""}}},
		{class: "fewer junk entities", name: "a street named after a place is not the place",
			doc: article("广州看病", "广州市第一人民医院离北京路步行街不远。"),
			not: []ent{{kg.KindProvince, "北京"}, {kg.KindCity, "北京"}}},
		{class: "fewer junk entities", name: "a place that is a common word counts in a list of places",
			doc:  article("福建惠民保", "福州、莆田、宁德、南平的参保人都可以投保。"),
			want: []ent{{kg.KindCity, "宁德"}, {kg.KindCity, "南平"}}},
		{class: "fewer junk entities", name: "advice to drink is not a symptom",
			doc: article("肾结石怎么办", "肾结石患者要多饮水,医生问了我好多饮食习惯。"),
			not: []ent{{kg.KindSymptom, "多饮"}}},
		{class: "fewer junk entities", name: "a surgery of a branch is not a department",
			doc: article("阑尾炎", "阑尾炎一般需要外科手术治疗。"),
			not: []ent{{kg.KindDepartment, "外科"}}},
		{class: "relations the text states", name: "a table of symptoms and the departments to see",
			doc:   "<!DOCTYPE html><html><head><title>常见症状挂什么科</title></head><body><table><tr><th>症状</th><th>建议挂号科室</th></tr><tr><td>耳鸣</td><td>耳鼻咽喉科</td></tr><tr><td>胸痛</td><td>心血管内科</td></tr></table></body></html>",
			wantR: []rel{{kg.DepartmentFor, "耳鼻咽喉科", "耳鸣", kg.MethodList}, {kg.DepartmentFor, "心血管科", "胸痛", kg.MethodList}},
			notR:  []rel{{kg.DepartmentFor, "耳鼻咽喉科", "胸痛", ""}}},
		// Twelfth held-out batch (400, 402, 403).
		{class: "the right city", name: "an address after a hospital in a table row or a list entry",
			doc:   "<!DOCTYPE html><html><head><title>武汉透析定点医院</title></head><body><table><tr><th>城市</th><th>定点医疗机构</th><th>地址</th></tr><tr><td>武汉市</td><td>武汉市中心医院</td><td>江岸区胜利街26号</td></tr></table><ul><li>宜昌市第一人民医院（三峡大学人民医院），西陵区解放路4号</li></ul></body></html>",
			wantR: []rel{{kg.LocatedIn, "武汉市中心医院", "江岸区", kg.MethodList}, {kg.LocatedIn, "宜昌市第一人民医院", "西陵区", kg.MethodList}}},
		{class: "the right city", name: "a district written after its city is that city's, on a page that names another",
			doc:   article("南京和福州的肾内科", "南京推荐江苏省人民医院肾内科。\n\n福州的话,福建医科大学附属第一医院肾内科不错,地址:福州市鼓楼区茶亭街20号。"),
			wantR: []rel{{kg.InProvince, "鼓楼区", "福建", ""}, {kg.LocatedIn, "福建医科大学附属第一医院", "鼓楼区", ""}},
			notR:  []rel{{kg.InProvince, "鼓楼区", "江苏", ""}}},
		{class: "one entity per hospital", name: "a short name two provinces' hospitals share is the page's province's",
			doc:  article("太原孩子咳嗽", "太原孩子咳嗽可以去山大二院儿科。"),
			want: []ent{{kg.KindHospital, "山西医科大学第二医院"}}, not: []ent{{kg.KindHospital, "山东大学第二医院"}}},
		{class: "one entity per hospital", name: "the same short name on the other province's page",
			doc:  article("济南孩子咳嗽", "济南孩子咳嗽可以去山大二院儿科。"),
			want: []ent{{kg.KindHospital, "山东大学第二医院"}}, not: []ent{{kg.KindHospital, "山西医科大学第二医院"}}},
		{class: "pages from other sites", name: "a caption of designated hospitals for care of conditions, over a table of them",
			doc: article("昆明门诊慢特病", "昆明市尿毒症透析、恶性肿瘤门诊放化疗定点医疗机构名单\n序号  机构名称  地址  服务项目\n"+
				"1  昆明医科大学第一附属医院  五华区西昌路295号  血液透析、放化疗\n2  云南省肿瘤医院  西山区昆州路519号  放化疗\n3  安宁市人民医院  安宁市连然街道大屯路  血液透析"),
			wantR: []rel{{kg.RecommendedFor, "昆明医科大学第一附属医院", "尿毒症", kg.MethodList}, {kg.RecommendedFor, "昆明医科大学第一附属医院", "恶性肿瘤", kg.MethodList},
				{kg.RecommendedFor, "云南省肿瘤医院", "恶性肿瘤", kg.MethodList}, {kg.RecommendedFor, "安宁市人民医院", "尿毒症", kg.MethodList}},
			// A row offering one service is for the condition of that service.
			notR: []rel{{kg.RecommendedFor, "云南省肿瘤医院", "尿毒症", ""}, {kg.RecommendedFor, "安宁市人民医院", "恶性肿瘤", ""}}},
		{class: "one entity per hospital", name: "the page's own city written before a local name",
			doc:  article("昆明医保问答", "答：我市延安医院、920医院等均已开通跨省直接结算。"),
			want: []ent{{kg.KindHospital, "昆明市延安医院"}, {kg.KindHospital, "中国人民解放军联勤保障部队第九二〇医院"}},
			not:  []ent{{kg.KindCity, "延安"}}},
		{class: "relations the text states", name: "departments in clauses of their own, split by a full-width comma",
			doc:   article("华山医院神经科", "华山医院神经内科擅长帕金森病、癫痫，神经外科擅长脑胶质瘤、垂体瘤。一翻身就晕的多半是耳石症，挂耳鼻喉科或者神经内科都行。"),
			wantR: []rel{{kg.DepartmentFor, "神经内科", "帕金森病", ""}, {kg.DepartmentFor, "神经外科", "垂体瘤", ""}, {kg.DepartmentFor, "耳鼻咽喉科", "耳石症", ""}, {kg.DepartmentFor, "神经内科", "耳石症", ""}},
			notR:  []rel{{kg.DepartmentFor, "神经外科", "帕金森病", ""}, {kg.DepartmentFor, "神经内科", "垂体瘤", ""}}},
		{class: "fewer junk entities", name: "places written one after another are a list, and a road named 道 after a city is no city",
			doc:  article("带状疱疹推荐医院", "地区：北京天津河北\n\n天津医科大学总医院 地址：天津市和平区鞍山道154号"),
			want: []ent{{kg.KindProvince, "河北"}},
			not:  []ent{{kg.KindCity, "河北区"}, {kg.KindCity, "鞍山"}}},
		{class: "relations the text states", name: "a bare 急诊 one is sent to is the department, emergency care is not",
			doc:   article("胃痛挂什么科", "呕血的要直接去急诊。\n\n胃痛挂消化内科就可以,也不用先去急诊。\n\n急诊抢救的费用可以先垫付。"),
			wantR: []rel{{kg.DepartmentFor, "急诊科", "呕血", ""}},
			notR:  []rel{{kg.DepartmentFor, "急诊科", "胃痛", ""}}},
		{class: "fewer junk entities", name: "emergency care alone names no department",
			doc: article("医保报销", "急诊抢救的费用可以先垫付,当天急诊处理后再办入院。"),
			not: []ent{{kg.KindDepartment, "急诊科"}}},
		{class: "relations the text states", name: "hospitals listed with 、 before a department all have it",
			doc:   article("太原看眼睛", "住在清徐县、古交的,可以先到清徐县人民医院、古交市人民医院眼科查视力和眼压。"),
			wantR: []rel{{kg.HasDepartment, "清徐县人民医院", "眼科", kg.MethodList}, {kg.HasDepartment, "古交市人民医院", "眼科", kg.MethodList}}},
		{class: "relations the text states", name: "a named centre after listed hospitals is the last one's",
			doc:   article("澄迈咳嗽带血", "澄迈县人民医院呼吸内科、海南省人民医院、海南成美医院呼吸疾病诊疗中心是当地诊治咳嗽带血的核心医疗机构。"),
			wantR: []rel{{kg.HasDepartment, "海南成美医院", "呼吸疾病诊疗中心", ""}},
			notR:  []rel{{kg.HasDepartment, "海南省人民医院", "呼吸疾病诊疗中心", ""}}},
		{class: "fewer junk entities", name: "hospitals that have opened a service are no hospital's name",
			doc: article("门诊慢特病跨省结算", "办好备案后在外省的开通医院看门诊也能直接报。"),
			not: []ent{{kg.KindHospital, "开通医院"}}},
		{class: "relations the text states", name: "a line announcing a list of hospitals gives each its departments",
			doc:   "<!DOCTYPE html><html><head><title>短住期间透析怎么结算</title></head><body><p>以下医院的肾内科均开展维持性血液透析，供参考：</p><ul><li>宜昌市第一人民医院（三峡大学人民医院），西陵区解放路4号</li><li>襄阳市第一人民医院，樊城区解放路15号</li></ul><p>十堰市太和医院的血液净化中心也可以透析。</p></body></html>",
			wantR: []rel{{kg.HasDepartment, "宜昌市第一人民医院", "肾内科", kg.MethodList}, {kg.HasDepartment, "襄阳市第一人民医院", "肾内科", kg.MethodList}},
			notR:  []rel{{kg.HasDepartment, "十堰市太和医院", "肾内科", ""}}},
		{class: "fewer junk entities", name: "a kind of hospital after a clause or a place is no hospital",
			doc: article("南京和福州的肾病医院", "很多人问肿瘤医院和肾病医院哪个好。"),
			not: []ent{{kg.KindHospital, "很多人问肿瘤医院"}, {kg.KindHospital, "肾病医院"}, {kg.KindHospital, "福州的肾病医院"}}},
		{class: "fewer junk entities", name: "an institute of hospital management is not a hospital",
			doc: article("河南专科排行", "复旦大学医院管理研究所发布了专科声誉排行榜。"),
			not: []ent{{kg.KindHospital, "复旦大学医院"}}},
		{class: "pages from other sites", name: "a table of symptoms, departments and the hospitals to go to",
			doc:   "<!DOCTYPE html><html><head><title>别再挂错号了</title></head><body><table><tr><th>症状/情况</th><th>可能是什么</th><th>挂什么科</th><th>推荐医院（院区）</th></tr><tr><td>腰痛伴血尿</td><td>泌尿系结石</td><td>泌尿外科</td><td>重医附一院、西南医院</td></tr><tr><td>烧伤、烫伤</td><td>—</td><td>烧伤科</td><td>重庆市急救医疗中心</td></tr></table></body></html>",
			wantR: []rel{{kg.RecommendedFor, "陆军军医大学第一附属医院", "血尿", kg.MethodList}, {kg.RecommendedFor, "重庆市急救医疗中心", "烫伤", kg.MethodList}, {kg.HasDepartment, "重庆医科大学附属第一医院", "泌尿外科", kg.MethodList}},
			// A row speaks of its own complaints and departments only.
			notR: []rel{{kg.RecommendedFor, "重庆市急救医疗中心", "血尿", ""}, {kg.HasDepartment, "重庆市急救医疗中心", "泌尿外科", ""}, {kg.RecommendedFor, "陆军军医大学第一附属医院", "泌尿系结石", ""}}},
		{class: "relations the text states", name: "symptoms excepted by 除…以外 are not recommended",
			doc:  article("北京骨科", "除腰椎间盘突出以外,北京积水潭医院擅长骨折的治疗。"),
			notR: []rel{{kg.RecommendedFor, "北京积水潭医院", "腰椎间盘突出", ""}}},
		{class: "pages from other sites", name: "a hospital's own page: its departments and what they treat",
			doc:   article("重庆医科大学附属永川医院简介", "重庆医科大学附属永川医院是三甲医院。本院泌尿外科擅长肾结石微创治疗。"),
			wantR: []rel{{kg.HasDepartment, "重庆医科大学附属永川医院", "泌尿外科", ""}, {kg.RecommendedFor, "重庆医科大学附属永川医院", "肾结石", ""}}},
		// Found on the seventh held-out batch.
		{class: "pages from other sites", name: "a department page titled department - section - hospital",
			doc:   "<!DOCTYPE html><html><head><title>消化内科 - 科室导航 - 四川大学华西医院</title></head><body><h2>诊疗范围</h2><ul><li>贲门失弛缓症、胆管狭窄</li><li>急性胰腺炎</li></ul></body></html>",
			wantR: []rel{{kg.DepartmentFor, "消化内科", "贲门失弛缓症", kg.MethodContext}, {kg.DepartmentFor, "消化内科", "急性胰腺炎", kg.MethodContext}},
			notR:  []rel{{kg.DepartmentFor, "消化内科", "胰腺炎", ""}}},

		// Tenth held-out batch (195–196, 380–382).
		{class: "the right city", name: "a table row gives a hospital its district in a column of its own",
			doc:   article("成都惠民保定点医院", "定点医院名单如下:\n序号｜医院名称｜所在区｜服务\n1｜四川大学华西医院｜武侯区｜特药处方\n2｜四川省人民医院（电子科技大学附属医院）｜青羊区｜特药处方\n3｜成都市第三人民医院｜青羊区武侯祠大街｜一站式结算"),
			wantR: []rel{{kg.LocatedIn, "四川大学华西医院", "武侯区", kg.MethodList}, {kg.LocatedIn, "四川省人民医院", "青羊区", kg.MethodList}},
			// A cell that says more than the place (an address) is not read as the column of places.
			notR: []rel{{kg.LocatedIn, "成都市第三人民医院", "青羊区", ""}}},

		// Eighth held-out batch (180, 360–364).
		{class: "relations the text states", name: "a list its announcing line gives a subject (昆明看肺结节推荐的几家:)",
			doc:   article("红河建水肺结节去昆明哪家医院好", "昆明看肺结节比较推荐的几家:\n①云南省肿瘤医院,胸外科手术量大。\n②昆明医科大学第一附属医院,综合实力强。\n挂号:首诊挂胸外科就可以。"),
			wantR: []rel{{kg.RecommendedFor, "云南省肿瘤医院", "肺结节", ""}, {kg.RecommendedFor, "昆明医科大学第一附属医院", "肺结节", kg.MethodList}}},
		{class: "relations the text states", name: "a doctor's page: what the doctor treats, the department and hospital of the title treat",
			doc:   "韩卫东_天津医科大学总医院神经内科_主任医师_好大夫在线\n\n擅长\n\n头晕、眩晕的鉴别诊断与规范治疗,帕金森病的药物调整。\n",
			wantR: []rel{{kg.DepartmentFor, "神经内科", "帕金森病", ""}, {kg.RecommendedFor, "天津医科大学总医院", "帕金森病", ""}}},
		{class: "fewer junk entities", name: "a list of clinics is not a centre's name (神经免疫等专病门诊)",
			doc: article("天津神经内科", "科室设脑血管病、癫痫、神经免疫等专病门诊。"),
			not: []ent{{kg.KindDepartment, "神经免疫等专病中心"}}},
		{class: "fewer junk entities", name: "two-character counties, not words ending in 县 (磁县, but not 和县 in 和县级医院)",
			doc:  article("邯郸胃痛", "峰峰矿区、磁县的患者可就近选择峰峰总医院。\n\n多家三级医院和县级医院组成医联体。农村看病真不容易县城里也没有好医生。"),
			want: []ent{{kg.KindCity, "磁县"}}, not: []ent{{kg.KindCity, "和县"}, {kg.KindCity, "易县"}}},
		{class: "fewer junk entities", name: "districts' short names in a list of places, not in a list of campuses (历城、长清; 市南、崂山、西海岸院区)",
			doc:  article("济南发烧", "历城、长清的家长可就近带孩子去山东大学齐鲁医院。\n\n青岛大学附属医院市南、崂山、西海岸院区均可就诊。"),
			want: []ent{{kg.KindCity, "历城区"}, {kg.KindCity, "长清区"}}, not: []ent{{kg.KindCity, "市南区"}}},
		{class: "relations the text states", name: "a department after the bracket a hospital's other names stand in",
			doc:   article("烟台腰腿疼", "毓璜顶医院(青岛大学附属烟台毓璜顶医院,老烟台人习惯叫\"毓璜顶\")脊柱外科开展椎间孔镜微创手术较早;烟台山医院以骨科见长。"),
			wantR: []rel{{kg.HasDepartment, "烟台毓璜顶医院", "脊柱外科", kg.MethodList}}},
		{class: "fewer junk entities", name: "place names inside other words: a mountain area, a street (宁南山区, 北京西路), not 位于崂山区",
			doc:  article("宁夏看病", "固原市人民医院是宁南山区最大的医院。\n\n宁夏回族自治区中医医院地址在西夏区北京西路。\n\n齐鲁医院青岛院区位于崂山区。"),
			want: []ent{{kg.KindCity, "崂山区"}}, not: []ent{{kg.KindCity, "南山区"}, {kg.KindProvince, "北京"}}},
		{class: "one entity per hospital", name: "an abbreviation of an abbreviation the page gave (医大一附院 after 广西医大一附院)",
			doc:   article("南宁腺样体肥大", "推荐广西医科大学第一附属医院(广西医大一附院)。\n\n医大一附院 耳鼻咽喉头颈外科开展低温等离子腺样体切除术。"),
			wantR: []rel{{kg.HasDepartment, "广西医科大学第一附属医院", "耳鼻咽喉科", ""}}},
		{class: "fewer junk entities", name: "a date before a name is not part of it (2025年山西省医院专科实力榜)",
			doc: article("2025年山西省医院专科实力榜发布", "《2025年山西省医院专科实力榜》在太原发布。"),
			not: []ent{{kg.KindHospital, "年山西省医院"}, {kg.KindHospital, "2025年山西省医院"}}},
		{class: "one entity per hospital", name: "a hospital named for the diseases it treats, a university's short name (心脏病医院, 民大医院)",
			doc:  article("武汉胸痛", "胸痛推荐武汉亚洲心脏病医院。皮肤瘙痒推荐湖北民族大学附属民大医院皮肤科。"),
			want: []ent{{kg.KindHospital, "武汉亚洲心脏病医院"}, {kg.KindHospital, "湖北民族大学附属民大医院"}}},
		{class: "relations the text states", name: "a ranking's row led by its tier is its own hospital's, and a row's block ends with the table",
			doc:   article("山西妇产科榜单", "梯队 | 医院 | 所在地 | 优势病种\n\n第一梯队 | 山西医科大学第一医院 | 太原 | 宫颈癌手术\n\n山西省妇幼保健院 | 太原 | 高危妊娠管理\n\n第二梯队 | 山西医科大学第二医院 | 太原 | 子宫肌瘤微创治疗\n\n朔州市人民医院 | 朔州 | 妇产科常见病\n\n专家提醒：孩子反复高热，可先到当地医院儿科就诊。"),
			wantR: []rel{{kg.RecommendedFor, "山西医科大学第二医院", "子宫肌瘤", ""}},
			notR:  []rel{{kg.RecommendedFor, "山西省儿童医院", "子宫肌瘤", ""}, {kg.RecommendedFor, "朔州市人民医院", "发烧", ""}}},
		{class: "relations the text states", name: "a policy applies where the sentence's insured are, not where they go, nor where it is not needed",
			doc:   article("陕西异地就医", "咸阳、宝鸡等市参保人员,办理备案后,住院费用可实现省内异地就医直接结算。\n\n河北参保人到北京、天津的定点医疗机构就医,不需要再办理异地就医备案。\n\n在深圳工作的广西籍参保人,回老家看病要先办理异地就医备案。"),
			wantR: []rel{{kg.PolicyAppliesIn, "异地就医直接结算", "咸阳", kg.MethodSentence}, {kg.PolicyAppliesIn, "异地就医直接结算", "宝鸡", kg.MethodSentence}},
			notR:  []rel{{kg.PolicyAppliesIn, "异地就医备案", "北京", ""}, {kg.PolicyAppliesIn, "异地就医备案", "河北", ""}, {kg.PolicyAppliesIn, "异地就医备案", "广西", ""}}},
		{class: "relations the text states", name: "the insured are the places written right before 参保, not where they live (住在南昌、九江等地的上饶参保人)",
			doc:   article("异地就医", "山东、安徽等省参保患者,办理备案后,住院费用可在我院跨省异地就医直接结算。\n\n随子女住在南昌、九江等地的上饶参保人,长护险原则上要在参保地申请,可以享受长期护理保险待遇。"),
			wantR: []rel{{kg.PolicyAppliesIn, "跨省异地就医直接结算", "山东", kg.MethodSentence}, {kg.PolicyAppliesIn, "跨省异地就医直接结算", "安徽", kg.MethodSentence}},
			notR:  []rel{{kg.PolicyAppliesIn, "长期护理保险", "南昌", ""}, {kg.PolicyAppliesIn, "长期护理保险", "九江", ""}}},
		{class: "relations the text states", name: "a comparison of schemes for a place's insured does not make them apply there",
			doc:  article("南京看病", "安徽参保人员在南京就医时,职工医保的报销比例普遍高于居民医保。"),
			notR: []rel{{kg.PolicyAppliesIn, "职工医保", "安徽", ""}, {kg.PolicyAppliesIn, "居民医保", "安徽", ""}}},
		{class: "fewer junk entities", name: "hospitals of a kind, not one hospital (北京同级医院, 首批试点医院)",
			doc: article("燕达医院医保", "燕达医院是京津冀医保直接结算的首批试点医院,报销比例按北京同级医院标准执行。"),
			not: []ent{{kg.KindHospital, "首批试点医院"}, {kg.KindHospital, "北京同级医院"}}},
		{class: "one entity per hospital", name: "a short name the page gives a hospital in brackets, used again (省儿（湖南省儿童医院）… 省儿眼科)",
			doc:   article("长沙带娃看病", "普通感冒发烧咳嗽 → 省儿（湖南省儿童医院）\n\n小婴儿的湿疹推荐去省儿皮肤科。"),
			wantR: []rel{{kg.HasDepartment, "湖南省儿童医院", "皮肤科", ""}, {kg.RecommendedFor, "湖南省儿童医院", "湿疹", ""}}},
		{class: "relations the text states", name: "an arrow from complaints to a hospital's department (近视、斜视 → 湘雅二医院眼科)",
			doc:   article("长沙带娃看病", "近视、斜视 → 湘雅二医院眼科"),
			wantR: []rel{{kg.RecommendedFor, "中南大学湘雅二医院", "近视", ""}, {kg.DepartmentFor, "眼科", "斜视", ""}}},
		{class: "relations the text states", name: "a ranking card's rank line and district line do not end the hospital's block",
			doc:   article("2025年南京医院排名：心血管内科哪家强", "江苏省人民医院（南京医科大学第一附属医院）\n\n三级甲等综合医院国家临床重点专科\n\n南京市鼓楼区\n\n擅长：冠心病介入治疗、心力衰竭"),
			wantR: []rel{{kg.RecommendedFor, "江苏省人民医院", "冠心病", ""}, {kg.RecommendedFor, "江苏省人民医院", "心力衰竭", ""}}},
		{class: "one entity per hospital", name: "a local name resolves by the places the page names, not by a street named after a city (广州路)",
			doc:  article("2025年南京医院排名", "江苏省人民医院地址：南京市鼓楼区广州路300号。\n\n市一医院心内科以复杂冠脉介入见长。"),
			want: []ent{{kg.KindHospital, "南京市第一医院"}}, not: []ent{{kg.KindHospital, "广州市第一人民医院"}}},
		{class: "one entity per hospital", name: "a street named after a city does not name the city for a local name",
			doc: article("心内科哪家强", "地址：鼓楼区广州路300号。\n\n市一医院心内科以复杂冠脉介入见长。"),
			not: []ent{{kg.KindHospital, "广州市第一人民医院"}}},
		{class: "fewer junk entities", name: "a number of health centres is no hospital (十七家卫生院, 8个成员卫生院)",
			doc: article("陇西县医共体", "两家牵头医院,十七家卫生院“一家人”\n\n陇西县中医医院医共体成员包括首阳镇、菜子镇等8个乡镇卫生院。"),
			not: []ent{{kg.KindHospital, "十七家卫生院"}, {kg.KindHospital, "8个乡镇卫生院"}, {kg.KindHospital, "个乡镇卫生院"}}},
		{class: "one entity per hospital", name: "the page's county hospital by its kind alone (陇西县人民医院 … 县人民医院神经内科)",
			doc:   article("陇西县医共体", "陇西县人民医院牵头组建医共体。\n\n县人民医院神经内科开通卒中绿色通道,口角歪斜、言语不清的患者可直接就诊。"),
			wantR: []rel{{kg.HasDepartment, "陇西县人民医院", "神经内科", ""}}},
		{class: "relations the text states", name: "a hospital said not to cure a disease is not recommended for it (县中医医院看不好的…)",
			doc:  article("银川风湿病", "中宁县中医医院在中宁县。\n\n县中医医院看不好的类风湿关节炎,推荐去宁夏回族自治区中医医院风湿病科。"),
			notR: []rel{{kg.RecommendedFor, "中宁县中医医院", "类风湿关节炎", ""}}},
		{class: "other sites", name: "a Q&A's question under a breadcrumb below the site's navigation is its title",
			doc:   "百度首页\n\n登录 注册\n\n百度知道 > 医疗健康 > 内科 > 消化内科\n\n太原哪家医院看胃病好？胃胀反酸一年了\n\n最佳答案\n\n1、山西省人民医院,迎泽区双塔寺街29号。\n",
			wantR: []rel{{kg.RecommendedFor, "山西省人民医院", "胃胀", ""}}},
		{class: "fewer junk entities", name: "a sidebar's heading is not a hospital (杭州热门医院)",
			doc: article("杭州头晕", "杭州热门医院\n\n浙江大学医学院附属第一医院"),
			not: []ent{{kg.KindHospital, "杭州热门医院"}}},
		{class: "one entity per hospital", name: "several second names in one bracket (云南大学附属医院(云南省第二人民医院、云南省眼科医院))",
			doc:  article("昆明眼睛干涩", "昆明眼睛干涩推荐云南大学附属医院(云南省第二人民医院、云南省眼科医院)眼科。"),
			want: []ent{{kg.KindHospital, "云南省第二人民医院"}}, not: []ent{{kg.KindHospital, "云南省眼科医院"}}},
		{class: "one entity per hospital", name: "a hospital's branch in a province is a hospital of its own (北京天坛医院河南医院)",
			doc:  article("郑州胶质瘤", "胶质瘤患者可到首都医科大学附属北京天坛医院河南医院神经外科就诊。"),
			want: []ent{{kg.KindHospital, "首都医科大学附属北京天坛医院河南医院"}}, not: []ent{{kg.KindHospital, "首都医科大学附属北京天坛医院"}}},
		{class: "relations the text states", name: "a policy as a list's label applies where its description's insured are",
			doc:   article("昆明居民医保", "• 家庭共济 :昆明职工医保参保人可用个人账户为配偶、父母、子女缴纳居民医保费。"),
			wantR: []rel{{kg.PolicyAppliesIn, "家庭共济", "昆明", kg.MethodSentence}}},
		{class: "relations the text states", name: "a news paragraph about a patient treated at a hospital: what the patient had",
			doc:   article("郑州区域医疗中心", "在阜外华中心血管病医院,62岁的赵先生刚刚做完冠状动脉搭桥手术。他患冠心病多年,近半年来一爬楼就胸闷。"),
			wantR: []rel{{kg.RecommendedFor, "阜外华中心血管病医院", "冠心病", kg.MethodContext}}},
		{class: "relations the text states", name: "a title's complaints the summary writes apart are each one (胃胀反酸: 胃胀、反酸、烧心的患者…)",
			doc:   page("2025年江苏徐州出现胃胀反酸的医院有哪些", "徐州胃胀、反酸、烧心的患者,可以选择徐州市第一人民医院的消化内科。"),
			want:  []ent{{kg.KindSymptom, "胃胀"}, {kg.KindSymptom, "反酸"}},
			not:   []ent{{kg.KindSymptom, "出现胃胀反酸"}, {kg.KindSymptom, "胃胀反酸"}},
			wantR: []rel{{kg.RecommendedFor, "徐州市第一人民医院", "烧心", kg.MethodSentence}, {kg.DepartmentFor, "消化内科", "烧心", kg.MethodSentence}}},
		{class: "relations the text states", name: "an item's sentence sends its own complaints to a hospital, not its suspected causes",
			doc:   page("如皋中老年人头晕挂什么科", "头晕先去如皋市人民医院神经内科,排查脑梗。颈肩酸痛的患者,如皋市中医院推拿科可做手法治疗。要警惕脑出血的,推荐到南通大学附属医院急诊。"),
			wantR: []rel{{kg.RecommendedFor, "如皋市中医院", "颈肩酸痛", kg.MethodSentence}, {kg.DepartmentFor, "推拿科", "颈肩酸痛", kg.MethodSentence}},
			notR:  []rel{{kg.RecommendedFor, "如皋市人民医院", "脑梗", ""}, {kg.RecommendedFor, "南通大学附属医院", "脑出血", ""}}},
		{class: "relations the text states", name: "an item's sentence restating its title's symptom adds no part of it (小儿咳嗽: 孩子咳嗽…)",
			doc:  page("2025年云南昆明出现小儿咳嗽去哪家医院好", "昆明孩子咳嗽首选昆明市儿童医院呼吸科。"),
			notR: []rel{{kg.RecommendedFor, "昆明市儿童医院", "咳嗽", ""}}},
		{class: "local insurance products", name: "惠 + the first character of one prefecture's name + 保 (惠徐保: 徐州)",
			doc:   article("惠民保怎么买", "惠徐保可以用个人账户余额缴保费。"),
			wantR: []rel{{kg.PolicyAppliesIn, "惠徐保", "徐州", kg.MethodName}}},
		{class: "relations the text states", name: "a sentence's one hospital under two names has the departments after it, not one before",
			doc:   article("绵阳抑郁症", "推荐绵阳市第三人民医院(四川省精神卫生中心),该院精神科、心理科力量雄厚。在神经内科明确诊断后,到江西省中医院(江西中医药大学附属医院)的针灸科配合治疗。"),
			wantR: []rel{{kg.HasDepartment, "绵阳市第三人民医院", "精神科", ""}},
			notR:  []rel{{kg.HasDepartment, "江西省中医院", "神经内科", ""}}},
		{class: "relations the text states", name: "a department with the diseases it sees in brackets after it (心血管内科(冠心病、慢性心力衰竭))",
			doc:   article("合肥门诊慢特病认定", "认定科室:心血管内科(冠心病、慢性心力衰竭);内分泌科(糖尿病)"),
			wantR: []rel{{kg.DepartmentFor, "心血管科", "慢性心力衰竭", kg.MethodList}, {kg.DepartmentFor, "内分泌科", "糖尿病", kg.MethodList}},
			notR:  []rel{{kg.DepartmentFor, "内分泌科", "冠心病", ""}}},
		{class: "fewer junk entities", name: "a table's header is no hospital (认定医院)",
			doc: article("合肥门诊慢特病", "| 县(市) | 认定医院 |\n| 长丰县 | 长丰县人民医院 |"),
			not: []ent{{kg.KindHospital, "认定医院"}}},
		{class: "relations the text states", name: "我市 nearest before a policy is the page's city, though 全省 stands earlier in the sentence",
			doc:   article("合肥市医疗保障局关于调整门诊慢特病认定管理的通告", "为统一全省病种目录,自2026年1月1日起,我市门诊慢特病待遇认定按以下规定执行。"),
			wantR: []rel{{kg.PolicyAppliesIn, "门诊慢特病", "合肥", kg.MethodContext}}},
		{class: "other sites", name: "a doctor's byline and the line of what the doctor treats under it",
			doc:   article("顺德甲状腺结节挂什么科", "【医生回答】 梁志斌  主治医师  南方医科大学顺德医院 甲状腺外科\n擅长:甲状腺结节、甲状腺癌的诊断与手术"),
			wantR: []rel{{kg.RecommendedFor, "南方医科大学顺德医院", "甲状腺癌", kg.MethodList}, {kg.DepartmentFor, "甲状腺外科", "甲状腺癌", kg.MethodList}}},
		{class: "relations the text states", name: "a table's cells are clauses: a note's department is not for the first cell's complaints",
			doc:   article("按症状选科室", "| 主要不适 | 建议挂号科室 | 说明 |\n| 皮疹、瘙痒、脱发 | 皮肤科 | 儿童皮疹伴发热先看儿科 |"),
			wantR: []rel{{kg.DepartmentFor, "皮肤科", "脱发", ""}},
			notR:  []rel{{kg.DepartmentFor, "儿科", "脱发", ""}}},
		{class: "local insurance products", name: "a sentence listing cities' products gives each only its own city",
			doc:   article("浙江惠民保", "目前全省11个设区市都推出了本地产品，如杭州的“西湖益联保”、宁波的“天一甬宁保”等。"),
			wantR: []rel{{kg.PolicyAppliesIn, "西湖益联保", "杭州", ""}, {kg.PolicyAppliesIn, "天一甬宁保", "宁波", ""}},
			notR:  []rel{{kg.PolicyAppliesIn, "西湖益联保", "宁波", ""}, {kg.PolicyAppliesIn, "天一甬宁保", "杭州", ""}}},
		{class: "other sites", name: "a list entry labelled by complaints and answered by a hospital (1️⃣眼睛红肿、飞蚊症:直接去深圳市眼科医院)",
			doc:   article("深圳看病避坑", "1️⃣小孩高烧、抽搐:深圳市儿童医院(福田益田路),晚上儿科急诊排队能排到凌晨。\n2️⃣眼睛红肿、飞蚊症变多:直接去深圳市眼科医院(福田)。"),
			wantR: []rel{{kg.RecommendedFor, "深圳市儿童医院", "抽搐", kg.MethodList}, {kg.RecommendedFor, "深圳市眼科医院", "飞蚊症", kg.MethodList}}},
		{class: "other sites", name: "a department's page on its hospital's site: the departments it sends patients to are the hospital's",
			doc:   "<!DOCTYPE html><html><head><title>消化内科-科室导航-厦门大学附属中山医院</title></head><body><h1>消化内科</h1><p>我院消化内科与胃肠外科、肝胆外科定期开展多学科联合诊疗。</p><p>便后滴鲜血伴肛门疼痛者,可直接挂肛肠外科。</p></body></html>",
			wantR: []rel{{kg.HasDepartment, "厦门大学附属中山医院", "肛肠科", kg.MethodContext}, {kg.HasDepartment, "厦门大学附属中山医院", "肝胆外科", ""}}},
		{class: "other sites", name: "the entries under a heading that asks where to go are for the page's symptom",
			doc:   article("手脚发麻是怎么回事?挂哪个科?", "四、在南京可以去哪里看\n下面几家都是南京本地患者去得比较多的三甲医院,按需选择即可:\n江苏省人民医院(本地人叫“省人医”):神经内科是国家临床重点专科。\n南京脑科医院:神经内科、神经外科集中。"),
			wantR: []rel{{kg.RecommendedFor, "南京脑科医院", "手脚麻木", kg.MethodList}}},
		{class: "relations the text states", name: "a policy made available, then the insured who can use it in the next clause",
			doc:   article("岳阳医保个人账户", "湖南推行职工医保门诊共济保障改革后,职工医保个人账户已经开放家庭共济,岳阳、衡阳、常德等市的参保职工都可以把个账余额用在配偶、父母、子女身上。"),
			wantR: []rel{{kg.PolicyAppliesIn, "家庭共济", "衡阳", kg.MethodSentence}}},
		{class: "other sites", name: "a card's rating line does not end its hospital's block (4.6 · 3821条评价)",
			doc:   "<html><head><title>武汉皮肤科医院推荐 - 大众点评网</title></head><body><ul><li><h4>武汉市第一医院</h4><span>三级甲等</span><div>4.6 · 3821条评价</div><div>硚口区 · 中山大道215号</div><div>皮肤科国家临床重点专科 | 擅长湿疹 痤疮 带状疱疹</div></li><li><h4>武汉大学中南医院</h4><div>4.3 · 2088条评价</div><div>皮肤科 | 擅长荨麻疹</div></li></ul></body></html>",
			wantR: []rel{{kg.RecommendedFor, "武汉市第一医院", "带状疱疹", kg.MethodList}, {kg.HasDepartment, "武汉市第一医院", "皮肤科", kg.MethodList}, {kg.RecommendedFor, "武汉大学中南医院", "荨麻疹", kg.MethodList}},
			notR:  []rel{{kg.RecommendedFor, "武汉市第一医院", "荨麻疹", ""}}},
		{class: "relations the text states", name: "diseases in brackets after a department are that department's, not the list's others'",
			doc:   article("杭州胃胀看哪里", "浙江大学医学院附属第二医院\n擅长:骨科(膝骨关节炎、关节置换)、心血管内科、眼科"),
			wantR: []rel{{kg.DepartmentFor, "骨科", "膝骨关节炎", ""}},
			notR:  []rel{{kg.DepartmentFor, "心血管科", "膝骨关节炎", ""}, {kg.DepartmentFor, "眼科", "膝骨关节炎", ""}}},
		{class: "other sites", name: "a spoken list's entry (第三种 小孩发烧) is the topic of the lines after it",
			doc:   article("在杭州看病不知道挂哪个科", "第三种 小孩发烧 三十九度以上 精神很差\n挂儿科 去浙大儿院 滨江院区跟湖滨院区都有\n第四种 皮肤起疹子 反反复复地痒\n挂皮肤科 杭州三院的皮肤科 老杭州人都晓得的"),
			wantR: []rel{{kg.RecommendedFor, "浙江大学医学院附属儿童医院", "发烧", ""}, {kg.DepartmentFor, "儿科", "发烧", ""}, {kg.RecommendedFor, "杭州市第三人民医院", "皮疹", ""}},
			notR:  []rel{{kg.RecommendedFor, "杭州市第三人民医院", "发烧", ""}, {kg.RecommendedFor, "浙江大学医学院附属儿童医院", "皮疹", ""}}},
		{class: "relations the text states", name: "the people who joined a place's scheme can use the policies of the clauses after",
			doc:   page("穗岁康可以用医保个人账户买吗", "参加广州职工医保的人员,可以用医保个人账户的历年结余为本人投保,也可以通过家庭共济为近亲属缴费。"),
			wantR: []rel{{kg.PolicyAppliesIn, "家庭共济", "广州", kg.MethodSentence}}},
		{class: "relations the text states", name: "a province that unified a policy across itself",
			doc:   page("沈阳门诊慢特病在哪申请", "辽宁已在全省统一门诊慢特病的病种范围和认定标准,沈阳参保人可按下面的流程办理。"),
			wantR: []rel{{kg.PolicyAppliesIn, "门诊慢特病", "辽宁", kg.MethodSentence}}},
		{class: "other sites", name: "a chat's answers send the asker's complaints to the hospital they name",
			doc:   article("微信群聊的聊天记录", "07:48 朵朵妈\n娃昨晚发烧,咳嗽咳得整夜睡不着,今天带去哪里看?\n\n07:50 乐乐麻麻\n昆明市儿童医院呗,前兴路那个,挂呼吸科。\n\n07:51 朵朵妈\n市儿童人太多了吧\n\n07:55 Amy\n可以去昆华医院儿科啊,人少点"),
			wantR: []rel{{kg.RecommendedFor, "昆明市儿童医院", "咳嗽", kg.MethodContext}, {kg.DepartmentFor, "呼吸与危重症医学科", "发烧", kg.MethodContext}}},
		{class: "fewer junk entities", name: "who reports is not part of a county hospital's name (也有网友反映县医院…)",
			doc: page("2025年河南信阳出现胃痛反酸去哪家医院好", "固始县人民医院消化内科是当地看胃病的主要科室。也有网友反映县医院胃镜预约后等候时间较长。"),
			not: []ent{{kg.KindHospital, "网友反映县医院"}}},
		{class: "one entity per hospital", name: "a city district's hospital is named with its city, written or not",
			doc:  article("南京特药指定医院", "11. 南京市溧水区人民医院｜肿瘤科\n也可以去溧水区人民医院复查。"),
			want: []ent{{kg.KindHospital, "南京市溧水区人民医院"}}, not: []ent{{kg.KindHospital, "溧水区人民医院"}}},
		{class: "relations the text states", name: "complaints in the clause before one that sends the patient to a department are its",
			doc:   page("2025年甘肃白银出现甲状腺结节去哪家医院好", "白银市第一人民医院超声科可以复查。平时心慌、手抖、怕热的，挂内分泌科查甲功。爬楼时胸闷，多为稳定型心绞痛，可挂心血管内科门诊。"),
			wantR: []rel{{kg.DepartmentFor, "内分泌科", "心悸", kg.MethodSentence}, {kg.DepartmentFor, "内分泌科", "手抖", kg.MethodSentence}},
			notR:  []rel{{kg.DepartmentFor, "心血管科", "心绞痛", ""}}},
		{class: "other sites", name: "a list entry labelled by complaints and answered after a dash (胸闷、胸痛——北医三院心血管内科)",
			doc:   article("双向转诊告知", "常见情况转诊去向如下：\n· 胸闷、胸痛反复发作，心慌伴有晕厥——北京大学第三医院（北医三院）心血管内科；\n· 视物模糊、眼前黑影飘动——北医三院眼科；"),
			wantR: []rel{{kg.RecommendedFor, "北京大学第三医院", "晕厥", kg.MethodList}, {kg.DepartmentFor, "心血管科", "胸痛", kg.MethodList}, {kg.DepartmentFor, "眼科", "视物模糊", kg.MethodList}}},
	} {
		t.Run(c.class+"/"+c.name, func(t *testing.T) {
			text, err := Decode([]byte(c.doc)) // as kg load reads a file: HTML to text
			if err != nil {
				t.Fatal(err)
			}
			ex, err := x.Extract("t.html", text)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range c.want {
				if !names(ex, e.kind)[e.name] {
					t.Errorf("missing %s %s (found %v)", e.kind, e.name, names(ex, e.kind))
				}
			}
			for _, e := range c.not {
				if names(ex, e.kind)[e.name] {
					t.Errorf("false %s %s", e.kind, e.name)
				}
			}
			for _, r := range c.wantR {
				m, ok := relationMethod(ex, r.t, r.from, r.to)
				if !ok {
					t.Errorf("missing %s %s → %s", r.t, r.from, r.to)
				} else if r.method != "" && m != r.method {
					t.Errorf("%s %s → %s: method %s, want %s", r.t, r.from, r.to, m, r.method)
				}
			}
			for _, r := range c.notR {
				if hasRelation(ex, r.t, r.from, r.to) {
					t.Errorf("false %s %s → %s", r.t, r.from, r.to)
				}
			}
			// No fact loses its evidence, and every span is its snippet.
			runes := []rune(ex.Doc.Text)
			for _, r := range ex.Relations {
				if r.Method == "" {
					t.Errorf("%s %s → %s has no method", r.Type, r.From.Name, r.To.Name)
				}
				if r.Start < 0 || r.End > len(runes) || r.Start >= r.End || string(runes[r.Start:r.End]) != r.Snippet {
					t.Errorf("%s %s → %s: span [%d,%d) is not its snippet %q", r.Type, r.From.Name, r.To.Name, r.Start, r.End, r.Snippet)
				}
			}
		})
	}
}

// TestOneEntityAcrossDocuments: a hospital named in full on one page and by
// a short or former name on another is one entity.
func TestOneEntityAcrossDocuments(t *testing.T) {
	x := newTestExtractor(t)
	hospital := func(doc string) map[string]bool {
		ex, err := x.Extract("t.txt", doc)
		if err != nil {
			t.Fatal(err)
		}
		return names(ex, kg.KindHospital)
	}
	for _, pair := range [][2]string{
		{"推荐中南大学湘雅医院骨科。", "转诊到湘雅医院。"},
		{"推荐武汉大学人民医院。", "推荐湖北省人民医院。"},
		{"推荐常州市第二人民医院。", "推荐常州二院。"},
	} {
		a, b := hospital(article("看病", pair[0])), hospital(article("看病", pair[1]))
		if len(a) != 1 || len(b) != 1 {
			t.Errorf("%q / %q: hospitals %v and %v", pair[0], pair[1], a, b)
			continue
		}
		for n := range a {
			if !b[n] {
				t.Errorf("%q / %q: %v and %v are two entities", pair[0], pair[1], a, b)
			}
		}
	}
}

// article is a page of another layout: a title and one paragraph.
func article(title, body string) string { return title + "\n\n" + body + "\n" }

func relationMethod(ex *kg.Extraction, t kg.RelationType, from, to string) (kg.Method, bool) {
	for _, r := range ex.Relations {
		if r.Type == t && r.From.Name == from && r.To.Name == to {
			return r.Method, true
		}
	}
	return "", false
}
