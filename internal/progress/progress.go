// Package progress shows progress of long loads on a terminal and stays
// silent everywhere else: when the output is not a terminal (pipes, files,
// cron), when CI is set, or when the user asked for quiet.
//
// It wraps github.com/schollz/progressbar; callers only say how far they
// are.
package progress

import (
	"io"
	"os"
	"sync"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Enabled reports whether progress should be drawn on w: w is a terminal,
// quiet is false and the CI variable is unset (getenv nil means os.Getenv).
func Enabled(w io.Writer, quiet bool, getenv func(string) string) bool {
	if quiet {
		return false
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	if getenv("CI") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Bytes is a byte-count progress bar per stage; a new stage replaces the
// previous bar. The zero of Bytes is unusable; use NewBytes.
type Bytes struct {
	w     io.Writer
	mu    sync.Mutex
	stage string
	bar   *progressbar.ProgressBar
}

// NewBytes returns a bar that draws on w, or nil when progress is not
// wanted; a nil *Bytes ignores every call.
func NewBytes(w io.Writer, enabled bool) *Bytes {
	if !enabled {
		return nil
	}
	return &Bytes{w: w}
}

// Update sets the stage's progress; total < 0 means unknown.
func (b *Bytes) Update(stage string, done, total int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if stage != b.stage || b.bar == nil {
		if b.bar != nil {
			b.bar.Finish()
		}
		b.stage = stage
		b.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(stage),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100_000_000),
			progressbar.OptionClearOnFinish(),
		)
	}
	b.bar.Set64(done)
}

// Done clears the bar.
func (b *Bytes) Done() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bar != nil {
		b.bar.Finish()
		b.bar = nil
	}
}
