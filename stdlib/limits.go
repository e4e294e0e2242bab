package stdlib

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/dop251/goja"
)

// The stdlib's own Go loops do not see the VM's interrupts: a loop that
// decompresses, parses a table or joins two frames runs to its end however
// long it takes. They check the run's context every so often instead (a
// time limit or an interrupt cancels it), and before they make something
// big they ask Options.Reserve whether the run may have the memory.

// checkEvery is how many rows (or megabytes) go by between two checks.
const checkEvery = 4096

// longestSleep is the longest sleep(ms) there is: a time.Duration holds 292 years.
const longestSleep = math.MaxInt64 / int64(time.Millisecond)

func (o Options) check(n int64) error {
	if o.Context == nil {
		o.Context = context.Background
	}
	if err := o.Context().Err(); err != nil {
		return err
	}
	if o.Reserve != nil && n > 0 {
		if err := o.Reserve(n); err != nil {
			return &boundError{err}
		}
	}
	return nil
}

// boundError is Reserve's refusal.
type boundError struct{ err error }

func (e *boundError) Error() string { return e.err.Error() }
func (e *boundError) Unwrap() error { return e.err }

// rangeError throws a RangeError, the error JavaScript gives for a size or a
// count out of bounds.
func rangeError(vm *goja.Runtime, format string, args ...any) {
	ctor := vm.Get("RangeError")
	if ctor == nil {
		panic(vm.NewGoError(fmt.Errorf(format, args...)))
	}
	e, err := vm.New(ctor, vm.ToValue(fmt.Sprintf(format, args...)))
	if err != nil {
		panic(err)
	}
	panic(e)
}

// fail throws err as the stdlib throws errors, a RangeError when it is a bound.
func fail(vm *goja.Runtime, where string, err error) {
	if where != "" {
		where += ": "
	}
	var b *boundError
	if errors.As(err, &b) {
		ctor := vm.Get("RangeError")
		e, cerr := vm.New(ctor, vm.ToValue(fmt.Sprintf("%s%v", where, err)))
		if cerr != nil {
			panic(cerr)
		}
		CarryGoError(vm, e, b.err) // the runtime's MemoryLimitError, for the embedder
		panic(e)
	}
	throw(vm, "%s%v", where, err)
}

// sleepDuration converts sleep's argument, refusing what is not a wait.
func sleepDuration(vm *goja.Runtime, arg goja.Value) time.Duration {
	ms := arg.ToFloat()
	switch {
	case math.IsNaN(ms) || ms < 0:
		panic(vm.NewTypeError("sleep: expected milliseconds, got %s", arg))
	case ms > float64(longestSleep):
		rangeError(vm, "sleep: %s ms is longer than the longest sleep, %d ms (292 years)", arg, longestSleep)
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// readAllBounded reads r whole under the run's bounds (see ReadBounded).
func (o Options) readAllBounded(r io.Reader) ([]byte, error) {
	return ReadBounded(r, o.check)
}

// ReadBounded reads r whole, asking check before the buffer grows (with the
// bytes of the new buffer) and every megabyte (with 0): the output of a
// decompressor can be a thousand times its input, a download as big as a
// server likes. check's error ends the read.
func ReadBounded(r io.Reader, check func(n int64) error) ([]byte, error) {
	const chunk = 1 << 20
	if err := check(chunk); err != nil {
		return nil, err
	}
	buf := make([]byte, 0, chunk)
	next := chunk
	for {
		if len(buf) == cap(buf) {
			// The new buffer is twice the old, which stays until collected.
			if err := check(int64(2 * cap(buf))); err != nil {
				return nil, err
			}
			grown := make([]byte, len(buf), 2*cap(buf))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) >= next {
			next += chunk
			if err := check(0); err != nil {
				return nil, err
			}
		}
	}
}

// tableGuard checks the run while a table is read: every checkEvery rows it
// asks for three times the bytes read since the last check (a parsed cell
// takes two to three times its text).
func (o Options) tableGuard() func(read int64) error {
	var last int64
	return func(read int64) error {
		n := 3 * (read - last)
		last = read
		return o.check(n)
	}
}
