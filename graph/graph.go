// Package graph stores the knowledge graph (whose types are package kg's)
// in a Cayley quad store: its vocabulary of IRIs, and all access to the
// store. Nothing outside this package imports Cayley.
//
// Where things go: a new query is a function of package query over the
// Index, and its GraphQL field a resolver in resolvers/ that translates to
// it; a new attribute of an entity is a field of kg.Entity, a
// predicate in vocab.go, a quad in extractedQuads (store.go), a column of
// the summary's entity line (summary.go), a case in the index's entity
// attributes (index.go) and in verify.go's comparison. Issue 14 asks to
// shorten the second path with an index package of its own; it is not
// built yet.
package graph

import "errors"

// ErrNotFound is returned when an entity or document is not in the store.
var ErrNotFound = errors.New("graph: not found")
