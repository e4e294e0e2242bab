package stdlib

import (
	"errors"
	"io"
	"sync"
)

// asyncWriter writes to w on a goroutine of its own, a block at a time, so
// that compressing a file goes on while its contents are made: a frame
// written as CSV.gz took the time of formatting it plus that of gzip, and
// takes the longer of the two where there is a second core. Write copies
// into the block being filled and returns; Close writes the rest, waits for
// the goroutine and returns the first error w gave, which later Writes
// also return.
type asyncWriter struct {
	w    io.Writer
	buf  []byte      // the block being filled
	full chan []byte // blocks for the goroutine to write
	free chan []byte // blocks written, to fill again
	done chan struct{}

	mu  sync.Mutex
	err error
}

const (
	asyncBlock  = 256 << 10
	asyncBlocks = 3 // one being filled, two being written or waiting to be
)

var errAborted = errors.New("aborted")

func newAsyncWriter(w io.Writer) *asyncWriter {
	a := &asyncWriter{w: w, full: make(chan []byte, asyncBlocks), free: make(chan []byte, asyncBlocks), done: make(chan struct{})}
	for range asyncBlocks - 1 {
		a.free <- make([]byte, 0, asyncBlock)
	}
	a.buf = make([]byte, 0, asyncBlock)
	go a.run()
	return a
}

func (a *asyncWriter) run() {
	defer close(a.done)
	for b := range a.full {
		if a.failed() == nil {
			if _, err := a.w.Write(b); err != nil {
				a.fail(err)
			}
		}
		a.free <- b[:0]
	}
}

func (a *asyncWriter) failed() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

func (a *asyncWriter) fail(err error) {
	a.mu.Lock()
	if a.err == nil {
		a.err = err
	}
	a.mu.Unlock()
}

func (a *asyncWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if err := a.failed(); err != nil {
			return n - len(p), err
		}
		k := copy(a.buf[len(a.buf):cap(a.buf)], p)
		a.buf, p = a.buf[:len(a.buf)+k], p[k:]
		if len(a.buf) == cap(a.buf) {
			a.full <- a.buf
			a.buf = <-a.free
		}
	}
	return n, nil
}

// Close writes what is left and waits until everything is written.
func (a *asyncWriter) Close() error {
	if a.buf != nil {
		if len(a.buf) > 0 {
			a.full <- a.buf
		}
		a.buf = nil
		close(a.full)
	}
	<-a.done
	return a.failed()
}

// abort ends the goroutine without writing what is left.
func (a *asyncWriter) abort() {
	a.fail(errAborted)
	a.Close()
}
