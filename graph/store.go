package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"    // registers "bolt"
	_ "github.com/cayleygraph/cayley/graph/kv/leveldb" // registers "leveldb"
	_ "github.com/cayleygraph/cayley/graph/memstore"   // registers "memstore"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/cayleygraph/quad"
)

// Backends are the Cayley backends Open accepts.
var Backends = []string{"bolt", "leveldb", "memstore", "postgres"}

// Store is the knowledge graph in a Cayley quad store.
type Store struct {
	qs      cgraph.QuadStore
	backend string
	// Writes are serialised. memstore is not safe for a writer and readers
	// at once (Cayley 0.7.7), so for it every read takes the lock too.
	mu     sync.RWMutex
	guards bool
}

// Open opens the store of the given backend at path, creating it if it
// does not exist. backend is a Cayley backend name (bolt when empty); for
// postgres, path is a connection string.
func Open(ctx context.Context, backend, path string) (*Store, error) {
	if backend == "" {
		backend = "bolt"
	}
	known := false
	for _, b := range Backends {
		known = known || b == backend
	}
	if !known {
		return nil, fmt.Errorf("open store: unknown backend %q (use one of %v)", backend, Backends)
	}
	opts := cgraph.Options{}
	switch backend {
	case "bolt", "leveldb":
		if path == "" {
			return nil, fmt.Errorf("open %s store: empty path", backend)
		}
		marker := filepath.Join(path, "indexes.bolt")
		if backend == "leveldb" {
			marker = filepath.Join(path, "CURRENT")
		}
		if _, err := os.Stat(marker); errors.Is(err, os.ErrNotExist) {
			if err := os.MkdirAll(path, 0o755); err != nil {
				return nil, fmt.Errorf("open %s store: %w", backend, err)
			}
			// upfront creates the value buckets at once: several times
			// faster loads into a new store (shared/CAYLEY.md).
			if err := cgraph.InitQuadStore(backend, path, cgraph.Options{"upfront": true}); err != nil {
				return nil, fmt.Errorf("init %s store at %s: %w", backend, path, err)
			}
		}
	case "postgres":
		if err := cgraph.InitQuadStore(backend, path, nil); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
			return nil, fmt.Errorf("init postgres store: %w", err)
		}
	}
	if backend == "memstore" {
		path = "" // memstore takes no address
	}
	qs, err := cgraph.NewQuadStore(backend, path, opts)
	if err != nil {
		return nil, fmt.Errorf("open %s store at %s: %w", backend, path, err)
	}
	return &Store{qs: qs, backend: backend, guards: backend == "memstore"}, nil
}

// Backend returns the name of the store's Cayley backend.
func (s *Store) Backend() string { return s.backend }

// Close closes the store.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.qs.Close()
}

func (s *Store) rlock() func() {
	if !s.guards {
		return func() {}
	}
	s.mu.RLock()
	return s.mu.RUnlock
}

// QuadCount returns the number of quads in the store.
func (s *Store) QuadCount(ctx context.Context) (int64, error) {
	defer s.rlock()()
	n, err := s.quadCount(ctx)
	if err != nil {
		return 0, fmt.Errorf("count quads: %w", err)
	}
	return n, nil
}

// quadCount reads the exact quad count. The kv backends keep it as a
// counter (asking them for exact stats would count every node instead);
// a new kv store has no counter yet.
func (s *Store) quadCount(ctx context.Context) (int64, error) {
	st, err := s.qs.Stats(ctx, s.backend == "postgres")
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

// Put writes one document's extraction in one batch and returns the number
// of quads that were new. Writing the same extraction again adds nothing.
func (s *Store) Put(ctx context.Context, ex *Extraction) (int, error) {
	quads := Quads(ex)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	before, err := s.quadCount(ctx)
	if err != nil {
		return 0, fmt.Errorf("put %s: %w", ex.Doc.File, err)
	}
	deltas := make([]cgraph.Delta, len(quads))
	for i, q := range quads {
		deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
	}
	if err := s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true}); err != nil {
		return 0, fmt.Errorf("put %s: %w", ex.Doc.File, err)
	}
	after, err := s.quadCount(ctx)
	if err != nil {
		return 0, fmt.Errorf("put %s: %w", ex.Doc.File, err)
	}
	return int(after - before), nil
}

// Quads maps an extraction to the quads that store it, each labelled with
// the document's IRI. Duplicates within the document are removed.
func Quads(ex *Extraction) []quad.Quad {
	doc := DocumentIRI(ex.Doc.File)
	var out []quad.Quad
	seen := map[quad.Quad]bool{}
	add := func(s, p, o quad.Value) {
		q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: doc}
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}

	sum := sha256.Sum256([]byte(ex.Doc.Text))
	add(doc, predType, classDocument)
	add(doc, predFile, quad.String(ex.Doc.File))
	add(doc, predTitle, quad.String(ex.Doc.Title))
	add(doc, predSHA256, quad.String(hex.EncodeToString(sum[:])))
	if ex.Doc.Date != "" {
		add(doc, predDate, quad.String(ex.Doc.Date))
	}
	for _, it := range ex.Doc.Items {
		item := itemIRI(ex.Doc.File, it.Index)
		add(doc, predItem, item)
		add(item, predIndex, quad.Int(it.Index))
		add(item, predTitle, quad.String(it.Title))
		if it.Date != "" {
			add(item, predDate, quad.String(it.Date))
		}
	}

	for _, e := range ex.Entities {
		iri := EntityIRI(e.EntityRef)
		add(iri, predType, classOf(e.Kind))
		add(iri, predName, quad.String(e.Name))
		for _, a := range e.Aliases {
			if a != e.Name {
				add(iri, predAlias, quad.String(a))
			}
		}
		if e.Category != "" {
			add(iri, predCategory, quad.String(e.Category))
		}
		if e.Level != "" {
			add(iri, predLevel, quad.String(e.Level))
		}
		if e.Code != "" {
			add(iri, predCode, quad.String(e.Code))
		}
	}

	evidence := func(s, p, o quad.Value, src Source, sp Span, surface string) {
		ev := evidenceIRI(ex.Doc.File, s, p, o, sp.Start, sp.End)
		add(ev, predType, classEvidence)
		add(ev, predSubject, s)
		add(ev, predPredicate, p)
		add(ev, predObject, o)
		add(ev, predDocument, doc)
		if src.Item >= 0 {
			add(ev, predInItem, itemIRI(ex.Doc.File, src.Item))
		}
		add(ev, predStart, quad.Int(sp.Start))
		add(ev, predEnd, quad.Int(sp.End))
		add(ev, predSnippet, quad.String(sp.Snippet))
		if surface != "" {
			add(ev, predSurface, quad.String(surface))
		}
	}
	for _, m := range ex.Mentions {
		iri := EntityIRI(m.Entity)
		evidence(iri, predType, classOf(m.Entity.Kind), m.Source, m.Span, m.Surface)
	}
	for _, r := range ex.Relations {
		p := Predicate(r.Type)
		from, to := EntityIRI(r.From), EntityIRI(r.To)
		add(from, p, to)
		evidence(from, p, to, r.Source, r.Span, "")
	}
	return out
}
