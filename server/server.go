// Package server is the knowledge graph's HTTP face:
//
//	/graphql         the GraphQL API (POST, and GET for queries), see schema/
//	/                a GraphiQL playground, open on an example query
//	/schema.graphql  the schema as SDL
//	/explore/        the explorer page for analysts (package explore)
//	/healthz         200 once the store is loaded, 503 before
//	/export.nq       the graph as N-Quads (?document=FILE: one document's quads)
//	/export.jsonld   the same as JSON-LD
//
// Responses are gzip-compressed for clients that accept it, answers to GET
// queries are cacheable (Cache-Control, ETag), and CORS is allowed for the
// origins Options name.
//
// The playground's scripts and styles are embedded (assets/), so the page
// works offline. They come from the npm packages pinned in tools/playground;
// `go generate ./server` installs those and copies the files (it needs npm).
package server

import (
	"bytes"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/medkg/medkg/explore"
	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers"
	"github.com/medkg/medkg/schema"
)

//go:generate npm ci --prefix ../tools/playground --no-audit --no-fund --loglevel=error
//go:generate go run ../tools/playground -from ../tools/playground/node_modules -out assets

// Store is what the server serves: the store the resolvers read.
type Store = resolvers.Store

// Options configure a Server. The zero value is usable.
type Options struct {
	// Logger receives one line per request and the detail of internal
	// errors, which clients only see as "internal error". Nil discards.
	Logger *slog.Logger
	// Ready reports whether the store is open and loaded; /healthz says 503
	// until it does. Nil means always ready.
	Ready func() bool
	// MaxComplexity limits the complexity of a query; 0 means
	// DefaultMaxComplexity.
	MaxComplexity int
	// CORSOrigins are the origins whose pages may call the API from a
	// browser ("*" for any); none turns CORS off.
	CORSOrigins []string
	// MaxDepth limits how deep a query's fields nest; 0 means
	// DefaultMaxDepth.
	MaxDepth int
	// MaxFields limits the fields a query selects once its fragments are
	// expanded; 0 means DefaultMaxFields.
	MaxFields int
	// MaxAliases limits the fields a query selects under an alias; 0
	// means DefaultMaxAliases.
	MaxAliases int
	// MaxAnswerBytes limits an answer's size as it is resolved; 0 means
	// DefaultMaxAnswerBytes.
	MaxAnswerBytes int64
	// Timeout limits how long one request may take; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// CacheMaxAge is how long an answer to a GET query may be cached; 0
	// means DefaultCacheMaxAge.
	CacheMaxAge time.Duration
	// WriteToken turns the mutations on: they write through Writer and
	// need the header "Authorization: Bearer <WriteToken>". Empty, or a
	// nil Writer, leaves them off.
	WriteToken string
	Writer     resolvers.Writer
	// MaxBodyBytes limits a request's body; 0 means DefaultMaxBodyBytes,
	// or, with writes on and the write token sent, room for a document of
	// MaxDocumentBytes.
	MaxBodyBytes int64
	// MaxDocumentBytes is the largest document ingestDocument takes (the
	// loader's limit); the body limit allows for it escaped in JSON.
	MaxDocumentBytes int64
	// Metrics are served at /metrics; nil makes new ones.
	Metrics *Metrics
	// RateLimit allows each client IP this many requests a second (bursts
	// of twice as many); over it the answer is 429. 0 means no limit.
	// /healthz, /readyz and /metrics are not limited.
	RateLimit float64
}

// Server serves the knowledge graph over HTTP. Create it with New.
type Server struct {
	handler http.Handler
}

