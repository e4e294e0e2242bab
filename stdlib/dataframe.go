package stdlib

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
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
	ctor.Set("readCSV", func(call goja.FunctionCall) goja.Value { return d.wrap(d.read(call.Argument(0), ',')) })
	ctor.Set("readTSV", func(call goja.FunctionCall) goja.Value { return d.wrap(d.read(call.Argument(0), '\t')) })
	ctor.Set("concat", func(call goja.FunctionCall) goja.Value {
		var frames []*Frame
		for _, a := range call.Arguments {
			frames = append(frames, d.frameOf(a, "DataFrame.concat"))
		}
		return d.wrap(concat(frames))
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
	panic(d.vm.NewTypeError("%s: expected a DataFrame, got %s", where, v))
}

func (d *dfBinder) throw(format string, args ...any) {
	panic(NewError(d.vm, fmt.Errorf(format, args...)))
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
	f := newFrame(nil)
	n := 0
	addRow := func(rec goja.Value) {
		ro, ok := rec.(*goja.Object)
		if !ok {
			panic(vm.NewTypeError("DataFrame.fromRecords: record %d is not an object", n))
		}
		flatten("", ro, func(name string, v goja.Value) {
			if _, ok := f.index[name]; !ok {
				f.addColumn(name, make([]any, n)) // earlier rows lack it: null
			}
			col := f.index[name]
			f.cols[col] = append(f.cols[col], value(v))
		})
		n++
		for c := range f.cols {
			if len(f.cols[c]) < n {
				f.cols[c] = append(f.cols[c], nil)
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
		vals := make([]any, l)
		for i := 0; i < l; i++ {
			vals[i] = value(arr.Get(strconv.Itoa(i)))
		}
		f.addColumn(k, vals)
	}
	return f
}

func (d *dfBinder) read(pathV goja.Value, delim byte) *Frame {
	if d.opts.NoFiles {
		d.throw("file access is switched off in this runtime")
	}
	path := pathV.String()
	r, err := openRead(path)
	if err != nil {
		d.throw("%v", err)
	}
	defer r.Close()
	var size int64
	if info, err := os.Stat(path); err == nil && !strings.HasSuffix(path, ".gz") && !strings.HasSuffix(path, ".zst") {
		size = info.Size() // compressed files give no honest row estimate
	}
	f, err := readTableSized(r, delim, path, size)
	if err != nil {
		d.throw("%v", err)
	}
	return f
}

func concat(frames []*Frame) *Frame {
	out := newFrame(nil)
	total := 0
	for _, f := range frames {
		for _, n := range f.names {
			if _, ok := out.index[n]; !ok {
				out.addColumn(n, make([]any, total))
			}
		}
		for c, n := range out.names {
			if i, ok := f.index[n]; ok {
				out.cols[c] = append(out.cols[c], f.cols[i]...)
			} else {
				out.cols[c] = append(out.cols[c], make([]any, f.Len())...)
			}
		}
		total += f.Len()
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

func (d *dfBinder) rowObject(f *Frame, r int) *goja.Object {
	o := d.vm.NewObject()
	for c, n := range f.names {
		o.Set(n, f.cols[c][r])
	}
	return o
}

func (d *dfBinder) callback(v goja.Value, where string) goja.Callable {
	fn, ok := goja.AssertFunction(v)
	if !ok {
		panic(d.vm.NewTypeError("%s: expected a function, got %s", where, v))
	}
	return fn
}

func (d *dfBinder) methods() {
	vm, p := d.vm, d.proto
	self := func(call goja.FunctionCall, where string) *Frame { return d.frameOf(call.This, where) }
	getter := func(name string, get func(*Frame) any) {
		p.DefineAccessorProperty(name, vm.ToValue(func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(get(self(call, name)))
		}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	method := func(name string, fn func(f *Frame, call goja.FunctionCall) goja.Value) {
		p.Set(name, func(call goja.FunctionCall) goja.Value { return fn(self(call, "DataFrame."+name), call) })
	}
	getter("columns", func(f *Frame) any { return f.Columns() })
	getter("length", func(f *Frame) any { return f.Len() })
	getter("shape", func(f *Frame) any { return []int{f.Len(), len(f.names)} })
	getter("dtypes", func(f *Frame) any {
		m := vm.NewObject() // in column order
		for c, n := range f.names {
			m.Set(n, dtype(f.cols[c]))
		}
		return m
	})
	count := func(call goja.FunctionCall, def int) int {
		if a := call.Argument(0); !goja.IsUndefined(a) {
			return int(a.ToInteger())
		}
		return def
	}
	method("head", func(f *Frame, call goja.FunctionCall) goja.Value {
		n := min(max(count(call, 5), 0), f.Len())
		return d.wrap(f.take(seq(0, n)))
	})
	method("tail", func(f *Frame, call goja.FunctionCall) goja.Value {
		n := min(max(count(call, 5), 0), f.Len())
		return d.wrap(f.take(seq(f.Len()-n, f.Len())))
	})
	method("select", func(f *Frame, call goja.FunctionCall) goja.Value {
		names := d.strings(call.Argument(0), "DataFrame.select")
		out := newFrame(nil)
		for _, n := range names {
			col, err := f.col(n)
			if err != nil {
				d.throw("DataFrame.select: %v", err)
			}
			out.addColumn(n, col)
		}
		return d.wrap(out)
	})
	method("drop", func(f *Frame, call goja.FunctionCall) goja.Value {
		drop := map[string]bool{}
		for _, n := range d.strings(call.Argument(0), "DataFrame.drop") {
			if _, err := f.col(n); err != nil {
				d.throw("DataFrame.drop: %v", err)
			}
			drop[n] = true
		}
		out := newFrame(nil)
		for c, n := range f.names {
			if !drop[n] {
				out.addColumn(n, f.cols[c])
			}
		}
		return d.wrap(out)
	})
	method("rename", func(f *Frame, call goja.FunctionCall) goja.Value {
		m, ok := call.Argument(0).Export().(map[string]any)
		if !ok {
			panic(vm.NewTypeError("DataFrame.rename: expected {old: 'new', …}"))
		}
		for old := range m {
			if _, err := f.col(old); err != nil {
				d.throw("DataFrame.rename: %v", err)
			}
		}
		out := newFrame(nil)
		for c, n := range f.names {
			if to, ok := m[n].(string); ok {
				n = to
			}
			out.addColumn(n, f.cols[c])
		}
		return d.wrap(out)
	})
	method("filter", func(f *Frame, call goja.FunctionCall) goja.Value {
		fn := d.callback(call.Argument(0), "DataFrame.filter")
		var rows []int
		for r := 0; r < f.Len(); r++ {
			v, err := fn(goja.Undefined(), d.rowObject(f, r), vm.ToValue(r))
			if err != nil {
				panic(err)
			}
			if v.ToBoolean() {
				rows = append(rows, r)
			}
		}
		return d.wrap(f.take(rows))
	})
	method("withColumn", func(f *Frame, call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		fn := d.callback(call.Argument(1), "DataFrame.withColumn")
		vals := make([]any, f.Len())
		for r := range vals {
			v, err := fn(goja.Undefined(), d.rowObject(f, r), vm.ToValue(r))
			if err != nil {
				panic(err)
			}
			vals[r] = value(v)
		}
		out := f.take(seq(0, f.Len()))
		out.addColumn(name, vals)
		return d.wrap(out)
	})
	method("sort", func(f *Frame, call goja.FunctionCall) goja.Value {
		names := d.strings(call.Argument(0), "DataFrame.sort")
		desc := false
		if o, ok := call.Argument(1).(*goja.Object); ok {
			desc = o.Get("desc") != nil && o.Get("desc").ToBoolean()
		}
		var cols [][]any
		for _, n := range names {
			col, err := f.col(n)
			if err != nil {
				d.throw("DataFrame.sort: %v", err)
			}
			cols = append(cols, col)
		}
		return d.wrap(f.take(f.sortRows(cols, desc)))
	})
	method("unique", func(f *Frame, call goja.FunctionCall) goja.Value {
		col, err := f.col(call.Argument(0).String())
		if err != nil {
			d.throw("DataFrame.unique: %v", err)
		}
		seen := map[string]bool{}
		var out []any
		for _, v := range col {
			if k := key(v); !seen[k] {
				seen[k] = true
				out = append(out, v)
			}
		}
		return vm.NewArray(out...)
	})
	method("dropDuplicates", func(f *Frame, call goja.FunctionCall) goja.Value {
		names := f.names
		if a := call.Argument(0); !goja.IsUndefined(a) {
			names = d.strings(a, "DataFrame.dropDuplicates")
		}
		cols := d.columns(f, names, "DataFrame.dropDuplicates")
		seen := map[string]bool{}
		var rows []int
		for r := 0; r < f.Len(); r++ {
			if k := rowKey(cols, r); !seen[k] {
				seen[k] = true
				rows = append(rows, r)
			}
		}
		return d.wrap(f.take(rows))
	})
	method("valueCounts", func(f *Frame, call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		col, err := f.col(name)
		if err != nil {
			d.throw("DataFrame.valueCounts: %v", err)
		}
		counts := map[string]int{}
		first := map[string]any{}
		var order []string
		for _, v := range col {
			k := key(v)
			if _, ok := counts[k]; !ok {
				order = append(order, k)
				first[k] = v
			}
			counts[k]++
		}
		sort.SliceStable(order, func(i, j int) bool { return counts[order[i]] > counts[order[j]] })
		out := newFrame([]string{name, "count"})
		for _, k := range order {
			out.cols[0] = append(out.cols[0], first[k])
			out.cols[1] = append(out.cols[1], float64(counts[k]))
		}
		return d.wrap(out)
	})
	method("groupBy", func(f *Frame, call goja.FunctionCall) goja.Value {
		names := d.strings(call.Argument(0), "DataFrame.groupBy")
		return d.groupBy(f, names)
	})
	method("join", func(f *Frame, call goja.FunctionCall) goja.Value {
		other := d.frameOf(call.Argument(0), "DataFrame.join")
		on := d.strings(call.Argument(1), "DataFrame.join")
		how := "inner"
		if o, ok := call.Argument(2).(*goja.Object); ok && o.Get("how") != nil {
			how = o.Get("how").String()
		}
		out, err := join(f, other, on, how)
		if err != nil {
			d.throw("DataFrame.join: %v", err)
		}
		return d.wrap(out)
	})
	method("concat", func(f *Frame, call goja.FunctionCall) goja.Value {
		frames := []*Frame{f}
		for _, a := range call.Arguments {
			frames = append(frames, d.frameOf(a, "DataFrame.concat"))
		}
		return d.wrap(concat(frames))
	})
	method("get", func(f *Frame, call goja.FunctionCall) goja.Value {
		col, err := f.col(call.Argument(0).String())
		if err != nil {
			d.throw("DataFrame.get: %v", err)
		}
		return vm.NewArray(col...)
	})
	method("row", func(f *Frame, call goja.FunctionCall) goja.Value {
		r := int(call.Argument(0).ToInteger())
		if r < 0 || r >= f.Len() {
			panic(vm.NewTypeError("DataFrame.row: row %d is outside 0..%d", r, f.Len()-1))
		}
		return d.rowObject(f, r)
	})
	method("toRecords", func(f *Frame, call goja.FunctionCall) goja.Value {
		rows := make([]any, f.Len())
		for r := range rows {
			rows[r] = d.rowObject(f, r)
		}
		return vm.NewArray(rows...)
	})
	method("describe", func(f *Frame, call goja.FunctionCall) goja.Value { return d.wrap(f.describe()) })
	for _, w := range []struct {
		name  string
		delim byte
	}{{"toCSV", ','}, {"toTSV", '\t'}} {
		w := w
		method(w.name, func(f *Frame, call goja.FunctionCall) goja.Value {
			return d.write(f, call.Argument(0), func(sb *strings.Builder) error { return writeTable(sb, f, w.delim) },
				func(path string) error {
					return writeAtomic(path, func(wr ioWriter) error { return writeTable(wr, f, w.delim) })
				})
		})
	}
	method("toJSON", func(f *Frame, call goja.FunctionCall) goja.Value {
		text := func() string {
			rows := make([]map[string]any, f.Len())
			for r := range rows {
				rows[r] = f.row(r)
			}
			return jsonRows(f, rows)
		}
		if !isJSONPath(call.Argument(0)) {
			// JSON.stringify(df) calls toJSON(key) with "" or an index: only a path
			// ending in .json (.gz/.zst) writes a file; anything else gives the records.
			v, _ := vm.RunString("(" + text() + ")")
			return v
		}
		return d.write(f, call.Argument(0), nil, func(path string) error {
			return writeAtomic(path, func(wr ioWriter) error { _, err := wr.Write([]byte(text())); return err })
		})
	})
	method("print", func(f *Frame, call goja.FunctionCall) goja.Value {
		fmt.Fprintln(d.opts.Stdout, render(f, d.opts.Color))
		return goja.Undefined()
	})
	method("toString", func(f *Frame, call goja.FunctionCall) goja.Value { return vm.ToValue(render(f, false)) })
	inspectSym := symbolFor(vm, "tolokash.inspect")
	p.SetSymbol(inspectSym, func(call goja.FunctionCall) goja.Value {
		colors := false
		if o, ok := call.Argument(0).(*goja.Object); ok && o.Get("colors") != nil {
			colors = o.Get("colors").ToBoolean()
		}
		return vm.ToValue(render(d.frameOf(call.This, "inspect"), colors))
	})
}

func symbolFor(vm *goja.Runtime, name string) *goja.Symbol {
	f, _ := goja.AssertFunction(vm.Get("Symbol").ToObject(vm).Get("for"))
	v, _ := f(goja.Undefined(), vm.ToValue(name))
	return v.(*goja.Symbol)
}

func (d *dfBinder) write(f *Frame, pathV goja.Value, toString func(*strings.Builder) error, toFile func(string) error) goja.Value {
	if goja.IsUndefined(pathV) || goja.IsNull(pathV) {
		var sb strings.Builder
		if err := toString(&sb); err != nil {
			d.throw("%v", err)
		}
		return d.vm.ToValue(sb.String())
	}
	if d.opts.NoFiles {
		d.throw("file access is switched off in this runtime")
	}
	if err := toFile(pathV.String()); err != nil {
		d.throw("%v", err)
	}
	return pathV
}

func (d *dfBinder) columns(f *Frame, names []string, where string) [][]any {
	cols := make([][]any, len(names))
	for i, n := range names {
		col, err := f.col(n)
		if err != nil {
			d.throw("%s: %v", where, err)
		}
		cols[i] = col
	}
	return cols
}

func rowKey(cols [][]any, r int) string {
	vals := make([]any, len(cols))
	for i, c := range cols {
		vals[i] = c[r]
	}
	return key(vals...)
}

// groupBy returns {agg, count} over the groups, in order of first appearance.
func (d *dfBinder) groupBy(f *Frame, names []string) goja.Value {
	vm := d.vm
	cols := d.columns(f, names, "DataFrame.groupBy")
	groups := map[string][]int{}
	var order []string
	for r := 0; r < f.Len(); r++ {
		k := rowKey(cols, r)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	base := func() *Frame {
		out := newFrame(append([]string(nil), names...))
		for _, k := range order {
			first := groups[k][0]
			for i, c := range cols {
				out.cols[i] = append(out.cols[i], c[first])
			}
		}
		return out
	}
	g := vm.NewObject()
	g.Set("count", func() goja.Value {
		out := base()
		counts := make([]any, len(order))
		for i, k := range order {
			counts[i] = float64(len(groups[k]))
		}
		out.addColumn("count", counts)
		return d.wrap(out)
	})
	g.Set("agg", func(call goja.FunctionCall) goja.Value {
		spec, ok := call.Argument(0).(*goja.Object)
		if !ok {
			panic(vm.NewTypeError("groupBy(…).agg: expected {column: 'count'|'sum'|'mean'|'min'|'max'|'first'|'list'}"))
		}
		out := base()
		for _, col := range spec.Keys() {
			how := spec.Get(col).String()
			src, err := f.col(col)
			if err != nil {
				d.throw("groupBy(…).agg: %v", err)
			}
			vals := make([]any, len(order))
			for i, k := range order {
				in := make([]any, len(groups[k]))
				for j, r := range groups[k] {
					in[j] = src[r]
				}
				v, err := aggregate(how, in)
				if err != nil {
					d.throw("groupBy(…).agg: column %s: %v", col, err)
				}
				vals[i] = v
			}
			out.addColumn(col, vals)
		}
		return d.wrap(out)
	})
	return g
}

func join(left, right *Frame, on []string, how string) (*Frame, error) {
	switch how {
	case "inner", "left", "right", "outer":
	default:
		return nil, fmt.Errorf("how must be inner, left, right or outer, not %q", how)
	}
	lcols, rcols := make([][]any, len(on)), make([][]any, len(on))
	for i, n := range on {
		var err error
		if lcols[i], err = left.col(n); err != nil {
			return nil, fmt.Errorf("left: %v", err)
		}
		if rcols[i], err = right.col(n); err != nil {
			return nil, fmt.Errorf("right: %v", err)
		}
	}
	index := map[string][]int{}
	for r := 0; r < right.Len(); r++ {
		k := rowKey(rcols, r)
		index[k] = append(index[k], r)
	}
	onSet := map[string]bool{}
	for _, n := range on {
		onSet[n] = true
	}
	names := append([]string(nil), left.names...)
	var rightNames []string
	for _, n := range right.names {
		if onSet[n] {
			continue
		}
		name := n
		if _, clash := left.index[n]; clash {
			name = n + "_right"
		}
		names = append(names, name)
		rightNames = append(rightNames, n)
	}
	out := newFrame(names)
	emit := func(l, r int) {
		for c := range left.names {
			var v any
			if l >= 0 {
				v = left.cols[c][l]
			} else if onSet[left.names[c]] {
				v = right.cols[right.index[left.names[c]]][r]
			}
			out.cols[c] = append(out.cols[c], v)
		}
		for i, n := range rightNames {
			var v any
			if r >= 0 {
				v = right.cols[right.index[n]][r]
			}
			out.cols[len(left.names)+i] = append(out.cols[len(left.names)+i], v)
		}
	}
	matched := map[int]bool{}
	for l := 0; l < left.Len(); l++ {
		rs := index[rowKey(lcols, l)]
		for _, r := range rs {
			emit(l, r)
			matched[r] = true
		}
		if len(rs) == 0 && (how == "left" || how == "outer") {
			emit(l, -1)
		}
	}
	if how == "right" || how == "outer" {
		for r := 0; r < right.Len(); r++ {
			if !matched[r] {
				emit(-1, r)
			}
		}
	}
	return out, nil
}

func seq(from, to int) []int {
	out := make([]int, 0, max(0, to-from))
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// render draws an aligned table; long cells are cut and long tables show head … tail.
func render(f *Frame, colors bool) string {
	const maxWidth, showRows = 30, 10
	n := f.Len()
	rows := seq(0, n)
	cut := false
	if n > 2*showRows {
		rows = append(seq(0, showRows), seq(n-showRows, n)...)
		cut = true
	}
	cellText := func(v any) string {
		var s string
		switch x := v.(type) {
		case nil:
			s = "null"
		case string:
			s = strings.NewReplacer("\n", "⏎", "\t", "→").Replace(x)
		case float64:
			s = strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			s = strconv.FormatBool(x)
		default:
			s = jsonText(x)
		}
		if utf8.RuneCountInString(s) > maxWidth {
			s = string([]rune(s)[:maxWidth-1]) + "…"
		}
		return s
	}
	widths := make([]int, len(f.names)+1)
	widths[0] = len(strconv.Itoa(n))
	table := make([][]string, len(rows))
	for i, r := range rows {
		line := make([]string, len(f.names)+1)
		line[0] = strconv.Itoa(r)
		for c := range f.names {
			line[c+1] = cellText(f.cols[c][r])
		}
		table[i] = line
	}
	header := append([]string{""}, f.names...)
	for c, h := range header {
		w := utf8.RuneCountInString(h)
		if w > maxWidth {
			w = maxWidth
			header[c] = string([]rune(h)[:maxWidth-1]) + "…"
		}
		widths[c] = max(widths[c], w)
	}
	for _, line := range table {
		for c, s := range line {
			widths[c] = max(widths[c], utf8.RuneCountInString(s))
		}
	}
	pad := func(s string, w int, right bool) string {
		gap := strings.Repeat(" ", w-utf8.RuneCountInString(s))
		if right {
			return gap + s
		}
		return s + gap
	}
	var b strings.Builder
	for c, h := range header {
		if c > 0 {
			b.WriteString("  ")
		}
		h = pad(h, widths[c], false)
		if colors {
			h = "\x1b[1m" + h + "\x1b[0m"
		}
		b.WriteString(h)
	}
	b.WriteByte('\n')
	for i, line := range table {
		if cut && i == showRows {
			b.WriteString("…\n")
		}
		for c, s := range line {
			if c > 0 {
				b.WriteString("  ")
			}
			numeric := c > 0 && dtypeOf(f.cols[c-1][rows[i]]) == "number"
			b.WriteString(pad(s, widths[c], numeric || c == 0))
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "[%d rows × %d columns]", n, len(f.names))
	return b.String()
}

func dtypeOf(v any) string {
	if _, ok := v.(float64); ok {
		return "number"
	}
	return ""
}

func isJSONPath(v goja.Value) bool {
	s, ok := v.Export().(string)
	if !ok {
		return false
	}
	for _, ext := range []string{".json", ".json.gz", ".json.zst", ".jsonl"} {
		if strings.HasSuffix(s, ext) {
			return true
		}
	}
	return false
}
