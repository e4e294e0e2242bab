// Package jsvalue holds what every layer that builds script values needs
// alike: the symbols by which tolokash's objects tell the shell, help() and
// each other what they are, and one way of naming a value in an error.
package jsvalue

import (
	"fmt"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// The names of the registered symbols (Symbol.for(name)) tolokash's objects
// carry, so that code in another layer, or in another VM, knows them.
const (
	Inspect   = "tolokash.inspect"   // a method: how the shell and console.log show the object
	Type      = "tolokash.type"      // the declared type (help() and completion): "DataFrame"
	Iterator  = "tolokash.iterator"  // true on lazy iterators: the shell pages them with `it`
	HasMore   = "tolokash.hasMore"   // a method of lazy iterators: whether an item is left, taking none
	Unchecked = "tolokash.unchecked" // true on require('toloka').unchecked(v): an option sent unchecked
	Models    = "tolokash.models"    // the global's cache of the model classes
)

// Symbol is Symbol.for(name) in vm: the same symbol for the same name in
// all code of the VM, scripts' included.
func Symbol(vm *goja.Runtime, name string) *goja.Symbol {
	f, _ := goja.AssertFunction(vm.Get("Symbol").ToObject(vm).Get("for"))
	v, _ := f(goja.Undefined(), vm.ToValue(name))
	return v.(*goja.Symbol)
}

// Describe names a value for an error message, after "got": undefined,
// null, a function, an array, an object, a symbol, true, a number 42.5,
// a string "x" (cut after 40 bytes).
func Describe(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "undefined"
	case goja.IsNull(v):
		return "null"
	}
	switch x := v.(type) {
	case *goja.Symbol:
		return "a symbol"
	case *goja.Object:
		if _, isFn := goja.AssertFunction(x); isFn {
			return "a function"
		}
		if x.ClassName() == "Array" {
			return "an array"
		}
		return "an object"
	}
	switch x := v.Export().(type) {
	case string:
		if len(x) > 40 {
			cut := 40
			for cut > 0 && !utf8.RuneStart(x[cut]) {
				cut-- // not inside a character
			}
			x = x[:cut] + "…"
		}
		return fmt.Sprintf("a string %q", x)
	case bool:
		return v.String()
	case int64, float64:
		return "a number " + v.String()
	}
	return v.String()
}
