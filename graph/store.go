package graph

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"      // registers "bolt"
	_ "github.com/cayleygraph/cayley/graph/kv/leveldb"   // registers "leveldb"
	_ "github.com/cayleygraph/cayley/graph/memstore"     // registers "memstore"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // registers "postgres"
	"github.com/cayleygraph/quad"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// ErrInUse is returned by Open when another process holds the bolt or
// leveldb store open. (Bolt itself would wait for it forever.)
var ErrInUse = errors.New("graph: store in use by another process")

// ErrRaceBolt is returned by Open for a bolt store in a binary built with
// the race detector (go test -race): boltdb/bolt 1.3.1, which Cayley 0.7.7
// uses, fails the detector's pointer checks (checkptr) on its first write
// and kills the process with "converted pointer straddles multiple
// allocations". Use leveldb or memstore under -race.
var ErrRaceBolt = errors.New("graph: boltdb/bolt cannot run under the race detector")

// Backends returns the Cayley backends Open accepts; the first is the
// default.
//
// bbolt is not among them: Cayley 0.7.7 reaches it through
// github.com/coreos/bbolt, which is not a dependency of this module.
//
// Cayley's cockroach backend is not offered: no test here can run it
// (CockroachDB's server is not a dependency this project may use), and an
// untested backend is not one users can count on.
func Backends() []string { return []string{"bolt", "leveldb", "memstore", "postgres"} }

// Store is the knowledge graph in a Cayley quad store. It is safe for
// concurrent use: writers are serialised, and readers run beside them. It
// must not be used after Close.
type Store struct {
	backend, path string
	caps          Capabilities

	// Locks are taken in this order, never the other way: wmu, then the
	// ingest queue's fmu and its journal's mu (ingest.go), then mu, then
	// imu or the queue's pmu, then events.mu (events.go). Readers of the
	// graph's structure take none: they load current.

	// wmu serialises writers, so that Put can count what it added.
	wmu sync.Mutex
	// mu guards qs. Readers RLock it. memstore has no locking of its own
	// in Cayley 0.7.7 (a writer and a reader together crash it), and bolt
	// can deadlock a writer with readers (see exclusiveWrites), so their
	// writers Lock mu; leveldb and postgres give every reader its own
	// transaction, and their writers Lock mu only to replace qs after a
	// failed write (see Put) and to close it.
	mu sync.RWMutex
	qs cgraph.QuadStore

	// gen counts the writes that changed the store (see Generation);
	// current is the last Index built or kept up to date by the writes,
	// nil if there is none (before the first read, after a failed write).
	// imu serialises replacing it, and guards building and printed.
	gen      atomic.Uint64
	current  atomic.Pointer[index.Index]
	imu      sync.Mutex
	building *indexBuild // the build in progress, if any
	printed  *[32]byte   // the summaries' print at the last Refresh (index.go)

	// ingest takes new documents in through a journal (ingest.go); nil
	// but for bolt and leveldb.
	ingest *ingestQueue

	// texts keeps the texts evidence was last cut from, by the version
	// of the document (a new version is a new *Document), so that a page
	// of evidence from popular documents reads none of them again.
	texts *lru.Cache[*kg.Document, []rune]

	// vocab is the print of this binary's vocabulary that its snapshots
	// carry (index.VocabularyPrint).
	vocab index.Key

	// events sends the subscribers what each write changed (events.go).
	events broker
}

// textCacheSize is how many documents' texts a Store keeps in memory (a
// generated page is some 7 KB of text, 28 KB as runes); texts longer than
// maxCachedText runes (1 MB as runes) are cut from and not kept, so that
// the cache stays under 512 MB whatever is ingested.
const (
	textCacheSize = 512
	maxCachedText = 1 << 18
)

