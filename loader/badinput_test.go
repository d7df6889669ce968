package loader

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/seeds"
)

// TestBadInputBesideSeeds loads testdata/bad beside the seeds: each bad
// file is refused with the error that says why, each odd but readable one
// (GBK, BOM, CRLF, HTML, no related items, no date lines) loads, and the
// graph holds exactly the seeds' entities and relations, as the readable
// files are copies of seeds.
func TestBadInputBesideSeeds(t *testing.T) {
	ctx := context.Background()
	l := New(newTestExtractor(t), nil)
	load := func(store *graph.Store, fsys fs.FS) map[string]error {
		files, err := Files(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]error{}
		if _, err := l.Load(ctx, fsys, files, store, func(r Result) { got[r.File] = r.Err }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	alone := graphtest.OpenBackend(t, "memstore")
	load(alone, seeds.FS)

	beside := graphtest.OpenBackend(t, "memstore")
	load(beside, seeds.FS)
	results := load(beside, os.DirFS("testdata/bad"))

	// A 100 MB file, made here rather than committed.
	big := t.TempDir()
	if err := os.WriteFile(filepath.Join(big, "huge.txt"), bytes.Repeat([]byte("医保报销\n"), 100<<20/13), 0o644); err != nil {
		t.Fatal(err)
	}
	for f, err := range load(beside, os.DirFS(big)) {
		results[f] = err
	}

	for file, want := range map[string]error{
		"invalid_utf8.txt": ErrInvalidUTF8, "empty.txt": ErrEmpty, "blank.txt": ErrEmpty,
		"binary.txt": ErrBinary, "huge.txt": ErrTooLarge,
		"gbk_000.txt": nil, "bom_001.txt": nil, "crlf_002.txt": nil, "page_004.html": nil,
		"no_related_003.txt": nil, "missing_date_001.txt": nil,
	} {
		got, ok := results[file]
		switch {
		case !ok:
			t.Errorf("%s: not loaded", file)
		case want == nil && got != nil:
			t.Errorf("%s: %v, want it loaded", file, got)
		case want != nil && !errors.Is(got, want):
			t.Errorf("%s: error %v, want %v", file, got, want)
		}
	}
	if len(results) != 11 {
		t.Errorf("%d results for the 10 files of testdata/bad and huge.txt: %v", len(results), results)
	}

	a, b := facts(t, alone), facts(t, beside)
	for _, f := range a {
		if !slices.Contains(b, f) {
			t.Errorf("lost beside bad input: %s", f)
		}
	}
	for _, f := range b {
		if !slices.Contains(a, f) {
			t.Errorf("added by bad input: %s", f)
		}
	}
	if len(a) < 300 {
		t.Errorf("only %d facts from the seeds", len(a))
	}
}

// facts lists a store's entities and relations as strings, sorted.
func facts(t *testing.T, s *graph.Store) []string {
	t.Helper()
	ctx := context.Background()
	rels := []kg.RelationType{kg.LocatedIn, kg.InProvince, kg.RecommendedFor, kg.HasDepartment, kg.DepartmentFor, kg.PolicyAppliesIn}
	var out []string
	for _, k := range kg.Kinds {
		es, err := s.Entities(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			out = append(out, string(k)+" "+e.Name)
			for _, rt := range rels {
				tos, err := s.Out(ctx, e.EntityRef, rt)
				if err != nil {
					t.Fatal(err)
				}
				for _, to := range tos {
					out = append(out, string(rt)+" "+e.Name+" → "+to.Name)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
