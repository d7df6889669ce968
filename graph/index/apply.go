package index

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/medkg/medkg/graph/kg"
)

// Summaries yields sums.
func Summaries(sums []*Summary) iter.Seq2[*Summary, error] {
	return func(yield func(*Summary, error) bool) {
		for _, d := range sums {
			if !yield(d, nil) {
				return
			}
		}
	}
}

// delta is what one apply changes, gathered before anything is rebuilt.
type delta struct {
	ents      map[kg.EntityRef]*entityDelta
	links     map[kg.Link]*refDelta
	mentions  map[kg.EntityRef]*refDelta
	docCounts map[kg.EntityRef]int
	docsGone  map[int32]bool
}

type entityDelta struct {
	docs  int
	attrs []attrDelta // summed per attr when applied
}

type attrDelta struct {
	attr
	n int
}

type refDelta struct {
	add []EvidenceRef
}

// Apply returns a copy of x at generation gen, without the documents of del
// and with those of add (nil for none). x does not change: maps are
// copied, and every slice that changes is a new one. A document in add
// that x holds must be in del too.
func (x *Index) Apply(gen uint64, del []*Summary, add iter.Seq2[*Summary, error]) (*Index, error) {
	y := *x
	y.Generation = gen
	files := x.docByFile.edit()
	c := &counter{ids: map[kg.EntityRef]int32{}, links: map[linkKey]*refDelta{}}
	d := &delta{docsGone: map[int32]bool{}}
	for _, sum := range del {
		id, ok := files.Get(sum.File)
		if !ok {
			continue
		}
		files.Delete(sum.File)
		d.docsGone[id] = true
		c.count(sum, id, -1)
	}
	var added []string
	ownDocs := false
	if add == nil {
		add = Summaries(nil)
	}
	for sum, err := range add {
		if err != nil {
			return nil, err
		}
		if _, ok := files.Get(sum.File); ok {
			return nil, fmt.Errorf("index: document %s added twice", sum.File)
		}
		doc := &kg.Document{File: sum.File, Title: sum.Title, Date: sum.Date, Items: sum.Items}
		var id int32
		if n := len(y.free); n > 0 {
			// Reuse the id of a document gone before this apply (no ref
			// of this index holds it), in a copy of the table: x's
			// readers may still look the old one up.
			if !ownDocs {
				y.docs, y.free, ownDocs = slices.Clone(y.docs), slices.Clone(y.free), true
			}
			id, y.free = y.free[n-1], y.free[:n-1]
			y.docs[id] = doc
		} else {
			id = int32(len(y.docs))
			y.docs = append(y.docs, doc)
		}
		files.Set(sum.File, id)
		c.count(sum, id, +1)
		added = append(added, sum.File)
	}
	c.finish(d)
	if len(d.docsGone) > 0 { // reusable from the next apply on
		if !ownDocs {
			y.free = slices.Clone(y.free)
		}
		for id := range d.docsGone {
			y.free = append(y.free, id)
		}
	}
	y.docByFile = files.Done()
	if len(del)+len(added) > 0 {
		gone := map[string]bool{}
		var born []string
		for _, sum := range del {
			gone[sum.File] = true
		}
		for _, f := range added {
			if gone[f] {
				delete(gone, f) // replaced: still there
			} else {
				born = append(born, f)
			}
		}
		y.files = mergeSorted(x.files, gone, born, strings.Compare)
	}
	// The four parts change disjoint fields of y: build them side by side.
	var wg sync.WaitGroup
	wg.Go(func() { y.applyEntities(x, d) })
	wg.Go(func() { y.applyLinks(x, d) })
	wg.Go(func() { y.mentions, _, _ = applyRefs(&y, x.mentions, d.mentions, d.docsGone) })
	counts := x.docCounts.edit()
	for r, n := range d.docCounts {
		old, _ := counts.Get(r)
		if n += old; n > 0 {
			counts.Set(r, n)
		} else {
			counts.Delete(r)
		}
	}
	y.docCounts = counts.Done()
	wg.Wait()
	return &y, nil
}

// counter gathers a delta from summaries. It numbers the entities it
// meets, so that the millions of evidence refs of a big store are grouped
// by small keys (a relation's two numbers) rather than by their names.
type counter struct {
	ids   map[kg.EntityRef]int32
	ents  []counted // by number
	links map[linkKey]*refDelta
	doc   int // the summary being counted, from 1, to mark what it touched
}

type counted struct {
	ref       kg.EntityRef
	ent       entityDelta
	entSeen   bool
	mentions  *refDelta
	docCount  int
	touchedBy int // the last summary that mentions it or states a relation of it
}

