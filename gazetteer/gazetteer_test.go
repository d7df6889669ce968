package gazetteer

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func mustLoad(tb testing.TB) *Gazetteer {
	tb.Helper()
	g, err := Load()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return g
}

// find returns the one place that form names at the given level with the
// given canonical name.
func find(tb testing.TB, g *Gazetteer, form string, level Level, name string) *Place {
	tb.Helper()
	var found []*Place
	for _, p := range g.Lookup(form) {
		if p.Level == level && p.Name == name {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		tb.Fatalf("Lookup(%q): %d %s places named %s, want 1", form, len(found), level, name)
	}
	return found[0]
}

func nameOf(p *Place) string {
	if p == nil {
		return ""
	}
	return p.Name
}

func TestLookup(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		form       string
		level      Level
		name       string
		full       string
		province   string
		prefecture string   // "" when none
		aliases    []string // must all be among the aliases
	}{
		{"江苏", Province, "江苏", "江苏省", "江苏", "", []string{"江苏省"}},
		{"江苏省", Province, "江苏", "江苏省", "江苏", "", nil},
		{"新疆维吾尔自治区", Province, "新疆", "新疆维吾尔自治区", "新疆", "", nil},
		{"广西壮族自治区", Province, "广西", "广西壮族自治区", "广西", "", nil},
		{"内蒙古自治区", Province, "内蒙古", "内蒙古自治区", "内蒙古", "", nil},
		{"宁夏", Province, "宁夏", "宁夏回族自治区", "宁夏", "", nil},
		{"西藏", Province, "西藏", "西藏自治区", "西藏", "", nil},
		{"北京市", Province, "北京", "北京市", "北京", "", nil},
		{"香港特别行政区", Province, "香港", "香港特别行政区", "香港", "", []string{"香港特区"}},
		{"台湾省", Province, "台湾", "台湾省", "台湾", "", nil},
		{"天津", Province, "天津", "天津市", "天津", "", nil},
		{"天津", Prefecture, "天津", "天津市", "天津", "天津", nil},
		{"苏州", Prefecture, "苏州", "苏州市", "江苏", "苏州", []string{"苏州市"}},
		{"苏州市", Prefecture, "苏州", "苏州市", "江苏", "苏州", nil},
		{"伊犁", Prefecture, "伊犁", "伊犁哈萨克自治州", "新疆", "伊犁", []string{"伊犁哈萨克自治州", "伊犁州"}},
		{"伊犁州", Prefecture, "伊犁", "伊犁哈萨克自治州", "新疆", "伊犁", nil},
		{"果洛藏族自治州", Prefecture, "果洛", "果洛藏族自治州", "青海", "果洛", []string{"果洛州"}},
		{"延边朝鲜族自治州", Prefecture, "延边", "延边朝鲜族自治州", "吉林", "延边", []string{"延边州"}},
		{"恩施", Prefecture, "恩施", "恩施土家族苗族自治州", "湖北", "恩施", []string{"恩施州"}},
		{"阿里地区", Prefecture, "阿里", "阿里地区", "西藏", "阿里", nil},
		{"兴安盟", Prefecture, "兴安盟", "兴安盟", "内蒙古", "兴安盟", nil},
		{"盱眙县", County, "盱眙县", "盱眙县", "江苏", "淮安", []string{"盱眙"}},
		{"盱眙", County, "盱眙县", "盱眙县", "江苏", "淮安", nil},
		{"伊宁", County, "伊宁", "伊宁市", "新疆", "伊犁", []string{"伊宁市"}},
		{"伊宁市", County, "伊宁", "伊宁市", "新疆", "伊犁", nil},
		{"武进区", County, "武进区", "武进区", "江苏", "常州", []string{"武进"}},
		{"澄迈县", County, "澄迈县", "澄迈县", "海南", "", []string{"澄迈"}},
		{"大厂", County, "大厂回族自治县", "大厂回族自治县", "河北", "廊坊", []string{"大厂", "大厂县"}},
		{"红安县", County, "红安县", "红安县", "湖北", "黄冈", []string{"红安"}},
		{"东乡县", County, "东乡族自治县", "东乡族自治县", "甘肃", "临夏", []string{"东乡县"}},
		{"神农架", County, "神农架林区", "神农架林区", "湖北", "", nil},
		{"东城区", County, "东城区", "东城区", "北京", "北京", nil},
		{"芒市", County, "芒市", "芒市", "云南", "德宏", nil},
	}
	for _, tc := range tests {
		t.Run(tc.form+"_"+string(tc.level), func(t *testing.T) {
			p := find(t, g, tc.form, tc.level, tc.name)
			if p.Full != tc.full {
				t.Errorf("Full = %q, want %q", p.Full, tc.full)
			}
			if got := nameOf(g.Province(p)); got != tc.province {
				t.Errorf("Province = %q, want %q", got, tc.province)
			}
			if got := nameOf(g.Prefecture(p)); got != tc.prefecture {
				t.Errorf("Prefecture = %q, want %q", got, tc.prefecture)
			}
			for _, a := range tc.aliases {
				if !slices.Contains(p.Aliases, a) {
					t.Errorf("Aliases = %q, want %q among them", p.Aliases, a)
				}
			}
			if g.ByCode(p.Code) != p {
				t.Errorf("ByCode(%q) is not the place", p.Code)
			}
		})
	}
}

