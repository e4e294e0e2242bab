package stdlib

import (
	"slices"
	"strings"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// options reads the options object of a function: nil when it is absent
// (undefined or null). Anything but a plain object, or a name the function
// does not know, is a TypeError naming the function and the option, with the
// closest known name when one is close: a misspelt option is never ignored.
func options(vm *goja.Runtime, v goja.Value, where string, known ...string) *goja.Object {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	o, ok := v.(*goja.Object)
	if !ok || o.ClassName() == "Array" {
		panic(vm.NewTypeError("%s: the options must be an object {%s}, got %s", where, strings.Join(known, ", "), jsvalue.Describe(v)))
	}
	if _, isFn := goja.AssertFunction(o); isFn {
		panic(vm.NewTypeError("%s: the options must be an object {%s}, got a function", where, strings.Join(known, ", ")))
	}
	for _, k := range o.Keys() {
		if slices.Contains(known, k) {
			continue
		}
		msg := "unknown option " + k
		if s := client.Suggest(k, known); s != "" {
			msg += "; did you mean " + s + "?"
		} else {
			msg += " (options: " + strings.Join(known, ", ") + ")"
		}
		panic(vm.NewTypeError("%s: %s", where, msg))
	}
	return o
}

// option is o[name] when given.
func option(o *goja.Object, name string) goja.Value {
	if o == nil {
		return nil
	}
	v := o.Get(name)
	if v == nil || goja.IsUndefined(v) {
		return nil
	}
	return v
}
