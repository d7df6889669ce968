package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/medkg/medkg/gazetteer"
	"github.com/medkg/medkg/gen"
	urfave "github.com/urfave/cli/v3"
)

// GenConfig is kg gen's configuration.
type GenConfig struct {
	Docs int    // number of documents
	Out  string // folder to write them to
	Seed uint64 // corpus seed
}

func genCommand(cfg *GenConfig) *urfave.Command {
	return &urfave.Command{
		Name:  "gen",
		Usage: "write a deterministic corpus of generated health pages in the seeds' layout",
		Flags: []urfave.Flag{
			&urfave.IntFlag{Name: "docs", Usage: "number of documents", Required: true, Destination: &cfg.Docs},
			&urfave.StringFlag{Name: "out", Usage: "folder to write them to (created)", Required: true, Destination: &cfg.Out},
			&urfave.Uint64Flag{Name: "seed", Value: 1, Usage: "corpus seed: the same seed gives the same documents", Destination: &cfg.Seed},
		},
		Action: func(ctx context.Context, _ *urfave.Command) error { return generate(ctx, *cfg, os.Stdout) },
	}
}

// generate is kg gen.
func generate(ctx context.Context, cfg GenConfig, out io.Writer) error {
	if cfg.Docs < 0 {
		return errors.New("gen: --docs must not be negative")
	}
	gaz, err := gazetteer.Load()
	if err != nil {
		return err
	}
	g, err := gen.New(gaz, cfg.Seed)
	if err != nil {
		return err
	}
	start := time.Now()
	n, err := g.Write(ctx, cfg.Out, cfg.Docs)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %d documents (%.1f MB) to %s in %s (seed %d)\n",
		cfg.Docs, float64(n)/1e6, cfg.Out, time.Since(start).Round(time.Millisecond), cfg.Seed)
	return nil
}
