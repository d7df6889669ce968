package graphtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	"github.com/medkg/medkg/graph"
)

// PostgresEnv names the environment variable that gives the PostgreSQL
// server the postgres tests run against: a connection URL of a role that
// may create databases, e.g.
// "postgres://kg@127.0.0.1:5432/postgres?sslmode=disable". .ci/run starts
// a server and sets it; where it is unset, the postgres tests skip.
const PostgresEnv = "KG_TEST_POSTGRES"

var databases atomic.Int64

// PostgresURL returns the connection URL of a new, empty database on the
// server PostgresEnv names, dropped when the test ends; it skips the test
// when PostgresEnv is unset. Each test gets its own database, so packages
// tested in parallel do not meet.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	conn := os.Getenv(PostgresEnv)
	if conn == "" {
		tb.Skipf("%s is not set (.ci/run sets it)", PostgresEnv)
	}
	u, err := url.Parse(conn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		tb.Fatalf("%s=%q: want a postgres:// URL", PostgresEnv, conn)
	}
	name := fmt.Sprintf("kgtest_%d_%d", os.Getpid(), databases.Add(1))
	admin, err := sql.Open("postgres", conn) // lib/pq, registered by Cayley's postgres backend
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		tb.Fatalf("create database %s: %v", name, err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// OpenPostgres returns a store in a new database on the server
// PostgresEnv names, closed and dropped when the test ends; it skips the
// test when PostgresEnv is unset.
func OpenPostgres(tb testing.TB) *graph.Store {
	tb.Helper()
	conn := PostgresURL(tb)
	s, err := graph.Open(context.Background(), "postgres", conn)
	if err != nil {
		tb.Fatalf("open postgres store: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close postgres store: %v", err)
		}
	})
	return s
}
