package bindings_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
)

// pagesServer serves n items {"id":"000i","n":i} in pages of size, following
// id_gt; a page whose first item is failAt answers 500 instead.
func pagesServer(t *testing.T, n, size, failAt int) *client.Client {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := 0
		if gt := r.URL.Query().Get("id_gt"); gt != "" {
			start, _ = strconv.Atoi(gt)
			start++
		}
		if start == failAt {
			w.WriteHeader(500)
			w.Write([]byte(`{"code":"INTERNAL_ERROR","message":"page failed"}`))
			return
		}
		var items []string
		for i := start; i < min(start+size, n); i++ {
			items = append(items, fmt.Sprintf(`{"id":"%04d","n":%d}`, i, i))
		}
		fmt.Fprintf(w, `{"items":[%s],"has_more":%v}`, strings.Join(items, ","), start+size < n)
	}))
	t.Cleanup(ts.Close)
	c, err := client.New("x", client.WithURL(ts.URL), client.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestIteratorProtocol: a list method's iterator, whose next and return are
// Go, steps as a JS iterator does — by hand, in for…of, both mixed, after
// a break — and its step results read, write and list as JS's own do.
func TestIteratorProtocol(t *testing.T) {
	vm := newVM(t, pagesServer(t, 25, 10, -1))
	for src, want := range map[string]string{
		// by hand: a new result per step, ordinary-looking, then done for good
		`const it = toloka.getTasks({batch_size: 10}); const a = it.next(), b = it.next();
		 [a !== b, a.value.n, b.value.n, a.done, Object.keys(a).join(), JSON.stringify(b), Object.getPrototypeOf(a) === Object.prototype].join()`: "true,0,1,false,value,done,{\"value\":{\"id\":\"0001\",\"n\":1},\"done\":false},true",
		// for…of goes on from where next() left it, across pages
		`const it = toloka.getTasks({batch_size: 10}); it.next(); it.next(); it.next(); let n = 0; for (const x of it) n += x.n; n`: fmt.Sprint(300 - 3),
		// a break ends it: the next step is done
		`const it = toloka.getTasks({batch_size: 10}); for (const x of it) if (x.n === 12) break; JSON.stringify(it.next())`: `{"done":true}`,
		`const it = toloka.getTasks({batch_size: 10}); JSON.stringify([it.return(7), it.next(), it.return()])`:               `[{"value":7,"done":true},{"done":true},{"done":true}]`,
		`const it = toloka.getTasks({batch_size: 10}); [...it].length + ' ' + JSON.stringify(it.next())`:                     `25 {"done":true}`,
		// a step's result takes writes, deletes and new members as an object literal does
		`const mine = toloka.getTasks({batch_size: 10}).next(), theirs = {value: mine.value, done: false};
		 for (const r of [mine, theirs]) { r.extra = 1; r.value = 5; delete r.done; r[3] = 'x'; r.done = 'again'; delete r.nothing }
		 const ks = r => Object.keys(r).join() + '|' + JSON.stringify(r) + '|' + ('done' in r) + ('value' in r) + r.hasOwnProperty('extra');
		 ks(mine) === ks(theirs) ? 'same' : ks(mine) + ' vs ' + ks(theirs)`: "same",
	} {
		v, err := vm.RunString("{" + src + "}") // a block: each case's names are its own
		if err != nil || v.String() != want {
			t.Errorf("%s\n → %v (%v)\nwant %s", src, v, err, want)
		}
	}
}

// TestIteratorErrors: a page that fails throws from the step that needs it,
// as a TolokaError, and the items before it were all handed out.
func TestIteratorErrors(t *testing.T) {
	vm := newVM(t, pagesServer(t, 25, 10, 20))
	v, err := vm.RunString(`let seen = 0, caught = ''
		try { for (const x of toloka.getTasks({batch_size: 10})) seen++ } catch (e) { caught = (e instanceof InternalError) + ' ' + e.method }
		seen + ' ' + caught`)
	if err != nil || v.String() != "20 true getTasks" {
		t.Errorf("%v (%v), want 20 items then an InternalError from getTasks", v, err)
	}
}
