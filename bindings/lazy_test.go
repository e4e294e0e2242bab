package bindings

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/testenv"
)

// lazyVM is a VM with the bindings' JSON.stringify, which writes lazy
// objects from their JSON.
func lazyVM() *goja.Runtime {
	vm := goja.New()
	installStringify(vm)
	return vm
}

// lazyCheck runs a script function(item, text) against a lazy item made from
// text, and reports what it returned.
func lazyCheck(t testing.TB, vm *goja.Runtime, fnSrc, text string) goja.Value {
	t.Helper()
	fnVal, err := vm.RunString("(" + fnSrc + ")")
	if err != nil {
		t.Fatal(err)
	}
	fn, _ := goja.AssertFunction(fnVal)
	var first goja.Value
	for i, item := range lazyBoth(vm, text) {
		got, err := fn(goja.Undefined(), item, vm.ToValue(text))
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if i == 0 {
			first = got
		} else if got.String() != first.String() {
			t.Errorf("%s: the item the fetcher prepared gives %s, the lazy one %s", text, got, first)
		}
	}
	return first
}

// lazyBoth makes text a lazy item every way: read where it is, and prepared
// by a pager's fetching goroutine (its members found ahead, on a copy) —
// first in its page, after an item of its own shape, and after one whose
// names are written with escapes.
func lazyBoth(vm *goja.Runtime, text string) []goja.Value {
	p := newJSONParser(vm)
	out := []goja.Value{p.lazyValue([]byte(text))}
	const escaped = `{"a\\b":0,"a\"b":1,"\\":2,"\u0061":3,"a":4,"x\ny":5,"\u00e9":6}`
	for _, page := range [][]json.RawMessage{{json.RawMessage(text)}, {json.RawMessage(text), json.RawMessage(text)}, {json.RawMessage(escaped), json.RawMessage(text)}} {
		prepared := prepareItems()(page).([]preparedItem)
		out = append(out, p.preparedValue(prepared[len(prepared)-1]))
	}
	return out
}

// sameAsParse compares a lazy item with JSON.parse of its text, as a script
// sees both: stringified, keys and for…in order, nested identity, prototypes.
const sameAsParse = `function (mine, text) {
	let theirs;
	try { theirs = JSON.parse(text) } catch (e) {
		// goja's JSON.parse refuses numbers past float64 (1e400), where the lazy
		// item gives Infinity, which is right: only that is not compared.
		if (/cannot unmarshal number/.test(e.message)) return '';
		return 'JSON.parse refused what the lazy parser took: ' + e.message;
	}
	const problems = [];
	// Stringified before anything is read (written from its JSON), and again
	// once every member has been (written from the members' values).
	const before = JSON.stringify(mine);
	if (before !== JSON.stringify(theirs)) problems.push('stringify unread: ' + before + ' vs ' + JSON.stringify(theirs));
	if (JSON.stringify(mine) === undefined) return 'nothing';
	const walk = (a, b, path) => {
		if (a === null || typeof a !== 'object') {
			if (!Object.is(a, b)) problems.push(path + ': ' + a + ' vs ' + b);
			return;
		}
		if (Array.isArray(a) !== Array.isArray(b)) problems.push(path + ': array or not');
		if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) problems.push(path + ': prototype');
		if (Object.keys(a).join('|') !== Object.keys(b).join('|')) problems.push(path + ': keys ' + Object.keys(a) + ' vs ' + Object.keys(b));
		const inA = []; for (const k in a) inA.push(k);
		if (inA.join('|') !== Object.keys(b).join('|')) problems.push(path + ': for…in ' + inA);
		for (const k of Object.keys(b)) {
			if (a[k] !== a[k]) problems.push(path + '.' + k + ': a new value on each read');
			if (!(k in a) || !Object.prototype.hasOwnProperty.call(a, k)) problems.push(path + '.' + k + ': not own');
			walk(a[k], b[k], path + '.' + k);
		}
	};
	walk(mine, theirs, '');
	if (JSON.stringify(mine) !== JSON.stringify(theirs)) problems.push('stringify: ' + JSON.stringify(mine));
	if (JSON.stringify({...mine}) !== JSON.stringify({...theirs})) problems.push('spread');
	if (String(mine) !== String(theirs) || typeof mine !== typeof theirs) problems.push('String/typeof');
	if (mine.constructor !== Object || !(mine instanceof Object)) problems.push('constructor');
	return problems.join('; ');
}`

