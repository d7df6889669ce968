package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers"
)

// Codes in a GraphQL error's extensions.code, besides gqlgen's own
// (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
// PERSISTED_QUERY_NOT_FOUND) and the limits' (see limits.go).
const (
	CodeBadUserInput = "BAD_USER_INPUT" // an argument is wrong; the message says which and why
	CodeNotFound     = "NOT_FOUND"      // something the query needs is not in the store
	CodeInternal     = "INTERNAL"       // our fault; the detail is in the server's log
	// CodeInsufficientStorage: the disk is full; the write was not made
	// (HTTP 507).
	CodeInsufficientStorage = "INSUFFICIENT_STORAGE"
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
			clarify(gqlErr)
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
		case errors.Is(cause, resolvers.ErrNotWritten):
			e := present(gqlErr, "the request ended before the write began; nothing was written", CodeTimeout)
			e.Extensions["written"] = false
			return e
		case diskFull(cause):
			log.ErrorContext(ctx, "graphql: disk full", "path", gqlErr.Path.String(), "err", cause)
			e := present(gqlErr, "disk full: the server has no room to write; nothing was written", CodeInsufficientStorage)
			e.Extensions["written"] = false
			return e
		case errors.Is(cause, errAnswerTooLarge):
			return present(gqlErr, "answer too large", CodeAnswerTooLarge)
		case errors.Is(cause, context.DeadlineExceeded):
			return present(gqlErr, timeoutMessage(timeout), CodeTimeout)
		case errors.Is(cause, context.Canceled):
			return present(gqlErr, "request cancelled", CodeTimeout)
		}
		log.ErrorContext(ctx, "graphql: internal error", "path", gqlErr.Path.String(), "err", cause)
		return present(gqlErr, "internal error", CodeInternal)
	}
}

// clarify rewrites gqlgen's and gqlparser's messages that do not say
// what is wrong in the client's terms.
func clarify(e *gqlerror.Error) {
	switch {
	case e.Message == "operation  not found":
		e.Message = "the document holds more than one operation: name the one to run in operationName"
	case strings.HasPrefix(e.Message, "operation ") && strings.HasSuffix(e.Message, " not found"):
		e.Message = fmt.Sprintf("the document has no operation named %q (operationName)", strings.TrimSuffix(strings.TrimPrefix(e.Message, "operation "), " not found"))
	case strings.HasPrefix(e.Message, "cannot use value ") && strings.HasSuffix(e.Message, " as Int") && len(e.Path) == 2:
		// gqlparser reads a number out of Int's range as 0.
		e.Message = fmt.Sprintf("variable $%v is not an Int: a whole number from -2147483648 to 2147483647 is wanted", e.Path[1])
	}
}

// diskFull reports whether err comes of a full disk. The stores' errors
// do not all wrap the errno, so the message counts too.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "no space left on device")
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
