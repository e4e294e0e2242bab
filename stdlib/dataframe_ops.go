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
	g.DefineDataPropertySymbol(jsvalue.Symbol(vm, jsvalue.Type), vm.ToValue("GroupBy"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
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
			panic(vm.NewTypeError("groupBy(…).agg: expected {column: 'count'|'sum'|'mean'|'min'|'max'|'first'|'mode'|'list'}, got %s", jsvalue.Describe(call.Argument(0))))
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

func join(left, right *Frame, on []string, how string, opts Options) (*Frame, error) {
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
	// A key many rows share on both sides multiplies: ask for the memory of
	// the whole result before making any of it.
	rows := int64(0)
	for l := 0; l < left.Len(); l++ {
		rows += max(int64(len(index[rowKey(lcols, l)])), 1)
	}
	if err := opts.check(rows * int64(len(names)) * 16); err != nil {
		return nil, err
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
	return out, nil
}

func seq(from, to int) []int {
	out := make([]int, 0, max(0, to-from))
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}
