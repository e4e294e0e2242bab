package bindings

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
)

// A list method's LazyIterator (prelude.js) takes its next and return from
// pageIterator, in Go: a for…of step is then one Go call, where the step of
// the class's own next, written in JS, cost a JS call, four property reads
// and an object literal — more than the item itself. The pager's fetching
// goroutine prepares each page (prepareItems): it copies every item out of
// the page and finds its members, while the script works on the page before.

// pageIterator is the Go half of a LazyIterator over a list method's pages.
type pageIterator struct {
	b      *binder
	method string // for errors: getAssignments
	pager  *client.Pager
	parser *jsonParser // the VM's: its caches are kept across pages
	items  []preparedItem
	i      int
	done   bool
}

// preparedItem is one item of a page, copied out of it, with its members
// found (members is nil when it is not an object).
type preparedItem struct {
	raw     []byte
	members []member
	byName  map[string]int
	edited  bool
}

func (b *binder) newPageIterator(method string, pager *client.Pager) goja.Value {
	it := &pageIterator{b: b, method: method, pager: pager, parser: newJSONParser(b.vm)}
	pager.Prepare(prepareItems())
	native := b.vm.NewObject()
	native.Set("next", it.next)
	native.Set("return", it.ret)
	native.Set("hasMore", it.hasMore)
	obj, err := b.vm.New(b.iterator, goja.Null(), goja.Null(), native)
	if err != nil {
		panic(err)
	}
	return obj
}

// prepareItems returns the function a pager runs on each page's items on
// its fetching goroutine. Each item gets its own copy of its JSON: a script
// that keeps one item of a page must not keep the whole page (and the page's
// buffer takes a later answer). Its parser has no VM: it only finds members,
// and keeps the keys it met to share them across pages. The pager runs it
// for one page at a time; the lock only makes that plain.
func prepareItems() func([]json.RawMessage) any {
	var mu sync.Mutex
	p := &jsonParser{keys: map[string]string{}}
	return func(items []json.RawMessage) any {
		mu.Lock()
		defer mu.Unlock()
		// One allocation for the page's copies would keep the whole page
		// alive as long as any one item is: each item gets its own.
		out := make([]preparedItem, len(items))
		var like []member // the item before: items of a page are alike
		for i, raw := range items {
			raw = bytes.TrimSpace(raw)
			out[i].raw = bytes.Clone(raw)
			if len(raw) > 0 && raw[0] == '{' {
				members, byName, edited, err := p.members(out[i].raw, like)
				if err == nil {
					out[i].members, out[i].byName, out[i].edited = members, byName, edited
					like = members
				}
			}
		}
		return out
	}
}

// next is LazyIterator's next(): the next item, fetching a page when the one
// in hand is used up.
func (it *pageIterator) next(goja.FunctionCall) goja.Value {
	if !it.fill() {
		return it.b.iterResult(goja.Undefined(), true)
	}
	item := it.items[it.i]
	it.items[it.i] = preparedItem{} // handed out: the script holds it now, or lets it go
	it.i++
	return it.b.iterResult(it.parser.preparedValue(item), false)
}

// hasMore is LazyIterator's [Symbol.for('tolokash.hasMore')](): whether an
// item is left, fetching the next page if need be but taking nothing (the
// shell asks before it says "Type it for more").
func (it *pageIterator) hasMore(goja.FunctionCall) goja.Value {
	return it.b.vm.ToValue(it.fill())
}

// fill makes sure an item is in hand, fetching pages until one has an item;
// false when the list is done.
func (it *pageIterator) fill() bool {
	for it.i >= len(it.items) {
		if it.done {
			return false
		}
		page, err := it.pager.NextPrepared(it.b.opts.Context())
		if err == io.EOF {
			it.done, it.items = true, nil
			return false
		}
		if err != nil {
			panic(it.b.jsError(it.method, err))
		}
		it.items, it.i = page.([]preparedItem), 0
	}
	return true
}

