package server

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"io"
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
		// The scheme is case-insensitive (RFC 9110, section 11.1).
		scheme, got, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		if ok && strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), want) == 1 {
			r = r.WithContext(resolvers.WithWriteAccess(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

// withBodyLimit refuses request bodies over max bytes with 413: at once
// when Content-Length says so, else (a chunked body) once reading it runs
// past the limit, whatever the handler made of the cut body.
//
// max applies to requests without the write token, maxWrite to those with
// it (withWriteAuth runs first): no unauthenticated request may make the
// server read and parse a document's worth of bytes.
func withBodyLimit(maxAnon, maxWrite int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		max := maxAnon
		if resolvers.HasWriteAccess(r.Context()) {
			max = maxWrite
		}
		tooLarge := func(w http.ResponseWriter) {
			w.Header().Set("Connection", "close")
			http.Error(w, "request body too large: the limit is "+humanBytes(max), http.StatusRequestEntityTooLarge)
		}
		if r.ContentLength > max {
			tooLarge(w)
			return
		}
		body := &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, max)}
		r.Body = body
		if streaming(r) {
			// An answer in parts cannot be taken back once begun: read
			// the whole body first.
			b, err := io.ReadAll(body)
			if body.over {
				tooLarge(w)
				return
			}
			if err != nil {
				http.Error(w, "reading the request body: "+err.Error(), http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(b))
			next.ServeHTTP(w, r)
			return
		}
		rec := &bufferedWriter{header: w.Header(), status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if body.over {
			w.Header().Del("Content-Type")
			w.Header().Del("Content-Encoding")
			tooLarge(w)
			return
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
	})
}

// limitedBody notes when a request's body ran past its limit.
type limitedBody struct {
	io.ReadCloser
	over bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		b.over = true
	}
	return n, err
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
