package loader_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/gen"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/loader"
)

// corpus returns n generated documents with an empty one after every
// seventh, and the loader.
func corpus(t *testing.T, n int) (fstest.MapFS, []string, *loader.Loader) {
	t.Helper()
	gaz, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, err := gen.New(gaz, 3)
	if err != nil {
		t.Fatal(err)
	}
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	var files []string
	for i := range n {
		d := g.Doc(i)
		fsys[d.File] = &fstest.MapFile{Data: []byte(d.Text)}
		files = append(files, d.File)
		if i%7 == 6 {
			bad := fmt.Sprintf("bad_%d.txt", i)
			fsys[bad] = &fstest.MapFile{}
			files = append(files, bad)
		}
	}
	return fsys, files, loader.New(x, nil)
}

// TestLoadReportsInOrder: every document is reported once, in the order
// of files, bad ones with their error; the new quads add up to the store's.
func TestLoadReportsInOrder(t *testing.T) {
	fsys, files, l := corpus(t, 40)
	s := graphtest.Open(t)
	var got []loader.Result
	sum, err := l.Load(context.Background(), fsys, files, s, func(r loader.Result) { got = append(got, r) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(files) {
		t.Fatalf("%d results for %d files", len(got), len(files))
	}
	failed := 0
	for i, r := range got {
		if r.File != files[i] {
			t.Errorf("result %d is %s, want %s", i, r.File, files[i])
		}
		if (r.Err != nil) != (files[i][:4] == "bad_") {
			t.Errorf("%s: err = %v", r.File, r.Err)
		}
		if r.Err != nil {
			failed++
		} else if r.Quads == 0 {
			t.Errorf("%s: no quads", r.File)
		}
	}
	if sum.Documents != len(files) || sum.Failed != failed {
		t.Errorf("summary %+v, want %d documents, %d failed", sum, len(files), failed)
	}
	n, err := s.QuadCount(context.Background())
	if err != nil || n != int64(sum.Quads) {
		t.Errorf("store holds %d quads (%v), summary says %d", n, err, sum.Quads)
	}
	// Loading again adds nothing.
	sum2, err := l.Load(context.Background(), fsys, files, s, nil)
	if err != nil || sum2.Quads != 0 {
		t.Errorf("second load added %d quads (%v), want 0", sum2.Quads, err)
	}
}

// failingStore fails its nth Put.
type failingStore struct {
	n, puts int
}

func (f *failingStore) Put(ctx context.Context, ex *kg.Extraction) (int, error) {
	f.puts++
	if f.puts == f.n {
		return 0, errors.New("disk full")
	}
	return 1, nil
}

// TestLoadStopsOnStoreError: a store failure is a StoreError that stops
// the load after the failing document is reported.
func TestLoadStopsOnStoreError(t *testing.T) {
	fsys, files, l := corpus(t, 12)
	var got []loader.Result
	_, err := l.Load(context.Background(), fsys, files, &failingStore{n: 3}, func(r loader.Result) { got = append(got, r) })
	var se *loader.StoreError
	if !errors.As(err, &se) {
		t.Fatalf("Load = %v, want a StoreError", err)
	}
	if len(got) == 0 || !errors.As(got[len(got)-1].Err, &se) {
		t.Fatalf("last result %+v, want the StoreError", got[len(got)-1])
	}
	if len(got) == len(files) {
		t.Error("load went on after the store failed")
	}
}

// TestLoadCancelled: a cancelled context stops the load.
func TestLoadCancelled(t *testing.T) {
	fsys, files, l := corpus(t, 5)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Load(ctx, fsys, files, &failingStore{}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Load = %v, want context.Canceled", err)
	}
}

// TestListDocumentsOnly: a folder's documents are its text and HTML files;
// source files, gold annotations and images beside them are skipped and
// reported, and a file named on its own is read whatever its name.
func TestListDocumentsOnly(t *testing.T) {
	fsys := fstest.MapFS{
		"000_a.txt":            {Data: []byte("x")},
		"seeds.go":             {Data: []byte("package seeds")},
		"page.HTML":            {Data: []byte("<p>x</p>")},
		"README":               {Data: []byte("x")},
		"sub/001_b.htm":        {Data: []byte("x")},
		"sub/001_b.gold.json":  {Data: []byte("{}")},
		"sub/logo.png":         {Data: []byte("\x89PNG")},
		".hidden/002_c.txt":    {Data: []byte("x")},
		"notes.md":             {Data: []byte("x")},
		"data.csv":             {Data: []byte("a,b")},
		"sub/deeper/003_d.txt": {Data: []byte("x")},
	}
	docs, skipped, err := loader.List(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	wantDocs := []string{"000_a.txt", "README", "notes.md", "page.HTML", "sub/001_b.htm", "sub/deeper/003_d.txt"}
	wantSkipped := []string{"data.csv", "seeds.go", "sub/001_b.gold.json", "sub/logo.png"}
	if fmt.Sprint(docs) != fmt.Sprint(wantDocs) {
		t.Errorf("documents %v, want %v", docs, wantDocs)
	}
	if fmt.Sprint(skipped) != fmt.Sprint(wantSkipped) {
		t.Errorf("skipped %v, want %v", skipped, wantSkipped)
	}
	if one, err := loader.Files(fsys, "seeds.go"); err != nil || len(one) != 1 || one[0] != "seeds.go" {
		t.Errorf("a file named on its own: %v, %v; want it listed", one, err)
	}
}
