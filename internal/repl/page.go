package repl

import (
	"context"
	"fmt"
	"os"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/internal/jsvalue"
	"golang.org/x/term"
)

// IsLazyIterator reports whether v is one of the lazy iterators of the
// bindings and stdlib: obj[Symbol.for('tolokash.iterator')] === true.
func IsLazyIterator(vm *goja.Runtime, v goja.Value) bool {
	obj, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	m := obj.GetSymbol(jsvalue.Symbol(vm, jsvalue.Iterator))
	return m != nil && m.ToBoolean()
}

// printPage prints the next page of an iterator, and "Type "it" for more"
// only when there is more: a lazy iterator of the bindings says so without
// giving up an item; any other is read one item past the page, kept for the
// next one.
func (r *REPL) printPage(it goja.Value) {
	vm := r.rt.VM()
	obj := it.(*goja.Object)
	next, _ := goja.AssertFunction(obj.Get("next"))
	hasMore, _ := goja.AssertFunction(obj.GetSymbol(jsvalue.Symbol(vm, jsvalue.HasMore)))
	size := r.config.PageSize
	var items []any
	if r.peeked != nil {
		items = append(items, r.peeked)
		r.peeked = nil
	}
	more := false
	r.busy.Store(true)
	r.interrupted.Store(false)
	err := r.rt.Do(context.Background(), func() error {
		for len(items) < size {
			res, err := next(obj)
			if err != nil {
				return err
			}
			ro := res.ToObject(vm)
			if ro.Get("done").ToBoolean() {
				return nil
			}
			items = append(items, ro.Get("value"))
		}
		if hasMore != nil {
			m, err := hasMore(obj)
			more = err == nil && m.ToBoolean()
			return err
		}
		res, err := next(obj)
		if err != nil {
			return err
		}
		if ro := res.ToObject(vm); !ro.Get("done").ToBoolean() {
			r.peeked, more = ro.Get("value"), true
		}
		return nil
	})
	r.busy.Store(false)
	if err != nil {
		r.uncaught(err)
		r.pending = nil
		return
	}
	if len(items) == 0 {
		fmt.Fprintln(r.opts.Out, "(no more items)")
		r.pending = nil
		return
	}
	fmt.Fprintln(r.opts.Out, r.rt.Show(vm.NewArray(items...)))
	if !more {
		r.pending = nil
		return
	}
	fmt.Fprintln(r.opts.Out, `Type "it" for more`)
}

// terminalWidth is the width of the terminal the shell runs in, or 0.
func (r *REPL) terminalWidth() int {
	if f, ok := r.opts.Out.(*os.File); ok && r.opts.Terminal {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			return w
		}
	}
	return 0
}
