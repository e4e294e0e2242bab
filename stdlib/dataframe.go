package stdlib

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

var errNoRegister = errors.New("stdlib.Register was not called for this runtime")

// dfBinder makes DataFrame objects for one VM; each holds its *Frame.
type dfBinder struct {
	vm    *goja.Runtime
	opts  Options
	proto *goja.Object
	ctor  *goja.Object
}

const (
	frameKey  = "__frame"
	binderKey = "__binder"
)

func binderOf(vm *goja.Runtime) (*dfBinder, bool) {
	ctor, ok := vm.Get("DataFrame").(*goja.Object)
	if !ok {
		return nil, false
	}
	d, ok := ctor.Get(binderKey).Export().(*dfBinder)
	return d, ok
}

// install defines DataFrame, built on first use: its hundred methods cost
// more than a short script's whole run.
func (d *dfBinder) install() error {
	LazyGlobal(d.vm, "DataFrame", d.build)
	return nil
}

func (d *dfBinder) build() goja.Value {
	vm := d.vm
	d.proto = vm.NewObject()
	ctor := vm.ToValue(func(call goja.ConstructorCall) *goja.Object {
		f := d.fromColumns(call.Argument(0))
		return d.wrap(f).(*goja.Object)
	}).(*goja.Object)
	ctor.Set("prototype", d.proto)
	d.proto.DefineDataProperty("constructor", ctor, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	d.ctor = ctor
	ctor.Set("fromRecords", func(call goja.FunctionCall) goja.Value { return d.wrap(d.fromRecords(call.Argument(0))) })
	ctor.Set("readCSV", func(call goja.FunctionCall) goja.Value {
		return d.wrap(d.read(call.Argument(0), call.Argument(1), ',', "DataFrame.readCSV"))
	})
	ctor.Set("readTSV", func(call goja.FunctionCall) goja.Value {
		return d.wrap(d.read(call.Argument(0), call.Argument(1), '\t', "DataFrame.readTSV"))
	})
	ctor.Set("concat", func(call goja.FunctionCall) goja.Value {
		return d.wrap(concat(d.framesOf(call.Arguments, "DataFrame.concat")))
	})
	d.methods()
	// The constructor carries its binder, so Go code given only the VM finds it.
	ctor.DefineDataProperty(binderKey, vm.ToValue(d), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	return ctor
}

func (d *dfBinder) wrap(f *Frame) goja.Value {
	obj := d.vm.CreateObject(d.proto)
	obj.DefineDataProperty(frameKey, d.vm.ToValue(f), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	return obj
}

func (d *dfBinder) frameOf(v goja.Value, where string) *Frame {
	if obj, ok := v.(*goja.Object); ok {
		if h := obj.Get(frameKey); h != nil {
			if f, ok := h.Export().(*Frame); ok {
				return f
			}
		}
	}
	panic(d.vm.NewTypeError("%s: expected a DataFrame, got %s", where, jsvalue.Describe(v)))
}

func (d *dfBinder) throw(format string, args ...any) {
	panic(NewError(d.vm, fmt.Errorf(format, args...)))
}

// framesOf reads concat's arguments: frames, or arrays of frames (as
// pandas' concat([a, b]) takes them), or both.
func (d *dfBinder) framesOf(args []goja.Value, where string) []*Frame {
	var frames []*Frame
	for i, a := range args {
		if o, ok := a.(*goja.Object); ok && o.ClassName() == "Array" {
			n := int(o.Get("length").ToInteger())
			for j := 0; j < n; j++ {
				frames = append(frames, d.frameOf(o.Get(strconv.Itoa(j)), fmt.Sprintf("%s: argument %d, item %d", where, i+1, j)))
			}
			continue
		}
		frames = append(frames, d.frameOf(a, fmt.Sprintf("%s: argument %d", where, i+1)))
	}
	return frames
}

// value turns a JS value into a cell value: nil, string, float64, bool, or a
// JSON-able Go value for arrays and objects.
func value(v goja.Value) any {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	if o, ok := v.(*goja.Object); ok && (o.ClassName() == "Object" || o.ClassName() == "Array") {
		return plain(v)
	}
	switch x := v.Export().(type) {
	case string, bool:
		return x
	case int64:
		return float64(x)
	case float64:
		return x
	default:
		return x
	}
}

// plain is v as Go data, objects and arrays as map[string]any and []any read
// through their members: goja's Export gives that for ordinary objects, but
// not for objects with their own storage, such as iterator items, which the
// bindings build lazily.
func plain(v goja.Value) any {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return v.Export()
	}
	switch o.ClassName() {
	case "Array":
		out := make([]any, o.Get("length").ToInteger())
		for i := range out {
			out[i] = plain(o.Get(strconv.Itoa(i)))
		}
		return out
	case "Object":
		keys := o.Keys()
		out := make(map[string]any, len(keys))
		for _, k := range keys {
			out[k] = plain(o.Get(k))
		}
		return out
	}
	return v.Export()
}

// flatten adds obj's fields to row under dotted names.
func flatten(prefix string, obj *goja.Object, add func(string, goja.Value)) {
	for _, k := range obj.Keys() {
		v := obj.Get(k)
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		if o, ok := v.(*goja.Object); ok && o.ClassName() == "Object" {
			flatten(name, o, add)
			continue
		}
		add(name, v)
	}
}

func (d *dfBinder) fromRecords(src goja.Value) *Frame {
	vm := d.vm
	obj, ok := src.(*goja.Object)
	if !ok {
		panic(vm.NewTypeError("DataFrame.fromRecords: expected an array or an iterator of objects, got %s", src))
	}
	var names []string
	var cols []*builder
	index := map[string]int{}
	n := 0
	addRow := func(rec goja.Value) {
		ro, ok := rec.(*goja.Object)
		if !ok {
			panic(vm.NewTypeError("DataFrame.fromRecords: record %d is not an object", n))
		}
		flatten("", ro, func(name string, v goja.Value) {
			i, ok := index[name]
			if !ok {
				i = len(cols)
				index[name] = i
				names = append(names, name)
				cols = append(cols, newBuilder(nil))
				cols[i].nulls(n) // earlier rows lack it: null
			}
			if cols[i].c.n == n { // a dotted name met twice ({a: {b: 1}, 'a.b': 2}): the first stays
				cols[i].value(value(v))
			}
		})
		n++
		for _, b := range cols {
			if b.c.n < n {
				b.null()
			}
		}
	}
	iterFn := obj.GetSymbol(goja.SymIterator)
	if fn, ok := goja.AssertFunction(iterFn); ok {
		it, err := fn(obj)
		if err != nil {
			panic(err)
		}
		next, _ := goja.AssertFunction(it.ToObject(vm).Get("next"))
		for {
			r, err := next(it)
			if err != nil {
				panic(err)
			}
			ro := r.ToObject(vm)
			if ro.Get("done").ToBoolean() {
				break
			}
			addRow(ro.Get("value"))
		}
		f := newFrame(names)
		for i, b := range cols {
			f.cols[i] = b.column()
		}
		return f
	}
	panic(vm.NewTypeError("DataFrame.fromRecords: expected an array or an iterator of objects"))
}

func (d *dfBinder) fromColumns(src goja.Value) *Frame {
	f := newFrame(nil)
	obj, ok := src.(*goja.Object)
	if !ok {
		return f
	}
	n := -1
	for _, k := range obj.Keys() {
		arr, ok := obj.Get(k).(*goja.Object)
		if !ok || arr.ClassName() != "Array" {
			panic(d.vm.NewTypeError("new DataFrame: column %q must be an array", k))
		}
		l := int(arr.Get("length").ToInteger())
		if n >= 0 && l != n {
			panic(d.vm.NewTypeError("new DataFrame: column %q has %d values, the others %d", k, l, n))
		}
		n = l
		b := newBuilder(nil)
		b.reserve(l)
		for i := 0; i < l; i++ {
			b.value(value(arr.Get(strconv.Itoa(i))))
		}
		f.addColumn(k, b.column())
	}
	return f
}

// read is readCSV and readTSV: options header (default true), names (the
// columns' names: instead of a header row, or renaming it) and delimiter.
func (d *dfBinder) read(pathV, optsV goja.Value, delim byte, where string) *Frame {
	vm := d.vm
	path, ok := pathV.Export().(string)
	if !ok {
		panic(vm.NewTypeError("%s: expected a file path, got %s", where, jsvalue.Describe(pathV)))
	}
	opts := options(vm, optsV, where, "header", "names", "delimiter")
	to := tableOptions{header: true}
	if h := option(opts, "header"); h != nil {
		b, ok := h.Export().(bool)
		if !ok {
			panic(vm.NewTypeError("%s: option header: expected true or false, got %s", where, jsvalue.Describe(h)))
		}
		to.header = b
	}
	if n := option(opts, "names"); n != nil {
		to.names = d.strings(n, where+": option names")
	}
	if dl := option(opts, "delimiter"); dl != nil {
		s, ok := dl.Export().(string)
		if !ok || len(s) != 1 || s == "\"" || s == "\n" || s == "\r" {
			panic(vm.NewTypeError("%s: option delimiter: expected one character (not a quote or a line break), got %s", where, jsvalue.Describe(dl)))
		}
		delim = s[0]
	}
	if d.opts.NoFiles {
		d.throw("%s: file access is switched off in this runtime", where)
	}
	r, err := openRead(path)
	if err != nil {
		panic(NewError(vm, fileError(where, "read", path, err)))
	}
	defer r.Close()
	var size int64
	if info, err := os.Stat(path); err == nil && !strings.HasSuffix(path, ".gz") && !strings.HasSuffix(path, ".zst") {
		size = info.Size() // compressed files give no honest row estimate
	}
	to.guard = d.opts.tableGuard()
	f, err := readTableWith(r, delim, path, size, to)
	if err != nil {
		fail(d.vm, where, err)
	}
	return f
}

func concat(frames []*Frame) *Frame {
	var names []string
	seen := map[string]bool{}
	for _, f := range frames {
		for _, n := range f.names {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	total := 0
	for _, f := range frames {
		total += f.Len()
	}
	out := newFrame(names)
	for c, name := range names {
		b := newBuilder(nil)
		b.reserve(total)
		for _, f := range frames {
			i, ok := f.index[name]
			if !ok {
				b.nulls(f.Len())
				continue
			}
			for r := range f.Len() {
				b.from(f.cols[i], r)
			}
		}
		out.cols[c] = b.column()
	}
	return out
}

func (d *dfBinder) strings(v goja.Value, where string) []string {
	if s, ok := v.Export().(string); ok {
		return []string{s}
	}
	obj, ok := v.(*goja.Object)
	if !ok || obj.ClassName() != "Array" {
		panic(d.vm.NewTypeError("%s: expected a column name or a list of them, got %s", where, v))
	}
	var out []string
	for _, x := range obj.Export().([]any) {
		s, ok := x.(string)
		if !ok {
			panic(d.vm.NewTypeError("%s: column names are strings, got %v", where, x))
		}
		out = append(out, s)
	}
	return out
}

// rowObject is row r as an object, its members in column order. Each is an
// own data property, as JSON.parse makes them: a column named __proto__ is
// a column, not the object's prototype.
func (d *dfBinder) rowObject(f *Frame, r int) *goja.Object {
	o := d.vm.NewObject()
	for c, n := range f.names {
		o.DefineDataProperty(n, d.cell(f.cols[c].at(r)), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
	}
	return o
}

// cell is a cell's value for scripts. A list or an object (a cell read from
// JSON, or made from a nested value) becomes an array or a plain object with
// its keys sorted, as encoding/json writes it to a file: scripts can change
// it as any other, and it reads the same on every run.
func (d *dfBinder) cell(v any) goja.Value {
	switch x := v.(type) {
	case map[string]any:
		o := d.vm.NewObject()
		for _, k := range slices.Sorted(maps.Keys(x)) {
			o.DefineDataProperty(k, d.cell(x[k]), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
		}
		return o
	case []any:
		items := make([]any, len(x))
		for i, e := range x {
			items[i] = d.cell(e)
		}
		return d.vm.NewArray(items...)
	}
	return d.vm.ToValue(v)
}

func (d *dfBinder) callback(v goja.Value, where string) goja.Callable {
	fn, ok := goja.AssertFunction(v)
	if !ok {
		panic(d.vm.NewTypeError("%s: expected a function, got %s", where, v))
	}
	return fn
}
