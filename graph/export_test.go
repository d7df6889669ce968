package graph

import "github.com/medkg/medkg/graph/kg"

// RaceDetector tells the package's external tests whether bolt can run.
const RaceDetector = raceDetector

// DirSize is the bytes of the files of a store's folder (compact_test.go).
var DirSize = dirSize

// Hooks for ingest_test.go (package graph_test).

// PauseWriter keeps the store's background writer, and every write-out,
// from writing to Cayley until resume is called, so that a test sees
// documents while they are pending.
func PauseWriter(s *Store) (resume func()) {
	s.ingest.fmu.Lock()
	return s.ingest.fmu.Unlock
}

// JournalRecord is the journal record a new document's extraction is
// taken in as.
func JournalRecord(ex *kg.Extraction) ([]byte, error) {
	quads, _, err := extractionQuads(ex)
	if err != nil {
		return nil, err
	}
	return journalRecord(quads)
}

// JournalQuads is how many quads a new document's extraction adds.
func JournalQuads(ex *kg.Extraction) (int, error) {
	quads, _, err := extractionQuads(ex)
	return len(quads), err
}
