package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/medkg/medkg/graph/index"
)

// How a served bolt or leveldb store takes in a new document in
// milliseconds. Cayley writes a document's ~3,200 quads into a large kv
// store in 0.2–1.7 s (BENCHMARKS.md, benchmark 6): each quad touches
// random pages of its indexes, and the commit syncs them. So a new
// document, written while the index is current, instead
//
//  1. is appended to the journal beside the store (journal.go) and synced:
//     from here on a crash does not lose it;
//  2. is applied to the index, so every read sees it, and its snippets are
//     held in memory for evidence reads until Cayley has them;
//  3. is written to Cayley by a background writer, together with whatever
//     other documents came in meanwhile, in one transaction;
//  4. leaves the journal once Cayley holds it.
//
// Everything that reads or changes Cayley's quads directly (a changed or
// deleted document, a bulk write, export, check, reading the index afresh,
// Close) first writes the queue out, so it sees the whole store. Open
// writes out what a crash left in the journal.
//
// Only new documents take this path: Cayley's quad writer adds a new
// document's quads without looking each up (its label node is new), so
// the background write cannot collide with anything; the index says which
// documents are new without asking Cayley, which the background writer may
// hold locked.
const (
	// pendingMaxQuads bounds the quads taken in and not yet in Cayley:
	// about 16 generated documents, which Cayley writes into a
	// 10,000-document bolt store in some 10–15 s (it gains nothing from
	// bigger batches there: the cost is pages written, BENCHMARKS.md).
	// Past it a write waits for the queue to be written out, as every
	// write did before the queue; so does a change or delete, and Close.
	pendingMaxQuads = 50_000
	// flushMaxQuads bounds one background write: under the kv quad
	// writer's 200,000 quads a transaction, so that it is all or nothing.
	flushMaxQuads = 190_000
)

// ingestQueue is the new documents taken in and not yet in Cayley.
type ingestQueue struct {
	jr *journal

	// fmu serialises writing the queue out, and guards leftover: the
	// newest journal segment written out that could not be removed.
	fmu      sync.Mutex
	leftover int

	// pmu guards the fields below it.
	pmu     sync.Mutex
	pending []*pendingDoc       // oldest first
	quads   int                 // quads in pending
	next    uint64              // number of the next document taken in
	texts   map[quad.IRI]string // of pending documents, by document IRI

	wake    chan struct{} // a document came in
	stop    chan struct{} // Close: the background writer stops
	stopped chan struct{}
}

// pendingDoc is a document in the queue.
type pendingDoc struct {
	n     uint64 // taken in n-th
	seg   int    // journal segment
	quads []quad.Quad
	doc   quad.IRI // its IRI, the key of its text in texts
}

// newDoc is a new document's quads and summary.
type newDoc struct {
	file  string
	quads []quad.Quad
	sum   *index.Summary
}

// openIngest writes out what the journal in the store's folder holds
// and starts the store's ingest queue. Called by Open for bolt and
// leveldb.
func (s *Store) openIngest(ctx context.Context) error {
	jr, segs, err := openJournal(s.path)
	if err != nil {
		return err
	}
	if err := s.replayJournal(ctx, segs); err != nil {
		return err
	}
	if len(segs) > 0 {
		if err := jr.removeUpTo(jr.seg - 1); err != nil {
			return err
		}
	}
	q := &ingestQueue{
		jr:      jr,
		texts:   map[quad.IRI]string{},
		wake:    make(chan struct{}, 1),
		stop:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	s.ingest = q
	go s.runWriter(q)
	return nil
}

// replayJournal writes to Cayley the documents of the journal segments
// that it does not hold: those taken in before a crash and not written
// out. A record cut short at the end of a segment was never acknowledged
// and is left out.
func (s *Store) replayJournal(ctx context.Context, segs []string) error {
	var batch []quad.Quad
	seen := map[quad.Value]bool{}
	write := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.bulkWrite(batch)
		s.changed(nil, nil, false)
		batch = batch[:0]
		return err
	}
	for _, seg := range segs {
		err := readJournalSegment(seg, func(quads []quad.Quad) error {
			if len(quads) == 0 {
				return errors.New("record without quads")
			}
			doc, ok := quads[0].Label.(quad.IRI)
			if !ok || !strings.HasPrefix(string(doc), string(documentIRI(""))) {
				return fmt.Errorf("record of %v, not of a document", quads[0].Label)
			}
			if seen[doc] || s.qs.ValueOf(doc) != nil {
				return nil // written out before the crash
			}
			seen[doc] = true
			if len(batch) > 0 && len(batch)+len(quads) > flushMaxQuads {
				if err := write(); err != nil {
					return err
				}
			}
			batch = append(batch, quads...)
			return nil
		})
		if err != nil && !errors.Is(err, errTornRecord) {
			return fmt.Errorf("%w; move the file away to open the store without the documents in it", err)
		}
	}
	if err := write(); err != nil {
		return fmt.Errorf("journal: write out: %w", err)
	}
	return ctx.Err()
}

