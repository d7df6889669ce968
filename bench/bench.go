// Package bench holds the service's benchmarks (in *_test.go; see
// BENCHMARKS.md). They make their corpora on demand in temporary folders
// with package gen; nothing here runs under a plain go test ./....
//
// The load benchmark compares the loader with Cayley's own bulk write of
// the same quads, so this package imports Cayley besides graph: it
// measures Cayley itself.
package bench
