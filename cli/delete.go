package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/medkg/medkg/graph"
)

// errDocumentsMissing makes kg delete exit 1 when the store does not hold
// some document.
var errDocumentsMissing = errors.New("some documents were not in the store")

// deleteDocs is kg delete: every document named (as kg load names it: its
// path under the folder loaded) is removed from the store with all its
// quads; facts that other documents also state stay.
func deleteDocs(ctx context.Context, cfg Config, files []string, out io.Writer) error {
	if len(files) == 0 {
		return errors.New("delete: name at least one document")
	}
	store, err := graph.Open(ctx, cfg.DB, cfg.DBPath)
	if err != nil {
		return err
	}
	defer store.Close()
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "document\tremoved quads\tentities\tstatus")
	missing := 0
	for _, f := range files {
		c, err := store.Delete(ctx, f)
		switch {
		case errors.Is(err, graph.ErrNotFound):
			missing++
			fmt.Fprintf(tw, "%s\t\t\tnot in the store\n", f)
		case err != nil:
			tw.Flush()
			return err
		default:
			fmt.Fprintf(tw, "%s\t%d\t%d\tdeleted\n", f, c.Removed, len(c.Dropped))
		}
	}
	n, err := store.QuadCount(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(tw, "store now holds %d quads\n", n)
	if err := tw.Flush(); err != nil {
		return err
	}
	if missing > 0 {
		return errDocumentsMissing
	}
	return nil
}
