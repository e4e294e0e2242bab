package stdlib

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// ConvertTSV writes a TSV stream (the assignments export) to path, as CSV
// or TSV by the path's name (.csv or .tsv, each maybe .gz or .zst), row by
// row in flat memory: toloka.getAssignmentsDf(pool, {out: path}). The file
// is what reading the stream into a DataFrame and writing it to path would
// give, cell for cell (convertTable), and appears only once complete. It
// returns how many rows it wrote.
func ConvertTSV(vm *goja.Runtime, r io.Reader, path string) (int, error) {
	convert, err := TSVConverter(vm)
	if err != nil {
		return 0, err
	}
	return convert(context.Background(), r, path)
}

// TSVConverter is ConvertTSV for another goroutine than vm's
// (toloka.async's): called on vm's, it takes vm's options, and the
// function it returns touches vm no more. That function stops when ctx or
// the run ends.
func TSVConverter(vm *goja.Runtime) (func(ctx context.Context, r io.Reader, path string) (int, error), error) {
	d, ok := binderOf(vm)
	if !ok {
		return nil, errNoRegister
	}
	opts := d.opts
	return func(ctx context.Context, r io.Reader, path string) (int, error) {
		if opts.NoFiles {
			return 0, fmt.Errorf("writing %s: file access is switched off in this runtime", path)
		}
		delim, err := tableDelimiter(path)
		if err != nil {
			return 0, err
		}
		check := func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return opts.check(0)
		}
		if err := check(); err != nil {
			return 0, err
		}
		rows := 0
		err = writeAtomic(path, func(w io.Writer) error {
			rows, err = convertTable(r, '\t', w, delim, "assignments export", check)
			return err
		})
		return rows, err
	}, nil
}

// CheckTablePath reports whether path names a file ConvertTSV can write:
// .csv or .tsv, then maybe .gz or .zst.
func CheckTablePath(path string) error {
	_, err := tableDelimiter(path)
	return err
}

// tableDelimiter is the delimiter a table file's name asks for.
func tableDelimiter(path string) (byte, error) {
	name := strings.TrimSuffix(strings.TrimSuffix(path, ".gz"), ".zst")
	switch {
	case strings.HasSuffix(name, ".csv"):
		return ',', nil
	case strings.HasSuffix(name, ".tsv"):
		return '\t', nil
	}
	return 0, fmt.Errorf("%q must end in .csv or .tsv (then .gz or .zst to compress it)", path)
}

// convertTable copies a table from r to w, the delimiter changed, each cell
// typed as readTable types it and written as writeTable writes that value:
// the same text as a read and a write through a frame, without holding the
// table. check is asked every checkEvery rows whether to go on.
func convertTable(r io.Reader, delim byte, w io.Writer, outDelim byte, name string, check func() error) (rows int, err error) {
	t := newTableReader(r, delim)
	if err := t.next(); err != nil {
		if err == io.EOF {
			_, err = w.Write([]byte{'\n'}) // as a frame without columns writes
			return 0, err
		}
		return 0, fmt.Errorf("%s:%d: %v", name, t.line, err)
	}
	names := make([]string, len(t.cells))
	for i, c := range t.cells {
		names[i] = string(c)
	}
	special := specialBytes(outDelim)
	buf := appendRow(make([]byte, 0, 64<<10), names, outDelim, true)
	for {
		start := t.line
		err := t.next()
		if err == io.EOF {
			_, err = w.Write(buf)
			return rows, err
		}
		if err != nil {
			return rows, fmt.Errorf("%s:%d: %v", name, start, err)
		}
		if len(t.cells) == 1 && len(t.cells[0]) == 0 && !t.quoted[0] && len(names) != 1 {
			continue // a blank line
		}
		if len(t.cells) != len(names) {
			return rows, fmt.Errorf("%s:%d: %d cells, but the header has %d columns", name, start, len(t.cells), len(names))
		}
		for i, c := range t.cells {
			if i > 0 {
				buf = append(buf, outDelim)
			}
			buf = appendTyped(buf, c, t.quoted[i], special)
		}
		buf = append(buf, '\n')
		if rows++; rows%checkEvery == 0 {
			if err := check(); err != nil {
				return rows, fmt.Errorf("%s:%d: %w", name, start, err)
			}
		}
		if len(buf) >= 60<<10 {
			if _, err := w.Write(buf); err != nil {
				return rows, err
			}
			buf = buf[:0]
		}
	}
}

// appendTyped appends a cell read as text as the value it reads as
// (builder.cell) is written (cellWriter): quoted, a string; unquoted,
// nothing for null, a boolean as it is, a number as a number is written,
// anything else a string.
func appendTyped(buf, s []byte, quoted bool, special *[256]bool) []byte {
	switch {
	case quoted:
	case len(s) == 0:
		return buf
	case string(s) == "true", string(s) == "false":
		return append(buf, s...)
	case looksNumeric(s):
		if x, err := strconv.ParseFloat(string(s), 64); err == nil {
			return strconv.AppendFloat(buf, x, 'f', -1, 64)
		}
	}
	return appendCell(buf, s, special, false)
}
