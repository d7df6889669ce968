package resolvers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/query"
	"github.com/medkg/medkg/resolvers/internal/model"
	"github.com/medkg/medkg/resolvers/internal/scalar"
)

// The filters of the lists. Every filter type has conditions of its own and
// the same logic around them (schema/list.graphqls): its conditions all
// hold, each of AND holds, one of OR holds, NOT does not. A filter is built
// once per list into a test over one index; a nil test lets everything
// through.

// Bounds of one filter, so that a request cannot make a test of any size:
// how deep AND, OR and NOT nest, and how many values it names in all.
const (
	maxFilterDepth  = 5
	maxFilterValues = 100
)

// test is a filter's test of one T over one index.
type test[T any] func(x *index.Index) func(T) bool

// filterTree is what a filter type gives the logic: its own conditions as
// tests and named arguments, and its AND, OR and NOT.
type filterTree[F, T any] struct {
	own     func(f *F) []test[T]
	names   func(f *F) []namedArg
	values  func(f *F) int // how many values its own conditions name
	logical func(f *F) (and, or []*F, not *F)
	check   func(f *F) error // of its own conditions' values; nil if none can be wrong
}

// builtFilter is a filter made ready: its test, the names it gives for
// "did you mean", and whether an unknown name might not empty the list (it
// is under an OR or a NOT), so that the names are looked up even when the
// list has entries.
type builtFilter[T any] struct {
	test      test[T]
	names     []namedArg
	mayOutrun bool
}

// build makes f's test, or an *ArgumentError if f is over the bounds.
func (t filterTree[F, T]) build(f *F) (builtFilter[T], error) {
	var b builtFilter[T]
	values := 0
	// under says whether f is under an OR or a NOT.
	var walk func(f *F, path string, depth int, under bool) (test[T], error)
	walk = func(f *F, path string, depth int, under bool) (test[T], error) {
		if depth > maxFilterDepth {
			return nil, &ArgumentError{Arg: path, Reason: fmt.Sprintf("filters nest more than %d deep", maxFilterDepth)}
		}
		if values += t.values(f); values > maxFilterValues {
			return nil, &ArgumentError{Arg: "filter", Reason: fmt.Sprintf("names more than %d values", maxFilterValues)}
		}
		if t.check != nil {
			if err := t.check(f); err != nil {
				return nil, err
			}
		}
		for _, n := range t.names(f) {
			n.arg = path + "." + n.arg
			b.names = append(b.names, n)
		}
		b.mayOutrun = b.mayOutrun || under
		tests := t.own(f)
		and, or, not := t.logical(f)
		for i, g := range and {
			s, err := walk(g, fmt.Sprintf("%s.AND[%d]", path, i), depth+1, under)
			if err != nil {
				return nil, err
			}
			tests = append(tests, s)
		}
		if or != nil {
			alts := make([]test[T], len(or))
			for i, g := range or {
				s, err := walk(g, fmt.Sprintf("%s.OR[%d]", path, i), depth+1, true)
				if err != nil {
					return nil, err
				}
				alts[i] = s
			}
			tests = append(tests, anyOf(alts))
		}
		if not != nil {
			s, err := walk(not, path+".NOT", depth+1, true)
			if err != nil {
				return nil, err
			}
			tests = append(tests, noneOf(s))
		}
		return allOf(tests), nil
	}
	if f == nil {
		return b, nil
	}
	var err error
	b.test, err = walk(f, "filter", 1, false)
	return b, err
}

// allOf holds where every test holds; nil (everything) if none is given.
func allOf[T any](tests []test[T]) test[T] {
	tests = slices.DeleteFunc(tests, func(t test[T]) bool { return t == nil })
	switch len(tests) {
	case 0:
		return nil
	case 1:
		return tests[0]
	}
	return func(x *index.Index) func(T) bool {
		ts := each(tests, func(t test[T]) func(T) bool { return t(x) })
		return func(v T) bool {
			for _, t := range ts {
				if !t(v) {
					return false
				}
			}
			return true
		}
	}
}

