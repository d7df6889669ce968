package resolvers_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
)

type hospitalPage struct {
	TotalCount int
	Edges      []struct {
		Cursor string
		Node   struct{ Name string }
	}
	PageInfo struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
}

func (p hospitalPage) names() []string {
	out := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		out[i] = e.Node.Name
	}
	return out
}

const hospitalsQuery = `query($f: HospitalFilter, $o: EntityOrder, $first: Int, $after: String, $last: Int, $before: String) {
  hospitals(filter: $f, orderBy: $o, first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`

func hospitals(t *testing.T, h http.Handler, vars map[string]any) hospitalPage {
	t.Helper()
	var data struct{ Hospitals hospitalPage }
	mustDo(t, h, hospitalsQuery, vars, &data)
	return data.Hospitals
}

// The seeds' 苏州 hospitals, as README.md lists them.
var suzhouHospitals = []string{"苏州大学附属儿童医院", "苏州大学附属第一医院", "苏州大学附属第二医院", "苏州市立医院", "苏州明基医院"}

func TestListFilters(t *testing.T) {
	h := seededHandler(t, seededStore(t))
	for _, tc := range []struct {
		name   string
		filter map[string]any
		want   []string
	}{
		{"City", map[string]any{"city": "苏州"}, suzhouHospitals},
		{"CityAlias", map[string]any{"city": "苏州市"}, suzhouHospitals},
		{"CityPinyin", map[string]any{"city": "suzhou"}, suzhouHospitals},
		{"SymptomPinyinInitials", map[string]any{"symptom": "pfzd", "city": "Su Zhou"}, []string{"苏州大学附属儿童医院", "苏州大学附属第一医院", "苏州市立医院"}},
		{"ProvinceAndSymptom", map[string]any{"province": "江苏省", "symptom": "紫癜"}, []string{"苏州大学附属儿童医院", "苏州大学附属第一医院", "苏州市立医院"}},
		{"SymptomAndDepartment", map[string]any{"symptom": "皮肤紫癜", "department": "血液科"}, []string{"汉中市中心医院", "苏州大学附属第一医院"}},
		{"NameContains", map[string]any{"nameContains": "苏州大学"}, []string{"常州市第一人民医院", "苏州大学附属儿童医院", "苏州大学附属第一医院", "苏州大学附属第二医院"}},
		{"NameContainsAlias", map[string]any{"nameContains": "常州二院"}, []string{"常州市第二人民医院"}},
		{"Unknown", map[string]any{"city": "火星"}, nil},
	} {
		t.Run("Hospitals"+tc.name, func(t *testing.T) {
			p := hospitals(t, h, map[string]any{"f": tc.filter})
			if got := p.names(); !slices.Equal(got, tc.want) || p.TotalCount != len(tc.want) {
				t.Errorf("%v: %d %v, want %v", tc.filter, p.TotalCount, got, tc.want)
			}
		})
	}
	t.Run("SymptomsByCategoryAndCity", func(t *testing.T) {
		var data struct {
			Symptoms struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Name, Category string
						Hospitals      []struct{ Cities []struct{ Name string } }
					}
				}
			}
		}
		mustDo(t, h, `{ symptoms(filter: {category: CONDITION, city: "常州"}, first: 500) {
			totalCount edges { node { name category hospitals { cities { name } } } } } }`, nil, &data)
		if data.Symptoms.TotalCount == 0 {
			t.Fatal("no conditions in 常州")
		}
		for _, e := range data.Symptoms.Edges {
			inCity := slices.ContainsFunc(e.Node.Hospitals, func(h struct{ Cities []struct{ Name string } }) bool {
				return slices.Contains(h.Cities, struct{ Name string }{"常州"})
			})
			if e.Node.Category != "CONDITION" || !inCity {
				t.Errorf("%+v", e.Node)
			}
		}
		// Every condition of a 常州 hospital (from the unfiltered list) is there.
		var all struct {
			City struct {
				Hospitals []struct {
					RecommendedFor []struct{ Name, Category string }
				}
			}
		}
		mustDo(t, h, `{ city(name: "常州") { hospitals { recommendedFor { name category } } } }`, nil, &all)
		want := map[string]bool{}
		for _, h := range all.City.Hospitals {
			for _, s := range h.RecommendedFor {
				if s.Category == "CONDITION" {
					want[s.Name] = true
				}
			}
		}
		if len(want) != data.Symptoms.TotalCount {
			t.Errorf("%d conditions, want %d", data.Symptoms.TotalCount, len(want))
		}
	})
	t.Run("CitiesByProvince", func(t *testing.T) {
		var data struct {
			Cities struct {
				Edges []struct {
					Node struct {
						Name     string
						Province *struct{ Name string }
					}
				}
			}
		}
		mustDo(t, h, `{ cities(filter: {province: "江苏"}) { edges { node { name province { name } } } } }`, nil, &data)
		if len(data.Cities.Edges) < 3 {
			t.Errorf("江苏 has %d cities", len(data.Cities.Edges))
		}
		for _, e := range data.Cities.Edges {
			if e.Node.Province == nil || e.Node.Province.Name != "江苏" {
				t.Errorf("%+v", e.Node)
			}
		}
	})
	t.Run("OrderByNameDesc", func(t *testing.T) {
		asc := hospitals(t, h, map[string]any{"first": 500}).names()
		p := hospitals(t, h, map[string]any{"first": 500, "o": map[string]any{"field": "NAME", "direction": "DESC"}})
		desc := p.names()
		slices.Reverse(desc)
		if len(asc) != 38 || !slices.Equal(asc, desc) {
			t.Errorf("DESC is not ASC reversed:\n%v\n%v", asc, desc)
		}
		// A cursor of one order is refused by another.
		errs := do(t, h, hospitalsQuery, map[string]any{"after": p.Edges[0].Cursor}, nil)
		if len(errs) != 1 || errs[0].Message != "invalid argument after: cursor is not from this list" {
			t.Errorf("DESC cursor in ASC list: %+v", errs)
		}
	})
	t.Run("LastAndBefore", func(t *testing.T) {
		all := hospitals(t, h, map[string]any{"first": 500}).names()
		last := hospitals(t, h, map[string]any{"last": 3})
		if !slices.Equal(last.names(), all[len(all)-3:]) || last.PageInfo.HasNextPage || !last.PageInfo.HasPreviousPage {
			t.Errorf("last 3: %v %+v", last.names(), last.PageInfo)
		}
		// Page backwards 10 at a time from the end, in DESC order too.
		for _, order := range []map[string]any{nil, {"field": "NAME", "direction": "DESC"}} {
			var got []string
			var before *string
			for range 10 {
				p := hospitals(t, h, map[string]any{"last": 10, "before": before, "o": order})
				got = append(p.names(), got...)
				if !p.PageInfo.HasPreviousPage {
					break
				}
				before = p.PageInfo.StartCursor
			}
			want := slices.Clone(all)
			if order != nil {
				slices.Reverse(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("backwards %v: %v", order, got)
			}
		}
		// Between two cursors.
		p := hospitals(t, h, map[string]any{"first": 500})
		mid := hospitals(t, h, map[string]any{"after": p.Edges[4].Cursor, "before": p.Edges[9].Cursor})
		if !slices.Equal(mid.names(), all[5:9]) {
			t.Errorf("between 4 and 9: %v", mid.names())
		}
		if errs := do(t, h, hospitalsQuery, map[string]any{"last": -1}, nil); len(errs) != 1 || errs[0].Message != "invalid argument last: page size -1 is negative" {
			t.Errorf("last -1: %+v", errs)
		}
	})
	t.Run("HospitalsConnections", func(t *testing.T) {
		var data struct {
			City    struct{ HospitalsConnection hospitalPage }
			Symptom struct{ HospitalsConnection hospitalPage }
		}
		const q = `query($after: String) {
		  city(name: "苏州") { hospitalsConnection(first: 2, after: $after) { totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }
		  symptom(name: "紫癜") { hospitalsConnection(last: 2) { totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage } } } }`
		var got []string
		var after *string
		for range 5 {
			mustDo(t, h, q, map[string]any{"after": after}, &data)
			got = append(got, data.City.HospitalsConnection.names()...)
			if !data.City.HospitalsConnection.PageInfo.HasNextPage {
				break
			}
			after = data.City.HospitalsConnection.PageInfo.EndCursor
		}
		if !slices.Equal(got, suzhouHospitals) || data.City.HospitalsConnection.TotalCount != 5 {
			t.Errorf("苏州 2 at a time: %v", got)
		}
		var more struct {
			Province struct {
				CitiesConnection    struct{ TotalCount int }
				HospitalsConnection hospitalPage
				Hospitals           []struct{ Name string }
				Cities              []struct{ Name string }
			}
			Department struct {
				HospitalsConnection hospitalPage
				Hospitals           []struct{ Name string }
			}
		}
		mustDo(t, h, `{ province(name: "江苏") { citiesConnection(first: 1) { totalCount } cities { name }
		    hospitalsConnection(last: 2) { totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage } } hospitals { name } }
		  department(name: "血液科") { hospitalsConnection(first: 1, orderBy: {field: NAME, direction: DESC}) { totalCount edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage } } hospitals { name } } }`, nil, &more)
		p, d := more.Province, more.Department
		if p.CitiesConnection.TotalCount != len(p.Cities) || p.HospitalsConnection.TotalCount != len(p.Hospitals) ||
			!slices.Equal(p.HospitalsConnection.names(), names(p.Hospitals)[len(p.Hospitals)-2:]) {
			t.Errorf("江苏: %+v", p)
		}
		if d.HospitalsConnection.TotalCount != len(d.Hospitals) || len(d.Hospitals) < 2 ||
			!slices.Equal(d.HospitalsConnection.names(), names(d.Hospitals)[len(d.Hospitals)-1:]) {
			t.Errorf("血液科: %+v", d)
		}
		s := data.Symptom.HospitalsConnection
		if s.TotalCount != 5 || !slices.Equal(s.names(), []string{"苏州大学附属第一医院", "苏州市立医院"}) || !s.PageInfo.HasPreviousPage {
			t.Errorf("紫癜, last 2: %+v", s)
		}
	})
}

