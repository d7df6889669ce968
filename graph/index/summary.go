package index

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/medkg/medkg/graph/kg"
)

// Summary is one document as the Index sees it.
type Summary struct {
	File, Title, Date string
	Items             []kg.Item    // Index, Title and Date only, by index
	Entities          []kg.Entity  // every entity the document writes, by kind and name
	Links             []SummaryRef // relations: Rel, From, To (indexes into Entities)
	Mentions          []SummaryRef // mentions: From (index into Entities); Rel is ""
}

// SummaryRef is where a document states one relation or mention, and how.
type SummaryRef struct {
	Rel              kg.RelationType
	From, To         int32     // indexes into Summary.Entities; To is -1 for a mention
	Item, Start, End int32     // Item is -1 for the article
	Method           kg.Method // one of Methods for a relation; "" for a mention
}

// Summarize makes the summary of an extraction, as extractionQuads writes
// it: every entity named anywhere in it, evidence deduplicated by its node
// (the same statement at the same span is one node).
func Summarize(ex *kg.Extraction) *Summary {
	d := &Summary{File: ex.Doc.File, Title: ex.Doc.Title, Date: ex.Doc.Date}
	items := make(map[int]kg.Item, len(ex.Doc.Items))
	for _, it := range ex.Doc.Items {
		items[it.Index] = kg.Item{Index: it.Index, Title: it.Title, Date: it.Date}
	}
	ents := make(map[kg.EntityRef]*kg.Entity, len(ex.Entities))
	entity := func(r kg.EntityRef) *kg.Entity {
		e := ents[r]
		if e == nil {
			e = &kg.Entity{EntityRef: r}
			ents[r] = e
		}
		return e
	}
	for _, e := range ex.Entities {
		m := entity(e.EntityRef)
		for _, a := range e.Aliases {
			if a != e.Name && a != "" {
				m.Aliases = append(m.Aliases, a)
			}
		}
		m.Category = minNonEmpty(m.Category, e.Category)
		m.Level = minNonEmpty(m.Level, e.Level)
		m.Code = minNonEmpty(m.Code, e.Code)
	}
	source := func(src kg.Source) int32 {
		if src.Item < 0 {
			return -1
		}
		if _, ok := items[src.Item]; !ok {
			items[src.Item] = kg.Item{Index: src.Item, Title: src.ItemTitle, Date: src.Date}
		}
		return int32(src.Item)
	}
	type ref struct {
		rel        kg.RelationType
		from, to   kg.EntityRef
		start, end int
	}
	var mentions, links []ref
	n := len(ex.Mentions) + len(ex.Relations)
	itemOf := make(map[ref]int32, n)
	how := make(map[ref]kg.Method, len(ex.Relations))
	seen := make(map[ref]bool, n)
	for _, m := range ex.Mentions {
		entity(m.Entity)
		r := ref{from: m.Entity, start: m.Start, end: m.End}
		it := source(m.Source)
		if !seen[r] {
			seen[r] = true
			mentions = append(mentions, r)
			itemOf[r] = it
		}
	}
	for _, rel := range ex.Relations {
		entity(rel.From)
		entity(rel.To)
		r := ref{rel: rel.Type, from: rel.From, to: rel.To, start: rel.Start, end: rel.End}
		it := source(rel.Source)
		if !seen[r] {
			seen[r] = true
			links = append(links, r)
			itemOf[r] = it
			how[r] = rel.Method.OrUnknown() // extractedQuads refuses an unknown one
		}
	}
	for _, e := range ents {
		slices.Sort(e.Aliases)
		e.Aliases = slices.Compact(e.Aliases)
		d.Entities = append(d.Entities, *e)
	}
	slices.SortFunc(d.Entities, func(a, b kg.Entity) int { return kg.CompareRefs(a.EntityRef, b.EntityRef) })
	at := make(map[kg.EntityRef]int32, len(d.Entities))
	for i, e := range d.Entities {
		at[e.EntityRef] = int32(i)
	}
	for _, r := range mentions {
		d.Mentions = append(d.Mentions, SummaryRef{From: at[r.from], To: -1, Item: itemOf[r], Start: int32(r.start), End: int32(r.end)})
	}
	for _, r := range links {
		d.Links = append(d.Links, SummaryRef{Rel: r.rel, From: at[r.from], To: at[r.to], Item: itemOf[r], Start: int32(r.start), End: int32(r.end), Method: how[r]})
	}
	for _, it := range items {
		d.Items = append(d.Items, it)
	}
	slices.SortFunc(d.Items, func(a, b kg.Item) int { return cmp.Compare(a.Index, b.Index) })
	return d
}

// The summary's text: a header line, then one line per record, fields
// separated by tabs, with backslash, tab and newline escaped.
//
//	kgsum 1
//	d	file	title	date
//	i	index	title	date
//	e	kind	name	category	level	code	alias…
//	r	type	from	to	item	start	end	method
//	m	entity	item	start	end
//
// The method of an "r" line came later, under the same header: a line
// without it (written before methods were recorded) reads as
// MethodUnknown, and so does a method this version does not know (written
// by a later one), so that no summary stops the index from being read.
const summaryHeader = "kgsum 1"

