package resolvers_test

import (
	"slices"
	"strings"
	"testing"
)

type edge struct {
	Type     string
	From, To struct {
		Typename string `json:"__typename"`
		Name     string
	}
	Evidence []struct {
		Snippet  string
		Document struct{ File string }
	}
}

type path struct {
	Length int
	Nodes  []struct {
		Typename string `json:"__typename"`
		Name     string
	}
	Edges []edge
}

const pathsQuery = `query($from: ID!, $to: ID!, $max: Int) { paths(from: $from, to: $to, maxHops: $max) {
  length nodes { __typename name } edges { type from { __typename name } to { __typename name } evidence { snippet document { file } } } } }`

// How two entities of the seeds are linked, with the evidence of each step.
func TestPaths(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	g := loadGold(t)
	paths := func(t *testing.T, from, to string, max any) []path {
		t.Helper()
		var data struct{ Paths []path }
		mustDo(t, h, pathsQuery, map[string]any{"from": from, "to": to, "max": max}, &data)
		for _, p := range data.Paths {
			if len(p.Edges) != p.Length || len(p.Nodes) != p.Length+1 {
				t.Errorf("path %+v", p)
			}
			for i, e := range p.Edges {
				// Each edge joins consecutive nodes, in either direction.
				a, b := p.Nodes[i].Name, p.Nodes[i+1].Name
				if !(e.From.Name == a && e.To.Name == b || e.From.Name == b && e.To.Name == a) {
					t.Errorf("edge %d %+v does not join %s and %s", i, e, a, b)
				}
				if len(e.Evidence) == 0 || e.Evidence[0].Snippet == "" || e.Evidence[0].Document.File == "" {
					t.Errorf("edge %+v without evidence", e)
				}
			}
		}
		return data.Paths
	}
	t.Run("PolicyToHospital", func(t *testing.T) {
		ps := paths(t, "InsurancePolicy/家庭共济", "Hospital/苏州大学附属第一医院", nil)
		if len(ps) != 1 || ps[0].Length != 2 || ps[0].Nodes[1].Name != "苏州" ||
			ps[0].Edges[0].Type != "POLICY_APPLIES_IN" || ps[0].Edges[1].Type != "LOCATED_IN" ||
			ps[0].Edges[1].From.Name != "苏州大学附属第一医院" {
			t.Errorf("%+v", ps)
		}
	})
	t.Run("SymptomToCityThroughEachHospital", func(t *testing.T) {
		var want []string
		for _, name := range g.recommended("皮肤紫癜", "苏州") {
			want = append(want, canonical(t, h, "hospital", name))
		}
		slices.Sort(want)
		ps := paths(t, "Symptom/皮肤紫癜", "City/苏州", 4)
		var got []string
		for _, p := range ps {
			if p.Length != 2 || p.Nodes[1].Typename != "Hospital" || p.Edges[0].Type != "RECOMMENDED_FOR" {
				t.Errorf("%+v", p)
			}
			got = append(got, p.Nodes[1].Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("through %v, want %v (the gold's)", got, want)
		}
	})
	t.Run("NotWithinMaxHops", func(t *testing.T) {
		if ps := paths(t, "InsurancePolicy/家庭共济", "Hospital/苏州大学附属第一医院", 1); len(ps) != 0 {
			t.Errorf("%+v", ps)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		for _, vars := range []map[string]any{
			{"from": "Hospital/没有这家医院", "to": "City/苏州"},
			{"from": "City/苏州", "to": "City/苏州", "max": 7},
		} {
			if errs := do(t, h, pathsQuery, vars, nil); len(errs) != 1 {
				t.Errorf("%v: %+v", vars, errs)
			}
		}
	})
}

func TestNeighborhood(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	const q = `query($id: ID!, $hops: Int, $kinds: [EntityKind!]) { neighborhood(id: $id, hops: $hops, kinds: $kinds) {
	  nodes { __typename name } edges { type from { name } to { name } evidence { snippet } } truncated } }`
	type subgraph struct {
		Nodes []struct {
			Typename string `json:"__typename"`
			Name     string
		}
		Edges     []edge
		Truncated bool
	}
	var data struct{ Neighborhood subgraph }
	mustDo(t, h, q, map[string]any{"id": "City/苏州", "kinds": []string{"HOSPITAL"}}, &data)
	var names []string
	for _, n := range data.Neighborhood.Nodes {
		names = append(names, n.Name)
	}
	if want := append([]string{"苏州"}, suzhouHospitals...); !slices.Equal(names, want) || data.Neighborhood.Truncated {
		t.Errorf("苏州's hospitals: %v, want %v", names, want)
	}
	if len(data.Neighborhood.Edges) != 5 {
		t.Errorf("edges %+v", data.Neighborhood.Edges)
	}
	for _, e := range data.Neighborhood.Edges {
		if e.Type != "LOCATED_IN" || e.To.Name != "苏州" || len(e.Evidence) == 0 {
			t.Errorf("edge %+v", e)
		}
	}
	// Two hops, all kinds: the province, the policies, the symptoms of its
	// hospitals; every edge joins two of the nodes.
	mustDo(t, h, q, map[string]any{"id": "City/苏州", "hops": 2}, &data)
	in := map[string]bool{}
	for _, n := range data.Neighborhood.Nodes {
		in[n.Typename+"/"+n.Name] = true
	}
	for _, want := range []string{"Province/江苏", "InsurancePolicy/家庭共济", "Symptom/皮肤紫癜", "Hospital/苏州市立医院"} {
		if !in[want] {
			t.Errorf("2 hops from 苏州 miss %s", want)
		}
	}
	if errs := do(t, h, q, map[string]any{"id": "City/火星"}, nil); len(errs) != 1 {
		t.Errorf("unknown id: %+v", errs)
	}
	// hops is documented as 1 to 3: 0 and 4 are refused, naming the argument.
	for _, hops := range []int{0, 4} {
		errs := do(t, h, q, map[string]any{"id": "City/苏州", "hops": hops}, nil)
		if len(errs) != 1 || !strings.Contains(errs[0].Message, "hops") {
			t.Errorf("hops %d: %+v; want one error naming hops", hops, errs)
		}
	}
}
