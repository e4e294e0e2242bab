package stdlib

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/mattn/go-runewidth"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// layout is how a frame is drawn: the width to fit and the rows to show.
type layout struct {
	width, maxRows int
	colors         bool
}

// layout reads print's and toString's options {width, maxRows}; the width
// is the terminal's (or 80) unless told.
func (d *dfBinder) layout(optsV goja.Value, where string, colors bool) layout {
	l := layout{width: 80, maxRows: 20, colors: colors}
	if d.opts.Width != nil {
		if w := d.opts.Width(); w > 0 {
			l.width = w
		}
	}
	o := options(d.vm, optsV, where, "width", "maxRows")
	if v := option(o, "width"); v != nil {
		if n, ok := v.Export().(int64); !ok || n < 20 {
			panic(d.vm.NewTypeError("%s: option width: expected a number of columns (20 or more), got %s", where, jsvalue.Describe(v)))
		}
		l.width = int(v.ToInteger())
	}
	if v := option(o, "maxRows"); v != nil {
		if n, ok := v.Export().(int64); !ok || n < 1 {
			panic(d.vm.NewTypeError("%s: option maxRows: expected a number of rows (1 or more), got %s", where, jsvalue.Describe(v)))
		}
		l.maxRows = int(v.ToInteger())
	}
	return l
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strings.NewReplacer("\n", "⏎", "\t", "→", "\r", "").Replace(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return jsonText(v)
}

// width is how many columns s takes on a terminal (wide characters take two).
// It goes rune by rune: grapheme clusters would pull in tables the size of a
// small program, for emoji sequences a table rarely holds.
func width(s string) int {
	n := 0
	for _, r := range s {
		n += runewidth.RuneWidth(r)
	}
	return n
}

// cut shortens s to w columns, ending it with … when it was longer.
func cut(s string, w int) string {
	if width(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := runewidth.RuneWidth(r)
		if n+rw > w-1 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return b.String() + "…"
}

// pad fills s with spaces to w columns, on the left (numbers) or the right.
func pad(s string, w int, left bool) string {
	gap := strings.Repeat(" ", max(0, w-width(s)))
	if left {
		return gap + s
	}
	return s + gap
}

// render draws the frame as an aligned table that fits l.width: the widest
// columns are cut first (a cell ends with …), and when even narrow columns
// do not fit, the middle ones give way to a … column. A long frame shows
// its first and last rows around a … row.
func render(f *Frame, l layout) string {
	const gap, minCol = 2, 6
	n := f.Len()
	rows := seq(0, n)
	cutRows := n > l.maxRows
	if cutRows {
		head := (l.maxRows + 1) / 2
		rows = append(seq(0, head), seq(n-(l.maxRows-head), n)...)
	}
	// Column 0 is the row number.
	cols := len(f.names) + 1
	text := make([][]string, len(rows))
	for i, r := range rows {
		line := make([]string, cols)
		line[0] = strconv.Itoa(r)
		for c := range f.names {
			line[c+1] = cellText(f.cols[c].at(r))
		}
		text[i] = line
	}
	header := append([]string{""}, f.names...)
	widths := make([]int, cols)
	for c := range cols {
		widths[c] = width(header[c])
		for _, line := range text {
			widths[c] = max(widths[c], width(line[c]))
		}
	}
	total := func(ws []int) int {
		t := 0
		for _, w := range ws {
			t += w + gap
		}
		return t - gap
	}
	// Cut the widest data column by a column at a time until the table fits.
	for total(widths) > l.width {
		widest := 0
		for c := 1; c < cols; c++ {
			if widest == 0 || widths[c] > widths[widest] {
				widest = c
			}
		}
		if widest == 0 || widths[widest] <= minCol {
			break
		}
		widths[widest]--
	}
	// Still too wide: keep the first and last columns that fit, … between.
	shown := seq(0, cols)
	if total(widths) > l.width && cols > 2 {
		left, right := []int{0}, []int{}
		used := widths[0] + gap + 1 // the … column
		for lo, hi := 1, cols-1; lo <= hi; {
			if w := widths[lo] + gap; used+w <= l.width {
				left, used = append(left, lo), used+w
				lo++
			} else {
				break
			}
			if lo > hi {
				break
			}
			if w := widths[hi] + gap; used+w <= l.width {
				right, used = append([]int{hi}, right...), used+w
				hi--
			} else {
				break
			}
		}
		shown = append(append(left, -1), right...)
	}
	numeric := func(c, i int) bool { return c > 0 && dtypeOf(f.cols[c-1].at(rows[i])) == "number" }
	var b strings.Builder
	for j, c := range shown {
		if j > 0 {
			b.WriteString(strings.Repeat(" ", gap))
		}
		if c < 0 {
			b.WriteString("…")
			continue
		}
		h := pad(cut(header[c], widths[c]), widths[c], false)
		if l.colors {
			h = "\x1b[1m" + h + "\x1b[0m"
		}
		b.WriteString(h)
	}
	b.WriteString("\n")
	for i, line := range text {
		if cutRows && i == (l.maxRows+1)/2 {
			b.WriteString("…\n")
		}
		var row strings.Builder
		for j, c := range shown {
			if j > 0 {
				row.WriteString(strings.Repeat(" ", gap))
			}
			if c < 0 {
				row.WriteString("…")
				continue
			}
			s := cut(line[c], widths[c])
			if c == 0 || numeric(c, i) {
				row.WriteString(pad(s, widths[c], true))
			} else {
				row.WriteString(pad(s, widths[c], false))
			}
		}
		b.WriteString(strings.TrimRight(row.String(), " ") + "\n")
	}
	fmt.Fprintf(&b, "[%d rows × %d columns]", n, len(f.names))
	return b.String()
}

func dtypeOf(v any) string {
	if _, ok := v.(float64); ok {
		return "number"
	}
	return ""
}

func isJSONPath(v goja.Value) bool {
	s, ok := v.Export().(string)
	if !ok {
		return false
	}
	for _, ext := range []string{".json", ".json.gz", ".json.zst", ".jsonl"} {
		if strings.HasSuffix(s, ext) {
			return true
		}
	}
	return false
}
