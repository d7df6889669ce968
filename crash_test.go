package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/medkg/medkg/graph"
)

// TestCrashDuringLoad kills a real kg load with SIGKILL in the middle of
// a generated corpus, twice, then runs kg load again to the end: the store
// opens after each kill, and ends with exactly the quads of an
// uninterrupted load into another store.
func TestCrashDuringLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a large load in subprocesses; skipped under -short")
	}
	ctx := context.Background()
	dir := t.TempDir()
	kg := filepath.Join(dir, "kg")
	if out, err := exec.Command("go", "build", "-o", kg, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	corpus := filepath.Join(dir, "corpus")
	if out, err := exec.Command(kg, "gen", "--docs", "150", "--out", corpus).CombinedOutput(); err != nil {
		t.Fatalf("kg gen: %v\n%s", err, out)
	}
	run := func(dbpath string, kill time.Duration) (time.Duration, error) {
		t.Helper()
		cmd := exec.Command(kg, "load", "--db", "bolt", "--dbpath", dbpath, corpus)
		cmd.Stdout, cmd.Stderr = nil, nil
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if kill > 0 {
			timer := time.AfterFunc(kill, func() { cmd.Process.Signal(syscall.SIGKILL) })
			defer timer.Stop()
		}
		err := cmd.Wait()
		return time.Since(start), err
	}
	count := func(dbpath string) int64 {
		t.Helper()
		s, err := graph.Open(ctx, "bolt", dbpath)
		if err != nil {
			t.Fatalf("open the store: %v", err)
		}
		defer s.Close()
		n, err := s.QuadCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	clean := filepath.Join(dir, "clean.db")
	took, err := run(clean, 0)
	if err != nil {
		t.Fatalf("uninterrupted kg load: %v", err)
	}
	want := count(clean)
	t.Logf("uninterrupted load: %d quads in %s", want, took.Round(time.Millisecond))

	crashed := filepath.Join(dir, "crashed.db")
	for i, at := range []time.Duration{took / 2, took * 2 / 3} {
		_, err := run(crashed, at)
		if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("kill %d at %s: kg load ended with %v, not killed; make the corpus larger", i+1, at.Round(time.Millisecond), err)
		}
		n := count(crashed)
		t.Logf("killed at %s: the store opens with %d quads", at.Round(time.Millisecond), n)
		if n > want {
			t.Errorf("killed at %s: %d quads, more than the %d of a whole load", at.Round(time.Millisecond), n, want)
		}
	}
	if _, err := run(crashed, 0); err != nil {
		t.Fatalf("kg load after the kills: %v", err)
	}
	if got := count(crashed); got != want {
		t.Fatalf("after the kills and a new load: %d quads, want %d", got, want)
	}
	if got, w := storeQuads(t, Config{DB: "bolt", DBPath: crashed}), storeQuads(t, Config{DB: "bolt", DBPath: clean}); !slices.Equal(got, w) {
		t.Fatalf("after the kills and a new load the quads differ from an uninterrupted load's")
	}
}
