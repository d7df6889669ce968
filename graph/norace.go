//go:build !race

package graph

// raceDetector is true in builds with the race detector, whose pointer
// checks (checkptr) boltdb/bolt 1.3.1 fails on its first write.
const raceDetector = false
