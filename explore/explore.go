// Package explore serves the explorer page at /explore/: a search box with
// suggestions, the hospitals ranked for a symptom in a city or province
// drawn as a graph, details and evidence on click, neighbourhoods, paths,
// an overview of where the hospitals are, and PNG and CSV exports; and
// the document view at /explore/doc/FILE, a document's text with every
// fact read from it marked. The page
// talks only to the GraphQL API beside it (/graphql).
//
// Its script, stylesheet and page are built from web/ with npm and
// esbuild, versions pinned in web/package-lock.json, into dist/, which is
// committed and embedded, so the binary serves the page with no network
// and a plain `go build` needs no Node. `go generate ./explore` rebuilds
// dist/ (it needs npm); the build is reproducible, so regenerating leaves
// no diff.
package explore

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:generate npm ci --prefix web --no-audit --no-fund --loglevel=error
//go:generate npm run --prefix web --silent build

// Prefix is the path the page is served under; Handler expects to be
// mounted there (mux.Handle(explore.Prefix, explore.Handler())).
const Prefix = "/explore/"

// DocPrefix is where under Prefix the document view is: doc/FILE shows
// the document FILE (doc.html; ?start=S&end=E scrolls to that span).
const DocPrefix = "doc/"

// ContentSecurityPolicy lets the page load nothing but its own files and
// talk to nothing but its own server. Cytoscape draws on canvases, and the
// PNG export makes a blob: URL, hence img-src blob: and data:.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

//go:embed dist
var dist embed.FS

// file is one embedded asset, ready to serve.
type file struct {
	body  []byte
	ctype string
	etag  string
}

// Handler returns the handler of the page and its assets under Prefix:
// GET and HEAD only, every answer with the security headers (the CSP above,
// nosniff, no referrer, no framing), assets revalidated by their ETag.
// Paths outside dist/ are 404.
func Handler() http.Handler {
	files := map[string]file{}
	err := fs.WalkDir(dist, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := dist.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "dist/")
		ctype := mime.TypeByExtension(path.Ext(name))
		switch path.Ext(name) { // not left to the machine's mime tables
		case ".html":
			ctype = "text/html; charset=utf-8"
		case ".js":
			ctype = "text/javascript; charset=utf-8"
		case ".css":
			ctype = "text/css; charset=utf-8"
		case ".txt":
			ctype = "text/plain; charset=utf-8"
		}
		sum := sha256.Sum256(b)
		files[name] = file{body: b, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		return nil
	})
	if err != nil {
		panic(err) // dist is embedded at build time
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name, ok := strings.CutPrefix(r.URL.Path, Prefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if name == "" {
			name = "index.html"
		}
		if file, ok := strings.CutPrefix(name, DocPrefix); ok && file != "" && !strings.Contains(file, "/") {
			name = "doc.html" // the page reads the file name from its path
		}
		f, ok := files[name]
		if !ok || name == "index.html" && r.URL.Path != Prefix || name == "doc.html" && !strings.HasPrefix(r.URL.Path, Prefix+DocPrefix) {
			http.NotFound(w, r)
			return
		}
		h.Set("Content-Type", f.ctype)
		h.Set("ETag", f.etag)
		h.Set("Cache-Control", "no-cache") // revalidate: names carry no hash
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.body))
	})
}
