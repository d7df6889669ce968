package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

// errDocumentsFailed makes kg load exit 1 when some document failed.
var errDocumentsFailed = errors.New("some documents failed to load")

func newLoader(log *slog.Logger) (*loader.Loader, error) {
	x, err := loader.NewStandardExtractor()
	if err != nil {
		return nil, err
	}
	return loader.New(x, log), nil
}

// load is kg load: every PATH (file or folder) into the store. With
// cfg.Fresh the documents go into a new store beside cfg.DBPath, made for
// a bulk load (graph.Create), which replaces the old one once they are all
// written (graph.Replace); if the load stops, the old store is untouched.
func load(ctx context.Context, cfg Config, paths []string, out io.Writer) (err error) {
	if len(paths) == 0 {
		return errors.New("load: name at least one file or folder")
	}
	type source struct {
		path    string
		fsys    fs.FS
		files   []string
		skipped []string // files under a folder that are not documents
		err     error
	}
	var sources []source
	total := 0
	for _, p := range paths {
		fsys, root := dirFS(p)
		files, skipped, err := loader.List(fsys, root)
		sources = append(sources, source{p, fsys, files, skipped, err})
		total += len(files)
	}

	var store *graph.Store
	fresh := ""
	if cfg.Fresh {
		fresh = fmt.Sprintf("%s.fresh-%d", filepath.Clean(cfg.DBPath), os.Getpid())
		store, err = graph.Create(ctx, cfg.DB, fresh)
		if err != nil {
			return fmt.Errorf("load --fresh: %w", err)
		}
		defer func() {
			if err != nil && !errors.Is(err, errDocumentsFailed) {
				os.RemoveAll(fresh)
			}
		}()
	} else {
		store, err = graph.Open(ctx, cfg.DB, cfg.DBPath)
		if err != nil {
			return err
		}
	}
	closed := false
	defer func() {
		if !closed {
			store.Close()
		}
	}()
	l, err := newLoader(nil) // the table below reports each document
	if err != nil {
		return err
	}
	bar := newProgress(os.Stderr, total)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "document\tentities\trelations\tnew quads\tstatus")
	var sum loader.Summary
	start := time.Now()
	for _, src := range sources {
		if src.err != nil {
			fmt.Fprintf(tw, "%s\t\t\t\terror: %v\n", src.path, src.err)
			sum.Failed++
			sum.Documents++
			continue
		}
		for _, f := range src.skipped {
			fmt.Fprintf(tw, "%s\t\t\t\tskipped: not a document (by its extension)\n", filepath.Join(src.path, f))
		}
		s, err := l.Load(ctx, src.fsys, src.files, store, func(r loader.Result) {
			bar.add(r)
			if r.Err != nil {
				fmt.Fprintf(tw, "%s\t\t\t\terror: %v\n", filepath.Join(src.path, r.File), r.Err)
				return
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\tok\n", r.File, r.Entities, r.Relations, r.Quads)
		})
		sum.Documents += s.Documents
		sum.Failed += s.Failed
		sum.Entities += s.Entities
		sum.Relations += s.Relations
		sum.Quads += s.Quads
		if err != nil {
			bar.finish()
			tw.Flush()
			return err
		}
	}
	bar.finish()
	took := time.Since(start)
	n, err := store.QuadCount(ctx)
	if err != nil {
		return err
	}
	if store.Capabilities().Snapshot {
		// Read the index now, so that Close saves it as a snapshot and the
		// next kg serve starts from it (1 s at 10,000 documents, not 2.7).
		if _, err := store.Index(ctx); err != nil {
			return fmt.Errorf("load: read the index to save it: %w", err)
		}
	}
	closed = true
	if err := store.Close(); err != nil {
		return err
	}
	if cfg.Fresh {
		if err := graph.Replace(cfg.DB, fresh, cfg.DBPath); err != nil {
			return err
		}
	}
	fmt.Fprintf(tw, "total: %d documents (%d failed)\t%d\t%d\t%d\tstore now holds %d quads\n",
		sum.Documents, sum.Failed, sum.Entities, sum.Relations, sum.Quads, n)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(out, "took %s: %.1f documents/s, %.0f quads/s\n", took.Round(time.Millisecond),
		float64(sum.Documents)/took.Seconds(), float64(sum.Quads)/took.Seconds())
	if cfg.Fresh {
		fmt.Fprintf(out, "new store swapped in at %s (a running kg serve keeps the old one until it restarts)\n", cfg.DBPath)
	}
	if sum.Failed > 0 {
		return errDocumentsFailed
	}
	return nil
}

// dirFS returns a file system and the root within it for a path that is a
// file or a folder.
func dirFS(p string) (fs.FS, string) {
	if info, err := os.Stat(p); err == nil && info.IsDir() {
		return os.DirFS(p), "."
	}
	return os.DirFS(filepath.Dir(p)), filepath.Base(p)
}
