package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/url"
)

// Pager walks the pages of a lazy iterator method, fetching ahead of the caller
// by one or two pages. It pages as toloka-kit does: sort by the cursor field,
// and from the second page on ask for <cursor>_gt the last item's value.
//
// A caller that stops before the last page should Close the pager (or end the
// context of its first NextPage): its fetcher waits for the caller until then.
type Pager struct {
	c      *Client
	ep     *Endpoint
	path   string
	query  url.Values
	err    error
	done   bool
	pages  int
	method string

	// One goroutine fetches ahead and hands pages over through ahead. It
	// owns the cursor (query, done, err, pages) until it has closed ahead.
	ahead  chan page
	credit chan struct{} // one per page the fetcher may start
	taken  int           // pages handed to the caller
	cancel context.CancelFunc
	closed bool

	// typed is set by typed iterators, which decode each page straight from
	// its body and copy what they keep. Their pages are never split into
	// items: pageTail finds the cursor, so the next request goes out sooner.
	// And a page's buffer takes a later answer once it is decoded: a page is
	// half a megabyte, and allocating and zeroing one per page was a tenth of
	// what typed iteration cost.
	typed   bool
	current []byte      // the body of the page last returned
	spare   chan []byte // bodies free for the next fetches

	// unchecked pages are not checked item by item (checkItems), for a caller
	// that decodes every item anyway.
	unchecked bool
	lastLen   int // items in the page before, to size the next page's list

	// prepare, when set, turns each page's items into what the caller
	// takes, on the fetching goroutine (Prepare).
	prepare func(items []json.RawMessage) any
}

func (c *Client) newPager(ep *Endpoint, a *args) *Pager {
	p := &Pager{c: c, ep: ep, query: url.Values{}, method: ep.Find}
	for k, v := range a.query {
		p.query[k] = v
	}
	p.query.Set("sort", ep.Cursor)
	if bs, ok := a.local["batch_size"].(string); ok { // checked by setOption: a positive integer
		p.query.Set("limit", bs)
	}
	p.path, p.err = expandPath(ep, a.path)
	return p
}

// NextPage returns the next page's items as raw JSON objects, in server order.
// After the last page it returns (nil, io.EOF).
//
// While the caller works through a page, the next one is already being fetched,
// so paging costs the slower of fetching and consuming rather than their sum.
// A caller that takes one page gets one fetched ahead; from its second page on,
// two, so that the next request leaves as soon as a page arrives instead of
// when the caller comes back for it. Close stops fetches nobody will read.
func (p *Pager) NextPage(ctx context.Context) ([]json.RawMessage, error) {
	pg := p.next(ctx)
	return pg.items, pg.err
}

// Prepare has the fetching goroutine give each page's items to prepare, and
// NextPrepared return what prepare made of them instead of the items: work
// the caller would do on every item (copying it out of the page, finding its
// members) then overlaps with the caller's work on the page before, and the
// page's buffer takes a later answer. The items are slices of that buffer:
// prepare must copy what it keeps. Call it before the first page.
func (p *Pager) Prepare(prepare func(items []json.RawMessage) any) {
	p.prepare = prepare
	p.spare = make(chan []byte, 3)
}

// NextPrepared is NextPage for a pager with Prepare: what prepare made of
// the next page's items; (nil, io.EOF) after the last page.
func (p *Pager) NextPrepared(ctx context.Context) (any, error) {
	pg := p.next(ctx)
	return pg.prepared, pg.err
}

// nextTyped is NextPage for typed iterators: the page's body, unsplit, and
// the last item of its list, which the pager paged by.
func (p *Pager) nextTyped(ctx context.Context) (body, last []byte, err error) {
	pg := p.next(ctx)
	return pg.body, pg.last, pg.err
}