// anyOf holds where one of tests holds; an empty list holds nowhere, and a
// nil test (no condition) everywhere.
func anyOf[T any](tests []test[T]) test[T] {
	if slices.ContainsFunc(tests, func(t test[T]) bool { return t == nil }) {
		return nil
	}
	return func(x *index.Index) func(T) bool {
		ts := each(tests, func(t test[T]) func(T) bool { return t(x) })
		return func(v T) bool { return slices.ContainsFunc(ts, func(t func(T) bool) bool { return t(v) }) }
	}
}

// noneOf holds where t does not; a nil t (no condition) holds everywhere,
// so its negation nowhere.
func noneOf[T any](t test[T]) test[T] {
	return func(x *index.Index) func(T) bool {
		if t == nil {
			return func(T) bool { return false }
		}
		holds := t(x)
		return func(v T) bool { return !holds(v) }
	}
}

// The conditions the filter types share.

// nameContains holds for an entity part is in the canonical name or an
// alias of, ignoring case.
func nameContains(part *string) test[kg.Entity] {
	if part == nil {
		return nil
	}
	lower := strings.ToLower(*part)
	return func(*index.Index) func(kg.Entity) bool {
		return func(e kg.Entity) bool {
			return strings.Contains(strings.ToLower(e.Name), lower) ||
				slices.ContainsFunc(e.Aliases, func(a string) bool { return strings.Contains(strings.ToLower(a), lower) })
		}
	}
}

// oneOf holds for the entities of kind that names name (query.Find).
func oneOf(kind kg.Kind, names []string) test[kg.Entity] {
	if names == nil {
		return nil
	}
	return func(x *index.Index) func(kg.Entity) bool {
		set := query.Set{}
		for _, n := range names {
			for _, r := range query.Find(x, kind, n) {
				set[r] = true
			}
		}
		return func(e kg.Entity) bool { return set[e.EntityRef] }
	}
}

// related holds for the entities that have a rel link to (out) or from
// (!out) an entity of kind that name names.
func related(name *string, kind kg.Kind, rel kg.RelationType, out bool) test[kg.Entity] {
	if name == nil {
		return nil
	}
	return func(x *index.Index) func(kg.Entity) bool {
		set := query.Named(x, kind, *name)
		return func(e kg.Entity) bool {
			if out {
				return set.Any(x.Out(e.EntityRef, rel))
			}
			return set.Any(x.In(e.EntityRef, rel))
		}
	}
}

// inSet holds for the entities set(x) holds; nil set lets all through.
func inSet(set func(x *index.Index) query.Set) test[kg.Entity] {
	return func(x *index.Index) func(kg.Entity) bool {
		s := set(x)
		return func(e kg.Entity) bool { return s == nil || s[e.EntityRef] }
	}
}

// listNames are the named arguments of an `in` list.
func listNames(arg string, kind kg.Kind, names []string) []namedArg {
	out := make([]namedArg, len(names))
	for i := range names {
		out[i] = namedArg{arg: fmt.Sprintf("%s[%d]", arg, i), kind: kind, value: &names[i]}
	}
	return out
}

// count is how many values a filter's own conditions name.
func count(names []string, single ...*string) int {
	n := len(names)
	for _, s := range single {
		if s != nil {
			n++
		}
	}
	return n
}

// The filter of each list.

var hospitalFilters = filterTree[model.HospitalFilter, kg.Entity]{
	own: func(f *model.HospitalFilter) []test[kg.Entity] {
		var where test[kg.Entity]
		if f.City != nil || f.Province != nil {
			where = inSet(query.Place{City: f.City, Province: f.Province}.Hospitals)
		}
		return []test[kg.Entity]{where,
			related(f.Symptom, kg.KindSymptom, kg.RecommendedFor, true),
			related(f.Department, kg.KindDepartment, kg.HasDepartment, true),
			nameContains(f.NameContains), oneOf(kg.KindHospital, f.In)}
	},
	names: func(f *model.HospitalFilter) []namedArg {
		return append([]namedArg{{arg: "city", kind: kg.KindCity, value: f.City}, {arg: "province", kind: kg.KindProvince, value: f.Province},
			{arg: "symptom", kind: kg.KindSymptom, value: f.Symptom}, {arg: "department", kind: kg.KindDepartment, value: f.Department}},
			listNames("in", kg.KindHospital, f.In)...)
	},
	values: func(f *model.HospitalFilter) int {
		return count(f.In, f.City, f.Province, f.Symptom, f.Department, f.NameContains)
	},
	logical: func(f *model.HospitalFilter) ([]*model.HospitalFilter, []*model.HospitalFilter, *model.HospitalFilter) {
		return f.And, f.Or, f.Not
	},
}

