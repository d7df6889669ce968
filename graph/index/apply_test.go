package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph/kg"
)

var (
	hosp   = kg.EntityRef{Kind: kg.KindHospital, Name: "苏州大学附属第一医院"}
	city   = kg.EntityRef{Kind: kg.KindCity, Name: "苏州市"}
	purp   = kg.EntityRef{Kind: kg.KindSymptom, Name: "紫癜"}
	dizzy  = kg.EntityRef{Kind: kg.KindSymptom, Name: "头晕"}
	recPur = kg.Link{Type: kg.RecommendedFor, From: hosp, To: purp}
	recDiz = kg.Link{Type: kg.RecommendedFor, From: hosp, To: dizzy}
	locH   = kg.Link{Type: kg.LocatedIn, From: hosp, To: city}
)

// fact is one relation a test document states, in an item (-1: the
// article).
type fact struct {
	link kg.Link
	item int
}

// doc is a test document: its entities (with what it says of them) and
// facts, each with a span of its own.
func doc(file string, ents []kg.Entity, facts ...fact) *Summary {
	ex := &kg.Extraction{Doc: kg.Document{File: file, Title: file,
		Items: []kg.Item{{Index: 0, Title: "条目", Date: "2025-0" + file[:1] + "-01"}}}}
	ex.Entities = ents
	pos := 0
	for _, e := range ents {
		ex.Mentions = append(ex.Mentions, kg.Mention{Entity: e.EntityRef, Surface: e.Name, Source: kg.Source{Item: -1},
			Span: kg.Span{Start: pos, End: pos + 2}})
		pos += 3
	}
	for _, f := range facts {
		ex.Relations = append(ex.Relations, kg.Relation{Type: f.link.Type, From: f.link.From, To: f.link.To, Method: kg.MethodList,
			Source: kg.Source{Item: f.item}, Span: kg.Span{Start: pos, End: pos + 2}})
		pos += 3
	}
	return Summarize(ex)
}

func ent(ref kg.EntityRef, aliases ...string) kg.Entity {
	return kg.Entity{EntityRef: ref, Aliases: aliases}
}

func cityAt(level string) kg.Entity {
	return kg.Entity{EntityRef: city, Level: level}
}

// state is what a test reads of an index, in one comparable string.
func state(x *Index) string {
	var b strings.Builder
	fmt.Fprintf(&b, "gen %d docs %v\n", x.Generation, x.Files())
	for _, k := range kg.Kinds {
		for _, e := range x.Entities(k) {
			fmt.Fprintf(&b, "%s %s %v %s docs %d mentions %d\n", k, e.Name, e.Aliases, e.Level, x.DocumentCount(e.EntityRef), x.MentionCount(e.EntityRef))
		}
	}
	for _, rel := range kg.RelationTypes {
		for _, l := range x.Links(rel) {
			s := x.Support(l)
			fmt.Fprintf(&b, "%s %s→%s evidence %d documents %d items %d last %s\n", rel, l.From.Name, l.To.Name, x.EvidenceCount(l), s.Documents, s.Items, s.LastDate)
		}
	}
	for _, n := range []string{"苏大附一院", "附一院"} {
		fmt.Fprintf(&b, "%s %v\n", n, x.Lookup(kg.KindHospital, n))
	}
	fmt.Fprintf(&b, "out %v in %v\n", x.Out(hosp, kg.RecommendedFor), x.In(purp, kg.RecommendedFor))
	return b.String()
}