func TestLookupOrder(t *testing.T) {
	g := mustLoad(t)
	tests := []struct {
		form string
		want []string // leading places, as level:full name
	}{
		{"海南", []string{"province:海南省", "prefecture:海南藏族自治州"}},
		{"吉林", []string{"province:吉林省", "prefecture:吉林市"}},
		{"朝阳", []string{"prefecture:朝阳市", "county:朝阳区"}},
		{"河南", []string{"province:河南省", "county:河南蒙古族自治县"}},
		{"新竹", []string{"prefecture:新竹市", "prefecture:新竹县"}},
	}
	for _, tc := range tests {
		t.Run(tc.form, func(t *testing.T) {
			var got []string
			for _, p := range g.Lookup(tc.form) {
				got = append(got, string(p.Level)+":"+p.Full)
			}
			if len(got) < len(tc.want) || !slices.Equal(got[:len(tc.want)], tc.want) {
				t.Errorf("Lookup(%q) = %q, want it to start with %q", tc.form, got, tc.want)
			}
		})
	}

	t.Run("SeveralDistrictsNamed朝阳区", func(t *testing.T) {
		ps := g.Lookup("朝阳区")
		if len(ps) < 2 {
			t.Fatalf("Lookup(朝阳区) = %d places, want several", len(ps))
		}
		var provinces []string
		for _, p := range ps {
			if p.Level != County {
				t.Errorf("%s %s is %s, want county", p.Code, p.Name, p.Level)
			}
			provinces = append(provinces, g.Province(p).Name)
		}
		if !slices.Contains(provinces, "北京") || !slices.Contains(provinces, "吉林") {
			t.Errorf("朝阳区 in %q, want 北京 and 吉林 among them", provinces)
		}
	})
	t.Run("NilWhenUnknown", func(t *testing.T) {
		if ps := g.Lookup("不存在市"); ps != nil {
			t.Errorf("Lookup(不存在市) = %v, want nil", ps)
		}
		if p := g.ByCode("999999"); p != nil {
			t.Errorf("ByCode(999999) = %v, want nil", p)
		}
	})
}

