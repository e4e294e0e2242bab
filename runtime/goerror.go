package runtime

import (
	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/stdlib"
)

// maxCauses is how far down an error's cause chain goError looks.
const maxCauses = 8

// goError is the Go error behind a thrown value: the *client.APIError (or
// other client error) a toloka method's exception carries, or the error of
// a Go function (goja's GoError and the stdlib's errors hold it as their
// value), found on v or down its chain of causes (new Error(msg, {cause})),
// so an exception a script wrapped still unwraps to the API's error. The
// reads may run the script's getters: a panic among them means none.
func goError(v goja.Value) (found error) {
	defer func() {
		if recover() != nil {
			found = nil
		}
	}()
	for range maxCauses {
		obj, ok := v.(*goja.Object)
		if !ok {
			return nil
		}
		if err := stdlib.GoError(obj); err != nil {
			return err
		}
		if isGoError(obj) {
			if err, ok := obj.Get("value").Export().(error); ok {
				return err
			}
		}
		if v = obj.Get("cause"); v == nil {
			return nil
		}
	}
	return nil
}

// isGoError reports whether obj is an error goja made from a Go error.
func isGoError(obj *goja.Object) bool {
	return obj.ClassName() == "Error" && obj.Get("value") != nil
}

// causeText is an error's cause on one line: "DoesNotExistError: get_pool: …"
// for an Error, the value as util.inspect shows it otherwise.
func (r *Runtime) causeText(c goja.Value) string {
	if obj, ok := c.(*goja.Object); ok && isError(r.vm, obj) {
		text := errorName(obj)
		if m := obj.Get("message"); m != nil && !goja.IsUndefined(m) && m.String() != "" {
			text += ": " + m.String()
		}
		return firstLine(text)
	}
	return firstLine(r.inspect(c, InspectOptions{Depth: 1}, false))
}
