package bindings

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/stdlib"
)

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
		class = map[string]string{"VALIDATION_ERROR": "ValidationError", "DOES_NOT_EXIST": "DoesNotExistError",
			"CONFLICT_STATE": "ConflictStateError", "ACCESS_DENIED": "AccessDeniedError", "AUTHENTICATION_ERROR": "AuthenticationError",
			"TOO_MANY_REQUESTS": "TooManyRequestsError", "INTERNAL_ERROR": "InternalError",
			"REMOTE_SERVICE_UNAVAILABLE": "RemoteServiceUnavailableError"}[apiErr.Code]
		if class == "" {
			class = "TolokaError"
			if errors.Is(err, client.ErrIncorrectAction) {
				class = "IncorrectActionsError"
			}
		}
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
		fields.Set("code", "OPERATION_FAILED")
		raw, _ := json.Marshal(failed.Operation)
		op, _ := fromJSON(vm, raw)
		fields.Set("operation", op)
	case errors.As(err, &timeout):
		class = "WaitTimeoutError"
		fields.Set("code", "WAIT_TIMEOUT")
		raw, _ := json.Marshal(timeout.Operation)
		op, _ := fromJSON(vm, raw)
		fields.Set("operation", op)
	default:
		// Not an answer of the API (the network, a timeout): say which call.
		return stdlib.NewError(vm, fmt.Errorf("toloka.%s: %w", method, err))
	}
	e, cerr := vm.New(b.errors[class], vm.ToValue(message), fields)
	if cerr != nil {
		return stdlib.NewError(vm, err)
	}
	dropPreludeFrames(vm, e)
	return e
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
