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
	"github.com/tolokash/tolokash/internal/jsvalue"
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
	panic(NewError(vm, fmt.Errorf(format, args...)))
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
				// A view of the buffer (a typed array, a DataView) or an object
				// that only looks like one: its offset and length must lie
				// within the buffer.
				all := ab.Bytes()
				off, n := o.Get("byteOffset").ToInteger(), o.Get("byteLength").ToInteger()
				if off < 0 || n < 0 || off > int64(len(all)) || n > int64(len(all))-off {
					panic(vm.NewTypeError("%s: byteOffset %d and byteLength %d do not lie within the %d-byte buffer", where, off, n, len(all)))
				}
				return all[off : off+n]
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
	it.SetSymbol(jsvalue.Symbol(vm, jsvalue.Iterator), true)
	tag(vm, it, "Lines")
	return it
}

// pathArg is a function's path argument: a string, or a TypeError.
func pathArg(vm *goja.Runtime, v goja.Value, where string) string {
	s, ok := v.Export().(string)
	if !ok || s == "" {
		panic(vm.NewTypeError("%s: expected a file path, got %s", where, jsvalue.Describe(v)))
	}
	return s
}

// tag names the declared type of a module's exports, for help() and completion.
func tag(vm *goja.Runtime, obj *goja.Object, name string) {
	obj.DefineDataPropertySymbol(jsvalue.Symbol(vm, jsvalue.Type), vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
}

func fsModule(vm *goja.Runtime, module *goja.Object) {
	e := module.Get("exports").ToObject(vm)
	tag(vm, e, "fs")
	fail := func(where, verb, path string, err error) { panic(NewError(vm, fileError(where, verb, path, err))) }
	e.Set("readFile", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "fs.readFile")
		// node's forms: readFile(path), readFile(path, 'utf8'), readFile(path, null) for bytes, readFile(path, {encoding}).
		asBytes := false
		switch enc := call.Argument(1); {
		case len(call.Arguments) < 2 || goja.IsUndefined(enc):
		case goja.IsNull(enc):
			asBytes = true
		default:
			if o, ok := enc.(*goja.Object); ok {
				enc = option(options(vm, o, "fs.readFile", "encoding"), "encoding")
				if enc == nil {
					break
				}
				if goja.IsNull(enc) {
					asBytes = true
					break
				}
			}
			if s := strings.ToLower(enc.String()); s != "utf8" && s != "utf-8" {
				panic(vm.NewTypeError("fs.readFile: encoding %s: only 'utf8' (text) or null (a Buffer)", jsvalue.Describe(enc)))
			}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			fail("fs.readFile", "read", path, err)
		}
		if asBytes {
			return buffer(vm, data)
		}
		return vm.ToValue(string(data))
	})
	e.Set("writeFile", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "fs.writeFile")
		b := bytesOf(vm, call.Argument(1), "fs.writeFile")
		if err := writeAtomic(path, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			fail("fs.writeFile", "write", path, err)
		}
		return goja.Undefined()
	})
	e.Set("readJSON", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "fs.readJSON")
		data, err := os.ReadFile(path)
		if err != nil {
			fail("fs.readJSON", "read", path, err)
		}
		parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
		v, err := parse(goja.Undefined(), vm.ToValue(string(data)))
		if err != nil {
			throw(vm, "fs.readJSON: %s is not JSON: %v", path, err)
		}
		return v
	})
	e.Set("writeJSON", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "fs.writeJSON")
		stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
		indent := vm.ToValue(2)
		if v := option(options(vm, call.Argument(2), "fs.writeJSON", "indent"), "indent"); v != nil {
			indent = v
		}
		s, err := stringify(goja.Undefined(), call.Argument(1), goja.Null(), indent)
		if err != nil {
			throw(vm, "fs.writeJSON: %v", err)
		}
		if err := writeAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, s.String()+"\n"); return err }); err != nil {
			fail("fs.writeJSON", "write", path, err)
		}
		return goja.Undefined()
	})
	e.Set("readLines", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "fs.readLines")
		r, err := openRead(path)
		if err != nil {
			fail("fs.readLines", "read", path, err)
		}
		br := newLineReader(r)
		return lazyIterator(vm, func() (goja.Value, bool) {
			line, ok := br.next()
			if br.err != nil {
				r.Close()
				fail("fs.readLines", "read", path, br.err)
			}
			return vm.ToValue(line), ok
		}, func() { r.Close() })
	})
	e.Set("exists", func(call goja.FunctionCall) goja.Value {
		_, err := os.Stat(pathArg(vm, call.Argument(0), "fs.exists"))
		return vm.ToValue(err == nil)
	})
	e.Set("mkdir", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "fs.mkdir")
		if err := os.MkdirAll(path, 0o755); err != nil {
			fail("fs.mkdir", "make", path, err)
		}
		return goja.Undefined()
	})
	e.Set("readdir", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "fs.readdir")
		entries, err := os.ReadDir(path)
		if err != nil {
			fail("fs.readdir", "read", path, err)
		}
		names := make([]any, len(entries))
		for i, en := range entries {
			names[i] = en.Name()
		}
		return vm.NewArray(names...)
	})
	e.Set("remove", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "fs.remove")
		if err := os.RemoveAll(path); err != nil {
			fail("fs.remove", "remove", path, err)
		}
		return goja.Undefined()
	})
}

