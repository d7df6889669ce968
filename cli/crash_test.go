package cli

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
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
	kg := kgBinary(t, dir)
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
	// The second run skips what the first wrote (the same text) and
	// writes the rest, more than half: kill it a third of the way.
	for i, at := range []time.Duration{took / 2, took / 3} {
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

// TestCrashAfterIngest kills a real kg serve with SIGKILL right after it
// acknowledged new documents (ingestDocument), some of which its
// background writer has likely not written to Cayley yet (graph/ingest.go):
// the next open writes them from the journal, and the store then holds
// exactly the quads of a kg load of the seeds and the same documents.
func TestCrashAfterIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses; skipped under -short")
	}
	dir := t.TempDir()
	kg := kgBinary(t, dir)
	corpus := filepath.Join(dir, "corpus")
	if out, err := exec.Command(kg, "gen", "--docs", "12", "--out", corpus).CombinedOutput(); err != nil {
		t.Fatalf("kg gen: %v\n%s", err, out)
	}
	files, err := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if err != nil || len(files) != 12 {
		t.Fatalf("corpus: %v, %v", files, err)
	}

	served := filepath.Join(dir, "served.db")
	cmd := exec.Command(kg, "serve", "--addr", "127.0.0.1:0", "--dbpath", served, "--write-token", "crash")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if _, a, ok := strings.Cut(sc.Text(), "msg=listening addr="); ok {
				a, _, _ = strings.Cut(a, " ")
				select {
				case addr <- a:
				default:
				}
			}
		}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(time.Minute):
		t.Fatal("kg serve did not say where it listens")
	}
	for deadline := time.Now().Add(time.Minute); ; {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("kg serve not ready in a minute")
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := post(t, base, "crash", `mutation($f: String!, $t: String!) { ingestDocument(file: $f, text: $t) { added } }`,
			map[string]any{"f": filepath.Base(f), "t": string(text)})
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"added":`) {
			t.Fatalf("ingest %s: %s %+v", f, r.Data, r.Errors)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	journal, _ := filepath.Glob(filepath.Join(served, "journal-*.kgj"))
	t.Logf("at the kill the journal had %d segment(s)", len(journal))

	clean := filepath.Join(dir, "clean.db")
	seeds, err := filepath.Glob("../seeds/*.txt")
	if err != nil || len(seeds) == 0 {
		t.Fatalf("seeds: %v", err)
	}
	if out, err := exec.Command(kg, append([]string{"load", "--dbpath", clean, corpus}, seeds...)...).CombinedOutput(); err != nil {
		t.Fatalf("kg load: %v\n%s", err, out)
	}
	got, want := storeQuads(t, Config{DB: "bolt", DBPath: served}), storeQuads(t, Config{DB: "bolt", DBPath: clean})
	if !slices.Equal(got, want) {
		for _, l := range got {
			if _, ok := slices.BinarySearch(want, l); !ok {
				t.Logf("only served: %.300s", l)
			}
		}
		for _, l := range want {
			if _, ok := slices.BinarySearch(got, l); !ok {
				t.Logf("only loaded: %.300s", l)
			}
		}
		t.Fatalf("after the kill the served store holds %d quads, a load of the same documents %d, and they differ", len(got), len(want))
	}
	if j, _ := filepath.Glob(filepath.Join(served, "journal-*.kgj")); len(j) != 0 {
		t.Errorf("journal left after reopening: %v", j)
	}
}
