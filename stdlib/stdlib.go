package stdlib

import (
	"context"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// Options configures Register.
type Options struct {
	// Context returns the context of the run in progress: sleep ends when it is cancelled.
	Context func() context.Context
	Stdout  io.Writer // DataFrame.print
	Color   bool      // color DataFrame.print's header
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
	f, err := readTableSized(r, '\t', "assignments export", 0, d.opts.tableGuard())
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
