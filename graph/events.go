package graph

import (
	"context"
	"slices"
	"sync"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// Document events: every write this process makes tells the subscribers
// which documents it ingested, replaced or deleted, once the index answers
// with it, so that a page showing the graph can follow it.

// EventKind is what a write did to a document.
type EventKind string

const (
	Ingested EventKind = "INGESTED" // the store did not hold the document
	Replaced EventKind = "REPLACED" // a new version took the old one's place
	Deleted  EventKind = "DELETED"
)

// DocumentEvent is one document a write changed.
type DocumentEvent struct {
	Kind EventKind
	File string
	// Relations and Mentions count the statements of the version the
	// store holds now (0 after a delete), Before those of the version it
	// replaced or deleted (0 for a new document).
	Relations, Mentions             int
	RelationsBefore, MentionsBefore int
	// Entities are the entities the new or the old version names, by
	// kind and name.
	Entities []kg.EntityRef
	// Generation is the store's generation with the write (Generation).
	Generation uint64
}

// subscriberBuffer is how many events a subscriber may be behind; one
// further behind is dropped (its channel closed), so that no reader slows
// a write.
const subscriberBuffer = 256

// broker fans events out to subscribers.
type broker struct {
	mu   sync.Mutex
	subs map[chan DocumentEvent]struct{}
}

// Subscribe returns the events of the writes this process makes from now
// on, until ctx ends or the subscriber falls more than 256 events behind;
// then the channel is closed. A write by another process sharing the
// database is not among them.
func (s *Store) Subscribe(ctx context.Context) <-chan DocumentEvent {
	ch := make(chan DocumentEvent, subscriberBuffer)
	b := &s.events
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[chan DocumentEvent]struct{}{}
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, ok := b.subs[ch]; ok {
			delete(b.subs, ch)
			close(ch)
		}
	}()
	return ch
}

// listened reports whether anyone subscribes, so that a write makes no
// events for nobody.
func (b *broker) listened() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs) > 0
}

// publish sends events to every subscriber without waiting.
func (b *broker) publish(events []DocumentEvent) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		for _, e := range events {
			select {
			case ch <- e:
			default: // too far behind: it must subscribe again
				delete(b.subs, ch)
				close(ch)
			}
			if _, ok := b.subs[ch]; !ok {
				break
			}
		}
	}
}

// documentEvents makes the events of a write that removed the summaries
// del and added add.
func documentEvents(del, add []*index.Summary, gen uint64) []DocumentEvent {
	old := make(map[string]*index.Summary, len(del))
	for _, d := range del {
		old[d.File] = d
	}
	var out []DocumentEvent
	event := func(kind EventKind, file string, before, now *index.Summary) {
		e := DocumentEvent{Kind: kind, File: file, Generation: gen}
		var refs []kg.EntityRef
		for _, sum := range []*index.Summary{before, now} {
			if sum == nil {
				continue
			}
			for _, ent := range sum.Entities {
				refs = append(refs, ent.EntityRef)
			}
		}
		if before != nil {
			e.RelationsBefore, e.MentionsBefore = len(before.Links), len(before.Mentions)
		}
		if now != nil {
			e.Relations, e.Mentions = len(now.Links), len(now.Mentions)
		}
		slices.SortFunc(refs, kg.CompareRefs)
		e.Entities = slices.Compact(refs)
		out = append(out, e)
	}
	added := make(map[string]bool, len(add))
	for _, a := range add {
		added[a.File] = true
		if before, ok := old[a.File]; ok {
			event(Replaced, a.File, before, a)
		} else {
			event(Ingested, a.File, nil, a)
		}
	}
	for _, d := range del {
		if !added[d.File] {
			event(Deleted, d.File, d, nil)
		}
	}
	return out
}
