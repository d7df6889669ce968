package loader

import (
	"fmt"
	"testing"
)

// prefixes must return what find returns at 0, in the same order.
func TestDictionaryPrefixesAgreeWithFind(t *testing.T) {
	d := newDictionary([]form{
		{text: "江苏", kind: termPlace}, {text: "江苏省", kind: termPlace},
		{text: "苏州", kind: termPlace}, {text: "江", kind: termPlace},
		{text: "江苏省苏州市", kind: termPlace}, {text: "省", kind: termDepartment},
	})
	for _, s := range []string{"", "江", "江苏", "江苏省", "江苏省苏州市立医院", "苏州江苏", "江浙", "x江苏"} {
		var want []match
		for _, m := range d.find(s) {
			if m.start == 0 {
				want = append(want, m)
			}
		}
		if got := d.prefixes(s); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("prefixes(%q) = %v, want %v", s, got, want)
		}
	}
}
