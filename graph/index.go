package graph

import (
	"context"
	"crypto/sha256"
	"fmt"
	"runtime"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph/index"
)

// Generation returns a number that grows whenever a write changes the
// store, so that what was read from the store can be kept until it changes.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Index returns the index of the store as it is now. The first call reads
// every document's summary from the store (concurrent callers share the
// read); later calls return the index the writes have kept up to date, or
// read it again if a write failed or ran while it was read.
//
// The read does not stop when ctx ends: a caller that gives up (a request
// past its timeout) gets ctx's error, and the read goes on for the next
// callers.
func (s *Store) Index(ctx context.Context) (*index.Index, error) {
	if x := s.currentIndex(); x != nil {
		return x, nil
	}
	return s.buildIndex(ctx)
}

// currentIndex returns the index if it is of the store as it is now, or
// nil; it never reads the store.
func (s *Store) currentIndex() *index.Index {
	if x := s.current.Load(); x != nil && x.Generation == s.gen.Load() {
		return x
	}
	return nil
}

// buildIndex is Index when the index is not current.
func (s *Store) buildIndex(ctx context.Context) (*index.Index, error) {
	s.imu.Lock()
	gen := s.gen.Load()
	if x := s.current.Load(); x != nil && x.Generation == gen {
		s.imu.Unlock()
		return x, nil
	}
	b := s.building
	if b == nil || b.gen != gen {
		b = &indexBuild{gen: gen, done: make(chan struct{})}
		s.building = b
		go s.runBuild(context.WithoutCancel(ctx), b)
	}
	s.imu.Unlock()
	select {
	case <-b.done:
		if b.err != nil {
			return nil, fmt.Errorf("index: %w", b.err)
		}
		return b.x, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("index: %w", ctx.Err())
	}
}

// indexBuild is a read of the index in progress, or done.
type indexBuild struct {
	gen  uint64 // the generation it was started at
	done chan struct{}
	x    *index.Index
	err  error
}

// runBuild reads the index and keeps it, unless a newer one is kept
// already.
func (s *Store) runBuild(ctx context.Context, b *indexBuild) {
	// The index is read from Cayley, which must hold every document.
	err := s.writeOut()
	var x *index.Index
	if err == nil {
		x, err = s.readIndex(ctx)
	}
	s.imu.Lock()
	if cur := s.current.Load(); err == nil && (cur == nil || x.Generation >= cur.Generation) {
		s.current.Store(x)
	}
	if s.building == b {
		s.building = nil
	}
	s.imu.Unlock()
	b.x, b.err = x, err
	close(b.done)
}

// readIndex reads every summary on the hub and applies them to the empty
// index. The generation is read first, so a write during the read makes
// the next Index read again.
func (s *Store) readIndex(ctx context.Context) (*index.Index, error) {
	x, miss := s.snapshotIndex(ctx)
	if x != nil {
		return x, nil
	}
	x, err := s.readSummaryIndex(ctx)
	if x != nil {
		x.SetSnapshotMiss(miss)
	}
	return x, err
}

// readSummaryIndex reads the index from the summaries, never from a
// snapshot.
func (s *Store) readSummaryIndex(ctx context.Context) (*index.Index, error) {
	// Three stages run side by side: one goroutine reads the literals
	// (under the read lock), workers decode them in chunks, and apply
	// counts them in the order they were read.
	type decoded struct {
		sums []*index.Summary
		err  error
	}
	chunks := make(chan chan decoded, 64)
	workers := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1))
	gen := make(chan uint64, 1)
	var readErr error
	go func() {
		defer close(chunks)
		readErr = s.readSummaries(ctx, gen, func(texts []summaryText) {
			ch := make(chan decoded, 1)
			chunks <- ch
			workers <- struct{}{}
			go func() {
				defer func() { <-workers }()
				var r decoded
				for _, t := range texts {
					d, err := index.DecodeSummary(t.text)
					if err != nil {
						r.err = fmt.Errorf("summary of %v: %w", t.label, err)
						break
					}
					r.sums = append(r.sums, d)
				}
				ch <- r
			}()
		})
	}()
	all := func(yield func(*index.Summary, error) bool) {
		files := make(map[string]bool)
		for ch := range chunks {
			r := <-ch
			if r.err != nil {
				yield(nil, r.err)
				return
			}
			for _, d := range r.sums {
				if files[d.File] {
					continue // two versions (a crash between them): the first counts
				}
				files[d.File] = true
				if !yield(d, nil) {
					return
				}
			}
		}
	}
	x, err := index.Empty().Apply(0, nil, all)
	for range chunks { // after an error: let the reader finish
	}
	if err != nil {
		return nil, err
	}
	if readErr != nil {
		return nil, readErr
	}
	x.Generation = <-gen
	return x, nil
}

type summaryText struct {
	label quad.Value
	text  string
}

