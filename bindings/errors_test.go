package bindings

import (
	"errors"
	"testing"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
)

// TestErrorClassesFollowTheClient: an API error's JS class is decided by the
// client's classes of codes, and every class of the table is a global
// subclass of TolokaError.
func TestErrorClassesFollowTheClient(t *testing.T) {
	for code, want := range map[string]string{
		"VALIDATION_ERROR": "ValidationError", "DOES_NOT_EXIST": "DoesNotExistError", "CONFLICT_STATE": "ConflictStateError",
		"ACCESS_DENIED": "AccessDeniedError", "AUTHENTICATION_ERROR": "AuthenticationError", "TOO_MANY_REQUESTS": "TooManyRequestsError",
		"INTERNAL_ERROR": "InternalError", "REMOTE_SERVICE_UNAVAILABLE": "RemoteServiceUnavailableError",
		"EMPTY_POOL": "IncorrectActionsError", "OPERATION_ALREADY_EXISTS": "IncorrectActionsError", "SOMETHING_NEW": "TolokaError",
	} {
		if got := apiErrorClass(&client.APIError{Code: code}); got != want {
			t.Errorf("%s is a %s, want %s", code, got, want)
		}
	}
	vm := goja.New()
	c, _ := client.New("x", client.WithURL("http://127.0.0.1:1"))
	if err := Install(vm, c, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, class := range errorClasses {
		v, err := vm.RunString(`(function () { const e = new ` + class.name + `('m', {code: 'X'});
			return e instanceof TolokaError && e instanceof Error && e.name === '` + class.name + `' && e.code === 'X' })()`)
		if err != nil || !v.ToBoolean() {
			t.Errorf("%s is not a TolokaError named so: %v %v", class.name, v, err)
		}
	}
	b := &binder{vm: vm, errors: map[string]*goja.Object{}}
	for _, name := range append(errorClassNames(), "TolokaError") {
		b.errors[name] = vm.Get(name).ToObject(vm)
	}
	e := b.jsError("getPool", errors.Join(errors.New("context"), &client.APIError{Code: "POOL_INAPPROPRIATE_STATUS", Status: 409}))
	vm.Set("e", e)
	if v, _ := vm.RunString(`e instanceof IncorrectActionsError && e.status === 409 && e.method === 'getPool'`); !v.ToBoolean() {
		t.Errorf("a wrapped POOL_INAPPROPRIATE_STATUS is %v", e)
	}
}
