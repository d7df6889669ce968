package graph

import (
	"context"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// Export writes the whole store to w as N-Quads.
func (s *Store) Export(ctx context.Context, w io.Writer) error {
	defer s.rlock()()
	qw := nquads.NewWriter(w)
	err := s.allQuads(ctx, func(q quad.Quad) error { return qw.WriteQuad(q) })
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}
