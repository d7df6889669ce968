package resolvers

import (
	"context"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/resolvers/internal/model"
)

// relay turns the store's events into a subscription's: each event that
// convert does not skip (nil), until the events end (the subscriber fell
// behind) or the client goes.
func relay[T any](ctx context.Context, events <-chan graph.DocumentEvent, convert func(graph.DocumentEvent) *T) <-chan *T {
	out := make(chan *T)
	go func() {
		defer close(out)
		for e := range events {
			v := convert(e)
			if v == nil {
				continue
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// modelDocumentEvent maps a store event to the schema's DocumentEvent.
func modelDocumentEvent(e graph.DocumentEvent) *model.DocumentEvent {
	return &model.DocumentEvent{
		Kind: model.DocumentEventKind(e.Kind), File: e.File,
		Relations: e.Relations, Mentions: e.Mentions, RelationsBefore: e.RelationsBefore, MentionsBefore: e.MentionsBefore,
		Entities: changedEntities(e.Entities),
	}
}
