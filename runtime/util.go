package runtime

import (
	"math"
	"math/big"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// utilModule is node's util, as far as scripts use it: format,
// formatWithOptions, inspect (with its custom symbol), inherits, isDeepStrictEqual.
func (r *Runtime) utilModule() *goja.Object {
	vm := r.vm
	u := vm.NewObject()
	u.Set("format", func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(r.format(InspectOptions{}, call.Arguments))
	})
	u.Set("formatWithOptions", func(call goja.FunctionCall) goja.Value {
		var opts InspectOptions
		r.inspectOptions(call.Argument(0), &opts)
		if len(call.Arguments) == 0 {
			return vm.ToValue("")
		}
		return vm.ToValue(r.format(opts, call.Arguments[1:]))
	})
	inspect := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		var opts InspectOptions
		if o, ok := call.Argument(1).(*goja.Object); ok {
			r.inspectOptions(o, &opts)
		} else if len(call.Arguments) > 1 {
			// The old form: inspect(obj, showHidden, depth, colors).
			if d := call.Argument(2); !goja.IsUndefined(d) {
				opts.Depth = depthOf(d)
			}
			opts.Colors = call.Argument(3).ToBoolean()
		}
		return vm.ToValue(r.inspect(call.Argument(0), opts, false))
	}).(*goja.Object)
	inspect.Set("custom", jsvalue.Symbol(vm, "nodejs.util.inspect.custom"))
	u.Set("inspect", inspect)
	u.Set("inherits", func(ctor, super *goja.Object) {
		proto := ctor.Get("prototype").ToObject(vm)
		proto.SetPrototype(super.Get("prototype").ToObject(vm))
		ctor.Set("super_", super)
	})
	u.Set("isDeepStrictEqual", func(a, b goja.Value) bool {
		return r.inspect(a, InspectOptions{Depth: -1, Sorted: true}, false) == r.inspect(b, InspectOptions{Depth: -1, Sorted: true}, false)
	})
	return u
}

// inspectOptions reads util.inspect's options object into opts.
func (r *Runtime) inspectOptions(v goja.Value, opts *InspectOptions) {
	o, ok := v.(*goja.Object)
	if !ok {
		return
	}
	get := func(name string) goja.Value {
		x := o.Get(name)
		if x == nil || goja.IsUndefined(x) {
			return nil
		}
		return x
	}
	if x := get("depth"); x != nil {
		opts.Depth = depthOf(x)
	}
	if x := get("colors"); x != nil {
		opts.Colors = x.ToBoolean()
	}
	if x := get("breakLength"); x != nil {
		if f := x.ToFloat(); math.IsInf(f, 1) {
			opts.BreakLength = math.MaxInt32
		} else {
			opts.BreakLength = max(1, int(f))
		}
	}
	if x := get("maxArrayLength"); x != nil {
		opts.MaxItems = max(1, int(x.ToInteger()))
	}
	if x := get("maxStringLength"); x != nil {
		opts.MaxStringLength = max(1, int(x.ToInteger()))
	}
	if x := get("sorted"); x != nil {
		opts.Sorted = x.ToBoolean()
	}
	if x := get("compact"); x != nil && !x.ToBoolean() {
		opts.BreakLength = 1 // every entry on its own line
	}
}

// depthOf reads a depth: a number, Infinity or null for all levels.
func depthOf(v goja.Value) int {
	if goja.IsNull(v) {
		return -1
	}
	f := v.ToFloat()
	switch {
	case math.IsInf(f, 1) || f > 1e6:
		return -1
	case f < 0 || math.IsNaN(f):
		return 0
	case f == 0:
		return DepthNone
	}
	return int(f)
}

