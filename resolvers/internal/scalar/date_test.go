package scalar

import "testing"

// A Date argument must be a real date.
func TestDateScalarInput(t *testing.T) {
	for _, c := range []struct {
		in any
		ok bool
	}{{"2025-04-21", true}, {"2024-02-29", true}, {"2025-02-29", false}, {"2025-13-01", false}, {"2025/04/21", false}, {"20250421", false}, {20250421, false}, {"", false}} {
		var d Date
		if err := d.UnmarshalGQL(c.in); (err == nil) != c.ok {
			t.Errorf("%#v: error %v", c.in, err)
		}
	}
}
