package lexicon

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/medkg/medkg/gazetteer"
)

// TestHospitalAuthority checks the authority file as a reader would rely on
// it: every name and alias resolves to exactly one hospital (LoadHospitals
// refuses a second owner), every city exists in the gazetteer inside the
// file's province, and no name is also a place, department or symptom.
func TestHospitalAuthority(t *testing.T) {
	hs, err := LoadHospitals()
	if err != nil {
		t.Fatal(err)
	}
	if len(hs.List) < 700 {
		t.Errorf("only %d hospitals", len(hs.List))
	}
	gz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	provinces := map[string]bool{}
	for _, h := range hs.List {
		provinces[h.Province] = true
		for _, f := range h.Forms() {
			if got := hs.Lookup(f); got != h {
				t.Errorf("%s line %d: %q resolves to %v, want %s", h.File, h.Line, f, got, h.Name)
			}
			if strings.ContainsAny(f, " \t") {
				t.Errorf("%s line %d: %q holds a space", h.File, h.Line, f)
			}
		}
		if _, err := CityOf(gz, h); err != nil {
			t.Errorf("%s line %d: %v", h.File, h.Line, err)
		}
	}
	if len(provinces) != 31 {
		t.Errorf("%d provinces in the authority file, want the 31 of the mainland", len(provinces))
	}
	// Names a reader would take as something else are not hospital names.
	others := map[string]func() (*Lexicon, error){"departments": Departments, "symptoms": Symptoms, "policies": Policies}
	for kind, load := range others {
		lx, err := load()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range append(hs.Forms(), hs.LocalForms()...) {
			if lx.Lookup(f) != nil {
				t.Errorf("hospital name %q is also in %s", f, kind)
			}
		}
	}
	for _, f := range append(hs.Forms(), hs.LocalForms()...) {
		if len(gz.Lookup(f)) > 0 {
			t.Errorf("hospital name %q is also a place", f)
		}
	}
	// Spot checks that pin well-known names to the right hospital and city.
	for _, c := range []struct{ form, name, city string }{
		{"常州二院", "常州市第二人民医院", "常州"},
		{"南京鼓楼医院", "南京大学医学院附属鼓楼医院", "南京"},
		{"华西医院", "四川大学华西医院", "成都"},
		{"湘雅医院", "中南大学湘雅医院", "长沙"},
	} {
		h := hs.Lookup(c.form)
		if h == nil || h.Name != c.name || h.City != c.city {
			t.Errorf("Lookup(%q) = %+v, want %s in %s", c.form, h, c.name, c.city)
		}
	}
}

// TestHospitalFileErrors: a broken row is refused with its file and line.
func TestHospitalFileErrors(t *testing.T) {
	const header = "# 江苏 hospitals: name\tcity\tlevel\taliases\tlocal_names\n"
	for _, c := range []struct{ name, body, want string }{
		{"columns", "甲医院\t苏州\t三甲\n", "x.tsv line 2: want 5 tab-separated columns"},
		{"level", "甲医院\t苏州\t特甲\t\t\n", "x.tsv line 2: 甲医院: level \"特甲\""},
		{"alias twice", "甲医院\t苏州\t\t甲院\t\n乙医院\t苏州\t\t甲院\t\n", "x.tsv line 3: \"甲院\" already names 甲医院 (h/x.tsv line 2)"},
		{"full-width comma", "甲医院\t苏州\t\t甲院，乙院\t\n", "x.tsv line 2: 甲医院: aliases \"甲院，乙院\": separate names with an ASCII comma"},
		{"local twice", "甲医院\t苏州\t\t\t市一院\n乙医院\t苏州\t\t\t市一院\n", "x.tsv line 3: local name \"市一院\" already names 甲医院 in 苏州"},
		{"no header", "甲医院\t苏州\t\t\t\n", "x.tsv line 1: the first line must be"},
	} {
		body := header + c.body
		if c.name == "no header" {
			body = c.body
		}
		_, err := parseHospitals(fstest.MapFS{"h/x.tsv": {Data: []byte(body)}}, "h")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
	// The same local name in two cities is fine: the page's place decides.
	hs, err := parseHospitals(fstest.MapFS{"h/x.tsv": {Data: []byte(header + "甲医院\t苏州\t\t\t市一院\n乙医院\t无锡\t\t\t市一院\n")}}, "h")
	if err != nil || len(hs.LookupLocal("市一院")) != 2 {
		t.Errorf("local name in two cities: %v, %v", err, hs)
	}
}
