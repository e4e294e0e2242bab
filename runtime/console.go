package runtime

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"

	"github.com/tolokash/tolokash/stdlib"
)

// installConsole defines console (log, info, debug, warn, error, trace, dir,
// table, assert, count, time, group and their kin), util (format, inspect),
// and mongosh's print, printjson, exit and quit. Values are shown with the
// runtime's Printer: strings as they are, everything else as util.inspect
// shows it.
func (r *Runtime) installConsole() {
	vm := r.vm
	// console is built when a script first names it: its score of methods
	// would be most of what a new runtime allocates.
	stdlib.LazyGlobal(vm, "console", r.console)
	r.installGlobals()
}

func (r *Runtime) console() goja.Value {
	vm := r.vm
	c := vm.NewObject()
	group := ""
	out := func(w io.Writer) func(string) {
		return func(s string) {
			if group != "" {
				s = group + strings.ReplaceAll(s, "\n", "\n"+group)
			}
			fmt.Fprintln(w, s)
		}
	}
	stdout, stderr := out(r.opts.Stdout), out(r.opts.Stderr)
	logTo := func(w func(string)) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			w(r.format(r.printer.options(), call.Arguments))
			return goja.Undefined()
		}
	}
	set := func(name string, fn func(goja.FunctionCall) goja.Value) {
		f := vm.ToValue(fn).(*goja.Object)
		f.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		c.Set(name, f)
	}
	for _, name := range []string{"log", "info", "debug"} {
		set(name, logTo(stdout))
	}
	for _, name := range []string{"warn", "error"} {
		set(name, logTo(stderr))
	}
	set("trace", func(call goja.FunctionCall) goja.Value {
		msg := "Trace"
		if len(call.Arguments) > 0 {
			msg += ": " + r.format(r.printer.options(), call.Arguments)
		}
		var lines []string
		for _, f := range vm.CaptureCallStack(20, nil)[1:] {
			lines = append(lines, "\tat "+frameText(f))
		}
		stderr(strings.Join(append([]string{msg}, r.cleanFrames(lines)...), "\n"))
		return goja.Undefined()
	})
	set("dir", func(call goja.FunctionCall) goja.Value {
		opts := r.printer.options()
		r.inspectOptions(call.Argument(1), &opts)
		stdout(r.inspect(call.Argument(0), opts, false))
		return goja.Undefined()
	})
	set("table", func(call goja.FunctionCall) goja.Value {
		stdout(r.table(call.Argument(0), call.Argument(1)))
		return goja.Undefined()
	})
	set("assert", func(call goja.FunctionCall) goja.Value {
		if call.Argument(0).ToBoolean() {
			return goja.Undefined()
		}
		msg := "Assertion failed"
		if len(call.Arguments) > 1 {
			msg += ": " + r.format(r.printer.options(), call.Arguments[1:])
		}
		stderr(msg)
		return goja.Undefined()
	})
	var mu sync.Mutex
	counts, timers := map[string]int{}, map[string]time.Time{}
	label := func(call goja.FunctionCall) string {
		if a := call.Argument(0); !goja.IsUndefined(a) {
			return a.String()
		}
		return "default"
	}
	set("count", func(call goja.FunctionCall) goja.Value {
		mu.Lock()
		l := label(call)
		counts[l]++
		n := counts[l]
		mu.Unlock()
		stdout(fmt.Sprintf("%s: %d", l, n))
		return goja.Undefined()
	})
	set("countReset", func(call goja.FunctionCall) goja.Value { delete(counts, label(call)); return goja.Undefined() })
	set("time", func(call goja.FunctionCall) goja.Value { timers[label(call)] = time.Now(); return goja.Undefined() })
	elapsed := func(end bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			l := label(call)
			start, ok := timers[l]
			if !ok {
				stderr(fmt.Sprintf("Warning: No such label '%s' for console.time%s()", l, map[bool]string{true: "End", false: "Log"}[end]))
				return goja.Undefined()
			}
			if end {
				delete(timers, l)
			}
			msg := fmt.Sprintf("%s: %s", l, fmtDuration(time.Since(start)))
			if len(call.Arguments) > 1 {
				msg += " " + r.format(r.printer.options(), call.Arguments[1:])
			}
			stdout(msg)
			return goja.Undefined()
		}
	}
	set("timeEnd", elapsed(true))
	set("timeLog", elapsed(false))
	set("group", func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) > 0 {
			stdout(r.format(r.printer.options(), call.Arguments))
		}
		group += "  "
		return goja.Undefined()
	})
	c.Set("groupCollapsed", c.Get("group"))
	set("groupEnd", func(goja.FunctionCall) goja.Value {
		group = strings.TrimSuffix(group, "  ")
		return goja.Undefined()
	})
	return c
}

// installGlobals defines mongosh's print, printjson, exit and quit, and util.
func (r *Runtime) installGlobals() {
	vm := r.vm
	stdout := func(s string) { fmt.Fprintln(r.opts.Stdout, s) }
	logTo := func(w func(string)) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			w(r.format(r.printer.options(), call.Arguments))
			return goja.Undefined()
		}
	}
	// mongosh's printing and leaving.
	global := func(name string, fn func(goja.FunctionCall) goja.Value) {
		f := vm.ToValue(fn).(*goja.Object)
		f.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		vm.Set(name, f)
	}
	global("print", logTo(stdout))
	global("printjson", func(call goja.FunctionCall) goja.Value {
		stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
		for _, a := range call.Arguments {
			s, err := stringify(goja.Undefined(), a, goja.Null(), vm.ToValue(2))
			if err != nil {
				panic(err)
			}
			if goja.IsUndefined(s) {
				stdout("undefined")
			} else {
				stdout(s.String())
			}
		}
		return goja.Undefined()
	})
	exit := func(call goja.FunctionCall) goja.Value {
		code := 0
		if len(call.Arguments) > 0 {
			code = int(call.Argument(0).ToInteger())
		}
		vm.Interrupt(exitSignal{code})
		r.loop.Reset() // nothing runs after exit
		return goja.Undefined()
	}
	global("exit", exit)
	global("quit", exit)

	// util is node's module (format, inspect, inherits) and, as in node's
	// shell, a global.
	r.reg.RegisterNativeModule("util", func(vm *goja.Runtime, module *goja.Object) {
		module.Set("exports", r.utilModule())
	})
	stdlib.LazyGlobal(vm, "util", func() goja.Value { return require.Require(vm, "util") })
}

func fmtDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond))
	case d < time.Minute:
		return fmt.Sprintf("%.3fs", d.Seconds())
	}
	return d.Round(time.Millisecond).String()
}

// installProcess defines process: argv, env (empty when untrusted), platform, exit.
func (r *Runtime) installProcess() {
	vm := r.vm
	p := vm.NewObject()
	env := vm.NewObject()
	if !r.opts.Untrusted {
		for _, kv := range os.Environ() {
			if k, v, ok := strings.Cut(kv, "="); ok {
				env.Set(k, v)
			}
		}
	}
	p.Set("env", env)
	p.Set("platform", "linux")
	p.Set("argv", []any{"tolokash", "<eval>"})
	p.Set("exit", vm.Get("exit"))
	vm.Set("process", p)
}

func (r *Runtime) setArgv(script string, args []string) {
	argv := []any{"tolokash", script}
	for _, a := range args {
		argv = append(argv, a)
	}
	r.vm.Get("process").ToObject(r.vm).Set("argv", argv)
}
