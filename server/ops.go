package server

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"time"
)

// readyHandler is /readyz: 200 when the store is loaded (ready) and
// answers a count within two seconds, 503 otherwise (loading, shutting
// down, or a store that does not answer). /healthz stays the plain
// liveness check.
func readyHandler(ready func() bool, store any) http.Handler {
	qc, _ := store.(quadCounter)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if !ready() {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("not ready: loading or shutting down\n"))
			return
		}
		if qc != nil {
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			defer cancel()
			if _, err := qc.QuadCount(ctx); err != nil {
				w.WriteHeader(http.StatusServiceUnavailable)
				w.Write([]byte("not ready: the store does not answer\n"))
				return
			}
		}
		w.Write([]byte("ready\n"))
	})
}

var inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)

// playgroundCSP returns the Content-Security-Policy of the playground page:
// its own scripts and the one inline script (by hash) only, styles from
// itself (GraphiQL sets inline styles), requests to its own origin, no
// framing.
func playgroundCSP(page []byte) string {
	scripts := "'self'"
	for _, m := range inlineScript.FindAllSubmatch(page, -1) {
		sum := sha256.Sum256(m[1])
		scripts += " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return "default-src 'self'; script-src " + scripts + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'"
}

// withSecurityHeaders sets the page's security headers.
func withSecurityHeaders(csp string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}
