package runtime

import (
	"fmt"

	"github.com/dop251/goja"
)

// timers wraps setTimeout, setInterval and setImmediate so that a run can end
// them. The event loop drops what a timer callback throws (an interrupt
// included) and runs intervals for ever; without this a time limit or a
// Ctrl-C could not stop `setInterval(f, 1)`, and an exception thrown in a
// timer, or the interrupt of one, would end the run with no error at all.
type timers struct {
	vm   *goja.Runtime
	live map[any]pending // timers set in this run and not yet over, by handle
	err  any             // the first exception or interrupt a timer callback ended with
}

type pending struct {
	handle goja.Value
	clear  goja.Callable
}

// installTimers replaces the loop's timer globals with wrappers; call it on the loop.
func installTimers(vm *goja.Runtime) *timers {
	t := &timers{vm: vm, live: map[any]pending{}}
	for _, kind := range []string{"Timeout", "Interval", "Immediate"} {
		set, ok1 := goja.AssertFunction(vm.Get("set" + kind))
		clr, ok2 := goja.AssertFunction(vm.Get("clear" + kind))
		if !ok1 || !ok2 {
			continue
		}
		repeating := kind == "Interval"
		vm.Set("set"+kind, func(call goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(call.Argument(0))
			if !ok {
				panic(vm.NewTypeError("set%s: the callback must be a function, got %s", kind, call.Argument(0)))
			}
			var key any
			wrapped := vm.ToValue(func(inner goja.FunctionCall) goja.Value {
				if !repeating {
					delete(t.live, key)
				}
				defer func() {
					// A Go panic in a timer would otherwise end the process.
					if p := recover(); p != nil {
						t.fail(fmt.Errorf("set%s callback: Go panic: %s", kind, panicText(p)))
					}
				}()
				if _, err := fn(goja.Undefined(), inner.Arguments...); err != nil {
					t.fail(err)
				}
				return goja.Undefined()
			})
			args := append([]goja.Value{wrapped}, call.Arguments[1:]...)
			if len(call.Arguments) == 0 {
				args = args[:1]
			}
			h, err := set(goja.Undefined(), args...)
			if err != nil {
				panic(err)
			}
			if h != nil && !goja.IsUndefined(h) && !goja.IsNull(h) {
				key = h.Export()
				t.live[key] = pending{handle: h, clear: clr}
			}
			return h
		})
		vm.Set("clear"+kind, func(call goja.FunctionCall) goja.Value {
			if _, err := clr(goja.Undefined(), call.Arguments...); err != nil {
				panic(err)
			}
			if h := call.Argument(0); !goja.IsUndefined(h) && !goja.IsNull(h) {
				delete(t.live, h.Export())
			}
			return goja.Undefined()
		})
	}
	return t
}

// fail records what ended a timer callback and stops every other timer, so
// the run ends with it (as an uncaught exception ends a Node process).
func (t *timers) fail(err error) {
	if t.err == nil {
		t.err = err
	}
	t.stopAll()
}

// stopAll clears every timer still pending; call it on the loop.
func (t *timers) stopAll() {
	for key, p := range t.live {
		delete(t.live, key)
		p.clear(goja.Undefined(), p.handle) //nolint:errcheck // clearing a timer does not throw
	}
}

// reset forgets the previous run's timers and error.
func (t *timers) reset() {
	clear(t.live)
	t.err = nil
}

// panicText shows an error's or a string's text and only the type of any other
// panic value, which could hold a request and its token.
func panicText(p any) string {
	switch x := p.(type) {
	case error:
		return x.Error()
	case string:
		return x
	}
	return fmt.Sprintf("a panic with a %T", p)
}
