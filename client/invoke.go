package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"
)

// CONTRACT STUB (to be replaced by the real implementation; keep the exported signatures).

// Call holds the arguments of one Invoke, as toloka-kit takes them.
type Call struct {
	// Args are the positional arguments, in the order of Endpoint.Args. Each is a
	// json.RawMessage, a string (ids), or any value encoding/json can marshal.
	Args []any
	// Options are the keyword arguments by toloka-kit name (filters, sort, limit,
	// batch_size, operation_id, async_mode, allow_defaults, …). Values as for Args.
	Options map[string]any
	// Progress, when set, is called with each polled state while a sync or poll
	// method waits for its operation.
	Progress func(op *Operation)
	// Out receives the body of a bytes-kind method (download_attachment). When nil,
	// Result.Body holds it instead.
	Out io.Writer
	// Timeout bounds the waits of sync and poll methods; zero means the method's default.
	Timeout time.Duration
}

// Result is what Invoke returns; which field is set depends on the endpoint's Kind.
type Result struct {
	JSON      json.RawMessage // single, find, sync, composite, poll (the operation JSON)
	Pager     *Pager          // iterator
	Operation *Operation      // async (nil when the server answered 204)
	Body      io.ReadCloser   // bytes (when Call.Out is nil) and tsv; the caller closes it
}

// Invoke runs the method named name (toloka-kit's snake_case name) with call's arguments.
// Argument problems are reported as *ArgError without any request being sent.
func (c *Client) Invoke(ctx context.Context, name string, call Call) (*Result, error) {
	return nil, errors.New("client: Invoke not implemented yet")
}

// invokeInto runs Invoke and decodes its JSON result into out (when out is not nil).
func (c *Client) invokeInto(ctx context.Context, name string, call Call, out any) error {
	res, err := c.Invoke(ctx, name, call)
	if err != nil {
		return err
	}
	if out == nil || len(res.JSON) == 0 {
		return nil
	}
	if err := json.Unmarshal(res.JSON, out); err != nil {
		return &DecodeError{Method: name, Err: err}
	}
	return nil
}
