package stdlib

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// RegisterModules makes require('fs'), require('csv'), require('compress')
// and require('toloka/aggregation') available, except the ones named in
// disabled (an embedder's choice).
func RegisterModules(reg *require.Registry, disabled []string) {
	off := map[string]bool{}
	for _, d := range disabled {
		off[d] = true
	}
	if !off["fs"] {
		reg.RegisterNativeModule("fs", fsModule)
	}
	if !off["csv"] && !off["fs"] {
		reg.RegisterNativeModule("csv", csvModule)
	}
	if !off["compress"] {
		reg.RegisterNativeModule("compress", compressModule)
	}
	if !off[AggregationModule] {
		reg.RegisterNativeModule(AggregationModule, aggregationModule)
	}
}

func throw(vm *goja.Runtime, format string, args ...any) {
	panic(vm.NewGoError(fmt.Errorf(format, args...)))
}

// bytesOf accepts a string, a Buffer, an ArrayBuffer or a typed array.
func bytesOf(vm *goja.Runtime, v goja.Value, where string) []byte {
	switch x := v.Export().(type) {
	case string:
		return []byte(x)
	case []byte:
		return x
	case goja.ArrayBuffer:
		return x.Bytes()
	}
	if o, ok := v.(*goja.Object); ok {
		if buf := o.Get("buffer"); buf != nil {
			if ab, ok := buf.Export().(goja.ArrayBuffer); ok {
				off, n := int(o.Get("byteOffset").ToInteger()), int(o.Get("byteLength").ToInteger())
				return ab.Bytes()[off : off+n]
			}
		}
	}
	panic(vm.NewTypeError("%s: expected a string or a Buffer, got %s", where, v))
}

func buffer(vm *goja.Runtime, data []byte) goja.Value {
	ab := vm.NewArrayBuffer(data)
	if ctor := vm.Get("Buffer"); ctor != nil {
		from, _ := goja.AssertFunction(ctor.ToObject(vm).Get("from"))
		if v, err := from(goja.Undefined(), vm.ToValue(ab)); err == nil {
			return v
		}
	}
	return vm.ToValue(ab)
}

// lazyLines is a lazy iterator over a stream's lines: constant memory whatever the size.
func lazyIterator(vm *goja.Runtime, next func() (goja.Value, bool), closeFn func()) *goja.Object {
	it := vm.NewObject()
	done := false
	finish := func() {
		if !done {
			done = true
			closeFn()
		}
	}
	it.Set("next", func() goja.Value {
		res := vm.NewObject()
		if !done {
			if v, ok := next(); ok {
				res.Set("value", v)
				res.Set("done", false)
				return res
			}
			finish()
		}
		res.Set("value", goja.Undefined())
		res.Set("done", true)
		return res
	})
	it.Set("return", func() goja.Value {
		finish()
		res := vm.NewObject()
		res.Set("done", true)
		return res
	})
	it.SetSymbol(goja.SymIterator, func(call goja.FunctionCall) goja.Value { return call.This })
	it.SetSymbol(symbolFor(vm, "tolokash.iterator"), true)
	return it
}

func fsModule(vm *goja.Runtime, module *goja.Object) {
	e := module.Get("exports").ToObject(vm)
	e.Set("readFile", func(path string, encoding goja.Value) goja.Value {
		data, err := os.ReadFile(path)
		if err != nil {
			throw(vm, "fs.readFile: %v", err)
		}
		if encoding != nil && goja.IsNull(encoding) {
			return buffer(vm, data)
		}
		return vm.ToValue(string(data))
	})
	e.Set("writeFile", func(path string, data goja.Value) {
		b := bytesOf(vm, data, "fs.writeFile")
		if err := writeAtomic(path, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			throw(vm, "fs.writeFile: %v", err)
		}
	})
	e.Set("readJSON", func(path string) goja.Value {
		data, err := os.ReadFile(path)
		if err != nil {
			throw(vm, "fs.readJSON: %v", err)
		}
		parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
		v, err := parse(goja.Undefined(), vm.ToValue(string(data)))
		if err != nil {
			throw(vm, "fs.readJSON %s: %v", path, err)
		}
		return v
	})
	e.Set("writeJSON", func(path string, v goja.Value, opts goja.Value) {
		stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
		indent := vm.ToValue(2)
		if o, ok := opts.(*goja.Object); ok && o.Get("indent") != nil {
			indent = o.Get("indent")
		}
		s, err := stringify(goja.Undefined(), v, goja.Null(), indent)
		if err != nil {
			throw(vm, "fs.writeJSON: %v", err)
		}
		if err := writeAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, s.String()+"\n"); return err }); err != nil {
			throw(vm, "fs.writeJSON: %v", err)
		}
	})
	e.Set("readLines", func(path string) goja.Value {
		r, err := openRead(path)
		if err != nil {
			throw(vm, "fs.readLines: %v", err)
		}
		br := newLineReader(r)
		return lazyIterator(vm, func() (goja.Value, bool) {
			line, ok := br.next()
			if br.err != nil {
				r.Close()
				throw(vm, "fs.readLines %s: %v", path, br.err)
			}
			return vm.ToValue(line), ok
		}, func() { r.Close() })
	})
	e.Set("exists", func(path string) bool { _, err := os.Stat(path); return err == nil })
	e.Set("mkdir", func(path string) {
		if err := os.MkdirAll(path, 0o755); err != nil {
			throw(vm, "fs.mkdir: %v", err)
		}
	})
	e.Set("readdir", func(path string) []string {
		entries, err := os.ReadDir(path)
		if err != nil {
			throw(vm, "fs.readdir: %v", err)
		}
		names := make([]string, len(entries))
		for i, en := range entries {
			names[i] = en.Name()
		}
		return names
	})
	e.Set("remove", func(path string) {
		if err := os.RemoveAll(path); err != nil {
			throw(vm, "fs.remove: %v", err)
		}
	})
}

