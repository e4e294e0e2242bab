package client

import (
	"context"
	"encoding/json"
	"io"
	"iter"
)

// CONTRACT STUB (to be replaced by the real implementation; keep the exported signatures).

// Pager walks the pages of a lazy iterator method, fetching a page only when asked.
type Pager struct{}

// NextPage returns the next page's items as raw JSON objects, in server order.
// After the last page it returns (nil, io.EOF).
func (p *Pager) NextPage(ctx context.Context) ([]json.RawMessage, error) { return nil, io.EOF }

// iterate adapts the iterator method name to a typed Go iterator.
func iterate[T any](ctx context.Context, c *Client, name string, call Call) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		res, err := c.Invoke(ctx, name, call)
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
}
