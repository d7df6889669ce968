package graph

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"
)

// VerifyIndex checks the index the writes keep (or read from a snapshot)
// against the store: against an index read afresh from the documents'
// summaries, and against the quads
// themselves, read by Cayley paths (every entity of every kind, every
// relation of every entity, the number of evidence nodes of every link and
// of every entity's mentions, every document). It returns every difference
// it finds, joined. It reads the whole graph one entity at a time: for
// tests and for checking a store after a crash, not for serving.
func (s *Store) VerifyIndex(ctx context.Context) error {
	x, err := s.Index(ctx)
	if err != nil {
		return err
	}
	if err := s.writeOut(); err != nil { // the quads below are Cayley's
		return err
	}
	fresh, err := s.readSummaryIndex(ctx)
	if err != nil {
		return err
	}
	var errs []error
	diff := func(what string, kept, other any) {
		errs = append(errs, fmt.Errorf("%s: index %v, %v", what, kept, other))
	}
	if !slices.Equal(x.files, fresh.files) {
		diff("documents", x.files, fresh.files)
	}
	for _, f := range x.files {
		a, _ := x.Document(f)
		b, _ := fresh.Document(f)
		if !equalDocs(a, b) {
			diff("document "+f, a, b)
		}
	}
	defer s.rlock()()
	files, err := s.values(ctx, path.StartPath(s.qs, classDocument).In(predType).Out(predFile))
	if err != nil {
		return err
	}
	if len(files) != len(x.files) {
		diff("document count", len(x.files), fmt.Sprintf("%d in the quads", len(files)))
	}
	for _, rel := range RelationTypes {
		if !slices.Equal(x.Links(rel), fresh.Links(rel)) {
			diff(string(rel)+" links", len(x.Links(rel)), fmt.Sprintf("%d read afresh", len(fresh.Links(rel))))
		}
	}
	for _, kind := range Kinds {
		if !slices.Equal(x.Refs(kind), fresh.Refs(kind)) {
			diff(string(kind)+" entities", x.Refs(kind), fmt.Sprintf("%v read afresh", fresh.Refs(kind)))
		}
		vs, err := s.values(ctx, path.StartPath(s.qs, classIRI(kind)).In(predType))
		if err != nil {
			return err
		}
		if refs := entityRefs(vs); !slices.Equal(x.Refs(kind), refs) {
			diff(string(kind)+" entities", x.Refs(kind), fmt.Sprintf("%v in the quads", refs))
		}
		for _, ref := range x.Refs(kind) {
			if err := s.verifyEntity(ctx, x, fresh, ref, diff); err != nil {
				return err
			}
		}
	}
	return errors.Join(errs...)
}

func equalDocs(a, b Document) bool {
	return a.File == b.File && a.Title == b.Title && a.Date == b.Date && slices.Equal(a.Items, b.Items)
}

