package bindings

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/decl"
	"github.com/tolokash/tolokash/stdlib"
)

// errorClasses are TolokaError's subclasses in JavaScript (prelude.js makes
// them from this list). An API error takes the class whose client sentinel
// it matches (errors.Is: the client's table of codes decides, so the codes
// are listed once, there); the last two stand for the client's
// OperationFailedError and WaitTimeoutError.
var errorClasses = []struct {
	name    string
	is      error // the client's sentinel of the codes the class stands for
	doc     string
	members []decl.Member
}{
	{"ValidationError", client.ErrValidation, "The server refused the data: invalidFields names the fields.",
		[]decl.Member{{Name: "invalidFields", Property: true, Returns: "string[]"}}},
	{"DoesNotExistError", client.ErrNotFound, "No such object (HTTP 404).", nil},
	{"ConflictStateError", client.ErrConflict, "The object is not in a state that allows this (HTTP 409).", nil},
	{"AccessDeniedError", client.ErrAccessDenied, "The token may not do this (HTTP 403).", nil},
	{"AuthenticationError", client.ErrAuthentication, "The token is wrong or expired (HTTP 401).", nil},
	{"TooManyRequestsError", client.ErrTooManyRequests, "A request quota is used up: quota says which (MIN, HOUR, DAY).",
		[]decl.Member{{Name: "quota", Property: true, Optional: true, Returns: "string"}}},
	{"IncorrectActionsError", client.ErrIncorrectAction, "The action does not fit the object (opening an archived pool, …).", nil},
	{"InternalError", client.ErrInternal, "The server failed (HTTP 500).", nil},
	{"RemoteServiceUnavailableError", client.ErrRemoteServiceUnavailable, "The server is not available (HTTP 503).", nil},
	{"OperationFailedError", nil, "An operation ended with FAIL: operation holds it.",
		[]decl.Member{{Name: "operation", Property: true, Returns: "Operation"}}},
	{"WaitTimeoutError", nil, "An operation did not end within the wait's timeout: operation holds its last state.",
		[]decl.Member{{Name: "operation", Property: true, Returns: "Operation"}}},
}

// errorClassNames are the subclasses' names, in the table's order.
func errorClassNames() []string {
	names := make([]string, len(errorClasses))
	for i, c := range errorClasses {
		names[i] = c.name
	}
	return names
}

// apiErrorClass is the class of an API error: the one whose sentinel it
// matches, or TolokaError itself.
func apiErrorClass(e *client.APIError) string {
	for _, c := range errorClasses {
		if c.is != nil && e.Is(c.is) {
			return c.name
		}
	}
	return "TolokaError"
}

// jsError turns a Go error into the JS exception scripts can catch by class.
func (b *binder) jsError(method string, err error) goja.Value {
	vm := b.vm
	var ae *client.ArgError
	if errors.As(err, &ae) {
		return vm.NewTypeError("toloka.%s: %s", method, ae.Detail())
	}
	fields := vm.NewObject()
	fields.Set("method", method)
	class := "TolokaError"
	message := err.Error()
	var apiErr *client.APIError
	var failed *client.OperationFailedError
	var timeout *client.WaitTimeoutError
	switch {
	case errors.As(err, &apiErr):
		class = apiErrorClass(apiErr)
		fields.Set("code", apiErr.Code)
		if apiErr.Status != 0 {
			fields.Set("status", apiErr.Status)
		}
		fields.Set("requestId", apiErr.RequestID)
		fields.Set("payload", goja.Null())
		if len(apiErr.Payload) > 0 {
			if p, err := fromJSON(vm, apiErr.Payload); err == nil {
				fields.Set("payload", p)
			}
		}
		if fs := apiErr.InvalidFields(); fs != nil {
			fields.Set("invalidFields", fs)
		}
		if apiErr.Quota != "" {
			fields.Set("quota", string(apiErr.Quota))
		}
	case errors.As(err, &failed):
		class = "OperationFailedError"
		b.setOperation(fields, "OPERATION_FAILED", failed.Operation)
	case errors.As(err, &timeout):
		class = "WaitTimeoutError"
		b.setOperation(fields, "WAIT_TIMEOUT", timeout.Operation)
	default:
		// Not an answer of the API (the network, a timeout): say which call.
		return stdlib.NewError(vm, fmt.Errorf("toloka.%s: %w", method, err))
	}
	e, cerr := vm.New(b.errors[class], vm.ToValue(message), fields)
	if cerr != nil {
		return stdlib.NewError(vm, err)
	}
	dropPreludeFrames(vm, e)
	stdlib.CarryGoError(vm, e, err) // the embedder gets it back from an uncaught exception
	return e
}

// setOperation gives an error about an operation its code and the operation.
func (b *binder) setOperation(fields *goja.Object, code string, op *client.Operation) {
	fields.Set("code", code)
	raw, _ := json.Marshal(op)
	v, _ := fromJSON(b.vm, raw)
	fields.Set("operation", v)
}

// dropPreludeFrames leaves the error classes' own constructor (in
// prelude.js) out of an error's stack: the stack starts at the call.
func dropPreludeFrames(vm *goja.Runtime, e *goja.Object) {
	st := e.Get("stack")
	if st == nil || goja.IsUndefined(st) {
		return
	}
	lines := strings.Split(st.String(), "\n")
	kept := lines[:0]
	for _, l := range lines {
		if !strings.Contains(l, "tolokash/prelude.js") {
			kept = append(kept, l)
		}
	}
	e.DefineDataProperty("stack", vm.ToValue(strings.Join(kept, "\n")), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}
