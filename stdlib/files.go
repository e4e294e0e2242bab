package stdlib

import (
	"encoding/json"
	"fmt"
	"io"
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

// writeAtomic writes through write into a temporary file beside path,
// compressed by extension, and renames it over path only when all went well:
// a failure leaves no half-written file.
func writeAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	var w io.Writer = tmp
	var closeZ func() error
	switch {
	case strings.HasSuffix(path, ".gz"):
		zw, _ := gzip.NewWriterLevel(tmp, gzip.BestSpeed)
		w, closeZ = zw, zw.Close
	case strings.HasSuffix(path, ".zst"):
		zw, err := zstd.NewWriter(tmp, zstd.WithEncoderLevel(zstd.SpeedFastest))
		if err != nil {
			tmp.Close()
			return err
		}
		w, closeZ = zw, zw.Close
	}
	err = write(w)
	if closeZ != nil {
		if cerr := closeZ(); err == nil {
			err = cerr
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

type ioWriter = io.Writer

// jsonRows writes records keeping the column order.
func jsonRows(f *Frame, rows []map[string]any) string {
	var b strings.Builder
	b.WriteByte('[')
	for r := range rows {
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
			b.WriteString(jsonText(f.cols[c][r]))
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String()
}
