//go:build unix

package graph

import (
	"os"
	"syscall"
)

// fileID returns the device and inode of a file, which a snapshot's key
// records so that it is never read for another file.
func fileID(fi os.FileInfo) (dev, ino uint64, ok bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return uint64(st.Dev), uint64(st.Ino), true
}
