package bindings

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/jsvalue"
	"github.com/tolokash/tolokash/stdlib"
)

// toloka.async holds every method of the client again, returning a Promise:
// the HTTP work runs on a goroutine of its own, under the client's limit on
// requests in flight (client.WithConcurrency), and the Promise settles on the
// runtime's event loop. A hundred calls started at once take about as long
// as the limit lets them, not a hundred times one.

// goPromise runs work on a goroutine, holding the event loop open, and
// returns a Promise settled on the loop with what the function work returns
// makes: its value, or its panic (a thrown JS error) as the rejection.
func (b *binder) goPromise(name string, work func(ctx context.Context) func() goja.Value) goja.Value {
	vm := b.vm
	l := b.opts.Loop
	if l == nil {
		panic(vm.NewTypeError("%s: this runtime has no event loop for promises; call the blocking method instead", name))
	}
	p, resolve, reject := vm.NewPromise()
	hold := l.Hold()
	ctx := l.Context() // cancelled by an interrupt: work in flight stops too
	go func() {
		settle := work(ctx)
		hold.Done(func(vm *goja.Runtime) {
			v, thrown := settleSafely(vm, name, settle)
			if thrown != nil {
				reject(thrown)
				return
			}
			resolve(v)
		})
	}()
	return vm.ToValue(p)
}

// settleSafely calls settle, turning what it throws into a rejection value.
func settleSafely(vm *goja.Runtime, name string, settle func() goja.Value) (v goja.Value, thrown goja.Value) {
	defer func() {
		if p := recover(); p != nil {
			switch x := p.(type) {
			case *goja.InterruptedError:
				panic(x) // an interrupt ends the run, not just this promise
			case goja.Value:
				thrown = x
			case *goja.Exception:
				thrown = x.Value()
			case error:
				thrown = stdlib.NewError(vm, fmt.Errorf("%s: %w", name, x))
			default:
				thrown = stdlib.NewError(vm, fmt.Errorf("%s: %v", name, x))
			}
		}
	}()
	return settle(), nil
}

// asyncObject builds toloka.async for the client c (whose sync object is self).
func (b *binder) asyncObject(c *client.Client, self *goja.Object) *goja.Object {
	vm := b.vm
	obj := vm.NewObject()
	for _, ep := range client.Endpoints() {
		fn := vm.ToValue(b.methodWith(c, ep, self, b.callAsync)).(*goja.Object)
		camel := JSName(ep.Name)
		help := "toloka.async." + strings.TrimPrefix(strings.TrimRight(helpText(ep), "\n"), "toloka.") + "\n  (toloka.async: the same as a Promise)"
		fn.DefineDataProperty("help", vm.ToValue(func() string { return help }), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		fn.DefineDataProperty("name", vm.ToValue(camel), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		obj.Set(camel, fn)
		if camel != ep.Name {
			obj.DefineDataProperty(ep.Name, fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
		}
	}
	for _, h := range b.helpers(c, self, true) {
		fn := vm.ToValue(h.fn)
		obj.Set(h.name, fn)
		obj.DefineDataProperty(h.snake, fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	}
	desc := "toloka.async: " + c.String()
	obj.DefineDataProperty("toString", vm.ToValue(func() string { return desc }), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	obj.DefineDataPropertySymbol(jsvalue.Symbol(vm, jsvalue.Inspect), vm.ToValue(func() string { return desc }), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	obj.DefineDataPropertySymbol(jsvalue.Symbol(vm, jsvalue.Type), vm.ToValue("AsyncTolokaClient"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	return obj
}

// callAsync makes the call on a goroutine and returns a Promise of what
// callSync would return. Lists come whole (an array of every item: there is
// no for await in this runtime); the blocking get* iterators stay the way
// to walk a big list in constant memory.
func (b *binder) callAsync(c *client.Client, ep client.Endpoint, cl client.Call, outPath string, self *goja.Object) goja.Value {
	name := "toloka.async." + JSName(ep.Name)
	if ep.Kind == client.KindBytes && outPath != "" && b.opts.NoFiles {
		panic(b.vm.NewTypeError("%s: writing to %q: file access is switched off in this runtime; call it without a path to get the bytes", name, outPath))
	}
	var convert func(ctx context.Context, r io.Reader, path string) (int, error)
	if ep.Kind == client.KindTSV && outPath != "" { // {out}: the export streamed to the file, off the loop
		var err error
		if convert, err = stdlib.TSVConverter(b.vm); err != nil {
			panic(stdlib.NewError(b.vm, fmt.Errorf("%s: %w", name, err)))
		}
	}
	return b.goPromise(name, func(ctx context.Context) func() goja.Value {
		fail := func(err error) func() goja.Value {
			return func() goja.Value { panic(b.jsError(JSName(ep.Name), err)) }
		}
		if ep.Kind == client.KindBytes && outPath != "" {
			if err := downloadTo(ctx, c, ep, cl, outPath); err != nil {
				return fail(err)
			}
			return func() goja.Value { return b.vm.ToValue(outPath) }
		}
		cl.ItemsApart = true // as callSync: a batch create's objects stay where they were read
		res, err := c.Invoke(ctx, ep.Name, cl)
		if err != nil {
			return fail(err)
		}
		if convert != nil {
			_, err := convert(ctx, res.Body, outPath)
			res.Body.Close()
			if err != nil {
				return func() goja.Value { panic(stdlib.NewError(b.vm, fmt.Errorf("%s: %w", name, err))) }
			}
			return func() goja.Value { return b.vm.ToValue(outPath) }
		}
		switch ep.Kind {
		case client.KindIterator:
			items, err := allItems(ctx, res.Pager)
			if err != nil {
				return fail(err)
			}
			return func() goja.Value {
				p := newJSONParser(b.vm)
				vals := make([]any, len(items))
				for i, it := range items {
					vals[i] = p.lazyValue(it)
				}
				return b.vm.NewArray(vals...)
			}
		case client.KindBytes, client.KindTSV:
			data, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil {
				return fail(err)
			}
			if ep.Kind == client.KindTSV {
				return func() goja.Value {
					df, err := stdlib.DataFrameFromTSV(b.vm, bytes.NewReader(data))
					if err != nil {
						panic(stdlib.NewError(b.vm, fmt.Errorf("%s: %w", name, err)))
					}
					return df
				}
			}
			res.Body = io.NopCloser(bytes.NewReader(data))
		}
		return func() goja.Value { return b.result(ep, res, self) }
	})
}

// allItems reads every page of a list, keeping copies of its items (the
// pager reuses its buffers).
func allItems(ctx context.Context, p *client.Pager) ([]json.RawMessage, error) {
	defer p.Close()
	var out []json.RawMessage
	for {
		items, err := p.NextPage(ctx)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			out = append(out, bytes.Clone(it))
		}
	}
}

// downloadTo streams an attachment into path through a temporary file, as
// download does, off the event loop.
func downloadTo(ctx context.Context, c *client.Client, ep client.Endpoint, cl client.Call, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	cl.Out = tmp
	if _, err := c.Invoke(ctx, ep.Name, cl); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