type linkKey struct {
	rel      uint8 // index in RelationTypes: a key of plain numbers hashes fast
	from, to int32
}

// count adds (sign +1) or removes (-1) one document's summary.
func (c *counter) count(sum *Summary, id int32, sign int) {
	c.doc++
	num := make([]int32, len(sum.Entities))
	for i, e := range sum.Entities {
		n, ok := c.ids[e.EntityRef]
		if !ok {
			n = int32(len(c.ents))
			c.ids[e.EntityRef] = n
			c.ents = append(c.ents, counted{ref: e.EntityRef})
		}
		num[i] = n
		ce := &c.ents[n]
		ce.entSeen = true
		ce.ent.docs += sign
		for _, a := range entityAttrs(e) {
			ce.ent.attrs = append(ce.ent.attrs, attrDelta{a, sign})
		}
	}
	touch := func(n int32) {
		if ce := &c.ents[n]; ce.touchedBy != c.doc {
			ce.touchedBy = c.doc
			ce.docCount += sign
		}
	}
	for _, ev := range sum.Links {
		k := linkKey{relIndex(ev.Rel), num[ev.From], num[ev.To]}
		rd := c.links[k]
		if rd == nil {
			rd = &refDelta{}
			c.links[k] = rd
		}
		if sign > 0 {
			rd.add = append(rd.add, EvidenceRef{Doc: id, Item: ev.Item, Start: ev.Start, End: ev.End, Method: methodCode(ev.Method)})
		}
		touch(k.from)
		touch(k.to)
	}
	for _, ev := range sum.Mentions {
		n := num[ev.From]
		ce := &c.ents[n]
		if ce.mentions == nil {
			ce.mentions = &refDelta{}
		}
		if sign > 0 {
			ce.mentions.add = append(ce.mentions.add, EvidenceRef{Doc: id, Item: ev.Item, Start: ev.Start, End: ev.End})
		}
		touch(n)
	}
}

// relIndex returns the index of rel in RelationTypes (0 for an unknown
// one, which summaries never hold: extractionQuads refuses it).
func relIndex(rel kg.RelationType) uint8 {
	for i, r := range kg.RelationTypes {
		if r == rel {
			return uint8(i)
		}
	}
	return 0
}

// finish fills d with what was counted, by name.
func (c *counter) finish(d *delta) {
	d.ents = make(map[kg.EntityRef]*entityDelta, len(c.ents))
	d.mentions = make(map[kg.EntityRef]*refDelta)
	d.docCounts = make(map[kg.EntityRef]int)
	for i := range c.ents {
		ce := &c.ents[i]
		if ce.entSeen {
			d.ents[ce.ref] = &ce.ent
		}
		if ce.mentions != nil {
			d.mentions[ce.ref] = ce.mentions
		}
		if ce.docCount != 0 {
			d.docCounts[ce.ref] = ce.docCount
		}
	}
	d.links = make(map[kg.Link]*refDelta, len(c.links))
	for k, rd := range c.links {
		d.links[kg.Link{Type: kg.RelationTypes[k.rel], From: c.ents[k.from].ref, To: c.ents[k.to].ref}] = rd
	}
}

// entityAttrs lists the aliases and attributes a document gives e, those
// of its kind only (as Store.Entity reads them).
func entityAttrs(e kg.Entity) []attr {
	var out []attr
	for _, a := range e.Aliases {
		if a != e.Name && a != "" {
			out = append(out, attr{'a', a})
		}
	}
	if e.Kind == kg.KindSymptom && e.Category != "" {
		out = append(out, attr{'c', e.Category})
	}
	if e.Kind == kg.KindCity && e.Level != "" {
		out = append(out, attr{'l', e.Level})
	}
	if (e.Kind == kg.KindCity || e.Kind == kg.KindProvince) && e.Code != "" {
		out = append(out, attr{'k', e.Code})
	}
	return out
}

