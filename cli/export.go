package cli

import (
	"context"
	"io"

	"github.com/medkg/medkg/graph"
)

// export is kg export: the graph as N-Quads, or with --store-quads the
// store's own quads.
func export(ctx context.Context, cfg Config, out io.Writer) error {
	store, err := graph.Open(ctx, cfg.DB, cfg.DBPath)
	if err != nil {
		return err
	}
	defer store.Close()
	if cfg.StoreQuads {
		return store.Dump(ctx, out)
	}
	return store.Export(ctx, out)
}
