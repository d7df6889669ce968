package lexicon

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/medkg/medkg/gazetteer"
)

//go:embed hospitals/*.tsv
var hospitalFiles embed.FS

// Hospital is one entry of the hospital authority file (hospitals/*.tsv):
// one real hospital with the names it goes by.
type Hospital struct {
	Name     string // canonical name: the fullest official name
	Province string // from the file's header, e.g. 江苏
	// City is the prefecture-level city's short name (苏州) or a
	// county-level place's full name (汾阳市, 彝良县).
	City    string
	Level   string   // 三甲, 三乙, 三级, 二甲, 二级 or ""
	Aliases []string // names that mean this hospital anywhere
	// LocalNames mean this hospital only where the page is about its city or
	// province (省人民医院, 市一院).
	LocalNames []string
	File       string // e.g. hospitals/jiangsu.tsv
	Line       int
}

// Hospitals is the authority file indexed by name.
type Hospitals struct {
	List    []*Hospital
	byForm  map[string]*Hospital   // names and aliases
	byLocal map[string][]*Hospital // local names
}

// hospitalLevels are the grades a row may give.
var hospitalLevels = map[string]bool{"": true, "三甲": true, "三乙": true, "三丙": true, "三级": true, "二甲": true, "二乙": true, "二级": true}

// LoadHospitals reads the embedded authority file. Every name and alias must
// be unique across all files, and a local name unique within its city; an
// error names the file and line.
func LoadHospitals() (*Hospitals, error) { return parseHospitals(hospitalFiles, "hospitals") }

func parseHospitals(fsys fs.FS, dir string) (*Hospitals, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.tsv"))
	if err != nil {
		return nil, fmt.Errorf("lexicon: hospitals: %w", err)
	}
	hs := &Hospitals{byForm: map[string]*Hospital{}, byLocal: map[string][]*Hospital{}}
	localOwner := map[string]*Hospital{} // city + "\x00" + local name
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("lexicon: %w", err)
		}
		province := ""
		for n, line := range strings.Split(string(data), "\n") {
			n++
			line = strings.TrimRight(line, "\r")
			if strings.HasPrefix(line, "#") {
				if n == 1 {
					// The header names the province: "# 江苏 hospitals: …".
					province, _, _ = strings.Cut(strings.TrimSpace(line[1:]), " ")
				}
				continue
			}
			if strings.TrimSpace(line) == "" {
				continue
			}
			if province == "" {
				return nil, fmt.Errorf("lexicon %s line 1: the first line must be \"# <province> hospitals: …\"", file)
			}
			h, err := parseHospital(line)
			if err != nil {
				return nil, fmt.Errorf("lexicon %s line %d: %w", file, n, err)
			}
			h.Province, h.File, h.Line = province, file, n
			h.Aliases = append(h.Aliases, derivedForms(h)...)
			for _, f := range h.Forms() {
				if prev, ok := hs.byForm[f]; ok {
					return nil, fmt.Errorf("lexicon %s line %d: %q already names %s (%s line %d)", file, n, f, prev.Name, prev.File, prev.Line)
				}
				hs.byForm[f] = h
			}
			for _, l := range h.LocalNames {
				key := h.City + "\x00" + l
				if prev, ok := localOwner[key]; ok {
					return nil, fmt.Errorf("lexicon %s line %d: local name %q already names %s in %s (%s line %d)", file, n, l, prev.Name, h.City, prev.File, prev.Line)
				}
				localOwner[key] = h
				hs.byLocal[l] = append(hs.byLocal[l], h)
			}
			hs.List = append(hs.List, h)
		}
	}
	// A local name that is also someone's full name or alias would be
	// read two ways.
	for l, owners := range hs.byLocal {
		if prev, ok := hs.byForm[l]; ok {
			o := owners[0]
			return nil, fmt.Errorf("lexicon %s line %d: local name %q is also a name of %s (%s line %d)", o.File, o.Line, l, prev.Name, prev.File, prev.Line)
		}
	}
	return hs, nil
}

