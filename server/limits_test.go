package server_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/medkg/medkg/server"
)

// Queries over a limit are refused with a clear error and a code, before
// they cost anything.
func TestLimits(t *testing.T) {
	t.Parallel()
	srv := newServer(t, server.Options{})

	t.Run("DeepQueryRefused", func(t *testing.T) {
		// 11 levels: the cities of the province of the city of …
		q := `{ hospital(name: "苏州市立医院") { city { province { cities { province { cities { province { cities { province { cities { name } } } } } } } } } } }`
		status, resp := post(t, srv, q, nil)
		if got := resp.errCodes(); !slices.Equal(got, []string{server.CodeDepthLimit}) ||
			!strings.Contains(resp.Errors[0].Message, "11 levels deep, more than the limit of 10") {
			t.Errorf("%d %+v", status, resp.Errors)
		}
		if string(resp.Data) != "" && string(resp.Data) != "null" {
			t.Errorf("data for a refused query: %s", resp.Data)
		}
		// The same through a fragment.
		q = `query { hospital(name: "苏州市立医院") { ...C } } fragment C on Hospital { city { province { cities { province { cities { province { cities { province { cities { name } } } } } } } } } }`
		if _, resp := post(t, srv, q, nil); !slices.Equal(resp.errCodes(), []string{server.CodeDepthLimit}) {
			t.Errorf("through a fragment: %+v", resp.Errors)
		}
		// 10 levels are served.
		q = `{ hospital(name: "苏州市立医院") { city { province { cities { province { cities { province { cities { province { name } } } } } } } } } }`
		if _, resp := post(t, srv, q, nil); len(resp.Errors) > 0 {
			t.Errorf("10 levels: %+v", resp.Errors)
		}
	})
	t.Run("IntrospectionIsNotLimited", func(t *testing.T) {
		// GraphiQL's introspection query nests type refs 8 deep under __schema.
		q := `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }`
		if _, resp := post(t, srv, q, nil); len(resp.Errors) > 0 {
			t.Errorf("%+v", resp.Errors)
		}
	})
	t.Run("HugeQueryRefused", func(t *testing.T) {
		q := `{ hospitals(first: 500) { edges { node { recommendedFor { hospitals { departments { hospitals { recommendedFor { name } } } } } } } } }`
		status, resp := post(t, srv, q, nil)
		if got := resp.errCodes(); !slices.Equal(got, []string{"COMPLEXITY_LIMIT_EXCEEDED"}) ||
			!strings.Contains(resp.Errors[0].Message, "exceeds the limit of 50000") {
			t.Errorf("%d %+v", status, resp.Errors)
		}
	})
	t.Run("Timeout", func(t *testing.T) {
		slow := newServer(t, server.Options{Timeout: time.Nanosecond})
		_, resp := post(t, slow, `{ hospitals { totalCount } }`, nil)
		if got := resp.errCodes(); !slices.Equal(got, []string{server.CodeTimeout}) ||
			resp.Errors[0].Message != "query took longer than the limit of 1ns and was stopped" {
			t.Errorf("%+v", resp.Errors)
		}
	})
}
