// Package kg holds the knowledge graph's domain types: entities and their
// kinds, relations and their types, documents, and the provenance of every
// fact (source, span, method). The loader makes them, graph stores them,
// index and query read them; this package depends on none of those.
package kg

import (
	"cmp"
	"strings"
)

// Kind is the kind of an entity. Its values are the GraphQL type names.
type Kind string

// The six entity kinds of the gold format (eval/FORMAT.md).
const (
	KindProvince   Kind = "Province"
	KindCity       Kind = "City"
	KindHospital   Kind = "Hospital"
	KindDepartment Kind = "Department"
	KindSymptom    Kind = "Symptom"
	KindPolicy     Kind = "InsurancePolicy"
)

// Kinds lists every entity kind in a stable order.
var Kinds = []Kind{KindProvince, KindCity, KindHospital, KindDepartment, KindSymptom, KindPolicy}

// RelationType is the type of a relation between two entities.
type RelationType string

// The six relation types of the gold format, with the kinds they join.
const (
	LocatedIn       RelationType = "LOCATED_IN"        // Hospital → City
	InProvince      RelationType = "IN_PROVINCE"       // City → Province
	RecommendedFor  RelationType = "RECOMMENDED_FOR"   // Hospital → Symptom
	HasDepartment   RelationType = "HAS_DEPARTMENT"    // Hospital → Department
	DepartmentFor   RelationType = "DEPARTMENT_FOR"    // Department → Symptom
	PolicyAppliesIn RelationType = "POLICY_APPLIES_IN" // InsurancePolicy → Province or City
)

// RelationTypes lists every relation type in a stable order.
var RelationTypes = []RelationType{LocatedIn, InProvince, RecommendedFor, HasDepartment, DepartmentFor, PolicyAppliesIn}

// Symptom categories.
const (
	CategorySymptom   = "SYMPTOM"
	CategoryCondition = "CONDITION"
)

// City levels.
const (
	LevelPrefecture = "prefecture"
	LevelCounty     = "county"
)

// EntityRef names one entity: its kind and canonical name. The pair is the
// entity's identity in the store.
type EntityRef struct {
	Kind Kind
	Name string
}

// CompareRefs orders entity refs by kind, then name.
func CompareRefs(a, b EntityRef) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
}

// Entity is one real thing with its canonical name and the other names it
// goes by.
type Entity struct {
	EntityRef
	Aliases  []string // other surface forms, without Name itself
	Category string   // Symptom only: CategorySymptom or CategoryCondition
	Level    string   // City only: LevelPrefecture or LevelCounty
	Code     string   // Province and City: administrative division code
}

// Source says where in a document a fact was read: the article (Item < 0)
// or one related item under 相关推荐.
type Source struct {
	Item      int    // -1 for the article, else the item's index from 0
	ItemTitle string // the item's title line; "" for the article
	Date      string // the item's date (YYYY-MM-DD); "" if none
}

// Span is a stretch of a document's text. Start and End are offsets in
// Unicode code points into Document.Text; Snippet is the text in
// [Start, End) exactly.
type Span struct {
	Start, End int
	Snippet    string
}

// Mention is evidence that an entity is named in a document.
type Mention struct {
	Entity  EntityRef
	Surface string // the form used in the text (may differ from Entity.Name)
	Source
	Span
}

// Relation is one asserted fact between two entities, with the text that
// supports it and how the loader read it.
type Relation struct {
	Type     RelationType
	From, To EntityRef
	Method   Method
	Source
	Span
}

// Method says how the loader found a relation. Each method has a fixed
// confidence, measured as its precision on the field pages (README.md,
// "How sure is a fact").
type Method string