// journalPut takes docs in through the queue if it can: the store has a
// queue, its index is current, none of docs is in it, and the queue has
// room. Otherwise it does nothing and returns false. Called with wmu held.
func (s *Store) journalPut(docs []newDoc) (bool, error) {
	q := s.ingest
	if q == nil || len(docs) == 0 {
		return false, nil
	}
	x := s.currentIndex()
	if x == nil {
		return false, nil
	}
	n := 0
	seen := make(map[string]bool, len(docs))
	for _, d := range docs {
		if _, ok := x.DocID(d.file); ok || seen[d.file] {
			return false, nil
		}
		seen[d.file] = true
		n += len(d.quads)
	}
	q.pmu.Lock()
	room := q.quads+n <= pendingMaxQuads
	q.pmu.Unlock()
	if !room {
		return false, nil
	}
	recs := make([][]byte, len(docs))
	for i, d := range docs {
		rec, err := journalRecord(d.quads)
		if err != nil {
			return true, fmt.Errorf("%s: %w", d.file, err)
		}
		recs[i] = rec
	}

	q.jr.mu.Lock()
	seg, err := q.jr.append(recs...)
	if err != nil {
		q.jr.mu.Unlock()
		return true, err
	}
	q.pmu.Lock()
	for _, d := range docs {
		p := &pendingDoc{n: q.next, seg: seg, quads: d.quads}
		q.next++
		for _, qd := range d.quads {
			if qd.Predicate != predText {
				continue
			}
			iri, ok1 := qd.Subject.(quad.IRI)
			str, ok2 := qd.Object.(quad.String)
			if ok1 && ok2 {
				q.texts[iri] = string(str) // a newer version of the document replaces an older one
				p.doc = iri
			}
		}
		q.pending = append(q.pending, p)
		q.quads += len(d.quads)
	}
	q.pmu.Unlock()
	q.jr.mu.Unlock()

	sums := make([]*index.Summary, len(docs))
	for i, d := range docs {
		sums[i] = d.sum
	}
	s.changed(nil, sums, true)
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return true, nil
}

// runWriter is the background writer: it writes the queue out whenever
// documents come in. After a failure it tries again a second later; every
// write that needs the queue written out tries too, and returns the error.
func (s *Store) runWriter(q *ingestQueue) {
	defer close(q.stopped)
	for {
		select {
		case <-q.stop:
			return
		case <-q.wake:
		}
		for {
			more, err := s.flushPending()
			if err != nil {
				select {
				case <-q.stop:
					return
				case <-time.After(time.Second):
				}
				continue
			}
			if !more {
				break
			}
		}
	}
}