// Ordered by supporting documents, a hospital two documents name comes
// first; names break ties.
func TestOrderByDocuments(t *testing.T) {
	ctx := context.Background()
	store := graphtest.Open(t)
	if _, err := store.Put(ctx, extraction(t)); err != nil {
		t.Fatal(err)
	}
	text := "南京鼓楼医院位于南京。"
	if _, err := store.Put(ctx, &kg.Extraction{
		Doc:       kg.Document{File: "b.txt", Title: "b", Text: text},
		Entities:  []kg.Entity{{EntityRef: gulou}, {EntityRef: nanjing}},
		Relations: []kg.Relation{{Type: kg.LocatedIn, From: gulou, To: nanjing, Source: kg.Source{Item: -1}, Span: kg.Span{Start: 0, End: 10, Snippet: "南京鼓楼医院位于南京"}}},
	}); err != nil {
		t.Fatal(err)
	}
	h := seededHandler(t, store)
	desc := map[string]any{"field": "DOCUMENTS", "direction": "DESC"}
	p := hospitals(t, h, map[string]any{"o": desc})
	want := []string{"南京鼓楼医院", "江苏省人民医院", "苏州大学附属第一医院", "苏州市立医院"}
	if !slices.Equal(p.names(), want) {
		t.Errorf("by documents: %v, want %v", p.names(), want)
	}
	// Paged one at a time with its own cursors.
	var got []string
	var after *string
	for range 5 {
		p := hospitals(t, h, map[string]any{"o": desc, "first": 1, "after": after})
		got = append(got, p.names()...)
		if !p.PageInfo.HasNextPage {
			break
		}
		after = p.PageInfo.EndCursor
	}
	if !slices.Equal(got, want) {
		t.Errorf("paged: %v", got)
	}
	asc := hospitals(t, h, map[string]any{"o": map[string]any{"field": "DOCUMENTS"}})
	if asc.names()[3] != "南京鼓楼医院" {
		t.Errorf("ascending: %v", asc.names())
	}
}