// Open opens the store of a Cayley backend at path, creating it if it does
// not exist yet. backend is one of Backends(); "" means bolt. For bolt and
// leveldb path is a directory (bolt keeps its data in path/indexes.bolt),
// for postgres a connection string, and memstore ignores it.
//
// Open returns ErrInUse if another process has the bolt or leveldb store
// open.
func Open(ctx context.Context, backend, path string) (*Store, error) {
	if backend == "" {
		backend = Backends()[0]
	}
	caps, err := BackendCapabilities(backend)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open %s store: %w", backend, err)
	}
	if backend == "bolt" && raceDetector {
		return nil, fmt.Errorf("open bolt store: %w", ErrRaceBolt)
	}
	switch {
	case caps.Files:
		if path == "" {
			return nil, fmt.Errorf("open %s store: no path", backend)
		}
		if err := os.MkdirAll(path, 0o755); err != nil {
			return nil, fmt.Errorf("open %s store: %w", backend, err)
		}
		if err := checkUnlocked(filepath.Join(path, caps.LockFile)); err != nil {
			return nil, fmt.Errorf("open %s store at %s: %w", backend, path, err)
		}
		// A new bolt store gets all 131,072 value buckets at once
		// (upfront): 0.7 s and 25 MB on creation, for loads in big batches
		// several times faster (graph/CAYLEY.md). With one document per
		// batch we measured no difference either way. leveldb has no
		// buckets to make (1.7 s for nothing).
		initOpts := cgraph.Options{"upfront": caps.Upfront}
		if err := cgraph.InitQuadStore(backend, path, initOpts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return nil, fmt.Errorf("create %s store at %s: %w", backend, path, err)
		}
	case caps.Shared:
		if err := initSQL(ctx, backend, path); err != nil {
			return nil, fmt.Errorf("create %s store: %w", backend, err)
		}
	default:
		path = "" // memstore: Cayley refuses an address for a store that is not persistent
	}
	qs, err := newQuadStore(backend, path, false)
	if err != nil {
		return nil, err
	}
	texts, err := lru.New[*kg.Document, []rune](textCacheSize)
	if err != nil {
		qs.Close()
		return nil, err
	}
	s := &Store{backend: backend, caps: caps, path: path, qs: qs, texts: texts, vocab: index.VocabularyPrint()}
	if old, err := s.oldShape(ctx); err != nil || old {
		qs.Close()
		if err == nil {
			err = ErrOldShape
		}
		return nil, fmt.Errorf("open %s store at %s: %w", backend, path, err)
	}
	if caps.Files {
		if err := s.openIngest(ctx); err != nil {
			qs.Close()
			return nil, fmt.Errorf("open %s store at %s: %w", backend, path, err)
		}
	}
	return s, nil
}

// ErrOldShape is returned by Open for a store an older kg wrote, whose
// evidence is nodes with a copy of the snippet each (some 3,000 quads a
// document) instead of spans into the document's text.
var ErrOldShape = errors.New("graph: the store was written by an older kg (evidence as nodes, not spans of the text); " +
	"load the documents into a new store: kg load --fresh --dbpath PATH DOCS... (bolt, leveldb), or into an empty database (postgres)")

// oldShape reports whether the store holds evidence nodes (vocab.go).
func (s *Store) oldShape(ctx context.Context) (bool, error) {
	v := s.qs.ValueOf(classEvidence)
	if v == nil {
		return false, nil
	}
	it := s.qs.QuadIterator(quad.Object, v)
	defer it.Close()
	found := it.Next(ctx)
	return found, it.Err()
}

// holds reports whether some quad of the store has v in direction d. On
// the kv backends and memstore ValueOf answers (they drop a node no quad
// names); Cayley's SQL ValueOf is v's hash whether or not it is stored,
// so there one quad is looked up (through an index for subjects and
// objects, not labels).
func (s *Store) holds(ctx context.Context, v quad.Value, d quad.Direction) (bool, error) {
	ref := s.qs.ValueOf(v)
	if ref == nil {
		return false, nil
	}
	if !s.caps.Shared {
		return true, nil
	}
	it := s.qs.QuadIterator(d, ref)
	defer it.Close()
	found := it.Next(ctx)
	return found, it.Err()
}

