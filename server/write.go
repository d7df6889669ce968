package server

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"

	"github.com/medkg/medkg/resolvers"
)

// Codes of the mutations' refusals in extensions.code.
const (
	CodeUnauthenticated = "UNAUTHENTICATED" // a mutation without the write token
	CodeForbidden       = "FORBIDDEN"       // a mutation on a server without a write token
)

// DefaultMaxBodyBytes limits a request's body when writes are off: queries
// are small.
const DefaultMaxBodyBytes = 1 << 20

// withWriteAuth marks requests whose Authorization header carries the
// write token (resolvers.WithWriteAccess), compared in constant time. A
// missing or wrong token is not refused here: queries need none, and a
// mutation without it answers UNAUTHENTICATED.
func withWriteAuth(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	want := []byte(token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if ok && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), want) == 1 {
			r = r.WithContext(resolvers.WithWriteAccess(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

// withBodyLimit refuses request bodies over max bytes: reading more fails,
// and gqlgen answers the request with an error.
func withBodyLimit(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			http.Error(w, "request body too large: the limit is "+humanBytes(max), http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
