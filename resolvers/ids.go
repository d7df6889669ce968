package resolvers

import (
	"encoding/base64"
	"strings"

	"github.com/medkg/medkg/graph/kg"
)

// Global ids are "<type>/<key>": an entity's kind (its GraphQL type name) and
// canonical name, e.g. "Hospital/苏州大学附属第一医院", or "Document/<file>".
// Names may contain "/", kinds never do, so ids split at the first one.

// kindDocument is the id prefix of documents, which are not entities.
const kindDocument kg.Kind = "Document"

// nodeID returns the global id of the node of kind with key (name or file).
func nodeID(kind kg.Kind, key string) string {
	return string(kind) + "/" + key
}

// entityID returns the global id of an entity.
func entityID(ref kg.EntityRef) string {
	return nodeID(ref.Kind, ref.Name)
}

// parseID splits a global id into its kind and key; ok is false when id has
// no "/" or an empty part.
func parseID(id string) (kind kg.Kind, key string, ok bool) {
	k, key, ok := strings.Cut(id, "/")
	if !ok || k == "" || key == "" {
		return "", "", false
	}
	return kg.Kind(k), key, true
}

// Cursors are the base64url of the edge's global id: opaque to clients, stable
// while the node exists, and still a position in the sorted list after it is
// gone.

// encodeCursor returns the cursor of the node of kind with key.
func encodeCursor(kind kg.Kind, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(nodeID(kind, key)))
}

// decodeCursor returns the key in a cursor made by a list of kind. It returns
// an *ArgumentError for the argument "after" if the cursor is malformed or
// comes from another list.
func decodeCursor(kind kg.Kind, cursor string) (string, error) {
	return decodeCursorArg(kind, cursor, "after")
}

// decodeCursorArg is decodeCursor for the argument arg.
func decodeCursorArg(kind kg.Kind, cursor, arg string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return "", &ArgumentError{Arg: arg, Reason: "malformed cursor"}
	}
	k, key, ok := parseID(string(b))
	if !ok {
		return "", &ArgumentError{Arg: arg, Reason: "malformed cursor"}
	}
	if k != kind {
		return "", &ArgumentError{Arg: arg, Reason: "cursor is not from this list"}
	}
	return key, nil
}
