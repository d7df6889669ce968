package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
)

// errDocumentsFailed makes kg load exit 1 when some document failed.
var errDocumentsFailed = errors.New("some documents failed to load")

func newLoader(log *slog.Logger) (*loader.Loader, error) {
	gaz, err := gazetteer.Load()
	if err != nil {
		return nil, err
	}
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		return nil, err
	}
	return loader.New(x, log), nil
}

// load is kg load: every PATH (file or folder) into the store.
func load(ctx context.Context, cfg Config, paths []string, out io.Writer) error {
	if len(paths) == 0 {
		return errors.New("load: name at least one file or folder")
	}
	store, err := graph.Open(ctx, cfg.DB, cfg.DBPath)
	if err != nil {
		return err
	}
	defer store.Close()
	l, err := newLoader(nil) // the table below reports each document
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "document\tentities\trelations\tnew quads\tstatus")
	var total loader.Summary
	for _, p := range paths {
		fsys, root := dirFS(p)
		files, err := loader.Files(fsys, root)
		if err != nil {
			fmt.Fprintf(tw, "%s\t\t\t\terror: %v\n", p, err)
			total.Failed++
			total.Documents++
			continue
		}
		sum, err := l.Load(ctx, fsys, files, store, func(r loader.Result) {
			if r.Err != nil {
				fmt.Fprintf(tw, "%s\t\t\t\terror: %v\n", filepath.Join(p, r.File), r.Err)
				return
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\tok\n", r.File, r.Entities, r.Relations, r.Quads)
		})
		total.Documents += sum.Documents
		total.Failed += sum.Failed
		total.Entities += sum.Entities
		total.Relations += sum.Relations
		total.Quads += sum.Quads
		if err != nil {
			tw.Flush()
			return err
		}
	}
	n, err := store.QuadCount(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(tw, "total: %d documents (%d failed)\t%d\t%d\t%d\tstore now holds %d quads\n",
		total.Documents, total.Failed, total.Entities, total.Relations, total.Quads, n)
	if err := tw.Flush(); err != nil {
		return err
	}
	if total.Failed > 0 {
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

// export is kg export: the store as N-Quads.
func export(ctx context.Context, cfg Config, out io.Writer) error {
	store, err := graph.Open(ctx, cfg.DB, cfg.DBPath)
	if err != nil {
		return err
	}
	defer store.Close()
	return store.Export(ctx, out)
}

// extract is kg extract: what the loader finds in one document.
func extract(ctx context.Context, cfg Config, args []string, out io.Writer) error {
	if len(args) != 1 {
		return errors.New("extract: name one file")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	text, err := loader.Decode(data)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	gaz, err := gazetteer.Load()
	if err != nil {
		return err
	}
	x, err := loader.NewExtractor(gaz)
	if err != nil {
		return err
	}
	ex, err := x.Extract(filepath.Base(args[0]), text)
	if err != nil {
		return err
	}
	if cfg.JSON {
		return writeJSON(out, ex)
	}
	return writeExtraction(out, ex)
}

// writeJSON writes v indented, with Chinese text and <> left as they are.
func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func writeExtraction(out io.Writer, ex *graph.Extraction) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "# %s: %q, %d related items\n\n", ex.Doc.File, ex.Doc.Title, len(ex.Doc.Items))
	fmt.Fprintln(tw, "## Entities")
	fmt.Fprintln(tw, "kind\tname\taliases\tmentions")
	count := map[graph.EntityRef]int{}
	for _, m := range ex.Mentions {
		count[m.Entity]++
	}
	for _, e := range ex.Entities {
		extra := e.Category + e.Level
		if extra != "" {
			extra = " (" + extra + ")"
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%v\t%d\n", e.Kind, extra, e.Name, e.Aliases, count[e.EntityRef])
	}
	fmt.Fprintln(tw, "\n## Mentions")
	fmt.Fprintln(tw, "kind\tcanonical\tsurface\tspan\twhere")
	ms := append([]graph.Mention(nil), ex.Mentions...)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	for _, m := range ms {
		fmt.Fprintf(tw, "%s\t%s\t%s\t[%d,%d)\t%s\n", m.Entity.Kind, m.Entity.Name, m.Surface, m.Start, m.End, where(m.Source))
	}
	fmt.Fprintln(tw, "\n## Relations")
	fmt.Fprintln(tw, "type\tfrom\tto\tspan\twhere\tevidence")
	for _, r := range ex.Relations {
		fmt.Fprintf(tw, "%s\t%s\t%s\t[%d,%d)\t%s\t%s\n", r.Type, r.From.Name, r.To.Name, r.Start, r.End, where(r.Source), oneLine(r.Snippet, 60))
	}
	return tw.Flush()
}

func where(s graph.Source) string {
	if s.Item < 0 {
		return "article"
	}
	return fmt.Sprintf("item %d %s", s.Item, s.Date)
}

func oneLine(s string, n int) string {
	rs := []rune(s)
	for i, r := range rs {
		if r == '\n' || r == '\t' {
			rs[i] = ' '
		}
	}
	if len(rs) > n {
		return string(rs[:n]) + "…"
	}
	return string(rs)
}
