package cli

import (
	"context"
	"fmt"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/loader"
	"github.com/medkg/medkg/resolvers"
	"github.com/medkg/medkg/server"
)

// docWriter is the mutations' resolvers.Writer: documents go through the
// loader's reader and extractor into the store, as kg load would write
// them.
type docWriter struct {
	store   *graph.Store
	x       *loader.Extractor
	metrics *server.Metrics // nil: not counted
}

var _ resolvers.Writer = (*docWriter)(nil)

func newDocWriter(store *graph.Store) (*docWriter, error) {
	x, err := loader.NewStandardExtractor()
	if err != nil {
		return nil, err
	}
	return &docWriter{store: store, x: x}, nil
}

// Ingest reads text as kg load reads a file (loader.Decode: size limit,
// BOM, line ends, HTML) and writes its extraction over the document's old
// version. A document that cannot be read is the client's error.
func (w *docWriter) Ingest(ctx context.Context, file, text string) (graph.Change, error) {
	if len(text) > loader.MaxDocumentSize {
		return graph.Change{}, &resolvers.ArgumentError{Arg: "text", Reason: fmt.Sprintf("%d bytes, the limit is %d", len(text), loader.MaxDocumentSize)}
	}
	c, err := w.ingest(ctx, file, text)
	if w.metrics != nil {
		if err != nil {
			w.metrics.Documents(0, 1, 0)
		} else {
			w.metrics.Documents(1, 0, c.Added)
		}
	}
	return c, err
}

func (w *docWriter) ingest(ctx context.Context, file, text string) (graph.Change, error) {
	t, err := loader.Decode([]byte(text))
	if err != nil {
		return graph.Change{}, &resolvers.ArgumentError{Arg: "text", Reason: err.Error()}
	}
	ex, err := w.x.Extract(file, t)
	if err != nil {
		return graph.Change{}, &resolvers.ArgumentError{Arg: "text", Reason: err.Error()}
	}
	return w.store.Update(ctx, ex)
}

// Delete removes the document file.
func (w *docWriter) Delete(ctx context.Context, file string) (graph.Change, error) {
	return w.store.Delete(ctx, file)
}
