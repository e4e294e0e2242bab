package stdlib

import (
	"bufio"
	"io"
	"strconv"
)

// Writing tables as text (csv.go has the format): rows go into one buffer,
// cell by cell, each column writing its own kind of value, and a column of
// interned strings writes each value's cell once and copies it after.

// writeTable writes the frame with a header row.
func writeTable(w io.Writer, f *Frame, delim byte) error {
	buf := make([]byte, 0, 64<<10)
	buf = appendRow(buf, f.names, delim, true)
	cells := make([]*cellWriter, len(f.cols))
	for c, col := range f.cols {
		cells[c] = newCellWriter(col, delim)
	}
	for r := range f.Len() {
		for c, cw := range cells {
			if c > 0 {
				buf = append(buf, delim)
			}
			buf = cw.append(buf, r)
		}
		buf = append(buf, '\n')
		if len(buf) >= 60<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// cellWriter writes one column's cells.
type cellWriter struct {
	col     *column
	special *[256]bool // the bytes that make a string quoted
	delim   byte
	// For interned strings: value i's cell is text[at[i]:at[i+1]].
	text []byte
	at   []int
}

func newCellWriter(col *column, delim byte) *cellWriter {
	w := &cellWriter{col: col, special: specialBytes(delim), delim: delim}
	if col.kind == kindString && col.codes != nil && len(col.strs) <= 2*col.n {
		w.at = make([]int, 1, len(col.strs)+1)
		for _, s := range col.strs {
			w.text = w.appendString(w.text, s)
			w.at = append(w.at, len(w.text))
		}
	}
	return w
}

func (w *cellWriter) append(buf []byte, r int) []byte {
	c := w.col
	if c.null(r) {
		return buf
	}
	switch c.kind {
	case kindNumber:
		return strconv.AppendFloat(buf, c.nums[r], 'f', -1, 64)
	case kindString:
		if w.at != nil {
			code := c.codes[r]
			return append(buf, w.text[w.at[code]:w.at[code+1]]...)
		}
		return w.appendString(buf, c.str(r))
	case kindBool:
		return strconv.AppendBool(buf, c.flags.has(r))
	}
	return appendValue(buf, c.vals[r], w.delim)
}

func (w *cellWriter) appendString(buf []byte, s string) []byte {
	return appendCell(buf, s, w.special, false)
}

// specialBytes are the bytes a cell holding them must be quoted for: a
// quote, a line break, the delimiter.
func specialBytes(delim byte) *[256]bool {
	switch delim {
	case ',':
		return &commaSpecial
	case '\t':
		return &tabSpecial
	}
	t := special(delim)
	return &t
}

var commaSpecial, tabSpecial = special(','), special('\t')

func special(delim byte) [256]bool {
	t := [256]bool{'"': true, '\n': true, '\r': true}
	t[delim] = true
	return t
}

// appendCell appends s as a cell, quoted when reading it back unquoted would
// change it: for a header, only when it holds special bytes or is empty.
func appendCell[T string | []byte](buf []byte, s T, special *[256]bool, header bool) []byte {
	needs := len(s) == 0
	for i := 0; i < len(s); i++ {
		if special[s[i]] {
			needs = true
			break
		}
	}
	if !needs && !header {
		needs = readsAsOther(s)
	}
	if !needs {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		if buf = append(buf, s[i]); s[i] == '"' {
			buf = append(buf, '"')
		}
	}
	return append(buf, '"')
}

// appendValue appends a Go value as a cell.
func appendValue(buf []byte, v any, delim byte) []byte {
	switch x := v.(type) {
	case nil:
		return buf
	case string:
		return appendCell(buf, x, specialBytes(delim), false)
	case float64:
		return strconv.AppendFloat(buf, x, 'f', -1, 64)
	case bool:
		return strconv.AppendBool(buf, x)
	}
	return appendCell(buf, jsonText(v), specialBytes(delim), false)
}

// appendRow appends cells of text (a header: header true) and a line break.
func appendRow(buf []byte, cells []string, delim byte, header bool) []byte {
	special := specialBytes(delim)
	for i, s := range cells {
		if i > 0 {
			buf = append(buf, delim)
		}
		buf = appendCell(buf, s, special, header)
	}
	return append(buf, '\n')
}

// writeValues writes one row of Go values (csv.writer's rows).
func writeValues(bw *bufio.Writer, row []any, delim byte) error {
	buf := bw.AvailableBuffer()
	for c, v := range row {
		if c > 0 {
			buf = append(buf, delim)
		}
		buf = appendValue(buf, v, delim)
	}
	_, err := bw.Write(append(buf, '\n'))
	return err
}
