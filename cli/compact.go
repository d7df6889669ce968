package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/medkg/medkg/graph"
)

// compact is kg compact: the store rewritten with its live quads only.
func compact(ctx context.Context, cfg Config, out io.Writer) error {
	c, err := graph.Compact(ctx, cfg.DB, cfg.DBPath)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "compacted %s: %d quads, %.1f MB before, %.1f MB after\n", cfg.DBPath, c.Quads, float64(c.Before)/(1<<20), float64(c.After)/(1<<20))
	return nil
}
