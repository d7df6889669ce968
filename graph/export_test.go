package graph

// RaceDetector tells the package's external tests whether bolt can run.
const RaceDetector = raceDetector
