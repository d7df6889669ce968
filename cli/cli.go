// Package cli is the kg command line, one command a file: the medical
// knowledge-graph service that loads Chinese health pages into a Cayley
// graph and serves it over GraphQL.
//
//	kg serve   [--addr :8080] [--db bolt] [--dbpath ./data/kg.db] [--docs DIR] [--cors-origins URL,...]
//	kg load    [--db ..] [--dbpath ..] [--fresh] PATH...
//	kg export  [--db ..] [--dbpath ..] [--store-quads]
//	kg extract [--json] FILE
//	kg eval    --gold FILE [--docs DIR]
//	kg gen     --docs N --out DIR [--seed S]
//
// Every flag can also come from the environment (KG_ADDR, KG_DB, KG_DBPATH,
// KG_DOCS, KG_CORS_ORIGINS).
package cli

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/medkg/medkg/server"
	urfave "github.com/urfave/cli/v3"
)

// Config is the service's whole configuration, from flags and environment.
type Config struct {
	Addr   string // listen address
	DB     string // Cayley backend: bolt, leveldb, memstore, postgres
	DBPath string // store path, or connection string for postgres
	Docs   string // documents to load into an empty store instead of the seeds
	JSON   bool   // machine-readable output
	Gold   string // gold annotation file for eval
	// CORSOrigins are the origins allowed to call the API from a browser
	// ("*" for any), comma-separated in the flag; empty turns CORS off.
	CORSOrigins []string
	Gen         GenConfig // kg gen
	// Fresh makes kg load build a new store beside the old one and swap
	// it in when it is complete.
	Fresh bool
	// StoreQuads makes kg export write only the store's quads.
	StoreQuads bool
	// WriteToken turns the API's mutations on; they need it as a bearer
	// token. Empty: off.
	WriteToken string
	LogFormat  string  // text or json
	RateLimit  float64 // requests a second per client IP; 0: no limit
	// Refresh is how often kg serve looks for documents that other
	// processes wrote into a shared database (postgres); 0: never.
	Refresh time.Duration
	Limits  ServeLimits // kg serve's limits on one request
}

// ServeLimits are kg serve's limits on one request (server.Options); 0
// takes the server's default.
type ServeLimits struct {
	Timeout        time.Duration
	MaxComplexity  int
	MaxDepth       int
	MaxFields      int
	MaxAliases     int
	MaxAnswerBytes int64
	// Memory is the soft limit on the process's Go memory; 0: three
	// times the heap in use once loaded, at least 512 MiB; -1: none.
	Memory int64
}

// Run runs the kg command line with args (os.Args: the program's name
// first) until it ends or ctx is cancelled.
func Run(ctx context.Context, args []string) error {
	return newCommand().Run(ctx, args)
}

