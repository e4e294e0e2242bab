package stdlib

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestReadTableKeepsEveryCell: a table of a few thousand rows, short and
// long (past the reader's 256 KiB buffer many times over), with quoted
// cells holding delimiters, quotes and line breaks (\n and \r\n, kept as
// they were: a quoted \r\n once came back as \n), blank lines and a last
// line without its break, reads cell for cell as written; a bad row after
// 3×checkEvery good ones is named by its line.
func TestReadTableKeepsEveryCell(t *testing.T) {
	var text strings.Builder
	text.WriteString("id,note,long\n")
	var want [][3]string
	line, badLine := 2, 0
	for i := range 3*checkEvery + 700 {
		note := fmt.Sprintf("n%d", i)
		long := "s"
		switch {
		case i%5 == 1:
			note = fmt.Sprintf("a,\"b\"\r\nc%d\nd", i)
		case i > checkEvery && i < checkEvery+1500:
			long = strings.Repeat("x", 2000)
		}
		if i%997 == 0 {
			text.WriteString("\n") // a blank line
			line++
		}
		want = append(want, [3]string{fmt.Sprintf("r%d", i), note, long})
		fmt.Fprintf(&text, "r%d,%s,%s\n", i, quoteCell(note), long)
		line += 1 + strings.Count(note, "\n")
		if i == 3*checkEvery {
			badLine = line
		}
	}
	good := strings.TrimSuffix(text.String(), "\n")
	f, err := readTable(strings.NewReader(good), ',', "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if f.Len() != len(want) {
		t.Fatalf("%d rows, want %d", f.Len(), len(want))
	}
	for r, w := range want {
		for c := range w {
			if got := f.cols[c].at(r); got != w[c] {
				t.Fatalf("row %d, column %s: %q, want %q", r, f.names[c], got, w[c])
			}
		}
	}
	// A row of two cells after 3*checkEvery good ones.
	lines := strings.SplitAfter(good, "\n")
	bad := strings.Join(lines[:badLine-1], "") + "r,x\n" + strings.Join(lines[badLine-1:], "")
	_, err = readTable(strings.NewReader(bad), ',', "t.csv")
	if want := fmt.Sprintf("t.csv:%d: 2 cells, but the header has 3 columns", badLine); err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func quoteCell(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// TestReadTableStopsWithItsGuard: when the run's guard (its context and
// memory budget) says stop, the read ends with the guard's error and its
// line, and an endless input is read no further, then or later.
func TestReadTableStopsWithItsGuard(t *testing.T) {
	const row = "x\t1\n"
	in := &endless{head: "a\tb\n", row: row}
	stop := errors.New("the run's budget is spent")
	calls, atStop := 0, int64(0)
	_, err := readTableWith(in, '\t', "endless", 0, tableOptions{header: true, guard: func(int64) error {
		if calls++; calls == 2 {
			atStop = in.n.Load()
			return stop
		}
		return nil
	}})
	// Asked after every checkEvery rows: the second time at row 2×checkEvery, on line 2×checkEvery+1.
	if want := fmt.Sprintf("endless:%d: %v", 2*checkEvery+1, stop); !errors.Is(err, stop) || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
	in.done.Store(true)
	if past := in.n.Load() - atStop; past > 0 {
		t.Errorf("read %d bytes after the guard said stop", past)
	}
	time.Sleep(50 * time.Millisecond)
	if in.late.Load() {
		t.Error("the input was read after readTableWith returned")
	}
}

// endless is a header, then row for ever, 512 bytes a read; it notes a
// read after done.
type endless struct {
	head, row string
	n         atomic.Int64
	done      atomic.Bool
	late      atomic.Bool
}

func (e *endless) Read(p []byte) (int, error) {
	if e.done.Load() {
		e.late.Store(true)
		return 0, io.EOF
	}
	p = p[:min(len(p), 512)]
	k := 0
	for k < len(p) {
		at := int(e.n.Load())
		var src string
		if at < len(e.head) {
			src = e.head[at:]
		} else {
			src = e.row[(at-len(e.head))%len(e.row):]
		}
		c := copy(p[k:], src)
		k += c
		e.n.Add(int64(c))
	}
	return k, nil
}
