package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// ge is a gold entity, se a served one.
func ge(name string, aliases ...string) GoldEntity { return GoldEntity{Name: name, Aliases: aliases} }
func se(name string, aliases ...string) Entity     { return Entity{Name: name, Aliases: aliases} }

func optional(e GoldEntity) GoldEntity { e.Optional = true; return e }

// gr is a gold relation, sr a served one.
func gr(t RelationType, from, to string) GoldRelation {
	return GoldRelation{Type: t, From: from, To: to}
}
func sr(t RelationType, fromKind Kind, from string, toKind Kind, to string) Relation {
	return Relation{Type: t, From: from, FromKind: fromKind, To: to, ToKind: toKind}
}

// snapshotOf serves exactly the gold: every entity, optional or not, and
// every relation; a POLICY_APPLIES_IN to a municipality is served both to
// the Province and to the City.
func snapshotOf(g *Gold) *Snapshot {
	s := servedEntities(g)
	ix := newGoldIndex(g)
	for _, r := range g.Relations {
		sig := signatures[r.Type]
		for _, to := range ix.resolveAny(sig.to, r.To) {
			s.Relations = append(s.Relations, sr(r.Type, sig.from, r.From, to.kind, r.To))
		}
	}
	return s
}

// servedEntities serves the gold's entities and no relations.
func servedEntities(g *Gold) *Snapshot {
	s := &Snapshot{Entities: make(map[Kind][]Entity)}
	for k, es := range g.Entities {
		for _, e := range es {
			s.Entities[k] = append(s.Entities[k], Entity{Name: e.Name, Aliases: e.Aliases, Category: e.Category})
		}
	}
	return s
}

// counts is what a row should hold.
type counts struct{ tp, fp, fn, neutral int }

func (c counts) String() string {
	return fmt.Sprintf("TP %d FP %d FN %d neutral %d", c.tp, c.fp, c.fn, c.neutral)
}

func rowCounts(r Row) counts { return counts{r.TP, r.FP, r.FN, r.Neutral} }

func findRow(rows []Row, name string) (Row, bool) {
	for _, r := range rows {
		if r.Name == name {
			return r, true
		}
	}
	return Row{}, false
}

func entityItems(items []EntityItem) []string {
	out := []string{}
	for _, e := range items {
		out = append(out, string(e.Kind)+" "+e.Name)
	}
	return out
}

func relationItems(items []RelationItem) []string {
	out := []string{}
	for _, r := range items {
		out = append(out, fmt.Sprintf("%s %s→%s", r.Type, r.From, r.To))
	}
	return out
}

