package runtime

import (
	"fmt"
	"math"
	"strings"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/stdlib"
)

// guards wraps the built-ins that can make a lot from a little, so that
// each asks the run's budget before it allocates: one `new Uint8Array(2**32)`
// is 4 GiB at once, before any watchdog could look. They are installed in
// runtimes with a memory budget (Untrusted ones by default).
type guards struct {
	vm *goja.Runtime
	b  *budget
}

// typedArrays are the constructors that allocate their memory at once, with
// the bytes of one element.
var typedArrays = map[string]int64{
	"Int8Array": 1, "Uint8Array": 1, "Uint8ClampedArray": 1, "Int16Array": 2, "Uint16Array": 2,
	"Int32Array": 4, "Uint32Array": 4, "Float32Array": 4, "Float64Array": 8, "BigInt64Array": 8, "BigUint64Array": 8,
}

// arrayWalkers are the Array.prototype methods that walk the whole length
// of their array, holes included.
var arrayWalkers = strings.Fields(`concat copyWithin entries every fill filter find findIndex findLast findLastIndex
	flat flatMap forEach includes indexOf join keys lastIndexOf map reduce reduceRight reverse slice some sort splice
	toLocaleString toReversed toSorted toSpliced toString values with`)

func installGuards(vm *goja.Runtime, b *budget) {
	g := &guards{vm: vm, b: b}
	global := vm.GlobalObject()
	g.construct(global, "ArrayBuffer", func(args []goja.Value) (int64, string) {
		n := index(args, 0)
		return n, fmt.Sprintf("new ArrayBuffer(%d)", n)
	})
	for name, size := range typedArrays {
		name, size := name, size
		g.construct(global, name, func(args []goja.Value) (int64, string) {
			n := g.elements(args)
			return n * size, fmt.Sprintf("new %s(%d)", name, n)
		})
	}
	g.strings()
	g.arrays()
}

// elements is how many elements a typed array's constructor arguments ask
// for: a length, or the length of an array-like (an ArrayBuffer is a view: 0).
func (g *guards) elements(args []goja.Value) int64 {
	if len(args) == 0 {
		return 0
	}
	o, ok := args[0].(*goja.Object)
	if !ok {
		return index(args, 0)
	}
	if _, isBuffer := o.Export().(goja.ArrayBuffer); isBuffer {
		return 0
	}
	return lengthOf(o)
}

