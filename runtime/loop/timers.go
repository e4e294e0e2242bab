package loop

import (
	"container/heap"
	"fmt"
	"time"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// Timer is one setTimeout, setInterval or setImmediate.
type Timer struct {
	id        int64
	kind      string // Timeout, Interval, Immediate
	fn        goja.Callable
	args      []goja.Value
	delay     time.Duration
	when      time.Time
	seq       int64
	index     int  // in the heap; -1 when not in it
	ref       bool // keeps the loop alive
	cancelled bool
	handle    *goja.Object
}

// Install defines setTimeout, setInterval, setImmediate, their clear
// functions and queueMicrotask. Timer handles are Timeout objects as in node
// (ref, unref, hasRef, refresh, close; a number when converted), and the
// clear functions take the handle or its number.
func (l *Loop) Install() {
	vm := l.vm
	for _, kind := range []string{"Timeout", "Interval", "Immediate"} {
		vm.Set("set"+kind, func(call goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(call.Argument(0))
			if !ok {
				panic(vm.NewTypeError("set%s: the callback must be a function, got %s", kind, jsvalue.Describe(call.Argument(0))))
			}
			t := &Timer{kind: kind, fn: fn, ref: true, index: -1}
			rest := call.Arguments
			if kind != "Immediate" {
				if len(rest) > 1 {
					ms := rest[1].ToFloat()
					if ms >= 1 && ms < 1<<31 { // node: outside 1..2^31-1 means 1 ms
						t.delay = time.Duration(ms * float64(time.Millisecond))
					}
				}
				if t.delay < time.Millisecond {
					t.delay = time.Millisecond
				}
				if len(rest) > 2 {
					t.args = rest[2:]
				}
			} else if len(rest) > 1 {
				t.args = rest[1:]
			}
			l.seq++
			t.id = l.seq
			l.byID[t.id] = t
			l.refs++
			if kind == "Immediate" {
				l.enqueue(func() error { return l.fire(t) })
			} else {
				l.schedule(t)
			}
			return l.handleOf(t)
		})
		vm.Set("clear"+kind, func(call goja.FunctionCall) goja.Value {
			if t := l.timerOf(call.Argument(0)); t != nil {
				l.clear(t)
			}
			return goja.Undefined()
		})
	}
	vm.Set("queueMicrotask", func(call goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			panic(vm.NewTypeError("queueMicrotask: the callback must be a function, got %s", jsvalue.Describe(call.Argument(0))))
		}
		// A promise reaction is a microtask: it runs before the next job.
		p, resolve, _ := vm.NewPromise()
		then, _ := goja.AssertFunction(vm.ToValue(p).ToObject(vm).Get("then"))
		then(vm.ToValue(p), vm.ToValue(func(goja.FunctionCall) goja.Value {
			if _, err := fn(goja.Undefined()); err != nil {
				panic(err)
			}
			return goja.Undefined()
		}))
		resolve(goja.Undefined())
		return goja.Undefined()
	})
}

func (l *Loop) schedule(t *Timer) {
	t.when = time.Now().Add(t.delay)
	t.seq = l.seq
	l.seq++
	heap.Push(&l.timers, t)
	if t.index == 0 {
		l.rearm()
	}
}

// fire runs a timer's callback; an interval is scheduled again first, so a
// callback that clears it wins.
func (l *Loop) fire(t *Timer) error {
	if t.cancelled {
		return nil
	}
	if t.kind == "Interval" {
		l.schedule(t)
	} else {
		l.done(t)
	}
	if _, err := t.fn(goja.Undefined(), t.args...); err != nil {
		return err
	}
	return nil
}

// done forgets a timer that will not run again.
func (l *Loop) done(t *Timer) {
	if t.cancelled {
		return
	}
	t.cancelled = true
	delete(l.byID, t.id)
	if t.ref {
		l.refs--
	}
}

func (l *Loop) clear(t *Timer) {
	if t.index >= 0 {
		heap.Remove(&l.timers, t.index)
	}
	l.done(t)
}

// handleOf is the Timeout object of t, built on a prototype shared by all.
func (l *Loop) handleOf(t *Timer) goja.Value {
	vm := l.vm
	if l.proto == nil {
		l.proto = l.timerPrototype()
	}
	h := vm.CreateObject(l.proto)
	h.DefineDataProperty("_timer", vm.ToValue(t), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	t.handle = h
	return h
}

func (l *Loop) timerOf(v goja.Value) *Timer {
	switch x := v.(type) {
	case *goja.Object:
		if t, ok := x.Get("_timer").Export().(*Timer); ok {
			return t
		}
	case nil:
		return nil
	}
	if goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	return l.byID[v.ToInteger()]
}

func (l *Loop) timerPrototype() *goja.Object {
	vm := l.vm
	proto := vm.NewObject()
	self := func(call goja.FunctionCall) *Timer {
		t := l.timerOf(call.This)
		if t == nil {
			panic(vm.NewTypeError("not a timer"))
		}
		return t
	}
	setRef := func(t *Timer, on bool) {
		if t.ref != on && !t.cancelled {
			if on {
				l.refs++
			} else {
				l.refs--
			}
		}
		t.ref = on
	}
	method := func(name string, fn func(t *Timer, call goja.FunctionCall) goja.Value) {
		proto.DefineDataProperty(name, vm.ToValue(func(call goja.FunctionCall) goja.Value { return fn(self(call), call) }),
			goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	method("ref", func(t *Timer, call goja.FunctionCall) goja.Value { setRef(t, true); return call.This })
	method("unref", func(t *Timer, call goja.FunctionCall) goja.Value { setRef(t, false); return call.This })
	method("hasRef", func(t *Timer, _ goja.FunctionCall) goja.Value { return vm.ToValue(t.ref) })
	method("refresh", func(t *Timer, call goja.FunctionCall) goja.Value {
		if !t.cancelled && t.index >= 0 {
			heap.Remove(&l.timers, t.index)
			l.schedule(t)
		}
		return call.This
	})
	method("close", func(t *Timer, call goja.FunctionCall) goja.Value { l.clear(t); return call.This })
	proto.SetSymbol(goja.SymToPrimitive, func(call goja.FunctionCall) goja.Value { return vm.ToValue(self(call).id) })
	proto.SetSymbol(jsvalue.Symbol(vm, jsvalue.Inspect), func(call goja.FunctionCall) goja.Value {
		t := self(call)
		state := ""
		if t.cancelled {
			state = ", done"
		} else if !t.ref {
			state = ", unref"
		}
		if t.kind == "Immediate" {
			return vm.ToValue(fmt.Sprintf("Immediate { id: %d%s }", t.id, state))
		}
		return vm.ToValue(fmt.Sprintf("%s { id: %d, delay: %d ms%s }", t.kind, t.id, t.delay.Milliseconds(), state))
	})
	return proto
}
