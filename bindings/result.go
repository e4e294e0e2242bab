package bindings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/jsvalue"
	"github.com/tolokash/tolokash/stdlib"
)

func (b *binder) result(ep client.Endpoint, res *client.Result, self *goja.Object) goja.Value {
	vm := b.vm
	switch ep.Kind {
	case client.KindNoContent:
		return goja.Undefined()
	case client.KindIterator:
		return b.newPageIterator(JSName(ep.Name), res.Pager)
	case client.KindAsync:
		if res.Operation == nil {
			return goja.Null()
		}
		raw, _ := json.Marshal(res.Operation)
		return b.operationValue(raw, self)
	case client.KindBytes:
		defer res.Body.Close()
		data, err := b.readBounded(res.Body)
		if err != nil {
			panic(b.jsError(JSName(ep.Name), err))
		}
		bufCtor := vm.Get("Buffer")
		if bufCtor == nil {
			return vm.ToValue(vm.NewArrayBuffer(data)) // a VM without Buffer (embedders) gets the bytes as an ArrayBuffer
		}
		from, _ := goja.AssertFunction(bufCtor.ToObject(vm).Get("from"))
		buf, err := from(goja.Undefined(), vm.ToValue(vm.NewArrayBuffer(data)))
		if err != nil {
			panic(err)
		}
		return buf
	case client.KindTSV:
		defer res.Body.Close()
		df, err := stdlib.DataFrameFromTSV(vm, res.Body)
		if err != nil {
			panic(stdlib.NewError(vm, fmt.Errorf("toloka.getAssignmentsDf: %w", err)))
		}
		return df
	}
	if res.Created != nil {
		return b.batchCreated(ep, res)
	}
	if len(bytes.TrimSpace(res.JSON)) == 0 {
		return goja.Undefined()
	}
	if ep.Result == "Operation" {
		return b.operationValue(res.JSON, self)
	}
	// A batch create's result holds every object created, a hundred
	// thousand perhaps: its objects are lazy, as an iterator's items are,
	// once the whole is known to be JSON.
	if strings.HasSuffix(ep.Result, "BatchCreateResult") && client.Valid(res.JSON) {
		return newJSONParser(vm).lazyValue(res.JSON)
	}
	v, err := fromJSON(vm, res.JSON)
	if err != nil {
		panic(stdlib.NewError(vm, fmt.Errorf("%s: %w", ep.Name, err)))
	}
	return v
}

// batchCreated is a batch create's {items, validation_errors}, from its
// results apart (client.Call.ItemsApart): items is lazy over the objects as
// they were read back, without their being written into one answer and
// parsed again; each is checked to be JSON first, as a page is.
func (b *binder) batchCreated(ep client.Endpoint, res *client.Result) goja.Value {
	vm := b.vm
	p := newJSONParser(vm)
	n := 0
	for i, raw := range res.Created {
		if raw == nil {
			continue
		}
		if !client.Valid(raw) {
			panic(stdlib.NewError(vm, fmt.Errorf("%s: the object made for item %d was read back as something other than JSON", ep.Name, i)))
		}
		n++
	}
	items := &lazyObject{p: p, indexed: true, edited: true, parts: make([][]byte, len(res.Created)), members: make([]member, 0, n)}
	for i, raw := range res.Created {
		if raw != nil {
			items.parts[i] = bytes.TrimSpace(raw) // as the writer of JSON.stringify takes a value
			items.members = append(items.members, member{name: strconv.Itoa(i), start: int32(i)})
		}
	}
	items.sorted = len(items.members) > lazyIndexAbove
	top := &lazyObject{p: p, indexed: true, members: []member{{name: "items", val: vm.NewDynamicObject(items)}}}
	if len(res.Refused) > 0 {
		refused := make([]int, 0, len(res.Refused))
		for i := range res.Refused {
			refused = append(refused, i)
		}
		slices.Sort(refused)
		raw := []byte{'{'}
		for k, i := range refused {
			if k > 0 {
				raw = append(raw, ',')
			}
			raw = strconv.AppendQuote(raw, strconv.Itoa(i))
			raw = append(raw, ':')
			raw = append(raw, res.Refused[i]...)
		}
		raw = append(raw, '}')
		v, err := fromJSON(vm, raw)
		if err != nil {
			panic(stdlib.NewError(vm, fmt.Errorf("%s: validation_errors: %w", ep.Name, err)))
		}
		top.members = append(top.members, member{name: "validation_errors", val: v})
	}
	return vm.NewDynamicObject(top)
}

func (b *binder) operationValue(raw []byte, self *goja.Object) goja.Value {
	fields, err := fromJSON(b.vm, raw)
	if err != nil {
		panic(stdlib.NewError(b.vm, err))
	}
	op, err := b.vm.New(b.operation, fields, self)
	if err != nil {
		panic(err)
	}
	return op
}

// exportPath checks getAssignmentsDf's option out, a file to write the
// export to, before anything is asked of the server.
func (b *binder) exportPath(name string, v goja.Value) string {
	path, ok := v.Export().(string)
	if !ok || path == "" {
		panic(b.vm.NewTypeError("%s: option out: expected a file path (.csv or .tsv, then .gz or .zst to compress), got %s", name, jsvalue.Describe(v)))
	}
	if err := stdlib.CheckTablePath(path); err != nil {
		panic(b.vm.NewTypeError("%s: option out: %v", name, err))
	}
	if b.opts.NoFiles {
		panic(b.vm.NewTypeError("%s: option out: writing %q: file access is switched off in this runtime; leave out out to get a DataFrame", name, path))
	}
	return path
}

// saveExport writes the export res streams to path, row by row, and
// returns the path.
func (b *binder) saveExport(name string, res *client.Result, path string) goja.Value {
	defer res.Body.Close()
	if _, err := stdlib.ConvertTSV(b.vm, res.Body, path); err != nil {
		panic(stdlib.NewError(b.vm, fmt.Errorf("%s: %w", name, err)))
	}
	return b.vm.ToValue(path)
}

// download streams an attachment into path through a temporary file, so a
// failure leaves no half-written file behind.
func (b *binder) download(c *client.Client, ep client.Endpoint, cl client.Call, path string) goja.Value {
	vm := b.vm
	if b.opts.NoFiles {
		panic(vm.NewTypeError("toloka.downloadAttachment: writing to %q: file access is switched off in this runtime; call it without a path to get the bytes", path))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		panic(stdlib.NewError(vm, fmt.Errorf("toloka.downloadAttachment: %w", err)))
	}
	defer os.Remove(tmp.Name())
	cl.Out = tmp
	if _, err := c.Invoke(b.opts.Context(), ep.Name, cl); err != nil {
		tmp.Close()
		panic(b.jsError(JSName(ep.Name), err))
	}
	if err := tmp.Close(); err != nil {
		panic(stdlib.NewError(vm, fmt.Errorf("toloka.downloadAttachment: %w", err)))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		panic(stdlib.NewError(vm, fmt.Errorf("toloka.downloadAttachment: %w", err)))
	}
	return vm.ToValue(path)
}
