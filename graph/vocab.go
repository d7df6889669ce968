package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph/kg"
)

// The vocabulary of the graph: every IRI and predicate the store writes,
// in one place. IRIs are short and unexpanded ("kg:…", "rdf:type"); Cayley
// stores them as written, and exports expand them (Namespace,
// export_formats.go).
//
// Nodes
//
//	<kg:<Kind>/<Name>>            an entity, e.g. <kg:Hospital/苏州大学附属第一医院>
//	<kg:<Kind>>                   the class of an entity kind, e.g. <kg:Hospital>
//	<kg:doc/<file>>               a document; also the label of every quad read from it
//	<kg:doc/<file>#item-<index>>  one related item of a document
//	<kg:ev/<hash>>                an evidence node (a reified statement): in
//	                              exports only, made from the spans (ExportAs)
//	<kg:Document>, <kg:Evidence>  the classes of documents and evidence nodes
//
// Names and file names are written into IRIs as they are, except that the
// characters N-Quads forbids in an IRI (controls, space, <>"{}|^`\) and
// "%" itself are percent-encoded, so that every IRI exports as valid
// N-Quads and decodes back to exactly the name: "3201医院 (本部)" is
// <kg:Hospital/3201医院%20(本部)>.
//
// Predicates
//
//	entity    rdf:type <kg:Kind>, kg:name, kg:alias, kg:category (Symptom),
//	          kg:level (City), kg:code (Province, City)
//	relation  kg:locatedIn, kg:inProvince, kg:recommendedFor,
//	          kg:hasDepartment, kg:departmentFor, kg:policyAppliesIn
//	document  rdf:type kg:Document, kg:file, kg:title, kg:date,
//	          kg:sha256 (of the text, hex), kg:text (the whole text, once),
//	          kg:item (document → item)
//	item      kg:index (integer), kg:title, kg:date
//	evidence  (exports) rdf:type kg:Evidence, kg:subject, kg:predicate,
//	          kg:object, kg:document, kg:inItem (absent for the article),
//	          kg:start and kg:end (integer code-point offsets into kg:text),
//	          kg:snippet (the text there), kg:method (relations only: how
//	          the loader read it, a Method's name such as "LIST")
//
// A relation is stored as the direct quad (from, kg:relation, to), which
// queries traverse; where each document states it (item, span, method),
// and where it names each entity, is in the document's summary, and the
// snippet is cut from the document's kg:text when it is read. So a
// document costs its entities, relations, items and two literals (text
// and summary): some 300 quads for a generated page, not the 3,000 that
// an evidence node of 9–11 quads per fact, each with its own copy of the
// snippet, cost before. A store written that way is refused on opening
// (ErrOldShape) with the command that rebuilds it. Exports write the
// evidence as nodes again (ExportAs), so that they say where every fact
// was read without our summary codec; evidence IRIs are a hash of (file,
// subject, predicate, object, start, end), so an export of the same
// document names the same nodes.
//
// Each document also writes its summary, one string literal on the hub
// node: <kg:summaries> kg:summary "kgsum 1…" (index/summary.go). The in-memory
// Index is made from these, so a store opens without reading its other
// quads.
//
// Every quad written for a document carries the document's IRI as its
// label, so a document can later be retracted exactly. The same fact read
// from two documents is two quads that differ in label only: reads use
// Unique().
const (
	ns = "kg:"

	predType = quad.IRI("rdf:type")

	predName     = quad.IRI(ns + "name")
	predAlias    = quad.IRI(ns + "alias")
	predCategory = quad.IRI(ns + "category")
	predLevel    = quad.IRI(ns + "level")
	predCode     = quad.IRI(ns + "code")

	predLocatedIn       = quad.IRI(ns + "locatedIn")
	predInProvince      = quad.IRI(ns + "inProvince")
	predRecommendedFor  = quad.IRI(ns + "recommendedFor")
	predHasDepartment   = quad.IRI(ns + "hasDepartment")
	predDepartmentFor   = quad.IRI(ns + "departmentFor")
	predPolicyAppliesIn = quad.IRI(ns + "policyAppliesIn")

	predFile   = quad.IRI(ns + "file")
	predTitle  = quad.IRI(ns + "title")
	predDate   = quad.IRI(ns + "date")
	predSHA256 = quad.IRI(ns + "sha256")
	predText   = quad.IRI(ns + "text")
	predItem   = quad.IRI(ns + "item")
	predIndex  = quad.IRI(ns + "index")

	predSubject   = quad.IRI(ns + "subject")
	predPredicate = quad.IRI(ns + "predicate")
	predObject    = quad.IRI(ns + "object")
	predDocument  = quad.IRI(ns + "document")
	predInItem    = quad.IRI(ns + "inItem")
	predStart     = quad.IRI(ns + "start")
	predEnd       = quad.IRI(ns + "end")
	predSnippet   = quad.IRI(ns + "snippet")
	predMethod    = quad.IRI(ns + "method")

	classDocument = quad.IRI(ns + "Document")
	classEvidence = quad.IRI(ns + "Evidence")
)

