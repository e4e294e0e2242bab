package lineedit

import (
	"fmt"
	"strings"

	"github.com/mattn/go-runewidth"
)

// cellWidth is how many columns r takes on the screen: tabs show as four
// spaces and other control characters as ^X.
func cellWidth(r rune) int {
	switch {
	case r == '\t':
		return 4
	case r < 0x20 || r == 0x7f:
		return 2
	}
	return max(runewidth.RuneWidth(r), 1)
}

func cellText(r rune) string {
	switch {
	case r == '\t':
		return "    "
	case r < 0x20:
		return "^" + string(r+'@')
	case r == 0x7f:
		return "^?"
	}
	return string(r)
}

func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += cellWidth(r)
	}
	return n
}

// place is a row and column of the edit area, from its top left.
type place struct{ row, col int }

// layout places every rune of buf after the prompt, wrapping at width and
// starting each line after the first with cont; it returns the place of
// each rune and of the end.
func layout(prompt, cont string, buf []rune, width int) ([]place, place) {
	places := make([]place, len(buf))
	p := place{0, textWidth(prompt)}
	for i, r := range buf {
		if r == '\n' {
			places[i] = p
			p = place{p.row + 1, textWidth(cont)}
			continue
		}
		w := cellWidth(r)
		if p.col+w > width {
			p = place{p.row + 1, 0}
		}
		places[i] = p
		p.col += w
	}
	return places, p
}

// render draws the entry and puts the cursor at pos. It starts by going back
// to the top of what it drew last time and clearing from there down.
func (s *session) render() {
	e := s.e
	width := e.width()
	var b strings.Builder
	b.WriteString("\r")
	if s.cursorRow > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", s.cursorRow)
	}
	b.WriteString("\x1b[J")
	prompt, buf, pos := s.shownPrompt(), s.buf, s.pos
	if s.search != nil {
		buf, pos = s.search.shown()
	}
	b.WriteString(prompt)
	var styles []Style
	if e.opts.Highlight != nil && s.search == nil && len(buf) > 0 {
		styles = e.opts.Highlight(buf)
	}
	current := Style(0)
	setStyle := func(st Style) {
		if st == current {
			return
		}
		if st == 0 || int(st) > len(e.opts.Palette) {
			b.WriteString("\x1b[0m")
		} else {
			if current != 0 {
				b.WriteString("\x1b[0m")
			}
			b.WriteString(e.opts.Palette[st-1])
		}
		current = st
	}
	places, end := layout(prompt, s.cont, buf, width)
	for i, r := range buf {
		if r == '\n' {
			setStyle(0)
			b.WriteString("\r\n" + s.cont)
			continue
		}
		if i > 0 && places[i].row > places[i-1].row && places[i-1].col+cellWidth(buf[i-1]) < width && buf[i-1] != '\n' {
			// A wide character that does not fit goes to the next row.
			b.WriteString("\r\n")
		}
		if i < len(styles) {
			setStyle(styles[i])
		}
		b.WriteString(cellText(r))
	}
	setStyle(0)
	if end.col >= width {
		// The terminal holds the cursor at the last column until the next
		// character: move to the next row ourselves so we know where it is.
		b.WriteString("\r\n")
		end = place{end.row + 1, 0}
	}
	cur := end
	if pos < len(buf) {
		cur = places[pos]
	}
	if end.row > cur.row {
		fmt.Fprintf(&b, "\x1b[%dA", end.row-cur.row)
	}
	b.WriteString("\r")
	if cur.col > 0 {
		fmt.Fprintf(&b, "\x1b[%dC", cur.col)
	}
	s.cursorRow = cur.row
	s.rows = end.row + 1
	e.write(b.String())
}

// hide clears the entry from the screen, leaving the cursor where it began.
func (s *session) hide() {
	var b strings.Builder
	b.WriteString("\r")
	if s.cursorRow > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", s.cursorRow)
	}
	b.WriteString("\x1b[J")
	s.cursorRow = 0
	s.e.write(b.String())
}

// finish draws the entry without the cursor inside it and moves below it.
func (s *session) finish(suffix string) {
	s.search = nil
	s.pos = len(s.buf)
	s.render()
	s.e.write(suffix + pasteOff + "\r\n")
	s.cursorRow = 0
}

// list prints items in columns below the entry, then draws the entry again.
func (s *session) list(items []string) {
	width := s.e.width()
	pos := s.pos
	s.pos = len(s.buf)
	s.render()
	s.pos = pos
	colWidth := 0
	for _, it := range items {
		colWidth = max(colWidth, textWidth(it)+2)
	}
	cols := max(1, width/max(colWidth, 1))
	rows := (len(items) + cols - 1) / cols
	var b strings.Builder
	b.WriteString("\r\n")
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			i := c*rows + r
			if i >= len(items) {
				continue
			}
			cell := items[i]
			if c < cols-1 && i+rows < len(items) {
				cell += strings.Repeat(" ", colWidth-textWidth(cell))
			}
			b.WriteString(cell)
		}
		b.WriteString("\r\n")
	}
	s.e.write(b.String())
	s.cursorRow = 0
	s.render()
}
