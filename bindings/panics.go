package bindings

import (
	"fmt"
	"reflect"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/stdlib"
)

// recoverGoPanic turns a Go panic inside a bound method (a bug, or an
// embedder's RetryPolicy or logger that panics) into a JS error the script can
// catch, naming the method; goja's own panics (thrown JS values, interrupts)
// go on as they are. Only an error's or a string's text is shown: any other
// panic value (a request, a client) is named by its type, since printing it
// could show headers and the token.
func recoverGoPanic(vm *goja.Runtime, method string) {
	p := recover()
	if p == nil {
		return
	}
	if _, ok := p.(goja.Value); ok || fromGoja(reflect.TypeOf(p)) {
		panic(p) // a thrown JS value, an interrupt, goja's own TypeError…
	}
	var msg string
	switch x := p.(type) {
	case error:
		msg = x.Error()
	case string:
		msg = x
	default:
		msg = fmt.Sprintf("a panic with a %T", p)
	}
	panic(stdlib.NewError(vm, fmt.Errorf("%s: internal error (a Go panic, please report it): %s", method, msg)))
}

func fromGoja(t reflect.Type) bool {
	const goja = "github.com/dop251/goja"
	return t.PkgPath() == goja || t.Kind() == reflect.Pointer && t.Elem().PkgPath() == goja
}
