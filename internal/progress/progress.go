// Package progress draws one-line progress bars on a terminal's stderr and
// stays silent everywhere else, so piped or logged output never fills with
// carriage returns.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
)

// IsTerminal reports whether w is a terminal a person is watching.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// Bar is one progress line. The zero value draws nothing; a Bar is meant for
// one goroutine (the one waiting for the work).
type Bar struct {
	w     io.Writer
	label string
	width int

	drawn   bool
	lastPct int
	lastMsg string
}

// New returns a bar labelled label drawing on w. The caller decides whether
// drawing is wanted (see IsTerminal and Auto); New always draws.
func New(w io.Writer, label string) *Bar {
	return &Bar{w: w, label: label, width: 30, lastPct: -1}
}

// Auto returns a bar drawing on w only when w is a terminal, and a silent one
// otherwise.
func Auto(w io.Writer, label string) *Bar {
	if !IsTerminal(w) {
		return &Bar{}
	}
	return New(w, label)
}

// Update redraws the line with percent (clamped to 0..100, since servers may
// report odd values) and a short status. Unchanged states are not redrawn:
// pollers call Update far more often than the numbers move.
func (b *Bar) Update(percent int, status string) {
	if b == nil || b.w == nil {
		return
	}
	percent = min(max(percent, 0), 100)
	if b.drawn && percent == b.lastPct && status == b.lastMsg {
		return
	}
	done := percent * b.width / 100
	fmt.Fprintf(b.w, "\r\033[K%s [%s%s] %3d%% %s", b.label,
		strings.Repeat("#", done), strings.Repeat(" ", b.width-done), percent, status)
	b.drawn, b.lastPct, b.lastMsg = true, percent, status
}

// Done erases the line so the next output starts clean. It is safe to call
// when nothing was drawn, and more than once.
func (b *Bar) Done() {
	if b == nil || b.w == nil || !b.drawn {
		return
	}
	fmt.Fprint(b.w, "\r\033[K")
	b.drawn = false
}