// ErrExists is returned by Create when the store is there already.
var ErrExists = errors.New("graph: store exists")

// Create makes a new bolt or leveldb store at path, for a bulk load, and
// opens it. Unlike Open, it opens the store with Cayley's bloom filters:
// in a store that was empty when opened they let the quad writer insert
// new nodes and quads without looking each up first, which is Cayley's
// fastest write path, at a cost of some 650 MB of memory while the store
// is open. Serve the result with Open (after Close).
//
// Create returns ErrExists if path already holds a store.
func Create(ctx context.Context, backend, path string) (*Store, error) {
	if backend == "" {
		backend = Backends()[0]
	}
	if caps, err := BackendCapabilities(backend); err != nil || !caps.Files {
		return nil, fmt.Errorf("create %s store: only bolt and leveldb stores can be created for a bulk load", backend)
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("create %s store at %s: %w", backend, path, ErrExists)
	}
	s, err := Open(ctx, backend, path)
	if err != nil {
		return nil, err
	}
	if err := s.qs.Close(); err != nil {
		return nil, fmt.Errorf("create %s store at %s: %w", backend, path, err)
	}
	qs, err := newQuadStore(backend, path, true)
	if err != nil {
		return nil, err
	}
	s.qs = qs
	return s, nil
}

// initSQL creates Cayley's tables in a postgres database
// unless it has them. (Cayley's init on an existing database logs an error
// before it says ErrDatabaseExists.)
func initSQL(ctx context.Context, backend, conn string) error {
	db, err := sql.Open("postgres", conn) // lib/pq, registered by Cayley's postgres backend
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT to_regclass('quads') IS NOT NULL").Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	if err := cgraph.InitQuadStore(cayleyName(backend), conn, nil); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return err
	}
	return nil
}

// newQuadStore opens an initialised Cayley store. Its errors name the
// path of a bolt or leveldb store but not a postgres connection string,
// which may hold a password.
//
// kv stores are opened with no_bloom. With its bloom filters (each sized
// for 100M entries) a kv store reads every quad when it opens (1 s at 1M
// quads, graph/CAYLEY.md), and a store that was empty when opened grows
// to ~650 MB resident after 63k quads (200 MB if it was not empty); with
// no_bloom it opens at once and stays at ~25 MB of heap. Writing one
// document per batch, 300 documents (189k quads) into bolt ran at the
// same speed either way: 16.9k/17.7k quads/s new, 16.4k/16.7k populated
// (bloom/no_bloom). The filters only save disk reads that bolt's page
// cache answers anyway at this size. Correctness does not depend on them:
// without them every quad and node is looked up on disk.
//
// bloom keeps the filters, for a bulk load into a new store (Create).
func newQuadStore(backend, path string, bloom bool) (cgraph.QuadStore, error) {
	files := capabilities[backend].Files
	var opts cgraph.Options
	if files && !bloom {
		opts = cgraph.Options{"no_bloom": true}
	}
	qs, err := cgraph.NewQuadStore(cayleyName(backend), path, opts)
	if err != nil && files {
		return nil, fmt.Errorf("open %s store at %s: %w", backend, path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s store: %w", backend, err)
	}
	return qs, nil
}

// Backend returns the name of the store's Cayley backend.
func (s *Store) Backend() string { return s.backend }

// Close closes the store. It waits for a running Put.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.closeIngest(); err != nil {
		// The journal keeps what is not written; the next Open writes
		// it. The index has it already, so no snapshot of it.
		s.mu.Lock()
		defer s.mu.Unlock()
		s.qs.Close()
		return fmt.Errorf("close %s store: %w", s.backend, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.saveSnapshot(s.qs.Close); err != nil {
		return fmt.Errorf("close %s store: %w", s.backend, err)
	}
	return nil
}

// rlock takes the read lock and returns its release: defer s.rlock()().
func (s *Store) rlock() func() {
	s.mu.RLock()
	return s.mu.RUnlock
}

// memstore reports whether the backend is memstore, whose readers may
// write (see Export).
func (s *Store) memstore() bool { return s.caps.ReadersWrite }

// exclusiveWrites reports whether writers must exclude readers (Lock mu).
// memstore has no locking of its own. bolt deadlocks: a commit that grows
// the file remaps it and waits for every read transaction to end, while a
// reader that holds one (an open iterator) opens another (Cayley's
// ValueOf) and waits behind the writer; the soak test's queries beside
// ingests hung in a few seconds.
func (s *Store) exclusiveWrites() bool { return s.caps.ExclusiveWrites }

// QuadCount returns the number of quads in the store.
// New documents not yet written to Cayley count (ingest.go): with the
// read lock held, the background writer is not between writing some and
// dropping them from the queue.
func (s *Store) QuadCount(ctx context.Context) (int64, error) {
	defer s.rlock()()
	n, err := s.quadCount(ctx)
	if err != nil {
		return 0, fmt.Errorf("count quads: %w", err)
	}
	return n + int64(s.pendingQuads()), nil
}

// quadCount reads the exact number of quads. The kv backends keep it as a
// counter, exact even without asking for exact stats (which would count
// every node besides); a kv store that was never written to has no
// counter and says ErrNoBucket. Postgres caches the count and recounts
// after a write when asked for exact stats.
func (s *Store) quadCount(ctx context.Context) (int64, error) {
	st, err := s.qs.Stats(ctx, s.caps.Shared)
	if errors.Is(err, ckv.ErrNoBucket) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return st.Quads.Size, nil
}

// Empty reports whether the store holds no quads.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	n, err := s.QuadCount(ctx)
	return n == 0, err
}

