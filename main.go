// Command kg is the medical knowledge-graph service: it loads Chinese health
// pages into a Cayley graph and serves it over GraphQL. Its commands are in
// package cli (kg serve, load, delete, compact, export, check, extract,
// eval, gen).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/medkg/medkg/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cli.Run(ctx, os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "kg:", err)
		os.Exit(1)
	}
}
