package jsvalue

import (
	"strings"
	"testing"

	"github.com/dop251/goja"
)

func TestDescribe(t *testing.T) {
	vm := goja.New()
	for src, want := range map[string]string{
		`undefined`:              "undefined",
		`null`:                   "null",
		`(function f() {})`:      "a function",
		`[1, 2]`:                 "an array",
		`({a: 1})`:               "an object",
		`new Date(0)`:            "an object",
		`Symbol('x')`:            "a symbol",
		`true`:                   "true",
		`42.5`:                   "a number 42.5",
		`7`:                      "a number 7",
		`'x'`:                    `a string "x"`,
		`'a"b'`:                  `a string "a\"b"`,
		`'é'.repeat(30)`:         `a string "` + strings.Repeat("é", 20) + `…"`,
		`'0123456789'.repeat(5)`: `a string "0123456789012345678901234567890123456789…"`,
	} {
		v, err := vm.RunString(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := Describe(v); got != want {
			t.Errorf("Describe(%s) = %s, want %s", src, got, want)
		}
	}
	if got := Describe(nil); got != "undefined" {
		t.Errorf("Describe(nil) = %s", got)
	}
}

func TestSymbolIsTheRegisteredOne(t *testing.T) {
	vm := goja.New()
	vm.Set("sym", Symbol(vm, Iterator))
	v, err := vm.RunString(`sym === Symbol.for('tolokash.iterator') && sym !== Symbol('tolokash.iterator')`)
	if err != nil || !v.ToBoolean() {
		t.Errorf("Symbol(vm, Iterator) is not Symbol.for('tolokash.iterator'): %v %v", v, err)
	}
}