// Put writes one document's extraction and returns the number of quads
// that were new. It is Update without the account of what changed: a
// changed version of a document the store holds replaces the old one.
// Writing the same extraction again adds 0.
//
// Put returns an error, and writes nothing, if the extraction names an
// unknown kind, relation type or method, or an entity without a name. A
// relation without a method is stored as MethodUnknown.
func (s *Store) Put(ctx context.Context, ex *kg.Extraction) (added int, err error) {
	c, err := s.Update(ctx, ex)
	return c.Added, err
}

// Prepared is one document's extraction made into the quads and the
// summary that PutPrepared writes: the work of a write that needs no lock,
// which a loader does on every core while the writer writes.
type Prepared struct {
	file  string
	quads []quad.Quad
	sum   *index.Summary
}

// Prepare maps an extraction to its quads and summary; the error says
// why an extraction is invalid (see Put).
func Prepare(ex *kg.Extraction) (*Prepared, error) {
	q, sum, err := extractionQuads(ex)
	if err != nil {
		name := "<nil>"
		if ex != nil {
			name = ex.Doc.File
		}
		return nil, fmt.Errorf("put %s: %w", name, err)
	}
	return &Prepared{file: ex.Doc.File, quads: q, sum: sum}, nil
}

// PutMany writes many documents' extractions and returns, for each, the
// number of quads that were new, as Put would: Prepare, then PutPrepared.
// It returns an error, and writes nothing, if an extraction is invalid.
func (s *Store) PutMany(ctx context.Context, exs []*kg.Extraction) ([]int, error) {
	preps := make([]*Prepared, len(exs))
	for i, ex := range exs {
		p, err := Prepare(ex)
		if err != nil {
			return nil, err
		}
		preps[i] = p
	}
	return s.PutPrepared(ctx, preps)
}

