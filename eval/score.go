package eval

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// The bar the project is judged by: the graph served from the seeds must
// reach these micro-averaged F1 scores against seeds.gold.json.
const (
	MinEntityF1   = 0.90
	MinRelationF1 = 0.80
)

// Report is the outcome of Score. Rows come in a fixed order: entity kinds
// Province, City, Hospital, Department, Symptom, InsurancePolicy; relation
// types as in the gold format, then any unknown served type.
type Report struct {
	Entities        []Row          `json:"entities"`
	EntityTotal     Row            `json:"entityTotal"` // micro-averaged over kinds
	Relations       []Row          `json:"relations"`
	RelationTotal   Row            `json:"relationTotal"` // micro-averaged over types
	MissedEntities  []EntityItem   `json:"missedEntities"`
	FalseEntities   []EntityItem   `json:"falseEntities"`
	MissedRelations []RelationItem `json:"missedRelations"`
	FalseRelations  []RelationItem `json:"falseRelations"`

	// CategoryMismatches lists matched symptoms whose served category
	// differs from the gold one. Informative: it does not change the scores.
	CategoryMismatches []CategoryMismatch `json:"categoryMismatches,omitempty"`
}

// Row holds the counts and scores of one entity kind or relation type, or a
// total. TP counts required gold items found, FN required gold items not
// found, FP served items that match nothing in gold, and Neutral served items
// that match optional gold (counted in neither precision nor recall).
type Row struct {
	Name      string  `json:"name"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Neutral   int     `json:"neutral"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// EntityItem names a missed gold entity or a falsely served one.
type EntityItem struct {
	Kind    Kind     `json:"kind"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	Note    string   `json:"note,omitempty"`
}

// RelationItem names a missed gold relation (by canonical names) or a
// falsely served one (by served names).
type RelationItem struct {
	Type     RelationType `json:"type"`
	From     string       `json:"from"`
	FromKind Kind         `json:"fromKind,omitempty"`
	To       string       `json:"to"`
	ToKind   Kind         `json:"toKind,omitempty"`
	Note     string       `json:"note,omitempty"`
}

// CategoryMismatch is a symptom served with another category than gold's.
type CategoryMismatch struct {
	Name   string `json:"name"` // gold name
	Gold   string `json:"gold"`
	Served string `json:"served"`
}

// Pass reports whether both micro-averaged F1 scores reach the bar.
func (r *Report) Pass() bool {
	return r.EntityTotal.F1 >= MinEntityF1 && r.RelationTotal.F1 >= MinRelationF1
}

// newRow computes precision, recall and F1 from the counts. The conventions
// are chosen so that no failure can hide behind a zero division:
//   - precision is 1 when nothing countable is served (TP+FP = 0);
//   - recall is 1 when nothing is required (TP+FN = 0);
//   - F1 is 0 when precision+recall = 0, else their harmonic mean.
//
// So serving nothing when something is required gives recall 0 and F1 0,
// serving only false hits when nothing is required gives precision 0 and F1
// 0, and only an empty gold met by an empty (or all-neutral) graph scores 1.
func newRow(name string, tp, fp, fn, neutral int) Row {
	r := Row{Name: name, TP: tp, FP: fp, FN: fn, Neutral: neutral, Precision: 1, Recall: 1}
	if tp+fp > 0 {
		r.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r.Recall = float64(tp) / float64(tp+fn)
	}
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
	return r
}

// total micro-averages rows: it sums their counts and scores the sums.
func total(rows []Row) Row {
	var tp, fp, fn, neutral int
	for _, r := range rows {
		tp, fp, fn, neutral = tp+r.TP, fp+r.FP, fn+r.FN, neutral+r.Neutral
	}
	return newRow("total", tp, fp, fn, neutral)
}

// Score compares what s serves with g.
//
// Entities are matched per kind, one to one: a served entity matches a gold
// entity of its kind when its name or an alias equals the gold name or a
// gold alias, exactly. Matches are made in three rounds, each a maximum
// matching among what is still unmatched: name = name, then name = alias
// (either way), then alias = alias; within a round gold entities are taken in
// file order and served ones by name, so the outcome is deterministic. A
// served entity matched to required gold is a TP, to optional gold neutral,
// to nothing a false hit; required gold left unmatched is a miss.
//
// Relations are identified by type and their two ends, and a relation served
// twice counts once. Each served end is mapped to a gold entity of the
// served kind: to the one its served entity was matched to, or, if that
// entity lost its match to another served entity (a split entity), to the
// gold entity it matches best by name and alias. Then, in this order:
//   - an end that maps to no gold entity makes the relation a false hit;
//   - a relation touching an optional gold entity is neutral (FORMAT.md: any
//     relation that touches an optional entity is itself optional);
//   - one equal to a required gold relation is a TP, to an optional one
//     neutral;
//   - anything else is a false hit.
//
// A gold POLICY_APPLIES_IN 'to' is looked up among both Provinces and Cities,
// so a municipality (天津, 上海, 重庆, 北京) served as either counts, once.
// Required gold relations not found are misses; so are, in a Gold that was
// not validated, required relations whose ends name no gold entity.
func Score(g *Gold, s *Snapshot) *Report {
	sc := &scorer{g: g, s: s, ix: newGoldIndex(g), match: make(map[Kind][]int)}
	rep := &Report{
		MissedEntities:  []EntityItem{},
		FalseEntities:   []EntityItem{},
		MissedRelations: []RelationItem{},
		FalseRelations:  []RelationItem{},
	}
	for _, k := range kinds {
		rep.Entities = append(rep.Entities, sc.scoreKind(k, rep))
	}
	rep.EntityTotal = total(rep.Entities)
	rep.Relations = sc.scoreRelations(rep)
	rep.RelationTotal = total(rep.Relations)
	return rep
}

type scorer struct {
	g  *Gold
	s  *Snapshot
	ix *goldIndex
	// match[k][i] is the gold index served entity i of kind k was matched
	// to, or -1.
	match map[Kind][]int
}

// Match rounds, best first.
const (
	tierName  = iota // served name = gold name
	tierCross        // served name = gold alias, or served alias = gold name
	tierAlias        // served alias = gold alias
	numTiers
)

// candidates lists, per tier, the gold entities of kind k that a served
// entity with this name and these aliases matches, in gold order, each in
// its best tier only.
func (sc *scorer) candidates(k Kind, name string, aliases []string) [numTiers][]int {
	var out [numTiers][]int
	for gi, e := range sc.g.Entities[k] {
		// Rounds are tried best first; an entity appears in its best only.
		switch {
		case e.Name == name:
			out[tierName] = append(out[tierName], gi)
		case contains(e.Aliases, name) || contains(aliases, e.Name):
			out[tierCross] = append(out[tierCross], gi)
		case intersects(aliases, e.Aliases):
			out[tierAlias] = append(out[tierAlias], gi)
		}
	}
	return out
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if contains(b, x) {
			return true
		}
	}
	return false
}

// scoreKind matches the served entities of kind k to gold and counts.
func (sc *scorer) scoreKind(k Kind, rep *Report) Row {
	gold := sc.g.Entities[k]
	served := sc.s.Entities[k]

	// Served entities in a fixed order, so the matching does not depend on
	// the order the API returns them in.
	order := make([]int, len(served))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(
			strings.Compare(served[a].Name, served[b].Name),
			slices.Compare(served[a].Aliases, served[b].Aliases),
		)
	})
	cands := make([][numTiers][]int, len(served))
	for i, e := range served {
		cands[i] = sc.candidates(k, e.Name, e.Aliases)
	}

	matchS := make([]int, len(served)) // served → gold
	matchG := make([]int, len(gold))   // gold → served
	for i := range matchS {
		matchS[i] = -1
	}
	for i := range matchG {
		matchG[i] = -1
	}
	for t := range numTiers {
		// adj[g]: served entities still free before this round that match
		// gold g in this round, in served order.
		adj := make([][]int, len(gold))
		for _, si := range order {
			if matchS[si] >= 0 {
				continue
			}
			for _, gi := range cands[si][t] {
				if matchG[gi] < 0 {
					adj[gi] = append(adj[gi], si)
				}
			}
		}
		// Kuhn's augmenting paths: a maximum matching in this round that
		// leaves earlier rounds' pairs alone.
		var try func(gi int, visited []bool) bool
		try = func(gi int, visited []bool) bool {
			for _, si := range adj[gi] {
				if visited[si] {
					continue
				}
				visited[si] = true
				if matchS[si] < 0 || try(matchS[si], visited) {
					matchS[si], matchG[gi] = gi, si
					return true
				}
			}
			return false
		}
		for gi := range gold {
			if matchG[gi] < 0 && len(adj[gi]) > 0 {
				try(gi, make([]bool, len(served)))
			}
		}
	}
	sc.match[k] = matchS

	var tp, fp, fn, neutral int
	for gi, e := range gold {
		switch {
		case matchG[gi] >= 0 && e.Optional:
			neutral++
		case matchG[gi] >= 0:
			tp++
		case !e.Optional:
			fn++
			rep.MissedEntities = append(rep.MissedEntities, EntityItem{Kind: k, Name: e.Name, Aliases: e.Aliases})
		}
	}
	for _, si := range order {
		e := served[si]
		if gi := matchS[si]; gi >= 0 {
			if k == Symptom && e.Category != "" && gold[gi].Category != "" && !strings.EqualFold(e.Category, gold[gi].Category) {
				rep.CategoryMismatches = append(rep.CategoryMismatches, CategoryMismatch{Name: gold[gi].Name, Gold: gold[gi].Category, Served: e.Category})
			}
			continue
		}
		fp++
		item := EntityItem{Kind: k, Name: e.Name, Aliases: e.Aliases}
		if gi, ok := best(cands[si]); ok && matchG[gi] >= 0 {
			// Every round is a maximum matching, so a candidate left over
			// is one another served entity took: a split or duplicate.
			item.Note = fmt.Sprintf("also names %s, matched by served %s", gold[gi].Name, served[matchG[gi]].Name)
		}
		rep.FalseEntities = append(rep.FalseEntities, item)
	}
	return newRow(string(k), tp, fp, fn, neutral)
}

// best is the first candidate of the best tier.
func best(c [numTiers][]int) (int, bool) {
	for _, gs := range c {
		if len(gs) > 0 {
			return gs[0], true
		}
	}
	return 0, false
}

// end maps a served relation end to a gold entity; kinds are the kinds to
// try, in order.
func (sc *scorer) end(ks []Kind, name string) (ref, bool) {
	for _, k := range ks {
		served := sc.s.Entities[k]
		var first = -1
		for si, e := range served {
			if e.Name != name {
				continue
			}
			if gi := sc.match[k][si]; gi >= 0 {
				return ref{k, gi}, true
			}
			if first < 0 {
				first = si
			}
		}
		// Not matched: a split entity, or an end the snapshot does not list
		// as an entity. Take the gold entity its forms match best.
		var aliases []string
		if first >= 0 {
			aliases = served[first].Aliases
		}
		if gi, ok := best(sc.candidates(k, name, aliases)); ok {
			return ref{k, gi}, true
		}
	}
	return ref{}, false
}

// goldRel is what a resolved gold relation key leads to.
type goldRel struct {
	i        int  // index in Gold.Relations
	optional bool // the relation or one of its resolved ends is optional
}

func (sc *scorer) scoreRelations(rep *Report) []Row {
	type counts struct{ tp, fp, fn, neutral int }
	byType := make(map[RelationType]*counts)
	get := func(t RelationType) *counts {
		if byType[t] == nil {
			byType[t] = &counts{}
		}
		return byType[t]
	}

	// Gold relations by their resolved ends. A municipality 'to' gives two
	// keys for one relation.
	keys := make(map[relKey]goldRel)
	required := make([]bool, len(sc.g.Relations))
	for i, r := range sc.g.Relations {
		sig, ok := signatures[r.Type]
		if !ok {
			required[i] = !r.Optional
			continue
		}
		from, ok := sc.ix.resolve(sig.from, r.From)
		if !ok {
			required[i] = !r.Optional
			continue
		}
		tos := sc.ix.resolveAny(sig.to, r.To)
		if len(tos) == 0 {
			required[i] = !r.Optional
			continue
		}
		for _, to := range tos {
			opt := r.Optional || sc.ix.entity(from).Optional || sc.ix.entity(to).Optional
			key := relKey{r.Type, from, to}
			if _, dup := keys[key]; !dup {
				keys[key] = goldRel{i: i, optional: opt}
			}
			if !opt {
				required[i] = true
			}
		}
	}

	// identity names a served end for deduplication: the gold name when it
	// maps to gold (so 天津 as Province and as City are one), else the served
	// kind and name.
	type identity struct {
		gold       bool
		kind, name string
	}
	type servedKey struct {
		typ      RelationType
		from, to identity
	}
	// Duplicates are dropped per outcome: TPs by gold relation, neutral and
	// false hits by served key. (A municipality served as Province and as
	// City has one served key but may meet an optional and a required gold
	// end.)
	found := make([]bool, len(sc.g.Relations))
	neutral := make(map[servedKey]bool)
	falseHit := make(map[servedKey]bool)
	var falses []RelationItem
	for _, r := range sc.s.Relations {
		sig, known := signatures[r.Type]
		fromKinds, toKinds := []Kind{r.FromKind}, []Kind{r.ToKind}
		if r.FromKind == "" && known {
			fromKinds = []Kind{sig.from}
		}
		if r.ToKind == "" && known {
			toKinds = sig.to
		}
		from, fromOK := sc.end(fromKinds, r.From)
		to, toOK := sc.end(toKinds, r.To)
		id := func(ok bool, x ref, kind Kind, name string) identity {
			if ok {
				return identity{gold: true, name: sc.ix.entity(x).Name}
			}
			return identity{kind: string(kind), name: name}
		}
		sk := servedKey{r.Type, id(fromOK, from, r.FromKind, r.From), id(toOK, to, r.ToKind, r.To)}

		c := get(r.Type)
		item := RelationItem{Type: r.Type, From: r.From, FromKind: r.FromKind, To: r.To, ToKind: r.ToKind}
		switch {
		case !known:
			item.Note = "unknown relation type"
		case !fromOK && !toOK:
			item.Note = "neither end in gold"
		case !fromOK:
			item.Note = "from not in gold"
		case !toOK:
			item.Note = "to not in gold"
		default:
			gr, ok := keys[relKey{r.Type, from, to}]
			switch {
			case sc.ix.entity(from).Optional || sc.ix.entity(to).Optional || ok && gr.optional:
				if !neutral[sk] {
					neutral[sk] = true
					c.neutral++
				}
				continue
			case ok:
				if !found[gr.i] {
					found[gr.i] = true
					c.tp++
				}
				continue
			}
			item.Note = "not in gold"
			if f, t := sc.ix.entity(from).Name, sc.ix.entity(to).Name; f != r.From || t != r.To {
				item.Note = fmt.Sprintf("not in gold (as %s → %s)", f, t)
			}
		}
		if !falseHit[sk] {
			falseHit[sk] = true
			c.fp++
			falses = append(falses, item)
		}
	}

	for i, r := range sc.g.Relations {
		if !required[i] || found[i] {
			continue
		}
		c := get(r.Type)
		c.fn++
		item := RelationItem{Type: r.Type, From: r.From, To: r.To}
		if sig, ok := signatures[r.Type]; ok {
			item.FromKind = sig.from
			if tos := sc.ix.resolveAny(sig.to, r.To); len(tos) == 1 {
				item.ToKind = tos[0].kind
			}
		}
		rep.MissedRelations = append(rep.MissedRelations, item)
	}

	types := slices.Clone(relationTypes)
	var extra []RelationType
	for t := range byType {
		if _, ok := signatures[t]; !ok {
			extra = append(extra, t)
		}
	}
	slices.Sort(extra)
	types = append(types, extra...)

	slices.SortStableFunc(falses, func(a, b RelationItem) int {
		return cmp.Or(
			cmp.Compare(slices.Index(types, a.Type), slices.Index(types, b.Type)),
			strings.Compare(a.From, b.From),
			strings.Compare(a.To, b.To),
		)
	})
	rep.FalseRelations = append(rep.FalseRelations, falses...)
	slices.SortStableFunc(rep.MissedRelations, func(a, b RelationItem) int {
		return cmp.Compare(slices.Index(types, a.Type), slices.Index(types, b.Type))
	})

	var rows []Row
	for _, t := range types {
		c := get(t)
		rows = append(rows, newRow(string(t), c.tp, c.fp, c.fn, c.neutral))
	}
	return rows
}
