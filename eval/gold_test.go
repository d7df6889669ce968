package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedsGold is a copy of shared/gold/seeds.gold.json, so the tests do not
// depend on what sits beside the repository.
const seedsGold = "testdata/seeds.gold.json"

func TestLoadGold(t *testing.T) {
	g, err := LoadGold(seedsGold)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(g.Documents); got != 5 {
		t.Errorf("documents: got %d, want 5", got)
	}
	if len(g.Notes) == 0 {
		t.Error("notes: none read")
	}
	// Totals and required counts from shared/gold/README.md.
	for _, c := range []struct {
		kind            Kind
		total, required int
	}{
		{Province, 21, 21},
		{City, 35, 32},
		{Hospital, 38, 38},
		{Department, 31, 23},
		{Symptom, 92, 33},
		{InsurancePolicy, 40, 20},
	} {
		es := g.Entities[c.kind]
		required := 0
		for _, e := range es {
			if !e.Optional {
				required++
			}
		}
		if len(es) != c.total || required != c.required {
			t.Errorf("%s: got %d entities (%d required), want %d (%d)", c.kind, len(es), required, c.total, c.required)
		}
	}
	for _, c := range []struct {
		typ             RelationType
		total, required int
	}{
		{LocatedIn, 41, 31},
		{InProvince, 35, 22},
		{RecommendedFor, 116, 72},
		{HasDepartment, 64, 34},
		{DepartmentFor, 91, 37},
		{PolicyAppliesIn, 83, 46},
	} {
		total, required := 0, 0
		for _, r := range g.Relations {
			if r.Type == c.typ {
				total++
				if !r.Optional {
					required++
				}
			}
		}
		if total != c.total || required != c.required {
			t.Errorf("%s: got %d relations (%d required), want %d (%d)", c.typ, total, required, c.total, c.required)
		}
	}
	required := 0
	for _, r := range g.Relations {
		if !r.Optional {
			required++
		}
	}
	if len(g.Relations) != 430 || required != 242 {
		t.Errorf("relations: got %d (%d required), want 430 (242)", len(g.Relations), required)
	}

	// A few fields read as written.
	sz := g.Entities[Symptom][0]
	if sz.Name != "皮肤紫癜" || sz.Category != "SYMPTOM" || len(sz.Aliases) != 1 || sz.Aliases[0] != "紫癜" {
		t.Errorf("first symptom: got %+v", sz)
	}
	for _, c := range g.Entities[City] {
		if c.Name == "武进区" && (!c.Optional || c.Province != "江苏" || c.Level != "county") {
			t.Errorf("武进区: got %+v", c)
		}
	}
	for _, h := range g.Entities[Hospital] {
		if h.Name == "海南成美医院" && h.City != "" {
			t.Errorf("海南成美医院: city %q, want \"\" for null", h.City)
		}
	}
	if r := g.Relations[0]; r.Type != LocatedIn || r.From != "苏州大学附属第一医院" || r.To != "苏州" || r.Doc != "000_3cbbde8086c57167.txt" {
		t.Errorf("first relation: got %+v", r)
	}
}

