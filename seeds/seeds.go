// Package seeds ships the seed documents: five Chinese health pages about
// medical insurance (医保) and the hospitals recommended for symptoms. The
// service loads them into an empty store by default.
package seeds

import "embed"

// FS holds the seed documents at its root (*.txt).
//
//go:embed *.txt
var FS embed.FS
