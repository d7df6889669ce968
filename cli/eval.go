package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/medkg/medkg/eval"
	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/server"
)

// evaluate is kg eval: the documents loaded into a fresh in-memory store,
// served on loopback, read back through the GraphQL API and scored.
func evaluate(ctx context.Context, cfg Config, stdout io.Writer) error {
	gold, err := eval.LoadGold(cfg.Gold)
	if err != nil {
		return err
	}
	rep, err := scoreServed(ctx, cfg.Docs, gold)
	if err != nil {
		return err
	}
	if cfg.JSON {
		return writeJSON(stdout, rep)
	}
	return rep.Write(stdout)
}

// scoreServed loads docs (or the seeds) into a memstore, serves it on a
// loopback port and scores what the API returns against gold.
func scoreServed(ctx context.Context, docs string, gold *eval.Gold) (*eval.Report, error) {
	store, err := graph.Open(ctx, "memstore", "")
	if err != nil {
		return nil, err
	}
	defer store.Close()
	fsys, root, from := documents(docs)
	files, err := loader.Files(fsys, root)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", from, err)
	}
	l, err := newLoader(nil)
	if err != nil {
		return nil, err
	}
	var failed []error
	if _, err := l.Load(ctx, fsys, files, store, func(r loader.Result) {
		if r.Err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", r.File, r.Err))
		}
	}); err != nil {
		return nil, err
	}
	if len(failed) > 0 {
		fmt.Fprintln(os.Stderr, "kg eval: some documents were not loaded:", errors.Join(failed...))
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: server.New(store, server.Options{}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	snap, err := eval.Fetch(ctx, nil, "http://"+ln.Addr().String()+"/graphql")
	if err != nil {
		return nil, err
	}
	return eval.Score(gold, snap), nil
}
