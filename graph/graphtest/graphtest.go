// Package graphtest opens real graph stores for tests and makes synthetic
// extractions to fill them.
package graphtest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/kg"
)

// Open returns an empty bolt-backed store in a temporary directory, closed
// when the test ends. Creating it takes about 0.7 s: a new bolt store makes
// all its value buckets up front.
//
// Under the race detector, which boltdb/bolt cannot run under (see
// graph.ErrRaceBolt), the store is leveldb-backed instead: the same Cayley
// kv code over another file format.
func Open(tb testing.TB) *graph.Store {
	tb.Helper()
	if raceDetector {
		return OpenBackend(tb, "leveldb")
	}
	return OpenBackend(tb, "bolt")
}

// OpenBackend returns an empty store of a backend, closed when the test
// ends: bolt, leveldb or memstore in a temporary directory, or postgres in
// a new database (see OpenPostgres; the test skips if no server is set).
func OpenBackend(tb testing.TB, backend string) *graph.Store {
	tb.Helper()
	if backend == "postgres" {
		return OpenPostgres(tb)
	}
	s, err := graph.Open(context.Background(), backend, filepath.Join(tb.TempDir(), "kg"))
	if err != nil {
		tb.Fatalf("open %s store: %v", backend, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close %s store: %v", backend, err)
		}
	})
	return s
}

// Synthetic returns the i-th of a series of made-up documents, each like
// a real page: 10 related items, 4 hospitals in one city with 4 symptoms
// and 2 departments each, and a policy, drawn from pools shared across
// documents (5 provinces, 20 cities, 60 hospitals, 200 symptoms, 12
// departments): 30 relations (read by each method in turn) and 22
// mentions, 660 quads with its summary. The same i gives the same
// extraction.
func Synthetic(i int) *kg.Extraction {
	file := fmt.Sprintf("synthetic_%06d.txt", i)
	prov := kg.EntityRef{Kind: kg.KindProvince, Name: fmt.Sprintf("省%d", i%5)}
	city := kg.EntityRef{Kind: kg.KindCity, Name: fmt.Sprintf("市%d", i%20)}
	policy := kg.EntityRef{Kind: kg.KindPolicy, Name: fmt.Sprintf("医保政策%d", i%7)}
	ex := &kg.Extraction{
		Doc: kg.Document{File: file, Title: fmt.Sprintf("%s出现症状去哪家医院好", city.Name), Date: "2025-04-21"},
		Entities: []kg.Entity{
			{EntityRef: prov, Code: fmt.Sprintf("%02d", 30+i%5)},
			{EntityRef: city, Level: kg.LevelPrefecture, Code: fmt.Sprintf("%04d", 3000+i%20), Aliases: []string{city.Name + "市"}},
			{EntityRef: policy},
		},
	}
	var text []rune
	// say appends a sentence to the text and returns its span and source.
	say := func(s string, item int) (kg.Source, kg.Span) {
		start := len(text)
		text = append(text, []rune(s)...)
		src := kg.Source{Item: item}
		if item >= 0 {
			src.ItemTitle, src.Date = ex.Doc.Items[item].Title, ex.Doc.Items[item].Date
		}
		return src, kg.Span{Start: start, End: len(text), Snippet: s}
	}
	for k := range 10 {
		ex.Doc.Items = append(ex.Doc.Items, kg.Item{Index: k, Title: fmt.Sprintf("%s第%d条", city.Name, k), Date: fmt.Sprintf("2025-04-%02d", 10+k)})
	}
	relate := func(t kg.RelationType, from, to kg.EntityRef, item int) {
		src, span := say(from.Name+"与"+to.Name+"。", item)
		method := kg.Methods[len(ex.Relations)%len(kg.Methods)] // every method, in turn
		ex.Relations = append(ex.Relations, kg.Relation{Type: t, From: from, To: to, Method: method, Source: src, Span: span})
	}
	mention := func(e kg.EntityRef, item int) {
		src, span := say(e.Name+"。", item)
		ex.Mentions = append(ex.Mentions, kg.Mention{Entity: e, Surface: e.Name, Source: src, Span: span})
	}
	relate(kg.InProvince, city, prov, -1)
	relate(kg.PolicyAppliesIn, policy, prov, -1)
	mention(city, -1)
	mention(prov, -1)
	for h := range 4 {
		hosp := kg.EntityRef{Kind: kg.KindHospital, Name: fmt.Sprintf("第%d人民医院", (i*4+h)%60)}
		ex.Entities = append(ex.Entities, kg.Entity{EntityRef: hosp, Aliases: []string{fmt.Sprintf("%s(%s院区)", hosp.Name, city.Name)}})
		relate(kg.LocatedIn, hosp, city, h)
		mention(hosp, h)
		for y := range 4 {
			sym := kg.EntityRef{Kind: kg.KindSymptom, Name: fmt.Sprintf("症状%d", (i*3+h*4+y)%200)}
			if h == 0 {
				ex.Entities = append(ex.Entities, kg.Entity{EntityRef: sym, Category: kg.CategorySymptom})
			}
			relate(kg.RecommendedFor, hosp, sym, h+y)
			mention(sym, h+y)
		}
		for d := range 2 {
			dept := kg.EntityRef{Kind: kg.KindDepartment, Name: fmt.Sprintf("科室%d", (h+d)%12)}
			relate(kg.HasDepartment, hosp, dept, h)
		}
	}
	ex.Doc.Text = string(text)
	return ex
}
