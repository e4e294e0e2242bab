package stdlib

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/dop251/goja"
)

// Options configures Register.
type Options struct {
	// Context returns the context of the run in progress: sleep ends when it is cancelled.
	Context func() context.Context
	Stdout  io.Writer // DataFrame.print
	Color   bool      // color DataFrame.print's header
	// Width is how many columns a printed table may take (the terminal's);
	// nil or 0 means 80.
	Width func() int
	// NoFiles refuses file access (DataFrame.readCSV, toCSV(path), …) for untrusted scripts.
	NoFiles bool
	NoEnv   bool // env is empty
	// Reserve, when set, is asked before the stdlib makes something big
	// (decompressed bytes, a table read from a stream, a join): may the run
	// take n more bytes of memory? Its error ends the operation with a
	// RangeError. The runtime's memory budget answers it.
	Reserve func(n int64) error
}

// Register installs the globals DataFrame, sleep and env into vm.
func Register(vm *goja.Runtime, opts Options) error {
	if opts.Context == nil {
		opts.Context = context.Background
	}
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	s := stateOf(vm)
	s.mu.Lock()
	s.opts = opts
	s.mu.Unlock()
	d := &dfBinder{vm: vm, opts: opts}
	if err := d.install(); err != nil {
		return err
	}
	vm.Set("sleep", func(call goja.FunctionCall) goja.Value {
		t := time.NewTimer(sleepDuration(vm, call.Argument(0)))
		defer t.Stop()
		select {
		case <-t.C:
		case <-opts.Context().Done(): // an interrupt arrives right after
		}
		return goja.Undefined()
	})
	env := vm.NewObject()
	if !opts.NoEnv {
		for _, kv := range os.Environ() {
			if k, v, ok := strings.Cut(kv, "="); ok {
				env.Set(k, v)
			}
		}
	}
	vm.Set("env", env)
	return nil
}

// DataFrameFromTSV parses a TSV stream (the assignments export) into a JS DataFrame.
func DataFrameFromTSV(vm *goja.Runtime, r io.Reader) (goja.Value, error) {
	d, ok := binderOf(vm)
	if !ok {
		return nil, errNoRegister
	}
	f, err := readTableWith(r, '\t', "assignments export", 0, tableOptions{header: true, guard: d.opts.tableGuard()})
	if err != nil {
		return nil, err
	}
	return d.wrap(f), nil
}

// LazyGlobal defines the global name with a getter that builds the value on
// first use and then leaves it as a plain writable global, as if it had been
// set at start. Assigning to it first replaces it without building it.
// It keeps the start of every run cheap: most scripts never touch most globals.
func LazyGlobal(vm *goja.Runtime, name string, build func() goja.Value) {
	global := vm.GlobalObject()
	settle := func(v goja.Value) {
		global.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
	}
	getter := vm.ToValue(func(goja.FunctionCall) goja.Value {
		v := build()
		settle(v)
		return v
	})
	setter := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		settle(call.Argument(0))
		return goja.Undefined()
	})
	global.DefineAccessorProperty(name, getter, setter, goja.FLAG_TRUE, goja.FLAG_TRUE)
}

// NewError is a JavaScript Error carrying a Go error: a person sees "Error:
// message" (not goja's "GoError"), and Go code that gets the exception back
// still finds err with errors.Is and errors.As. When err is about a file,
// the Error's code is node's (ENOENT, EACCES, …) and its path the file's.
func NewError(vm *goja.Runtime, err error) *goja.Object {
	e := vm.NewGoError(err)
	e.DefineDataProperty("name", vm.ToValue("Error"), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	e.DefineDataProperty("value", vm.ToValue(err), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if code := errnoCode(pe.Err); code != "" {
			e.Set("code", code)
		}
		e.Set("path", pe.Path)
	}
	return e
}

func errnoCode(err error) string {
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "ENOENT"
	case errors.Is(err, fs.ErrPermission):
		return "EACCES"
	case errors.Is(err, fs.ErrExist):
		return "EEXIST"
	case errors.As(err, &errno):
		switch errno {
		case syscall.EISDIR:
			return "EISDIR"
		case syscall.ENOTDIR:
			return "ENOTDIR"
		case syscall.ENOSPC:
			return "ENOSPC"
		}
	}
	return ""
}

// fileError is an error about a file, said once: "fs.readFile: cannot read
// a.txt: no such file or directory", still unwrapping to the *fs.PathError
// (NewError gives it node's code from there).
func fileError(where, verb, path string, err error) error {
	reason := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err.Error()
	}
	return &fileErr{msg: fmt.Sprintf("%s: cannot %s %s: %s", where, verb, path, reason), err: err}
}

type fileErr struct {
	msg string
	err error
}

func (e *fileErr) Error() string { return e.msg }
func (e *fileErr) Unwrap() error { return e.err }
