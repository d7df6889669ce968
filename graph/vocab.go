package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
)

// The vocabulary of the graph, in one place.
//
// Entities are IRIs <kg:Kind/Name> (<kg:Hospital/苏州大学附属第一医院>) with
// a type, a name and aliases. A relation is a quad between two entities plus
// an evidence node (<kg:ev/…>) that reifies it: subject, predicate, object,
// the document and item it was read from, and the span. A mention of an
// entity is an evidence node whose statement is (entity, rdf:type, Kind).
// Every quad is labelled with its document's IRI, so a document's facts can
// be retracted exactly.
const prefix = "kg:"

// Predicates and classes.
var (
	predType      = quad.IRI("rdf:type")
	predName      = quad.IRI(prefix + "name")
	predAlias     = quad.IRI(prefix + "alias")
	predCategory  = quad.IRI(prefix + "category")
	predLevel     = quad.IRI(prefix + "level")
	predCode      = quad.IRI(prefix + "code")
	predFile      = quad.IRI(prefix + "file")
	predTitle     = quad.IRI(prefix + "title")
	predDate      = quad.IRI(prefix + "date")
	predSHA256    = quad.IRI(prefix + "sha256")
	predItem      = quad.IRI(prefix + "item")
	predIndex     = quad.IRI(prefix + "index")
	predSubject   = quad.IRI(prefix + "subject")
	predPredicate = quad.IRI(prefix + "predicate")
	predObject    = quad.IRI(prefix + "object")
	predDocument  = quad.IRI(prefix + "document")
	predInItem    = quad.IRI(prefix + "inItem")
	predStart     = quad.IRI(prefix + "start")
	predEnd       = quad.IRI(prefix + "end")
	predSnippet   = quad.IRI(prefix + "snippet")
	predSurface   = quad.IRI(prefix + "surface")

	classDocument = quad.IRI(prefix + "Document")
	classEvidence = quad.IRI(prefix + "Evidence")
)

// relationPredicates maps each relation type to its predicate.
var relationPredicates = map[RelationType]quad.IRI{
	LocatedIn:       quad.IRI(prefix + "locatedIn"),
	InProvince:      quad.IRI(prefix + "inProvince"),
	RecommendedFor:  quad.IRI(prefix + "recommendedFor"),
	HasDepartment:   quad.IRI(prefix + "hasDepartment"),
	DepartmentFor:   quad.IRI(prefix + "departmentFor"),
	PolicyAppliesIn: quad.IRI(prefix + "policyAppliesIn"),
}

// Predicate returns the IRI of a relation type's predicate.
func Predicate(t RelationType) quad.IRI { return relationPredicates[t] }

// ClassOf returns the IRI of an entity kind's class.
func classOf(k Kind) quad.IRI { return quad.IRI(prefix + string(k)) }

// EntityIRI returns the IRI of an entity.
func EntityIRI(r EntityRef) quad.IRI { return quad.IRI(prefix + string(r.Kind) + "/" + r.Name) }

// ParseEntityIRI is the inverse of EntityIRI.
func ParseEntityIRI(v quad.Value) (EntityRef, bool) {
	iri, ok := v.(quad.IRI)
	if !ok {
		return EntityRef{}, false
	}
	s, ok := strings.CutPrefix(string(iri), prefix)
	if !ok {
		return EntityRef{}, false
	}
	kind, name, ok := strings.Cut(s, "/")
	if !ok {
		return EntityRef{}, false
	}
	for _, k := range Kinds {
		if string(k) == kind {
			return EntityRef{Kind: k, Name: name}, true
		}
	}
	return EntityRef{}, false
}

// DocumentIRI returns the IRI of a document; it is also the label of every
// quad read from the document.
func DocumentIRI(file string) quad.IRI { return quad.IRI(prefix + "doc/" + file) }

func itemIRI(file string, index int) quad.IRI {
	return quad.IRI(prefix + "doc/" + file + "#item-" + strconv.Itoa(index))
}

// evidenceIRI names an evidence node by what it says, so that loading the
// same document twice writes the same node.
func evidenceIRI(file string, s, p, o quad.Value, start, end int) quad.IRI {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%d\x00%d", file, s, p, o, start, end)
	return quad.IRI(prefix + "ev/" + hex.EncodeToString(h.Sum(nil)[:12]))
}
