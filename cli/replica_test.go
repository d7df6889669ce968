package cli

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/medkg/medkg/graph/graphtest"
)

// replicaEnv names a streaming replica of the server graphtest.PostgresEnv
// names, e.g. "postgres://kg@127.0.0.1:54321/postgres?sslmode=disable";
// .ci/run starts one.
const replicaEnv = "KG_TEST_POSTGRES_REPLICA"

// TestPostgresReplica is the scale-out story: one writer kg serve on the
// primary and one reader kg serve on a streaming replica, each its own
// process. The reader answers as the writer does; a document ingested
// through the writer is answered by the reader within its --refresh
// interval (plus the replica's lag); killing the reader loses nothing,
// and a new reader answers at once with everything.
func TestPostgresReplica(t *testing.T) {
	replica := os.Getenv(replicaEnv)
	if replica == "" {
		t.Skipf("%s is not set (.ci/run sets it)", replicaEnv)
	}
	primaryDB := graphtest.PostgresURL(t) // a new database, dropped at the end
	p, err := url.Parse(primaryDB)
	if err != nil {
		t.Fatal(err)
	}
	r, err := url.Parse(replica)
	if err != nil {
		t.Fatal(err)
	}
	r.Path = p.Path // the replica has every database of the primary
	replicaDB := r.String()

	const refresh = time.Second
	kg := kgBinary(t, t.TempDir())
	writer := startProcess(t, kg, "--db", "postgres", "--dbpath", primaryDB, "--refresh", refresh.String(), "--write-token", hostileToken)
	waitReplicated(t, primaryDB, replicaDB)
	reader := startProcess(t, kg, "--db", "postgres", "--dbpath", replicaDB, "--refresh", refresh.String())

	for _, q := range backendQueries {
		if w, rd := rawQuery(t, writer.url, q), rawQuery(t, reader.url, q); w != rd {
			t.Errorf("%s:\nthe reader answers %s\nthe writer %s", q, rd, w)
		}
	}

	// A document ingested through the writer reaches the reader.
	doc := map[string]any{"file": "replica/new.txt", "text": "2025年江苏常州出现耳鸣去哪家医院好\n常州二院耳鼻咽喉科看耳鸣。\n"}
	if res := post(t, writer.url, hostileToken, ingestMutation, doc); len(res.Errors) > 0 {
		t.Fatalf("ingest through the writer: %+v", res.Errors)
	}
	start := time.Now()
	waitDocument(t, reader.url, "replica/new.txt", 10*refresh)
	t.Logf("the reader answered with the new document %v after the writer took it (--refresh %v)", time.Since(start).Round(time.Millisecond), refresh)

	// Killing the reader loses nothing: it writes nothing, and a new
	// reader answers with all of it.
	proc, err := os.FindProcess(reader.pid)
	if err != nil {
		t.Fatal(err)
	}
	if err := proc.Kill(); err != nil {
		t.Fatal(err)
	}
	waitDocument(t, writer.url, "replica/new.txt", 0)
	again := startProcess(t, kg, "--db", "postgres", "--dbpath", replicaDB, "--refresh", refresh.String())
	waitDocument(t, again.url, "replica/new.txt", 0)
	for _, q := range backendQueries {
		if w, rd := rawQuery(t, writer.url, q), rawQuery(t, again.url, q); w != rd {
			t.Errorf("after the reader was killed, %s:\na new reader answers %s\nthe writer %s", q, rd, w)
		}
	}
}

// waitReplicated waits until the replica holds as many quads as the
// primary: a reader started before would find no tables and, on a
// read-only server, could not make them.
func waitReplicated(t *testing.T, primary, replica string) {
	t.Helper()
	count := func(conn string) int64 {
		db, err := sql.Open("postgres", conn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int64
		if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM quads").Scan(&n); err != nil {
			return -1 // not there yet
		}
		return n
	}
	want := count(primary)
	if want <= 0 {
		t.Fatalf("the writer loaded nothing into the primary (%d quads)", want)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		if count(replica) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica does not have the primary's %d quads after a minute", want)
		}
	}
}

// waitDocument waits until the server at base answers with a document,
// for up to within (0: it must answer at once).
func waitDocument(t *testing.T, base, file string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var out struct {
			Document *struct{ File string }
		}
		query(t, base, `{ document(file: "`+file+`") { file } }`, &out)
		if out.Document != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not answer with %s (waited %v)", base, file, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
