package bindings

import (
	"testing"

	"github.com/dop251/goja"
)

// TestFromJSONIsJSONParse: the iterator's parser builds what JSON.parse
// builds: the same members in the same order, ordinary objects and arrays,
// and "__proto__" as an own member rather than a change of prototype.
func TestFromJSONIsJSONParse(t *testing.T) {
	vm := goja.New()
	check, err := vm.RunString(`(function (mine, text) {
		const theirs = JSON.parse(text);
		const same = (a, b) => JSON.stringify(a) === JSON.stringify(b) &&
			Object.keys(a).join() === Object.keys(b).join();
		const protos = (a) => a === null || typeof a !== 'object' ? true :
			Object.getPrototypeOf(a) === (Array.isArray(a) ? Array.prototype : Object.prototype) &&
			Object.values(a).every(protos);
		return same(mine, theirs) && protos(mine) && mine.constructor === theirs.constructor;
	})`)
	if err != nil {
		t.Fatal(err)
	}
	fn, _ := goja.AssertFunction(check)
	for _, text := range []string{
		`{}`, `[]`, `{"a":1,"b":[{"c":null},{"d":"x\u00e9\n"}],"e":{"f":{"g":-1.5e3}}}`,
		`{"__proto__":{"polluted":true},"z":1}`, `{"dup":1,"dup":2}`, `[{"k":[]}, {}, [[]]]`,
	} {
		mine, err := fromJSON(vm, []byte(text))
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		ok, err := fn(goja.Undefined(), mine, vm.ToValue(text))
		if err != nil || !ok.ToBoolean() {
			t.Errorf("%s: differs from JSON.parse (%v)", text, err)
		}
	}
	v, _ := fromJSON(vm, []byte(`{"__proto__":{"polluted":true}}`))
	if p := v.(*goja.Object).Get("polluted"); p != nil && !goja.IsUndefined(p) {
		t.Error(`a "__proto__" member became the object's prototype`)
	}
}