// ret is LazyIterator's return(value): the end of a loop that stops early
// (break, first(), take(n)), which stops the fetches ahead.
func (it *pageIterator) ret(call goja.FunctionCall) goja.Value {
	if !it.done {
		it.done, it.items = true, nil
		it.pager.Close()
	}
	return it.b.iterResult(call.Argument(0), true)
}

// preparedValue is the JS value of a prepared item, lazy when an object.
func (p *jsonParser) preparedValue(item preparedItem) goja.Value {
	if item.members == nil {
		return p.lazyValue(item.raw)
	}
	return p.vm.NewDynamicObject(&lazyObject{p: p, raw: item.raw, indexed: true, edited: item.edited, members: item.members, byName: item.byName})
}

// iterResult is an iterator's {value, done}: a small dynamic object, a new
// one per step as JS makes them. An ordinary goja object costs a map, which
// made the result of a step cost as much as the item it carried. It reads,
// writes, deletes and lists its members as an ordinary object does (array
// indices first); like lazy items it cannot be frozen.
func (b *binder) iterResult(value goja.Value, done bool) goja.Value {
	d := b.falseVal
	if done {
		d = b.trueVal
	}
	return b.vm.NewDynamicObject(&iterResult{value: value, done: d})
}

type iterResult struct {
	value, done goja.Value // nil once deleted
	rest        []member   // what a script adds (or adds back after a delete), in order
}

func (r *iterResult) own(key string) *goja.Value {
	switch {
	case key == "value" && r.value != nil:
		return &r.value
	case key == "done" && r.done != nil:
		return &r.done
	}
	if i := lookupMember(r.rest, key); i >= 0 {
		return &r.rest[i].val
	}
	return nil
}

func (r *iterResult) Get(key string) goja.Value {
	if v := r.own(key); v != nil {
		return *v
	}
	return nil
}

func (r *iterResult) Set(key string, val goja.Value) bool {
	if v := r.own(key); v != nil {
		*v = val
	} else {
		r.rest = append(r.rest, member{name: key, val: val})
	}
	return true
}

func (r *iterResult) Has(key string) bool { return r.own(key) != nil }

func (r *iterResult) Delete(key string) bool {
	switch {
	case key == "value" && r.value != nil:
		r.value = nil
	case key == "done" && r.done != nil:
		r.done = nil
	default:
		if i := lookupMember(r.rest, key); i >= 0 {
			r.rest = slices.Delete(r.rest, i, i+1)
		}
	}
	return true
}

func (r *iterResult) Keys() []string {
	keys := make([]string, 0, 2+len(r.rest))
	if r.value != nil {
		keys = append(keys, "value")
	}
	if r.done != nil {
		keys = append(keys, "done")
	}
	for _, m := range r.rest {
		keys = append(keys, m.name)
	}
	return jsKeyOrder(keys)
}

// jsKeyOrder sorts keys as JS lists an object's members: those named by
// array indices first, in numeric order, then the rest as they came.
func jsKeyOrder(keys []string) []string {
	indices, sorted := 0, true
	for i, k := range keys {
		if isArrayIndex(k) {
			// Out of place after a name that is not an index, or after a larger index.
			if i > indices || indices > 0 && !indexBefore(keys[i-1], k) {
				sorted = false
			}
			indices++
		}
	}
	if !sorted {
		slices.SortStableFunc(keys, func(a, b string) int {
			ai, bi := isArrayIndex(a), isArrayIndex(b)
			switch {
			case ai && bi:
				x, _ := strconv.ParseUint(a, 10, 32)
				y, _ := strconv.ParseUint(b, 10, 32)
				return int(int64(x) - int64(y))
			case ai:
				return -1
			case bi:
				return 1
			}
			return 0
		})
	}
	return keys
}

// indexBefore reports whether array index a is below array index b.
func indexBefore(a, b string) bool {
	return len(a) < len(b) || len(a) == len(b) && a < b
}
