// Command playground copies the GraphiQL and React builds that the playground
// page needs out of the npm packages pinned here (package.json,
// package-lock.json) into the server's embedded assets, so that the page loads
// with no CDN. It runs from `go generate ./server`, after `npm ci`:
//
//	go run ../tools/playground -from ../tools/playground/node_modules -out assets
//
// It copies each file byte for byte, with the package's licence beside it,
// and removes nothing else; the output depends only on the locked versions.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// files maps each asset's name under -out to its path under -from.
var files = []struct{ out, from string }{
	{"graphiql.min.js", "graphiql/graphiql.min.js"},
	{"graphiql.min.css", "graphiql/graphiql.min.css"},
	{"graphiql.LICENSE", "graphiql/LICENSE"},
	{"react.production.min.js", "react/umd/react.production.min.js"},
	{"react.LICENSE", "react/LICENSE"},
	{"react-dom.production.min.js", "react-dom/umd/react-dom.production.min.js"},
	{"react-dom.LICENSE", "react-dom/LICENSE"},
}

func main() {
	from := flag.String("from", "node_modules", "the node_modules folder npm ci filled")
	out := flag.String("out", "assets", "the folder to copy the assets into")
	flag.Parse()
	if err := run(*from, *out); err != nil {
		fmt.Fprintln(os.Stderr, "playground:", err)
		os.Exit(1)
	}
}

func run(from, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(from, filepath.FromSlash(f.from)))
		if err != nil {
			return fmt.Errorf("%w (run npm ci in tools/playground first)", err)
		}
		if err := os.WriteFile(filepath.Join(out, f.out), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
