package resolvers_test

import (
	"slices"
	"strings"
	"testing"
)

// edgeList is a connection's edges with their relation and evidence.
type edgeList struct {
	TotalCount int
	Edges      []relationEdge
}

// relationEdge is one edge of an edgeList.
type relationEdge struct {
	Cursor   string
	Relation *string
	Node     struct {
		Typename string `json:"__typename"`
		Name     string
	}
	Evidence []struct {
		Snippet    string
		Start, End int
		Method     string
	}
}

const edgeFields = `totalCount edges { cursor relation node { __typename ... on Entity { name } } evidence { snippet start end method } }`

// Every list a relation gives is a connection whose edges carry the
// relation and the passages that state it; a list of every entity of a
// kind carries none.
func TestEvidenceOnEdges(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	var data struct {
		Hospital struct {
			Cities, Departments, RecommendedFor edgeList
			Recommendations                     []struct {
				Symptom  struct{ Name string }
				Evidence []struct{ Snippet string }
			}
		}
		City       struct{ Hospitals, Policies edgeList }
		Province   struct{ Cities, Policies edgeList }
		Department struct{ Symptoms, Hospitals edgeList }
		Symptom    struct{ Departments, Hospitals edgeList }
		Policy     struct{ Regions edgeList }
		Hospitals  edgeList
	}
	mustDo(t, h, `{
	  hospital(name: "苏州大学附属第一医院") {
	    cities: citiesConnection { `+edgeFields+` }
	    departments: departmentsConnection { `+edgeFields+` }
	    recommendedFor: recommendedForConnection { `+edgeFields+` }
	    recommendations { symptom { name } evidence { snippet } }
	  }
	  city(name: "苏州") { hospitals: hospitalsConnection { `+edgeFields+` } policies: policiesConnection { `+edgeFields+` } }
	  province(name: "江苏") { cities: citiesConnection { `+edgeFields+` } policies: policiesConnection { `+edgeFields+` } }
	  department(name: "血液科") { symptoms: symptomsConnection { `+edgeFields+` } hospitals: hospitalsConnection { `+edgeFields+` } }
	  symptom(name: "皮肤紫癜") { departments: departmentsConnection { `+edgeFields+` } hospitals: hospitalsConnection { `+edgeFields+` } }
	  policy(name: "家庭共济") { regions: regionsConnection { `+edgeFields+` } }
	  hospitals(first: 3) { `+edgeFields+` }
	}`, nil, &data)

	for _, c := range []struct {
		name     string
		list     edgeList
		relation string
	}{
		{"hospital's cities", data.Hospital.Cities, "LOCATED_IN"},
		{"hospital's departments", data.Hospital.Departments, "HAS_DEPARTMENT"},
		{"hospital's symptoms", data.Hospital.RecommendedFor, "RECOMMENDED_FOR"},
		{"city's hospitals", data.City.Hospitals, "LOCATED_IN"},
		{"city's policies", data.City.Policies, "POLICY_APPLIES_IN"},
		{"province's cities", data.Province.Cities, "IN_PROVINCE"},
		{"department's symptoms", data.Department.Symptoms, "DEPARTMENT_FOR"},
		{"department's hospitals", data.Department.Hospitals, "HAS_DEPARTMENT"},
		{"symptom's departments", data.Symptom.Departments, "DEPARTMENT_FOR"},
		{"symptom's hospitals", data.Symptom.Hospitals, "RECOMMENDED_FOR"},
		{"policy's regions", data.Policy.Regions, "POLICY_APPLIES_IN"},
	} {
		if len(c.list.Edges) == 0 || c.list.TotalCount < len(c.list.Edges) {
			t.Errorf("%s: %d edges of %d", c.name, len(c.list.Edges), c.list.TotalCount)
		}
		for _, e := range c.list.Edges {
			if e.Relation == nil || *e.Relation != c.relation || len(e.Evidence) == 0 {
				t.Errorf("%s: %s, relation %v, %d pieces of evidence", c.name, e.Node.Name, e.Relation, len(e.Evidence))
				continue
			}
			for _, ev := range e.Evidence {
				if ev.End-ev.Start != len([]rune(ev.Snippet)) || ev.Snippet == "" || ev.Method == "" {
					t.Errorf("%s: %s: evidence %+v", c.name, e.Node.Name, ev)
				}
			}
		}
	}
	// The same relation reads the same evidence wherever it is seen.
	for _, rec := range data.Hospital.Recommendations {
		i := slices.IndexFunc(data.Hospital.RecommendedFor.Edges, func(e relationEdge) bool { return e.Node.Name == rec.Symptom.Name })
		if i < 0 || len(data.Hospital.RecommendedFor.Edges[i].Evidence) != len(rec.Evidence) {
			t.Errorf("%s: the edge and the recommendation read different evidence", rec.Symptom.Name)
		}
	}
	// A policy's regions: provinces first, then cities, each by name.
	var kinds []string
	for _, e := range data.Policy.Regions.Edges {
		kinds = append(kinds, e.Node.Typename)
	}
	if !slices.IsSortedFunc(kinds, func(a, b string) int { return -strings.Compare(a, b) }) {
		t.Errorf("regions in the order %v", kinds)
	}
	// A list of every hospital lists by no relation.
	for _, e := range data.Hospitals.Edges {
		if e.Relation != nil || len(e.Evidence) != 0 {
			t.Errorf("hospitals: %s has relation %v and %d pieces of evidence", e.Node.Name, e.Relation, len(e.Evidence))
		}
	}
}

// A policy's regions page like every connection.
func TestRegionsConnectionPages(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	q := `query($after: String) { policy(name: "家庭共济") { regionsConnection(first: 1, after: $after) {
	  totalCount pageInfo { hasNextPage endCursor } edges { node { ... on Entity { name } } } } } }`
	var seen []string
	var after any
	for range 10 {
		var data struct {
			Policy struct {
				RegionsConnection struct {
					TotalCount int
					PageInfo   struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct{ Node struct{ Name string } }
				}
			}
		}
		mustDo(t, h, q, map[string]any{"after": after}, &data)
		c := data.Policy.RegionsConnection
		for _, e := range c.Edges {
			seen = append(seen, e.Node.Name)
		}
		if !c.PageInfo.HasNextPage {
			if len(seen) != c.TotalCount || c.TotalCount < 2 {
				t.Errorf("paged through %v of %d", seen, c.TotalCount)
			}
			return
		}
		after = c.PageInfo.EndCursor
	}
	t.Errorf("no last page after %v", seen)
}
