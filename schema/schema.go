// Package schema is the GraphQL schema of the knowledge graph, one .graphqls
// file per group of types. gqlgen reads the files (gqlgen.yml at the
// repository root); the server serves them as written.
package schema

import "embed"

// FS holds the schema's *.graphqls files.
//
//go:embed *.graphqls
var FS embed.FS
