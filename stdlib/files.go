package stdlib

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// openRead opens path, decompressing .gz and .zst by extension.
func openRead(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	switch {
	case strings.HasSuffix(path, ".gz"):
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return readCloser{zr, func() error { zr.Close(); return f.Close() }}, nil
	case strings.HasSuffix(path, ".zst"):
		zr, err := zstd.NewReader(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return readCloser{zr, func() error { zr.Close(); return f.Close() }}, nil
	}
	return f, nil
}

type readCloser struct {
	io.Reader
	close func() error
}

func (r readCloser) Close() error { return r.close() }

// atomicFile writes into a temporary file beside the target, compressed by
// extension, and appears under the target's name only on commit: a failure
// leaves no half-written file. A file that replaces another keeps its mode
// (os.CreateTemp would make it 0600); a new one gets 0666 less the umask, as
// os.Create gives. The data is on disk before the rename, so a crash right
// after it cannot leave an empty file under the target's name.
type atomicFile struct {
	path   string
	tmp    *os.File
	w      io.Writer
	closeZ func() error
	async  *asyncWriter // gzip's own goroutine, if any
	mode   os.FileMode
}

func createAtomic(path string) (*atomicFile, error) {
	mode := os.FileMode(0o666) &^ umask()
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	a := &atomicFile{path: path, tmp: tmp, w: tmp, mode: mode}
	switch {
	case strings.HasSuffix(path, ".gz"):
		// gzip compresses on a goroutine of its own (zstd has its own).
		zw, _ := gzip.NewWriterLevel(tmp, gzip.BestSpeed)
		a.async = newAsyncWriter(zw)
		a.w, a.closeZ = a.async, func() error {
			if err := a.async.Close(); err != nil {
				return err
			}
			return zw.Close()
		}
	case strings.HasSuffix(path, ".zst"):
		zw, err := zstd.NewWriter(tmp, zstd.WithEncoderLevel(zstd.SpeedFastest))
		if err != nil {
			a.abort()
			return nil, err
		}
		a.w, a.closeZ = zw, zw.Close
	}
	return a, nil
}

func (a *atomicFile) Write(p []byte) (int, error) { return a.w.Write(p) }

func (a *atomicFile) commit() error {
	var err error
	if a.closeZ != nil {
		err = a.closeZ()
	}
	if err == nil {
		err = a.tmp.Chmod(a.mode)
	}
	if err == nil {
		err = a.tmp.Sync()
	}
	if cerr := a.tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(a.tmp.Name())
		return fmt.Errorf("writing %s: %w", a.path, err)
	}
	if err := os.Rename(a.tmp.Name(), a.path); err != nil {
		os.Remove(a.tmp.Name())
		return err
	}
	syncDir(filepath.Dir(a.path))
	return nil
}

// syncDir makes a rename in dir durable; a file system that cannot sync a
// directory loses nothing the rename itself did not promise.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func (a *atomicFile) abort() {
	if a.async != nil {
		a.async.abort()
	}
	a.tmp.Close()
	os.Remove(a.tmp.Name())
}

// writeAtomic writes the whole file with write, atomically.
func writeAtomic(path string, write func(io.Writer) error) error {
	a, err := createAtomic(path)
	if err != nil {
		return err
	}
	if err := write(a); err != nil {
		a.abort()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return a.commit()
}

func jsonText(v any) string {
	if f, ok := v.(float64); ok && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return "null" // as JSON.stringify writes them: JSON has no such numbers
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

type ioWriter = io.Writer

// jsonRows writes the frame's rows as records, keeping the column order.
func jsonRows(f *Frame) string {
	var b strings.Builder
	b.WriteByte('[')
	for r := range f.Len() {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for c, n := range f.names {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteString(jsonText(n))
			b.WriteByte(':')
			b.WriteString(jsonText(f.cols[c].at(r)))
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String()
}

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, 64<<10) }

// lineReader reads lines without their line breaks.
type lineReader struct {
	r   *bufio.Reader
	err error
}

func newLineReader(r io.Reader) *lineReader { return &lineReader{r: bufio.NewReaderSize(r, 64<<10)} }

func (l *lineReader) next() (string, bool) {
	line, err := l.r.ReadString('\n')
	if err != nil && err != io.EOF {
		l.err = err
		return "", false
	}
	if line == "" && err == io.EOF {
		return "", false
	}
	return strings.TrimRight(line, "\r\n"), true
}
