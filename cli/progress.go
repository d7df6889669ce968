package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/medkg/medkg/loader"
	"github.com/schollz/progressbar/v3"
)

// progress shows a load on a terminal: a bar of documents with
// documents/s, and quads/s in its description. A nil *progress shows
// nothing.
type progress struct {
	bar   *progressbar.ProgressBar
	start time.Time
	quads int
}

// newProgress returns a progress bar for total documents on f, or nil when
// f is not a terminal (a pipe, a file, a test).
func newProgress(f *os.File, total int) *progress {
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &progress{
		start: time.Now(),
		bar: progressbar.NewOptions(total,
			progressbar.OptionSetWriter(f),
			progressbar.OptionSetDescription("loading"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("docs"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		),
	}
}

// add counts a loaded document.
func (p *progress) add(r loader.Result) {
	if p == nil {
		return
	}
	p.quads += r.Quads
	p.bar.Describe(fmt.Sprintf("%.0f quads/s", float64(p.quads)/time.Since(p.start).Seconds()))
	p.bar.Add(1)
}

// finish removes the bar.
func (p *progress) finish() {
	if p != nil {
		p.bar.Finish()
	}
}