var lazySamples = []string{
	`{}`,
	`{"a":1,"b":[{"c":null},{"d":"x\u00e9\n\"q\""}],"e":{"f":{"g":-1.5e3}},"h":true,"i":false}`,
	`{"__proto__":{"polluted":true},"z":1}`,
	`{"dup":1,"other":2,"dup":{"x":3}}`,
	`{"k":[],"l":{},"m":[[],[{}],[1,"two",null]]}`,
	`{"b":1,"2":2,"a":3,"1":4,"10":5,"01":6,"4294967295":7,"4294967294":8}`,
	` { "spaced" : [ 1 , { "in" : "side" } ] , "n" : 12345678901234567890 } `,
	`{"big":9007199254740993,"neg":-0,"exp":1E+2,"frac":0.1}`,
	"{\"\xff\":\"bad UTF-8 in a name\"}",
	`{"` + strings.Repeat("k", 100) + `":"` + strings.Repeat("v", 100) + `"}`,
	`{"a\"b":1,"\\":2,"a":3,"\u0061":4,"\u00e9":5,"é":6}`,
	`{"a\b":0,"a\"b":1}`,
}

// TestLazyItemReadsAsJSONParse: an iterator item reads, in every way a script
// can look at it, as JSON.parse of the same text.
func TestLazyItemReadsAsJSONParse(t *testing.T) {
	vm := lazyVM()
	var wide strings.Builder
	wide.WriteString("{")
	for i := range 40 { // past lazyIndexAbove: lookups by map
		if i > 0 {
			wide.WriteString(",")
		}
		wide.WriteString(`"f` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `":` + strings.Repeat("1", i%5+1))
	}
	wide.WriteString(`,"fa":"last wins"}`)
	var page struct{ Items []json.RawMessage }
	json.Unmarshal(testenv.AssignmentPage(0, 3, true), &page)
	items := page.Items
	samples := append(append([]string(nil), lazySamples...), wide.String(), indexedObject(40, nil), indexedObject(40, []string{"a", "5", "39"}))
	for _, it := range items {
		samples = append(samples, string(it))
	}
	if len(items) != 3 {
		t.Fatalf("the assignment page gave %d items", len(items))
	}
	for _, text := range samples {
		if p := lazyCheck(t, vm, sameAsParse, text).String(); p != "" {
			t.Errorf("%.80s: %s", text, p)
		}
	}
	// Numbers beyond a double are what JS's Number() makes of them.
	if got := lazyCheck(t, vm, `function (o) { return [o.x, o.y, o.z].join() }`, `{"x":1E700,"y":-1e999,"z":1e-999}`).String(); got != "Infinity,-Infinity,0" {
		t.Errorf("out-of-range numbers read as %s", got)
	}
}