// format is util.format: printf-like directives in a first string argument
// (%s %d %i %f %j %o %O %c %%), the other arguments inspected after it.
func (r *Runtime) format(opts InspectOptions, args []goja.Value) string {
	vm := r.vm
	if len(args) == 0 {
		return ""
	}
	show := func(v goja.Value) string { return r.inspect(v, opts, false) }
	var b strings.Builder
	rest := args
	_, isSym := args[0].(*goja.Symbol)
	_, isObj := args[0].(*goja.Object)
	if first, ok := args[0].Export().(string); ok && !isSym && !isObj {
		rest = args[1:]
		for i := 0; i < len(first); i++ {
			c := first[i]
			if c != '%' || i+1 == len(first) {
				b.WriteByte(c)
				continue
			}
			d := first[i+1]
			if d == '%' {
				b.WriteByte('%')
				i++
				continue
			}
			if !strings.ContainsRune("sdifjoOc", rune(d)) || len(rest) == 0 {
				b.WriteByte(c)
				continue
			}
			i++
			a := rest[0]
			rest = rest[1:]
			switch d {
			case 's':
				b.WriteString(r.formatString(a, opts))
			case 'd':
				b.WriteString(r.formatNumber(a, false))
			case 'i':
				b.WriteString(r.formatNumber(a, true))
			case 'f':
				parse, _ := goja.AssertFunction(vm.Get("parseFloat"))
				v, _ := parse(goja.Undefined(), a)
				b.WriteString(r.inspect(v, InspectOptions{}, false))
			case 'j':
				b.WriteString(r.formatJSON(a))
			case 'o':
				o := opts
				o.Depth = 4
				b.WriteString(r.inspect(a, o, false))
			case 'O':
				b.WriteString(show(a))
			case 'c': // CSS: nothing in a terminal
			}
		}
	} else {
		rest = args[1:]
		b.WriteString(r.plain(args[0], opts))
	}
	for _, a := range rest {
		b.WriteByte(' ')
		b.WriteString(r.plain(a, opts))
	}
	return b.String()
}

// plain is how console.log shows an argument: a string as it is.
func (r *Runtime) plain(v goja.Value, opts InspectOptions) string {
	switch v.(type) {
	case *goja.Object, *goja.Symbol:
	default:
		if s, ok := v.Export().(string); ok {
			return s
		}
	}
	return r.inspect(v, opts, false)
}

func (r *Runtime) formatString(v goja.Value, opts InspectOptions) string {
	switch x := v.Export().(type) {
	case *big.Int:
		return x.String() + "n"
	case float64:
		if x == 0 && math.Signbit(x) {
			return "-0"
		}
	}
	if _, isSym := v.(*goja.Symbol); isSym {
		return v.String()
	}
	if o, ok := v.(*goja.Object); ok {
		if _, isFn := goja.AssertFunction(o); !isFn && !isError(r.vm, o) {
			// Objects without a toString of their own are inspected, shallowly.
			if ts := o.Get("toString"); ts != nil {
				if proto := r.vm.Get("Object").ToObject(r.vm).Get("prototype").ToObject(r.vm); ts == proto.Get("toString") || o.ClassName() == "Array" {
					opts.Depth = DepthNone
					return r.inspect(v, opts, false)
				}
			}
		}
	}
	return v.String()
}

func (r *Runtime) formatNumber(v goja.Value, integer bool) string {
	if _, ok := v.(*goja.Object); ok {
		return "NaN"
	}
	if x, ok := v.Export().(*big.Int); ok {
		return x.String() + "n"
	}
	if _, isSym := v.(*goja.Symbol); isSym {
		return "NaN"
	}
	f := v.ToFloat()
	if integer {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "NaN"
		}
		f = math.Trunc(f)
	}
	return r.inspect(r.vm.ToValue(f), InspectOptions{}, false)
}

func (r *Runtime) formatJSON(v goja.Value) (out string) {
	stringify, _ := goja.AssertFunction(r.vm.Get("JSON").ToObject(r.vm).Get("stringify"))
	s, err := stringify(goja.Undefined(), v)
	if err != nil {
		if strings.Contains(err.Error(), "circular") || strings.Contains(err.Error(), "Circular") || strings.Contains(err.Error(), "cyclic") {
			return "[Circular]"
		}
		panic(err)
	}
	if goja.IsUndefined(s) {
		return "undefined"
	}
	return s.String()
}