// applyEntities rebuilds the entities the delta touches, their kinds'
// lists and their names.
func (y *Index) applyEntities(x *Index, d *delta) {
	if len(d.ents) == 0 {
		return
	}
	ents := x.entities.edit()
	names := x.names.edit()
	y.byKind = maps.Clone(x.byKind)
	gone := map[kg.Kind]map[kg.EntityRef]bool{}
	born := map[kg.Kind][]kg.EntityRef{}
	nameDel := map[string]map[kg.EntityRef]bool{}
	nameAdd := map[string][]kg.EntityRef{}
	for ref, ed := range d.ents {
		old, _ := x.entities.Get(ref)
		e := &entityEntry{Entity: kg.Entity{EntityRef: ref}, attrs: map[attr]int{}}
		if old != nil {
			e.docs = old.docs
			maps.Copy(e.attrs, old.attrs)
		}
		e.docs += ed.docs
		for _, a := range ed.attrs {
			e.attrs[a.attr] += a.n
		}
		maps.DeleteFunc(e.attrs, func(_ attr, n int) bool { return n <= 0 })
		var oldNames []string
		if old != nil {
			oldNames = append([]string{ref.Name}, old.Aliases...)
		}
		var newNames []string
		if e.docs > 0 {
			e.derive()
			ents.Set(ref, e)
			newNames = append([]string{ref.Name}, e.Aliases...)
		} else {
			ents.Delete(ref)
		}
		switch {
		case old == nil && e.docs > 0:
			born[ref.Kind] = append(born[ref.Kind], ref)
		case old != nil && e.docs <= 0:
			if gone[ref.Kind] == nil {
				gone[ref.Kind] = map[kg.EntityRef]bool{}
			}
			gone[ref.Kind][ref] = true
		}
		for _, n := range oldNames {
			if !slices.Contains(newNames, n) {
				if nameDel[n] == nil {
					nameDel[n] = map[kg.EntityRef]bool{}
				}
				nameDel[n][ref] = true
			}
		}
		for _, n := range newNames {
			if !slices.Contains(oldNames, n) {
				nameAdd[n] = append(nameAdd[n], ref)
			}
		}
	}
	y.entities = ents.Done()
	for _, k := range kg.Kinds {
		if len(born[k]) > 0 || len(gone[k]) > 0 {
			y.byKind[k] = mergeSorted(x.byKind[k], gone[k], born[k], kg.CompareRefs)
		}
	}
	touched := maps.Clone(nameAdd)
	for n := range nameDel {
		touched[n] = nameAdd[n]
	}
	for n := range touched {
		old, _ := x.names.Get(n)
		if refs := mergeSorted(old, nameDel[n], nameAdd[n], kg.CompareRefs); len(refs) > 0 {
			names.Set(n, refs)
		} else {
			names.Delete(n)
		}
	}
	y.names = names.Done()
}

// derive sets the entity's aliases and attributes from the counts: every
// alias some document gives, and the smallest value of each attribute.
func (e *entityEntry) derive() {
	e.Aliases = nil
	for a := range e.attrs {
		switch a.key {
		case 'a':
			e.Aliases = append(e.Aliases, a.value)
		case 'c':
			e.Category = minNonEmpty(e.Category, a.value)
		case 'l':
			e.Level = minNonEmpty(e.Level, a.value)
		case 'k':
			e.Code = minNonEmpty(e.Code, a.value)
		}
	}
	slices.Sort(e.Aliases)
}

// applyLinks rebuilds the evidence of the links the delta touches, and the
// link lists of the links that appear or disappear.
func (y *Index) applyLinks(x *Index, d *delta) {
	if len(d.links) == 0 {
		return
	}
	var appeared, vanished []kg.Link
	y.evidence, appeared, vanished = applyRefs(y, x.evidence, d.links, d.docsGone)
	gone := map[kg.RelationType]map[kg.Link]bool{}
	born := map[kg.RelationType][]kg.Link{}
	for _, l := range appeared {
		born[l.Type] = append(born[l.Type], l)
	}
	for _, l := range vanished {
		if gone[l.Type] == nil {
			gone[l.Type] = map[kg.Link]bool{}
		}
		gone[l.Type][l] = true
	}
	if len(born) == 0 && len(gone) == 0 {
		return
	}
	y.links = maps.Clone(x.links)
	y.out = maps.Clone(x.out)
	y.in = maps.Clone(x.in)
	for _, rel := range kg.RelationTypes {
		if len(born[rel]) == 0 && len(gone[rel]) == 0 {
			continue
		}
		y.out[rel] = applyHops(x.out[rel], gone[rel], born[rel], func(l kg.Link) (kg.EntityRef, kg.EntityRef) { return l.From, l.To })
		y.in[rel] = applyHops(x.in[rel], gone[rel], born[rel], func(l kg.Link) (kg.EntityRef, kg.EntityRef) { return l.To, l.From })
		y.links[rel] = x.links[rel].next(gone[rel], born[rel], rel, y.out[rel])
	}
}

