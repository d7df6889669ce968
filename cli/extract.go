package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"

	"github.com/medkg/medkg/graph/kg"
	"github.com/medkg/medkg/loader"
)

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
	x, err := loader.NewStandardExtractor()
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

func writeExtraction(out io.Writer, ex *kg.Extraction) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "# %s: %q, %d related items\n\n", ex.Doc.File, ex.Doc.Title, len(ex.Doc.Items))
	fmt.Fprintln(tw, "## Entities")
	fmt.Fprintln(tw, "kind\tname\taliases\tmentions")
	count := map[kg.EntityRef]int{}
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
	ms := append([]kg.Mention(nil), ex.Mentions...)
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

func where(s kg.Source) string {
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