func TestLoadGold_ErrNamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.gold.json")
	if err := os.WriteFile(path, []byte(`{"entities": {"City": [{"name": ""}]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadGold(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "entities.City[0].name: empty") {
		t.Fatalf("got %v, want the file and field named", err)
	}
	if _, err := LoadGold(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Fatalf("missing file: got %v", err)
	}
}

func TestParseGold_Errors(t *testing.T) {
	for _, c := range []struct {
		name, json, want string
	}{
		{"ErrEmptyInput", ``, "gold: empty input"},
		{"ErrSyntax", "{\n \"documents\": [\"a\",]\n}", "gold: line 2, column 20"},
		{"ErrTrailingData", `{} {}`, "data after the JSON value"},
		{"ErrUnknownTopField", `{"relation": []}`, `unknown field "relation"`},
		{"ErrUnknownKind", `{"entities": {"Hosptial": []}}`, `entities: unknown kind "Hosptial"`},
		{"ErrUnknownEntityField", `{"entities": {"City": [{"name": "苏州", "optinal": true}]}}`, `entities.City[0]: json: unknown field "optinal"`},
		{"ErrEntityFieldType", `{"entities": {"City": [{"name": "苏州", "aliases": "苏州市"}]}}`, `entities.City[0]: json: cannot unmarshal`},
		{"ErrEmptyName", `{"entities": {"City": [{"name": " "}]}}`, `entities.City[0].name: empty`},
		{"ErrEmptyAlias", `{"entities": {"City": [{"name": "苏州", "aliases": [""]}]}}`, `entities.City[0].aliases[0]: empty`},
		{"ErrSharedForm", `{"entities": {"Hospital": [{"name": "甲医院", "aliases": ["甲院"]}, {"name": "乙医院", "aliases": ["甲院"]}]}}`,
			`entities.Hospital[1] (乙医院): "甲院" also names entities.Hospital[0] (甲医院)`},
		{"ErrUnknownRelationField", `{"relations": [{"type": "LOCATED_IN", "from": "a", "to": "b", "optonal": true}]}`, `relations[0]: json: unknown field "optonal"`},
		{"ErrUnknownRelationType", `{"relations": [{"type": "LOCATED", "from": "a", "to": "b"}]}`, `relations[0].type: unknown type "LOCATED"`},
		{"ErrEmptyFrom", `{"relations": [{"type": "LOCATED_IN", "to": "b"}]}`, `relations[0].from: empty`},
		{"ErrFromNotEntity", `{"entities": {"City": [{"name": "苏州"}]}, "relations": [{"type": "LOCATED_IN", "from": "苏州", "to": "苏州"}]}`,
			`relations[0].from: "苏州" names no Hospital`},
		{"ErrToNotEntity", `{"entities": {"InsurancePolicy": [{"name": "家庭共济"}]}, "relations": [{"type": "POLICY_APPLIES_IN", "from": "家庭共济", "to": "火星"}]}`,
			`relations[0].to: "火星" names no Province or City`},
		{"ErrRepeatedRelation", `{"entities": {"City": [{"name": "苏州", "aliases": ["苏州市"]}], "Province": [{"name": "江苏"}]},
			"relations": [{"type": "IN_PROVINCE", "from": "苏州", "to": "江苏"}, {"type": "IN_PROVINCE", "from": "苏州市", "to": "江苏", "optional": true}]}`,
			`relations[1]: IN_PROVINCE 苏州市 → 江苏 repeats relations[0]`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseGold(strings.NewReader(c.json))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func TestParseGold_Minimal(t *testing.T) {
	g, err := ParseGold(strings.NewReader(`{
		"entities": {
			"Hospital": [{"name": "海南成美医院", "aliases": [], "city": null}],
			"City": [{"name": "上海", "aliases": ["上海市"], "province": "上海", "level": "prefecture"}],
			"Province": [{"name": "上海", "aliases": ["上海市"]}],
			"InsurancePolicy": [{"name": "大病保险", "aliases": []}]
		},
		"relations": [
			{"type": "IN_PROVINCE", "from": "上海市", "to": "上海", "optional": true},
			{"type": "POLICY_APPLIES_IN", "from": "大病保险", "to": "上海"}
		]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Entities) != 4 || len(g.Relations) != 2 || !g.Relations[0].Optional {
		t.Fatalf("got %+v", g)
	}
}

// FuzzParseGold checks that ParseGold never panics and that any gold it
// accepts scores perfectly against a snapshot made from itself.
func FuzzParseGold(f *testing.F) {
	seed, err := os.ReadFile(seedsGold)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"entities": {"Province": [{"name": "天津"}], "City": [{"name": "天津", "aliases": ["天津市"]}], "InsurancePolicy": [{"name": "二次报销"}]},
		"relations": [{"type": "POLICY_APPLIES_IN", "from": "二次报销", "to": "天津市"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParseGold(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		r := Score(g, snapshotOf(g))
		if r.EntityTotal.F1 != 1 || r.RelationTotal.F1 != 1 {
			t.Fatalf("gold against itself: entity F1 %v, relation F1 %v\n%+v", r.EntityTotal.F1, r.RelationTotal.F1, r)
		}
	})
}
