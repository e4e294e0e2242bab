package stdlib

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// sameAsFrame checks that converting text gives what reading it into a frame
// and writing that gives, for both delimiters out; and that both fail alike.
func sameAsFrame(t *testing.T, text string, delim byte) {
	t.Helper()
	for _, out := range []byte{',', '\t'} {
		var conv bytes.Buffer
		_, convErr := convertTable(strings.NewReader(text), delim, &conv, out, "in", func() error { return nil })
		f, readErr := readTable(strings.NewReader(text), delim, "in")
		if (convErr == nil) != (readErr == nil) || convErr != nil && convErr.Error() != readErr.Error() {
			t.Fatalf("%q: converting fails with %v, reading with %v", text, convErr, readErr)
		}
		if readErr != nil {
			continue
		}
		var frame bytes.Buffer
		if err := writeTable(&frame, f, out); err != nil {
			t.Fatal(err)
		}
		if conv.String() != frame.String() {
			t.Fatalf("%q to %q:\nconverted %q\nthe frame %q", text, out, conv.String(), frame.String())
		}
	}
}

// TestConvertWritesWhatTheFrameWrites: the streamed export gives the same
// text as a DataFrame read and written, cell for cell: numbers as numbers
// are written (1e3 is 1000), labels with leading zeros and quoted numbers
// as strings, quotes, delimiters and line breaks quoted, nulls empty.
func TestConvertWritesWhatTheFrameWrites(t *testing.T) {
	text := "INPUT:image\tOUTPUT:label\tGOLDEN:label\tn\tb\n" +
		"a.png\t\"cat\tor \"\"dog\"\"\"\t\t1e3\ttrue\n" +
		"b,c.png\t007\t\"42\"\t-0.50\tfalse\n" +
		"\n" +
		"\"multi\nline\"\tx\ty\t+7\t\n" +
		"d.png\t\"\"\tNaN\t1e400\tTRUE\n"
	sameAsFrame(t, text, '\t')
	var csv bytes.Buffer
	if _, err := convertTable(strings.NewReader(text), '\t', &csv, ',', "in", func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	want := "INPUT:image,OUTPUT:label,GOLDEN:label,n,b\n" +
		"a.png,\"cat\tor \"\"dog\"\"\",,1000,true\n" +
		"\"b,c.png\",007,\"42\",-0.5,false\n" +
		"\"multi\nline\",x,y,7,\n" +
		"d.png,\"\",NaN,1e400,TRUE\n"
	if csv.String() != want {
		t.Errorf("converted to\n%q\nwant\n%q", csv.String(), want)
	}
	for _, bad := range []string{"a\tb\n1\n", "a\n\"open\n", "a\tb\n\"x\"y\t1\n", ""} {
		sameAsFrame(t, bad, '\t')
	}
}

// TestConvertStopsWhenTheRunEnds: a long export ends with the run's context,
// and leaves no file behind.
func TestConvertStopsWhenTheRunEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	vm := newVM(t, Options{Context: func() context.Context { return ctx }})
	dir := t.TempDir()
	r, w := io.Pipe()
	go func() {
		w.Write([]byte("a\tb\n"))
		for i := 0; ; i++ {
			if i == 3*checkEvery {
				cancel()
			}
			if _, err := w.Write([]byte("x\t1\n")); err != nil {
				return
			}
		}
	}()
	_, err := ConvertTSV(vm, r, filepath.Join(dir, "out.csv.gz"))
	r.Close()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want the run's end", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	for path, want := range map[string]string{"out.json": "must end in .csv or .tsv", "out.csv.bz2": "must end in .csv or .tsv"} {
		if _, err := ConvertTSV(vm, strings.NewReader("a\n1\n"), filepath.Join(dir, path)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
	}
	if _, err := ConvertTSV(newVM(t, Options{NoFiles: true}), strings.NewReader("a\n1\n"), filepath.Join(dir, "x.csv")); err == nil || !strings.Contains(err.Error(), "switched off") {
		t.Errorf("NoFiles: %v", err)
	}
	n, err := ConvertTSV(newVM(t, Options{}), strings.NewReader("a\tb\n1\tx\n2\t\"y,z\"\n"), filepath.Join(dir, "ok.csv.gz"))
	if err != nil || n != 2 {
		t.Fatalf("%d rows, %v", n, err)
	}
	file, _ := os.Open(filepath.Join(dir, "ok.csv.gz"))
	defer file.Close()
	zr, err := gzip.NewReader(file)
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := io.ReadAll(zr); string(text) != "a,b\n1,x\n2,\"y,z\"\n" {
		t.Errorf("wrote %q", text)
	}
}

func FuzzConvertTable(f *testing.F) {
	for _, seed := range []string{"a\tb\n1\t2\n", "a\tb\n\"x\ty\"\t\n", "a\n\"unclosed\n", "", "a\tb\n1\n", "x\r\n1\r\n", `"a""b"` + "\n" + `""` + "\n", "n\n1e5\n007\ntrue\n\"true\"\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sameAsFrame(t, text, '\t')
		sameAsFrame(t, text, ',')
	})
}
