package stdlib

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
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

// readLine returns the next physical line with its line break; the slice is
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
	return line, nil
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
	raw, err := t.readLine()
	if err != nil {
		return err
	}
	start := t.line
	t.line++
	t.cells, t.quoted = t.cells[:0], t.quoted[:0]
	if line := trimEOL(raw); bytes.IndexByte(line, '"') < 0 {
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
	// Quotes: a quoted cell may hold line breaks, so gather lines until the
	// quotes balance. The breaks inside keep their bytes (\r\n stays \r\n);
	// only the record's own is cut.
	t.quotedRec = append(t.quotedRec[:0], raw...)
	for bytes.Count(t.quotedRec, []byte{'"'})%2 != 0 {
		more, err := t.readLine()
		if err != nil {
			t.line = start
			return fmt.Errorf("a quoted cell is not closed")
		}
		t.line++
		t.quotedRec = append(t.quotedRec, more...)
	}
	return t.splitQuoted(trimEOL(t.quotedRec))
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