func (p *Pager) next(ctx context.Context) page {
	if p.closed {
		return page{err: io.EOF}
	}
	if p.typed && p.current != nil {
		p.recycle(p.current)
		p.current = nil
	}
	if p.ahead == nil {
		p.startFetcher(ctx, 2)
	}
	var pg page
	var ok bool
	select {
	case pg, ok = <-p.ahead:
	case <-ctx.Done():
		return page{err: ctx.Err()}
	}
	if !ok || pg.err != nil && isContextErr(pg.err) && ctx.Err() == nil {
		// The fetcher ran under a context that has ended since (an earlier
		// REPL entry, say): fetch again under the caller's live one.
		p.cancel()
		p.startFetcher(ctx, 1)
		if pg, ok = <-p.ahead; !ok {
			return page{err: ctx.Err()}
		}
	}
	p.taken++
	// Credit for the pages after this one: after the first page, one ahead;
	// from the second on, two.
	grant := 1
	switch p.taken {
	case 1:
		grant = 0
	case 2:
		grant = 2
	}
	for range grant {
		select {
		case p.credit <- struct{}{}:
		default:
		}
	}
	p.current = pg.body
	return pg
}

// startFetcher starts the goroutine that fetches pages ahead, allowed to start
// n of them before the caller's next credit.
func (p *Pager) startFetcher(ctx context.Context, n int) {
	ahead, cancel := context.WithCancel(ctx)
	ch, credit := make(chan page, 1), make(chan struct{}, 4)
	for range n {
		credit <- struct{}{}
	}
	p.ahead, p.credit, p.cancel = ch, credit, cancel
	go func() {
		defer close(ch)
		for {
			select {
			case <-credit:
			case <-ahead.Done():
				return
			}
			pg := p.fetch(ahead)
			select {
			case ch <- pg:
			case <-ahead.Done():
				return
			}
			if pg.err != nil {
				return
			}
		}
	}()
}

// Close stops the fetches ahead that nobody will read; paging is over after
// it. The fetcher may still be running: it owns the cursor until it ends, so
// Close touches only what the fetcher never reads.
func (p *Pager) Close() {
	if p.cancel != nil {
		p.cancel()
	}
	p.closed = true
}

type page struct {
	items    []json.RawMessage
	prepared any    // what Pager.Prepare's function made of items (which are then nil)
	body     []byte // what items are slices of
	last     []byte // the last item (typed pages, which have no items)
	err      error
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// fetch asks for the page after the cursor and moves the cursor past it. Only
// one fetch runs at a time: the fetcher runs them one after another.
func (p *Pager) fetch(ctx context.Context) page {
	if p.err != nil {
		return page{err: p.err}
	}
	if p.done {
		return page{err: io.EOF}
	}
	var buf []byte
	if p.spare != nil {
		select {
		case buf = <-p.spare:
		default:
		}
	}
	res, err := p.c.do(withTopLevel(ctx, p.ep.Name), &request{method: p.method, verb: "GET", path: p.path, query: p.query, safe: true, buf: buf})
	if err != nil {
		return page{err: err} // not sticky: a later call may ask again
	}
	if p.typed {
		hasMore, last, err := pageTail(res.body, p.ep.ItemsKey)
		if err != nil {
			if _, _, derr := decodePage(res.body, p.ep.ItemsKey); derr != nil {
				err = derr // the full reading's words for what is wrong
			}
			p.err = &DecodeError{Method: p.method, Err: err}
			return page{err: p.err}
		}
		return p.advance(nil, res.body, hasMore, last)
	}
	items, hasMore, err := readPage(res.body, p.ep.ItemsKey, !p.unchecked, p.lastLen)
	if err != nil {
		p.err = &DecodeError{Method: p.method, Err: err}
		return page{err: p.err}
	}
	var last []byte
	if len(items) > 0 {
		last = items[len(items)-1]
	}
	p.lastLen = len(items)
	pg := p.advance(items, res.body, hasMore, last)
	if p.prepare != nil && pg.err == nil {
		pg = page{prepared: p.prepare(items)}
		p.recycle(res.body)
	}
	return pg
}

// advance moves the cursor past a page that holds items and ends with last.
func (p *Pager) advance(items []json.RawMessage, body []byte, hasMore bool, last []byte) page {
	p.pages++
	if !hasMore {
		p.done = true
		if last == nil {
			return page{err: io.EOF}
		}
		return page{items: items, body: body, last: last}
	}
	if last == nil {
		p.err = &DecodeError{Method: p.method, Err: fmt.Errorf("page %d says has_more but holds no items; stopping instead of asking for it again", p.pages)}
		return page{err: p.err}
	}
	cursor, err := cursorValue(last, p.ep.Cursor)
	if err != nil {
		p.err = &DecodeError{Method: p.method, Err: err}
		return page{err: p.err}
	}
	if prev := p.query.Get(p.ep.Cursor + "_gt"); prev == cursor && p.pages > 1 {
		p.err = &DecodeError{Method: p.method, Err: fmt.Errorf("the server returned the same page again (%s_gt=%s)", p.ep.Cursor, cursor)}
		return page{err: p.err}
	}
	p.query.Set(p.ep.Cursor+"_gt", cursor)
	return page{items: items, body: body, last: last}
}

// recycle gives a page's buffer, decoded and copied from, to a later answer.
func (p *Pager) recycle(body []byte) {
	select {
	case p.spare <- body:
	default:
	}
}

// cursorValue is the text of the item's top-level field: the string's
// contents, or a number's digits.
func cursorValue(item json.RawMessage, field string) (string, error) {
	var raw []byte
	err := eachMember(item, func(k, v []byte) bool {
		if string(k) == field {
			raw = v
			return false
		}
		return true
	})
	if err != nil {
		return "", err
	}
	if raw == nil {
		return "", fmt.Errorf("the last item of the page has no %q to page on", field)
	}
	if n := len(raw); n >= 2 && raw[0] == '"' && bytes.IndexByte(raw[1:n-1], '\\') < 0 {
		return string(raw[1 : n-1]), nil // an id as the API writes it: nothing to unescape
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	return string(raw), nil
}

// iterate adapts the iterator method name to a typed Go iterator. Items are
// decoded straight from each page's body, in the one pass that also finds
// where they end.
func iterate[T any](ctx context.Context, c *Client, name string, call Call) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		p, err := c.pager(ctx, name, call)
		if err != nil {
			yield(nil, err)
			return
		}
		p.typed, p.spare = true, make(chan []byte, 2)
		defer p.Close()
		for {
			body, last, err := p.nextTyped(ctx)
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
			stopped, err := decodeItems(body, p.ep.ItemsKey, last, yield)
			if err != nil {
				p.Close()
				yield(nil, &DecodeError{Method: name, Err: err})
				return
			}
			if stopped {
				return
			}
		}
	}
}