// csvModule streams rows for files too big for a DataFrame.
func csvModule(vm *goja.Runtime, module *goja.Object) {
	e := module.Get("exports").ToObject(vm)
	delimOf := func(path string, opts goja.Value) byte {
		d := byte(',')
		if strings.Contains(path, ".tsv") {
			d = '\t'
		}
		if o, ok := opts.(*goja.Object); ok && o.Get("delimiter") != nil {
			if s := o.Get("delimiter").String(); len(s) == 1 {
				d = s[0]
			}
		}
		return d
	}
	e.Set("reader", func(path string, opts goja.Value) goja.Value {
		r, err := openRead(path)
		if err != nil {
			throw(vm, "csv.reader: %v", err)
		}
		p := &cellReader{r: bufioReader(r), delim: delimOf(path, opts), line: 1}
		header, _, err := p.record()
		if err != nil && err != io.EOF {
			r.Close()
			throw(vm, "csv.reader %s:%d: %v", path, p.line, err)
		}
		return lazyIterator(vm, func() (goja.Value, bool) {
			rec, _, err := p.record()
			if err == io.EOF {
				return nil, false
			}
			if err != nil {
				throw(vm, "csv.reader %s:%d: %v", path, p.line, err)
			}
			if len(rec) != len(header) {
				throw(vm, "csv.reader %s:%d: %d cells, but the header has %d columns", path, p.line-1, len(rec), len(header))
			}
			row := vm.NewObject()
			for i, c := range rec {
				row.Set(header[i].text, c.value())
			}
			return row, true
		}, func() { r.Close() })
	})
	e.Set("writer", func(path string, opts goja.Value) goja.Value {
		o, _ := opts.(*goja.Object)
		if o == nil || o.Get("columns") == nil {
			panic(vm.NewTypeError("csv.writer: give the columns: csv.writer(path, {columns: ['a', 'b']})"))
		}
		var cols []string
		if err := vm.ExportTo(o.Get("columns"), &cols); err != nil || len(cols) == 0 {
			panic(vm.NewTypeError("csv.writer: columns must be a list of names"))
		}
		delim := delimOf(path, opts)
		f, err := createAtomic(path)
		if err != nil {
			throw(vm, "csv.writer: %v", err)
		}
		bw := bufio.NewWriterSize(f, 64<<10)
		header := newFrame(cols)
		writeRowCells(bw, header.names, delim, true)
		closed := false
		w := vm.NewObject()
		w.Set("write", func(row *goja.Object) {
			if closed {
				throw(vm, "csv.writer %s: write after close", path)
			}
			cells := make([]any, len(cols))
			for i, c := range cols {
				cells[i] = value(row.Get(c))
			}
			writeValues(bw, cells, delim)
		})
		w.Set("close", func() {
			if closed {
				return
			}
			closed = true
			if err := bw.Flush(); err != nil {
				f.abort()
				throw(vm, "csv.writer: %v", err)
			}
			if err := f.commit(); err != nil {
				throw(vm, "csv.writer: %v", err)
			}
		})
		return w
	})
}

func compressModule(vm *goja.Runtime, module *goja.Object) {
	e := module.Get("exports").ToObject(vm)
	e.Set("gzip", func(data goja.Value) goja.Value {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(bytesOf(vm, data, "compress.gzip"))
		zw.Close()
		return buffer(vm, b.Bytes())
	})
	e.Set("gunzip", func(data goja.Value) goja.Value {
		zr, err := gzip.NewReader(bytes.NewReader(bytesOf(vm, data, "compress.gunzip")))
		if err != nil {
			throw(vm, "compress.gunzip: %v", err)
		}
		out, err := io.ReadAll(zr)
		if err != nil {
			throw(vm, "compress.gunzip: %v", err)
		}
		return buffer(vm, out)
	})
	e.Set("zstd", func(data goja.Value) goja.Value {
		enc, _ := zstd.NewWriter(nil)
		defer enc.Close()
		return buffer(vm, enc.EncodeAll(bytesOf(vm, data, "compress.zstd"), nil))
	})
	e.Set("unzstd", func(data goja.Value) goja.Value {
		dec, _ := zstd.NewReader(nil)
		defer dec.Close()
		out, err := dec.DecodeAll(bytesOf(vm, data, "compress.unzstd"), nil)
		if err != nil {
			throw(vm, "compress.unzstd: %v", err)
		}
		return buffer(vm, out)
	})
	e.Set("compressFile", func(src, dst string) {
		r, err := openRead(src)
		if err != nil {
			throw(vm, "compress.compressFile: %v", err)
		}
		defer r.Close()
		if err := writeAtomic(dst, func(w io.Writer) error { _, err := io.Copy(w, r); return err }); err != nil {
			throw(vm, "compress.compressFile: %v", err)
		}
	})
}
