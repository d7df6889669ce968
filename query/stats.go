package query

import (
	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Stats counts the graph.
type Stats struct {
	Documents int
	Entities  []KindCount     // in the order of kg.Kinds
	Relations []RelationCount // in the order of kg.RelationTypes
	Cities    []CityStats     // the cities with a hospital, by name
	Provinces []ProvinceStats // every province, by name
}

// KindCount is the number of entities of a kind.
type KindCount struct {
	Kind  kg.Kind
	Count int
}

// RelationCount is the number of relations of a type, and of the pieces
// of evidence that state them.
type RelationCount struct {
	Type            kg.RelationType
	Count, Evidence int
}

// CityStats counts a city's hospitals, the distinct symptoms they are
// recommended for, and their recommendations.
type CityStats struct {
	City                                 kg.Entity
	Hospitals, Symptoms, Recommendations int
}

// ProvinceStats counts a province's cities (a municipality counts itself),
// the hospitals of those cities, and their recommendations.
type ProvinceStats struct {
	Province                           kg.Entity
	Cities, Hospitals, Recommendations int
}

// Count returns the Stats of x.
func Count(x *index.Index) Stats {
	st := Stats{Documents: x.NumDocuments()}
	for _, k := range kg.Kinds {
		st.Entities = append(st.Entities, KindCount{Kind: k, Count: len(x.Refs(k))})
	}
	for _, t := range kg.RelationTypes {
		rc := RelationCount{Type: t, Count: len(x.Links(t))}
		for _, l := range x.Links(t) {
			rc.Evidence += x.EvidenceCount(l)
		}
		st.Relations = append(st.Relations, rc)
	}
	// recs counts the links and distinct symptoms of a set of hospitals.
	recs := func(hs []kg.EntityRef) (links, symptoms int) {
		seen := Set{}
		for _, h := range hs {
			ss := x.Out(h, kg.RecommendedFor)
			links += len(ss)
			for _, s := range ss {
				seen[s] = true
			}
		}
		return links, len(seen)
	}
	for _, c := range x.Entities(kg.KindCity) {
		hs := x.In(c.EntityRef, kg.LocatedIn)
		if len(hs) == 0 {
			continue
		}
		links, symptoms := recs(hs)
		st.Cities = append(st.Cities, CityStats{City: c, Hospitals: len(hs), Symptoms: symptoms, Recommendations: links})
	}
	for _, p := range x.Entities(kg.KindProvince) {
		cs := CitiesOf(x, p.EntityRef)
		seen := Set{}
		var hs []kg.EntityRef
		for _, c := range cs {
			for _, h := range x.In(c, kg.LocatedIn) {
				if !seen[h] {
					seen[h] = true
					hs = append(hs, h)
				}
			}
		}
		links, _ := recs(hs)
		st.Provinces = append(st.Provinces, ProvinceStats{Province: p, Cities: len(cs), Hospitals: len(hs), Recommendations: links})
	}
	return st
}
