package server_test

import (
	"fmt"
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
	t.Run("AliasesRefused", func(t *testing.T) {
		q := "{"
		for i := range 201 {
			q += fmt.Sprintf(" a%d: __typename", i)
		}
		q += " }"
		_, resp := post(t, srv, q, nil)
		if got := resp.errCodes(); !slices.Equal(got, []string{server.CodeAliasLimit}) ||
			!strings.Contains(resp.Errors[0].Message, "201 fields under aliases, more than the limit of 200") {
			t.Errorf("%+v", resp.Errors)
		}
	})
	t.Run("GraphiQLIntrospectionServed", func(t *testing.T) {
		// graphql-js's getIntrospectionQuery(), which GraphiQL, Apollo and
		// graphql-codegen send.
		const q = `query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
  types { ...FullType } directives { name description locations args { ...InputValue } } } }
fragment FullType on __Type { kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue } interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`
		if _, resp := post(t, srv, q, nil); len(resp.Errors) > 0 {
			t.Errorf("%+v", resp.Errors)
		}
	})
	t.Run("IntrospectionPriced", func(t *testing.T) {
		// 150 copies of every type's fields and their arguments.
		q := "{"
		for i := range 150 {
			q += fmt.Sprintf(" a%d: __schema { types { fields { name args { name type { name } } } } }", i)
		}
		q += " }"
		if _, resp := post(t, srv, q, nil); !slices.Equal(resp.errCodes(), []string{server.CodeComplexityLimit}) {
			t.Errorf("%+v", resp.Errors)
		}
	})
	t.Run("FragmentFanOutRefusedAtOnce", func(t *testing.T) {
		// Each fragment spreads the next twice: 2^40 fields once expanded.
		q := "query { ...F0 }\n"
		for i := range 40 {
			q += fmt.Sprintf("fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
		}
		q += "fragment F40 on Query { __typename }"
		_, resp := post(t, srv, q, nil)
		if got := resp.errCodes(); !slices.Equal(got, []string{server.CodeFieldLimit}) ||
			!strings.Contains(resp.Errors[0].Message, "1099511627776 fields once its fragments are expanded") {
			t.Errorf("%+v", resp.Errors)
		}
	})
	t.Run("AnswerTooLarge", func(t *testing.T) {
		small := newServer(t, server.Options{MaxAnswerBytes: 400})
		one := `hospitals(first: 500) { edges { node { name aliases city { name province { name } } } } }`
		if _, resp := post(t, small, "{ "+one+" }", nil); len(resp.Errors) > 0 {
			t.Fatalf("the fixture's hospitals answer in under 400 bytes: %+v", resp.Errors)
		}
		_, resp := post(t, small, "{ a: "+one+" b: "+one+" c: "+one+" }", nil)
		if got := resp.errCodes(); !slices.Equal(got, []string{server.CodeAnswerTooLarge}) ||
			!strings.Contains(resp.Errors[0].Message, "past the limit of 400 bytes") || string(resp.Data) != "null" {
			t.Errorf("%s %+v", resp.Data, resp.Errors)
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
