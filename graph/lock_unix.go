//go:build unix

package graph

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// checkUnlocked returns ErrInUse if another open file holds an exclusive
// flock on the store's lock file, as a running bolt or leveldb store does.
// Bolt 1.3.1 as Cayley opens it has no timeout and would wait forever.
func checkUnlocked(name string) error {
	f, err := os.OpenFile(name, os.O_RDONLY, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil // a new store
	}
	if err != nil {
		return fmt.Errorf("check lock: %w", err)
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrInUse
	}
	if err != nil {
		return fmt.Errorf("check lock: %w", err)
	}
	return syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
}
