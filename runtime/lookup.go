package runtime

import (
	"reflect"
	"sort"
	"strings"

	"github.com/dop251/goja"
)

// Lookup evaluates a dotted path of globals and properties ("pool.defaults",
// "toloka", "df?.columns") without running any code of the script's: no call,
// no getter written in JavaScript, no proxy trap (a proxy is looked through
// to its target). Completion and error messages use it to look at values
// safely. ok is false when the path cannot be followed that way.
func (r *Runtime) Lookup(path string) (v goja.Value, ok bool) {
	defer func() {
		if recover() != nil { // a host object that throws: nothing to show
			v, ok = nil, false
		}
	}()
	vm := r.vm
	parts := strings.Split(strings.ReplaceAll(path, "?.", "."), ".")
	var cur goja.Value = vm.GlobalObject()
	for i, p := range parts {
		if p == "" {
			return nil, false
		}
		obj, isObj := cur.(*goja.Object)
		if !isObj {
			if i > 0 && cur != nil && !goja.IsUndefined(cur) && !goja.IsNull(cur) {
				obj = cur.ToObject(vm) // a string's or number's methods
			} else {
				return nil, false
			}
		}
		next, found := r.safeGet(obj, p, i == 0)
		if !found {
			if i > 0 && i == len(parts)-1 {
				return goja.Undefined(), true // an object without that property
			}
			return nil, false // no such global (a local variable, perhaps), or no such path
		}
		cur = next
	}
	return cur, true
}

// safeGet reads obj[name] when that runs no script code; global says obj is
// the global object, whose accessors are the runtime's lazily built globals.
func (r *Runtime) safeGet(obj *goja.Object, name string, global bool) (goja.Value, bool) {
	vm := r.vm
	for o := unproxy(obj); o != nil; o = unproxy(o.Prototype()) {
		desc := ownDescriptor(vm, o, name)
		if desc == nil {
			continue
		}
		if v := desc.Get("value"); v != nil && !goja.IsUndefined(v) || desc.Get("get") == nil || goja.IsUndefined(desc.Get("get")) {
			return desc.Get("value"), true
		}
		if global || isNative(vm, desc.Get("get")) {
			return obj.Get(name), true
		}
		return nil, false
	}
	return nil, false
}

// Export types that tell kinds of objects apart without exporting them
// (Export copies a whole object and runs its getters).
var (
	proxyType       = reflect.TypeOf(goja.Proxy{})
	promiseType     = reflect.TypeOf((*goja.Promise)(nil))
	arrayBufferType = reflect.TypeOf(goja.ArrayBuffer{})
)

// unproxy is a proxy's target, or o itself.
func unproxy(o *goja.Object) *goja.Object {
	for o != nil {
		if o.ExportType() != proxyType {
			return o
		}
		p, ok := o.Export().(goja.Proxy)
		if !ok {
			return o
		}
		o = p.Target()
	}
	return nil
}

func ownDescriptor(vm *goja.Runtime, o *goja.Object, name string) *goja.Object {
	gopd, _ := goja.AssertFunction(vm.Get("Object").ToObject(vm).Get("getOwnPropertyDescriptor"))
	d, err := gopd(goja.Undefined(), o, vm.ToValue(name))
	if err != nil || d == nil || goja.IsUndefined(d) {
		return nil
	}
	return d.ToObject(vm)
}

// isNative reports whether fn is a Go function (its source is "[native code]").
func isNative(vm *goja.Runtime, fn goja.Value) bool {
	o, ok := fn.(*goja.Object)
	if !ok {
		return false
	}
	return strings.Contains(o.String(), "[native code]")
}

// Members lists the names a person would look for on obj: its own
// enumerable properties and the methods of its classes, without array
// indices, names starting with _, and Object.prototype's members (which
// every object has); a proxy is listed by its target.
func (r *Runtime) Members(obj *goja.Object) []string {
	vm := r.vm
	objectProto := vm.Get("Object").ToObject(vm).Get("prototype").ToObject(vm)
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if seen[n] || n == "" || n == "constructor" || n == "__proto__" || strings.HasPrefix(n, "_") || n[0] >= '0' && n[0] <= '9' {
			return
		}
		seen[n] = true
		out = append(out, n)
	}
	first := true
	for o := unproxy(obj); o != nil && o != objectProto; o = unproxy(o.Prototype()) {
		if first {
			for _, k := range o.Keys() {
				add(k)
			}
			first = false
			if o.ClassName() != "Object" && o.ClassName() != "Array" {
				// Functions and built-ins keep their members non-enumerable.
				for _, k := range o.GetOwnPropertyNames() {
					add(k)
				}
			}
			continue
		}
		for _, k := range o.GetOwnPropertyNames() {
			add(k)
		}
		if o.Prototype() == o {
			break
		}
	}
	sort.Strings(out)
	return out
}

// ObjectPrototypeMembers are the members every object inherits; completion
// offers them only once a prefix is typed.
func (r *Runtime) ObjectPrototypeMembers() []string {
	vm := r.vm
	return vm.Get("Object").ToObject(vm).Get("prototype").ToObject(vm).GetOwnPropertyNames()
}
