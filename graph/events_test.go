package graph_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/graph/graphtest"
	"github.com/medkg/medkg/graph/kg"
)

// next reads one event, or fails after a while.
func next(t *testing.T, ch <-chan graph.DocumentEvent) graph.DocumentEvent {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("the events closed")
		}
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	return graph.DocumentEvent{}
}

// Every write tells the subscribers what it did to which document, once
// the index answers with it; a write that changes nothing tells nothing.
func TestSubscribe(t *testing.T) {
	s := graphtest.Open(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := s.Index(ctx); err != nil { // an index the writes keep current
		t.Fatal(err)
	}
	events := s.Subscribe(ctx)

	ex := graphtest.Synthetic(1)
	if _, err := s.Update(ctx, ex); err != nil {
		t.Fatal(err)
	}
	e := next(t, events)
	if e.Kind != graph.Ingested || e.File != ex.Doc.File || e.Relations != len(ex.Relations) || e.Mentions != len(ex.Mentions) ||
		e.RelationsBefore != 0 || len(e.Entities) < len(ex.Entities) || e.Generation != s.Generation() {
		t.Errorf("ingest: %+v", e)
	}
	for _, ent := range ex.Entities {
		if !slices.Contains(e.Entities, ent.EntityRef) {
			t.Errorf("ingest: %v not among the entities", ent.EntityRef)
		}
	}
	x, err := s.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := x.Document(ex.Doc.File); !ok {
		t.Error("the index does not answer with the document the event names")
	}

	if _, err := s.Update(ctx, ex); err != nil { // the same again: no change
		t.Fatal(err)
	}
	smaller := graphtest.Synthetic(1)
	smaller.Relations = smaller.Relations[:5]
	if _, err := s.Update(ctx, smaller); err != nil {
		t.Fatal(err)
	}
	e = next(t, events)
	if e.Kind != graph.Replaced || e.Relations != 5 || e.RelationsBefore != len(ex.Relations) {
		t.Errorf("replace (the same text again should have said nothing): %+v", e)
	}

	if _, err := s.Delete(ctx, ex.Doc.File); err != nil {
		t.Fatal(err)
	}
	e = next(t, events)
	hospital := ex.Relations[0].From
	if e.Kind != graph.Deleted || e.Relations != 0 || e.RelationsBefore != 5 || !slices.Contains(e.Entities, hospital) ||
		!slices.IsSortedFunc(e.Entities, kg.CompareRefs) {
		t.Errorf("delete: %+v", e)
	}
	select {
	case e := <-events:
		t.Errorf("an event too many: %+v", e)
	default:
	}

	cancel()
	select {
	case _, ok := <-events:
		if ok {
			t.Error("an event after the subscriber left")
		}
	case <-time.After(10 * time.Second):
		t.Error("the events did not close when the subscriber left")
	}
}

// A subscriber that reads nothing is dropped rather than slowing the
// writes.
func TestSlowSubscriberIsDropped(t *testing.T) {
	s := graphtest.OpenBackend(t, "memstore")
	ctx := context.Background()
	slow := s.Subscribe(ctx)
	for i := range 300 {
		if _, err := s.Update(ctx, graphtest.Synthetic(i)); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for range slow {
		n++
	}
	if n != 256 {
		t.Errorf("%d events before the slow subscriber was dropped, want 256", n)
	}
}