func TestScore_Entities(t *testing.T) {
	for _, c := range []struct {
		name   string
		gold   map[Kind][]GoldEntity
		served map[Kind][]Entity
		want   map[Kind]counts
		missed []string // "Kind name"
		falses []string
	}{
		{
			name:   "ServedNameIsGoldAlias",
			gold:   map[Kind][]GoldEntity{City: {ge("苏州", "苏州市")}},
			served: map[Kind][]Entity{City: {se("苏州市")}},
			want:   map[Kind]counts{City: {tp: 1}},
		},
		{
			name:   "ServedAliasIsGoldName",
			gold:   map[Kind][]GoldEntity{City: {ge("苏州", "苏州市")}},
			served: map[Kind][]Entity{City: {se("Suzhou", "苏州")}},
			want:   map[Kind]counts{City: {tp: 1}},
		},
		{
			name:   "AliasMeetsAlias",
			gold:   map[Kind][]GoldEntity{Hospital: {ge("常州市第二人民医院", "常州二院")}},
			served: map[Kind][]Entity{Hospital: {se("常州第二医院", "常州二院")}},
			want:   map[Kind]counts{Hospital: {tp: 1}},
		},
		{
			name:   "NoFormInCommon",
			gold:   map[Kind][]GoldEntity{Hospital: {ge("常州市第二人民医院", "常州二院")}},
			served: map[Kind][]Entity{Hospital: {se("常州第二医院", "常州市第二人民医院(阳湖院区)")}},
			want:   map[Kind]counts{Hospital: {fp: 1, fn: 1}},
			missed: []string{"Hospital 常州市第二人民医院"},
			falses: []string{"Hospital 常州第二医院"},
		},
		{
			// One served entity whose aliases name two gold hospitals
			// matches only the first; the other is missed.
			name:   "OneServedCannotMatchTwo",
			gold:   map[Kind][]GoldEntity{Hospital: {ge("常州市第一人民医院", "常州一院"), ge("常州市第二人民医院", "常州二院")}},
			served: map[Kind][]Entity{Hospital: {se("常州医院", "常州一院", "常州二院")}},
			want:   map[Kind]counts{Hospital: {tp: 1, fn: 1}},
			missed: []string{"Hospital 常州市第二人民医院"},
		},
		{
			// Two served entities for one gold hospital (a split): the
			// exact name wins, the other is a false hit.
			name:   "TwoServedCannotMatchOne",
			gold:   map[Kind][]GoldEntity{Hospital: {ge("常州市第二人民医院", "常州二院")}},
			served: map[Kind][]Entity{Hospital: {se("常州二院"), se("常州市第二人民医院")}},
			want:   map[Kind]counts{Hospital: {tp: 1, fp: 1}},
			falses: []string{"Hospital 常州二院"},
		},
		{
			// 常州一院 names gold A exactly and gold B through its alias;
			// name = name comes first.
			name:   "NameBeforeAlias",
			gold:   map[Kind][]GoldEntity{Hospital: {ge("常州市第一人民医院"), ge("常州一院")}},
			served: map[Kind][]Entity{Hospital: {se("常州一院", "常州市第一人民医院")}},
			want:   map[Kind]counts{Hospital: {tp: 1, fn: 1}},
			missed: []string{"Hospital 常州市第一人民医院"},
		},
		{
			name:   "NameAliasBeforeAliasAlias",
			gold:   map[Kind][]GoldEntity{Hospital: {ge("常州中医", "常州中医院"), ge("常州市中医医院")}},
			served: map[Kind][]Entity{Hospital: {se("常州市中医院", "常州中医院", "常州市中医医院")}},
			want:   map[Kind]counts{Hospital: {tp: 1, fn: 1}},
			missed: []string{"Hospital 常州中医"},
		},
		{
			// s1 names a and b, s2 only a. Taking s1 for a would leave b
			// unmatched; the matching is maximum, so a gets s2.
			//
			//	gold a ──── s1 (aliases a, b)
			//	      ╲   ╱
			//	       ╳
			//	      ╱
			//	gold b     s2 (alias a)
			name:   "MaximumMatching",
			gold:   map[Kind][]GoldEntity{Department: {ge("a"), ge("b")}},
			served: map[Kind][]Entity{Department: {se("s1", "a", "b"), se("s2", "a")}},
			want:   map[Kind]counts{Department: {tp: 2}},
		},
		{
			name:   "OptionalMatchedIsNeutral",
			gold:   map[Kind][]GoldEntity{City: {optional(ge("武进区", "武进")), optional(ge("海口", "海口市"))}},
			served: map[Kind][]Entity{City: {se("武进")}},
			want:   map[Kind]counts{City: {neutral: 1}},
		},
		{
			name:   "UnmatchedIsFalseHit",
			gold:   map[Kind][]GoldEntity{Hospital: {ge("苏州市立医院")}},
			served: map[Kind][]Entity{Hospital: {se("苏州市立医院"), se("三甲医院")}},
			want:   map[Kind]counts{Hospital: {tp: 1, fp: 1}},
			falses: []string{"Hospital 三甲医院"},
		},
		{
			name:   "OtherKindDoesNotMatch",
			gold:   map[Kind][]GoldEntity{Province: {ge("江苏", "江苏省")}},
			served: map[Kind][]Entity{City: {se("江苏")}},
			want:   map[Kind]counts{Province: {fn: 1}, City: {fp: 1}},
			missed: []string{"Province 江苏"},
			falses: []string{"City 江苏"},
		},
		{
			name:   "ServedOrderDoesNotMatter",
			gold:   map[Kind][]GoldEntity{Hospital: {ge("常州市第二人民医院", "常州二院")}},
			served: map[Kind][]Entity{Hospital: {se("常州市第二人民医院"), se("常州二院")}},
			want:   map[Kind]counts{Hospital: {tp: 1, fp: 1}},
			falses: []string{"Hospital 常州二院"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Score(&Gold{Entities: c.gold}, &Snapshot{Entities: c.served})
			for _, k := range kinds {
				row, _ := findRow(r.Entities, string(k))
				if got := rowCounts(row); got != c.want[k] {
					t.Errorf("%s: got %v, want %v", k, got, c.want[k])
				}
			}
			if got, want := entityItems(r.MissedEntities), orEmpty(c.missed); !slices.Equal(got, want) {
				t.Errorf("missed: got %q, want %q", got, want)
			}
			if got, want := entityItems(r.FalseEntities), orEmpty(c.falses); !slices.Equal(got, want) {
				t.Errorf("false hits: got %q, want %q", got, want)
			}
		})
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// relationGold is the gold for the relation tests.
//
//	江苏 ◀─IN_PROVINCE─ 苏州 ◀─LOCATED_IN─ 苏州大学附属第一医院 ─RECOMMENDED_FOR─▶ 皮肤紫癜
//	                    ▲                    │        │                            ▲
//	家庭共济 ─POLICY_APPLIES_IN┘   (optional) HAS_DEPARTMENT  RECOMMENDED_FOR      │
//	                                        ▼        ▼                            │
//	二次报销 ─POLICY_APPLIES_IN─▶ 天津        血液科    白血病 (optional entity)   │
//	        (Province and City)              └──────DEPARTMENT_FOR─────────────────┘
//
//	常州市第二人民医院 ─LOCATED_IN─▶ 武进区 (optional entity)
//
// Required: LOCATED_IN 1, IN_PROVINCE 1, RECOMMENDED_FOR 1, DEPARTMENT_FOR 1,
// POLICY_APPLIES_IN 2. The relations to 白血病 and 武进区 are not marked
// optional but touch an optional entity.
func relationGold() *Gold {
	return &Gold{
		Entities: map[Kind][]GoldEntity{
			Province:        {ge("江苏", "江苏省"), ge("天津", "天津市")},
			City:            {ge("苏州", "苏州市"), ge("天津", "天津市"), optional(ge("武进区", "武进"))},
			Hospital:        {ge("苏州大学附属第一医院", "苏大附一院"), ge("常州市第二人民医院", "常州二院")},
			Department:      {ge("血液科")},
			Symptom:         {ge("皮肤紫癜", "紫癜"), optional(ge("白血病"))},
			InsurancePolicy: {ge("二次报销"), ge("家庭共济")},
		},
		Relations: []GoldRelation{
			gr(LocatedIn, "苏州大学附属第一医院", "苏州"),
			gr(LocatedIn, "常州市第二人民医院", "武进区"),
			gr(InProvince, "苏州", "江苏"),
			gr(RecommendedFor, "苏州大学附属第一医院", "皮肤紫癜"),
			gr(RecommendedFor, "苏州大学附属第一医院", "白血病"),
			{Type: HasDepartment, From: "苏州大学附属第一医院", To: "血液科", Optional: true},
			gr(DepartmentFor, "血液科", "皮肤紫癜"),
			gr(PolicyAppliesIn, "二次报销", "天津"),
			gr(PolicyAppliesIn, "家庭共济", "苏州"),
		},
	}
}

func TestRelationGold_Valid(t *testing.T) {
	if err := relationGold().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestScore_Relations(t *testing.T) {
	// none is what each required relation type counts when nothing is served.
	none := map[RelationType]counts{
		LocatedIn: {fn: 1}, InProvince: {fn: 1}, RecommendedFor: {fn: 1},
		HasDepartment: {}, DepartmentFor: {fn: 1}, PolicyAppliesIn: {fn: 2},
	}
	with := func(changes map[RelationType]counts) map[RelationType]counts {
		out := make(map[RelationType]counts)
		for t, c := range none {
			out[t] = c
		}
		for t, c := range changes {
			out[t] = c
		}
		return out
	}
	for _, c := range []struct {
		name     string
		hospital []Entity // served hospitals, if not the gold's
		served   []Relation
		want     map[RelationType]counts
		falses   []string // "TYPE from→to (note)"
	}{
		{
			name: "NothingServed",
			want: none,
		},
		{
			name:   "RequiredFound",
			served: []Relation{sr(LocatedIn, Hospital, "苏州大学附属第一医院", City, "苏州")},
			want:   with(map[RelationType]counts{LocatedIn: {tp: 1}}),
		},
		{
			// Ends named by served entities whose names are gold aliases.
			name:     "EndsByAlias",
			hospital: []Entity{se("苏大附一院"), se("常州市第二人民医院")},
			served:   []Relation{sr(LocatedIn, Hospital, "苏大附一院", City, "苏州市")},
			want:     with(map[RelationType]counts{LocatedIn: {tp: 1}}),
		},
		{
			name: "TouchesOptionalEntityIsNeutral",
			served: []Relation{
				sr(LocatedIn, Hospital, "常州市第二人民医院", City, "武进区"),
				sr(RecommendedFor, Hospital, "苏州大学附属第一医院", Symptom, "白血病"),
				// Not in gold at all, but touches an optional entity.
				sr(RecommendedFor, Hospital, "常州市第二人民医院", Symptom, "白血病"),
			},
			want: with(map[RelationType]counts{LocatedIn: {fn: 1, neutral: 1}, RecommendedFor: {fn: 1, neutral: 2}}),
		},
		{
			name:   "OptionalRelationIsNeutral",
			served: []Relation{sr(HasDepartment, Hospital, "苏州大学附属第一医院", Department, "血液科")},
			want:   with(map[RelationType]counts{HasDepartment: {neutral: 1}}),
		},
		{
			name:   "MunicipalityAsCity",
			served: []Relation{sr(PolicyAppliesIn, InsurancePolicy, "二次报销", City, "天津")},
			want:   with(map[RelationType]counts{PolicyAppliesIn: {tp: 1, fn: 1}}),
		},
		{
			name:   "MunicipalityAsProvinceByAlias",
			served: []Relation{sr(PolicyAppliesIn, InsurancePolicy, "二次报销", Province, "天津市")},
			want:   with(map[RelationType]counts{PolicyAppliesIn: {tp: 1, fn: 1}}),
		},
		{
			name: "MunicipalityAsBothCountsOnce",
			served: []Relation{
				sr(PolicyAppliesIn, InsurancePolicy, "二次报销", City, "天津"),
				sr(PolicyAppliesIn, InsurancePolicy, "二次报销", Province, "天津"),
				// A false one, as both: one false hit.
				sr(PolicyAppliesIn, InsurancePolicy, "家庭共济", City, "天津"),
				sr(PolicyAppliesIn, InsurancePolicy, "家庭共济", Province, "天津"),
			},
			want:   with(map[RelationType]counts{PolicyAppliesIn: {tp: 1, fp: 1, fn: 1}}),
			falses: []string{"POLICY_APPLIES_IN 家庭共济→天津 (not in gold)"},
		},
		{
			name: "PolicyInCityIsNotInProvince",
			served: []Relation{
				sr(PolicyAppliesIn, InsurancePolicy, "家庭共济", City, "苏州"),
				sr(PolicyAppliesIn, InsurancePolicy, "家庭共济", Province, "江苏"),
			},
			want:   with(map[RelationType]counts{PolicyAppliesIn: {tp: 1, fp: 1, fn: 1}}),
			falses: []string{"POLICY_APPLIES_IN 家庭共济→江苏 (not in gold)"},
		},
		{
			name: "DuplicatesCountOnce",
			served: []Relation{
				sr(LocatedIn, Hospital, "苏州大学附属第一医院", City, "苏州"),
				sr(LocatedIn, Hospital, "苏州大学附属第一医院", City, "苏州"),
				sr(LocatedIn, Hospital, "苏州大学附属第一医院", City, "苏州市"),
				sr(LocatedIn, Hospital, "苏州大学附属第一医院", City, "天津"),
				sr(LocatedIn, Hospital, "苏州大学附属第一医院", City, "天津"),
				sr(LocatedIn, Hospital, "苏州大学附属第一医院", City, "天津市"),
				sr(RecommendedFor, Hospital, "苏州大学附属第一医院", Symptom, "头痛"),
				sr(RecommendedFor, Hospital, "苏州大学附属第一医院", Symptom, "头痛"),
			},
			want: with(map[RelationType]counts{LocatedIn: {tp: 1, fp: 1}, RecommendedFor: {fp: 1, fn: 1}}),
			falses: []string{
				"LOCATED_IN 苏州大学附属第一医院→天津 (not in gold)",
				"RECOMMENDED_FOR 苏州大学附属第一医院→头痛 (to not in gold)",
			},
		},
		{
			// A split hospital: both served entities' relations are the
			// one gold relation.
			name:     "SplitEntityCountsOnce",
			hospital: []Entity{se("苏州大学附属第一医院"), se("苏大附一院"), se("常州市第二人民医院")},
			served: []Relation{
				sr(LocatedIn, Hospital, "苏州大学附属第一医院", City, "苏州"),
				sr(LocatedIn, Hospital, "苏大附一院", City, "苏州"),
			},
			want: with(map[RelationType]counts{LocatedIn: {tp: 1}}),
		},
		{
			name: "EndNotInGoldIsFalse",
			served: []Relation{
				sr(RecommendedFor, Hospital, "三甲医院", Symptom, "皮肤紫癜"),
				// An unknown end wins over an optional one.
				sr(RecommendedFor, Hospital, "三甲医院", Symptom, "白血病"),
				sr(LocatedIn, Hospital, "三甲医院", City, "南京"),
			},
			want: with(map[RelationType]counts{LocatedIn: {fp: 1, fn: 1}, RecommendedFor: {fp: 2, fn: 1}}),
			falses: []string{
				"LOCATED_IN 三甲医院→南京 (neither end in gold)",
				"RECOMMENDED_FOR 三甲医院→白血病 (from not in gold)",
				"RECOMMENDED_FOR 三甲医院→皮肤紫癜 (from not in gold)",
			},
		},
		{
			name: "PairNotInGoldIsFalse",
			served: []Relation{
				sr(InProvince, City, "苏州市", Province, "天津"),
				sr(LocatedIn, Hospital, "苏州大学附属第一医院", Province, "江苏"),
			},
			want: with(map[RelationType]counts{LocatedIn: {fp: 1, fn: 1}, InProvince: {fp: 1, fn: 1}}),
			falses: []string{
				"LOCATED_IN 苏州大学附属第一医院→江苏 (not in gold)",
				"IN_PROVINCE 苏州市→天津 (not in gold (as 苏州 → 天津))",
			},
		},
		{
			name:   "EmptyKindsMeanAnyAllowed",
			served: []Relation{{Type: PolicyAppliesIn, From: "二次报销", To: "天津市"}, {Type: InProvince, From: "苏州", To: "江苏"}},
			want:   with(map[RelationType]counts{InProvince: {tp: 1}, PolicyAppliesIn: {tp: 1, fn: 1}}),
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := relationGold()
			s := servedEntities(g)
			if c.hospital != nil {
				s.Entities[Hospital] = c.hospital
			}
			s.Relations = c.served
			r := Score(g, s)
			for _, typ := range relationTypes {
				row, _ := findRow(r.Relations, string(typ))
				if got := rowCounts(row); got != c.want[typ] {
					t.Errorf("%s: got %v, want %v", typ, got, c.want[typ])
				}
			}
			var falses []string
			for _, f := range r.FalseRelations {
				falses = append(falses, fmt.Sprintf("%s %s→%s (%s)", f.Type, f.From, f.To, f.Note))
			}
			if !slices.Equal(falses, c.falses) {
				t.Errorf("false hits: got %q, want %q", falses, c.falses)
			}
			missed := 0
			for _, w := range c.want {
				missed += w.fn
			}
			if len(r.MissedRelations) != missed {
				t.Errorf("missed: got %q, want %d", relationItems(r.MissedRelations), missed)
			}
		})
	}
}

func TestScore_UnknownRelationType(t *testing.T) {
	g := relationGold()
	s := servedEntities(g)
	s.Relations = []Relation{sr("TREATS", Department, "血液科", Symptom, "皮肤紫癜")}
	r := Score(g, s)
	row, ok := findRow(r.Relations, "TREATS")
	if !ok || rowCounts(row) != (counts{fp: 1}) {
		t.Fatalf("TREATS row: got %+v (found %v)", row, ok)
	}
	if len(r.FalseRelations) != 1 || r.FalseRelations[0].Note != "unknown relation type" {
		t.Fatalf("false hits: got %+v", r.FalseRelations)
	}
}

func TestScore_MissedRelationsNamed(t *testing.T) {
	r := Score(relationGold(), &Snapshot{})
	want := []string{
		"LOCATED_IN 苏州大学附属第一医院→苏州",
		"IN_PROVINCE 苏州→江苏",
		"RECOMMENDED_FOR 苏州大学附属第一医院→皮肤紫癜",
		"DEPARTMENT_FOR 血液科→皮肤紫癜",
		"POLICY_APPLIES_IN 二次报销→天津",
		"POLICY_APPLIES_IN 家庭共济→苏州",
	}
	if got := relationItems(r.MissedRelations); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := r.MissedRelations[5].ToKind; got != City {
		t.Errorf("家庭共济→苏州 to kind: got %q, want City", got)
	}
}

func TestNewRow(t *testing.T) {
	for _, c := range []struct {
		name       string
		tp, fp, fn int
		p, r, f1   float64
	}{
		{"Counts", 3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35},
		{"Perfect", 5, 0, 0, 1, 1, 1},
		{"NothingServedSomethingRequired", 0, 0, 5, 1, 0, 0},
		{"NothingRequiredOnlyFalseHits", 0, 4, 0, 0, 1, 0},
		{"AllWrong", 0, 2, 3, 0, 0, 0},
		{"NothingAtAll", 0, 0, 0, 1, 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newRow("x", c.tp, c.fp, c.fn, 7)
			if !near(r.Precision, c.p) || !near(r.Recall, c.r) || !near(r.F1, c.f1) {
				t.Errorf("got P %v R %v F1 %v, want %v %v %v", r.Precision, r.Recall, r.F1, c.p, c.r, c.f1)
			}
			if r.Neutral != 7 {
				t.Errorf("neutral: got %d", r.Neutral)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScore_MicroAverage(t *testing.T) {
	// Province: 1 TP, 1 FN. City: 3 TP, 1 FP. Micro: 4 TP, 1 FP, 1 FN, so
	// P = R = F1 = 0.8 (a macro average of the two F1s would be 0.774).
	g := &Gold{Entities: map[Kind][]GoldEntity{
		Province: {ge("江苏"), ge("河南")},
		City:     {ge("苏州"), ge("南通"), ge("常州")},
	}}
	s := &Snapshot{Entities: map[Kind][]Entity{
		Province: {se("江苏")},
		City:     {se("苏州"), se("南通"), se("常州"), se("江南")},
	}}
	r := Score(g, s)
	tot := r.EntityTotal
	if rowCounts(tot) != (counts{tp: 4, fp: 1, fn: 1}) || !near(tot.Precision, 0.8) || !near(tot.Recall, 0.8) || !near(tot.F1, 0.8) {
		t.Errorf("total: got %+v", tot)
	}
	// No relations anywhere: each type and the total score 1.
	if rt := r.RelationTotal; rt.F1 != 1 || rt.Precision != 1 || rt.Recall != 1 {
		t.Errorf("relation total: got %+v", rt)
	}
}

func TestScore_EmptySnapshotFails(t *testing.T) {
	g, err := LoadGold(seedsGold)
	if err != nil {
		t.Fatal(err)
	}
	r := Score(g, &Snapshot{})
	if r.EntityTotal.F1 != 0 || r.RelationTotal.F1 != 0 || r.Pass() {
		t.Errorf("got entity F1 %v, relation F1 %v, pass %v", r.EntityTotal.F1, r.RelationTotal.F1, r.Pass())
	}
	if len(r.MissedEntities) != 167 || len(r.MissedRelations) != 242 {
		t.Errorf("missed: got %d entities, %d relations, want 167, 242", len(r.MissedEntities), len(r.MissedRelations))
	}
}

// TestScore_GoldAgainstItself serves the seeds gold exactly, optional items
// included, and expects a perfect score everywhere.
func TestScore_GoldAgainstItself(t *testing.T) {
	g, err := LoadGold(seedsGold)
	if err != nil {
		t.Fatal(err)
	}
	r := Score(g, snapshotOf(g))
	want := map[string]counts{
		"Province": {tp: 21}, "City": {tp: 32, neutral: 3}, "Hospital": {tp: 38},
		"Department": {tp: 23, neutral: 8}, "Symptom": {tp: 33, neutral: 59}, "InsurancePolicy": {tp: 20, neutral: 20},
		"LOCATED_IN": {tp: 31, neutral: 10}, "IN_PROVINCE": {tp: 22, neutral: 13}, "RECOMMENDED_FOR": {tp: 72, neutral: 44},
		"HAS_DEPARTMENT": {tp: 34, neutral: 30}, "DEPARTMENT_FOR": {tp: 37, neutral: 54}, "POLICY_APPLIES_IN": {tp: 46, neutral: 37},
	}
	for _, row := range slices.Concat(r.Entities, []Row{r.EntityTotal}, r.Relations, []Row{r.RelationTotal}) {
		if row.Precision != 1 || row.Recall != 1 || row.F1 != 1 {
			t.Errorf("%s: got P %v R %v F1 %v, want 1", row.Name, row.Precision, row.Recall, row.F1)
		}
		if w, ok := want[row.Name]; ok && rowCounts(row) != w {
			t.Errorf("%s: got %v, want %v", row.Name, rowCounts(row), w)
		}
	}
	if r.EntityTotal.TP != 167 || r.RelationTotal.TP != 242 {
		t.Errorf("totals: got %d entities, %d relations, want 167, 242", r.EntityTotal.TP, r.RelationTotal.TP)
	}
	if len(r.MissedEntities)+len(r.FalseEntities)+len(r.MissedRelations)+len(r.FalseRelations)+len(r.CategoryMismatches) != 0 {
		t.Errorf("got misses or false hits: %+v", r)
	}
	if !r.Pass() {
		t.Error("Pass: got false")
	}
}

func TestScore_CategoryMismatchNotScored(t *testing.T) {
	g := &Gold{Entities: map[Kind][]GoldEntity{Symptom: {{Name: "脚踝扭伤", Category: "CONDITION"}, {Name: "紫癜", Category: "SYMPTOM"}}}}
	s := &Snapshot{Entities: map[Kind][]Entity{Symptom: {{Name: "脚踝扭伤", Category: "SYMPTOM"}, {Name: "紫癜", Category: "SYMPTOM"}}}}
	r := Score(g, s)
	if want := []CategoryMismatch{{Name: "脚踝扭伤", Gold: "CONDITION", Served: "SYMPTOM"}}; !slices.Equal(r.CategoryMismatches, want) {
		t.Errorf("got %+v, want %+v", r.CategoryMismatches, want)
	}
	if r.EntityTotal.F1 != 1 {
		t.Errorf("F1: got %v, want 1", r.EntityTotal.F1)
	}
}

func TestReport_Write(t *testing.T) {
	g := relationGold()
	s := servedEntities(g)
	s.Entities[Hospital] = append(s.Entities[Hospital], se("三甲医院", "三甲"))
	s.Relations = []Relation{
		sr(LocatedIn, Hospital, "苏州大学附属第一医院", City, "苏州"),
		sr(RecommendedFor, Hospital, "三甲医院", Symptom, "皮肤紫癜"),
	}
	r := Score(g, s)
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"entities            TP   FP   FN neutral precision recall     F1\n",
		"Hospital             2    1    0       0     0.667  1.000  0.800\n",
		"LOCATED_IN           1    0    0       0     1.000  1.000  1.000\n",
		"relation F1 0.250 < 0.80 FAIL",
		"false entities (1):\n  Hospital        三甲医院 [三甲]\n",
		"missed relations (5):\n",
		"  IN_PROVINCE       苏州 → 江苏\n",
		"false relations (1):\n  RECOMMENDED_FOR   三甲医院 → 皮肤紫癜 (from not in gold)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// The JSON form carries the same numbers.
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.RelationTotal != r.RelationTotal || len(back.FalseEntities) != 1 || !strings.Contains(string(data), `"relationTotal":{"name":"total","tp":1,"fp":1,"fn":5`) {
		t.Errorf("JSON: got %s", data)
	}
}
