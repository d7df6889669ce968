package query

import (
	"cmp"
	"slices"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Fact is one thing a document says at a span of its text: an entity it
// names (Link is nil) or a relation it states.
type Fact struct {
	Ref    index.EvidenceRef
	Entity kg.EntityRef // the entity named; zero for a relation
	Link   *kg.Link     // the relation stated; nil for a mention
}

// DocumentFacts returns everything the document of file names and states,
// by position (start, then end, mentions before relations), and false if x
// holds no such document. The index keeps facts by entity and relation,
// not by document, so it reads them all: a few milliseconds at 10,000
// documents, for a view of one document.
func DocumentFacts(x *index.Index, file string) ([]Fact, bool) {
	id, ok := x.DocID(file)
	if !ok {
		return nil, false
	}
	var facts []Fact
	for _, kind := range kg.Kinds {
		for _, ref := range x.Refs(kind) {
			for _, r := range x.MentionsOf(ref) {
				if r.Doc == id {
					facts = append(facts, Fact{Ref: r, Entity: ref})
				}
			}
		}
	}
	for _, rel := range kg.RelationTypes {
		for _, l := range x.Links(rel) {
			for _, r := range x.EvidenceOf(l) {
				if r.Doc == id {
					facts = append(facts, Fact{Ref: r, Link: &l})
				}
			}
		}
	}
	slices.SortStableFunc(facts, func(a, b Fact) int {
		return cmp.Or(cmp.Compare(a.Ref.Start, b.Ref.Start), cmp.Compare(a.Ref.End, b.Ref.End), cmp.Compare(boolInt(a.Link != nil), boolInt(b.Link != nil)))
	})
	return facts, true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
