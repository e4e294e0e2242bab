package stdlib

import (
	"fmt"
	"io"
	"strconv"
)

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
