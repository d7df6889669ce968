package index

import (
	"reflect"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph/kg"
)

// A summary reads back as it was written, whatever its names hold (tabs,
// newlines and backslashes are escaped), and a broken one is refused with
// its line.
func TestSummaryRoundTrip(t *testing.T) {
	h := kg.EntityRef{Kind: kg.KindHospital, Name: "第一\t医院\\n"}
	s := kg.EntityRef{Kind: kg.KindSymptom, Name: "头痛\n"}
	ex := &kg.Extraction{
		Doc: kg.Document{File: "a b.txt", Title: "标题\\t", Date: "2025-01-02",
			Items: []kg.Item{{Index: 1, Title: "条目", Date: "2025-01-01"}}},
		Entities: []kg.Entity{{EntityRef: h, Aliases: []string{"一院", "第一\t医院\\n"}}, {EntityRef: s, Category: kg.CategorySymptom}},
		Mentions: []kg.Mention{{Entity: h, Surface: "一院", Source: kg.Source{Item: 1, ItemTitle: "条目", Date: "2025-01-01"}, Span: kg.Span{Start: 3, End: 5}}},
		Relations: []kg.Relation{
			{Type: kg.RecommendedFor, From: h, To: s, Method: kg.MethodSentence, Source: kg.Source{Item: -1}, Span: kg.Span{Start: 0, End: 9}},
			{Type: kg.RecommendedFor, From: h, To: s, Source: kg.Source{Item: 2, ItemTitle: "另一条", Date: "2024-12-31"}, Span: kg.Span{Start: 10, End: 12}},
		},
	}
	want := Summarize(ex)
	got, err := DecodeSummary(string(want.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if len(got.Items) != 2 || got.Items[1].Title != "另一条" || len(got.Entities[0].Aliases) != 1 || len(got.Links) != 2 {
		t.Errorf("summary %+v: want 2 items (one only named by a relation), the alias equal to the name dropped, 2 links", got)
	}
	for _, bad := range []string{"", "kgsum 2\nd\ta\t\t", string(want.Encode()) + "\nr\tRECOMMENDED_FOR\t0\t9\t-1\t0\t1", string(want.Encode()) + "\nx"} {
		if _, err := DecodeSummary(bad); err == nil {
			t.Errorf("DecodeSummary(%q) took it", bad)
		} else if bad != "" && strings.HasPrefix(bad, summaryHeader) && !strings.Contains(err.Error(), "line") && !strings.Contains(err.Error(), "range") {
			t.Errorf("decodeSummary: %v names no line", err)
		}
	}
}

// An "r" line ends with the relation's method; one written before methods
// were recorded has none, and reads as MethodUnknown, as does a method this
// version does not know.
func TestSummaryMethod(t *testing.T) {
	const head = summaryHeader + "\nd\ta.txt\t标题\t" +
		"\ne\tHospital\t苏州市立医院\t\t\t" +
		"\ne\tSymptom\t皮肤紫癜\tSYMPTOM\t\t" +
		"\nr\tRECOMMENDED_FOR\t0\t1\t-1\t0\t6"
	for _, c := range []struct {
		name string
		tail string // the end of the r line
		want kg.Method
	}{
		{"OldLineIsUnknown", "", kg.MethodUnknown},
		{"List", "\tLIST", kg.MethodList},
		{"TitleTemplate", "\tTITLE_TEMPLATE", kg.MethodTitleTemplate},
		{"Unknown", "\tUNKNOWN", kg.MethodUnknown},
		{"EmptyIsUnknown", "\t", kg.MethodUnknown},
		{"LaterMethodIsUnknown", "\tTELEPATHY", kg.MethodUnknown},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := DecodeSummary(head + c.tail)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Links) != 1 || d.Links[0].Method != c.want {
				t.Errorf("links %+v, want one with method %s", d.Links, c.want)
			}
		})
	}
	t.Run("ErrExtraField", func(t *testing.T) {
		if _, err := DecodeSummary(head + "\tLIST\tmore"); err == nil {
			t.Error("an r line of 9 fields was taken")
		}
	})
	t.Run("WrittenWithTheMethod", func(t *testing.T) {
		h := kg.EntityRef{Kind: kg.KindHospital, Name: "苏州市立医院"}
		s := kg.EntityRef{Kind: kg.KindSymptom, Name: "皮肤紫癜"}
		ex := &kg.Extraction{
			Doc: kg.Document{File: "a.txt", Title: "标题"},
			Relations: []kg.Relation{
				{Type: kg.RecommendedFor, From: h, To: s, Method: kg.MethodList, Source: kg.Source{Item: -1}, Span: kg.Span{Start: 0, End: 6}},
				{Type: kg.LocatedIn, From: h, To: kg.EntityRef{Kind: kg.KindCity, Name: "苏州"}, Source: kg.Source{Item: -1}, Span: kg.Span{Start: 0, End: 6}},
			},
		}
		text := string(Summarize(ex).Encode())
		for _, want := range []string{"\tLIST\n", "\tUNKNOWN\n"} {
			if !strings.Contains(text+"\n", want) {
				t.Errorf("summary lacks %q:\n%s", want, text)
			}
		}
		d, err := DecodeSummary(text)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d.Links, Summarize(ex).Links) {
			t.Errorf("round trip: links %+v, want %+v", d.Links, Summarize(ex).Links)
		}
	})
}
