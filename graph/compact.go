package graph

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/quad"
)

// Compacted is what Compact did.
type Compacted struct {
	Quads         int64 // live quads, copied
	Before, After int64 // bytes of the store's files
}

// Compact rewrites the bolt or leveldb store at path with its live quads
// only, and swaps the copy in (Replace): the old file is untouched until
// the copy is complete.
//
// Cayley 0.7.7's kv stores never free a deleted quad: Delete marks it dead
// and keeps it, with its place in every index list, so a store whose
// documents are replaced or deleted grows without bound (measured: 80
// ingest+delete cycles of one document grew a bolt file from 252 to 358 MB
// at a constant quad count, and each delete slowed as index lists filled
// with dead ids). Bolt's freelist cannot help: nothing is freed. Compact
// is the remedy; it needs the store to itself (ErrInUse if a kg serve has
// it open).
func Compact(ctx context.Context, backend, path string) (Compacted, error) {
	if backend == "" {
		backend = Backends()[0]
	}
	caps, err := BackendCapabilities(backend)
	if err != nil || !caps.Files {
		return Compacted{}, fmt.Errorf("compact: only bolt and leveldb stores need it, not %s", backend)
	}
	if _, err := os.Stat(path); err != nil {
		return Compacted{}, fmt.Errorf("compact: %w", err)
	}
	var c Compacted
	if c.Before, err = dirSize(path); err != nil {
		return c, fmt.Errorf("compact: %w", err)
	}
	src, err := Open(ctx, backend, path) // writes what a crash left in the journal
	if err != nil {
		return c, fmt.Errorf("compact: %w", err)
	}
	fresh := fmt.Sprintf("%s.compact-%d", filepath.Clean(path), os.Getpid())
	c.Quads, err = copyLive(ctx, src, fresh)
	if cerr := src.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err == nil && caps.DataFile != "" {
		err = packBolt(filepath.Join(fresh, caps.DataFile))
	}
	if err != nil {
		os.RemoveAll(fresh)
		return c, fmt.Errorf("compact %s: %w", path, err)
	}
	if err := Replace(backend, fresh, path); err != nil {
		return c, fmt.Errorf("compact %s: %w", path, err)
	}
	if c.After, err = dirSize(path); err != nil {
		return c, fmt.Errorf("compact: %w", err)
	}
	return c, nil
}

// copyLive writes the live quads of src into a new store at to, in
// batches, and closes it.
func copyLive(ctx context.Context, src *Store, to string) (int64, error) {
	if err := src.writeOut(); err != nil {
		return 0, err
	}
	dst, err := Create(ctx, src.backend, to)
	if err != nil {
		return 0, err
	}
	n, err := func() (int64, error) {
		defer src.rlock()()
		it := src.qs.QuadsAllIterator()
		defer it.Close()
		const batch = 100_000
		var n int64
		buf := make([]quad.Quad, 0, batch)
		for it.Next(ctx) {
			q := src.qs.Quad(it.Result())
			if !q.IsValid() {
				return n, fmt.Errorf("%w: %v", errBadValue, q)
			}
			buf = append(buf, q)
			if len(buf) == batch {
				if err := dst.bulkWrite(buf); err != nil {
					return n, err
				}
				n += int64(len(buf))
				buf = buf[:0]
			}
		}
		if err := it.Err(); err != nil {
			return n, err
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if err := dst.bulkWrite(buf); err != nil {
			return n, err
		}
		return n + int64(len(buf)), nil
	}()
	if cerr := dst.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return n, err
}

// packBolt rewrites the bolt file at path with its pages full. A bulk
// load leaves them half full (bolt splits a page at FillPercent, 50%);
// the store's later writes split them again as they need to. Measured on
// a store of 300 generated documents (965k quads): 358 → 312 MB.
func packBolt(path string) error {
	src, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer src.Close()
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	packed := path + ".packed"
	dst, err := bolt.Open(packed, info.Mode().Perm(), nil)
	if err != nil {
		return err
	}
	if err := copyBuckets(dst, src); err != nil {
		dst.Close()
		os.Remove(packed)
		return err
	}
	if err := dst.Close(); err != nil {
		os.Remove(packed)
		return err
	}
	return os.Rename(packed, path)
}

// copyBuckets copies every bucket of src into dst with full pages, in
// transactions of about 64 MB (one for a whole store would hold it all in
// memory).
func copyBuckets(dst, src *bolt.DB) error {
	const txBytes = 64 << 20
	tx, err := dst.Begin(true)
	if err != nil {
		return err
	}
	defer func() { tx.Rollback() }()
	size := 0
	// bucket returns the bucket at path in tx, made if need be.
	bucket := func(path [][]byte) (*bolt.Bucket, error) {
		b, err := tx.CreateBucketIfNotExists(path[0])
		for _, name := range path[1:] {
			if err != nil {
				return nil, err
			}
			b, err = b.CreateBucketIfNotExists(name)
		}
		if err == nil {
			b.FillPercent = 1.0 // keys come in order: fill each page
		}
		return b, err
	}
	var walk func(path [][]byte, b *bolt.Bucket) error
	walk = func(path [][]byte, b *bolt.Bucket) error {
		out, err := bucket(path)
		if err != nil {
			return err
		}
		if err := out.SetSequence(b.Sequence()); err != nil {
			return err
		}
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return walk(append(path[:len(path):len(path)], k), b.Bucket(k))
			}
			if size += len(k) + len(v); size > txBytes {
				if err := tx.Commit(); err != nil {
					return err
				}
				if tx, err = dst.Begin(true); err != nil {
					return err
				}
				size = 0
				if out, err = bucket(path); err != nil {
					return err
				}
			}
			return out.Put(k, v)
		})
	}
	err = src.View(func(stx *bolt.Tx) error {
		return stx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return walk([][]byte{name}, b)
		})
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}

// dirSize is the bytes of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	return n, err
}
