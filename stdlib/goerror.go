package stdlib

import (
	"github.com/dop251/goja"
)

// The exceptions thrown for a failed API call (bindings) or a refused
// allocation carry the Go error they were made from, so that an embedder
// whose script does not catch one gets the *client.APIError (or
// OperationFailedError, the runtime's MemoryLimitError, …) back from the
// run and can match it with errors.As and errors.Is. It hides under a symbol
// of its own, not enumerable: scripts, JSON.stringify and util.inspect do
// not see it, and a script cannot change what it holds.

var goErrorKey = goja.NewSymbol("tolokash.goError")

// goErrorBox holds the error with no exported field, so a script reading
// the symbol's value gets an object it can do nothing with.
type goErrorBox struct{ err error }

// CarryGoError attaches err to the exception e.
func CarryGoError(vm *goja.Runtime, e *goja.Object, err error) {
	e.DefineDataPropertySymbol(goErrorKey, vm.ToValue(goErrorBox{err}), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
}

// GoError is the Go error an exception carries (CarryGoError), or nil.
// Reading it runs no script code unless v is a Proxy (whose trap runs).
func GoError(v goja.Value) error {
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	if p := obj.GetSymbol(goErrorKey); p != nil {
		if box, ok := p.Export().(goErrorBox); ok {
			return box.err
		}
	}
	return nil
}
