package graph

import (
	"database/sql"
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/lib/pq"
)

// postgresCopy is the name of Cayley's SQL backend for PostgreSQL as this
// package registers it: Cayley's own tables, reads and deletes, with a
// writer that adds a batch's nodes and quads with two COPYs and two
// INSERT … SELECTs in the batch's transaction instead of Cayley's one
// INSERT (one round trip) per node and per quad. The stored rows are the
// ones Cayley's writer stores, so either opens the other's database.
const postgresCopy = "kg-postgres"

// copyThreshold: a batch of fewer rows than this is written by Cayley's
// own statements, which cost less than creating the staging tables.
const copyThreshold = 64

func init() {
	// Cayley keeps its backends in a registry of its own; registering is
	// the only way to give its SQL store another writer.
	csql.Register(postgresCopy, csql.Registration{
		Driver:             "postgres",
		HashType:           `BYTEA`,
		BytesType:          `BYTEA`,
		HorizonType:        `BIGSERIAL`,
		TimeType:           `timestamp with time zone`,
		QueryDialect:       postgres.QueryDialect,
		ConditionalIndexes: true,
		FillFactor:         true,
		Error:              postgres.ConvError,
		Estimated: func(table string) string {
			return "SELECT reltuples::BIGINT AS estimate FROM pg_class WHERE relname='" + table + "';"
		},
		RunTx: copyTx,
	})
}

// nodeColumns are the columns of Cayley's nodes table that a node's value
// fills (csql.NodeValues picks some of them by the value's type).
var nodeColumns = []string{"value", "value_string", "datatype", "language", "iri", "bnode",
	"value_int", "value_bool", "value_float", "value_time"}

// copyTx adds nodes (with the references the batch adds to them) and quads
// in tx, as Cayley's postgres.RunTx does: a node already stored gets its
// references added; a quad already stored is skipped when opts.IgnoreDup,
// else the batch fails with cgraph.ErrQuadExists.
func copyTx(tx *sql.Tx, nodes []graphlog.NodeUpdate, quads []graphlog.QuadUpdate, opts cgraph.IgnoreOpts) error {
	if len(nodes)+len(quads) < copyThreshold {
		return postgres.RunTxPostgres(tx, nodes, quads, opts)
	}
	// Staging tables live as long as the connection and are emptied at
	// each commit; creating them when they exist costs a notice.
	if _, err := tx.Exec(`CREATE TEMP TABLE IF NOT EXISTS kg_nodes_in (LIKE nodes) ON COMMIT DELETE ROWS;
		CREATE TEMP TABLE IF NOT EXISTS kg_quads_in (subject_hash BYTEA, predicate_hash BYTEA, object_hash BYTEA, label_hash BYTEA) ON COMMIT DELETE ROWS`); err != nil {
		return fmt.Errorf("create staging tables: %w", err)
	}
	// The quads' foreign keys name nodes this transaction has just added
	// or referenced again (which locks them), so checking each of the four
	// is work that cannot fail; a superuser may skip it, as pg_restore
	// --disable-triggers does. It made the load a third faster.
	var super string
	if err := tx.QueryRow(`SHOW is_superuser`).Scan(&super); err != nil {
		return fmt.Errorf("ask for the role: %w", err)
	}
	if super == "on" {
		if _, err := tx.Exec(`SET LOCAL session_replication_role = replica`); err != nil {
			return fmt.Errorf("skip the foreign key checks: %w", err)
		}
	}
	if len(nodes) > 0 {
		if err := copyNodes(tx, nodes); err != nil {
			return err
		}
		cols := "refs, hash"
		for _, c := range nodeColumns {
			cols += ", " + c
		}
		if _, err := tx.Exec(`INSERT INTO nodes (` + cols + `) SELECT ` + cols + ` FROM kg_nodes_in
			ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs`); err != nil {
			return fmt.Errorf("insert %d nodes: %w", len(nodes), err)
		}
	}
	if len(quads) == 0 {
		return nil
	}
	if err := copyQuads(tx, quads); err != nil {
		return err
	}
	end := ""
	if opts.IgnoreDup {
		end = " ON CONFLICT DO NOTHING"
	}
	_, err := tx.Exec(`INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts)
		SELECT subject_hash, predicate_hash, object_hash, label_hash, now() FROM kg_quads_in ORDER BY 1, 2, 3` + end)
	var pe *pq.Error
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return &cgraph.DeltaError{Err: cgraph.ErrQuadExists}
	}
	if err != nil {
		return fmt.Errorf("insert %d quads: %w", len(quads), err)
	}
	return nil
}

// copyNodes copies nodes into kg_nodes_in.
func copyNodes(tx *sql.Tx, nodes []graphlog.NodeUpdate) error {
	stmt, err := tx.Prepare(pq.CopyIn("kg_nodes_in", append([]string{"refs", "hash"}, nodeColumns...)...))
	if err != nil {
		return fmt.Errorf("copy nodes: %w", err)
	}
	defer stmt.Close()
	at := make(map[string]int, len(nodeColumns))
	for i, c := range nodeColumns {
		at[c] = 2 + i
	}
	row := make([]interface{}, 2+len(nodeColumns))
	for _, n := range nodes {
		if n.RefInc < 0 {
			return fmt.Errorf("copy nodes: a node loses references in an add (%d)", n.RefInc)
		}
		typ, values, err := csql.NodeValues(csql.NodeHash{ValueHash: n.Hash}, n.Val)
		if err != nil {
			return fmt.Errorf("copy nodes: %w", err)
		}
		for i := range row {
			row[i] = nil
		}
		row[0], row[1] = n.RefInc, values[0]
		for i, c := range typ.Columns() {
			row[at[c]] = values[1+i]
		}
		if _, err := stmt.Exec(row...); err != nil {
			return fmt.Errorf("copy nodes: %w", err)
		}
	}
	if _, err := stmt.Exec(); err != nil {
		return fmt.Errorf("copy nodes: %w", err)
	}
	return nil
}

// copyQuads copies quads' node hashes into kg_quads_in.
func copyQuads(tx *sql.Tx, quads []graphlog.QuadUpdate) error {
	stmt, err := tx.Prepare(pq.CopyIn("kg_quads_in", "subject_hash", "predicate_hash", "object_hash", "label_hash"))
	if err != nil {
		return fmt.Errorf("copy quads: %w", err)
	}
	defer stmt.Close()
	row := make([]interface{}, 4)
	for _, q := range quads {
		if q.Del {
			return errors.New("copy quads: a delete among the adds")
		}
		for i, h := range q.Quad.Dirs() {
			row[i] = csql.NodeHash{ValueHash: h}.SQLValue()
		}
		if _, err := stmt.Exec(row...); err != nil {
			return fmt.Errorf("copy quads: %w", err)
		}
	}
	if _, err := stmt.Exec(); err != nil {
		return fmt.Errorf("copy quads: %w", err)
	}
	return nil
}
