package lexicon

import (
	"strings"
	"testing"
)

// TestLexicons loads the three vocabularies (parse refuses a name given
// twice in one file) and checks that no name stands in two of them, where
// the loader could not tell which kind a mention is.
func TestLexicons(t *testing.T) {
	load := map[string]func() (*Lexicon, error){"departments": Departments, "policies": Policies, "symptoms": Symptoms}
	owner := map[string]string{}
	for name, f := range load {
		lx, err := f()
		if err != nil {
			t.Fatal(err)
		}
		if len(lx.Terms) < 40 {
			t.Errorf("%s: only %d terms", name, len(lx.Terms))
		}
		for _, form := range lx.Forms() {
			if strings.ContainsAny(form, "\t,") || strings.TrimSpace(form) != form {
				t.Errorf("%s: form %q holds a separator", name, form)
			}
			if prev, ok := owner[form]; ok {
				t.Errorf("%q is in both %s and %s", form, prev, name)
			}
			owner[form] = name
		}
	}
	sym, err := Symptoms()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ form, name, cat string }{
		{"头疼", "头痛", "SYMPTOM"},
		{"腰椎间盘突出", "腰椎间盘突出", "CONDITION"},
		{"咳嗽变异性哮喘", "咳嗽变异性哮喘", "CONDITION"},
	} {
		got := sym.Lookup(want.form)
		if got == nil || got.Name != want.name || got.Category != want.cat {
			t.Errorf("Symptoms().Lookup(%q) = %+v, want %s (%s)", want.form, got, want.name, want.cat)
		}
	}
}
