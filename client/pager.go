package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/url"
	"strconv"
)

// Pager walks the pages of a lazy iterator method, fetching a page only when asked.
// It pages as toloka-kit does: sort by the cursor field, and from the second page
// on ask for <cursor>_gt the last item's value.
type Pager struct {
	c      *Client
	ep     *Endpoint
	path   string
	query  url.Values
	err    error
	done   bool
	pages  int
	method string
}

func (c *Client) newPager(ep *Endpoint, a *args) *Pager {
	p := &Pager{c: c, ep: ep, query: url.Values{}, method: ep.Find}
	for k, v := range a.query {
		p.query[k] = v
	}
	p.query.Set("sort", ep.Cursor)
	if bs, ok := a.local["batch_size"]; ok {
		s, err := scalarQuery(Param{Name: "batch_size", Type: "integer"}, bs)
		if err != nil {
			p.err = &ArgError{Method: ep.Name, Param: "batch_size", Want: "an integer", Got: err.Error()}
		} else if n, _ := strconv.Atoi(s); n <= 0 {
			p.err = &ArgError{Method: ep.Name, Param: "batch_size", Want: "a positive integer", Got: s}
		} else {
			p.query.Set("limit", s)
		}
	}
	p.path, p.err = firstErr(expandPath(ep, a.path))
	return p
}

func firstErr(s string, err error) (string, error) { return s, err }

// NextPage returns the next page's items as raw JSON objects, in server order.
// After the last page it returns (nil, io.EOF).
func (p *Pager) NextPage(ctx context.Context) ([]json.RawMessage, error) {
	if p.err != nil {
		return nil, p.err
	}
	if p.done {
		return nil, io.EOF
	}
	ctx = withTopLevel(ctx, p.ep.Name)
	res, err := p.c.do(ctx, &request{method: p.method, verb: "GET", path: p.path, query: p.query, safe: true})
	if err != nil {
		return nil, err
	}
	items, hasMore, err := decodePage(res.body, p.ep.ItemsKey)
	if err != nil {
		p.err = &DecodeError{Method: p.method, Err: err}
		return nil, p.err
	}
	p.pages++
	if !hasMore {
		p.done = true
		if len(items) == 0 {
			return nil, io.EOF
		}
		return items, nil
	}
	if len(items) == 0 {
		p.err = &DecodeError{Method: p.method, Err: fmt.Errorf("page %d says has_more but holds no items; stopping instead of asking for it again", p.pages)}
		return nil, p.err
	}
	last, err := cursorValue(items[len(items)-1], p.ep.Cursor)
	if err != nil {
		p.err = &DecodeError{Method: p.method, Err: err}
		return nil, p.err
	}
	if prev := p.query.Get(p.ep.Cursor + "_gt"); prev == last && p.pages > 1 {
		p.err = &DecodeError{Method: p.method, Err: fmt.Errorf("the server returned the same page again (%s_gt=%s)", p.ep.Cursor, last)}
		return nil, p.err
	}
	p.query.Set(p.ep.Cursor+"_gt", last)
	return items, nil
}

// decodePage reads {items|content: [...], has_more} keeping each item's raw bytes.
func decodePage(body []byte, key string) ([]json.RawMessage, bool, error) {
	var page struct {
		Items   []json.RawMessage `json:"items"`
		Content []json.RawMessage `json:"content"`
		HasMore *bool             `json:"has_more"`
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, false, fmt.Errorf("empty answer where a page was expected")
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, false, err
	}
	if page.HasMore == nil {
		return nil, false, fmt.Errorf("the page has no has_more field")
	}
	items := page.Items
	if key == "content" {
		items = page.Content
	}
	return items, *page.HasMore, nil
}

func cursorValue(item json.RawMessage, field string) (string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(item, &m); err != nil {
		return "", err
	}
	raw, ok := m[field]
	if !ok {
		return "", fmt.Errorf("the last item of the page has no %q to page on", field)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	return string(bytes.TrimSpace(raw)), nil
}

// iterate adapts the iterator method name to a typed Go iterator.
func iterate[T any](ctx context.Context, c *Client, name string, call Call) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for raw, err := range c.RawItems(ctx, name, call) {
			if err != nil {
				yield(nil, err)
				return
			}
			v := new(T)
			if err := json.Unmarshal(raw, v); err != nil {
				yield(nil, &DecodeError{Method: name, Err: err})
				return
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// RawItems iterates over the raw JSON items of an iterator method.
func (c *Client) RawItems(ctx context.Context, name string, call Call) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		res, err := c.Invoke(ctx, name, call)
		if err == nil && res.Pager == nil {
			err = fmt.Errorf("%s is not an iterator method", name)
		}
		if err != nil {
			yield(nil, err)
			return
		}
		for {
			items, err := res.Pager.NextPage(ctx)
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
