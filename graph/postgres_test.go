package graph_test

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/graph/graphtest"
)

// TestPostgresCopyWriter checks that the COPY writer graph registers for
// postgres ("kg-postgres", postgres.go) leaves the rows Cayley's own
// postgres writer leaves: the same nodes with the same reference counts,
// the same quads, after adds with duplicates (within a batch and of
// stored quads), values of every type Cayley's nodes table has a column
// for, and deletes; as a superuser (who skips the foreign key checks) and
// as a plain role. A duplicate added without IgnoreDup fails with
// ErrQuadExists on both.
func TestPostgresCopyWriter(t *testing.T) {
	for _, role := range []string{"superuser", "plain"} {
		t.Run(role, func(t *testing.T) {
			cayley, cayleyConn := openSQL(t, "postgres", role)
			ours, oursConn := openSQL(t, "kg-postgres", role)
			batches := copyBatches()
			for i, b := range batches {
				for name, qs := range map[string]cgraph.QuadStore{"cayley": cayley, "ours": ours} {
					w, err := qs.NewQuadWriter()
					if err != nil {
						t.Fatal(err)
					}
					if _, err := w.WriteQuads(b); err != nil {
						t.Fatalf("%s: batch %d: %v", name, i, err)
					}
					w.Close()
				}
			}
			del := batches[0][:40]
			for name, qs := range map[string]cgraph.QuadStore{"cayley": cayley, "ours": ours} {
				deltas := make([]cgraph.Delta, len(del))
				for i, q := range del {
					deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Delete}
				}
				if err := qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreMissing: true}); err != nil {
					t.Fatalf("%s: delete: %v", name, err)
				}
			}
			want, got := tableRows(t, cayleyConn), tableRows(t, oursConn)
			if len(want) < 200 {
				t.Fatalf("Cayley's writer left %d rows; the batches should leave hundreds", len(want))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("the COPY writer left %d rows, Cayley's %d; first difference:\n%s", len(got), len(want), firstDiff(got, want))
			}

			// A stored quad added again without IgnoreDup.
			again := make([]cgraph.Delta, 0, 100)
			for _, q := range batches[1][:100] {
				again = append(again, cgraph.Delta{Quad: q, Action: cgraph.Add})
			}
			for name, qs := range map[string]cgraph.QuadStore{"cayley": cayley, "ours": ours} {
				err := qs.ApplyDeltas(again, cgraph.IgnoreOpts{})
				var de *cgraph.DeltaError // which has no Unwrap in Cayley 0.7.7
				if !errors.As(err, &de) || de.Err != cgraph.ErrQuadExists {
					t.Errorf("%s: adding stored quads without IgnoreDup: %v; want ErrQuadExists", name, err)
				}
			}
		})
	}
}

// copyBatches are three batches of quads: values of each type, quads with
// and without a label, a duplicate within the first batch, and a second
// and third batch that repeat part of the first.
func copyBatches() [][]quad.Quad {
	at := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	var first []quad.Quad
	for i := 0; i < 150; i++ {
		s := quad.IRI(fmt.Sprintf("kg:hospital/苏州%d", i))
		label := quad.Value(quad.IRI(fmt.Sprintf("kg:doc/%d.txt", i%7)))
		if i%5 == 0 {
			label = nil
		}
		objects := []quad.Value{
			quad.String(fmt.Sprintf("苏州大学附属第%d医院", i)),
			quad.LangString{Value: "Suzhou", Lang: "en"},
			quad.TypedString{Value: quad.String(fmt.Sprint(i)), Type: "xsd:decimal"},
			quad.Int(i), quad.Bool(i%2 == 0), quad.Float(float64(i) / 3),
			quad.Time(at.Add(time.Duration(i) * time.Hour)),
			quad.BNode(fmt.Sprintf("b%d", i%11)),
		}
		first = append(first, quad.Quad{Subject: s, Predicate: quad.IRI("kg:p"), Object: objects[i%len(objects)], Label: label})
		first = append(first, quad.Quad{Subject: s, Predicate: quad.IRI("kg:in"), Object: quad.IRI("kg:city/苏州"), Label: label})
	}
	first = append(first, first[3], first[10])
	second := append([]quad.Quad{}, first[100:200]...)
	for i := 0; i < 80; i++ {
		second = append(second, quad.Quad{Subject: quad.IRI(fmt.Sprintf("kg:dept/%d", i)), Predicate: quad.IRI("kg:for"),
			Object: quad.String("皮肤紫癜"), Label: quad.IRI("kg:doc/new.txt")})
	}
	third := []quad.Quad{first[0], first[1], {Subject: quad.IRI("kg:x"), Predicate: quad.IRI("kg:p"), Object: quad.Int(1)}}
	return [][]quad.Quad{first, second, third}
}

// openSQL opens a new Cayley SQL store of flavor in a database of its own
// that role ("superuser", the role the server URL names, or "plain", a
// role that owns the database and may do nothing else) connects as.
func openSQL(t *testing.T, flavor, role string) (cgraph.QuadStore, string) {
	t.Helper()
	conn := graphtest.PostgresURL(t)
	if role == "plain" {
		conn = plainRole(t, conn)
	}
	if err := cgraph.InitQuadStore(flavor, conn, nil); err != nil {
		t.Fatalf("init %s: %v", flavor, err)
	}
	qs, err := cgraph.NewQuadStore(flavor, conn, nil)
	if err != nil {
		t.Fatalf("open %s: %v", flavor, err)
	}
	t.Cleanup(func() { qs.Close() })
	return qs, conn
}

// plainRole gives the database conn names to a new role without
// superuser rights and returns the URL that connects as it (the server
// .ci/postgres.sh starts trusts loopback connections).
func plainRole(t *testing.T, conn string) string {
	t.Helper()
	u, err := url.Parse(conn)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("postgres", conn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := strings.TrimPrefix(u.Path, "/")
	role := "plain_" + name
	for _, q := range []string{
		"CREATE ROLE " + role + " LOGIN NOSUPERUSER",
		"ALTER DATABASE " + name + " OWNER TO " + role,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		admin, err := sql.Open("postgres", os.Getenv(graphtest.PostgresEnv))
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Exec("DROP ROLE IF EXISTS " + role)
	})
	u.User = url.User(role)
	return u.String()
}

// tableRows returns Cayley's nodes and quads tables of the database conn
// names as sorted lines (the horizon and timestamps left out).
func tableRows(t *testing.T, conn string) []string {
	t.Helper()
	db, err := sql.Open("postgres", conn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	for _, q := range []string{
		`SELECT concat_ws('|', 'node', encode(hash, 'hex'), refs, encode(value, 'hex'), value_string, datatype, language,
			iri, bnode, value_int, value_bool, value_float, value_time) AS r FROM nodes ORDER BY r`,
		`SELECT concat_ws('|', 'quad', encode(subject_hash, 'hex'), encode(predicate_hash, 'hex'), encode(object_hash, 'hex'),
			encode(label_hash, 'hex')) AS r FROM quads ORDER BY r`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return out
}

// firstDiff is the first line where got and want differ.
func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return "got  " + got[i] + "\nwant " + want[i]
		}
	}
	return fmt.Sprintf("one list is a prefix of the other (%d, %d lines)", len(got), len(want))
}