// New returns a Server that answers queries from store.
func New(store Store, opts Options) *Server {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if _, ok := log.Handler().(requestIDHandler); !ok {
		log = slog.New(LogHandler(log.Handler())) // request_id on every line
	}
	ready := opts.Ready
	if ready == nil {
		ready = func() bool { return true }
	}
	limits := &queryLimits{
		complexity: orDefault(opts.MaxComplexity, DefaultMaxComplexity),
		depth:      orDefault(opts.MaxDepth, DefaultMaxDepth),
		fields:     orDefault(opts.MaxFields, DefaultMaxFields),
		aliases:    orDefault(opts.MaxAliases, DefaultMaxAliases),
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}

	var writer resolvers.Writer
	if opts.WriteToken != "" {
		writer = opts.Writer
	}
	// Only a request with the write token may send a document's worth.
	maxBody, maxWriteBody := opts.MaxBodyBytes, opts.MaxBodyBytes
	if maxBody == 0 {
		maxBody, maxWriteBody = DefaultMaxBodyBytes, DefaultMaxBodyBytes
		if writer != nil {
			// A document's text in JSON: at most 6 bytes (\uXXXX) per 3
			// bytes of UTF-8, plus the query around it.
			maxWriteBody += 2 * opts.MaxDocumentBytes
		}
	}
	gql := handler.New(resolvers.NewSchemaWriter(store, writer))
	// Subscriptions over server-sent events and WebSocket; multipart/mixed
	// for @defer (defer.go). Each takes only the POSTs that ask for it,
	// which POST would take too, so they come first.
	gql.AddTransport(transport.SSE{})
	gql.AddTransport(transport.MultipartMixed{})
	gql.AddTransport(transport.Websocket{
		Implementation:        transport.CoderWebsocketImplementation{AcceptOptions: websocketOrigins(opts.CORSOrigins)},
		KeepAlivePingInterval: 10 * time.Second,
	})
	gql.AddTransport(transport.GET{}) // refuses mutations
	gql.AddTransport(transport.POST{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	gql.Use(extension.Introspection{})
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	gql.Use(limits)
	gql.Use(&completeDeferred{})
	gql.Use(streamTimeout{timeout})
	gql.Use(answerBudget{orDefault(opts.MaxAnswerBytes, DefaultMaxAnswerBytes)})
	metrics := opts.Metrics
	if metrics == nil {
		metrics = NewMetrics()
	}
	metrics.watchStore(store)
	gql.Use(operationMetrics{metrics})
	gql.SetErrorPresenter(presentError(log, timeout))
	gql.SetRecoverFunc(recoverPanic)

	sdl, err := schemaSDL()
	if err != nil {
		panic(err) // the files are embedded at build time
	}

	maxAge := opts.CacheMaxAge
	if maxAge == 0 {
		maxAge = DefaultCacheMaxAge
	}
	limited := func(h http.Handler) http.Handler { return h }
	if opts.RateLimit > 0 {
		limited = newRateLimiter(opts.RateLimit, metrics.refused.Inc).wrap
	}
	mux := http.NewServeMux()
	route := func(pattern, name string, h http.Handler) {
		mux.Handle(pattern, metrics.instrument(name, limited(h)))
	}
	route("/graphql", "graphql", withWriteAuth(opts.WriteToken, withBodyLimit(maxBody, maxWriteBody, withTimeout(timeout, cacheGET(maxAge, specStatus(markIncremental(gql)))))))
	route("GET /{$}", "playground", playgroundHandler())
	route("GET /assets/", "assets", assetsHandler())
	route("/explore/", "explore", explore.Handler())
	route("GET /schema.graphql", "schema", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(sdl)
	}))
	route("GET /export.nq", "export", exportHandler(store, graph.FormatNQuads, "application/n-quads; charset=utf-8", log))
	route("GET /export.jsonld", "export", exportHandler(store, graph.FormatJSONLD, "application/ld+json", log))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !ready() {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("loading\n"))
			return
		}
		w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /readyz", metrics.instrument("readyz", readyHandler(ready, store)))
	mux.Handle("GET /metrics", metrics.instrument("metrics", metrics.handler()))
	return &Server{handler: withRequestID(logRequests(log, withCORS(opts.CORSOrigins, withGzip(mux))))}
}

// websocketOrigins lets pages of the origins CORS allows open a WebSocket
// (a page of the server's own origin always may); the WebSocket library
// matches an origin's host, not its scheme.
func websocketOrigins(origins []string) coderws.AcceptOptions {
	var hosts []string
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			hosts = append(hosts, u.Host)
		} else {
			hosts = append(hosts, o) // "*", or a bare host
		}
	}
	return coderws.AcceptOptions{OriginPatterns: hosts}
}

// orDefault is v, or def when v is 0.
func orDefault[T int | int64](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// schemaSDL returns the schema's files as written, one after another.
func schemaSDL() ([]byte, error) {
	files, err := fs.Glob(schema.FS, "*.graphqls")
	if err != nil {
		return nil, err
	}
	var sdl bytes.Buffer
	for _, name := range files {
		b, err := fs.ReadFile(schema.FS, name)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&sdl, "# schema/%s\n\n", name)
		sdl.Write(bytes.TrimSpace(b))
		sdl.WriteString("\n\n")
	}
	return sdl.Bytes(), nil
}

// logRequests logs one line per request: method, path, status and duration.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusRecorder) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush sends what was written so far, for answers that come in parts
// (@defer over multipart/mixed).
func (w *statusRecorder) Flush() {
	w.wrote = true
	http.NewResponseController(w.ResponseWriter).Flush()
}
