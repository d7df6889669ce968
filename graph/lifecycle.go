package graph

import (
	"context"
	"fmt"
	"slices"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// A document's lifecycle. Every quad read from a document carries the
// document's IRI as its label (vocab.go), so the store can say exactly
// which quads a document put there: writing a changed version of a
// document removes the quads of its old version that the new one does not
// have, and deleting a document removes all of its quads. A fact that
// another document also states lives on in that document's own quad.
//
//	doc A: (h, recommendedFor, s, A)   (h, name, "…", A)
//	doc B: (h, recommendedFor, s, B)
//	Delete(A) → (h, recommendedFor, s, B) stays: h is still recommended for s.
//
// Cayley has no index on labels alone (graph/CAYLEY.md), so finding a
// document's quads scans every quad of a kv store: about 0.7 s at 1M quads
// on bolt. Writes that do not change a document's text (the same SHA-256)
// skip it, so reloading a folder stays as fast as before.

// Change is what writing or deleting one document did to the store.
type Change struct {
	File string
	// Added counts the quads written that the store did not hold;
	// Removed the quads of the document's old version (or of the deleted
	// document) that were removed.
	Added, Removed int
	// Entities are the entities the document names in the version
	// written (none after Delete); Dropped are those its old version
	// named and the new one does not (all of them after Delete). Another
	// document may still name them.
	Entities, Dropped []kg.EntityRef
}

// Update writes a document's extraction, replacing the version the store
// holds: quads of the old version that the new extraction does not have
// are removed, in the same atomic batch as the new quads are added. If the
// store holds the document with the same text (the same SHA-256), Update
// only adds what is missing, like Put, without looking for old quads.
//
// A document the store does not hold, written while the index is current
// (kg serve), is taken in through the ingest journal (ingest.go): read at
// once, written to Cayley in the background. Its Change counts all its
// quads as added.
//
// Update returns an error, and writes nothing, if the extraction is
// invalid (see Put).
func (s *Store) Update(ctx context.Context, ex *kg.Extraction) (Change, error) {
	quads, sum, err := extractionQuads(ex)
	if err != nil {
		name := "<nil>"
		if ex != nil {
			name = ex.Doc.File
		}
		return Change{}, fmt.Errorf("put %s: %w", name, err)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := ctx.Err(); err != nil {
		return Change{}, fmt.Errorf("put %s: %w", ex.Doc.File, err)
	}
	if ok, err := s.journalPut([]newDoc{{ex.Doc.File, quads, sum}}); ok {
		if err != nil {
			return Change{}, fmt.Errorf("put %s: %w", ex.Doc.File, err)
		}
		return Change{File: ex.Doc.File, Added: len(quads), Entities: quadEntities(quads)}, nil
	}
	if err := s.writeOut(); err != nil {
		return Change{}, fmt.Errorf("put %s: %w", ex.Doc.File, err)
	}
	if s.exclusiveWrites() {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	c, err := s.update(ctx, ex.Doc.File, quads, sum)
	if err != nil {
		return Change{}, fmt.Errorf("put %s: %w", ex.Doc.File, err)
	}
	return c, nil
}

// Delete removes every quad of the document file and returns what it
// removed. Facts that other documents also state stay, in their quads.
//
// Delete returns ErrNotFound if the store holds no quad of the document.
func (s *Store) Delete(ctx context.Context, file string) (Change, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if x := s.currentIndex(); x != nil && !s.caps.Shared {
		// Only this process writes the store, so its current index knows
		// every document, those still in the journal included: one it
		// does not know needs neither the backlog written out nor a scan
		// of every quad.
		if _, ok := x.Document(file); !ok {
			return Change{}, fmt.Errorf("delete %s: %w", file, ErrNotFound)
		}
	}
	if err := s.writeOut(); err != nil {
		return Change{}, fmt.Errorf("delete %s: %w", file, err)
	}
	if s.exclusiveWrites() {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	if err := ctx.Err(); err != nil {
		return Change{}, fmt.Errorf("delete %s: %w", file, err)
	}
	old, err := s.documentQuads(ctx, file)
	if err != nil {
		return Change{}, fmt.Errorf("delete %s: %w", file, err)
	}
	if len(old) == 0 {
		return Change{}, fmt.Errorf("delete %s: %w", file, ErrNotFound)
	}
	oldSum, err := summaryIn(old)
	if err != nil {
		return Change{}, fmt.Errorf("delete %s: %w", file, err)
	}
	c, err := s.apply(ctx, file, nil, old)
	s.changed(oldSum, nil, err == nil && len(oldSum) <= 1)
	if err != nil {
		return Change{}, fmt.Errorf("delete %s: %w", file, err)
	}
	s.notePrint(old, nil)
	// Cayley's kv stores can hold one quad twice (cayley#737: a quad
	// written again without the duplicate check), and then a delete marks
	// only the newer copy dead. Our writes always skip duplicates and the
	// lifecycle test sees no such quad, but a store written otherwise may
	// hold them: look again, and delete what is left.
	for range 3 {
		left, err := s.documentQuads(ctx, file)
		if err != nil {
			return Change{}, fmt.Errorf("delete %s: %w", file, err)
		}
		if len(left) == 0 {
			break
		}
		_, err = s.apply(ctx, file, nil, left)
		s.changed(nil, nil, err == nil)
		if err != nil {
			return Change{}, fmt.Errorf("delete %s: %w", file, err)
		}
		s.notePrint(left, nil)
	}
	c.Dropped = quadEntities(old)
	return c, nil
}

// update writes quads, the whole extraction of file with its summary sum,
// over the version the store holds. Called with wmu held (and mu, for
// memstore and bolt).
func (s *Store) update(ctx context.Context, file string, quads []quad.Quad, sum *index.Summary) (Change, error) {
	var old []quad.Quad
	same, err := s.sameText(ctx, file, quads)
	if err != nil {
		return Change{}, err
	}
	// The same text read the same way has the same summary literal; a
	// changed extractor makes a new one, and the old version must go.
	if same {
		if same, err = s.holds(ctx, quad.String(sum.Encode()), quad.Object); err != nil {
			return Change{}, err
		}
	}
	var oldSum []*index.Summary
	if !same {
		if old, err = s.documentQuads(ctx, file); err != nil {
			return Change{}, err
		}
		if oldSum, err = summaryIn(old); err != nil {
			return Change{}, err
		}
	}
	keep := make(map[string]bool, len(quads))
	for _, q := range quads {
		keep[q.NQuad()] = true
	}
	var del []quad.Quad
	had := make(map[string]bool, len(old))
	for _, q := range old {
		had[q.NQuad()] = true
		if !keep[q.NQuad()] {
			del = append(del, q)
		}
	}
	c, err := s.apply(ctx, file, quads, del)
	if err == nil && !same {
		var added []quad.Quad // the new summary, unless the old one is the same
		for _, q := range quads {
			if q.Subject == summaryHub && !had[q.NQuad()] {
				added = append(added, q)
			}
		}
		s.notePrint(del, added)
	}
	if same {
		s.changed(nil, nil, err == nil) // the index has this summary already
	} else {
		// Two old summaries (a crash between versions): which one the
		// index holds is not known here, so it is read again.
		s.changed(oldSum, []*index.Summary{sum}, err == nil && len(oldSum) <= 1)
	}
	if err != nil {
		return Change{}, err
	}
	c.Entities = quadEntities(quads)
	if len(old) > 0 {
		now := make(map[kg.EntityRef]bool, len(c.Entities))
		for _, r := range c.Entities {
			now[r] = true
		}
		for _, r := range quadEntities(old) {
			if !now[r] {
				c.Dropped = append(c.Dropped, r)
			}
		}
	}
	return c, nil
}

// apply adds add (skipping quads the store holds) and then removes del.
// del must be quads the store holds. The caller tells the index what
// changed (Store.changed), after a failure too.
//
// The adds and the deletes are two transactions, adds first. In one
// ApplyDeltas a node that the batch references less often than before
// (more deletes than adds name it) is counted among the nodes to
// decrement only, and Cayley's kv stores then write the batch's new quads
// that name it without it: a quad "<nil> -- <nil> -> <kg:Document>" that
// reads back broken (seen on bolt when a long document was replaced by a
// short one). A crash between the two leaves both versions' quads, two
// kg:sha256 among them, so the next write of the document removes the
// old ones.
func (s *Store) apply(ctx context.Context, file string, add, del []quad.Quad) (Change, error) {
	before, err := s.quadCount(ctx)
	if err != nil {
		return Change{}, err
	}
	for _, batch := range []struct {
		quads  []quad.Quad
		action cgraph.Procedure
	}{{add, cgraph.Add}, {del, cgraph.Delete}} {
		if len(batch.quads) == 0 {
			continue
		}
		deltas := make([]cgraph.Delta, len(batch.quads))
		for i, q := range batch.quads {
			deltas[i] = cgraph.Delta{Quad: q, Action: batch.action}
		}
		if err := s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
			if rerr := s.reopen(); rerr != nil {
				return Change{}, fmt.Errorf("%w (and then %w)", err, rerr)
			}
			return Change{}, err
		}
	}
	after, err := s.quadCount(ctx)
	if err != nil {
		return Change{}, err
	}
	removed := len(del)
	return Change{File: file, Added: int(after-before) + removed, Removed: removed}, nil
}

// sameText reports whether the store holds file with the SHA-256 that
// quads (the document's new extraction) give its text: then the old
// version's quads are the new ones, and nothing needs removing.
func (s *Store) sameText(ctx context.Context, file string, quads []quad.Quad) (bool, error) {
	doc := documentIRI(file)
	var want quad.Value
	for _, q := range quads {
		if q.Subject == doc && q.Predicate == predSHA256 {
			want = q.Object
			break
		}
	}
	ref := s.qs.ValueOf(doc)
	if want == nil || ref == nil {
		return false, nil
	}
	it := s.qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	n, same := 0, false
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		if q.Predicate == predSHA256 && q.Label == doc {
			n++
			same = q.Object == want
		}
	}
	if err := it.Err(); err != nil {
		return false, err
	}
	return n == 1 && same, nil
}

// documentQuads returns every quad labelled with file's document IRI. On
// the kv backends this scans the whole store (Cayley indexes no labels).
func (s *Store) documentQuads(ctx context.Context, file string) ([]quad.Quad, error) {
	ref := s.qs.ValueOf(documentIRI(file))
	if ref == nil {
		return nil, nil
	}
	it := s.qs.QuadIterator(quad.Label, ref)
	defer it.Close()
	var out []quad.Quad
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		if !q.IsValid() {
			return nil, fmt.Errorf("%w: %v", errBadValue, q)
		}
		out = append(out, q)
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// quadEntities returns the entities that quads give a type, sorted.
func quadEntities(quads []quad.Quad) []kg.EntityRef {
	seen := make(map[kg.EntityRef]bool)
	var out []kg.EntityRef
	for _, q := range quads {
		if q.Predicate != predType {
			continue
		}
		if r, ok := parseEntityIRI(q.Subject); ok && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	slices.SortFunc(out, kg.CompareRefs)
	return out
}

// summaryIn decodes the document summaries among a document's quads (one,
// unless a crash left two versions).
func summaryIn(quads []quad.Quad) ([]*index.Summary, error) {
	var out []*index.Summary
	for _, q := range quads {
		if q.Subject != summaryHub || q.Predicate != predSummary {
			continue
		}
		str, ok := q.Object.(quad.String)
		if !ok {
			return nil, fmt.Errorf("summary: %w: %v", errBadValue, q.Object)
		}
		d, err := index.DecodeSummary(string(str))
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