// Apply, step by step from the empty index: each step removes and adds
// documents, and the index after it reads as the documents left say; the
// index before it still reads as it did.
func TestApply(t *testing.T) {
	a := doc("1a.txt", []kg.Entity{ent(hosp, "苏大附一院"), cityAt(kg.LevelPrefecture), ent(purp)}, fact{recPur, 0}, fact{locH, -1})
	b := doc("2b.txt", []kg.Entity{ent(hosp, "附一院"), cityAt(kg.LevelCounty), ent(purp), ent(dizzy)}, fact{recPur, 0}, fact{recPur, -1}, fact{recDiz, 0})
	a2 := doc("1a.txt", []kg.Entity{ent(hosp), ent(dizzy)}, fact{recDiz, -1})
	steps := []struct {
		name     string
		del, add []*Summary
		want     []string // lines the state must hold
		absent   []string // lines it must not
		err      string
	}{
		{name: "one document", add: []*Summary{a},
			want: []string{"docs [1a.txt]", "Hospital 苏州大学附属第一医院 [苏大附一院]  docs 1 mentions 1", "City 苏州市 [] prefecture docs 1",
				"RECOMMENDED_FOR 苏州大学附属第一医院→紫癜 evidence 1 documents 1 items 1 last 2025-01-01",
				"LOCATED_IN 苏州大学附属第一医院→苏州市 evidence 1", "苏大附一院 [{Hospital 苏州大学附属第一医院}]",
				"out [{Symptom 紫癜}] in [{Hospital 苏州大学附属第一医院}]"}},
		{name: "a second document: evidence and aliases add up, the smallest level wins", add: []*Summary{b},
			want: []string{"docs [1a.txt 2b.txt]", "Hospital 苏州大学附属第一医院 [苏大附一院 附一院]  docs 2 mentions 2", "City 苏州市 [] county docs 2",
				"RECOMMENDED_FOR 苏州大学附属第一医院→紫癜 evidence 3 documents 2 items 3 last 2025-02-01",
				"RECOMMENDED_FOR 苏州大学附属第一医院→头晕 evidence 1 documents 1", "附一院 [{Hospital 苏州大学附属第一医院}]",
				"out [{Symptom 头晕} {Symptom 紫癜}]"}},
		{name: "a document added twice", add: []*Summary{a}, err: "added twice"},
		{name: "replaced: what only the old version said goes", del: []*Summary{a}, add: []*Summary{a2},
			want: []string{"docs [1a.txt 2b.txt]", "Hospital 苏州大学附属第一医院 [附一院]  docs 2 mentions 2",
				"RECOMMENDED_FOR 苏州大学附属第一医院→紫癜 evidence 2 documents 1", "RECOMMENDED_FOR 苏州大学附属第一医院→头晕 evidence 2 documents 2",
				"苏大附一院 []", "City 苏州市 [] county docs 1"},
			absent: []string{"LOCATED_IN"}},
		{name: "deleted", del: []*Summary{b},
			want:   []string{"docs [1a.txt]", "Hospital 苏州大学附属第一医院 []  docs 1", "RECOMMENDED_FOR 苏州大学附属第一医院→头晕 evidence 1 documents 1", "in []"},
			absent: []string{"紫癜 ", "City", "→紫癜"}},
		{name: "all gone", del: []*Summary{a2},
			want:   []string{"docs []", "out [] in []"},
			absent: []string{"Hospital", "RECOMMENDED_FOR"}},
		{name: "a deleted file that is not there changes nothing", del: []*Summary{a}, want: []string{"docs []"}},
	}
	x := Empty()
	for i, st := range steps {
		before := state(x)
		y, err := x.Apply(uint64(i+1), st.del, Summaries(st.add))
		if st.err != "" {
			if err == nil || !strings.Contains(err.Error(), st.err) {
				t.Fatalf("%s: error %v, want %q", st.name, err, st.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := state(y)
		for _, w := range st.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in\n%s", st.name, w, got)
			}
		}
		for _, w := range st.absent {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q in\n%s", st.name, w, got)
			}
		}
		if after := state(x); after != before {
			t.Errorf("%s: the index before changed:\n%s\nwas\n%s", st.name, after, before)
		}
		x = y
	}
}

// A document's id is reused after it goes, and the index that still holds
// the old document keeps reading it.
func TestApplyReusesIDs(t *testing.T) {
	a := doc("1a.txt", []kg.Entity{ent(hosp)})
	b := doc("2b.txt", []kg.Entity{ent(purp)})
	x, err := Empty().Apply(1, nil, Summaries([]*Summary{a}))
	if err != nil {
		t.Fatal(err)
	}
	y, err := x.Apply(2, []*Summary{a}, nil)
	if err != nil {
		t.Fatal(err)
	}
	z, err := y.Apply(3, nil, Summaries([]*Summary{b}))
	if err != nil {
		t.Fatal(err)
	}
	idA, _ := x.DocID("1a.txt")
	idB, _ := z.DocID("2b.txt")
	if idA != idB {
		t.Errorf("ids %d and %d: the freed id was not reused", idA, idB)
	}
	if x.Doc(idA).File != "1a.txt" || z.Doc(idB).File != "2b.txt" || !slices.Equal(x.Files(), []string{"1a.txt"}) {
		t.Errorf("after reuse: the old index reads %s, the new %s", x.Doc(idA).File, z.Doc(idB).File)
	}
	if _, ok := y.DocID("1a.txt"); ok || len(y.Files()) != 0 {
		t.Errorf("a deleted document is still there: %v", y.Files())
	}
}
