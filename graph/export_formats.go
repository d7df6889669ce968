package graph

import (
	"context"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"
)

// Export formats of ExportAs.
const (
	FormatNQuads = "nquads"
	FormatJSONLD = "jsonld"
)

// ErrUnknownFormat is returned by ExportAs for a format it does not write.
var ErrUnknownFormat = fmt.Errorf("graph: unknown export format")

// ExportAs writes the quads of the store to w in format (FormatNQuads or
// FormatJSONLD): all of them, or only those read from the document file if
// file is not "". JSON-LD is one array of node objects, each quad's
// document as its @graph; N-Quads is what Export writes. It returns
// ErrUnknownFormat for another format, before writing anything.
//
// A document's quads are found by scanning every quad: Cayley's kv stores
// do not index labels (graph/CAYLEY.md).
func (s *Store) ExportAs(ctx context.Context, w io.Writer, format, file string) error {
	var qw quad.WriteCloser
	switch format {
	case FormatNQuads:
		qw = nquads.NewWriter(w)
	case FormatJSONLD:
		qw = jsonld.NewWriter(w)
	default:
		return fmt.Errorf("export %q: %w", format, ErrUnknownFormat)
	}
	if err := s.writeOut(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if s.memstore() {
		s.mu.Lock() // see Export
		defer s.mu.Unlock()
	} else {
		defer s.rlock()()
	}
	var label quad.Value
	if file != "" {
		label = documentIRI(file)
	}
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		if !q.IsValid() {
			return fmt.Errorf("export: %w: %v", errBadValue, q)
		}
		if label != nil && q.Label != label {
			continue
		}
		if err := qw.WriteQuad(q); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
