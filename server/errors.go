package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers"
)

// Codes in a GraphQL error's extensions.code, besides gqlgen's own
// (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, COMPLEXITY_LIMIT_EXCEEDED,
// PERSISTED_QUERY_NOT_FOUND) and the limits' (DEPTH_LIMIT_EXCEEDED, TIMEOUT,
// see limits.go).
const (
	CodeBadUserInput = "BAD_USER_INPUT" // an argument is wrong; the message says which and why
	CodeNotFound     = "NOT_FOUND"      // something the query needs is not in the store
	CodeInternal     = "INTERNAL"       // our fault; the detail is in the server's log
)

// errPanic marks a resolver that panicked.
var errPanic = errors.New("server: panic in resolver")

// presentError is the one place errors become what clients see. gqlgen's own
// errors (parse, validation, complexity) pass as they are, with a code; a
// resolver's argument errors and not-found errors get theirs; anything else
// is logged and shown only as "internal error", so that no store detail
// leaks.
func presentError(log *slog.Logger, timeout time.Duration) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		cause := gqlErr.Unwrap()
		if cause == nil {
			if _, ok := gqlErr.Extensions["code"]; !ok {
				return present(gqlErr, gqlErr.Message, CodeBadUserInput)
			}
			return gqlErr
		}
		var argErr *resolvers.ArgumentError
		switch {
		case errors.As(cause, &argErr):
			return present(gqlErr, argErr.Error(), CodeBadUserInput)
		case errors.Is(cause, resolvers.ErrUnauthorized):
			return present(gqlErr, "a mutation needs the header Authorization: Bearer <write token>", CodeUnauthenticated)
		case errors.Is(cause, resolvers.ErrWritesOff):
			return present(gqlErr, "writes are off: the server was started without a write token", CodeForbidden)
		case errors.Is(cause, graph.ErrNotFound):
			return present(gqlErr, "not found", CodeNotFound)
		case errors.Is(cause, context.DeadlineExceeded):
			return present(gqlErr, timeoutMessage(timeout), CodeTimeout)
		case errors.Is(cause, context.Canceled):
			return present(gqlErr, "request cancelled", CodeTimeout)
		}
		log.ErrorContext(ctx, "graphql: internal error", "path", gqlErr.Path.String(), "err", cause)
		return present(gqlErr, "internal error", CodeInternal)
	}
}

// present returns a client-facing copy of e: its message, position and code,
// without the error it wraps.
func present(e *gqlerror.Error, msg, code string) *gqlerror.Error {
	ext := make(map[string]any, len(e.Extensions)+1)
	for k, v := range e.Extensions {
		ext[k] = v
	}
	ext["code"] = code
	return &gqlerror.Error{Message: msg, Path: e.Path, Locations: e.Locations, Rule: e.Rule, Extensions: ext}
}

// recoverPanic turns a panicking resolver into an internal error, with the
// stack for the log; the presenter logs it.
func recoverPanic(ctx context.Context, p any) error {
	return fmt.Errorf("%w: %v\n%s", errPanic, p, debug.Stack())
}
