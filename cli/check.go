package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/medkg/medkg/graph"
)

// check is kg check: the index read from the documents' summaries against
// the quads.
func check(ctx context.Context, cfg Config, out io.Writer) error {
	store, err := graph.Open(ctx, cfg.DB, cfg.DBPath)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	x, err := store.Index(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "index read in %s: %d documents\n", time.Since(start).Round(time.Millisecond), x.NumDocuments())
	if err := store.VerifyIndex(ctx); err != nil {
		return fmt.Errorf("check: the index and the quads differ:\n%w", err)
	}
	fmt.Fprintf(out, "index and quads agree (%s)\n", time.Since(start).Round(time.Millisecond))
	return nil
}