// The ways a relation is read.
const (
	// MethodTitleTemplate: a related item's title template ("…出现X去哪家医院好")
	// with the hospital named in the item's summary.
	MethodTitleTemplate Method = "TITLE_TEMPLATE"
	// MethodList: a list sentence, ranking tier or table row that names the
	// fact's two ends together (…的心血管科、眼科; 推荐医院：A、B).
	MethodList Method = "LIST"
	// MethodSentence: one sentence states the fact (X可到A就诊; A擅长X).
	MethodSentence Method = "SENTENCE"
	// MethodName: the place is part of the hospital's own name (苏州市立医院).
	MethodName Method = "NAME"
	// MethodAuthority: the hospital authority file (lexicon/hospitals) gives it.
	MethodAuthority Method = "AUTHORITY_FILE"
	// MethodGazetteer: the division gazetteer gives it (a city's province).
	MethodGazetteer Method = "GAZETTEER"
	// MethodContext: the nearest place or heading around the mention; the
	// weakest reading.
	MethodContext Method = "CONTEXT"
	// MethodUnknown: written before methods were recorded.
	MethodUnknown Method = "UNKNOWN"
)

// Methods lists every method in a stable order.
var Methods = []Method{MethodTitleTemplate, MethodList, MethodSentence, MethodName, MethodAuthority, MethodGazetteer, MethodContext, MethodUnknown}

// OrUnknown returns m, or MethodUnknown for "" (a relation written before
// methods were recorded).
func (m Method) OrUnknown() Method {
	if m == "" {
		return MethodUnknown
	}
	return m
}

// Confidence is how likely a fact read by this method is true, in [0,1]:
// the method's precision on field pages the loader was not tuned on
// (loader/testdata/heldout, measured by tools/calibrate; README.md, "How
// sure is a fact").
func (m Method) Confidence() float64 {
	switch m {
	case MethodAuthority:
		return 0.99
	case MethodName:
		return 0.98
	case MethodGazetteer:
		return 0.93
	case MethodTitleTemplate:
		return 0.92
	case MethodList:
		return 0.85
	case MethodSentence:
		return 0.77
	case MethodContext:
		return 0.53
	}
	return 0.5
}

// Item is one related item under 相关推荐.
type Item struct {
	Index      int
	Title      string
	Summary    string
	Date       string
	Start, End int // code-point span of the whole item in Document.Text
}

// Document is one source page.
type Document struct {
	File  string // file name, e.g. 000_3cbbde8086c57167.txt
	Title string // the article's title (first line)
	Date  string // latest item date, if any
	Text  string // the full text; spans index into it
	Items []Item
}

// Extraction is everything the loader read from one document: the entities
// it names (deduplicated), each mention, and each relation.
type Extraction struct {
	Doc       Document
	Entities  []Entity
	Mentions  []Mention
	Relations []Relation
}

// Evidence is one piece of text that supports a fact, as read back from the
// store.
type Evidence struct {
	File      string // document file name
	DocTitle  string
	ItemTitle string // "" when the fact is from the article
	Date      string
	Start     int
	End       int
	Snippet   string
	// Sentence is the sentence the snippet is in (its whole text when the
	// snippet is a sentence or more), for a reader; Snippet stays exact.
	Sentence string
	Method   Method // how the relation was read (MethodUnknown if not recorded); "" for a mention
}

// IsSentenceEnd reports whether r ends a sentence: 。！？；, their ASCII
// forms, or a line break. The loader splits text into sentences by it.
func IsSentenceEnd(r rune) bool { return strings.ContainsRune("。！？；!?;\n", r) }

// maxSentenceSide is how far a sentence reaches on each side of its span.
const maxSentenceSide = 120

// SentenceAround returns the sentence of text that holds [start, end): from
// just after the last sentence end (IsSentenceEnd) before start
// to the first one at or after end (the span's own, if it ends with one),
// at most maxSentenceSide characters on each side, with the space around
// it trimmed.
func SentenceAround(text []rune, start, end int) string {
	a := start
	for a > 0 && start-a < maxSentenceSide && !IsSentenceEnd(text[a-1]) {
		a--
	}
	b := end
	for b < len(text) && b-end < maxSentenceSide && !IsSentenceEnd(text[b]) && (b == start || !IsSentenceEnd(text[b-1])) {
		b++
	}
	if b < len(text) && IsSentenceEnd(text[b]) && text[b] != '\n' && (b == start || !IsSentenceEnd(text[b-1])) {
		b++ // keep its full stop
	}
	return strings.TrimSpace(string(text[a:b]))
}

// Link is one relation between two entities, whatever documents state it.
type Link struct {
	Type     RelationType
	From, To EntityRef
}
