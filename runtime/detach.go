package runtime

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/dop251/goja"
)

// An Untrusted run's results leave it as plain Go values. A goja value is
// a handle into the VM: v.String() on an object calls the script's
// toString, with no run around it and so no limit (a toString that loops
// for ever hangs the caller), and an exception's Error() does the same. So
// the value a run returns and the value it throws are exported while the
// run's limits still hold, and what the caller gets holds no script.

var (
	typeOfBytes       = reflect.TypeOf([]byte(nil))
	typeOfArrayBuffer = reflect.TypeOf(goja.ArrayBuffer{})
	typeOfEntries     = reflect.TypeOf([][2]any(nil)) // a Map's export
	typeOfAnySlice    = reflect.TypeOf([]any(nil))    // a Set's
)

const (
	maxDetachDepth = 64
	maxDetachNodes = 1_000_000 // values in one result; more is cut with a marker
)

// detachResults exports *result, and the thrown value of a ScriptError err,
// on the loop at the end of a run.
func (r *Runtime) detachResults(vm *goja.Runtime, result *goja.Value, err error) {
	if result != nil && *result != nil {
		*result = detached(vm, *result)
	}
	var se *ScriptError
	if errors.As(err, &se) {
		if se.Value != nil {
			se.Value = detached(vm, se.Value)
		}
		// The goja exception behind it would run the script's toString
		// when asked for its message: keep only the Go error it carries.
		var goErr error
		if ex, ok := se.err.(*goja.Exception); ok {
			goErr = ex.Unwrap()
		} else if ie, ok := se.err.(*goja.InterruptedError); ok {
			goErr = ie.Unwrap()
		} else {
			goErr = se.err
		}
		se.err = goErr
	}
}

// Detached is what an Untrusted run's RunString returns or throws when it
// is not a primitive: the value copied into plain Go values while the run's
// limits held (v.Export() of such a result is a *Detached). Value holds
// what Run would return for it; see Run for the conversions.
type Detached struct {
	Value any
}

func (d *Detached) String() string { return fmt.Sprint(d.Value) }

// detached is v exported: a primitive as it is (a string, a number, a
// boolean, undefined and null hold no script), anything else a *Detached
// in a VM of its own. Not the copy itself as a JS object: String() on an
// object looks up its toString, and a copied key named so would be the
// script's choice.
func detached(vm *goja.Runtime, v goja.Value) goja.Value {
	if _, ok := v.(*goja.Object); !ok {
		if sym, ok := v.(*goja.Symbol); ok {
			return goja.New().ToValue("Symbol(" + sym.String() + ")")
		}
		return v
	}
	return goja.New().ToValue(&Detached{Value: exportValue(vm, v)})
}

// exportValue is v as plain Go values (the conversions Run documents).
func exportValue(vm *goja.Runtime, v goja.Value) any {
	d := &detacher{vm: vm, seen: map[*goja.Object]bool{}}
	return d.value(v, 0)
}

type detacher struct {
	vm    *goja.Runtime
	seen  map[*goja.Object]bool
	nodes int
}

