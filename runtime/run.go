package runtime

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
)

// Run evaluates src as a script, runs the timers and promises it starts
// until nothing is left, and returns its completion value as plain Go
// values, made before the run ends (so under its limits, and nothing done
// with them afterwards runs the script's code). A promise is returned as
// the value it settled with; one still pending when nothing is left to run
// is an error, and one rejected is the run's error.
//
// The conversions, which json.Marshal takes as they are, follow
// JSON.stringify's:
//
//	undefined, null          nil
//	boolean, string          bool, string
//	number                   int64 when whole and within ±2^53, float64 otherwise (NaN, ±Inf too, which JSON cannot hold)
//	bigint                   *big.Int
//	Array                    []any
//	object                   map[string]any of its own enumerable string keys; functions left out
//	an object with toJSON    what toJSON returns, converted (a Date: its ISO string; a model class: its JSON)
//	Map                      map[string]any keyed by each key's string form; Set: []any
//	Uint8Array, Buffer,      []byte (a copy); other typed arrays: a copy as their Go slice ([]float64, …)
//	ArrayBuffer
//	Error                    map[string]any with name, message, stack and its own keys
//	RegExp, Symbol           its text ("/a+/g", "Symbol(x)")
//
// A cycle is cut with the string "[Circular]", a value deeper than 64
// levels with "[Too deep]", and a result of more than a million values is
// cut with "[…]".
func (r *Runtime) Run(ctx context.Context, src string) (any, error) {
	var v any
	err := r.runWith(ctx, runToIdle, func(vm *goja.Runtime) (goja.Value, error) {
		return r.runScript(vm, src)
	}, nil, &v)
	return v, exitedCleanly(err)
}

// Call calls the function a script defined under name (a global, or a path
// to one: "handlers.onTask"), with args converted as Set converts values,
// and returns its result as Run does, once the timers and promises it
// started have run: an async function's result is the value its promise
// settled with.
func (r *Runtime) Call(ctx context.Context, name string, args ...any) (any, error) {
	var v any
	err := r.runWith(ctx, runToIdle, func(vm *goja.Runtime) (goja.Value, error) {
		this, fn, err := r.function(name)
		if err != nil {
			return nil, err
		}
		jsArgs := make([]goja.Value, len(args))
		for i, a := range args {
			jsArgs[i] = r.toJS(a)
		}
		return fn(this, jsArgs...)
	}, nil, &v)
	return v, exitedCleanly(err)
}

// function finds the function at path (a name a script declared, with
// function, var, let or const, or a dotted path to a method) and the object
// it is a method of.
func (r *Runtime) function(path string) (goja.Value, goja.Callable, error) {
	vm := r.vm
	if !pathRe().MatchString(path) {
		return nil, nil, fmt.Errorf("Call: %q is not a name or a dotted path of names", path)
	}
	var this goja.Value = goja.Undefined()
	var v goja.Value
	var err error
	if i := strings.LastIndexByte(path, '.'); i < 0 {
		v, err = vm.RunString(path) // sees let and const, which the global object does not hold
	} else if this, err = vm.RunString(path[:i]); err == nil {
		if goja.IsUndefined(this) || goja.IsNull(this) {
			err = fmt.Errorf("%s is %s", path[:i], this)
		} else {
			v = this.ToObject(vm).Get(path[i+1:])
		}
	}
	if fn, ok := goja.AssertFunction(v); ok && err == nil {
		return this, fn, nil
	}
	what := "undefined"
	if err == nil && v != nil {
		what = firstLine(r.inspect(v, InspectOptions{Depth: 0}, false))
	}
	msg := fmt.Sprintf("Call: %s is not a function (it is %s)", path, what)
	if !strings.Contains(path, ".") {
		if s := client.Suggest(path, vm.GlobalObject().Keys()); s != "" {
			msg += "; did you mean " + s + "?"
		}
	}
	return nil, nil, errors.New(msg)
}

var pathRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$`)
})

var typeOfPromise = reflect.TypeOf((*goja.Promise)(nil))

// export is the value a run ended with as Go values (Run's conversions);
// a promise, settled by now, gives the value it settled with.
func (r *Runtime) export(vm *goja.Runtime, v goja.Value) (any, error) {
	if v == nil {
		return nil, nil
	}
	if o, ok := v.(*goja.Object); ok && o.ExportType() == typeOfPromise {
		p := o.Export().(*goja.Promise)
		switch p.State() {
		case goja.PromiseStatePending:
			return nil, errors.New("the run's promise never settled (nothing was left to run that could settle it)")
		case goja.PromiseStateRejected:
			return nil, r.rejection(p.Result())
		}
		v = p.Result()
	}
	return exportValue(vm, v), nil
}
