package graph

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// How reads are planned. The same fact is one quad per document that
// states it, so an entity read from the quads costs as many reads as
// documents name it: at 10,000 documents a city's or a hospital's quads
// run to thousands. Entities, relations and documents are therefore read
// from the index (package graph/index), which holds each once, and only the snippets
// of evidence come from the store: the index holds each piece of
// evidence as a span of its document's text, and the text (one literal
// on the document's node) is read once per document a page of evidence
// cuts from, whatever the size of the store.
//
// Where a path does run (the snippets, VerifyIndex), it starts at fixed
// nodes and gives every hop a predicate, which the kv stores answer from
// their subject+predicate or object+predicate+subject index; on the kv
// backends every size estimate is the same, so a path runs in the order it
// is written (graph/CAYLEY.md), and nothing may filter by a predicate or
// a label alone: that scans every quad.

// errBadValue is returned when the store holds a value of the wrong type
// for its predicate.
var errBadValue = errors.New("graph: unexpected value in store")

// values runs p and returns its distinct values.
//
// Cayley's iteration stops silently when ctx is cancelled and reports no
// error, so values checks ctx itself afterwards.
func (s *Store) values(ctx context.Context, p *path.Path) ([]quad.Value, error) {
	var out []quad.Value
	err := p.Unique().Iterate(ctx).Paths(false).EachValue(s.qs, func(v quad.Value) {
		out = append(out, v)
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// strings returns the distinct string values of node's pred, sorted.
func (s *Store) strings(ctx context.Context, node quad.Value, pred quad.IRI) ([]string, error) {
	vs, err := s.values(ctx, path.StartPath(s.qs, node).Out(pred))
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		str, err := asString(v)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", node, pred, err)
		}
		out = append(out, str)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func asString(v quad.Value) (string, error) {
	switch v := v.(type) {
	case quad.String:
		return string(v), nil
	case quad.TypedString:
		return string(v.Value), nil
	case quad.LangString:
		return string(v.Value), nil
	}
	return "", fmt.Errorf("%w: %v is not a string", errBadValue, v)
}

// Entities returns every entity of a kind, sorted by name.
func (s *Store) Entities(ctx context.Context, kind kg.Kind) ([]kg.Entity, error) {
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("list %s entities: %w", kind, err)
	}
	return x.Entities(kind), nil
}

// Entity returns one entity with its aliases and attributes. It returns
// ErrNotFound if the store does not hold an entity of that kind and name.
func (s *Store) Entity(ctx context.Context, ref kg.EntityRef) (kg.Entity, error) {
	x, err := s.Index(ctx)
	if err != nil {
		return kg.Entity{}, fmt.Errorf("entity %s %q: %w", ref.Kind, ref.Name, err)
	}
	e, ok := x.Entity(ref)
	if !ok {
		return kg.Entity{}, fmt.Errorf("entity %s %q: %w", ref.Kind, ref.Name, ErrNotFound)
	}
	return e, nil
}

// Out returns the entities that from's relations of type rel point to,
// once each, sorted by kind and name. The target of PolicyAppliesIn may be
// a province or a city; each comes back with its own kind.
func (s *Store) Out(ctx context.Context, from kg.EntityRef, rel kg.RelationType) ([]kg.EntityRef, error) {
	if _, ok := relationPredicate(rel); !ok {
		return nil, fmt.Errorf("%s of %s %q: unknown relation type", rel, from.Kind, from.Name)
	}
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s of %s %q: %w", rel, from.Kind, from.Name, err)
	}
	return append([]kg.EntityRef{}, x.Out(from, rel)...), nil
}

// In returns the entities whose relations of type rel point to to, once
// each, sorted by kind and name.
func (s *Store) In(ctx context.Context, to kg.EntityRef, rel kg.RelationType) ([]kg.EntityRef, error) {
	if _, ok := relationPredicate(rel); !ok {
		return nil, fmt.Errorf("%s to %s %q: unknown relation type", rel, to.Kind, to.Name)
	}
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s to %s %q: %w", rel, to.Kind, to.Name, err)
	}
	return append([]kg.EntityRef{}, x.In(to, rel)...), nil
}

