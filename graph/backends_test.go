package graph_test

import (
	"testing"

	"github.com/medkg/medkg/graph"
)

// Every backend Open offers has its capabilities decided, and they hang
// together: a snapshot is keyed by a data file in a folder of files, and a
// folder has a file that says another process has it open.
func TestBackendCapabilities(t *testing.T) {
	for _, b := range graph.Backends() {
		c, err := graph.BackendCapabilities(b)
		if err != nil {
			t.Errorf("%s: %v", b, err)
			continue
		}
		if c.Files && c.LockFile == "" {
			t.Errorf("%s: a folder of files without a lock file", b)
		}
		if (c.Snapshot || c.DataFile != "") && !c.Files {
			t.Errorf("%s: a snapshot or a data file without a folder", b)
		}
		if c.Snapshot && c.DataFile == "" {
			t.Errorf("%s: a snapshot keyed by no data file", b)
		}
		if c.Shared && c.Files {
			t.Errorf("%s: files on this machine that other processes write", b)
		}
	}
	if def, _ := graph.BackendCapabilities(""); !def.Snapshot {
		t.Error(`"" is not bolt`)
	}
	if _, err := graph.BackendCapabilities("cockroach"); err == nil {
		t.Error("cockroach has capabilities")
	}
}
