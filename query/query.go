// Package query answers the questions the API asks of the graph —
// recommend, links, stats, search, paths and neighbourhood — over the
// store's in-memory index.Index, in plain Go types; the resolvers only
// translate GraphQL arguments to these calls and their answers back.
//
// A new query goes here, as a function over *index.Index with its own
// test; a new entity attribute goes in kg.Entity and the packages that
// store it (graph/index's package comment lists the files), and a query
// here reads it from Index.Entity.
//
// Every function reads one index, which no write changes (a write makes a
// new one), so none of them locks anything. Arguments are taken as given:
// the caller checks them against the limits exported here.
package query

import (
	"slices"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Set is a set of entities. A nil Set, where a function says so, means
// "no condition".
type Set map[kg.EntityRef]bool

// Any reports whether any of refs is in s.
func (s Set) Any(refs []kg.EntityRef) bool {
	return slices.ContainsFunc(refs, func(r kg.EntityRef) bool { return s[r] })
}

// Named returns the entities of kind that name names, as a Set (see Find).
func Named(x *index.Index, kind kg.Kind, name string) Set {
	s := Set{}
	for _, r := range Find(x, kind, name) {
		s[r] = true
	}
	return s
}

// CitiesOf returns the cities of a province. A municipality (上海) is a
// province and a city of the same name, and is a city of itself.
func CitiesOf(x *index.Index, p kg.EntityRef) []kg.EntityRef {
	cs := x.In(p, kg.InProvince)
	self := kg.EntityRef{Kind: kg.KindCity, Name: p.Name}
	if _, ok := x.Entity(self); ok && !slices.Contains(cs, self) {
		cs = append(slices.Clone(cs), self)
	}
	return cs
}

// Place narrows a question to the hospitals of a city, of a province, or
// both (both must hold); nil is no condition. Names are read as Find reads
// them (苏州市, 苏州, suzhou).
type Place struct {
	City, Province *string
}

// Hospitals returns the hospitals of the place, or nil if it sets no
// condition. An unknown name gives an empty set, not nil.
func (p Place) Hospitals(x *index.Index) Set {
	var out Set
	intersect := func(s Set) {
		if out == nil {
			out = s
			return
		}
		for r := range out {
			if !s[r] {
				delete(out, r)
			}
		}
	}
	if p.City != nil {
		s := Set{}
		for _, c := range Find(x, kg.KindCity, *p.City) {
			for _, h := range x.In(c, kg.LocatedIn) {
				s[h] = true
			}
		}
		intersect(s)
	}
	if p.Province != nil {
		s := Set{}
		for _, pr := range Find(x, kg.KindProvince, *p.Province) {
			for _, c := range CitiesOf(x, pr) {
				for _, h := range x.In(c, kg.LocatedIn) {
					s[h] = true
				}
			}
		}
		intersect(s)
	}
	return out
}
