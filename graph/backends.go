package graph

import "fmt"

// Capabilities is what differs between Cayley's backends, as this package
// uses them: decided here, once, and read by Open and the rest instead of
// comparing backend names.
type Capabilities struct {
	// Files: the store is a folder of files on this machine (bolt,
	// leveldb), which one process at a time may open (LockFile), with an
	// ingest journal beside it, and which Create, Replace and Compact can
	// make, swap and pack.
	Files    bool
	LockFile string // in the folder: the file an open store holds

	// Upfront: a new store makes all its value buckets at once (bolt).
	Upfront bool
	// Snapshot: the index is saved beside the store when it closes
	// (snapshot.go), keyed by the state of DataFile, the store's one data
	// file, which Compact packs (bolt).
	Snapshot bool
	DataFile string

	// ExclusiveWrites: writers must exclude readers (Store.mu). memstore
	// has no locking of its own; bolt deadlocks a writer that grows the
	// file against readers that open a second transaction.
	ExclusiveWrites bool
	// ReadersWrite: an iterator over all quads marks the store as being
	// read, which is a write (memstore): exports take the write lock.
	ReadersWrite bool

	// Shared: other processes may write the same store (a database), so
	// this process's index can fall behind it (Refresh) and cannot answer
	// for what the store does not hold; exact quad counts must be asked
	// for (Cayley caches them).
	Shared bool

	// Cayley: the name of the backend in Cayley's registry, when it is
	// not the same (postgres is written with COPY, postgres.go).
	Cayley string
}

// capabilities of each backend of Backends().
var capabilities = map[string]Capabilities{
	"bolt": {Files: true, LockFile: "indexes.bolt", Upfront: true, Snapshot: true, DataFile: "indexes.bolt",
		ExclusiveWrites: true},
	"leveldb":  {Files: true, LockFile: "LOCK"},
	"memstore": {ExclusiveWrites: true, ReadersWrite: true},
	"postgres": {Shared: true, Cayley: postgresCopy},
}

// BackendCapabilities returns what backend can do; "" is bolt.
func BackendCapabilities(backend string) (Capabilities, error) {
	if backend == "" {
		backend = Backends()[0]
	}
	c, ok := capabilities[backend]
	if !ok {
		return Capabilities{}, fmt.Errorf("unknown backend %q (want one of %v)", backend, Backends())
	}
	return c, nil
}

// cayleyName is the name of backend in Cayley's registry.
func cayleyName(backend string) string {
	if c := capabilities[backend].Cayley; c != "" {
		return c
	}
	return backend
}

// Capabilities returns what the store's backend can do.
func (s *Store) Capabilities() Capabilities { return s.caps }