var symptomFilters = filterTree[model.SymptomFilter, kg.Entity]{
	own: func(f *model.SymptomFilter) []test[kg.Entity] {
		var category, where test[kg.Entity]
		if f.Category != nil {
			category = func(*index.Index) func(kg.Entity) bool {
				return func(e kg.Entity) bool { return newSymptom(e).Category == *f.Category }
			}
		}
		if f.City != nil {
			where = func(x *index.Index) func(kg.Entity) bool {
				hospitals := query.Place{City: f.City}.Hospitals(x)
				return func(e kg.Entity) bool { return hospitals.Any(x.In(e.EntityRef, kg.RecommendedFor)) }
			}
		}
		return []test[kg.Entity]{category, where,
			related(f.Hospital, kg.KindHospital, kg.RecommendedFor, false),
			related(f.Department, kg.KindDepartment, kg.DepartmentFor, false),
			nameContains(f.NameContains), oneOf(kg.KindSymptom, f.In)}
	},
	names: func(f *model.SymptomFilter) []namedArg {
		return append([]namedArg{{arg: "city", kind: kg.KindCity, value: f.City}, {arg: "hospital", kind: kg.KindHospital, value: f.Hospital},
			{arg: "department", kind: kg.KindDepartment, value: f.Department}}, listNames("in", kg.KindSymptom, f.In)...)
	},
	values: func(f *model.SymptomFilter) int { return count(f.In, f.City, f.Hospital, f.Department, f.NameContains) },
	logical: func(f *model.SymptomFilter) ([]*model.SymptomFilter, []*model.SymptomFilter, *model.SymptomFilter) {
		return f.And, f.Or, f.Not
	},
}

var cityFilters = filterTree[model.CityFilter, kg.Entity]{
	own: func(f *model.CityFilter) []test[kg.Entity] {
		var province, level test[kg.Entity]
		if f.Province != nil {
			province = func(x *index.Index) func(kg.Entity) bool {
				cities := query.Set{}
				for _, p := range query.Find(x, kg.KindProvince, *f.Province) {
					for _, c := range query.CitiesOf(x, p) {
						cities[c] = true
					}
				}
				return func(e kg.Entity) bool { return cities[e.EntityRef] }
			}
		}
		if f.Level != nil {
			level = func(*index.Index) func(kg.Entity) bool {
				return func(e kg.Entity) bool { l := newCity(e).Level; return l != nil && *l == *f.Level }
			}
		}
		return []test[kg.Entity]{province, level, nameContains(f.NameContains), oneOf(kg.KindCity, f.In)}
	},
	names: func(f *model.CityFilter) []namedArg {
		return append([]namedArg{{arg: "province", kind: kg.KindProvince, value: f.Province}}, listNames("in", kg.KindCity, f.In)...)
	},
	values: func(f *model.CityFilter) int { return count(f.In, f.Province, f.NameContains) },
	logical: func(f *model.CityFilter) ([]*model.CityFilter, []*model.CityFilter, *model.CityFilter) {
		return f.And, f.Or, f.Not
	},
}

var provinceFilters = filterTree[model.ProvinceFilter, kg.Entity]{
	own: func(f *model.ProvinceFilter) []test[kg.Entity] {
		return []test[kg.Entity]{nameContains(f.NameContains), oneOf(kg.KindProvince, f.In)}
	},
	names:  func(f *model.ProvinceFilter) []namedArg { return listNames("in", kg.KindProvince, f.In) },
	values: func(f *model.ProvinceFilter) int { return count(f.In, f.NameContains) },
	logical: func(f *model.ProvinceFilter) ([]*model.ProvinceFilter, []*model.ProvinceFilter, *model.ProvinceFilter) {
		return f.And, f.Or, f.Not
	},
}

