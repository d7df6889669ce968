package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/medkg/medkg/resolvers"
)

// Limits on what one query may ask. Each is checked before any resolver
// runs, in one pass over the query that reads each fragment once.
const (
	// DefaultMaxComplexity is the default limit on a query's complexity,
	// priced as resolvers.Measure says: a full page of 500 hospitals with
	// their cities, departments and symptoms fits; lists nested three deep
	// under it do not; GraphiQL's introspection query costs 22,134.
	DefaultMaxComplexity = 50_000
	// DefaultMaxDepth is the deepest a query's fields may nest, not
	// counting introspection (__schema, __type), whose standard query
	// (GraphiQL's) nests deeper than any question of the graph needs: the
	// playground's example nests 6.
	DefaultMaxDepth = 10
	// DefaultMaxFields limits the fields a query selects once every
	// fragment spread is expanded (GraphiQL's introspection query: 181),
	// so that fragments spreading each other cannot multiply work.
	DefaultMaxFields = 2_000
	// DefaultMaxAliases limits the fields a query selects under an alias,
	// expanded likewise.
	DefaultMaxAliases = 200
	// DefaultMaxAnswerBytes limits the size of an answer as it is
	// resolved; past it the query stops and is answered with one
	// ANSWER_TOO_LARGE error.
	DefaultMaxAnswerBytes = 16 << 20
	// DefaultTimeout is how long one request may take before its reads are
	// cancelled and it is answered with a TIMEOUT error.
	DefaultTimeout = 10 * time.Second
)

// Codes of the limits' errors, in extensions.code.
const (
	CodeComplexityLimit = "COMPLEXITY_LIMIT_EXCEEDED" // the query asks for too much
	CodeDepthLimit      = "DEPTH_LIMIT_EXCEEDED"      // the query nests deeper than the limit
	CodeFieldLimit      = "FIELD_LIMIT_EXCEEDED"      // too many fields after expanding fragments
	CodeAliasLimit      = "ALIAS_LIMIT_EXCEEDED"      // too many aliased fields
	CodeAnswerTooLarge  = "ANSWER_TOO_LARGE"          // the answer outgrew the limit as it was resolved
	CodeTimeout         = "TIMEOUT"                   // the query ran longer than the limit
)

// queryLimits refuses operations that cost more than the limits, before
// any resolver runs, and records the cost in the operation's stats.
type queryLimits struct {
	complexity, depth, fields, aliases int
	es                                 graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &queryLimits{}

func (*queryLimits) ExtensionName() string { return "QueryLimits" }

func (l *queryLimits) Validate(schema graphql.ExecutableSchema) error {
	l.es = schema
	return nil
}

func (l *queryLimits) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation == nil {
		return nil
	}
	c := resolvers.Measure(ctx, l.es, opCtx.Doc, opCtx.Operation, opCtx.Variables)
	opCtx.Stats.SetExtension("QueryLimits", c)
	// refuse names what is over the limit, by how much, in the message
	// and in extensions (code, the measure under key, limit).
	refuse := func(code, key string, got, limit int, format string) *gqlerror.Error {
		err := gqlerror.Errorf(format, got, limit)
		err.Extensions = map[string]any{"code": code, key: got, "limit": limit}
		return err
	}
	switch {
	case c.Aliases > l.aliases:
		return refuse(CodeAliasLimit, "aliases", c.Aliases, l.aliases, "operation selects %d fields under aliases, more than the limit of %d")
	case c.Fields > l.fields:
		return refuse(CodeFieldLimit, "fields", c.Fields, l.fields, "operation selects %d fields once its fragments are expanded, more than the limit of %d")
	case c.Depth > l.depth:
		return refuse(CodeDepthLimit, "depth", c.Depth, l.depth, "operation nests %d levels deep, more than the limit of %d")
	case c.Complexity > l.complexity:
		return refuse(CodeComplexityLimit, "complexity", c.Complexity, l.complexity, "operation has complexity %d, which exceeds the limit of %d")
	}
	return nil
}

// withTimeout cancels a request's context after d; the store's reads stop,
// and the error presenter answers TIMEOUT for each field that was cut
// short. gqlgen answers a bare null when the time is up before it starts
// executing; that becomes a TIMEOUT error too.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if websocket(r) || sse(r) {
			// A subscription lasts as long as its client wants; the
			// limits measured before it runs still hold.
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		if incremental(r) {
			next.ServeHTTP(w, r.WithContext(ctx)) // in parts, as they come (defer.go)
			return
		}
		rec := &bufferedWriter{header: w.Header(), status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(ctx))
		body := rec.body.Bytes()
		if errors.Is(ctx.Err(), context.DeadlineExceeded) && len(bytes.TrimSpace(body)) <= len("null") {
			err := gqlerror.Errorf("%s", timeoutMessage(d))
			err.Extensions = map[string]any{"code": CodeTimeout}
			body, _ = json.Marshal(map[string]any{"errors": gqlerror.List{err}})
			w.Header().Set("Content-Type", "application/json")
			w.Header().Del("Content-Length")
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Del("ETag")
		}
		w.WriteHeader(rec.status)
		w.Write(body)
	})
}

// timeoutMessage is what a client that ran into the timeout reads.
func timeoutMessage(d time.Duration) string {
	return fmt.Sprintf("query took longer than the limit of %s and was stopped", d)
}

// streamTimeout holds the queries and mutations that come over a
// WebSocket or server-sent events, which withTimeout lets through (a
// subscription lasts as long as its client wants), to the same time
// limit.
type streamTimeout struct{ d time.Duration }

var (
	_ graphql.HandlerExtension     = streamTimeout{}
	_ graphql.OperationInterceptor = streamTimeout{}
)

func (streamTimeout) ExtensionName() string                          { return "StreamTimeout" }
func (streamTimeout) Validate(schema graphql.ExecutableSchema) error { return nil }

func (t streamTimeout) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx).Operation
	if _, has := ctx.Deadline(); has || op == nil || op.Operation == ast.Subscription {
		return next(ctx)
	}
	ctx, cancel := context.WithTimeout(ctx, t.d)
	responses := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if resp == nil || resp.HasNext == nil || !*resp.HasNext {
			cancel() // the last answer
		}
		return resp
	}
}