// indexedObject is a batch create's items: members named by indices in
// ascending order, past lazyIndexAbove (found by a binary search), some
// left out (refused), then extra names (which end the order).
func indexedObject(n int, extra []string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i%7 == 3 {
			continue
		}
		if b.Len() > 1 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"%d":{"id":"t%d","n":%d}`, i, i, i)
	}
	for _, name := range extra {
		fmt.Fprintf(&b, `,"%s":"extra"`, name)
	}
	return b.String() + "}"
}

// TestLazyIndexedWrites: an object named by indices (a batch create's
// items) reads and writes as JSON.parse's does while a look-up is a binary
// search, and after a write that ends the order.
func TestLazyIndexedWrites(t *testing.T) {
	vm := lazyVM()
	const script = `function (mine, text) {
		const theirs = JSON.parse(text);
		const seen = [];
		for (const o of [mine, theirs]) {
			seen.push([o[0].id, o['3'], o[39].n, '17' in o, '10' in o, o.x, Object.keys(o).length].join());
			o[40] = {id: 'appended in order'};
			delete o[1];
			seen.push([o[40].id, '1' in o, o[2].id, Object.keys(o).join()].join());
			o[3] = 'refused one, set: out of order';
			o.name = 'a name';
			seen.push([o[3], o[4].id, o.name, o[40].id, Object.keys(o).join()].join());
		}
		if (seen[0] !== seen[3] || seen[1] !== seen[4] || seen[2] !== seen[5]) return 'reads: ' + seen.join(' | ');
		if (JSON.stringify(mine) !== JSON.stringify(theirs)) return 'stringify: ' + JSON.stringify(mine) + ' vs ' + JSON.stringify(theirs);
		return 'same';
	}`
	if got := lazyCheck(t, vm, script, indexedObject(40, nil)).String(); got != "same" {
		t.Error(got)
	}
}

// TestLazyItemWrites: writes, additions and deletions read back, and reach
// JSON.stringify and Go, as on an ordinary object.
func TestLazyItemWrites(t *testing.T) {
	vm := lazyVM()
	const script = `function (mine, text) {
		const theirs = JSON.parse(text);
		for (const o of [mine, theirs]) {
			o.status = 'ACCEPTED';
			o.added = {deep: [1, 2]};
			o.tasks[0].overlap = 5;
			delete o.reward;
			delete o.missing;
			o['7'] = 'seven';
			o.gone = undefined;
		}
		if (JSON.stringify(mine) !== JSON.stringify(theirs)) return 'stringify: ' + JSON.stringify(mine) + ' vs ' + JSON.stringify(theirs);
		if ('reward' in mine || !('added' in mine) || mine.added.deep[1] !== 2) return 'in/read back';
		return JSON.stringify(theirs);
	}`
	text := `{"id":"a1","reward":0.5,"status":"SUBMITTED","tasks":[{"id":"t1","overlap":1}]}`
	want := lazyCheck(t, vm, script, text).String()
	if !strings.HasPrefix(want, "{") {
		t.Fatal(want)
	}

	// Go code that exports an item (a DataFrame cell, say) gets its JSON as
	// it stands.
	item := newJSONParser(vm).lazyValue([]byte(text))
	if got, _ := json.Marshal(item.Export()); string(got) != text {
		t.Errorf("untouched item exports as %s", got)
	}
	for text, want := range map[string]string{ // raw JSON that JS reads otherwise
		`{"a":1,"a":2}`:       `{"a":2}`,
		`{"b":1,"1":2}`:       `{"1":2,"b":1}`,
		`{"a":{"b":[1, 2]} }`: `{"a":{"b":[1,2]}}`,
	} {
		if got, _ := json.Marshal(newJSONParser(vm).lazyValue([]byte(text)).Export()); string(got) != want {
			t.Errorf("%s exports as %s, want %s", text, got, want)
		}
	}
	vm.Set("item", item)
	vm.RunString(`item.status = 'ACCEPTED'; item.added = {deep: [1, 2]}; item.tasks[0].overlap = 5; delete item.reward; delete item.missing; item['7'] = 'seven'; item.gone = undefined`)
	if got, err := json.Marshal(item.Export()); err != nil || string(got) != want {
		t.Errorf("changed item exports as %s (%v), want %s", got, err, want)
	}
}

// TestLazyItemLimits: what a dynamic object cannot do fails with a TypeError
// (in strict code; sloppy code drops a symbol-keyed write, as it drops any
// failed write), and a spread copy can do it.
func TestLazyItemLimits(t *testing.T) {
	vm := lazyVM()
	got := lazyCheck(t, vm, `function (item) {
		'use strict';
		const out = [];
		for (const [name, f] of [['freeze', () => Object.freeze(item)], ['symbol', () => { item[Symbol.iterator] = 1 }],
			['accessor', () => Object.defineProperty(item, 'x', {get() { return 1 }})]]) {
			try { f(); out.push(name + ': no error') } catch (e) { if (!(e instanceof TypeError)) out.push(name + ': ' + e) }
		}
		const copy = Object.freeze({...item});
		if (!Object.isFrozen(copy) || copy.a !== 1) out.push('copy');
		return out.join('; ');
	}`, `{"a":1}`).String()
	if got != "" {
		t.Error(got)
	}
}

// TestLazyItemsOwnTheirJSON: the iterator's items do not share the page's
// buffer, so keeping one item does not keep (or see changes to) its page.
func TestLazyItemsOwnTheirJSON(t *testing.T) {
	vm := lazyVM()
	page := []byte(`{"id":"1","v":{"x":1}}   {"id":"2","v":{"x":2}}`)
	prepared := prepareItems()([]json.RawMessage{page[:22], page[25:]}).([]preparedItem)
	for i := range page {
		page[i] = 'X'
	}
	p := newJSONParser(vm)
	vm.Set("items", []any{p.preparedValue(prepared[0]), p.preparedValue(prepared[1])})
	got, err := vm.RunString(`JSON.stringify(items)`)
	if err != nil || got.String() != `[{"id":"1","v":{"x":1}},{"id":"2","v":{"x":2}}]` {
		t.Errorf("%v %v", got, err)
	}
}

// FuzzLazyMatchesJSONParse: for any JSON object, the lazy item, and the
// eager one the other results get, read as JSON.parse's object does.
func FuzzLazyMatchesJSONParse(f *testing.F) {
	for _, s := range lazySamples {
		f.Add(s)
	}
	vm := lazyVM()
	fnVal, err := vm.RunString("(" + sameAsParse + ")")
	if err != nil {
		f.Fatal(err)
	}
	fn, _ := goja.AssertFunction(fnVal)
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.TrimSpace(text)
		if !json.Valid([]byte(text)) || !strings.HasPrefix(text, "{") {
			return
		}
		eager, err := fromJSON(vm, []byte(text))
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		for _, item := range append(lazyBoth(vm, text), eager) {
			got, err := fn(goja.Undefined(), item, vm.ToValue(text))
			if err != nil {
				t.Fatalf("%s: %v", text, err)
			}
			if got.String() != "" {
				t.Fatalf("%s: %s", text, got)
			}
		}
	})
}

// TestBatchCreateResultIsLazy: a batch create's result (a hundred thousand
// tasks, perhaps) reaches JS with its objects lazy, reading as JSON.parse of
// the same text; a result that is not JSON still fails as it did, at once.
func TestBatchCreateResultIsLazy(t *testing.T) {
	vm := lazyVM()
	b := &binder{vm: vm}
	ep, _ := client.Lookup("create_tasks")
	items := strings.Join(lazySamples, ",")
	var text strings.Builder
	text.WriteString(`{"items":{`)
	for i, s := range lazySamples {
		if i > 0 {
			text.WriteString(",")
		}
		fmt.Fprintf(&text, `"%d":%s`, i, s)
	}
	text.WriteString(`},"validation_errors":{"7":{"input_values.image":{"code":"VALUE_REQUIRED","message":"Value must be present"}}}}`)
	v := b.result(ep, &client.Result{JSON: []byte(text.String())}, nil)
	if _, lazy := v.Export().(*lazyObject); !lazy {
		t.Errorf("the result is a %T, not lazy", v.Export())
	}
	fnVal, _ := vm.RunString("(" + sameAsParse + ")")
	fn, _ := goja.AssertFunction(fnVal)
	if got, err := fn(goja.Undefined(), v, vm.ToValue(text.String())); err != nil || got.String() != "" {
		t.Errorf("%v %v (items %.40s…)", got, err, items)
	}
	defer func() {
		if recover() == nil {
			t.Error("a result that is not JSON was taken")
		}
	}()
	b.result(ep, &client.Result{JSON: []byte(`{"items":{"0":{"id":tru}}}`)}, nil)
}

// TestBatchCreateResultApart: a batch create's results handed over apart
// (client.Call.ItemsApart: each object where it was read back, the refused
// ones' errors by index) read, write and stringify as JSON.parse of the
// answer written whole — past lazyIndexAbove items, with refused ones
// between; an object read back that is not JSON fails at once.
func TestBatchCreateResultApart(t *testing.T) {
	vm := lazyVM()
	b := &binder{vm: vm}
	ep, _ := client.Lookup("create_tasks")
	res := &client.Result{Created: make([]json.RawMessage, 40), Refused: map[int]json.RawMessage{}}
	var items, refused []string
	for i := range res.Created {
		if i%9 == 7 {
			res.Refused[i] = json.RawMessage(fmt.Sprintf(`{"input_values.image":{"code":"VALUE_REQUIRED","message":"item %d"}}`, i))
			refused = append(refused, fmt.Sprintf(`"%d":%s`, i, res.Refused[i]))
			continue
		}
		res.Created[i] = json.RawMessage(lazySamples[i%len(lazySamples)])
		items = append(items, fmt.Sprintf(`"%d":%s`, i, res.Created[i]))
	}
	text := `{"items":{` + strings.Join(items, ",") + `},"validation_errors":{` + strings.Join(refused, ",") + `}}`
	fnVal, _ := vm.RunString(`(function (r, text) {
		const same = (` + sameAsParse + `)(r, text);
		if (same !== '') return 'as read: ' + same;
		const t = JSON.parse(text);
		for (const o of [r, t]) {
			o.items[3] = 'set'; delete o.items[0]; o.items[100] = {a: 1}; o.items[5] = {b: 2}; o.extra = [1];
			delete o.validation_errors[16];
		}
		const mine = JSON.stringify(r), theirs = JSON.stringify(t);
		if (mine !== theirs) return 'after writes: ' + mine + ' vs ' + theirs;
		if (Object.keys(r.items).join() !== Object.keys(t.items).join() || r.items[100].a !== 1 || 0 in r.items) return 'keys after writes';
		return '';
	})`)
	fn, _ := goja.AssertFunction(fnVal)
	v := b.result(ep, res, nil)
	if got, err := fn(goja.Undefined(), v, vm.ToValue(text)); err != nil || got.String() != "" {
		t.Errorf("%v %v", got, err)
	}
	defer func() {
		if recover() == nil {
			t.Error("an object read back that is not JSON was taken")
		}
	}()
	b.result(ep, &client.Result{Created: []json.RawMessage{json.RawMessage(`{"id":tru}`)}}, nil)
}

// TestStringifyLazy: JSON.stringify writes a lazy object as it writes the
// object JSON.parse makes of the same text, after whatever a script did to
// it — also where it must hand the object to goja's own (a toJSON, an
// object the script made, a cycle, a replacer).
func TestStringifyLazy(t *testing.T) {
	vm := lazyVM()
	const text = `{"id":"1","n":-0,"big":12345678901234567890,"f":1.50,"e":1E2,"s":"a\/b\u00e9\ud83d\ude00\u001f","t":[1,{"x":[null,true]}],"o":{"2":"two","1":"one","z":{}},"1":"one"}`
	for _, change := range []string{
		``,
		`o.s`,
		`o.t[1].x.push('more'); o.t.length = 5`,
		`o.extra = '\ud800 lone'; o.nan = NaN; o.inf = -Infinity; o.u = undefined; o.fn = () => 1; o.sym = Symbol('s'); o[Symbol.iterator] = 1`,
		`delete o.id; o.id = 'again'; o.o.z.deep = [undefined, () => 1]`,
		`o.made = {a: 1}`,
		`o.when = new Date(0)`,
		`o.o.toJSON = function (k) { return 'key ' + k }`,
		`o.toJSON = () => 'mine'`,
		`o.self = o`,
		`o.big = 10n`,
		`Object.prototype.toJSON = function () { return 'everything' }`,
		`Array.prototype.toJSON = function () { return 'arrays' }`,
	} {
		vm.Set("text", text)
		vm.Set("item", newJSONParser(vm).lazyValue([]byte(text)))
		got, err := vm.RunString(`(() => {
			const results = [];
			for (const lazy of [true, false]) {
				const o = lazy ? item : JSON.parse(text);
				let out;
				try {
					` + change + `;
					out = [JSON.stringify(o), JSON.stringify(o, null, 2), JSON.stringify(o, (k, v) => v)].join('\n');
				} catch (e) { out = 'threw ' + e.name }
				delete Object.prototype.toJSON; delete Array.prototype.toJSON;
				results.push(out);
			}
			return results[0] === results[1] ? '' : results[0] + '\n  vs\n' + results[1];
		})()`)
		if err != nil || got.String() != "" {
			t.Errorf("after %q: %v %v", change, got, err)
		}
	}
}
