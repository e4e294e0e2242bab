package stdlib

import (
	"fmt"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

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

func (d *dfBinder) columns(f *Frame, names []string, where string) []*column {
	cols := make([]*column, len(names))
	for i, n := range names {
		col, err := f.col(n)
		if err != nil {
			d.throw("%s: %v", where, err)
		}
		cols[i] = col
	}
	return cols
}

func rowKey(cols []*column, r int) string {
	vals := make([]any, len(cols))
	for i, c := range cols {
		vals[i] = c.at(r)
	}
	return key(vals...)
}

// groupBy returns {agg, count} over the groups, in order of first appearance.
func (d *dfBinder) groupBy(f *Frame, names []string) goja.Value {
	vm := d.vm
	cols := d.columns(f, names, "DataFrame.groupBy")
	g := groupRows(cols, f.Len())
	// base is the frame of the groups' keys.
	base := func() *Frame {
		out := newFrame(append([]string(nil), names...))
		for i, c := range cols {
			out.cols[i] = c.take(g.first)
		}
		return out
	}
	obj := vm.NewObject()
	obj.DefineDataPropertySymbol(jsvalue.Symbol(vm, jsvalue.Type), vm.ToValue("GroupBy"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	obj.Set("count", func() goja.Value {
		out := base()
		sizes := g.sizes()
		counts := &column{kind: kindNumber, n: len(sizes), nums: make([]float64, len(sizes))}
		for i, n := range sizes {
			counts.nums[i] = float64(n)
		}
		out.addColumn("count", counts)
		return d.wrap(out)
	})
	obj.Set("agg", func(call goja.FunctionCall) goja.Value {
		spec, ok := call.Argument(0).(*goja.Object)
		if !ok {
			panic(vm.NewTypeError("groupBy(…).agg: expected {column: 'count'|'sum'|'mean'|'min'|'max'|'first'|'mode'|'list'}, got %s", jsvalue.Describe(call.Argument(0))))
		}
		out := base()
		rows, at := g.members()
		for _, name := range spec.Keys() {
			how := spec.Get(name).String()
			src, err := f.col(name)
			if err != nil {
				d.throw("groupBy(…).agg: %v", err)
			}
			b := newBuilder(nil)
			b.reserve(len(g.first))
			var in []any
			for i := range g.first {
				in = in[:0]
				for _, r := range rows[at[i]:at[i+1]] {
					in = append(in, src.at(r))
				}
				v, err := aggregate(how, in)
				if err != nil {
					d.throw("groupBy(…).agg: column %s: %v", name, err)
				}
				b.value(v)
			}
			out.addColumn(name, b.column())
		}
		return d.wrap(out)
	})
	return obj
}

func join(left, right *Frame, on []string, how string, opts Options) (*Frame, error) {
	switch how {
	case "inner", "left", "right", "outer":
	default:
		return nil, fmt.Errorf("how must be inner, left, right or outer, not %q", how)
	}
	lcols, rcols := make([]*column, len(on)), make([]*column, len(on))
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
	// A key many rows share on both sides multiplies: ask for the memory of
	// the whole result before making any of it.
	rows := int64(0)
	for l := 0; l < left.Len(); l++ {
		rows += max(int64(len(index[rowKey(lcols, l)])), 1)
	}
	if err := opts.check(rows * int64(len(names)) * 16); err != nil {
		return nil, err
	}
	out := make([]*builder, len(names))
	for i := range out {
		out[i] = newBuilder(nil)
	}
	emit := func(l, r int) {
		for c, n := range left.names {
			switch {
			case l >= 0:
				out[c].from(left.cols[c], l)
			case onSet[n]:
				out[c].from(right.cols[right.index[n]], r)
			default:
				out[c].null()
			}
		}
		for i, n := range rightNames {
			if r >= 0 {
				out[len(left.names)+i].from(right.cols[right.index[n]], r)
			} else {
				out[len(left.names)+i].null()
			}
		}
	}
	matched := map[int]bool{}
	for l := 0; l < left.Len(); l++ {
		if l%checkEvery == checkEvery-1 {
			if err := opts.check(0); err != nil {
				return nil, err
			}
		}
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
	f := newFrame(names)
	for i, b := range out {
		f.cols[i] = b.column()
	}
	return f, nil
}

func seq(from, to int) []int {
	out := make([]int, 0, max(0, to-from))
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}