// value copies v; getters, toJSON and proxies run, as the script's code,
// under the run's limits.
func (d *detacher) value(v goja.Value, depth int) any {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	if d.nodes++; d.nodes > maxDetachNodes {
		return "[…]"
	}
	o, ok := v.(*goja.Object)
	if !ok {
		if sym, ok := v.(*goja.Symbol); ok {
			return "Symbol(" + sym.String() + ")"
		}
		return number(v.Export())
	}
	if _, isFunc := goja.AssertFunction(o); isFunc {
		return nil // as JSON.stringify leaves functions out
	}
	if d.seen[o] {
		return "[Circular]"
	}
	if depth >= maxDetachDepth {
		return "[Too deep]"
	}
	d.seen[o] = true
	defer delete(d.seen, o)
	if toJSON, ok := goja.AssertFunction(o.Get("toJSON")); ok && o.ClassName() != "Error" {
		// As JSON.stringify: a Date becomes its ISO string, a model class
		// its unstructured form.
		j, err := toJSON(o, d.vm.ToValue(""))
		if err != nil {
			panic(err)
		}
		if j != o {
			return d.value(j, depth+1)
		}
	}
	switch o.ClassName() {
	case "Array":
		n := lengthOf(o)
		out := make([]any, 0, min(n, 1<<16))
		for i := int64(0); i < n && d.nodes <= maxDetachNodes; i++ {
			out = append(out, d.value(o.Get(strconv.FormatInt(i, 10)), depth+1))
		}
		return out
	case "Date", "RegExp":
		return o.String()
	case "Error":
		m := map[string]any{}
		for _, k := range []string{"name", "message", "stack"} {
			if p := o.Get(k); p != nil && !goja.IsUndefined(p) {
				m[k] = p.String()
			}
		}
		for _, k := range o.Keys() {
			m[k] = d.value(o.Get(k), depth+1)
		}
		return m
	}
	if t := o.ExportType(); t == typeOfEntries || t == typeOfAnySlice {
		return d.collection(o.Export(), depth) // a Map, a Set (an Array's class is "Array")
	} else if t == typeOfBytes || t == typeOfArrayBuffer {
		// Typed arrays and buffers export their bytes without running any
		// script (a plain object's Export would run every getter in it).
		switch x := o.Export().(type) {
		case []byte:
			return append([]byte(nil), x...)
		case goja.ArrayBuffer:
			return append([]byte(nil), x.Bytes()...)
		}
	} else if t != nil && t.Kind() == reflect.Slice && isNumber(t.Elem().Kind()) {
		// Other typed arrays: a copy of the Go slice of their element type.
		src := reflect.ValueOf(o.Export())
		out := reflect.MakeSlice(t, src.Len(), src.Len())
		reflect.Copy(out, src)
		return out.Interface()
	}
	m := map[string]any{}
	for _, k := range o.Keys() {
		if e := o.Get(k); !isFunction(e) {
			m[k] = d.value(e, depth+1)
		}
	}
	return m
}

// collection converts what goja exports for a Map ([][2]any of its
// entries) into a map keyed by each key's string form, as
// Object.fromEntries would make it, and a Set's ([]any) into a slice.
func (d *detacher) collection(exported any, depth int) any {
	switch x := exported.(type) {
	case [][2]any:
		m := make(map[string]any, len(x))
		for _, kv := range x {
			m[fmt.Sprint(kv[0])] = d.exported(kv[1], depth+1)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = d.exported(e, depth+1)
		}
		return out
	}
	return nil
}

// exported normalizes a value goja's Export made (a Map's or Set's
// members): its numbers as Run gives them, and no deeper than the rest.
func (d *detacher) exported(v any, depth int) any {
	if d.nodes++; d.nodes > maxDetachNodes {
		return "[…]"
	}
	if depth >= maxDetachDepth {
		return "[Too deep]"
	}
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = d.exported(e, depth+1)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = d.exported(e, depth+1)
		}
		return out
	case [][2]any:
		return d.collection(x, depth)
	}
	if v != nil && reflect.TypeOf(v).Kind() == reflect.Func {
		return nil // a function, left out as elsewhere
	}
	return number(v)
}

// number gives a whole number that a float64 holds exactly (up to 2^53) as
// an int64, as goja does for most of them, so 6/3 and 2 export alike.
func number(v any) any {
	if f, ok := v.(float64); ok && f == math.Trunc(f) && math.Abs(f) <= 1<<53 {
		return int64(f)
	}
	return v
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

func isFunction(v goja.Value) bool {
	_, ok := goja.AssertFunction(v)
	return ok
}

// safeText is text(), or otherwise when text panics: a value's toString or
// getter runs the script's code, which may throw or be interrupted.
func safeText(text func() string, otherwise string) (s string) {
	defer func() {
		if recover() != nil {
			s = otherwise
		}
	}()
	return text()
}
