package repl

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/dop251/goja"
)

var chainRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\.?$`)
})

var jsGlobals = []string{"Array", "Boolean", "Date", "Error", "JSON", "Math", "Number", "Object", "Promise", "RegExp", "String",
	"Symbol", "Map", "Set", "console", "require", "process", "Buffer", "URL", "setTimeout", "clearTimeout", "setInterval",
	"await", "async", "function", "const", "let", "var", "return", "for", "while", "if", "else", "new", "typeof"}

// complete completes the identifier chain before the cursor, walking objects and
// their prototypes without calling anything.
func (r *REPL) complete(line string, pos int) (head string, completions []string, tail string) {
	runes := []rune(line)
	before, after := string(runes[:pos]), string(runes[pos:])
	tail = after
	chain := chainRe().FindString(before)
	head = before[:len(before)-len(chain)]
	parts := strings.Split(chain, ".")
	prefix := parts[len(parts)-1]
	var names []string
	vm := r.rt.VM()
	defer func() {
		if recover() != nil { // a getter or proxy trap threw: offer nothing
			head, completions, tail = before, nil, after
		}
	}()
	if len(parts) == 1 {
		names = append(names, vm.GlobalObject().Keys()...)
		names = append(names, jsGlobals...)
	} else {
		v := vm.Get(parts[0])
		for _, p := range parts[1 : len(parts)-1] {
			if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
				return head, nil, after
			}
			v = v.ToObject(vm).Get(p)
		}
		if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
			return head, nil, after
		}
		names = propertyNames(vm, v.ToObject(vm))
		head += strings.Join(parts[:len(parts)-1], ".") + "."
	}
	seen := map[string]bool{}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !seen[n] && !strings.HasPrefix(n, "_") {
			seen[n] = true
			completions = append(completions, n)
		}
	}
	sort.Strings(completions)
	return head, completions, after
}

func propertyNames(vm *goja.Runtime, obj *goja.Object) []string {
	var names []string
	for o := obj; o != nil; o = o.Prototype() {
		names = append(names, o.GetOwnPropertyNames()...)
		if o.Prototype() == nil || o.Prototype() == o {
			break
		}
	}
	out := names[:0]
	for _, n := range names {
		if n != "constructor" && n != "__proto__" {
			out = append(out, n)
		}
	}
	return out
}
