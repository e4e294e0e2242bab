package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

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
	// Response, when set, receives what the method's last HTTP answer said
	// beyond its body (CaptureResponse).
	Response *Response
	// ItemsApart asks a sync batch create (create_tasks, create_task_suites,
	// create_user_bonuses) for its results by index in the list, in
	// Result.Created and Result.Refused, instead of written into
	// Result.JSON: each object stays a slice of the page it was read back
	// in, and 100k tasks are not copied into one answer.
	ItemsApart bool

	sink batchSink // a typed result that takes each batch of a big create as it ends
}

// batchSink is a typed batch-create result (BatchCreateResult) that decodes
// each batch's objects as soon as the batch ends, while later batches are
// still being created, instead of all of them at the end.
type batchSink interface {
	takeBatch(offset int, created []json.RawMessage, failed map[int]json.RawMessage) error
}

// Result is what Invoke returns; which field is set depends on the endpoint's Kind.
type Result struct {
	JSON      json.RawMessage // single, find, sync, composite, poll (the operation JSON)
	decoded   bool            // the result went to Call.sink; JSON is empty
	Pager     *Pager          // iterator
	Operation *Operation      // async (nil when the server answered 204)
	Body      io.ReadCloser   // bytes (when Call.Out is nil) and tsv; the caller closes it

	// With Call.ItemsApart, a batch create's results (JSON is then empty):
	// what the i-th object made, as the server sent it and not yet checked
	// to be JSON (nil for one refused), and why the refused ones were.
	Created []json.RawMessage
	Refused map[int]json.RawMessage
}

// batchAnswer is a batch create's answer: its results apart when the call
// asked for them so, else written as the server answers a sync create.
func batchAnswer(a *args, created []json.RawMessage, refused map[int]json.RawMessage) *Result {
	if a.call.ItemsApart {
		if refused == nil {
			refused = map[int]json.RawMessage{}
		}
		return &Result{Created: created, Refused: refused}
	}
	return &Result{JSON: batchResult(created, refused)}
}

// Invoke runs the method named name (toloka-kit's snake_case name) with call's arguments.
// Argument problems are reported as *ArgError without any request being sent.
func (c *Client) Invoke(ctx context.Context, name string, call Call) (*Result, error) {
	ep, ok := Lookup(name)
	if !ok {
		return nil, &ArgError{Method: name, Param: "method", Want: "a method of the endpoint table" + suggest(name, endpointNames()), Got: strconv.Quote(name)}
	}
	a, err := parseArgs(&ep, call)
	if err != nil {
		return nil, err
	}
	ctx = withTopLevel(ctx, name)
	ctx, recorded := withResponseRecorder(ctx, &call)
	defer recorded()
	res, err := ep.run()(ctx, c, &ep, a)
	return res, nameTheCall(calledMethod(ctx, name), err)
}

// nameTheCall has an error about an answer, or a failed operation, name the
// method the caller called, not the step of it that met the problem: a
// reading back of the result, a log read after a create.
func nameTheCall(called string, err error) error {
	if err == nil {
		return nil
	}
	var de *DecodeError
	if errors.As(err, &de) {
		de.Method = called
	}
	var of *OperationFailedError
	if errors.As(err, &of) {
		of.Method = called
	}
	return err
}

// run is what carries the row out: its Run, or what its kind says.
func (e *Endpoint) run() runFunc {
	if e.Run != nil {
		return e.Run.run
	}
	switch e.Kind {
	case KindIterator:
		return runPages
	case KindAsync:
		return runAsync
	case KindNoContent:
		return runNoContent
	}
	return runRequest
}

// runRequest sends the row's request and gives its JSON answer.
func runRequest(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	res, err := c.send(ctx, ep, a)
	if err != nil {
		return nil, err
	}
	if err := checkJSONAnswer(calledMethod(ctx, ep.Name), res); err != nil {
		return nil, err
	}
	return &Result{JSON: res.body}, nil
}

// runNoContent sends the row's request; the answer has nothing to give.
func runNoContent(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	if _, err := c.send(ctx, ep, a); err != nil {
		return nil, err
	}
	return &Result{}, nil
}

// runPages gives the pager of an iterator row; nothing is fetched until it is asked for a page.
func runPages(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	return &Result{Pager: c.newPager(ep, a)}, nil
}

// runAsync starts the row's operation and gives it (nil when the server had nothing to do).
func runAsync(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	op, err := c.startOperation(ctx, ep, a)
	return &Result{Operation: op}, err
}

// checkJSONAnswer refuses a 2xx answer that is not the JSON the method returns:
// an empty body, a proxy's HTML page, a truncated document.
func checkJSONAnswer(method string, res *response) error {
	body := bytes.TrimSpace(res.body)
	switch {
	case len(body) == 0:
		return &DecodeError{Method: method, Err: fmt.Errorf("HTTP %d with an empty body where JSON was expected", res.status)}
	case !Valid(body):
		ct := res.header.Get("Content-Type")
		if ct == "" {
			ct = "no content type"
		}
		return &DecodeError{Method: method, Err: fmt.Errorf("HTTP %d answer is not JSON (%s): %q", res.status, ct, excerpt(body, 80))}
	}
	return nil
}

// invokeInto runs Invoke and decodes its JSON result into out (when out is not nil).
func (c *Client) invokeInto(ctx context.Context, name string, call Call, out any) error {
	if s, ok := out.(batchSink); ok {
		call.sink = s
	}
	res, err := c.Invoke(ctx, name, call)
	if err != nil {
		return err
	}
	if out == nil || len(res.JSON) == 0 || res.decoded {
		return nil
	}
	// Models, pages and batch results decode themselves in one pass
	// (decode.go); the rest (short lists, plain values) go by encoding/json,
	// which hands each model it meets to the model.
	if u, ok := out.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(res.JSON)
	} else {
		err = json.Unmarshal(res.JSON, out)
	}
	if err != nil {
		return &DecodeError{Method: name, Err: err}
	}
	return nil
}
