package cli

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/seeds"
	"github.com/medkg/medkg/server"
)

// shutdownGrace is how long serve lets requests in flight finish after
// SIGINT or SIGTERM.
const shutdownGrace = 10 * time.Second

// serve is kg serve.
func serve(ctx context.Context, cfg Config, stderr io.Writer) error {
	var h slog.Handler
	switch cfg.LogFormat {
	case "", "text":
		h = slog.NewTextHandler(stderr, nil)
	case "json":
		h = slog.NewJSONHandler(stderr, nil)
	default:
		return fmt.Errorf("serve: --log-format %q: want text or json", cfg.LogFormat)
	}
	return run(ctx, cfg, slog.New(server.LogHandler(h)), nil)
}

// run opens the store, starts listening at once (so /healthz can say 503
// while the documents load), loads the seeds or cfg.Docs into an empty
// store, and serves until ctx ends. listening, if not nil, is told the
// address once the listener is open.
func run(ctx context.Context, cfg Config, log *slog.Logger, listening func(addr string)) error {
	store, err := graph.Open(ctx, cfg.DB, cfg.DBPath)
	if err != nil {
		return err
	}
	defer func() {
		if n := store.Pending(); n > 0 {
			log.Info("writing new documents to the store before stopping", "documents", n)
		}
		if err := store.Close(); err != nil {
			// The journal keeps what was not written; the next start writes it.
			log.Error("close store", "err", err)
		}
	}()

	metrics := server.NewMetrics()
	opts := server.Options{
		Logger: log, CORSOrigins: cfg.CORSOrigins, Metrics: metrics, RateLimit: cfg.RateLimit,
		Timeout: cfg.Limits.Timeout, MaxComplexity: cfg.Limits.MaxComplexity, MaxDepth: cfg.Limits.MaxDepth,
		MaxFields: cfg.Limits.MaxFields, MaxAliases: cfg.Limits.MaxAliases, MaxAnswerBytes: cfg.Limits.MaxAnswerBytes,
	}
	if cfg.WriteToken != "" {
		w, err := newDocWriter(store)
		if err != nil {
			return err
		}
		w.metrics = metrics
		opts.Writer = w
		opts.WriteToken, opts.MaxDocumentBytes = cfg.WriteToken, loader.MaxDocumentSize
		log.Info("writes on: ingestDocument and deleteDocument take the write token")
	}
	var ready atomic.Bool
	opts.Ready = ready.Load
	srv := &http.Server{
		Handler:           server.New(store, opts),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	addr := ln.Addr().String()
	log.Info("listening", "addr", addr, "playground", playgroundURL(ln.Addr()), "backend", store.Backend(), "dbpath", cfg.DBPath)
	if listening != nil {
		listening(addr)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	if err := loadIfEmpty(ctx, cfg, store, log, metrics); err != nil {
		shutdown(srv, log)
		return err
	}
	refresh := cfg.Refresh > 0 && store.Capabilities().Shared
	if refresh {
		// Note the summaries before the index is read, so that what
		// another process writes meanwhile is read at the next refresh.
		if _, err := store.Refresh(ctx); err != nil {
			shutdown(srv, log)
			return err
		}
	}
	// Every read goes through the index: read it before saying ready, so
	// that the first requests do not wait for it.
	start := time.Now()
	x, err := store.Index(ctx)
	if err != nil {
		shutdown(srv, log)
		return err
	}
	// Reading the index allocates several times what it keeps (the
	// summaries' text, the counts): give that back to the system now
	// rather than when the scavenger gets to it.
	debug.FreeOSMemory()
	if miss := x.SnapshotMiss(); miss != "" {
		log.Info("index read", "documents", x.NumDocuments(), "from_snapshot", false, "why_not", miss, "took", time.Since(start).Round(time.Millisecond))
	} else {
		log.Info("index read", "documents", x.NumDocuments(), "from_snapshot", x.FromSnapshot(), "took", time.Since(start).Round(time.Millisecond))
	}
	if limit := memoryLimit(cfg.Limits.Memory); limit > 0 {
		debug.SetMemoryLimit(limit)
		log.Info("memory limit", "bytes", limit)
	}
	if empty, err := store.Empty(ctx); err == nil && !empty && x.NumDocuments() == 0 {
		// A store written before documents had summaries (or by a load
		// killed before its first batch): its documents cannot be served.
		log.Warn("the store holds quads but no document summaries: load the documents again (kg load --fresh)")
	}
	ready.Store(true)
	log.Info("ready")
	if refresh {
		go refreshIndex(ctx, store, cfg.Refresh, log)
	}

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
		ready.Store(false) // /readyz says 503 while requests in flight finish
		return shutdown(srv, log)
	}
}

// refreshIndex reads the index again whenever other processes have written
// documents into the shared database, every interval, until ctx ends.
func refreshIndex(ctx context.Context, store *graph.Store, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			start := time.Now()
			changed, err := store.Refresh(ctx)
			switch {
			case err != nil:
				log.Warn("refresh index", "err", err)
			case changed:
				log.Info("index read again: the database changed", "took", time.Since(start).Round(time.Millisecond))
			}
		}
	}
}