// relationPredicate returns the predicate of a relation type; ok is false
// for a type that is not in RelationTypes.
func relationPredicate(t kg.RelationType) (p quad.IRI, ok bool) {
	switch t {
	case kg.LocatedIn:
		return predLocatedIn, true
	case kg.InProvince:
		return predInProvince, true
	case kg.RecommendedFor:
		return predRecommendedFor, true
	case kg.HasDepartment:
		return predHasDepartment, true
	case kg.DepartmentFor:
		return predDepartmentFor, true
	case kg.PolicyAppliesIn:
		return predPolicyAppliesIn, true
	}
	return "", false
}

// relationType is the inverse of relationPredicate.
func relationType(p quad.IRI) (t kg.RelationType, ok bool) {
	for _, t := range kg.RelationTypes {
		if q, _ := relationPredicate(t); q == p {
			return t, true
		}
	}
	return "", false
}

// relationMethod returns the method a relation is stored with: its own,
// or MethodUnknown if it has none; ok is false for a method that is not in
// Methods.
func relationMethod(m kg.Method) (_ kg.Method, ok bool) {
	m = m.OrUnknown()
	return m, slices.Contains(kg.Methods, m)
}

// knownKind reports whether k is one of Kinds.
func knownKind(k kg.Kind) bool {
	for _, kk := range kg.Kinds {
		if k == kk {
			return true
		}
	}
	return false
}

// classIRI returns the class of an entity kind: <kg:Hospital>.
func classIRI(k kg.Kind) quad.IRI { return quad.IRI(ns + string(k)) }

// entityIRI returns the IRI of an entity: <kg:Hospital/苏州大学附属第一医院>.
func entityIRI(r kg.EntityRef) quad.IRI {
	return quad.IRI(ns + string(r.Kind) + "/" + escapeIRI(r.Name))
}

// parseEntityIRI is the inverse of entityIRI; ok is false for any other
// value.
func parseEntityIRI(v quad.Value) (r kg.EntityRef, ok bool) {
	iri, ok := v.(quad.IRI)
	if !ok {
		return kg.EntityRef{}, false
	}
	rest, ok := strings.CutPrefix(string(iri), ns)
	if !ok {
		return kg.EntityRef{}, false
	}
	kind, name, ok := strings.Cut(rest, "/")
	if !ok || !knownKind(kg.Kind(kind)) {
		return kg.EntityRef{}, false
	}
	name, err := url.PathUnescape(name)
	if err != nil {
		return kg.EntityRef{}, false
	}
	return kg.EntityRef{Kind: kg.Kind(kind), Name: name}, true
}

// documentIRI returns the IRI of a document, which is also the label of
// every quad read from it: <kg:doc/000_3cbbde8086c57167.txt>.
func documentIRI(file string) quad.IRI { return quad.IRI(ns + "doc/" + escapeIRI(file)) }

// itemIRI returns the IRI of a document's related item:
// <kg:doc/000_3cbbde8086c57167.txt#item-0>.
func itemIRI(file string, index int) quad.IRI {
	return quad.IRI(string(documentIRI(file)) + "#item-" + strconv.Itoa(index))
}

// evidenceIRI names the evidence that file states (s, p, o) at [start,
// end). It depends on nothing else, so writing a document twice writes the
// same evidence nodes.
func evidenceIRI(file string, s, p, o quad.IRI, start, end int) quad.IRI {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%d\x00%d", file, s, p, o, start, end)
	return quad.IRI(ns + "ev/" + hex.EncodeToString(h.Sum(nil)[:16]))
}

// escapeIRI percent-encodes the bytes that may not appear in an N-Quads
// IRIREF (controls, space, <>"{}|^`\) and "%" itself, and leaves the rest,
// Chinese included, as it is.
func escapeIRI(s string) string {
	if strings.IndexFunc(s, needsEscape) < 0 {
		return s
	}
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && needsEscape(rune(c)) {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\%", r)
}
