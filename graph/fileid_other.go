//go:build !unix

package graph

import "os"

// fileID has no inode to give here: snapshots are not used, and the index
// is read from the summaries at every start.
func fileID(os.FileInfo) (dev, ino uint64, ok bool) { return 0, 0, false }