func parseHospital(line string) (*Hospital, error) {
	cols := strings.Split(line, "\t")
	if len(cols) != 5 {
		return nil, fmt.Errorf("want 5 tab-separated columns (name, city, level, aliases, local_names), got %d", len(cols))
	}
	h := &Hospital{Name: strings.TrimSpace(cols[0]), City: strings.TrimSpace(cols[1]), Level: strings.TrimSpace(cols[2])}
	if h.Name == "" {
		return nil, fmt.Errorf("empty name")
	}
	if h.City == "" {
		return nil, fmt.Errorf("%s: empty city", h.Name)
	}
	if !hospitalLevels[h.Level] {
		return nil, fmt.Errorf("%s: level %q is not one of 三甲, 三乙, 三丙, 三级, 二甲, 二乙, 二级 or empty", h.Name, h.Level)
	}
	var err error
	if h.Aliases, err = nameList(h.Name, "aliases", cols[3]); err != nil {
		return nil, err
	}
	if h.LocalNames, err = nameList(h.Name, "local_names", cols[4]); err != nil {
		return nil, err
	}
	return h, nil
}

// nameList splits a comma-separated column, refusing blanks and the
// full-width comma (a common slip that would glue two names into one).
func nameList(name, column, s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	if strings.Contains(s, "，") || strings.Contains(s, "、") {
		return nil, fmt.Errorf("%s: %s %q: separate names with an ASCII comma", name, column, s)
	}
	var out []string
	seen := map[string]bool{name: true}
	for _, a := range strings.Split(s, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			return nil, fmt.Errorf("%s: %s %q: empty name between commas", name, column, s)
		}
		if seen[a] {
			return nil, fmt.Errorf("%s: %s: %q given twice", name, column, a)
		}
		seen[a] = true
		out = append(out, a)
	}
	return out, nil
}

// Forms returns the canonical name followed by the aliases (not the local
// names).
func (h *Hospital) Forms() []string { return append([]string{h.Name}, h.Aliases...) }

// Lookup returns the hospital one of whose names or aliases is form, or nil.
func (hs *Hospitals) Lookup(form string) *Hospital { return hs.byForm[form] }

// LookupLocal returns the hospitals that go by the local name form in some
// city; the caller picks by the place the page is about.
func (hs *Hospitals) LookupLocal(form string) []*Hospital { return hs.byLocal[form] }

// Forms returns every name and alias, sorted.
func (hs *Hospitals) Forms() []string {
	out := make([]string, 0, len(hs.byForm))
	for f := range hs.byForm {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// LocalForms returns every local name, sorted.
func (hs *Hospitals) LocalForms() []string {
	out := make([]string, 0, len(hs.byLocal))
	for f := range hs.byLocal {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// CityOf returns the division the hospital's city column names, inside its
// province: a prefecture-level city (苏州) or a county-level place (汾阳市).
func CityOf(gz *gazetteer.Gazetteer, h *Hospital) (*gazetteer.Place, error) {
	var province *gazetteer.Place
	for _, p := range gz.Lookup(h.Province) {
		if p.Level == gazetteer.Province {
			province = p
			break
		}
	}
	if province == nil {
		return nil, fmt.Errorf("%s: province %q (from the file's header) is not in the gazetteer", h.Name, h.Province)
	}
	var found []*gazetteer.Place
	for _, p := range gz.Lookup(h.City) {
		if p.Level != gazetteer.Province && p.ProvinceCode == province.Code {
			found = append(found, p)
		}
	}
	switch {
	case len(found) == 0:
		return nil, fmt.Errorf("%s: city %q is not a place in %s", h.Name, h.City, h.Province)
	case len(found) > 1 && found[0].Level == found[1].Level:
		return nil, fmt.Errorf("%s: city %q names %d places in %s; give the full name (e.g. %s)", h.Name, h.City, len(found), h.Province, found[1].Full)
	}
	return found[0], nil // prefectures come before counties
}

// derivedForms returns the names a military hospital goes by that follow
// from its full name: without 中国人民解放军, with 解放军 only, and with its
// number in digits (联勤保障部队第九〇〇医院, 解放军联勤保障部队第900医院).
func derivedForms(h *Hospital) []string {
	rest, ok := strings.CutPrefix(h.Name, "中国人民解放军")
	if !ok || !strings.HasPrefix(rest, "联勤保障部队") && !strings.Contains(rest, "战区") {
		return nil // 中国人民解放军总医院 without its prefix is any 总医院
	}
	forms := []string{rest, "解放军" + rest}
	if digits := chineseDigits.Replace(rest); digits != rest {
		forms = append(forms, digits, "解放军"+digits)
	}
	var out []string
	for _, f := range forms {
		if !slices.Contains(h.Aliases, f) {
			out = append(out, f)
		}
	}
	return out
}

// chineseDigits writes a unit's number in digits (第九〇〇 → 第900).
var chineseDigits = strings.NewReplacer("〇", "0", "零", "0", "一", "1", "二", "2", "三", "3", "四", "4", "五", "5", "六", "6", "七", "7", "八", "8", "九", "9")