// construct puts a Proxy in front of the constructor global[name] that asks
// the budget for what size says a `new` would allocate. The prototype's
// constructor points at the proxy, so methods that make a new array of the
// same kind (map, slice, subarray) go through it too.
func (g *guards) construct(global *goja.Object, name string, size func(args []goja.Value) (int64, string)) {
	target, ok := global.Get(name).(*goja.Object)
	if !ok {
		return
	}
	ctor, ok := goja.AssertConstructor(target)
	if !ok {
		return
	}
	proxy := g.vm.NewProxy(target, &goja.ProxyTrapConfig{
		Construct: func(target *goja.Object, args []goja.Value, newTarget *goja.Object) *goja.Object {
			n, what := size(args)
			g.reserve(n, what)
			o, err := ctor(newTarget, args...)
			if err != nil {
				panic(err)
			}
			return o
		},
	})
	pv := g.vm.ToValue(proxy)
	global.DefineDataProperty(name, pv, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	if proto, ok := target.Get("prototype").(*goja.Object); ok {
		proto.DefineDataProperty("constructor", pv, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
}

// reserve throws a RangeError when n bytes do not fit the run's budget.
func (g *guards) reserve(n int64, what string) {
	if err := g.b.reserve(n, what); err != nil {
		throwRange(g.vm, err.Error(), err)
	}
}

// tooLong is the refusal of a walk over n elements, more than the budget
// holds.
func (g *guards) tooLong(n int64, what string) *MemoryLimitError {
	return &MemoryLimitError{Limit: g.b.limit, Used: -1, Asked: min(n, math.MaxInt64/valueSize) * valueSize, What: what}
}

// throwRange throws a RangeError saying msg; cause, when not nil, is the Go
// error it carries (a *MemoryLimitError, for errors.As when uncaught).
func throwRange(vm *goja.Runtime, msg string, cause error) {
	e, err := vm.New(vm.Get("RangeError"), vm.ToValue(msg))
	if err != nil {
		panic(err)
	}
	if cause != nil {
		stdlib.CarryGoError(vm, e, cause)
	}
	panic(e)
}

// wrap replaces obj[name], a built-in method, with one that runs check
// before it; check throws to refuse the call.
func (g *guards) wrap(obj *goja.Object, name string, check func(this goja.Value, args []goja.Value)) {
	orig, ok := goja.AssertFunction(obj.Get(name))
	if !ok {
		return
	}
	origObj := obj.Get(name).(*goja.Object)
	fn := g.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		check(call.This, call.Arguments)
		v, err := orig(call.This, call.Arguments...)
		if err != nil {
			panic(err)
		}
		return v
	}).(*goja.Object)
	fn.DefineDataProperty("name", origObj.Get("name"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	fn.DefineDataProperty("length", origObj.Get("length"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	obj.DefineDataProperty(name, fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// strings guards the String.prototype methods whose result can be far
// longer than their input. A string takes two bytes a character at most.
func (g *guards) strings() {
	proto := g.vm.Get("String").ToObject(g.vm).Get("prototype").ToObject(g.vm)
	g.wrap(proto, "repeat", func(this goja.Value, args []goja.Value) {
		n := int64(len(this.String())) * index(args, 0)
		g.reserve(2*n, fmt.Sprintf("String.prototype.repeat(%d)", index(args, 0)))
	})
	for _, name := range []string{"padStart", "padEnd"} {
		g.wrap(proto, name, func(this goja.Value, args []goja.Value) {
			g.reserve(2*index(args, 0), fmt.Sprintf("String.prototype.%s(%d)", name, index(args, 0)))
		})
	}
	g.wrap(proto, "split", func(this goja.Value, args []goja.Value) {
		if len(args) == 0 || !goja.IsString(args[0]) {
			return // no separator, or a RegExp: its own @@split
		}
		n, sep := int64(len(this.String())), int64(len(args[0].String()))
		pieces := n + 1
		if sep > 0 {
			pieces = n/sep + 1
		}
		if len(args) > 1 && !goja.IsUndefined(args[1]) {
			pieces = min(pieces, index(args, 1))
		}
		g.reserve(pieces*2*valueSize, fmt.Sprintf("String.prototype.split into %d pieces", pieces))
	})
	jsonObj := g.vm.Get("JSON").ToObject(g.vm)
	g.wrap(jsonObj, "parse", func(_ goja.Value, args []goja.Value) {
		if len(args) > 0 {
			// '[0,0,…]' makes a 16-byte value of every 2 bytes of text.
			n := int64(len(args[0].String()))
			g.reserve(8*n, fmt.Sprintf("JSON.parse of %d characters", n))
		}
	})
	for _, name := range []string{"replace", "replaceAll"} {
		g.wrap(proto, name, func(this goja.Value, args []goja.Value) {
			if len(args) > 1 && goja.IsString(args[1]) {
				g.reserve(replaceSize(int64(len(this.String())), args[1].String()), "String.prototype."+name)
			}
		})
	}
}

// replaceSize bounds the result of a replace with a replacement string:
// every match (at most one a character, and one more) gets the replacement,
// whose $& and $1… copy at most the whole input between them, and whose $`
// and $' copy the input before or after each match: quadratic.
func replaceSize(n int64, repl string) int64 {
	if !strings.Contains(repl, "$") {
		return 2 * (n + (n+1)*int64(len(repl)))
	}
	size := n + (n+1)*int64(len(repl)) + int64(strings.Count(repl, "$"))*n
	if strings.Contains(repl, "$`") || strings.Contains(repl, "$'") {
		size += (n + 1) * n
	}
	return 2 * size
}

// arrays guards Array.from and the Array.prototype methods that walk a
// length: the length must be one an array within the budget can have, and
// fill and join ask for what they make.
func (g *guards) arrays() {
	ctor := g.vm.Get("Array").ToObject(g.vm)
	proto := ctor.Get("prototype").ToObject(g.vm)
	maxLen := g.b.maxElements()
	for _, name := range arrayWalkers {
		g.wrap(proto, name, func(this goja.Value, args []goja.Value) {
			o, ok := this.(*goja.Object)
			if !ok {
				return
			}
			n := lengthOf(o)
			if n > maxLen {
				throwRange(g.vm, fmt.Sprintf("memory limit exceeded: Array.prototype.%s over %d elements; within its %s the run can hold arrays of up to %d",
					name, n, mib(g.b.limit), maxLen), g.tooLong(n, "Array.prototype."+name))
			}
			switch name {
			case "fill":
				g.reserve(n*valueSize, fmt.Sprintf("Array.prototype.fill over %d elements", n))
			case "join", "toString", "toLocaleString":
				g.reserve(joinSize(o, n, args), fmt.Sprintf("Array.prototype.%s of %d elements", name, n))
			}
		})
	}
	// The spread operator, for…of in built-ins (new Set(a), Promise.all(a))
	// and destructuring iterate through Symbol.iterator: the guarded values.
	proto.DefineDataPropertySymbol(goja.SymIterator, proto.Get("values"), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	// f.apply(this, list) and Reflect.apply/construct copy the whole list.
	listArg := func(what string, i int) func(goja.Value, []goja.Value) {
		return func(_ goja.Value, args []goja.Value) {
			if i < len(args) {
				if o, ok := args[i].(*goja.Object); ok {
					n := lengthOf(o)
					if n > maxLen {
						throwRange(g.vm, fmt.Sprintf("memory limit exceeded: %s with %d arguments", what, n), g.tooLong(n, what))
					}
					g.reserve(n*valueSize, fmt.Sprintf("%s with %d arguments", what, n))
				}
			}
		}
	}
	g.wrap(g.vm.Get("Function").ToObject(g.vm).Get("prototype").ToObject(g.vm), "apply", listArg("Function.prototype.apply", 1))
	reflect := g.vm.Get("Reflect").ToObject(g.vm)
	g.wrap(reflect, "apply", listArg("Reflect.apply", 2))
	g.wrap(reflect, "construct", listArg("Reflect.construct", 1))
	// A typed array's join writes every element: a few characters each.
	if u8, ok := g.vm.Get("Uint8Array").(*goja.Object); ok {
		if typedProto, ok := u8.Get("prototype").(*goja.Object); ok && typedProto.Prototype() != nil {
			for _, name := range []string{"join", "toString", "toLocaleString"} {
				g.wrap(typedProto.Prototype(), name, func(this goja.Value, args []goja.Value) {
					if o, ok := this.(*goja.Object); ok {
						n := lengthOf(o)
						g.reserve(16*n, fmt.Sprintf("%%TypedArray%%.prototype.%s of %d elements", name, n))
					}
				})
			}
		}
	}
	g.wrap(ctor, "from", func(this goja.Value, args []goja.Value) {
		if len(args) == 0 {
			return
		}
		if o, ok := args[0].(*goja.Object); ok && !goja.IsUndefined(o.Get("length")) {
			n := lengthOf(o)
			if n > maxLen {
				throwRange(g.vm, fmt.Sprintf("memory limit exceeded: Array.from an array-like of %d elements; within its %s the run can hold arrays of up to %d",
					n, mib(g.b.limit), maxLen), g.tooLong(n, "Array.from"))
			}
			g.reserve(n*valueSize, fmt.Sprintf("Array.from an array-like of %d elements", n))
		}
	})
}

// joinSize is a floor of what joining n elements makes: the separators and
// the strings among the elements (the others are short or already made).
func joinSize(o *goja.Object, n int64, args []goja.Value) int64 {
	sep := int64(1)
	if len(args) > 0 && !goja.IsUndefined(args[0]) {
		sep = int64(len(args[0].String()))
	}
	size := max(n-1, 0) * sep
	if o.ClassName() == "Array" {
		for i := int64(0); i < n; i++ {
			if v := o.Get(fmt.Sprint(i)); v != nil && goja.IsString(v) {
				size += int64(len(v.String()))
			}
		}
	}
	return 2 * size
}

// lengthOf is ToLength(o.length), run under the run's limits (a getter may run).
func lengthOf(o *goja.Object) int64 {
	v := o.Get("length")
	if v == nil {
		return 0
	}
	n := v.ToFloat()
	switch {
	case n != n || n <= 0:
		return 0
	case n > 1<<53-1:
		return 1<<53 - 1
	}
	return int64(n)
}

// index is ToIndex(args[i]) for a size argument, 0 when absent.
func index(args []goja.Value, i int) int64 {
	if i >= len(args) || goja.IsUndefined(args[i]) {
		return 0
	}
	n := args[i].ToFloat()
	switch {
	case n != n || n <= 0:
		return 0
	case n > 1<<53-1:
		return 1<<53 - 1
	}
	return int64(n)
}

// guardBuffer guards the Buffer class of a loaded buffer module: Buffer.alloc,
// Buffer.from an array-like and Buffer.concat with a total length allocate
// in Go before any typed array constructor is asked.
func guardBuffer(vm *goja.Runtime, b *budget, exports *goja.Object) {
	g := &guards{vm: vm, b: b}
	ctor, ok := exports.Get("Buffer").(*goja.Object)
	if !ok {
		return
	}
	for _, name := range []string{"alloc", "allocUnsafe", "allocUnsafeSlow"} {
		g.wrap(ctor, name, func(_ goja.Value, args []goja.Value) {
			g.reserve(index(args, 0), fmt.Sprintf("Buffer.%s(%d)", name, index(args, 0)))
		})
	}
	from := func(args []goja.Value) (int64, string) {
		if len(args) == 0 {
			return 0, ""
		}
		switch a := args[0].(type) {
		case *goja.Object:
			if _, isBuffer := a.Export().(goja.ArrayBuffer); isBuffer {
				return 0, ""
			}
			n := lengthOf(a)
			return n, fmt.Sprintf("Buffer.from an array-like of %d elements", n)
		default:
			if goja.IsString(a) {
				n := 3 * int64(len(a.String()))
				return n, fmt.Sprintf("Buffer.from a string of %d characters", len(a.String()))
			}
		}
		return 0, ""
	}
	g.wrap(ctor, "from", func(_ goja.Value, args []goja.Value) { g.reserve(from(args)) })
	g.wrap(ctor, "concat", func(_ goja.Value, args []goja.Value) {
		if len(args) > 1 {
			g.reserve(index(args, 1), fmt.Sprintf("Buffer.concat(…, %d)", index(args, 1)))
		}
	})
	call, _ := goja.AssertFunction(ctor)
	construct, _ := goja.AssertConstructor(ctor)
	proxy := vm.ToValue(vm.NewProxy(ctor, &goja.ProxyTrapConfig{
		Apply: func(target *goja.Object, this goja.Value, args []goja.Value) goja.Value {
			g.reserve(from(args))
			v, err := call(this, args...)
			if err != nil {
				panic(err)
			}
			return v
		},
		Construct: func(target *goja.Object, args []goja.Value, newTarget *goja.Object) *goja.Object {
			g.reserve(from(args))
			o, err := construct(newTarget, args...)
			if err != nil {
				panic(err)
			}
			return o
		},
	}))
	exports.Set("Buffer", proxy)
	if proto, ok := ctor.Get("prototype").(*goja.Object); ok {
		proto.DefineDataProperty("constructor", proxy, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
}
