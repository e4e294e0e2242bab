package runtime

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// table is console.table: rows of an array or object (or a Map's entries, a
// Set's values) as a boxed table, the columns their keys (or only those
// given), cut to the printer's width. Anything else is logged as it is.
func (r *Runtime) table(data, columns goja.Value) string {
	vm := r.vm
	obj, ok := data.(*goja.Object)
	if !ok {
		return r.format(r.printer.options(), []goja.Value{data})
	}
	if _, isFn := goja.AssertFunction(obj); isFn {
		return r.format(r.printer.options(), []goja.Value{data})
	}
	if fn, ok := goja.AssertFunction(obj.GetSymbol(jsvalue.Symbol(vm, jsvalue.Inspect))); ok && obj.ClassName() != "Array" {
		// A DataFrame (or another value that draws itself) is already a table.
		arg := vm.NewObject()
		arg.Set("colors", r.printer.Colors)
		arg.Set("width", r.printer.options().BreakLength)
		if s, err := fn(obj, vm.ToValue(0), arg); err == nil {
			return s.String()
		}
	}
	var wanted []string
	if c, ok := columns.(*goja.Object); ok && c.ClassName() == "Array" {
		for _, x := range c.Export().([]any) {
			wanted = append(wanted, toString(x))
		}
	}
	index := "(index)"
	var keys []string
	var rows []goja.Value
	in := &inspector{vm: vm, rt: r}
	b := in.builtins()
	switch {
	case obj.ClassName() == "Array":
		n := int(obj.Get("length").ToInteger())
		for i := 0; i < n; i++ {
			keys = append(keys, strconv.Itoa(i))
			rows = append(rows, obj.Get(strconv.Itoa(i)))
		}
	case inherits(obj, b.mapP) || inherits(obj, b.setP):
		index = "(iteration index)"
		isMap := inherits(obj, b.mapP)
		forEach, _ := goja.AssertFunction(obj.Get("forEach"))
		var mapKeys []goja.Value
		forEach(obj, vm.ToValue(func(call goja.FunctionCall) goja.Value {
			keys = append(keys, strconv.Itoa(len(keys)))
			rows = append(rows, call.Argument(0))
			mapKeys = append(mapKeys, call.Argument(1))
			return goja.Undefined()
		}))
		if isMap {
			return r.drawTable([]string{index, "Key", "Values"}, func(add func([]string)) {
				for i := range keys {
					add([]string{keys[i], r.cell(mapKeys[i]), r.cell(rows[i])})
				}
			})
		}
	default:
		for _, k := range obj.Keys() {
			keys = append(keys, k)
			rows = append(rows, obj.Get(k))
		}
	}
	var cols []string
	seen := map[string]bool{}
	hasValues := false
	for _, row := range rows {
		ro, isObj := row.(*goja.Object)
		if !isObj {
			hasValues = true
			continue
		}
		for _, k := range ro.Keys() {
			if !seen[k] {
				seen[k] = true
				cols = append(cols, k)
			}
		}
	}
	if wanted != nil {
		cols = wanted
	}
	header := append([]string{index}, cols...)
	if hasValues {
		header = append(header, "Values")
	}
	return r.drawTable(header, func(add func([]string)) {
		for i, row := range rows {
			line := []string{keys[i]}
			ro, isObj := row.(*goja.Object)
			for _, c := range cols {
				cell := ""
				if isObj {
					if v := ro.Get(c); v != nil && (!goja.IsUndefined(v) || hasOwn(vm, ro, c)) {
						cell = r.cell(v)
					}
				}
				line = append(line, cell)
			}
			if hasValues {
				if isObj {
					line = append(line, "")
				} else {
					line = append(line, r.cell(row))
				}
			}
			add(line)
		}
	})
}

func toString(x any) string { return fmt.Sprint(x) }

func hasOwn(vm *goja.Runtime, o *goja.Object, k string) bool { return ownDescriptor(vm, o, k) != nil }

// cell shows one value in a table as node does: objects of more than two
// keys as [Object], others on one line.
func (r *Runtime) cell(v goja.Value) string {
	opts := InspectOptions{Depth: DepthNone, MaxItems: 3, BreakLength: 1 << 30, Colors: r.printer.Colors}
	if o, ok := v.(*goja.Object); ok && o.ClassName() == "Object" && len(o.Keys()) > 2 {
		in := &inspector{vm: r.vm, rt: r}
		name, _ := in.className(o)
		if name == "" {
			name = "Object"
		}
		return styler(opts.Colors)("special", "["+name+"]")
	}
	return r.inspect(v, opts, false)
}

// drawTable boxes rows under header, cutting the widest columns until the
// table fits the printer's width.
func (r *Runtime) drawTable(header []string, rows func(add func([]string))) string {
	var table [][]string
	rows(func(line []string) { table = append(table, line) })
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = visibleLen(h)
	}
	for _, line := range table {
		for i, c := range line {
			widths[i] = max(widths[i], visibleLen(c))
		}
	}
	limit := r.printer.options().BreakLength
	if limit <= 0 {
		limit = 80
	}
	for {
		total := 1
		widest := 0
		for i, w := range widths {
			total += w + 3
			if w > widths[widest] {
				widest = i
			}
		}
		if total <= limit || widths[widest] <= 4 {
			break
		}
		widths[widest] = max(4, widths[widest]-(total-limit))
	}
	fit := func(s string, w int) string {
		if visibleLen(s) > w {
			s = string([]rune(stripANSI(s))[:w-1]) + "…"
		}
		return s + strings.Repeat(" ", w-visibleLen(s))
	}
	rule := func(l, m, rr string) string {
		parts := make([]string, len(widths))
		for i, w := range widths {
			parts[i] = strings.Repeat("─", w+2)
		}
		return l + strings.Join(parts, m) + rr
	}
	line := func(cells []string) string {
		parts := make([]string, len(widths))
		for i, w := range widths {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			parts[i] = " " + fit(c, w) + " "
		}
		return "│" + strings.Join(parts, "│") + "│"
	}
	out := []string{rule("┌", "┬", "┐"), line(header), rule("├", "┼", "┤")}
	for _, l := range table {
		out = append(out, line(l))
	}
	out = append(out, rule("└", "┴", "┘"))
	return strings.Join(out, "\n")
}