var errStopped = errors.New("stopped")

// decodeItems decodes the list of a page and gives each item to yield; it
// reports whether yield stopped. The list must end with last, the item the
// pager paged by.
func decodeItems[T any](body []byte, key string, last []byte, yield func(*T, error) bool) (stopped bool, err error) {
	at, _, err := listStart(body, key)
	if err != nil {
		return false, err
	}
	d := &decoder{b: body, i: at}
	var lastSeen []byte
	_, err = d.array(func(int) error {
		start := skipSpace(d.b, d.i)
		var v *T
		if err := decodeModelAny(d, &v); err != nil {
			return err
		}
		lastSeen = d.b[start:d.i]
		if !yield(v, nil) {
			return errStopped
		}
		return nil
	})
	if errors.Is(err, errStopped) {
		return true, nil
	}
	if err == nil && string(lastSeen) != string(last) {
		err = fmt.Errorf("the page's list of items and its end disagree")
	}
	return false, err
}

// pager starts an iterator method.
func (c *Client) pager(ctx context.Context, name string, call Call) (*Pager, error) {
	res, err := c.Invoke(ctx, name, call)
	if err == nil && res.Pager == nil {
		err = fmt.Errorf("%s is not an iterator method", name)
	}
	if err != nil {
		return nil, err
	}
	return res.Pager, nil
}

// RawItems iterates over the raw JSON items of an iterator method.
func (c *Client) RawItems(ctx context.Context, name string, call Call) iter.Seq2[json.RawMessage, error] {
	return c.rawItems(ctx, name, call, true)
}

// rawItems is RawItems, with checkItems or without.
func (c *Client) rawItems(ctx context.Context, name string, call Call, checked bool) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		p, err := c.pager(ctx, name, call)
		if err != nil {
			yield(nil, err)
			return
		}
		p.unchecked = !checked
		defer p.Close()
		for {
			items, err := p.NextPage(ctx)
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
			for _, raw := range items {
				if !yield(raw, nil) {
					return
				}
			}
		}
	}
}
