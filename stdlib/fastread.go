package stdlib

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// tableReader reads delimited records a line at a time: a line without quotes
// is cut at the delimiters in place, and only lines with quotes go through the
// quote-aware path. The cells are slices of its buffer until the next record.
type tableReader struct {
	br     *bufio.Reader
	delim  byte
	line   int // the line the next record starts on
	record []byte
	// quotedRec holds a record with quotes, which may span lines.
	quotedRec []byte
	cells     [][]byte
	quoted    []bool
	read      int64 // bytes read so far
}

func newTableReader(r io.Reader, delim byte) *tableReader {
	return &tableReader{br: bufio.NewReaderSize(r, 256<<10), delim: delim, line: 1}
}

// readLine returns the next physical line without its line break; the slice is
// valid until the next call.
func (t *tableReader) readLine() ([]byte, error) {
	line, err := t.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		t.record = append(t.record[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = t.br.ReadSlice('\n')
			t.record = append(t.record, line...)
		}
		line = t.record
	}
	if err != nil && !(err == io.EOF && len(line) > 0) {
		return nil, err
	}
	t.read += int64(len(line))
	return trimEOL(line), nil
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// next reads one record into t.cells and t.quoted.
func (t *tableReader) next() error {
	line, err := t.readLine()
	if err != nil {
		return err
	}
	start := t.line
	t.line++
	t.cells, t.quoted = t.cells[:0], t.quoted[:0]
	if bytes.IndexByte(line, '"') < 0 {
		for {
			i := bytes.IndexByte(line, t.delim)
			if i < 0 {
				t.cells = append(t.cells, line)
				t.quoted = append(t.quoted, false)
				return nil
			}
			t.cells = append(t.cells, line[:i])
			t.quoted = append(t.quoted, false)
			line = line[i+1:]
		}
	}
	// Quotes: a quoted cell may hold line breaks, so gather lines until the quotes balance.
	t.quotedRec = append(t.quotedRec[:0], line...)
	for bytes.Count(t.quotedRec, []byte{'"'})%2 != 0 {
		more, err := t.readLine()
		if err != nil {
			t.line = start
			return fmt.Errorf("a quoted cell is not closed")
		}
		t.line++
		t.quotedRec = append(append(t.quotedRec, '\n'), more...)
	}
	return t.splitQuoted(t.quotedRec)
}

// splitQuoted cuts a record with quotes into cells, unquoting them in place:
// each cell's text is moved back to where the one before it ended (it only
// ever shrinks), so the cells are slices of rec and nothing is allocated.
func (t *tableReader) splitQuoted(rec []byte) error {
	i, w := 0, 0 // reading at i, writing at w <= i
	for {
		start := w
		if i < len(rec) && rec[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(rec[i:], '"')
				if j < 0 {
					return fmt.Errorf("a quoted cell is not closed")
				}
				w += copy(rec[w:], rec[i:i+j])
				i += j + 1
				if i < len(rec) && rec[i] == '"' {
					rec[w] = '"'
					w, i = w+1, i+1
					continue
				}
				break
			}
			t.cells = append(t.cells, rec[start:w])
			t.quoted = append(t.quoted, true)
			if i == len(rec) {
				return nil
			}
			if rec[i] != t.delim {
				return fmt.Errorf("unexpected %q after a closing quote", rec[i])
			}
			i++
			continue
		}
		j := bytes.IndexByte(rec[i:], t.delim)
		if j < 0 {
			j = len(rec) - i
		}
		w += copy(rec[w:], rec[i:i+j])
		t.cells = append(t.cells, rec[start:w])
		t.quoted = append(t.quoted, false)
		if i += j; i == len(rec) {
			return nil
		}
		i++
	}
}

// readTable parses delimited text into a frame. name is used in errors.
func readTable(r io.Reader, delim byte, name string) (*Frame, error) {
	return readTableSized(r, delim, name, 0)
}

// tableOptions say how to read a table's first row.
type tableOptions struct {
	header bool     // the first row names the columns
	names  []string // the columns' names: instead of a header row, or replacing it
	// guard, when not nil, is asked every checkEvery rows with the bytes
	// read so far: the run's context and memory budget (limits.go).
	guard func(read int64) error
}

// readTableSized is readTable for input of about size bytes (0: unknown).
func readTableSized(r io.Reader, delim byte, name string, size int64) (*Frame, error) {
	return readTableWith(r, delim, name, size, tableOptions{header: true})
}

// readTableWith reads a table as opts say. Once the first rows show how long
// a row is, the columns are sized for the whole file at once: growing them by
// doubling copies every cell twice over and holds old and new arrays together
// at the peak.
func readTableWith(r io.Reader, delim byte, name string, size int64, opts tableOptions) (*Frame, error) {
	t := newTableReader(r, delim)
	if err := t.next(); err != nil {
		if err == io.EOF {
			return newFrame(opts.names), nil
		}
		return nil, fmt.Errorf("%s:%d: %v", name, t.line, err)
	}
	var names []string
	firstIsData := !opts.header
	switch {
	case opts.names != nil:
		if len(opts.names) != len(t.cells) {
			return nil, fmt.Errorf("%s:1: %d names given, but the row has %d cells", name, len(opts.names), len(t.cells))
		}
		names = opts.names
	case opts.header:
		names = make([]string, len(t.cells))
		for i, c := range t.cells {
			names[i] = string(c)
		}
	default:
		names = make([]string, len(t.cells)) // pandas' names for columns without a header: 0, 1, …
		for i := range names {
			names[i] = strconv.Itoa(i)
		}
	}
	// One builder per column, typing each cell as it comes; the strings
	// they copy share blocks.
	cols := make([]*builder, len(names))
	strs := &arena{}
	for i := range cols {
		cols[i] = newBuilder(strs)
	}
	add := func() {
		for i, c := range t.cells {
			cols[i].cell(c, t.quoted[i])
		}
	}
	if firstIsData {
		add()
	}
	for {
		start := t.line
		err := t.next()
		if err == io.EOF {
			f := newFrame(names)
			for i, b := range cols {
				f.cols[i] = b.column()
			}
			return f, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, start, err)
		}
		if len(t.cells) == 1 && len(t.cells[0]) == 0 && !t.quoted[0] && len(names) != 1 {
			continue // a blank line
		}
		if len(t.cells) != len(names) {
			what := "the header has"
			if !opts.header {
				what = "the first row has"
			}
			return nil, fmt.Errorf("%s:%d: %d cells, but %s %d columns", name, start, len(t.cells), what, len(names))
		}
		add()
		rows := cols[0].c.n
		if opts.guard != nil && rows%checkEvery == 0 {
			if err := opts.guard(int64(t.read)); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, start, err)
			}
		}
		if rows == 256 && size > 0 {
			want := int(float64(size)/float64(t.read)*float64(rows)*1.02) + 16
			for _, b := range cols {
				b.reserve(want)
			}
		}
	}
}