// PutPrepared writes prepared documents and returns, for each, the number
// of quads that were new. It is the bulk path: the documents the store
// does not hold yet (no document of the same file name, and the first of
// a name in preps) go to the store in one bulk write through Cayley's
// quad writer, and each of them adds all its quads, because every quad of
// a document is labelled with the document. A document the store already
// holds is written as by Put.
//
// New documents written while the index is current go through the ingest
// journal, as with Update.
//
// A failed write may leave part of the batch written (the kv quad writer
// commits every 200,000 quads); the documents' quads are idempotent, so
// writing the batch again completes it.
func (s *Store) PutPrepared(ctx context.Context, preps []*Prepared) ([]int, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("put %d documents: %w", len(preps), err)
	}
	added := make([]int, len(preps))
	docs := make([]newDoc, len(preps))
	for i, p := range preps {
		docs[i] = newDoc{p.file, p.quads, p.sum}
		added[i] = len(p.quads)
	}
	if ok, err := s.journalPut(docs); ok {
		if err != nil {
			return nil, fmt.Errorf("put %d documents: %w", len(preps), err)
		}
		return added, nil
	}
	if err := s.writeOut(); err != nil {
		return nil, fmt.Errorf("put %d documents: %w", len(preps), err)
	}
	if s.exclusiveWrites() {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	clear(added)
	var fresh []quad.Quad
	var freshSums []*index.Summary
	var again []int
	seen := make(map[string]bool, len(preps))
	for i, p := range preps {
		stored, err := s.holds(ctx, documentIRI(p.file), quad.Subject)
		if err != nil {
			return nil, fmt.Errorf("put %s: %w", p.file, err)
		}
		if seen[p.file] || stored {
			again = append(again, i)
			continue
		}
		seen[p.file] = true
		added[i] = len(p.quads)
		fresh = append(fresh, p.quads...)
		freshSums = append(freshSums, p.sum)
	}
	if len(fresh) > 0 {
		err := s.bulkWrite(fresh)
		s.changed(nil, freshSums, err == nil) // even after a failure: part may be written
		if err == nil {
			s.notePrint(nil, fresh)
		}
		if err != nil {
			if rerr := s.reopen(); rerr != nil {
				return nil, fmt.Errorf("put %d documents: %w (and then %w)", len(preps), err, rerr)
			}
			return nil, fmt.Errorf("put %d documents: %w", len(preps), err)
		}
	}
	for _, i := range again {
		c, err := s.update(ctx, preps[i].file, preps[i].quads, preps[i].sum) // replaces a changed version
		if err != nil {
			return nil, fmt.Errorf("put %s: %w", preps[i].file, err)
		}
		added[i] = c.Added
	}
	return added, nil
}