// csvModule streams rows for files too big for a DataFrame.
func csvModule(vm *goja.Runtime, module *goja.Object) {
	e := module.Get("exports").ToObject(vm)
	tag(vm, e, "csv")
	delimOf := func(path string, o *goja.Object, where string) byte {
		d := byte(',')
		if strings.Contains(path, ".tsv") {
			d = '\t'
		}
		if v := option(o, "delimiter"); v != nil {
			s, ok := v.Export().(string)
			if !ok || len(s) != 1 {
				panic(vm.NewTypeError("%s: option delimiter: expected one character, got %s", where, jsvalue.Describe(v)))
			}
			d = s[0]
		}
		return d
	}
	e.Set("reader", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "csv.reader")
		o := options(vm, call.Argument(1), "csv.reader", "delimiter")
		delim := delimOf(path, o, "csv.reader")
		r, err := openRead(path)
		if err != nil {
			panic(NewError(vm, fileError("csv.reader", "read", path, err)))
		}
		p := &cellReader{r: bufioReader(r), delim: delim, line: 1}
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
	e.Set("writer", func(call goja.FunctionCall) goja.Value {
		path := pathArg(vm, call.Argument(0), "csv.writer")
		o := options(vm, call.Argument(1), "csv.writer", "columns", "delimiter")
		if option(o, "columns") == nil {
			panic(vm.NewTypeError("csv.writer: give the columns: csv.writer(path, {columns: ['a', 'b']})"))
		}
		var cols []string
		if err := vm.ExportTo(o.Get("columns"), &cols); err != nil || len(cols) == 0 {
			panic(vm.NewTypeError("csv.writer: option columns: expected a list of names, got %s", jsvalue.Describe(o.Get("columns"))))
		}
		delim := delimOf(path, o, "csv.writer")
		f, err := createAtomic(path)
		if err != nil {
			panic(NewError(vm, fileError("csv.writer", "write", path, err)))
		}
		open := stateOf(vm)
		open.addWriter(f)
		bw := bufio.NewWriterSize(f, 64<<10)
		bw.Write(appendRow(nil, cols, delim, true))
		closed := false
		w := vm.NewObject()
		tag(vm, w, "CSVWriter")
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
			open.removeWriter(f)
			if err := bw.Flush(); err != nil {
				f.abort()
				throw(vm, "csv.writer: %v", err)
			}
			if err := f.commit(); err != nil {
				panic(NewError(vm, fileError("csv.writer", "write", path, err)))
			}
		})
		return w
	})
}

func compressModule(vm *goja.Runtime, module *goja.Object) {
	e := module.Get("exports").ToObject(vm)
	tag(vm, e, "compress")
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
		out, err := optionsOf(vm).readAllBounded(zr)
		if err != nil {
			fail(vm, "compress.gunzip", err)
		}
		return buffer(vm, out)
	})
	e.Set("zstd", func(data goja.Value) goja.Value {
		enc, _ := zstd.NewWriter(nil)
		defer enc.Close()
		return buffer(vm, enc.EncodeAll(bytesOf(vm, data, "compress.zstd"), nil))
	})
	e.Set("unzstd", func(data goja.Value) goja.Value {
		dec, err := zstd.NewReader(bytes.NewReader(bytesOf(vm, data, "compress.unzstd")), zstd.WithDecoderConcurrency(1))
		if err != nil {
			throw(vm, "compress.unzstd: %v", err)
		}
		defer dec.Close()
		out, err := optionsOf(vm).readAllBounded(dec)
		if err != nil {
			fail(vm, "compress.unzstd", err)
		}
		return buffer(vm, out)
	})
	e.Set("compressFile", func(call goja.FunctionCall) goja.Value {
		src := pathArg(vm, call.Argument(0), "compress.compressFile")
		dst := pathArg(vm, call.Argument(1), "compress.compressFile")
		r, err := openRead(src)
		if err != nil {
			panic(NewError(vm, fileError("compress.compressFile", "read", src, err)))
		}
		defer r.Close()
		if err := writeAtomic(dst, func(w io.Writer) error { _, err := io.Copy(w, r); return err }); err != nil {
			panic(NewError(vm, fileError("compress.compressFile", "write", dst, err)))
		}
		return goja.Undefined()
	})
}
