package runtime

import (
	"context"
	"maps"
	"reflect"
	"slices"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"
)

// Go values going into JavaScript: what Set, RegisterModule and Call's
// arguments make of them. goja's ToValue does most of it; the runtime adds
// functions that take the run's context and plain namespaces of Go values.

// Set defines the global name as v, converted so:
//
//	nil                            null
//	bool, string, ints, floats     boolean, string, number
//	*big.Int                       bigint
//	map[string]any                 an object of its entries, each converted by these rules (a copy:
//	                               later changes to the map are not seen); a namespace of functions
//	func(ctx context.Context, …)   a function that gets the run's context (cancelled when the run is
//	                               interrupted or its deadline passes), then the script's arguments
//	func(…)                        a function; its arguments are converted to the parameters' Go types
//	                               (a number to an int, an object to a struct by its json tags or to a
//	                               map, an array to a slice: a mismatch is a TypeError), its result to
//	                               JavaScript by these rules; a non-nil error as its last result throws,
//	                               and uncaught, comes back from the run as that error (errors.Is)
//	struct, *struct                an object whose fields (named by their json tags) and methods
//	                               (lowerCamelCase) read and write through to the Go value
//	[]T, map[K]V                   an array-like or an object that reads and writes through to the slice or map
//	goja.Value                     itself
//
// Everything else as goja.Runtime.ToValue converts it. Call Set between
// runs, from the goroutine that runs scripts.
func (r *Runtime) Set(name string, v any) error { return r.vm.Set(name, r.toJS(v)) }

// RegisterModule makes require(name) return an object of exports, each
// converted as Set converts values: Go functions, constants, namespaces.
// The module is built when a script first requires it, once per runtime.
// An Untrusted runtime gives its scripts the modules registered so.
func (r *Runtime) RegisterModule(name string, exports map[string]any) {
	r.reg.RegisterNativeModule(name, func(vm *goja.Runtime, module *goja.Object) {
		module.Set("exports", r.toJS(exports))
	})
}

// RegisterModuleLoader makes require(name) return what loader builds from
// goja values: the escape hatch for a module RegisterModule cannot express
// (classes, getters, functions that read goja.FunctionCall).
func (r *Runtime) RegisterModuleLoader(name string, loader require.ModuleLoader) {
	r.reg.RegisterNativeModule(name, loader)
}

// VM returns the underlying goja runtime: the escape hatch for what the
// Go-typed methods cannot do. Use it only between runs, or inside a Go
// function the script called, from the goroutine that runs scripts.
func (r *Runtime) VM() *goja.Runtime { return r.vm }

// toJS converts v as Set documents.
func (r *Runtime) toJS(v any) goja.Value {
	switch x := v.(type) {
	case goja.Value:
		return x
	case map[string]any:
		obj := r.vm.NewObject()
		for _, k := range slices.Sorted(maps.Keys(x)) { // the map's order is random; Object.keys' is not
			obj.Set(k, r.toJS(x[k]))
		}
		return obj
	}
	if f := withContext(v, r.context); f != nil {
		return r.vm.ToValue(f)
	}
	return r.vm.ToValue(v)
}

var typeOfContext = reflect.TypeFor[context.Context]()

// withContext makes fn, a function whose first parameter is a
// context.Context, into one without it that passes ctx() there; anything
// else gives nil.
func withContext(fn any, ctx func() context.Context) any {
	fv := reflect.ValueOf(fn)
	if fv.Kind() != reflect.Func || fv.IsNil() {
		return nil
	}
	ft := fv.Type()
	if ft.NumIn() == 0 || ft.In(0) != typeOfContext {
		return nil
	}
	in := make([]reflect.Type, ft.NumIn()-1)
	for i := range in {
		in[i] = ft.In(i + 1)
	}
	out := make([]reflect.Type, ft.NumOut())
	for i := range out {
		out[i] = ft.Out(i)
	}
	variadic := ft.IsVariadic()
	return reflect.MakeFunc(reflect.FuncOf(in, out, variadic), func(args []reflect.Value) []reflect.Value {
		all := append([]reflect.Value{reflect.ValueOf(ctx())}, args...)
		if variadic {
			return fv.CallSlice(all)
		}
		return fv.Call(all)
	}).Interface()
}
