package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPagerFetchesLazilyAndStopsOnBadPages(t *testing.T) {
	var mu sync.Mutex
	var requests []string
	seen := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), requests...) }
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, r.URL.RawQuery)
		mu.Unlock()
		switch r.URL.Query().Get("id_gt") {
		case "":
			writeJSON(w, 200, `{"items":[{"id":"1"},{"id":"2"}],"has_more":true}`)
		case "2":
			writeJSON(w, 200, `{"items":[{"id":"3"}],"has_more":true}`)
		default:
			writeJSON(w, 200, `{"items":[],"has_more":true}`) // a broken server
		}
	})
	res, err := c.Invoke(context.Background(), "get_pools", Call{Options: map[string]any{"status": "OPEN", "batch_size": 2}})
	if err != nil || len(seen()) != 0 {
		t.Fatalf("no page before it is asked for: %v %v", seen(), err)
	}
	page, err := res.Pager.NextPage(context.Background())
	if r := seen(); err != nil || len(page) != 2 || len(r) < 1 || len(r) > 2 || r[0] != "limit=2&sort=id&status=OPEN" {
		t.Fatalf("first page %s: %v %v (the next may be fetched ahead, no more)", page, r, err)
	}
	if page, _ = res.Pager.NextPage(context.Background()); len(page) != 1 || seen()[1] != "id_gt=2&limit=2&sort=id&status=OPEN" {
		t.Fatalf("second page: %v", seen())
	}
	if _, err = res.Pager.NextPage(context.Background()); err == nil || !strings.Contains(err.Error(), "has_more but holds no items") {
		t.Fatalf("an empty page with has_more must stop with an error, got %v", err)
	}
	if _, err2 := res.Pager.NextPage(context.Background()); err2 == nil || len(seen()) != 3 {
		t.Errorf("after the error no more requests: %v", seen())
	}
}

// TestPagerFetchesAhead: while a page is consumed the next is on its way; a
// caller that takes one page costs one request ahead, one that pages on costs
// two, never more; pages come in order; Close cancels; a fetch ahead started
// under a context that has since ended is redone under the caller's.
func TestPagerFetchesAhead(t *testing.T) {
	var n atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		if want := fmt.Sprint(99 + i); i > 1 && i <= 6 && r.URL.Query().Get("id_gt") != want {
			t.Errorf("request %d asks for id_gt=%s, want %s", i, r.URL.Query().Get("id_gt"), want)
		}
		writeJSON(w, 200, fmt.Sprintf(`{"items":[{"id":"%d"}],"has_more":true}`, 100+i))
	})
	res, _ := c.Invoke(context.Background(), "get_pools", Call{})
	settled := func(want int32, after string) {
		t.Helper()
		deadline := time.Now().Add(2 * time.Second)
		for n.Load() < want && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
		if got := n.Load(); got != want {
			t.Fatalf("%d requests after %s, want %d", got, after, want)
		}
	}
	for i, want := range []int32{2, 4, 5, 6} {
		items, err := res.Pager.NextPage(context.Background())
		if err != nil || len(items) != 1 || string(items[0]) != fmt.Sprintf(`{"id":"%d"}`, 101+i) {
			t.Fatalf("page %d: %s %v", i+1, items, err)
		}
		settled(want, fmt.Sprintf("%d pages", i+1))
	}
	res.Pager.Close()

	// A page fetched ahead under a context that ended is fetched again.
	ctx, cancel := context.WithCancel(context.Background())
	res2, _ := c.Invoke(ctx, "get_pools", Call{})
	if _, err := res2.Pager.NextPage(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if items, err := res2.Pager.NextPage(context.Background()); err != nil || len(items) != 1 {
		t.Fatalf("after the first context ended: %v %v", items, err)
	}
	res2.Pager.Close()
	if _, err := res2.Pager.NextPage(context.Background()); err != io.EOF {
		t.Fatalf("after Close: %v, want io.EOF", err)
	}
}

func TestPagerRejectsMalformedPages(t *testing.T) {
	for _, body := range []string{`{"items":[{"id":"1"}`, `<html>oops</html>`, ``, `{"items":[]}`} {
		c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		n := 0
		for _, err := range c.RawItems(context.Background(), "get_tasks", Call{}) {
			n++
			if err == nil {
				t.Errorf("%q: want an error", body)
			}
			if n > 1 {
				t.Fatalf("%q: iteration did not stop", body)
			}
		}
		if n != 1 {
			t.Errorf("%q: %d yields", body, n)
		}
	}
}

// TestPagerStopsOnARepeatedPage: a server that ignores the cursor and answers
// the same page with has_more forever ends the iteration with an error.
func TestPagerStopsOnARepeatedPage(t *testing.T) {
	var n atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 200, `{"items":[{"id":"1"},{"id":"2"}],"has_more":true}`)
	})
	items := 0
	var last error
	for _, err := range c.RawItems(context.Background(), "get_tasks", Call{}) {
		if err != nil {
			last = err
			break
		}
		items++
	}
	if last == nil || !strings.Contains(last.Error(), "same page again") || items != 2 || n.Load() != 2 {
		t.Fatalf("%d items, %d requests, error %v: want the repeat caught on the second page, its items not yielded twice", items, n.Load(), last)
	}
}

// TestPagerCursorIsTheListsLastItem: typed iterators find the page's last
// item without walking its list (pageTail). A page whose list is followed by
// another array of objects with ids still pages by the list's last item:
// every item comes once, in order, and no request asks past another array's.
func TestPagerCursorIsTheListsLastItem(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		gt := r.URL.Query().Get("id_gt")
		mu.Lock()
		asked = append(asked, gt)
		mu.Unlock()
		switch gt {
		case "":
			writeJSON(w, 200, `{"has_more":true,"items":[{"id":"1"},{"id":"2"}],"notes":[{"id":"zz"}]}`)
		case "2":
			writeJSON(w, 200, `{"has_more":true,"items":[{"id":"3"},{"id":"4"}]}`)
		case "4":
			writeJSON(w, 200, `{"has_more":false,"items":[{"id":"5"}],"notes":[{"id":"zz"}]}`)
		default:
			writeJSON(w, 200, `{"items":[{"id":"999"}],"has_more":false}`)
		}
	})
	var got []string
	for p, err := range c.Pools(context.Background(), PoolFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.ID)
	}
	if strings.Join(got, ",") != "1,2,3,4,5" {
		t.Errorf("pools %v, want 1..5 once each", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"", "2", "4"}; strings.Join(asked, ",") != strings.Join(want, ",") {
		t.Errorf("asked for id_gt %q, want %q", asked, want)
	}
}

// TestPagerNamesABadItem: an item that splits but is not JSON fails the page
// with its place, before anyone reads it (JS reads items' members lazily).
func TestPagerNamesABadItem(t *testing.T) {
	for body, want := range map[string]string{
		`{"items":[{"id":"1"},{"id":tru}],"has_more":false}`:          "items[1]",
		`{"items":[{"id":"1","x":[1,,2]}],"has_more":false}`:          "items[0]",
		`{"items":[{"id":"1"},{"id":"2","s":"\q"}],"has_more":false}`: "items[1]",
	} {
		c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		res, err := c.Invoke(context.Background(), "get_pools", Call{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = res.Pager.NextPage(context.Background())
		var de *DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want a DecodeError naming %s", body, err, want)
		}
	}
}
