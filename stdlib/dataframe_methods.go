package stdlib

import (
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// methods defines DataFrame's properties and methods on its prototype, by
// concept: its shape and columns, its rows, groups and joins, and output.
func (d *dfBinder) methods() {
	d.shapeMethods()
	d.rowMethods()
	d.groupMethods()
	d.outputMethods()
}

// method defines DataFrame.prototype[name], whose this must be a frame.
func (d *dfBinder) method(name string, fn func(f *Frame, call goja.FunctionCall) goja.Value) {
	d.proto.Set(name, func(call goja.FunctionCall) goja.Value { return fn(d.frameOf(call.This, "DataFrame."+name), call) })
}

// getter defines a read-only property of frames.
func (d *dfBinder) getter(name string, get func(*Frame) any) {
	d.proto.DefineAccessorProperty(name, d.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		return d.vm.ToValue(get(d.frameOf(call.This, name)))
	}), nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// shapeMethods: columns, length, shape, dtypes; head, tail, select, drop, rename.
func (d *dfBinder) shapeMethods() {
	vm := d.vm
	d.getter("columns", func(f *Frame) any { return f.Columns() })
	d.getter("length", func(f *Frame) any { return f.Len() })
	d.getter("shape", func(f *Frame) any { return []int{f.Len(), len(f.names)} })
	d.getter("dtypes", func(f *Frame) any {
		m := vm.NewObject() // in column order
		for c, n := range f.names {
			m.Set(n, f.cols[c].dtype())
		}
		return m
	})
	count := func(call goja.FunctionCall, def int) int {
		if a := call.Argument(0); !goja.IsUndefined(a) {
			return int(a.ToInteger())
		}
		return def
	}
	d.method("head", func(f *Frame, call goja.FunctionCall) goja.Value {
		n := min(max(count(call, 5), 0), f.Len())
		return d.wrap(f.take(seq(0, n)))
	})
	d.method("tail", func(f *Frame, call goja.FunctionCall) goja.Value {
		n := min(max(count(call, 5), 0), f.Len())
		return d.wrap(f.take(seq(f.Len()-n, f.Len())))
	})
	d.method("select", func(f *Frame, call goja.FunctionCall) goja.Value {
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
	d.method("drop", func(f *Frame, call goja.FunctionCall) goja.Value {
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
	d.method("rename", func(f *Frame, call goja.FunctionCall) goja.Value {
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
}

// rowMethods: filter, withColumn, sort, unique, dropDuplicates; get and row.
func (d *dfBinder) rowMethods() {
	vm := d.vm
	d.method("filter", func(f *Frame, call goja.FunctionCall) goja.Value {
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
	d.method("withColumn", func(f *Frame, call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		fn := d.callback(call.Argument(1), "DataFrame.withColumn")
		b := newBuilder(nil)
		b.reserve(f.Len())
		for r := range f.Len() {
			v, err := fn(goja.Undefined(), d.rowObject(f, r), vm.ToValue(r))
			if err != nil {
				panic(err)
			}
			b.value(value(v))
		}
		out := f.clone()
		out.addColumn(name, b.column())
		return d.wrap(out)
	})
	d.method("sort", func(f *Frame, call goja.FunctionCall) goja.Value {
		names := d.strings(call.Argument(0), "DataFrame.sort")
		desc := false
		if v := option(options(vm, call.Argument(1), "DataFrame.sort", "desc"), "desc"); v != nil {
			desc = v.ToBoolean()
		}
		var cols []*column
		for _, n := range names {
			col, err := f.col(n)
			if err != nil {
				d.throw("DataFrame.sort: %v", err)
			}
			cols = append(cols, col)
		}
		return d.wrap(f.take(f.sortRows(cols, desc)))
	})
	d.method("unique", func(f *Frame, call goja.FunctionCall) goja.Value {
		col, err := f.col(call.Argument(0).String())
		if err != nil {
			d.throw("DataFrame.unique: %v", err)
		}
		first := col.groups().first
		out := make([]any, len(first))
		for i, r := range first {
			out[i] = col.at(r)
		}
		return vm.NewArray(out...)
	})
	d.method("dropDuplicates", func(f *Frame, call goja.FunctionCall) goja.Value {
		names := f.names
		if a := call.Argument(0); !goja.IsUndefined(a) {
			names = d.strings(a, "DataFrame.dropDuplicates")
		}
		cols := d.columns(f, names, "DataFrame.dropDuplicates")
		return d.wrap(f.take(groupRows(cols, f.Len()).first))
	})
	d.method("get", func(f *Frame, call goja.FunctionCall) goja.Value {
		col, err := f.col(call.Argument(0).String())
		if err != nil {
			d.throw("DataFrame.get: %v", err)
		}
		return vm.NewArray(col.values()...)
	})
	d.method("row", func(f *Frame, call goja.FunctionCall) goja.Value {
		r := int(call.Argument(0).ToInteger())
		if r < 0 || r >= f.Len() {
			panic(vm.NewTypeError("DataFrame.row: row %d is outside 0..%d", r, f.Len()-1))
		}
		return d.rowObject(f, r)
	})
}

// groupMethods: valueCounts, groupBy, join, concat, sample.
func (d *dfBinder) groupMethods() {
	vm := d.vm
	d.method("valueCounts", func(f *Frame, call goja.FunctionCall) goja.Value {
		name := call.Argument(0).String()
		col, err := f.col(name)
		if err != nil {
			d.throw("DataFrame.valueCounts: %v", err)
		}
		g := col.groups()
		sizes := g.sizes()
		order := seq(0, len(sizes)) // most frequent first; of as frequent, the first seen
		slices.SortStableFunc(order, func(a, b int) int { return sizes[b] - sizes[a] })
		rows := make([]int, len(order))
		counts := &column{kind: kindNumber, n: len(order), nums: make([]float64, len(order))}
		for i, id := range order {
			rows[i] = g.first[id]
			counts.nums[i] = float64(sizes[id])
		}
		out := newFrame([]string{name, "count"})
		out.cols[0], out.cols[1] = col.take(rows), counts
		return d.wrap(out)
	})
	d.method("groupBy", func(f *Frame, call goja.FunctionCall) goja.Value {
		names := d.strings(call.Argument(0), "DataFrame.groupBy")
		return d.groupBy(f, names)
	})
	d.method("join", func(f *Frame, call goja.FunctionCall) goja.Value {
		other := d.frameOf(call.Argument(0), "DataFrame.join")
		on := d.strings(call.Argument(1), "DataFrame.join")
		how := "inner"
		if v := option(options(vm, call.Argument(2), "DataFrame.join", "how"), "how"); v != nil {
			how = v.String()
		}
		out, err := join(f, other, on, how, d.opts)
		if err != nil {
			fail(d.vm, "DataFrame.join", err)
		}
		return d.wrap(out)
	})
	d.method("concat", func(f *Frame, call goja.FunctionCall) goja.Value {
		return d.wrap(concat(append([]*Frame{f}, d.framesOf(call.Arguments, "DataFrame.concat")...)))
	})
	d.method("sample", func(f *Frame, call goja.FunctionCall) goja.Value {
		nv := call.Argument(0)
		n, ok := nv.Export().(int64)
		if !ok || n < 0 {
			panic(vm.NewTypeError("DataFrame.sample: expected a number of rows (0 or more), got %s", jsvalue.Describe(nv)))
		}
		var rnd *rand.Rand
		if seed := option(options(vm, call.Argument(1), "DataFrame.sample", "seed"), "seed"); seed != nil {
			rnd = rand.New(rand.NewPCG(uint64(seed.ToInteger()), 0x746f6c6f6b61))
		} else {
			rnd = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
		}
		rows := rnd.Perm(f.Len())[:min(int(n), f.Len())]
		sort.Ints(rows) // the rows drawn, in the frame's order
		return d.wrap(f.take(rows))
	})
}
