package server

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
)

// ExampleQuery is the query the playground opens on: the hospitals
// recommended for 皮肤紫癜, where they are, and the evidence.
//
//go:embed example.graphql
var ExampleQuery string

//go:embed playground.html
var playgroundHTML string

// assets are GraphiQL's and React's builds, copied from npm by go generate.
//
//go:embed assets
var assets embed.FS

// playgroundHandler serves the GraphiQL page, pointed at /graphql (relative
// to the page) and open on ExampleQuery.
func playgroundHandler() http.Handler {
	tmpl := template.Must(template.New("playground").Parse(playgroundHTML))
	var page bytes.Buffer
	// html/template writes the query as a JavaScript string literal.
	if err := tmpl.Execute(&page, struct{ Query string }{ExampleQuery}); err != nil {
		panic(err) // the template and its data are fixed at build time
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page.Bytes())
	})
}

// assetsHandler serves assets under /assets/, cacheable for a day.
func assetsHandler() http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
