package resolvers_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/resolvers"
)

// The schema's RelationMethod is kg.Methods, value for value, in order.
func TestRelationMethodEnum(t *testing.T) {
	def := resolvers.NewSchema(nil).Schema().Types["RelationMethod"]
	if def == nil {
		t.Fatal("no RelationMethod in the schema")
	}
	var got []string
	for _, v := range def.EnumValues {
		got = append(got, v.Name)
	}
	var want []string
	for _, m := range kg.Methods {
		want = append(want, string(m))
	}
	if !slices.Equal(got, want) {
		t.Errorf("RelationMethod = %v, want kg.Methods %v", got, want)
	}
}

// The fixture with 苏州大学附属第一医院 → 皮肤紫癜 read from a list: its
// method and confidence come back on its evidence and on every aggregate
// of it, and minConfidence keeps it at its confidence and drops it above.
// 苏州市立医院 → 皮肤紫癜 has no method (UNKNOWN).
func TestRelationConfidence(t *testing.T) {
	ctx := context.Background()
	ex := extraction(t)
	for i, r := range ex.Relations {
		if r.Type == kg.RecommendedFor && r.From == suda {
			ex.Relations[i].Method = kg.MethodList
		}
	}
	store := graphtest.Open(t)
	if _, err := store.Put(ctx, ex); err != nil {
		t.Fatal(err)
	}
	h := seededHandler(t, store)
	list, unknown := kg.MethodList.Confidence(), kg.MethodUnknown.Confidence()
	if unknown >= list {
		t.Fatalf("the test needs LIST (%v) above UNKNOWN (%v)", list, unknown)
	}

	t.Run("Index", func(t *testing.T) {
		x, err := store.Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s := x.Support(kg.Link{Type: kg.RecommendedFor, From: suda, To: purpura})
		if !slices.Equal(s.Methods, []kg.Method{kg.MethodList}) || s.Confidence != list {
			t.Errorf("support: methods %v, confidence %v; want [LIST], %v", s.Methods, s.Confidence, list)
		}
	})

	type evidence struct {
		Method     string
		Confidence float64
	}
	type rankedConf struct {
		Hospital   struct{ Name string }
		Confidence float64
		Methods    []string
		Evidence   []evidence
	}
	const recommendQ = `query($s: String!, $min: Float) { recommend(symptom: $s, minConfidence: $min) {
		hospital { name } confidence methods evidence { method confidence } } }`
	recommend := func(t *testing.T, min any) []rankedConf {
		t.Helper()
		var data struct{ Recommend []rankedConf }
		mustDo(t, h, recommendQ, map[string]any{"s": "皮肤紫癜", "min": min}, &data)
		return data.Recommend
	}

	t.Run("Recommend", func(t *testing.T) {
		got := recommend(t, nil)
		if len(got) != 2 {
			t.Fatalf("recommend: %+v, want 2 hospitals", got)
		}
		for _, r := range got {
			want := evidence{"UNKNOWN", unknown}
			if r.Hospital.Name == suda.Name {
				want = evidence{"LIST", list}
			}
			if r.Confidence != want.Confidence || !slices.Equal(r.Methods, []string{want.Method}) ||
				len(r.Evidence) != 1 || r.Evidence[0] != want {
				t.Errorf("%s: %+v, want method %s, confidence %v", r.Hospital.Name, r, want.Method, want.Confidence)
			}
		}
	})

	t.Run("MinConfidence", func(t *testing.T) {
		for _, c := range []struct {
			name string
			min  float64
			want []string
		}{
			{"Zero", 0, []string{suda.Name, shili.Name}},
			{"KeptAtItsConfidence", list, []string{suda.Name}}, // 0.8 today
			{"DroppedAbove", min(1, list+0.05), nil},           // 0.85 today
		} {
			t.Run(c.name, func(t *testing.T) {
				var got []string
				for _, r := range recommend(t, c.min) {
					got = append(got, r.Hospital.Name)
				}
				slices.Sort(got)
				if !slices.Equal(got, c.want) {
					t.Errorf("recommend(minConfidence: %v) = %v, want %v", c.min, got, c.want)
				}
				var data struct {
					Links struct {
						TotalCount int
						Edges      []struct {
							Node struct {
								Hospital   struct{ Name string }
								Confidence float64
								Methods    []string
							}
						}
					}
				}
				mustDo(t, h, `query($min: Float) { links(filter: {symptom: "皮肤紫癜", minConfidence: $min}) {
					totalCount edges { node { hospital { name } confidence methods } } } }`, map[string]any{"min": c.min}, &data)
				got = nil
				for _, e := range data.Links.Edges {
					got = append(got, e.Node.Hospital.Name)
					if n := e.Node; n.Hospital.Name == suda.Name && (n.Confidence != list || !slices.Equal(n.Methods, []string{"LIST"})) {
						t.Errorf("link of %s: confidence %v, methods %v", suda.Name, n.Confidence, n.Methods)
					}
				}
				if !slices.Equal(got, c.want) || data.Links.TotalCount != len(c.want) {
					t.Errorf("links(minConfidence: %v) = %v (%d), want %v", c.min, got, data.Links.TotalCount, c.want)
				}
			})
		}
	})

	t.Run("ErrMinConfidenceOutOfRange", func(t *testing.T) {
		for _, min := range []float64{-0.1, 1.5} {
			errs := do(t, h, recommendQ, map[string]any{"s": "皮肤紫癜", "min": min}, nil)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Message, "invalid argument minConfidence:") {
				t.Errorf("recommend(minConfidence: %v): %+v, want an invalid argument", min, errs)
			}
			errs = do(t, h, `query($min: Float) { links(filter: {minConfidence: $min}) { totalCount } }`, map[string]any{"min": min}, nil)
			if len(errs) != 1 || !strings.HasPrefix(errs[0].Message, "invalid argument minConfidence:") {
				t.Errorf("links(minConfidence: %v): %+v, want an invalid argument", min, errs)
			}
		}
	})

	t.Run("RecommendationsAndEdges", func(t *testing.T) {
		var data struct {
			Symptom struct {
				Recommendations []struct {
					Hospital   struct{ Name string }
					Confidence float64
					Methods    []string
				}
			}
			Paths []struct {
				Edges []struct {
					Type       string
					Confidence float64
					Methods    []string
					Evidence   []evidence
				}
			}
		}
		mustDo(t, h, `{ symptom(name: "皮肤紫癜") { recommendations { hospital { name } confidence methods } }
			paths(from: "Hospital/苏州大学附属第一医院", to: "Symptom/皮肤紫癜", maxHops: 1) {
				edges { type confidence methods evidence { method confidence } } } }`, nil, &data)
		n := 0
		for _, r := range data.Symptom.Recommendations {
			if r.Hospital.Name == suda.Name {
				n++
				if r.Confidence != list || !slices.Equal(r.Methods, []string{"LIST"}) {
					t.Errorf("recommendation: confidence %v, methods %v", r.Confidence, r.Methods)
				}
			}
		}
		if n != 1 {
			t.Errorf("recommendations: %+v, want %s once", data.Symptom.Recommendations, suda.Name)
		}
		if len(data.Paths) != 1 || len(data.Paths[0].Edges) != 1 {
			t.Fatalf("paths: %+v, want one of one edge", data.Paths)
		}
		e := data.Paths[0].Edges[0]
		if e.Type != "RECOMMENDED_FOR" || e.Confidence != list || !slices.Equal(e.Methods, []string{"LIST"}) ||
			len(e.Evidence) != 1 || e.Evidence[0] != (evidence{"LIST", list}) {
			t.Errorf("edge: %+v", e)
		}
	})

	// A mention is not read by a method: UNKNOWN.
	t.Run("MentionIsUnknown", func(t *testing.T) {
		var data struct {
			Hospital struct{ Mentions []evidence }
		}
		mustDo(t, h, `{ hospital(name: "苏州大学附属第一医院") { mentions { method confidence } } }`, nil, &data)
		if len(data.Hospital.Mentions) == 0 {
			t.Fatal("no mentions")
		}
		for _, m := range data.Hospital.Mentions {
			if m != (evidence{"UNKNOWN", unknown}) {
				t.Errorf("mention: %+v", m)
			}
		}
	})
}