var regionFilters = filterTree[model.RegionFilter, kg.Entity]{
	own: func(f *model.RegionFilter) []test[kg.Entity] {
		var kind, in test[kg.Entity]
		if f.Kind != nil {
			kind = func(*index.Index) func(kg.Entity) bool {
				return func(e kg.Entity) bool { return modelKind(e.Kind) == *f.Kind }
			}
		}
		if f.In != nil {
			provinces, cities := oneOf(kg.KindProvince, f.In), oneOf(kg.KindCity, f.In)
			in = func(x *index.Index) func(kg.Entity) bool {
				p, c := provinces(x), cities(x)
				return func(e kg.Entity) bool { return p(e) || c(e) }
			}
		}
		return []test[kg.Entity]{kind, in, nameContains(f.NameContains)}
	},
	names: func(f *model.RegionFilter) []namedArg {
		out := listNames("in", kg.KindCity, f.In)
		for i := range out {
			out[i].match = byRegion
		}
		return out
	},
	values: func(f *model.RegionFilter) int { return count(f.In, f.NameContains) },
	logical: func(f *model.RegionFilter) ([]*model.RegionFilter, []*model.RegionFilter, *model.RegionFilter) {
		return f.And, f.Or, f.Not
	},
}

var departmentFilters = filterTree[model.DepartmentFilter, kg.Entity]{
	own: func(f *model.DepartmentFilter) []test[kg.Entity] {
		return []test[kg.Entity]{related(f.Hospital, kg.KindHospital, kg.HasDepartment, false),
			related(f.Symptom, kg.KindSymptom, kg.DepartmentFor, true),
			nameContains(f.NameContains), oneOf(kg.KindDepartment, f.In)}
	},
	names: func(f *model.DepartmentFilter) []namedArg {
		return append([]namedArg{{arg: "hospital", kind: kg.KindHospital, value: f.Hospital}, {arg: "symptom", kind: kg.KindSymptom, value: f.Symptom}},
			listNames("in", kg.KindDepartment, f.In)...)
	},
	values: func(f *model.DepartmentFilter) int { return count(f.In, f.Hospital, f.Symptom, f.NameContains) },
	logical: func(f *model.DepartmentFilter) ([]*model.DepartmentFilter, []*model.DepartmentFilter, *model.DepartmentFilter) {
		return f.And, f.Or, f.Not
	},
}

var policyFilters = filterTree[model.InsurancePolicyFilter, kg.Entity]{
	own: func(f *model.InsurancePolicyFilter) []test[kg.Entity] {
		var region test[kg.Entity]
		if f.Region != nil {
			region = func(x *index.Index) func(kg.Entity) bool {
				places := query.Set{}
				for _, k := range []kg.Kind{kg.KindProvince, kg.KindCity} {
					for _, r := range query.Find(x, k, *f.Region) {
						places[r] = true
					}
				}
				return func(e kg.Entity) bool { return places.Any(x.Out(e.EntityRef, kg.PolicyAppliesIn)) }
			}
		}
		return []test[kg.Entity]{region, nameContains(f.NameContains), oneOf(kg.KindPolicy, f.In)}
	},
	names: func(f *model.InsurancePolicyFilter) []namedArg {
		return append([]namedArg{{arg: "region", kind: kg.KindCity, value: f.Region, match: byRegion}}, listNames("in", kg.KindPolicy, f.In)...)
	},
	values: func(f *model.InsurancePolicyFilter) int { return count(f.In, f.Region, f.NameContains) },
	logical: func(f *model.InsurancePolicyFilter) ([]*model.InsurancePolicyFilter, []*model.InsurancePolicyFilter, *model.InsurancePolicyFilter) {
		return f.And, f.Or, f.Not
	},
}