// bulkWrite adds quads through the backend's quad writer, Cayley's fastest
// write path: on the kv backends one transaction per 200,000 quads, new
// quads of new documents inserted without looking them up (their label
// node is new). Postgres's quad writer gathers the quads into one batch.
func (s *Store) bulkWrite(quads []quad.Quad) error {
	w, err := s.qs.NewQuadWriter()
	if err != nil {
		return err
	}
	if _, err := w.WriteQuads(quads); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// reopen replaces a kv store after a failed write. Cayley's kv store
// caches the node ID of each IRI it writes (an LRU of 2,000) before the
// transaction commits; a rolled-back write leaves IDs in the cache that the
// next write hands out again to other nodes, so later quads and reads
// would link the wrong nodes. A fresh QuadStore has a clean cache. Called
// with wmu held.
func (s *Store) reopen() error {
	if !s.exclusiveWrites() { // else the writer holds mu already
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.reopenHeld()
}

// reopenHeld is reopen with mu held.
func (s *Store) reopenHeld() error {
	if !s.caps.Files {
		return nil // memstore and postgres keep no such cache
	}
	if err := s.qs.Close(); err != nil {
		return fmt.Errorf("close after failed write: %w", err)
	}
	qs, err := newQuadStore(s.backend, s.path, false)
	if err != nil {
		return fmt.Errorf("reopen after failed write: %w", err)
	}
	s.qs = qs
	return nil
}

// extractionQuads maps an extraction to the quads that store it, each
// labelled with the document's IRI, without duplicates, in a stable order,
// the last of them the document's summary (index/summary.go), which it also
// returns. See vocab.go for the vocabulary.
func extractionQuads(ex *kg.Extraction) ([]quad.Quad, *index.Summary, error) {
	out, err := extractedQuads(ex)
	if err != nil {
		return nil, nil, err
	}
	sum := index.Summarize(ex)
	out = append(out, quad.Quad{Subject: summaryHub, Predicate: predSummary, Object: quad.String(sum.Encode()), Label: documentIRI(ex.Doc.File)})
	return out, sum, nil
}

// runesEqual reports whether rs spell s, without making a string of them.
func runesEqual(rs []rune, s string) bool {
	i := 0
	for _, r := range s {
		if r == utf8.RuneError {
			return string(rs) == s // an invalid byte reads as U+FFFD
		}
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return i == len(rs)
}

// extractedQuads maps an extraction to the quads of its document, items,
// entities, relations and evidence.
func extractedQuads(ex *kg.Extraction) ([]quad.Quad, error) {
	if ex == nil {
		return nil, errors.New("nil extraction")
	}
	if ex.Doc.File == "" {
		return nil, errors.New("document has no file name")
	}
	file := ex.Doc.File
	doc := documentIRI(file)
	n := 8 + 4*len(ex.Doc.Items) + 6*len(ex.Entities) + len(ex.Relations)
	out := make([]quad.Quad, 0, n)
	seen := make(map[quad.Quad]bool, n)
	add := func(s quad.IRI, p quad.IRI, o quad.Value) {
		q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: doc}
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	addString := func(s, p quad.IRI, v string) {
		if v != "" {
			add(s, p, quad.String(v))
		}
	}

	sum := sha256.Sum256([]byte(ex.Doc.Text))
	add(doc, predType, classDocument)
	add(doc, predFile, quad.String(file))
	addString(doc, predTitle, ex.Doc.Title)
	addString(doc, predDate, ex.Doc.Date)
	add(doc, predSHA256, quad.String(hex.EncodeToString(sum[:])))
	add(doc, predText, quad.String(ex.Doc.Text))
	items := make(map[int]bool, len(ex.Doc.Items))
	addItem := func(index int, title, date string) {
		items[index] = true
		item := itemIRI(file, index)
		add(doc, predItem, item)
		add(item, predIndex, quad.Int(index))
		addString(item, predTitle, title)
		addString(item, predDate, date)
	}
	for _, it := range ex.Doc.Items {
		if it.Index < 0 {
			return nil, fmt.Errorf("item %q: negative index %d", it.Title, it.Index)
		}
		addItem(it.Index, it.Title, it.Date)
	}

	// entity writes an entity's type and name; every entity a mention or
	// relation names gets them, so that Entity finds whatever Out returns.
	// A page names an entity dozens of times; its quads are made once.
	iris := make(map[kg.EntityRef]quad.IRI, len(ex.Entities))
	entity := func(r kg.EntityRef) (quad.IRI, error) {
		if iri, ok := iris[r]; ok {
			return iri, nil
		}
		if !knownKind(r.Kind) {
			return "", fmt.Errorf("entity %q: unknown kind %q", r.Name, r.Kind)
		}
		if r.Name == "" {
			return "", fmt.Errorf("%s without a name", r.Kind)
		}
		iri := entityIRI(r)
		add(iri, predType, classIRI(r.Kind))
		add(iri, predName, quad.String(r.Name))
		iris[r] = iri
		return iri, nil
	}
	for _, e := range ex.Entities {
		iri, err := entity(e.EntityRef)
		if err != nil {
			return nil, err
		}
		for _, a := range e.Aliases {
			if a != e.Name && a != "" {
				add(iri, predAlias, quad.String(a))
			}
		}
		addString(iri, predCategory, e.Category)
		addString(iri, predLevel, e.Level)
		addString(iri, predCode, e.Code)
	}

	// Evidence is not written as nodes: the summary holds each relation's
	// and mention's item, span and method, and the text (written once, on
	// the document) gives the snippet. An item a span is in is written like
	// the document's own items, so that it can be named.
	runes := []rune(ex.Doc.Text)
	evidence := func(src kg.Source, sp kg.Span) error {
		if sp.Start < 0 || sp.End > len(runes) || sp.Start > sp.End || !runesEqual(runes[sp.Start:sp.End], sp.Snippet) {
			return fmt.Errorf("span [%d,%d) %q is not the document's text there", sp.Start, sp.End, sp.Snippet)
		}
		if src.Item >= 0 && !items[src.Item] {
			addItem(src.Item, src.ItemTitle, src.Date)
		}
		return nil
	}
	for _, m := range ex.Mentions {
		if _, err := entity(m.Entity); err != nil {
			return nil, fmt.Errorf("mention: %w", err)
		}
		if err := evidence(m.Source, m.Span); err != nil {
			return nil, fmt.Errorf("mention of %s %q: %w", m.Entity.Kind, m.Entity.Name, err)
		}
	}
	for _, r := range ex.Relations {
		p, ok := relationPredicate(r.Type)
		if !ok {
			return nil, fmt.Errorf("relation %s→%s: unknown type %q", r.From.Name, r.To.Name, r.Type)
		}
		from, err := entity(r.From)
		if err != nil {
			return nil, fmt.Errorf("relation %s: %w", r.Type, err)
		}
		to, err := entity(r.To)
		if err != nil {
			return nil, fmt.Errorf("relation %s: %w", r.Type, err)
		}
		if _, ok := relationMethod(r.Method); !ok {
			return nil, fmt.Errorf("relation %s %s→%s: unknown method %q", r.Type, r.From.Name, r.To.Name, r.Method)
		}
		if err := evidence(r.Source, r.Span); err != nil {
			return nil, fmt.Errorf("relation %s %s→%s: %w", r.Type, r.From.Name, r.To.Name, err)
		}
		add(from, p, to)
	}
	return out, nil
}

// Replace swaps the closed store at from (made by Create) in for the store
// at to, and removes from. For bolt the swap is atomic: the new data file
// is renamed over the old one (to/indexes.bolt), so a reader of to sees
// the old store or the new one, never a mix; a process that has the old
// store open (kg serve) keeps serving it until it opens the store again.
// leveldb keeps a store in many files, so its folder is renamed instead:
// to is moved aside, from moved in, and the old store removed; Replace
// returns ErrInUse if another process has to open. The old store's
// ingest journal, if a crash left one, goes with it. from and to must be
// on the same file system.
func Replace(backend, from, to string) error {
	caps, err := BackendCapabilities(backend)
	if err != nil {
		return fmt.Errorf("replace store: %w", err)
	}
	switch {
	case caps.DataFile != "": // bolt: one file, renamed over the old one
		if err := os.MkdirAll(to, 0o755); err != nil {
			return fmt.Errorf("replace store: %w", err)
		}
		// The snapshot first: it names the data file by inode, so until
		// the data file follows it is of no file there and goes unused.
		if err := os.Rename(filepath.Join(from, snapshotFile), filepath.Join(to, snapshotFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("replace store: %w", err)
		}
		if err := os.Rename(filepath.Join(from, caps.DataFile), filepath.Join(to, caps.DataFile)); err != nil {
			return fmt.Errorf("replace store: %w", err)
		}
		// A journal the old store left (a crash) is of the old store.
		segs, _, err := journalSegments(to)
		if err != nil {
			return fmt.Errorf("replace store: %w", err)
		}
		for _, seg := range segs {
			if err := os.Remove(seg); err != nil {
				return fmt.Errorf("replace store: %w", err)
			}
		}
		if err := os.RemoveAll(from); err != nil {
			return fmt.Errorf("replace store: remove %s: %w", from, err)
		}
		return nil
	case caps.Files: // leveldb: a folder of files, swapped whole
		if err := checkUnlocked(filepath.Join(to, caps.LockFile)); err != nil {
			return fmt.Errorf("replace store at %s: %w", to, err)
		}
		old := to + ".old"
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("replace store: %w", err)
		}
		if err := os.Rename(to, old); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("replace store: %w", err)
		}
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("replace store: %w", err)
		}
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("replace store: remove %s: %w", old, err)
		}
		return nil
	}
	return fmt.Errorf("replace store: only bolt and leveldb stores can be replaced, not %s", backend)
}