func newCommand() *urfave.Command {
	var cfg Config
	storeFlags := func() []urfave.Flag {
		return []urfave.Flag{
			&urfave.StringFlag{Name: "db", Value: "bolt", Usage: "Cayley backend: bolt, leveldb, memstore or postgres", Sources: urfave.EnvVars("KG_DB"), Destination: &cfg.DB},
			&urfave.StringFlag{Name: "dbpath", Value: "./data/kg.db", Usage: "store directory, or the connection string for postgres", Sources: urfave.EnvVars("KG_DBPATH"), Destination: &cfg.DBPath},
		}
	}
	docsFlag := func(usage string) urfave.Flag {
		return &urfave.StringFlag{Name: "docs", Usage: usage, Sources: urfave.EnvVars("KG_DOCS"), Destination: &cfg.Docs}
	}
	return &urfave.Command{
		Name:  "kg",
		Usage: "a medical knowledge graph from Chinese health pages, served over GraphQL",
		Commands: []*urfave.Command{
			{
				Name:  "serve",
				Usage: "serve the graph over GraphQL, loading the seeds (or --docs) into an empty store",
				Flags: append(storeFlags(),
					&urfave.StringFlag{Name: "addr", Value: ":8080", Usage: "listen address", Sources: urfave.EnvVars("KG_ADDR"), Destination: &cfg.Addr},
					docsFlag("load every document under DIR at start (into an empty store) instead of the embedded seeds"),
					&urfave.StringFlag{Name: "cors-origins", Usage: "comma-separated origins allowed to call the API from a browser (* for any); none turns CORS off", Sources: urfave.EnvVars("KG_CORS_ORIGINS"),
						Action: func(_ context.Context, _ *urfave.Command, v string) error {
							cfg.CORSOrigins = splitList(v)
							return nil
						}},
					&urfave.StringFlag{Name: "log-format", Value: "text", Usage: "log lines as text or json", Sources: urfave.EnvVars("KG_LOG_FORMAT"), Destination: &cfg.LogFormat},
					&urfave.DurationFlag{Name: "refresh", Value: 30 * time.Second, Usage: "with --db postgres, how often to look for documents other processes wrote into the database and read the index again if there are; 0 never", Sources: urfave.EnvVars("KG_REFRESH"), Destination: &cfg.Refresh},
					&urfave.FloatFlag{Name: "rate-limit", Usage: "requests a second allowed per client IP (bursts of twice as many), answered 429 over it; 0 turns the limit off", Sources: urfave.EnvVars("KG_RATE_LIMIT"), Destination: &cfg.RateLimit},
					&urfave.DurationFlag{Name: "timeout", Value: server.DefaultTimeout, Usage: "how long one request may run before it is stopped and answered TIMEOUT (a write is only stopped before it begins)", Sources: urfave.EnvVars("KG_TIMEOUT"), Destination: &cfg.Limits.Timeout},
					&urfave.IntFlag{Name: "max-complexity", Value: server.DefaultMaxComplexity, Usage: "the most a query may cost: each field 1, times the list lengths it asks for (first, ids, hops; introspection by the schema's real lengths)", Sources: urfave.EnvVars("KG_MAX_COMPLEXITY"), Destination: &cfg.Limits.MaxComplexity},
					&urfave.IntFlag{Name: "max-depth", Value: server.DefaultMaxDepth, Usage: "the deepest a query's fields may nest (introspection not counted)", Sources: urfave.EnvVars("KG_MAX_DEPTH"), Destination: &cfg.Limits.MaxDepth},
					&urfave.IntFlag{Name: "max-fields", Value: server.DefaultMaxFields, Usage: "the most fields a query may select once its fragments are expanded", Sources: urfave.EnvVars("KG_MAX_FIELDS"), Destination: &cfg.Limits.MaxFields},
					&urfave.IntFlag{Name: "max-aliases", Value: server.DefaultMaxAliases, Usage: "the most fields a query may select under an alias", Sources: urfave.EnvVars("KG_MAX_ALIASES"), Destination: &cfg.Limits.MaxAliases},
					&urfave.Int64Flag{Name: "max-answer-bytes", Value: server.DefaultMaxAnswerBytes, Usage: "the largest answer, counted as it is resolved; past it the query stops with ANSWER_TOO_LARGE", Sources: urfave.EnvVars("KG_MAX_ANSWER_BYTES"), Destination: &cfg.Limits.MaxAnswerBytes},
					&urfave.Int64Flag{Name: "memory-limit", Usage: "soft limit in bytes on the Go memory of the process (garbage is collected harder near it); 0: three times the heap in use once the store is loaded, at least 512 MiB; -1: none (GOMEMLIMIT, if set, wins)", Sources: urfave.EnvVars("KG_MEMORY_LIMIT"), Destination: &cfg.Limits.Memory},
					&urfave.StringFlag{Name: "write-token", Usage: "turn on the mutations ingestDocument and deleteDocument for requests with the header Authorization: Bearer TOKEN", Sources: urfave.EnvVars("KG_WRITE_TOKEN"), Destination: &cfg.WriteToken},
				),
				Action: func(ctx context.Context, _ *urfave.Command) error { return serve(ctx, cfg, os.Stderr) },
			},
			{
				Name:      "load",
				Usage:     "load documents (files or folders) into the store",
				ArgsUsage: "PATH...",
				Flags: append(storeFlags(),
					&urfave.BoolFlag{Name: "fresh", Usage: "build a new store from PATH... beside the old one and swap it in when complete (bolt, leveldb)", Destination: &cfg.Fresh}),
				Action: func(ctx context.Context, cmd *urfave.Command) error {
					return load(ctx, cfg, cmd.Args().Slice(), os.Stdout)
				},
			},
			{
				Name:      "delete",
				Usage:     "remove documents and their facts from the store (facts other documents state stay)",
				ArgsUsage: "FILE...",
				Flags:     storeFlags(),
				Action: func(ctx context.Context, cmd *urfave.Command) error {
					return deleteDocs(ctx, cfg, cmd.Args().Slice(), os.Stdout)
				},
			},
			{
				Name:  "compact",
				Usage: "rewrite a bolt or leveldb store with its live quads only, and swap the copy in (the store must not be open: stop kg serve first)",
				Description: "Cayley keeps every deleted quad (marked dead) in the file and in its index lists, so a store\n" +
					"whose documents are replaced or deleted keeps them all, and its deletes slow down. compact\n" +
					"copies the live quads into a new store beside the old one and renames it over the old\n" +
					"one when the copy is complete; if it stops, the old store is untouched.",
				Flags:  storeFlags(),
				Action: func(ctx context.Context, _ *urfave.Command) error { return compact(ctx, cfg, os.Stdout) },
			},
			{
				Name:  "export",
				Usage: "write the whole graph as N-Quads to stdout, each piece of evidence as a node; --store-quads: only the store's own quads, for cayley load into another store",
				Flags: append(storeFlags(),
					&urfave.BoolFlag{Name: "store-quads", Usage: "write only the quads the store holds (evidence stays spans in the documents' summaries), which a store loaded with them serves as this one", Destination: &cfg.StoreQuads}),
				Action: func(ctx context.Context, _ *urfave.Command) error { return export(ctx, cfg, os.Stdout) },
			},
			{
				Name:   "check",
				Usage:  "check the in-memory index against the quads (after a crash, or to trust a store); slow on big stores",
				Flags:  storeFlags(),
				Action: func(ctx context.Context, _ *urfave.Command) error { return check(ctx, cfg, os.Stdout) },
			},
			{
				Name:      "extract",
				Usage:     "show what the loader finds in one document, and why",
				ArgsUsage: "FILE",
				Flags:     []urfave.Flag{&urfave.BoolFlag{Name: "json", Usage: "print JSON", Destination: &cfg.JSON}},
				Action: func(ctx context.Context, cmd *urfave.Command) error {
					return extract(ctx, cfg, cmd.Args().Slice(), os.Stdout)
				},
			},
			{
				Name:  "eval",
				Usage: "score the graph served from documents against a gold annotation",
				Flags: []urfave.Flag{
					&urfave.StringFlag{Name: "gold", Usage: "gold annotation (JSON, see eval/FORMAT.md)", Required: true, Destination: &cfg.Gold},
					docsFlag("documents to load (default: the embedded seeds)"),
					&urfave.BoolFlag{Name: "json", Usage: "print JSON", Destination: &cfg.JSON},
				},
				Action: func(ctx context.Context, _ *urfave.Command) error { return evaluate(ctx, cfg, os.Stdout) },
			},
			genCommand(&cfg.Gen),
		},
	}
}

// splitList splits a comma-separated flag value, dropping empty parts.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
