package graph

import (
	"github.com/cayleygraph/quad"
)

// A document's summary is what the in-memory Index keeps of it: its file,
// title, date and items, the entities it asserts, and where it states each
// relation and mention (item and span, without the snippet). It is written
// into the store with the document, as one string literal on the summary
// hub:
//
//	<kg:summaries> kg:summary "kgsum 1\n…" <kg:doc/<file>> .
//
// so that opening a store reads every document's summary with one prefix
// scan of the hub's quads (the kv stores index subject+predicate), not a
// scan of all quads, and so that it is written, replaced and deleted in the
// same batches as the document's other quads.
const (
	summaryHub  = quad.IRI(ns + "summaries")
	predSummary = quad.IRI(ns + "summary")
)
