// Package loader turns documents into the knowledge graph: it splits each
// page into its article and its related items, extracts provinces, cities,
// hospitals, departments, symptoms and insurance policies, resolves their
// names, draws the relations between them with their provenance, and
// writes the result to the graph store.
package loader

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/kg"
)

// Store is where the loader writes: *graph.Store.
type Store interface {
	Put(ctx context.Context, ex *kg.Extraction) (added int, err error)
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

// Files lists the documents under root in fsys, in name order: every
// regular file that is a document by its extension (documentExtensions),
// except hidden ones. A root that is a file is itself, whatever its name.
func Files(fsys fs.FS, root string) ([]string, error) {
	docs, _, err := List(fsys, root)
	return docs, err
}

// documentExtensions are the extensions of the files a folder's documents
// are read from: text and HTML pages. A file without an extension is read
// too; anything else under a folder (source files such as seeds/seeds.go,
// gold annotations, images) is not a document.
var documentExtensions = map[string]bool{
	"": true, ".txt": true, ".text": true, ".md": true, ".html": true, ".htm": true, ".xhtml": true, ".shtml": true,
}

// IsDocumentName reports whether a file under a folder is read as a
// document, by its extension (case-insensitive).
func IsDocumentName(name string) bool {
	return documentExtensions[strings.ToLower(path.Ext(name))]
}

// List is Files, and also returns the regular files under root that are
// not documents (skipped), so that a caller can say what it left out.
func List(fsys fs.FS, root string) (docs, skipped []string, err error) {
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, nil, fmt.Errorf("list documents: %w", err)
	}
	if !info.IsDir() {
		return []string{root}, nil, nil
	}
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
		if !d.Type().IsRegular() {
			return nil
		}
		if IsDocumentName(name) {
			docs = append(docs, p)
		} else {
			skipped = append(skipped, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list documents under %s: %w", root, err)
	}
	sort.Strings(docs)
	sort.Strings(skipped)
	return docs, skipped, nil
}

// BatchStore is a store that can also write many documents at once, made
// ready (graph.Prepare) on the loader's workers: *graph.Store. Load uses
// PutPrepared when the store has it.
type BatchStore interface {
	Store
	PutPrepared(ctx context.Context, docs []*graph.Prepared) ([]int, error)
}

var _ BatchStore = (*graph.Store)(nil)

// Batch limits: Load writes a batch once it holds this many documents or
// this many extracted facts (mentions and relations), whichever comes
// first. The first batch holds firstBatchDocs, and each next one twice
// the last, up to batchDocs: the writer starts as soon as a few documents
// are read, and then each commit of bolt is large. Every commit rewrites
// the pages it touches, in every index, so fewer, larger commits write
// less (BENCHMARKS.md, benchmark 2). 2,048 generated documents are about
// 620,000 quads, which Cayley's kv quad writer commits 200,000 at a time.
const (
	firstBatchDocs = 128
	batchDocs      = 2048
	batchFacts     = 65536
)

// Load reads each named file of fsys, extracts it and writes it to store.
// A document that cannot be read or parsed is reported in its Result and
// the others still load; report, if not nil, is called once per document,
// in the order of files. The error is non-nil only when the context ends
// or the store fails; then the documents not yet written are not reported.
//
// Documents are read and extracted on every core (GOMAXPROCS workers);
// one writer writes them in order, in batches through PutMany when the
// store is a BatchStore, else one by one through Put.
func (l *Loader) Load(ctx context.Context, fsys fs.FS, files []string, store Store, report func(Result)) (Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		file string
		r    Result
		ex   *kg.Extraction
		prep *graph.Prepared // for a BatchStore
		done chan struct{}
	}
	batchStore, batched := store.(BatchStore)
	workers := runtime.GOMAXPROCS(0)
	if batched && workers > 1 {
		// The writer keeps a core of its own: with a worker on every core
		// it got a share of one, and Cayley's write, the longest part of a
		// load, took longer (BENCHMARKS.md, benchmark 2).
		workers--
	}
	work := make(chan *job)
	ordered := make(chan *job, 4*workers+batchDocs)
	go func() {
		defer close(work)
		defer close(ordered)
		for _, f := range files {
			j := &job{file: f, done: make(chan struct{})}
			select {
			case ordered <- j:
			case <-ctx.Done():
				return
			}
			select {
			case work <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				j.r, j.ex = l.extractOne(fsys, j.file)
				if batched && j.ex != nil {
					// The quads too are made here, on every core, not by
					// the one writer.
					if p, err := graph.Prepare(j.ex); err != nil {
						j.r.Err, j.ex = err, nil
					} else {
						j.prep = p
					}
				}
				close(j.done)
			}
		}()
	}
	defer wg.Wait()

	var sum Summary
	var batch []*job
	limit := firstBatchDocs
	facts := 0
	finish := func(r Result) {
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
	}
	// flush writes the batch and reports its documents; it returns the
	// StoreError that stops the load.
	flush := func() error {
		defer func() { batch, facts = batch[:0], 0 }()
		var exs []*kg.Extraction
		var preps []*graph.Prepared
		for _, j := range batch {
			if j.ex != nil {
				exs = append(exs, j.ex)
				preps = append(preps, j.prep)
			}
		}
		var added []int
		var err error
		switch {
		case len(exs) == 0:
		case batched:
			added, err = batchStore.PutPrepared(ctx, preps)
		default:
			for _, ex := range exs {
				n, perr := store.Put(ctx, ex)
				if perr != nil {
					err = fmt.Errorf("%s: %w", ex.Doc.File, perr)
					break
				}
				added = append(added, n)
			}
		}
		k := 0
		for _, j := range batch {
			if j.ex == nil {
				finish(j.r)
				continue
			}
			if k >= len(added) {
				r := j.r
				r.Err = &StoreError{Err: err}
				if batched {
					r.Err = &StoreError{Err: fmt.Errorf("%s: %w", r.File, err)}
				}
				r.Quads = 0
				finish(r)
				return r.Err
			}
			j.r.Quads = added[k]
			k++
			finish(j.r)
		}
		return nil
	}
	for j := range ordered {
		select {
		case <-j.done:
		case <-ctx.Done():
			return sum, ctx.Err()
		}
		batch = append(batch, j)
		if j.ex != nil {
			facts += len(j.ex.Mentions) + len(j.ex.Relations)
		}
		// Write when the batch is full, or when no finished document is
		// waiting (a small load, or a slow reader), so that documents are
		// written as soon as the writer is free.
		if len(batch) >= limit || facts >= batchFacts || len(ordered) == 0 {
			if err := flush(); err != nil {
				return sum, err
			}
			limit = min(2*limit, batchDocs)
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if err := flush(); err != nil {
		return sum, err
	}
	return sum, nil
}

// StoreError is a failure to write to the store, as opposed to a bad
// document: it stops a load.
type StoreError struct{ Err error }

func (e *StoreError) Error() string { return "write to store: " + e.Err.Error() }
func (e *StoreError) Unwrap() error { return e.Err }

// extractOne reads and extracts one document; a bad document has a nil
// extraction and its Result says why.
func (l *Loader) extractOne(fsys fs.FS, file string) (Result, *kg.Extraction) {
	// The path under the loaded folder names the document: two folders may
	// each hold an index.txt.
	r := Result{File: file}
	if info, err := fs.Stat(fsys, file); err == nil && info.Size() > MaxDocumentSize {
		r.Err = fmt.Errorf("%w: %d bytes (the limit is %d)", ErrTooLarge, info.Size(), MaxDocumentSize)
		return r, nil // not read: it could be anything
	}
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		r.Err = fmt.Errorf("read %s: %w", file, err)
		return r, nil
	}
	text, err := Decode(data)
	if err != nil {
		r.Err = err
		return r, nil
	}
	ex, err := l.x.Extract(r.File, text)
	if err != nil {
		r.Err = err
		return r, nil
	}
	r.Entities, r.Mentions, r.Relations = len(ex.Entities), len(ex.Mentions), len(ex.Relations)
	return r, ex
}
