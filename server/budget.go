package server

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// errAnswerTooLarge cuts a query whose answer outgrew the budget.
var errAnswerTooLarge = errors.New("server: answer too large")

// answerBudget holds each query to what it may cost while it runs, where
// the limits checked before it runs cannot see: the answer's size, counted
// field by field as resolvers return (so that a list longer than it was
// priced at stops the query before the answer is built), and the
// request's context, checked before each field (so that a deadline or a
// gone client stops the work). Mutations are not cut: a write that has
// begun completes and says so (see resolvers' mutations).
type answerBudget struct{ maxBytes int64 }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.FieldInterceptor
} = answerBudget{}

// opBudget is one operation's account.
type opBudget struct {
	write bool         // a mutation: never cut
	used  atomic.Int64 // estimated bytes of answer so far
	over  atomic.Bool
}

type opBudgetKey struct{}

func (answerBudget) ExtensionName() string                          { return "AnswerBudget" }
func (answerBudget) Validate(schema graphql.ExecutableSchema) error { return nil }

func (b answerBudget) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	ob := &opBudget{}
	op := graphql.GetOperationContext(ctx).Operation
	if op != nil && op.Operation == ast.Mutation {
		ob.write = true
	}
	// Each event of a subscription is an answer of its own, with a budget
	// of its own.
	perResponse := op != nil && op.Operation == ast.Subscription
	responses := next(context.WithValue(ctx, opBudgetKey{}, ob))
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if resp == nil {
			return nil
		}
		if perResponse {
			defer func() { ob.used.Store(0); ob.over.Store(false) }()
		}
		if ob.over.Load() {
			// The partial answer is of no use and may be large.
			err := gqlerror.Errorf("the answer grew past the limit of %s and the query was stopped: ask for fewer items (first, ids) or fewer fields", humanBytes(b.maxBytes))
			err.Extensions = map[string]any{"code": CodeAnswerTooLarge, "limit": b.maxBytes}
			return &graphql.Response{Errors: gqlerror.List{err}, Data: []byte("null")}
		}
		resp.Errors = oneOfEach(resp.Errors, CodeTimeout)
		return resp
	}
}

func (b answerBudget) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	ob, _ := ctx.Value(opBudgetKey{}).(*opBudget)
	if ob == nil || ob.write {
		return next(ctx)
	}
	if ob.over.Load() {
		return nil, errAnswerTooLarge
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res, err := next(ctx)
	n := answerSize(res)
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Field.Field != nil {
		n += int64(len(fc.Field.Alias)) + 4 // "alias":,
	}
	if ob.used.Add(n) > b.maxBytes {
		ob.over.Store(true)
		return nil, errAnswerTooLarge
	}
	return res, err
}

// answerSize estimates the bytes a resolver's result adds to the answer
// in JSON, not counting the fields of an object, which are counted as
// they are resolved.
func answerSize(v any) int64 {
	switch v := v.(type) {
	case nil:
		return 4
	case string:
		return int64(len(v)) + 2
	case *string:
		if v == nil {
			return 4
		}
		return int64(len(*v)) + 2
	case []string:
		n := int64(2)
		for _, s := range v {
			n += int64(len(s)) + 3
		}
		return n
	case bool, int, int32, int64, float64, *bool, *int, *float64:
		return 8
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice {
		return int64(rv.Len()) + 2
	}
	return 2
}

// oneOfEach keeps the first error with the code and drops the others:
// a deadline cuts every field still to come, and one error says so.
func oneOfEach(errs gqlerror.List, code string) gqlerror.List {
	out := errs[:0:0]
	seen := false
	for _, e := range errs {
		if c, _ := e.Extensions["code"].(string); c == code {
			if seen {
				continue
			}
			seen = true
		}
		out = append(out, e)
	}
	return out
}