var (
	fieldEscaper   = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`)
	fieldUnescaper = strings.NewReplacer(`\\`, `\`, `\t`, "\t", `\n`, "\n")
)

// Encode writes the summary as the text the store keeps (see
// DecodeSummary).
func (d *Summary) Encode() string {
	var b strings.Builder
	b.Grow(64 * (len(d.Entities) + len(d.Links) + len(d.Mentions) + len(d.Items) + 2))
	b.WriteString(summaryHeader)
	line := func(fields ...string) {
		b.WriteByte('\n')
		for i, f := range fields {
			if i > 0 {
				b.WriteByte('\t')
			}
			if strings.ContainsAny(f, "\\\t\n") {
				f = fieldEscaper.Replace(f)
			}
			b.WriteString(f)
		}
	}
	itoa := func(n int32) string { return strconv.Itoa(int(n)) }
	line("d", d.File, d.Title, d.Date)
	for _, it := range d.Items {
		line("i", strconv.Itoa(it.Index), it.Title, it.Date)
	}
	for _, e := range d.Entities {
		line(append([]string{"e", string(e.Kind), e.Name, e.Category, e.Level, e.Code}, e.Aliases...)...)
	}
	for _, r := range d.Links {
		line("r", string(r.Rel), itoa(r.From), itoa(r.To), itoa(r.Item), itoa(r.Start), itoa(r.End), string(r.Method))
	}
	for _, r := range d.Mentions {
		line("m", itoa(r.From), itoa(r.Item), itoa(r.Start), itoa(r.End))
	}
	return b.String()
}

var ErrBadSummary = errors.New("graph: bad document summary")

// DecodeSummary reads a summary literal.
func DecodeSummary(s string) (*Summary, error) {
	rest, ok := strings.CutPrefix(s, summaryHeader+"\n")
	if !ok {
		return nil, fmt.Errorf("%w: no %q header", ErrBadSummary, summaryHeader)
	}
	// A store opens by decoding every summary: no allocation per line
	// beyond what the summary keeps.
	d := &Summary{
		Entities: make([]kg.Entity, 0, strings.Count(rest, "\ne\t")+1),
		Links:    make([]SummaryRef, 0, strings.Count(rest, "\nr\t")),
		Mentions: make([]SummaryRef, 0, strings.Count(rest, "\nm\t")),
	}
	n := 1
	var f []string // the fields of a line, reused
	var v [5]int32 // its numbers
	for line := range strings.SplitSeq(rest, "\n") {
		n++
		f = f[:0]
		for {
			field, more, found := strings.Cut(line, "\t")
			f = append(f, field)
			if !found {
				break
			}
			line = more
		}
		for i, x := range f {
			if strings.IndexByte(x, '\\') >= 0 {
				f[i] = fieldUnescaper.Replace(x)
			}
		}
		switch {
		case f[0] == "d" && len(f) == 4:
			d.File, d.Title, d.Date = f[1], f[2], f[3]
		case f[0] == "i" && len(f) == 4:
			idx, err := strconv.Atoi(f[1])
			if err != nil {
				return nil, badLine(n, err.Error())
			}
			d.Items = append(d.Items, kg.Item{Index: idx, Title: f[2], Date: f[3]})
		case f[0] == "e" && len(f) >= 6:
			e := kg.Entity{EntityRef: kg.EntityRef{Kind: kg.Kind(f[1]), Name: f[2]}, Category: f[3], Level: f[4], Code: f[5]}
			if len(f) > 6 {
				e.Aliases = slices.Clone(f[6:])
			}
			d.Entities = append(d.Entities, e)
		case f[0] == "r" && (len(f) == 7 || len(f) == 8):
			if err := parseInts(v[:5], f[2:7]); err != nil {
				return nil, badLine(n, err.Error())
			}
			method := kg.MethodUnknown
			if len(f) == 8 {
				method = methodOf(methodCode(kg.Method(f[7]))) // the constant, not a piece of s
				if method == "" {
					method = kg.MethodUnknown
				}
			}
			d.Links = append(d.Links, SummaryRef{Rel: kg.RelationType(f[1]), From: v[0], To: v[1], Item: v[2], Start: v[3], End: v[4], Method: method})
		case f[0] == "m" && len(f) == 5:
			if err := parseInts(v[:4], f[1:]); err != nil {
				return nil, badLine(n, err.Error())
			}
			d.Mentions = append(d.Mentions, SummaryRef{From: v[0], To: -1, Item: v[1], Start: v[2], End: v[3]})
		default:
			return nil, badLine(n, fmt.Sprintf("unexpected record %q with %d fields", f[0], len(f)))
		}
	}
	if d.File == "" {
		return nil, fmt.Errorf("%w: no document line", ErrBadSummary)
	}
	for _, rs := range [][]SummaryRef{d.Links, d.Mentions} {
		for _, r := range rs {
			if r.From < 0 || int(r.From) >= len(d.Entities) || int(r.To) >= len(d.Entities) || (r.Rel != "" && r.To < 0) {
				return nil, fmt.Errorf("%w: %s: entity index out of range", ErrBadSummary, d.File)
			}
		}
	}
	return d, nil
}

func badLine(n int, why string) error { return fmt.Errorf("%w: line %d: %s", ErrBadSummary, n, why) }

// parseInts parses decimal int32s (optionally negative) into dst.
func parseInts(dst []int32, fields []string) error {
	for i, x := range fields {
		neg := strings.HasPrefix(x, "-")
		digits := strings.TrimPrefix(x, "-")
		if digits == "" || len(digits) > 9 {
			return fmt.Errorf("bad number %q", x)
		}
		var n int32
		for j := 0; j < len(digits); j++ {
			c := digits[j]
			if c < '0' || c > '9' {
				return fmt.Errorf("bad number %q", x)
			}
			n = n*10 + int32(c-'0')
		}
		if neg {
			n = -n
		}
		dst[i] = n
	}
	return nil
}
