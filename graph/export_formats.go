package graph

import (
	"context"
	"fmt"
	"io"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/jsonld"
	"github.com/cayleygraph/quad/nquads"
	"github.com/cayleygraph/quad/voc"
	"github.com/medkg/medkg/graph/index"
)

// evidenceQuads writes a document's evidence as nodes (see ExportAs), from
// its summary and text.
func evidenceQuads(d *index.Summary, text string) []quad.Quad {
	doc := documentIRI(d.File)
	runes := []rune(text)
	var out []quad.Quad
	seen := make(map[quad.IRI]bool)
	node := func(s, p, o quad.IRI, r index.SummaryRef) {
		ev := evidenceIRI(d.File, s, p, o, int(r.Start), int(r.End))
		if seen[ev] {
			return
		}
		seen[ev] = true
		add := func(p quad.IRI, o quad.Value) {
			out = append(out, quad.Quad{Subject: ev, Predicate: p, Object: o, Label: doc})
		}
		add(predType, classEvidence)
		add(predSubject, s)
		add(predPredicate, p)
		add(predObject, o)
		add(predDocument, doc)
		if r.Item >= 0 {
			add(predInItem, itemIRI(d.File, int(r.Item)))
		}
		add(predStart, quad.Int(r.Start))
		add(predEnd, quad.Int(r.End))
		if r.Start >= 0 && r.Start <= r.End && int(r.End) <= len(runes) {
			add(predSnippet, quad.String(string(runes[r.Start:r.End])))
		}
		if r.Method != "" {
			add(predMethod, quad.String(r.Method))
		}
	}
	for _, r := range d.Mentions {
		e := d.Entities[r.From].EntityRef
		node(entityIRI(e), predType, classIRI(e.Kind), r)
	}
	for _, r := range d.Links {
		p, _ := relationPredicate(r.Rel)
		node(entityIRI(d.Entities[r.From].EntityRef), p, entityIRI(d.Entities[r.To].EntityRef), r)
	}
	return out
}

// Export formats of ExportAs.
const (
	FormatNQuads = "nquads"
	FormatJSONLD = "jsonld"
)

// ErrUnknownFormat is returned by ExportAs for a format it does not write.
var ErrUnknownFormat = fmt.Errorf("graph: unknown export format")

// ExportAs writes the quads of the store to w in format (FormatNQuads or
// FormatJSONLD): all of them, or only those read from the document file if
// file is not "". Both write absolute IRIs: kg: is Namespace and rdf: the
// RDF namespace. JSON-LD is one object whose @context defines the two
// prefixes (so its IRIs read kg:…) and whose @graph holds each document's
// quads as a named graph. It returns ErrUnknownFormat for another format,
// before writing anything, and ErrNotFound for a document the store does
// not hold.
//
// The store keeps evidence as spans of each document's text (in the
// document's summary); the export writes each as an evidence node, so
// that the export says where every fact was read without our codec:
//
//	<kg:ev/…> rdf:type kg:Evidence; kg:subject, kg:predicate, kg:object
//	(the statement: a relation, or (entity, rdf:type, kind) for a
//	mention); kg:document; kg:inItem (absent for the article); kg:start,
//	kg:end (code points into the document's kg:text); kg:snippet (the
//	text there); kg:method (relations: how the loader read it).
//
// A document's quads are found by scanning every quad: Cayley's kv stores
// do not index labels (graph/CAYLEY.md).
func (s *Store) ExportAs(ctx context.Context, w io.Writer, format, file string) error {
	var qw quad.WriteCloser
	switch format {
	case FormatNQuads:
		qw = fullIRIs{nquads.NewWriter(w), exportNamespaces()}
	case FormatJSONLD:
		jw := jsonld.NewWriter(w)
		jw.SetLdContext(jsonldContext())
		qw = fullIRIs{jw, exportNamespaces()}
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
		// A document the store does not hold is an error, not an empty
		// export (its IRI is the subject of its own quads).
		ok, err := s.holds(ctx, label, quad.Subject)
		if err != nil {
			return fmt.Errorf("export %s: %w", file, err)
		}
		if !ok {
			return fmt.Errorf("export %s: %w", file, ErrNotFound)
		}
	}
	var sums []string                    // the summaries of the documents written
	texts := make(map[quad.Value]string) // their texts, by document
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
		switch q.Predicate {
		case predSummary:
			str, err := asString(q.Object)
			if err != nil {
				return fmt.Errorf("export: summary of %v: %w", q.Label, err)
			}
			sums = append(sums, str)
		case predText:
			str, err := asString(q.Object)
			if err != nil {
				return fmt.Errorf("export: text of %v: %w", q.Subject, err)
			}
			texts[q.Subject] = str
		}
		if err := qw.WriteQuad(q); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, str := range sums {
		d, err := index.DecodeSummary(str)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		for _, q := range evidenceQuads(d, texts[documentIRI(d.File)]) {
			if err := qw.WriteQuad(q); err != nil {
				return fmt.Errorf("export: %w", err)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Namespace is the IRI the vocabulary's prefix kg: stands for in exports:
// <kg:Hospital/苏州大学附属第一医院> is exported as
// <urn:medkg:Hospital/苏州大学附属第一医院>. A URN, because no web address
// is the project's to promise.
const Namespace = "urn:medkg:"

// rdfNamespace is the RDF vocabulary's IRI, which rdf: stands for.
const rdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

// exportNamespaces expands the store's short IRIs for an export.
func exportNamespaces() *voc.Namespaces {
	n := &voc.Namespaces{}
	n.Register(voc.Namespace{Prefix: ns, Full: Namespace})
	n.Register(voc.Namespace{Prefix: "rdf:", Full: rdfNamespace})
	n.Register(voc.Namespace{Prefix: "schema:", Full: "http://schema.org/"})
	return n
}

// jsonldContext is the @context of JSON-LD exports: the two prefixes.
func jsonldContext() map[string]any {
	return map[string]any{"@context": map[string]any{"kg": Namespace, "rdf": rdfNamespace, "schema": "http://schema.org/"}}
}

// fullIRIs writes quads with their IRIs expanded by namespaces.
type fullIRIs struct {
	quad.WriteCloser
	namespaces *voc.Namespaces
}

func (f fullIRIs) full(v quad.Value) quad.Value {
	switch v := v.(type) {
	case quad.IRI:
		return v.FullWith(f.namespaces)
	case quad.TypedString:
		v.Type = v.Type.FullWith(f.namespaces)
		return v
	case quad.TypedStringer: // quad.Int writes itself typed schema:Integer, short
		ts := v.TypedString()
		ts.Type = ts.Type.FullWith(f.namespaces)
		return ts
	}
	return v
}

func (f fullIRIs) WriteQuad(q quad.Quad) error {
	return f.WriteCloser.WriteQuad(quad.Quad{Subject: f.full(q.Subject), Predicate: f.full(q.Predicate), Object: f.full(q.Object), Label: f.full(q.Label)})
}

func (f fullIRIs) WriteQuads(qs []quad.Quad) (int, error) {
	for i, q := range qs {
		if err := f.WriteQuad(q); err != nil {
			return i, err
		}
	}
	return len(qs), nil
}
