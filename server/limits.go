package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits besides the complexity limit: how deep a query may nest, and how
// long one may run.
const (
	// DefaultMaxDepth is the deepest a query's fields may nest, not
	// counting introspection (__schema, __type), whose standard query
	// (GraphiQL's) nests deeper than any question of the graph needs: the
	// playground's example nests 6.
	DefaultMaxDepth = 10
	// DefaultTimeout is how long one request may take before its reads are
	// cancelled and it is answered with a TIMEOUT error.
	DefaultTimeout = 10 * time.Second
)

// Codes of the limits' errors, in extensions.code.
const (
	CodeDepthLimit = "DEPTH_LIMIT_EXCEEDED" // the query nests deeper than the limit
	CodeTimeout    = "TIMEOUT"              // the query ran longer than the limit
)

// depthLimit refuses operations that nest deeper than max, before any
// resolver runs.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                          { return "DepthLimit" }
func (depthLimit) Validate(schema graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation == nil {
		return nil
	}
	if depth := depthOf(opCtx.Operation.SelectionSet, opCtx.Doc.Fragments, map[string]bool{}); depth > d.max {
		err := gqlerror.Errorf("operation nests %d levels deep, more than the limit of %d", depth, d.max)
		err.Extensions = map[string]any{"code": CodeDepthLimit, "depth": depth, "limit": d.max}
		return err
	}
	return nil
}

// depthOf returns how deep a selection set nests fields, following
// fragments (each at most once on a path, so that a cycle, which
// validation refuses anyway, cannot loop) and skipping introspection.
func depthOf(set ast.SelectionSet, frags ast.FragmentDefinitionList, onPath map[string]bool) int {
	deepest := 0
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			d = 1 + depthOf(s.SelectionSet, frags, onPath)
		case *ast.InlineFragment:
			d = depthOf(s.SelectionSet, frags, onPath)
		case *ast.FragmentSpread:
			if onPath[s.Name] {
				continue
			}
			f := frags.ForName(s.Name)
			if f == nil {
				continue
			}
			onPath[s.Name] = true
			d = depthOf(f.SelectionSet, frags, onPath)
			delete(onPath, s.Name)
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// withTimeout cancels a request's context after d; the store's reads stop,
// and the error presenter answers TIMEOUT for each field that was cut
// short. gqlgen answers a bare null when the time is up before it starts
// executing; that becomes a TIMEOUT error too.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
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