// shutdown stops accepting connections and lets requests in flight finish.
func shutdown(srv *http.Server, log *slog.Logger) error {
	log.Info("shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// playgroundURL is where a browser on this machine finds the playground.
func playgroundURL(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("http://localhost:%d/", tcp.Port)
	}
	return "http://" + a.String() + "/"
}

// loadIfEmpty loads the documents into a store that holds nothing yet: every
// document under cfg.Docs, or the embedded seeds. A store that already holds
// a graph is served as it is (kg load adds to it).
func loadIfEmpty(ctx context.Context, cfg Config, store *graph.Store, log *slog.Logger, metrics *server.Metrics) error {
	empty, err := store.Empty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		n, err := store.QuadCount(ctx)
		if err != nil {
			return err
		}
		if cfg.Docs != "" {
			log.Warn("store is not empty: --docs not loaded (use kg load to add documents)", "quads", n, "docs", cfg.Docs)
		} else {
			log.Info("serving existing store", "quads", n)
		}
		return nil
	}
	fsys, root, from := documents(cfg.Docs)
	files, err := loader.Files(fsys, root)
	if err != nil {
		return fmt.Errorf("load %s: %w", from, err)
	}
	l, err := newLoader(log)
	if err != nil {
		return err
	}
	start := time.Now()
	sum, err := l.Load(ctx, fsys, files, store, nil)
	if err != nil {
		return fmt.Errorf("load %s: %w", from, err)
	}
	metrics.Documents(sum.Documents-sum.Failed, sum.Failed, sum.Quads)
	log.Info("loaded documents", "from", from, "documents", sum.Documents, "failed", sum.Failed,
		"entities", sum.Entities, "relations", sum.Relations, "quads", sum.Quads, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// documents returns where the documents to load are: the folder or file
// docs, or the embedded seeds when docs is "".
func documents(docs string) (fsys fs.FS, root, from string) {
	if docs == "" {
		return seeds.FS, ".", "embedded seeds"
	}
	fsys, root = dirFS(docs)
	return fsys, root, docs
}

// minMemoryLimit is the least memory limit kg serve sets on itself.
const minMemoryLimit = 512 << 20

// memoryLimit returns the soft limit on the Go runtime's memory for kg
// serve (debug.SetMemoryLimit): the flag's value if it is set, else three
// times the heap in use once the store is loaded and at least
// minMemoryLimit, so that garbage (a large ingest's, a large answer's) is
// collected before the process grows far past what it holds. 0 with
// GOMEMLIMIT set: the runtime has its own.
func memoryLimit(flag int64) int64 {
	if flag > 0 {
		return flag
	}
	if os.Getenv("GOMEMLIMIT") != "" || flag < 0 {
		return 0
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return max(minMemoryLimit, 3*int64(m.HeapInuse))
}