func TestCounts(t *testing.T) {
	g := mustLoad(t)
	count := map[Level]int{}
	for _, p := range g.Places() {
		count[p.Level]++
	}
	tests := []struct {
		level    Level
		min, max int
	}{
		{Province, 34, 34},     // 23 provinces incl. 台湾, 5 autonomous regions, 4 municipalities, 2 SARs
		{Prefecture, 333, 400}, // 333 on the mainland, plus municipalities, SARs and 台湾
		{County, 2800, 3000},   // about 2,850 on the mainland
	}
	for _, tc := range tests {
		if n := count[tc.level]; n < tc.min || n > tc.max {
			t.Errorf("%d %s places, want %d to %d", n, tc.level, tc.min, tc.max)
		}
	}
}

func TestPlacesAreConsistent(t *testing.T) {
	g := mustLoad(t)
	places := g.Places()
	if !slices.IsSortedFunc(places, func(a, b *Place) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Places not sorted by code")
	}
	wantCodeLen := map[Level]int{Province: 2, Prefecture: 4, County: 6}
	for _, p := range places {
		if len(p.Code) != wantCodeLen[p.Level] {
			t.Errorf("%s %s: code has %d digits, want %d for %s", p.Code, p.Name, len(p.Code), wantCodeLen[p.Level], p.Level)
		}
		prov := g.Province(p)
		if prov == nil || prov.Level != Province || !g.Contains(prov, p) {
			t.Errorf("%s %s: province %v", p.Code, p.Name, prov)
		}
		if pref := g.Prefecture(p); pref != nil && (pref.Level != Prefecture || !g.Contains(pref, p) || g.Province(pref) != prov) {
			t.Errorf("%s %s: prefecture %v", p.Code, p.Name, pref)
		}
		if p.Full != p.Name && (len(p.Aliases) == 0 || p.Aliases[0] != p.Full) {
			t.Errorf("%s %s: Aliases %q do not start with Full %q", p.Code, p.Name, p.Aliases, p.Full)
		}
		for _, a := range p.Aliases {
			if utf8.RuneCountInString(a) < 2 || a == p.Name {
				t.Errorf("%s %s: bad alias %q", p.Code, p.Name, a)
			}
		}
	}
}

func TestForms(t *testing.T) {
	g := mustLoad(t)
	forms := g.Forms()
	want := 0
	for _, p := range g.Places() {
		want += 1 + len(p.Aliases)
	}
	if len(forms) != want {
		t.Errorf("%d forms, want %d (name and aliases of every place)", len(forms), want)
	}
	for _, f := range forms {
		if f.Text == "" || f.Place == nil {
			t.Fatalf("bad form %+v", f)
		}
		var ok bool
		switch f.Kind {
		case Canonical:
			ok = f.Text == f.Place.Name
		case Full:
			ok = f.Text == f.Place.Full && f.Text != f.Place.Name
		case Short:
			ok = slices.Contains(f.Place.Aliases, f.Text) && f.Text != f.Place.Full
		}
		if !ok {
			t.Errorf("form %q of %s %s has kind %s", f.Text, f.Place.Code, f.Place.Name, f.Kind)
		}
		if !slices.Contains(g.Lookup(f.Text), f.Place) {
			t.Errorf("Lookup(%q) lacks %s %s", f.Text, f.Place.Code, f.Place.Name)
		}
	}
}

func TestCapital(t *testing.T) {
	g := mustLoad(t)
	t.Run("EveryProvinceHasOne", func(t *testing.T) {
		n := 0
		for _, p := range g.Places() {
			if p.Level != Province {
				continue
			}
			n++
			c := g.Capital(p)
			if c == nil || c.Level != Prefecture || !g.Contains(p, c) {
				t.Errorf("Capital(%s) = %v, want a prefecture-level place in it", p.Name, c)
			}
		}
		if n != 34 {
			t.Errorf("%d provinces, want 34", n)
		}
	})
	tests := []struct{ province, capital, code string }{
		{"青海", "西宁", "6301"},
		{"海南", "海口", "4601"},
		{"广西", "南宁", "4501"},
		{"新疆", "乌鲁木齐", "6501"},
		{"天津", "天津", "1200"},
		{"香港", "香港", "8100"},
		{"台湾", "台北", "7101"},
	}
	for _, tc := range tests {
		t.Run(tc.province, func(t *testing.T) {
			c := g.Capital(find(t, g, tc.province, Province, tc.province))
			if c == nil || c.Name != tc.capital || c.Code != tc.code {
				t.Errorf("Capital(%s) = %v, want %s (%s)", tc.province, c, tc.capital, tc.code)
			}
		})
	}
	t.Run("NilForNonProvince", func(t *testing.T) {
		if c := g.Capital(find(t, g, "苏州", Prefecture, "苏州")); c != nil {
			t.Errorf("Capital(苏州) = %v, want nil", c)
		}
	})
}