var documentFilters = filterTree[model.DocumentFilter, kg.Document]{
	own: func(f *model.DocumentFilter) []test[kg.Document] {
		var title, in, from, to, mentions test[kg.Document]
		if f.TitleContains != nil {
			part := strings.ToLower(*f.TitleContains)
			title = func(*index.Index) func(kg.Document) bool {
				return func(d kg.Document) bool { return strings.Contains(strings.ToLower(d.Title), part) }
			}
		}
		if f.In != nil {
			in = func(*index.Index) func(kg.Document) bool {
				return func(d kg.Document) bool { return slices.Contains(f.In, d.File) }
			}
		}
		if f.DateFrom != nil {
			day := string(*f.DateFrom)
			from = func(*index.Index) func(kg.Document) bool {
				return func(d kg.Document) bool { return d.Date != "" && d.Date >= day }
			}
		}
		if f.DateTo != nil {
			day := string(*f.DateTo)
			to = func(*index.Index) func(kg.Document) bool {
				return func(d kg.Document) bool { return d.Date != "" && d.Date <= day }
			}
		}
		if f.Mentions != nil {
			mentions = func(x *index.Index) func(kg.Document) bool {
				files := make(map[string]bool)
				if kind, name, ok := parseID(*f.Mentions); ok {
					for _, r := range x.MentionsOf(kg.EntityRef{Kind: kind, Name: name}) {
						files[x.Doc(r.Doc).File] = true
					}
				}
				return func(d kg.Document) bool { return files[d.File] }
			}
		}
		return []test[kg.Document]{title, in, from, to, mentions}
	},
	names: func(f *model.DocumentFilter) []namedArg {
		if f.Mentions == nil {
			return nil
		}
		return []namedArg{idArg("mentions", *f.Mentions)}
	},
	values: func(f *model.DocumentFilter) int {
		n := count(f.In, f.TitleContains, f.Mentions)
		for _, d := range []*scalar.Date{f.DateFrom, f.DateTo} {
			if d != nil {
				n++
			}
		}
		return n
	},
	logical: func(f *model.DocumentFilter) ([]*model.DocumentFilter, []*model.DocumentFilter, *model.DocumentFilter) {
		return f.And, f.Or, f.Not
	},
}

// keep returns what t lets through of all.
func keep[T any](x *index.Index, all []T, t test[T]) []T {
	if t == nil {
		return all
	}
	holds := t(x)
	return slices.DeleteFunc(all, func(v T) bool { return !holds(v) })
}

var linkFilters = filterTree[model.LinkFilter, *query.Candidate]{
	own: func(f *model.LinkFilter) []test[*query.Candidate] {
		least, _ := minConfidence(f.MinConfidence) // checked by check
		qf := query.LinkFilter{
			Place:    query.Place{City: f.City, Province: f.Province},
			Hospital: f.Hospital, Department: f.Department, Symptom: f.Symptom,
			MinConfidence: least,
		}
		if f.Category != nil {
			c := kg.CategorySymptom
			if *f.Category == model.SymptomCategoryCondition {
				c = kg.CategoryCondition
			}
			qf.Category = &c
		}
		tests := []test[*query.Candidate]{qf.Test}
		for _, in := range []struct {
			kind  kg.Kind
			names []string
			end   func(kg.Link) kg.EntityRef
		}{{kg.KindHospital, f.HospitalIn, func(l kg.Link) kg.EntityRef { return l.From }}, {kg.KindSymptom, f.SymptomIn, func(l kg.Link) kg.EntityRef { return l.To }}} {
			if in.names == nil {
				continue
			}
			names := oneOf(in.kind, in.names)
			tests = append(tests, func(x *index.Index) func(*query.Candidate) bool {
				holds := names(x)
				return func(c *query.Candidate) bool { return holds(kg.Entity{EntityRef: in.end(c.Link)}) }
			})
		}
		return tests
	},
	names: func(f *model.LinkFilter) []namedArg {
		return slices.Concat([]namedArg{{arg: "city", kind: kg.KindCity, value: f.City}, {arg: "province", kind: kg.KindProvince, value: f.Province},
			{arg: "hospital", kind: kg.KindHospital, value: f.Hospital}, {arg: "symptom", kind: kg.KindSymptom, value: f.Symptom},
			{arg: "department", kind: kg.KindDepartment, value: f.Department}},
			listNames("hospitalIn", kg.KindHospital, f.HospitalIn), listNames("symptomIn", kg.KindSymptom, f.SymptomIn))
	},
	values: func(f *model.LinkFilter) int {
		return count(slices.Concat(f.HospitalIn, f.SymptomIn), f.City, f.Province, f.Hospital, f.Symptom, f.Department)
	},
	logical: func(f *model.LinkFilter) ([]*model.LinkFilter, []*model.LinkFilter, *model.LinkFilter) {
		return f.And, f.Or, f.Not
	},
	check: func(f *model.LinkFilter) error {
		_, err := minConfidence(f.MinConfidence)
		return err
	},
}
