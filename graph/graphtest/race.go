//go:build race

package graphtest

// raceDetector is true in builds with the race detector, under which
// boltdb/bolt 1.3.1 crashes (see graph.ErrRaceBolt).
const raceDetector = true
