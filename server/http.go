package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzhttp"
	"github.com/rs/cors"
)

// DefaultCacheMaxAge is how long shared caches and browsers may keep the
// answer to a GET query without asking again.
const DefaultCacheMaxAge = 60 * time.Second

// corsRequestHeaders are the request headers a browser may send across
// origins: besides the usual ones, those Apollo Client and its tools add
// (apollographql-client-name and -version, apollo-require-preflight,
// x-apollo-operation-name), a caller's X-Request-ID (requestid.go), and
// If-None-Match for revalidating a cached GET.
var corsRequestHeaders = []string{"Content-Type", "Accept", "Authorization", "If-None-Match", "X-Request-ID",
	"Apollographql-Client-Name", "Apollographql-Client-Version", "Apollo-Require-Preflight", "X-Apollo-Operation-Name"}

// corsExposedHeaders are the answer's headers a page's script may read:
// the ETag to revalidate with, and the request's ID to report.
var corsExposedHeaders = []string{"ETag", "X-Request-ID"}

// withCORS lets browsers on the allowed origins call the API: "*" allows
// every origin; none leaves CORS off, so only same-origin pages can, and a
// preflight then gets 204 with the methods allowed (and no CORS header)
// instead of reaching the GraphQL handler, which knows no OPTIONS.
func withCORS(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodOptions {
				w.Header().Set("Allow", "GET, POST, OPTIONS")
				w.WriteHeader(http.StatusNoContent)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	return cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: corsRequestHeaders,
		ExposedHeaders: corsExposedHeaders,
		MaxAge:         600,
	}).Handler(next)
}

// withGzip compresses responses for clients that accept gzip or zstd,
// with gzip where they accept both equally: common Node clients ask for
// both and cannot read zstd.
//
// A WebSocket and a stream of server-sent events pass uncompressed: a
// compressor holds back what it has not filled a block with, and an event
// must reach the client when it is sent.
func withGzip(next http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.PreferZstd(false))
	if err != nil {
		panic(err) // the options are constant
	}
	compressed := wrap(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if websocket(r) || sse(r) {
			next.ServeHTTP(w, r)
			return
		}
		compressed.ServeHTTP(w, r)
	})
}

// cacheGET makes answers to GET queries cacheable: an answer without errors
// gets Cache-Control public with maxAge and a strong ETag of its body, and a
// request whose If-None-Match names that ETag gets 304 Not Modified. POST
// requests and answers with errors pass as they are.
func cacheGET(maxAge time.Duration, next http.Handler) http.Handler {
	cacheControl := "public, max-age=" + strconv.Itoa(int(maxAge.Seconds()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || websocket(r) {
			next.ServeHTTP(w, r)
			return
		}
		rec := &bufferedWriter{header: make(http.Header), status: http.StatusOK}
		next.ServeHTTP(rec, r)
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		body := rec.body.Bytes()
		var resp struct {
			Errors json.RawMessage `json:"errors"`
		}
		if rec.status == http.StatusOK && json.Unmarshal(body, &resp) == nil && len(resp.Errors) == 0 {
			sum := sha256.Sum256(body)
			etag := `"` + hex.EncodeToString(sum[:16]) + `"`
			w.Header().Set("ETag", etag)
			w.Header().Set("Cache-Control", cacheControl)
			if matchesETag(r.Header.Get("If-None-Match"), etag) {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		} else {
			w.Header().Set("Cache-Control", "no-store")
		}
		w.WriteHeader(rec.status)
		w.Write(body)
	})
}

// matchesETag reports whether an If-None-Match header names etag.
func matchesETag(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == etag || t == "W/"+etag || t == "*" {
			return true
		}
	}
	return false
}

// bufferedWriter keeps a response in memory.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (w *bufferedWriter) Header() http.Header { return w.header }

func (w *bufferedWriter) WriteHeader(status int) {
	if !w.wrote {
		w.status, w.wrote = status, true
	}
}

func (w *bufferedWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.body.Write(b)
}

// noOperation reports whether gqlgen refused a request for having no query
// at all: its parameters are wrong, not its document.
func noOperation(body []byte) bool {
	var resp struct{ Errors []struct{ Message string } }
	return json.Unmarshal(body, &resp) == nil && len(resp.Errors) == 1 && resp.Errors[0].Message == "no operation provided"
}

// badTransport explains gqlgen's refusals of a request it cannot read: a
// method other than GET and POST (405), a POST body of another media type
// (415), a body that is not a JSON object (400, quoting at most its
// beginning rather than all of it).
func badTransport(r *http.Request, body []byte) (int, string, bool) {
	var resp struct{ Errors []struct{ Message string } }
	if json.Unmarshal(body, &resp) != nil || len(resp.Errors) != 1 {
		return 0, "", false
	}
	msg := resp.Errors[0].Message
	switch {
	case msg == "transport not supported" && r.Method != http.MethodGet && r.Method != http.MethodPost:
		return http.StatusMethodNotAllowed, "method " + r.Method + " not allowed: send queries by GET or POST", true
	case msg == "transport not supported":
		return http.StatusUnsupportedMediaType, fmt.Sprintf("unsupported Content-Type %q: send the request as application/json", r.Header.Get("Content-Type")), true
	case strings.HasPrefix(msg, "json request body could not be decoded: "):
		why, _, _ := strings.Cut(strings.TrimPrefix(msg, "json request body could not be decoded: "), " body:")
		return http.StatusBadRequest, "the body is not a GraphQL request in JSON (an object with query, and optionally variables, operationName and extensions): " + why, true
	}
	return 0, "", false
}

// errorBody is a GraphQL answer of one error.
func errorBody(msg string) []byte {
	b, _ := json.Marshal(map[string]any{"errors": []map[string]string{{"message": msg}}})
	return b
}

// specStatus brings gqlgen's status codes for requests that fail before
// execution (parse and validation errors, which gqlgen answers with 422)
// in line with the GraphQL over HTTP spec: a client that accepts
// application/graphql-response+json gets 400 and no data entry; one that
// accepts only application/json gets 200, as that media type has no other
// way to say the request was well-formed. A request with no query at all
// gets 400 either way.
func specStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if streaming(r) {
			next.ServeHTTP(w, r) // in parts, as they come (defer.go)
			return
		}
		rec := &bufferedWriter{header: w.Header(), status: http.StatusOK}
		next.ServeHTTP(rec, r)
		body := rec.body.Bytes()
		if rec.status == http.StatusBadRequest {
			if status, msg, ok := badTransport(r, body); ok {
				if status == http.StatusMethodNotAllowed {
					w.Header().Set("Allow", "GET, POST")
				}
				rec.status, body = status, errorBody(msg)
				w.Header().Del("Content-Length")
			}
		}
		if rec.status == http.StatusOK && bytes.Contains(body, []byte(`"code":"`+CodeInsufficientStorage+`"`)) {
			rec.status = http.StatusInsufficientStorage
		}
		if rec.status == http.StatusUnprocessableEntity {
			if strings.Contains(r.Header.Get("Accept"), "application/graphql-response+json") || noOperation(body) {
				rec.status = http.StatusBadRequest
			} else {
				rec.status = http.StatusOK
			}
		}
		if rec.status == http.StatusBadRequest {
			var resp map[string]json.RawMessage
			if json.Unmarshal(body, &resp) == nil && string(resp["data"]) == "null" {
				delete(resp, "data")
				if b, err := json.Marshal(resp); err == nil {
					body = b
					w.Header().Del("Content-Length")
				}
			}
		}
		w.WriteHeader(rec.status)
		w.Write(body)
	})
}