// verifyEntity checks one entity's attributes, relations and evidence.
// Called with the read lock held.
func (s *Store) verifyEntity(ctx context.Context, x, fresh *Index, ref EntityRef, diff func(string, any, any)) error {
	e, _ := x.Entity(ref)
	f, _ := fresh.Entity(ref)
	if !equalEntities(e, f) {
		diff(fmt.Sprint(ref), e, fmt.Sprintf("%v read afresh", f))
	}
	iri := entityIRI(ref)
	aliases, err := s.strings(ctx, iri, predAlias)
	if err != nil {
		return err
	}
	aliases = slices.DeleteFunc(aliases, func(a string) bool { return a == ref.Name })
	if !slices.Equal(e.Aliases, aliases) && len(e.Aliases)+len(aliases) > 0 {
		diff(fmt.Sprint(ref)+" aliases", e.Aliases, fmt.Sprintf("%v in the quads", aliases))
	}
	mentions, err := s.values(ctx, path.StartPath(s.qs, iri).In(predSubject).
		Has(predPredicate, predType).Has(predObject, classIRI(ref.Kind)))
	if err != nil {
		return err
	}
	if n := x.MentionCount(ref); n != len(mentions) || n != fresh.MentionCount(ref) {
		diff(fmt.Sprint(ref)+" mentions", n, fmt.Sprintf("%d read afresh, %d in the quads", fresh.MentionCount(ref), len(mentions)))
	}
	if !slices.Equal(x.refPlaces(x.mentionsOf(ref)), fresh.refPlaces(fresh.mentionsOf(ref))) {
		diff(fmt.Sprint(ref)+" mention places", x.refPlaces(x.mentionsOf(ref)), "read afresh: "+fmt.Sprint(fresh.refPlaces(fresh.mentionsOf(ref))))
	}
	if x.DocumentCount(ref) != fresh.DocumentCount(ref) {
		diff(fmt.Sprint(ref)+" documents", x.DocumentCount(ref), fmt.Sprintf("%d read afresh", fresh.DocumentCount(ref)))
	}
	methods := make(map[quad.Value]Method) // of the evidence nodes of its relations
	for _, rel := range RelationTypes {
		pred, _ := relationPredicate(rel)
		vs, err := s.values(ctx, path.StartPath(s.qs, iri).Out(pred))
		if err != nil {
			return err
		}
		out := entityRefs(vs)
		if !slices.Equal(x.Out(ref, rel), out) || !slices.Equal(x.Out(ref, rel), fresh.Out(ref, rel)) {
			diff(fmt.Sprintf("%v %s", ref, rel), x.Out(ref, rel), fmt.Sprintf("%v read afresh, %v in the quads", fresh.Out(ref, rel), out))
		}
		vs, err = s.values(ctx, path.StartPath(s.qs, iri).In(pred))
		if err != nil {
			return err
		}
		if in := entityRefs(vs); !slices.Equal(x.In(ref, rel), in) {
			diff(fmt.Sprintf("%s to %v", rel, ref), x.In(ref, rel), fmt.Sprintf("%v in the quads", in))
		}
		for _, to := range out {
			l := Link{Type: rel, From: ref, To: to}
			evs, err := s.values(ctx, path.StartPath(s.qs, iri).In(predSubject).
				Has(predPredicate, pred).Has(predObject, entityIRI(to)))
			if err != nil {
				return err
			}
			if !slices.Equal(x.refPlaces(x.evidenceOf(l)), fresh.refPlaces(fresh.evidenceOf(l))) {
				diff(fmt.Sprint(l)+" evidence places", x.refPlaces(x.evidenceOf(l)), "read afresh: "+fmt.Sprint(fresh.refPlaces(fresh.evidenceOf(l))))
			}
			if n := x.EvidenceCount(l); n != len(evs) || !equalSupport(x.Support(l), fresh.Support(l)) {
				diff(fmt.Sprint(l)+" evidence", n, fmt.Sprintf("%d in the quads; support %+v read afresh %+v", len(evs), x.Support(l), fresh.Support(l)))
			}
			for _, r := range x.evidenceOf(l) {
				methods[evidenceIRI(x.docs[r.Doc].File, iri, pred, entityIRI(to), int(r.Start), int(r.End))] = r.method()
			}
		}
	}
	return s.verifyMethods(ctx, ref, methods, diff)
}

// verifyMethods checks that each evidence node of an entity's relations
// has in the quads the method the index gives it (want). A node written
// before methods were recorded has none, and is MethodUnknown in the
// index. One query for all the nodes, which it starts from: a path that
// ended in Out(predMethod) would scan every method quad.
func (s *Store) verifyMethods(ctx context.Context, ref EntityRef, want map[quad.Value]Method, diff func(string, any, any)) error {
	if len(want) == 0 {
		return nil
	}
	got := make(map[quad.Value]quad.Value, len(want))
	err := s.tagPairs(ctx, path.StartPath(s.qs, slices.Collect(maps.Keys(want))...).Tag("from").Out(predMethod), func(from, v quad.Value) {
		got[from] = v
	})
	if err != nil {
		return err
	}
	for node, m := range want {
		v, ok := got[node]
		if (ok || m != MethodUnknown) && v != quad.String(m) {
			diff(fmt.Sprintf("%v evidence %v method", ref, node), m, fmt.Sprintf("%v in the quads", v))
		}
	}
	return nil
}

func equalSupport(a, b Support) bool {
	return a.Documents == b.Documents && a.Items == b.Items && a.FirstDate == b.FirstDate &&
		a.LastDate == b.LastDate && a.Confidence == b.Confidence && slices.Equal(a.Methods, b.Methods)
}

func equalEntities(a, b Entity) bool {
	return a.EntityRef == b.EntityRef && slices.Equal(a.Aliases, b.Aliases) &&
		a.Category == b.Category && a.Level == b.Level && a.Code == b.Code
}

// refPlaces names where refs are: file, item and span, in order.
func (x *Index) refPlaces(refs []EvidenceRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = fmt.Sprintf("%s#%d:%d-%d", x.docs[r.Doc].File, r.Item, r.Start, r.End)
	}
	return out
}
