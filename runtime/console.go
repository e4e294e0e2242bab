package runtime

import (
	"fmt"
	"os"
	"strings"

	"github.com/dop251/goja"
)

// installConsole defines console.log and friends, printing values with Inspect
// (strings as they are) and without the timestamps of Go's log package.
func (r *Runtime) installConsole() {
	vm := r.vm
	c := vm.NewObject()
	print := func(w func(string)) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			parts := make([]string, len(call.Arguments))
			for i, a := range call.Arguments {
				if s, ok := a.Export().(string); ok {
					parts[i] = s
				} else {
					parts[i] = r.Inspect(a, InspectOptions{Colors: r.opts.Color})
				}
			}
			w(strings.Join(parts, " ") + "\n")
			return goja.Undefined()
		}
	}
	out := func(s string) { fmt.Fprint(r.opts.Stdout, s) }
	errOut := func(s string) { fmt.Fprint(r.opts.Stderr, s) }
	for _, name := range []string{"log", "info", "debug", "trace"} {
		c.Set(name, print(out))
	}
	for _, name := range []string{"warn", "error"} {
		c.Set(name, print(errOut))
	}
	vm.Set("console", c)
}

// exitSignal interrupts the VM when a script calls process.exit.
type exitSignal struct{ code int }

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
	p.Set("exit", func(call goja.FunctionCall) goja.Value {
		code := 0
		if len(call.Arguments) > 0 {
			code = int(call.Argument(0).ToInteger())
		}
		vm.Interrupt(exitSignal{code})
		r.timers.stopAll() // nothing runs after exit
		return goja.Undefined()
	})
	vm.Set("process", p)
}

func (r *Runtime) setArgv(script string, args []string) {
	argv := []any{"tolokash", script}
	for _, a := range args {
		argv = append(argv, a)
	}
	r.vm.Get("process").ToObject(r.vm).Set("argv", argv)
}
