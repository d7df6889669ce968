package server

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
)

func each[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	for i, x := range s {
		out[i] = f(x)
	}
	return out
}

// ExampleQuery is the query the playground opens on: the hospitals
// recommended for 皮肤紫癜, where they are, and the evidence.
//
//go:embed example.graphql
var ExampleQuery string

//go:embed playground.html
var playgroundHTML string

//go:embed examples/*.graphql
var exampleFiles embed.FS

// Examples are the playground's tabs: ExampleQuery first, then the files
// in examples/, each a question of its own (search, ranking, link table,
// stats, paths, lists, neighbourhood), by file name.
var Examples = func() []string {
	out := []string{ExampleQuery}
	names, err := fs.Glob(exampleFiles, "examples/*.graphql")
	if err != nil {
		panic(err)
	}
	for _, name := range names { // sorted by fs.Glob
		b, err := fs.ReadFile(exampleFiles, name)
		if err != nil {
			panic(err)
		}
		out = append(out, string(b))
	}
	return out
}()

// assets are GraphiQL's and React's builds, copied from npm by go generate.
//
//go:embed assets
var assets embed.FS

// playgroundHandler serves the GraphiQL page, pointed at /graphql (relative
// to the page) and open on ExampleQuery, with a tab for each of Examples.
func playgroundHandler() http.Handler {
	tmpl := template.Must(template.New("playground").Parse(playgroundHTML))
	var page bytes.Buffer
	type tab struct {
		Query string `json:"query"`
	}
	tabs := each(Examples, func(q string) tab { return tab{q} })
	// html/template writes the query as a JavaScript string literal, and
	// the tabs as a JavaScript array.
	if err := tmpl.Execute(&page, struct {
		Query string
		Tabs  []tab
	}{ExampleQuery, tabs}); err != nil {
		panic(err) // the template and its data are fixed at build time
	}
	return withSecurityHeaders(playgroundCSP(page.Bytes()), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page.Bytes())
	}))
}

// assetsHandler serves assets under /assets/, cacheable for a day.
func assetsHandler() http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
