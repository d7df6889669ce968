package graph

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/medkg/medkg/graph/kg"
)

// Export writes the graph to w as N-Quads: what ExportAs writes, every
// quad in the store and each document's evidence as nodes.
func (s *Store) Export(ctx context.Context, w io.Writer) error {
	return s.ExportAs(ctx, w, FormatNQuads, "")
}

// Dump writes every quad in the store to w as N-Quads, in the store's
// order, one line per quad, and nothing else: what a bulk load into a
// bare Cayley store reads (bench/). A fact read from two documents is two
// lines that differ in their label.
func (s *Store) Dump(ctx context.Context, w io.Writer) error {
	if err := s.writeOut(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// memstore's all-quads iterator marks the store as being read (a
	// write), so two exports at once would race: take the write lock.
	if s.memstore() {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		defer s.rlock()()
	}
	qw := nquads.NewWriter(w)
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		if !q.IsValid() {
			// Cayley logs read errors and returns an empty quad.
			return fmt.Errorf("export: %w: %v", errBadValue, q)
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

// WriteExtraction writes the quads that Put stores for ex to w as N-Quads,
// sorted, without touching a store: for golden files and for looking at
// what a document becomes.
func WriteExtraction(w io.Writer, ex *kg.Extraction) error {
	quads, _, err := extractionQuads(ex)
	if err != nil {
		return fmt.Errorf("write %s: %w", ex.Doc.File, err)
	}
	slices.SortFunc(quads, func(a, b quad.Quad) int { return cmp.Compare(a.NQuad(), b.NQuad()) })
	qw := nquads.NewWriter(w)
	for _, q := range quads {
		if err := qw.WriteQuad(q); err != nil {
			return fmt.Errorf("write %s: %w", ex.Doc.File, err)
		}
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("write %s: %w", ex.Doc.File, err)
	}
	return nil
}
