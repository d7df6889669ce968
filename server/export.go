package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/medkg/medkg/graph"
)

// exporter is what /export.nq and /export.jsonld need of the store;
// *graph.Store has it.
type exporter interface {
	ExportAs(ctx context.Context, w io.Writer, format, file string) error
}

var _ exporter = (*graph.Store)(nil)

// exportHandler serves the graph, or with ?document=FILE the quads read
// from one document, in format. A document the store does not hold is a
// 404; another failure before the first byte is a 500; after it, the
// response is cut short and the error logged.
func exportHandler(store Store, format, contentType string, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ex, ok := store.(exporter)
		if !ok {
			http.Error(w, "export not supported by this store", http.StatusNotImplemented)
			return
		}
		w.Header().Set("Content-Type", contentType)
		cw := &countingWriter{w: w}
		err := ex.ExportAs(r.Context(), cw, format, r.URL.Query().Get("document"))

		file := r.URL.Query().Get("document")
		switch {
		case err == nil:
		case cw.n == 0 && errors.Is(err, graph.ErrNotFound):
			w.Header().Del("Content-Type")
			http.Error(w, "no document "+strconv.Quote(file)+" in the store", http.StatusNotFound)
		case cw.n == 0 && !errors.Is(err, context.Canceled):
			log.ErrorContext(r.Context(), "export failed", "format", format, "err", err)
			w.Header().Del("Content-Type")
			http.Error(w, "internal error", http.StatusInternalServerError)
		default:
			log.ErrorContext(r.Context(), "export cut short", "format", format, "bytes", cw.n, "err", err)
		}
	})
}

// countingWriter counts what passes through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
