// Package loader turns documents into the knowledge graph: it splits each
// page into its article and its related items, extracts provinces, cities,
// hospitals, departments, symptoms and insurance policies, resolves their
// names, draws the relations between them with their provenance, and
// writes the result to the graph store.
package loader

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"

	"github.com/medkg/medkg/graph"
)

// Store is where the loader writes: *graph.Store.
type Store interface {
	Put(ctx context.Context, ex *graph.Extraction) (added int, err error)
}

var _ Store = (*graph.Store)(nil)

// Result is what loading one document did.
type Result struct {
	File      string
	Entities  int
	Mentions  int
	Relations int
	Quads     int // new quads written
	Err       error
}

// Summary adds up a load.
type Summary struct {
	Documents int
	Failed    int
	Entities  int
	Relations int
	Quads     int
}

// Loader reads documents and writes what they say to a store.
type Loader struct {
	x   *Extractor
	log *slog.Logger
}

// New returns a loader that extracts with x and logs to log.
func New(x *Extractor, log *slog.Logger) *Loader {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Loader{x: x, log: log}
}

// Files lists the documents under root in fsys: every regular file, in
// name order, except hidden ones. A root that is a file is itself.
func Files(fsys fs.FS, root string) ([]string, error) {
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var out []string
	err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list documents under %s: %w", root, err)
	}
	sort.Strings(out)
	return out, nil
}

// Load reads each named file of fsys, extracts it and writes it to store.
// A document that cannot be read or parsed is reported in its Result and
// the others still load; report, if not nil, is called once per document.
// The error is non-nil only when the context ends or the store fails.
func (l *Loader) Load(ctx context.Context, fsys fs.FS, files []string, store Store, report func(Result)) (Summary, error) {
	var sum Summary
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		r := l.loadOne(ctx, fsys, f, store)
		sum.Documents++
		if r.Err != nil {
			sum.Failed++
			l.log.WarnContext(ctx, "document not loaded", "doc", r.File, "err", r.Err)
		} else {
			sum.Entities += r.Entities
			sum.Relations += r.Relations
			sum.Quads += r.Quads
			l.log.DebugContext(ctx, "document loaded", "doc", r.File, "entities", r.Entities, "relations", r.Relations, "quads", r.Quads)
		}
		if report != nil {
			report(r)
		}
		var storeErr *StoreError
		if errors.As(r.Err, &storeErr) {
			return sum, r.Err
		}
	}
	return sum, nil
}

// StoreError is a failure to write to the store, as opposed to a bad
// document: it stops a load.
type StoreError struct{ Err error }

func (e *StoreError) Error() string { return "write to store: " + e.Err.Error() }
func (e *StoreError) Unwrap() error { return e.Err }

func (l *Loader) loadOne(ctx context.Context, fsys fs.FS, file string, store Store) Result {
	r := Result{File: path.Base(file)}
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		r.Err = fmt.Errorf("read %s: %w", file, err)
		return r
	}
	ex, err := l.x.Extract(r.File, string(data))
	if err != nil {
		r.Err = err
		return r
	}
	r.Entities, r.Mentions, r.Relations = len(ex.Entities), len(ex.Mentions), len(ex.Relations)
	n, err := store.Put(ctx, ex)
	if err != nil {
		r.Err = &StoreError{Err: fmt.Errorf("%s: %w", r.File, err)}
		return r
	}
	r.Quads = n
	return r
}
