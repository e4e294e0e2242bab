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
// quote-aware path. Cell values are interned per column, so the labels,
// statuses and worker ids an export repeats are held once.
type tableReader struct {
	br     *bufio.Reader
	delim  byte
	line   int // the line the next record starts on
	record []byte
	cells  [][]byte
	quoted []bool
	intern []map[string]any
	seen   []int // values read per column, to give up interning columns of unique values
	read   int64 // bytes read so far
}

const internLimit = 1 << 16 // distinct values a column keeps interned; past it, values are its own

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
	rec := append([]byte(nil), line...)
	for bytes.Count(rec, []byte{'"'})%2 != 0 {
		more, err := t.readLine()
		if err != nil {
			t.line = start
			return fmt.Errorf("a quoted cell is not closed")
		}
		t.line++
		rec = append(append(rec, '\n'), more...)
	}
	return t.splitQuoted(rec)
}

func (t *tableReader) splitQuoted(rec []byte) error {
	i := 0
	for {
		if i < len(rec) && rec[i] == '"' {
			var cell []byte
			i++
			for {
				j := bytes.IndexByte(rec[i:], '"')
				if j < 0 {
					return fmt.Errorf("a quoted cell is not closed")
				}
				cell = append(cell, rec[i:i+j]...)
				i += j + 1
				if i < len(rec) && rec[i] == '"' {
					cell = append(cell, '"')
					i++
					continue
				}
				break
			}
			t.cells = append(t.cells, cell)
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
			t.cells = append(t.cells, rec[i:])
			t.quoted = append(t.quoted, false)
			return nil
		}
		t.cells = append(t.cells, rec[i:i+j])
		t.quoted = append(t.quoted, false)
		i += j + 1
	}
}

// value converts the c-th cell of the current record, interning by column.
func (t *tableReader) value(c int) any {
	b, quoted := t.cells[c], t.quoted[c]
	if !quoted && len(b) == 0 {
		return nil
	}
	for len(t.intern) <= c {
		t.intern = append(t.intern, map[string]any{})
		t.seen = append(t.seen, 0)
	}
	m := t.intern[c]
	if m == nil { // a column of (nearly) unique values: interning would only cost
		if quoted {
			return string(b)
		}
		return cell{text: string(b)}.value()
	}
	if t.seen[c]++; t.seen[c] == 4096 && len(m) > 2048 {
		t.intern[c] = nil
	}
	key := string(b) // no allocation for a map lookup
	if quoted {
		if v, ok := m["\x00"+key]; ok { // quoted and unquoted "42" differ
			return v
		}
	} else if v, ok := m[key]; ok {
		return v
	}
	var v any
	if quoted {
		v = string(b)
	} else {
		v = cell{text: string(b)}.value()
	}
	if len(m) < internLimit {
		if quoted {
			m["\x00"+string(b)] = v
		} else {
			m[string(b)] = v
		}
	}
	return v
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
	f := newFrame(names)
	if firstIsData {
		for i := range t.cells {
			f.cols[i] = append(f.cols[i], t.value(i))
		}
	}
	for {
		start := t.line
		err := t.next()
		if err == io.EOF {
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
		for i := range t.cells {
			f.cols[i] = append(f.cols[i], t.value(i))
		}
		if opts.guard != nil && len(f.cols[0])%checkEvery == 0 {
			if err := opts.guard(int64(t.read)); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, start, err)
			}
		}
		if rows := len(f.cols[0]); rows == 256 && size > 0 {
			want := int(float64(size)/float64(t.read)*float64(rows)*1.02) + 16
			for i := range f.cols {
				f.cols[i] = append(make([]any, 0, want), f.cols[i]...)
			}
		}
	}
}