func TestContains(t *testing.T) {
	g := mustLoad(t)
	jiangsu := find(t, g, "江苏", Province, "江苏")
	hainan := find(t, g, "海南", Province, "海南")
	hainanTAP := find(t, g, "海南", Prefecture, "海南")
	tianjin := find(t, g, "天津", Province, "天津")
	tianjinCity := find(t, g, "天津", Prefecture, "天津")
	huaian := find(t, g, "淮安", Prefecture, "淮安")
	changzhou := find(t, g, "常州", Prefecture, "常州")
	xuyi := find(t, g, "盱眙县", County, "盱眙县")
	chengmai := find(t, g, "澄迈县", County, "澄迈县")
	heping := g.ByCode("120101") // 和平区, 天津
	tests := []struct {
		name         string
		outer, inner *Place
		want         bool
	}{
		{"ProvinceHasCounty", jiangsu, xuyi, true},
		{"ProvinceHasPrefecture", jiangsu, huaian, true},
		{"PrefectureHasCounty", huaian, xuyi, true},
		{"OtherPrefecture", changzhou, xuyi, false},
		{"CountyNotOuter", xuyi, huaian, false},
		{"Itself", xuyi, xuyi, true},
		{"ProvinceItself", jiangsu, jiangsu, true},
		{"ProvinceAdministeredCounty", hainan, chengmai, true},
		{"NamesakeElsewhere", hainanTAP, chengmai, false},
		{"MunicipalityHasItsCity", tianjin, tianjinCity, true},
		{"MunicipalCityHasDistrict", tianjinCity, heping, true},
		{"OtherProvince", jiangsu, heping, false},
		{"Nil", jiangsu, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := g.Contains(tc.outer, tc.inner); got != tc.want {
				t.Errorf("Contains(%s, %s) = %v, want %v", nameOf(tc.outer), nameOf(tc.inner), got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	const ok = "11\tprovince\t11\t\t北京\t北京市\t\n" +
		"1100\tprefecture\t11\t\t北京\t北京市\t\n" +
		"110101\tcounty\t11\t1100\t东城区\t\t东城\n"
	if _, err := parse(ok); err != nil {
		t.Fatalf("parse(valid table): %v", err)
	}
	tests := []struct{ name, table string }{
		{"ErrColumns", "11\tprovince\t11\t\t北京\n"},
		{"ErrLevel", "11\tstate\t11\t\t北京\t\t\n"},
		{"ErrEmptyName", "11\tprovince\t11\t\t\t\t\n"},
		{"ErrDuplicateCode", ok + "110101\tcounty\t11\t1100\t西城区\t\t\n"},
		{"ErrUnknownProvince", ok + "120101\tcounty\t12\t\t和平区\t\t\n"},
		{"ErrPrefectureNotPrefecture", ok + "110102\tcounty\t11\t110101\t西城区\t\t\n"},
		{"ErrRepeatedShortForm", ok + "110102\tcounty\t11\t1100\t西城区\t\t西城,西城\n"},
		{"ErrNoCapital", "32\tprovince\t32\t\t江苏\t江苏省\t\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parse(tc.table); err == nil {
				t.Error("parse succeeded, want an error")
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
