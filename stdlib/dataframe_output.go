package stdlib

import (
	"fmt"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// outputMethods: toRecords, describe, toCSV, toTSV, toJSON, print,
// toString, and how the shell shows a frame.
func (d *dfBinder) outputMethods() {
	vm, p := d.vm, d.proto
	d.method("toRecords", func(f *Frame, call goja.FunctionCall) goja.Value { return d.records(f) })
	d.method("describe", func(f *Frame, call goja.FunctionCall) goja.Value { return d.wrap(f.describe()) })
	for _, w := range []struct {
		name  string
		delim byte
	}{{"toCSV", ','}, {"toTSV", '\t'}} {
		d.method(w.name, func(f *Frame, call goja.FunctionCall) goja.Value {
			return d.write(f, call.Argument(0), func(sb *strings.Builder) error { return writeTable(sb, f, w.delim) },
				func(path string) error {
					return writeAtomic(path, func(wr ioWriter) error { return writeTable(wr, f, w.delim) })
				})
		})
	}
	d.method("toJSON", func(f *Frame, call goja.FunctionCall) goja.Value {
		if !isJSONPath(call.Argument(0)) {
			// JSON.stringify(df) calls toJSON(key) with "" or an index: only a path
			// ending in .json (.gz/.zst) writes a file; anything else gives the records.
			return d.records(f)
		}
		return d.write(f, call.Argument(0), nil, func(path string) error {
			return writeAtomic(path, func(wr ioWriter) error { _, err := wr.Write([]byte(jsonRows(f))); return err })
		})
	})
	d.method("print", func(f *Frame, call goja.FunctionCall) goja.Value {
		fmt.Fprintln(d.opts.Stdout, render(f, d.layout(call.Argument(0), "DataFrame.print", d.opts.Color)))
		return goja.Undefined()
	})
	d.method("toString", func(f *Frame, call goja.FunctionCall) goja.Value {
		return vm.ToValue(render(f, d.layout(call.Argument(0), "DataFrame.toString", false)))
	})
	// How the shell and console.log show a frame: as print does, at the
	// width they lay values out for.
	p.SetSymbol(jsvalue.Symbol(vm, jsvalue.Inspect), func(call goja.FunctionCall) goja.Value {
		l := d.layout(goja.Undefined(), "inspect", false)
		if o, ok := call.Argument(1).(*goja.Object); ok {
			if c := o.Get("colors"); c != nil {
				l.colors = c.ToBoolean()
			}
			if w := o.Get("width"); w != nil && w.ToInteger() > 0 {
				l.width = int(w.ToInteger())
			}
		}
		return vm.ToValue(render(d.frameOf(call.This, "inspect"), l))
	})
	// What help() and completion know a frame as.
	p.DefineDataPropertySymbol(jsvalue.Symbol(vm, jsvalue.Type), vm.ToValue("DataFrame"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
}

// records is the frame's rows as objects (toRecords, and toJSON for
// JSON.stringify): what JSON.parse makes of the file toJSON writes.
func (d *dfBinder) records(f *Frame) goja.Value {
	rows := make([]any, f.Len())
	for r := range rows {
		rows[r] = d.rowObject(f, r)
	}
	return d.vm.NewArray(rows...)
}