// applyHops returns a copy of one relation's adjacency lists without the
// links of gone and with those of born.
func applyHops(old cowMap[kg.EntityRef, []kg.EntityRef], gone map[kg.Link]bool, born []kg.Link, ends func(kg.Link) (key, val kg.EntityRef)) cowMap[kg.EntityRef, []kg.EntityRef] {
	m := old.edit()
	del := map[kg.EntityRef]map[kg.EntityRef]bool{}
	add := map[kg.EntityRef][]kg.EntityRef{}
	for l := range gone {
		k, v := ends(l)
		if del[k] == nil {
			del[k] = map[kg.EntityRef]bool{}
		}
		del[k][v] = true
	}
	for _, l := range born {
		k, v := ends(l)
		add[k] = append(add[k], v)
	}
	keys := maps.Clone(add)
	for k := range del {
		keys[k] = add[k]
	}
	for k := range keys {
		was, _ := old.Get(k)
		if refs := mergeSorted(was, del[k], add[k], kg.CompareRefs); len(refs) > 0 {
			m.Set(k, refs)
		} else {
			m.Delete(k)
		}
	}
	return m.Done()
}

// applyRefs returns a copy of old in which each key of the delta has its
// refs without those of the gone documents and with the delta's added
// ones, sorted by file and span, and the keys that gained their first refs
// and lost their last.
func applyRefs[K comparable](y *Index, old cowMap[K, []EvidenceRef], ds map[K]*refDelta, docsGone map[int32]bool) (_ cowMap[K, []EvidenceRef], appeared, vanished []K) {
	if len(ds) == 0 {
		return old, nil, nil
	}
	m := old.edit()
	m.sizeHint(len(ds))
	for k, rd := range ds {
		var was []EvidenceRef
		if old.Len() > 0 {
			was, _ = old.Get(k)
		}
		refs := rd.add // the delta's own: no copy needed when nothing was there
		if len(was) > 0 {
			refs = make([]EvidenceRef, 0, len(was)+len(rd.add))
			for _, r := range was {
				if !docsGone[r.Doc] {
					refs = append(refs, r)
				}
			}
			refs = append(refs, rd.add...)
		}
		if len(refs) == 0 {
			if len(was) > 0 {
				vanished = append(vanished, k)
				m.Delete(k)
			}
			continue
		}
		if len(was) == 0 {
			appeared = append(appeared, k)
		}
		if !slices.IsSortedFunc(refs, y.compareEvidence) { // often are: summaries come in file order
			slices.SortFunc(refs, y.compareEvidence)
		}
		m.Set(k, slices.CompactFunc(refs, func(a, b EvidenceRef) bool { return a == b }))
	}
	return m.Done(), appeared, vanished
}

// compareEvidence orders refs by file, then span, as Store.Evidence returns
// them.
func (x *Index) compareEvidence(a, b EvidenceRef) int {
	if a.Doc != b.Doc {
		if c := cmp.Compare(x.docs[a.Doc].File, x.docs[b.Doc].File); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Doc, b.Doc), cmp.Compare(a.Item, b.Item))
}

// mergeSorted returns a new sorted slice: old (sorted by compare) without
// the elements of del, with those of add (which old does not hold).
func mergeSorted[T comparable](old []T, del map[T]bool, add []T, compare func(a, b T) int) []T {
	add = slices.Clone(add)
	slices.SortFunc(add, compare)
	add = slices.Compact(add)
	out := make([]T, 0, len(old)+len(add))
	i := 0
	for _, v := range old {
		if del[v] {
			continue
		}
		for i < len(add) && compare(add[i], v) < 0 {
			out = append(out, add[i])
			i++
		}
		if i < len(add) && add[i] == v {
			i++
		}
		out = append(out, v)
	}
	return append(out, add[i:]...)
}

func compareLinks(a, b kg.Link) int {
	return cmp.Or(cmp.Compare(a.Type, b.Type), kg.CompareRefs(a.From, b.From), kg.CompareRefs(a.To, b.To))
}

// methodCode is the compact form of a method that the index keeps in each
// EvidenceRef: 1 + its index in Methods, or 0 for none (a mention) and for
// a name that is not in Methods.
func methodCode(m kg.Method) uint8 {
	for i, mm := range kg.Methods {
		if m == mm {
			return uint8(i + 1)
		}
	}
	return 0
}

// methodOf is the inverse of methodCode: "" for 0, MethodUnknown for a
// code past Methods.
func methodOf(code uint8) kg.Method {
	switch {
	case code == 0:
		return ""
	case int(code) > len(kg.Methods):
		return kg.MethodUnknown
	}
	return kg.Methods[code-1]
}

// minNonEmpty returns the smaller of two values, "" counting as none.
func minNonEmpty(a, b string) string {
	if a == "" || b < a {
		return b
	}
	return a
}
