package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/cayleygraph/cayley/graph/path"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// VerifyIndex checks the index the writes keep (or read from a snapshot)
// against the store: against an index read afresh from the documents'
// summaries, and against the quads
// themselves, read by Cayley paths (every entity of every kind, every
// relation of every entity, every document, and each document's text:
// its hash, and that every span of evidence lies within it). It returns every difference
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
	if !slices.Equal(x.Files(), fresh.Files()) {
		diff("documents", x.Files(), fresh.Files())
	}
	for _, f := range x.Files() {
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
	if len(files) != len(x.Files()) {
		diff("document count", len(x.Files()), fmt.Sprintf("%d in the quads", len(files)))
	}
	for _, rel := range kg.RelationTypes {
		if !slices.Equal(x.Links(rel), fresh.Links(rel)) {
			diff(string(rel)+" links", len(x.Links(rel)), fmt.Sprintf("%d read afresh", len(fresh.Links(rel))))
		}
	}
	ends := make(map[int32]int32) // the end of each document's last span
	for _, kind := range kg.Kinds {
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
			if err := s.verifyEntity(ctx, x, fresh, ref, ends, diff); err != nil {
				return err
			}
		}
	}
	if err := s.verifyTexts(ctx, x, ends, diff); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// verifyTexts checks that every document has its text, that the text is
// the one its hash names, and that it is long enough for every span the
// index cuts from it (ends). Called with the read lock held.
func (s *Store) verifyTexts(ctx context.Context, x *index.Index, ends map[int32]int32, diff func(string, any, any)) error {
	for _, f := range x.Files() {
		doc := documentIRI(f)
		texts, err := s.strings(ctx, doc, predText)
		if err != nil {
			return err
		}
		sums, err := s.strings(ctx, doc, predSHA256)
		if err != nil {
			return err
		}
		if len(texts) != 1 || len(sums) != 1 {
			diff("document "+f+" text", "one text and its hash", fmt.Sprintf("%d texts and %d hashes in the quads", len(texts), len(sums)))
			continue
		}
		sum := sha256.Sum256([]byte(texts[0]))
		if hex.EncodeToString(sum[:]) != sums[0] {
			diff("document "+f+" text", sums[0], "a text of another hash in the quads")
		}
		id, _ := x.DocID(f)
		if n := utf8.RuneCountInString(texts[0]); int(ends[id]) > n {
			diff("document "+f+" spans", fmt.Sprintf("a span ending at %d", ends[id]), fmt.Sprintf("a text of %d characters", n))
		}
	}
	return nil
}

func equalDocs(a, b kg.Document) bool {
	return a.File == b.File && a.Title == b.Title && a.Date == b.Date && slices.Equal(a.Items, b.Items)
}

// verifyEntity checks one entity's attributes, relations and evidence.
// Called with the read lock held.
func (s *Store) verifyEntity(ctx context.Context, x, fresh *index.Index, ref kg.EntityRef, ends map[int32]int32, diff func(string, any, any)) error {
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
	if n := x.MentionCount(ref); n != fresh.MentionCount(ref) {
		diff(fmt.Sprint(ref)+" mentions", n, fmt.Sprintf("%d read afresh", fresh.MentionCount(ref)))
	}
	for _, r := range x.MentionsOf(ref) {
		ends[r.Doc] = max(ends[r.Doc], r.End)
	}
	if !slices.Equal(refPlaces(x, x.MentionsOf(ref)), refPlaces(fresh, fresh.MentionsOf(ref))) {
		diff(fmt.Sprint(ref)+" mention places", refPlaces(x, x.MentionsOf(ref)), "read afresh: "+fmt.Sprint(refPlaces(fresh, fresh.MentionsOf(ref))))
	}
	if x.DocumentCount(ref) != fresh.DocumentCount(ref) {
		diff(fmt.Sprint(ref)+" documents", x.DocumentCount(ref), fmt.Sprintf("%d read afresh", fresh.DocumentCount(ref)))
	}
	for _, rel := range kg.RelationTypes {
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
			l := kg.Link{Type: rel, From: ref, To: to}
			if !slices.Equal(refPlaces(x, x.EvidenceOf(l)), refPlaces(fresh, fresh.EvidenceOf(l))) {
				diff(fmt.Sprint(l)+" evidence places", refPlaces(x, x.EvidenceOf(l)), "read afresh: "+fmt.Sprint(refPlaces(fresh, fresh.EvidenceOf(l))))
			}
			if n := x.EvidenceCount(l); n != fresh.EvidenceCount(l) || !equalSupport(x.Support(l), fresh.Support(l)) {
				diff(fmt.Sprint(l)+" evidence", n, fmt.Sprintf("%d read afresh; support %+v read afresh %+v", fresh.EvidenceCount(l), x.Support(l), fresh.Support(l)))
			}
			for _, r := range x.EvidenceOf(l) {
				ends[r.Doc] = max(ends[r.Doc], r.End)
			}
		}
	}
	return nil
}

func equalSupport(a, b index.Support) bool {
	return a.Documents == b.Documents && a.Items == b.Items && a.FirstDate == b.FirstDate &&
		a.LastDate == b.LastDate && a.Confidence == b.Confidence && slices.Equal(a.Methods, b.Methods)
}

func equalEntities(a, b kg.Entity) bool {
	return a.EntityRef == b.EntityRef && slices.Equal(a.Aliases, b.Aliases) &&
		a.Category == b.Category && a.Level == b.Level && a.Code == b.Code
}

// refPlaces names where refs are: file, item and span, in order.
func refPlaces(x *index.Index, refs []index.EvidenceRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = fmt.Sprintf("%s#%d:%d-%d", x.Doc(r.Doc).File, r.Item, r.Start, r.End)
	}
	return out
}