// readSummaries reads the summary literals on the hub with one prefix scan,
// and hands them to emit in chunks, in order. It sends the store's
// generation to gen first.
func (s *Store) readSummaries(ctx context.Context, gen chan<- uint64, emit func([]summaryText)) error {
	if s.memstore() {
		s.mu.Lock() // see Export
		defer s.mu.Unlock()
	} else {
		defer s.rlock()()
	}
	gen <- s.gen.Load()
	const chunk = 128
	var batch []summaryText
	if hub := s.qs.ValueOf(summaryHub); hub != nil {
		it := s.qs.QuadIterator(quad.Subject, hub)
		defer it.Close()
		for it.Next(ctx) {
			q := s.qs.Quad(it.Result())
			if q.Predicate != predSummary {
				continue
			}
			str, ok := q.Object.(quad.String)
			if !ok {
				return fmt.Errorf("summary of %v: %w: %v", q.Label, errBadValue, q.Object)
			}
			batch = append(batch, summaryText{q.Label, string(str)})
			if len(batch) == chunk {
				emit(batch)
				batch = nil
			}
		}
		if err := it.Err(); err != nil {
			return err
		}
	}
	if len(batch) > 0 {
		emit(batch)
	}
	return ctx.Err()
}

// changed is called by every write after it ran: it moves the index the
// writes keep (if there is one, at the generation before the write) to the
// next generation, with the summaries the write removed (del) and added
// (add). After a failed write (ok false) the index is dropped: the next
// Index reads it again from what the store holds.
func (s *Store) changed(del, add []*index.Summary, ok bool) {
	s.imu.Lock()
	defer s.imu.Unlock()
	gen := s.gen.Load()
	var next *index.Index
	if cur := s.current.Load(); ok && cur != nil && cur.Generation == gen {
		if x, err := cur.Apply(gen+1, del, index.Summaries(add)); err == nil {
			next = x
		}
	}
	s.current.Store(next)
	gen = s.gen.Add(1)
	if ok && len(del)+len(add) > 0 && s.events.listened() {
		s.events.publish(documentEvents(del, add, gen))
	}
}

// Refresh reads the index again if the store's summaries changed since the
// last Refresh: for a database that other processes write too (kg load
// into the PostgreSQL database a kg serve reads), whose writes this
// process's index does not see. Readers go on with the index they have
// until the new one is read. The first call only notes the summaries: make
// it before the first Index, so that no write between the two is missed.
// It reports whether it read the index again.
//
// The store's own writes keep the noted print up to date (notePrint), so
// they do not make Refresh read the index again: on a shared database a
// server that takes documents in does not read its whole index every
// interval.
func (s *Store) Refresh(ctx context.Context) (bool, error) {
	fp, err := s.summaryPrint(ctx)
	if err != nil {
		return false, fmt.Errorf("refresh index: %w", err)
	}
	s.imu.Lock()
	first, same := s.printed == nil, s.printed != nil && *s.printed == fp
	s.printed = &fp
	s.imu.Unlock()
	if first || same {
		return false, nil
	}
	x, err := s.readIndex(ctx)
	if err != nil {
		return false, fmt.Errorf("refresh index: %w", err)
	}
	s.imu.Lock()
	if cur := s.current.Load(); cur == nil || x.Generation >= cur.Generation {
		s.current.Store(x)
	}
	s.imu.Unlock()
	return true, nil
}

// summaryPrint is the print of the set of summary quads: the XOR of a
// hash of each one's ref, so that a document written, changed or deleted
// changes it, and a write's own summaries can be XORed in and out of it
// (notePrint).
func (s *Store) summaryPrint(ctx context.Context) (print [32]byte, err error) {
	defer s.rlock()()
	if hub := s.qs.ValueOf(summaryHub); hub != nil {
		it := s.qs.QuadIterator(quad.Subject, hub)
		defer it.Close()
		for it.Next(ctx) {
			xorPrint(&print, it.Result().Key())
		}
		if err := it.Err(); err != nil {
			return print, err
		}
	}
	return print, ctx.Err()
}

func xorPrint(print *[32]byte, key any) {
	h := sha256.Sum256([]byte(fmt.Sprint(key)))
	for i := range print {
		print[i] ^= h[i]
	}
}

// notePrint XORs the summary quads among gone and added, which a write of
// this process removed from and added to the store, out of and into the
// print the last Refresh noted. Only the SQL backends (the ones Refresh is
// for) have refs that are known without asking the store: hashes of the
// quad's values. Called after a write succeeded, with wmu held.
func (s *Store) notePrint(gone, added []quad.Quad) {
	if !s.caps.Shared {
		return
	}
	s.imu.Lock()
	defer s.imu.Unlock()
	if s.printed == nil {
		return
	}
	for _, qs := range [][]quad.Quad{gone, added} {
		for _, q := range qs {
			if q.Subject != summaryHub || q.Predicate != predSummary {
				continue
			}
			xorPrint(s.printed, cgraph.QuadHash{
				Subject: cgraph.HashOf(q.Subject), Predicate: cgraph.HashOf(q.Predicate),
				Object: cgraph.HashOf(q.Object), Label: cgraph.HashOf(q.Label),
			}.Key())
		}
	}
}