// entityRefs parses entity IRIs, skipping anything else, and sorts them.
func entityRefs(vs []quad.Value) []kg.EntityRef {
	out := make([]kg.EntityRef, 0, len(vs))
	for _, v := range vs {
		if r, ok := parseEntityIRI(v); ok {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, kg.CompareRefs)
	return slices.Compact(out)
}

// Evidence returns the text that supports the relation from —rel→ to, one
// item per document and place, sorted by file and position. It is empty if
// the store holds no such relation.
func (s *Store) Evidence(ctx context.Context, from kg.EntityRef, rel kg.RelationType, to kg.EntityRef) ([]kg.Evidence, error) {
	l := kg.Link{Type: rel, From: from, To: to}
	m, err := s.EvidenceMany(ctx, []kg.Link{l}, 0)
	if err != nil {
		return nil, fmt.Errorf("evidence of %q %s %q: %w", from.Name, rel, to.Name, err)
	}
	return m[l], nil
}

// Mentions returns where an entity is named, sorted by file and position.
// The Snippet is the text as it stands, which may be an alias.
func (s *Store) Mentions(ctx context.Context, ref kg.EntityRef) ([]kg.Evidence, error) {
	m, err := s.MentionsMany(ctx, []kg.EntityRef{ref}, 0)
	if err != nil {
		return nil, fmt.Errorf("mentions of %s %q: %w", ref.Kind, ref.Name, err)
	}
	return m[ref], nil
}

// readEvidence cuts the snippets of refs from their documents' texts,
// read by one query for all of them (or from the ingest queue for
// documents not yet in Cayley), and returns each ref's evidence, in the
// order of refs. The rest (document, item, span, method) comes from the
// index. A ref whose document a write since x replaced or removed comes
// back with Start -1: callers drop it.
func (s *Store) readEvidence(ctx context.Context, x *index.Index, refs []index.EvidenceRef) ([]kg.Evidence, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	docs, texts, err := s.readTexts(ctx, x, refs)
	if err != nil {
		return nil, err
	}
	var cur *index.Index // the index now, if a write came since x
	if s.gen.Load() != x.Generation {
		if cur, err = s.Index(ctx); err != nil {
			return nil, err
		}
	}
	out := make([]kg.Evidence, 0, len(refs))
	for _, r := range refs {
		d := x.Doc(r.Doc)
		if cur != nil && !cur.SameDocument(d) {
			// A write replaced or removed the document since x was
			// taken: what x says of it is gone, and so is its evidence.
			out = append(out, kg.Evidence{Start: -1})
			continue
		}
		text, ok := texts[docs[r.Doc]]
		if !ok {
			return nil, noText(d.File)
		}
		if r.Start < 0 || int(r.End) > len(text) || r.Start > r.End {
			return nil, fmt.Errorf("document %s: span [%d,%d) outside its text of %d characters", d.File, r.Start, r.End, len(text))
		}
		if len(text) <= maxCachedText {
			s.texts.Add(d, text) // the text of this version of the document
		}
		e := kg.Evidence{File: d.File, DocTitle: d.Title, Start: int(r.Start), End: int(r.End), Snippet: string(text[r.Start:r.End]), Method: r.ReadBy(),
			Sentence: kg.SentenceAround(text, int(r.Start), int(r.End))}
		e.ItemTitle, e.Date = x.ItemOf(r)
		out = append(out, e)
	}
	return out, nil
}

// readTexts reads the texts of the documents of refs, by one query for all
// of them (or from the ingest queue for documents not yet in Cayley): the
// IRI of each document, and the text of each IRI.
func (s *Store) readTexts(ctx context.Context, x *index.Index, refs []index.EvidenceRef) (map[int32]quad.Value, map[quad.Value][]rune, error) {
	docs := make(map[int32]quad.Value)
	texts := make(map[quad.Value][]rune)
	var toRead []quad.Value
	for _, r := range refs {
		if docs[r.Doc] != nil {
			continue
		}
		iri := documentIRI(x.Doc(r.Doc).File)
		docs[r.Doc] = iri
		if text, ok := s.texts.Get(x.Doc(r.Doc)); ok {
			texts[iri] = text
		} else {
			toRead = append(toRead, iri)
		}
	}
	var bad error
	err := func() error {
		if len(toRead) == 0 {
			return nil
		}
		defer s.rlock()() // no write between the queue and Cayley
		rest := s.pendingTexts(toRead, texts)
		if len(rest) == 0 {
			return nil
		}
		return s.tagPairs(ctx, path.StartPath(s.qs, rest...).Tag("from").Out(predText), func(from, v quad.Value) {
			str, err := asString(v)
			if err != nil && bad == nil {
				bad = fmt.Errorf("text of %v: %w", from, err)
			}
			texts[from] = []rune(str)
		})
	}()
	if err = cmp.Or(err, bad); err != nil {
		return nil, nil, err
	}
	return docs, texts, nil
}

// noText is the error for a document whose text the store lacks: a store
// of the shape before evidence became spans.
func noText(file string) error {
	return fmt.Errorf("document %s: %w (no text in the store; a store written before evidence became spans must be loaded again: kg load --fresh)", file, ErrNotFound)
}

// DocumentText returns the text of the document x knows by id, as x knows
// it: ErrNotFound if a write since x replaced or removed it.
func (s *Store) DocumentText(ctx context.Context, x *index.Index, id int32) (string, error) {
	d := x.Doc(id)
	if cur, err := s.Index(ctx); err != nil {
		return "", err
	} else if !cur.SameDocument(d) {
		return "", fmt.Errorf("document %s: %w (replaced or removed since)", d.File, ErrNotFound)
	}
	docs, texts, err := s.readTexts(ctx, x, []index.EvidenceRef{{Doc: id}})
	if err != nil {
		return "", fmt.Errorf("text of %s: %w", d.File, err)
	}
	text, ok := texts[docs[id]]
	if !ok {
		return "", noText(d.File)
	}
	return string(text), nil
}

// Documents returns every document, sorted by file, with its items but
// without its text.
func (s *Store) Documents(ctx context.Context) ([]kg.Document, error) {
	x, err := s.Index(ctx)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return x.Documents(), nil
}

// Document returns one document with its items but without its text. It
// returns ErrNotFound if the store holds no document of that file name.
func (s *Store) Document(ctx context.Context, file string) (kg.Document, error) {
	x, err := s.Index(ctx)
	if err != nil {
		return kg.Document{}, fmt.Errorf("document %s: %w", file, err)
	}
	d, ok := x.Document(file)
	if !ok {
		return kg.Document{}, fmt.Errorf("document %s: %w", file, ErrNotFound)
	}
	return d, nil
}
