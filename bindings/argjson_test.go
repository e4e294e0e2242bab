package bindings

import (
	"testing"

	"github.com/dop251/goja"
)

// TestArgJSONMatchesStringify holds the Go writer of a call's arguments to
// goja's JSON.stringify: the same text for what it writes, and a refusal
// (so that JSON.stringify writes it) for what it cannot.
func TestArgJSONMatchesStringify(t *testing.T) {
	vm := goja.New()
	stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
	same := []string{
		`[{pool_id: '1', input_values: {image: 'https://example.com/1.jpg'}}, {pool_id: '1', overlap: 3}]`,
		`({b: 1, a: 2, 10: 'x', 2: 'y', '-1': 'z', '01': 'w'})`,
		`({s: 'é "q" \\ \n \t \u0001 \u2028 😀 \ud800', n: [0, -0, 1.5, 1e21, 1e-7, NaN, Infinity, -Infinity, 2**53]})`,
		`({u: undefined, f() {}, sym: Symbol('x'), nul: null, t: true, f2: false, nested: [undefined, () => 1, Symbol(), null]})`,
		`(() => { const a = [1, , 3]; a.length = 5; return a })()`,
		`({get g() { return {x: 1} }, [Symbol('k')]: 1})`,
		`(() => { const o = Object.create({inherited: 1}); o.own = 2; return o })()`,
		`(() => { const o = {a: 1}; Object.defineProperty(o, 'hidden', {value: 2, enumerable: false}); return o })()`,
		`(() => { class T { constructor() { this.x = 1 } }; return [new T()] })()`,
		`[[[[[]]]], {}, [{}]]`,
		`Array.from({length: 200}, (_, i) => ({i, s: 'x'.repeat(i % 7)}))`,
	}
	for _, src := range same {
		v, err := vm.RunString(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		want, err := stringify(goja.Undefined(), v)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got, ok := argJSON(vm, v)
		if !ok {
			t.Errorf("%s: argJSON refused it; JSON.stringify wrote %s", src, want)
			continue
		}
		if string(got) != want.String() {
			t.Errorf("%s:\n argJSON        %s\n JSON.stringify %s", src, got, want)
		}
	}
	refused := []string{
		`({d: new Date(0)})`,                               // toJSON
		`({toJSON() { return 1 }})`,                        // its own toJSON
		`(() => { const o = {}; o.self = o; return o })()`, // a cycle: JSON.stringify throws
		`({m: new Map([[1, 2]])})`,                         // not a plain object
		`({p: new Proxy({a: 1}, {get: () => 2})})`,         // a Proxy's traps are JSON.stringify's to run
		`({b: new String('boxed')})`,                       // a boxed primitive
		`({big: 1n})`,                                      // a BigInt: JSON.stringify throws
		`({'ключ': 1})`,                                    // a name outside ASCII
	}
	for _, src := range refused {
		v, err := vm.RunString(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got, ok := argJSON(vm, v); ok {
			t.Errorf("%s: argJSON wrote %s; JSON.stringify should have", src, got)
		}
	}
	t.Run("toJSON on Object.prototype", func(t *testing.T) {
		vm := goja.New()
		v, _ := vm.RunString(`Object.prototype.toJSON = function () { return 'p' }; [{a: 1}]`)
		if got, ok := argJSON(vm, v); ok {
			t.Errorf("argJSON wrote %s past Object.prototype.toJSON", got)
		}
	})
}
