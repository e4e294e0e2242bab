package bindings

import (
	"context"
	"fmt"

	"github.com/dop251/goja"
)

// Go code running on another goroutine (a streaming pipeline, a metric
// collector) calls JavaScript through the event loop and waits for it,
// following a Promise the call returns.

// jsThrown is a value JavaScript threw (or a Promise rejected with), kept
// to reject with as it was, stack and class included. Only the loop's
// goroutine may read it.
type jsThrown struct {
	value goja.Value
	text  string // for Error() off the loop
}

func (e *jsThrown) Error() string { return e.text }

func thrownError(v goja.Value) *jsThrown {
	text := "a JavaScript error"
	if v != nil {
		if o, ok := v.(*goja.Object); ok {
			if s := o.Get("stack"); s != nil && !goja.IsUndefined(s) {
				text = s.String()
			} else {
				text = o.String()
			}
		} else {
			text = v.String()
		}
	}
	return &jsThrown{value: v, text: text}
}

// callOnLoop runs fn on the event loop and waits until it has returned, or
// until the Promise it returned has settled; what it throws or the Promise
// rejects with is the error (a *jsThrown). It gives up when ctx ends (an
// interrupt resets the loop and drops the job).
func (b *binder) callOnLoop(ctx context.Context, fn func(vm *goja.Runtime) (goja.Value, error)) error {
	done := make(chan error, 1)
	b.opts.Loop.Enqueue(func(vm *goja.Runtime) {
		v, err := fn(vm)
		if err != nil {
			if ex, ok := err.(*goja.Exception); ok {
				done <- thrownError(ex.Value())
				return
			}
			if _, ok := err.(*goja.InterruptedError); ok {
				panic(err)
			}
			done <- err
			return
		}
		p, ok := v.(*goja.Object)
		if !ok {
			done <- nil
			return
		}
		then, ok := goja.AssertFunction(p.Get("then"))
		if !ok {
			done <- nil
			return
		}
		onOK := vm.ToValue(func(goja.FunctionCall) goja.Value { done <- nil; return goja.Undefined() })
		onErr := vm.ToValue(func(c goja.FunctionCall) goja.Value { done <- thrownError(c.Argument(0)); return goja.Undefined() })
		if _, err := then(p, onOK, onErr); err != nil {
			done <- fmt.Errorf("following a promise: %w", err)
		}
	})
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// call calls a callback: a function, or an object's method named method.
func callback(vm *goja.Runtime, cb goja.Value, method string, args ...goja.Value) (goja.Value, error) {
	if fn, ok := goja.AssertFunction(cb); ok {
		return fn(goja.Undefined(), args...)
	}
	o := cb.ToObject(vm)
	fn, ok := goja.AssertFunction(o.Get(method))
	if !ok {
		return nil, fmt.Errorf("the callback is neither a function nor an object with a %s method", method)
	}
	return fn(o, args...)
}