// flushPending writes the oldest pending documents, up to flushMaxQuads
// quads, to Cayley in one transaction, then drops them from the queue and
// the journal. It reports whether documents are still pending.
func (s *Store) flushPending() (more bool, err error) {
	q := s.ingest
	q.fmu.Lock()
	defer q.fmu.Unlock()

	// Later documents go to later segments, so that the segments of
	// these can go once they are written.
	q.jr.mu.Lock()
	q.pmu.Lock()
	var batch []*pendingDoc
	n := 0
	for _, d := range q.pending {
		if len(batch) > 0 && n+len(d.quads) > flushMaxQuads {
			break
		}
		batch = append(batch, d)
		n += len(d.quads)
	}
	q.pmu.Unlock()
	if len(batch) == 0 {
		q.jr.mu.Unlock()
		if q.leftover > 0 { // a removal failed: a crash would write them again
			if err := q.jr.removeUpTo(q.leftover); err != nil {
				return false, err
			}
			q.leftover = 0
		}
		return false, nil
	}
	upTo, err := q.jr.rotate()
	q.jr.mu.Unlock()
	if err != nil {
		return true, err
	}

	quads := make([]quad.Quad, 0, n)
	for _, d := range batch {
		quads = append(quads, d.quads...)
	}
	// The write lock, on leveldb too, so that a reader holding the read
	// lock sees each document in Cayley or in the queue, never in both
	// (QuadCount).
	s.mu.Lock()
	if err := s.bulkWrite(quads); err != nil {
		if rerr := s.reopenHeld(); rerr != nil {
			err = fmt.Errorf("%w (and then %w)", err, rerr)
		}
		s.mu.Unlock()
		return true, fmt.Errorf("write %d new documents to the store: %w", len(batch), err)
	}
	q.pmu.Lock()
	q.pending = append([]*pendingDoc(nil), q.pending[len(batch):]...)
	for _, d := range batch {
		q.quads -= len(d.quads)
		if d.doc != "" && q.texts[d.doc] == textOf(d.quads) {
			delete(q.texts, d.doc) // unless a newer version is still pending
		}
	}
	keep := upTo + 1 // the oldest segment a pending document is in
	for _, d := range q.pending {
		keep = min(keep, d.seg)
	}
	more = len(q.pending) > 0
	q.pmu.Unlock()
	s.mu.Unlock()
	if err := q.jr.removeUpTo(keep - 1); err != nil {
		q.leftover = keep - 1
		return more, err
	}
	return more, nil
}

// pendingQuads returns how many quads the queue holds.
func (s *Store) pendingQuads() int {
	q := s.ingest
	if q == nil {
		return 0
	}
	q.pmu.Lock()
	defer q.pmu.Unlock()
	return q.quads
}

// writeOut writes the documents pending now to Cayley, waiting for the
// background writer if it is at it, and removes what of the journal is
// written out.
func (s *Store) writeOut() error {
	q := s.ingest
	if q == nil {
		return nil
	}
	q.pmu.Lock()
	last := q.next // documents numbered below it
	q.pmu.Unlock()
	for {
		if _, err := s.flushPending(); err != nil {
			return fmt.Errorf("write out new documents: %w", err)
		}
		q.pmu.Lock()
		done := len(q.pending) == 0 || q.pending[0].n >= last
		q.pmu.Unlock()
		if done {
			return nil
		}
	}
}

// pendingTexts looks documents up among the pending ones: it fills found
// with the texts it has and returns the other documents.
func (s *Store) pendingTexts(docs []quad.Value, found map[quad.Value][]rune) []quad.Value {
	q := s.ingest
	if q == nil {
		return docs
	}
	q.pmu.Lock()
	defer q.pmu.Unlock()
	if len(q.texts) == 0 {
		return docs
	}
	var rest []quad.Value
	for _, v := range docs {
		if iri, ok := v.(quad.IRI); ok {
			if str, ok := q.texts[iri]; ok {
				found[v] = []rune(str)
				continue
			}
		}
		rest = append(rest, v)
	}
	return rest
}

// textOf returns the text among a document's quads.
func textOf(quads []quad.Quad) string {
	for _, qd := range quads {
		if qd.Predicate == predText {
			if str, ok := qd.Object.(quad.String); ok {
				return string(str)
			}
		}
	}
	return ""
}

// closeIngest stops the background writer, writes the queue out and
// closes the journal. Called by Close with wmu held.
func (s *Store) closeIngest() error {
	q := s.ingest
	if q == nil {
		return nil
	}
	select {
	case <-q.stop: // closed before
	default:
		close(q.stop)
	}
	<-q.stopped
	err := s.writeOut()
	if cerr := q.jr.close(); err == nil && cerr != nil {
		err = fmt.Errorf("journal: %w", cerr)
	}
	return err
}

// Pending returns how many new documents the store has taken in that
// Cayley does not hold yet (see ingest.go); their reads come from the
// index and from memory.
func (s *Store) Pending() int {
	q := s.ingest
	if q == nil {
		return 0
	}
	q.pmu.Lock()
	defer q.pmu.Unlock()
	return len(q.pending)
}

// Flush writes every new document taken in so far to Cayley's store
// (ingest.go), waiting for the background writer if it is at it. Reads
// never need it; other processes reading the store's files do.
func (s *Store) Flush() error {
	return s.writeOut()
}
