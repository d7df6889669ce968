// Package graph stores the knowledge graph (whose types are package kg's)
// in a Cayley quad store: its vocabulary of IRIs, the quads of a document,
// writes and deletes, the journal that takes new documents in, and the
// snippets of evidence. Nothing outside this package imports Cayley. It
// keeps the graph's structure in memory as an index.Index (package
// graph/index), which every read of an entity or relation answers from.
//
// Where things go: a new query is a function of package query over the
// index.Index, and its GraphQL field a resolver in resolvers/ that
// translates to it; a new attribute of an entity is a field of kg.Entity, a
// column of the summary's entity line (index/summary.go) and a case in
// index/apply.go's entityAttrs and derive, with a predicate in vocab.go, a
// quad in extractedQuads (store.go) and a line in verify.go's comparison.
package graph

import "errors"

// ErrNotFound is returned when an entity or document is not in the store.
var ErrNotFound = errors.New("graph: not found")
