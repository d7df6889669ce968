package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers"
)

func TestPresentError(t *testing.T) {
	coded := gqlerror.Errorf("Cannot query field \"nope\" on type \"Hospital\".")
	coded.Extensions = map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}
	path := ast.Path{ast.PathName("hospital"), ast.PathName("city")}
	for _, tc := range []struct {
		name, msg, code string
		err             error
		logged          bool
	}{
		{"ArgumentError", "invalid argument first: page size -1 is negative", CodeBadUserInput,
			fmt.Errorf("hospitals: %w", &resolvers.ArgumentError{Arg: "first", Reason: "page size -1 is negative"}), false},
		{"NotFound", "not found", CodeNotFound, fmt.Errorf("entity City/苏州: %w", graph.ErrNotFound), false},
		{"StoreFailure", "internal error", CodeInternal, errors.New("bolt: /data/kg.db: input/output error"), true},
		{"Panic", "internal error", CodeInternal, recoverPanic(context.Background(), "boom"), true},
		{"GqlgenKeepsItsCode", coded.Message, "GRAPHQL_VALIDATION_FAILED", coded, false},
		{"GqlgenWithoutCode", "no operation provided", CodeBadUserInput, gqlerror.Errorf("no operation provided"), false},
		{"Timeout", "query took longer than the limit of 2s and was stopped", CodeTimeout,
			fmt.Errorf("list Hospital: %w", context.DeadlineExceeded), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			present := presentError(slog.New(slog.NewTextHandler(&logs, nil)), 2*time.Second)
			ctx := graphql.WithPathContext(context.Background(), graphql.NewPathWithField("hospital"))
			ctx = graphql.WithPathContext(ctx, graphql.NewPathWithField("city"))
			got := present(ctx, graphql.ErrorOnPath(ctx, tc.err))
			if got.Message != tc.msg || got.Extensions["code"] != tc.code {
				t.Errorf("presented %q %v, want %q %s", got.Message, got.Extensions["code"], tc.msg, tc.code)
			}
			if _, isGqlgen := tc.err.(*gqlerror.Error); !isGqlgen && got.Path.String() != path.String() {
				t.Errorf("path = %s, want %s", got.Path, path)
			}
			if got.Unwrap() != nil && tc.code != "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("the presented error still wraps %v", got.Unwrap())
			}
			if logged := strings.Contains(logs.String(), "internal error"); logged != tc.logged {
				t.Errorf("logged = %v, want %v: %s", logged, tc.logged, logs.String())
			}
		})
	}
}
