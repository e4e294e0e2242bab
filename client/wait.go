package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
)

type waitConfig struct {
	timeout  time.Duration
	progress func(*Operation)
}

// WaitOperation waits until an operation ends (SUCCESS or FAIL) and returns
// its final state.
// toloka-kit: wait_operation, GET /api/v1/operations/{operation_id}.
//
// It polls op, soon at first and then less often; it does not treat FAIL as
// an error (callers decide). A poll that fails is retried by the transport;
// the wait ends only at its timeout (WaitFor, 10 minutes unless set) or
// with ctx.
//
// Options: WaitOperationOption.
func (c *Client) WaitOperation(ctx context.Context, op *Operation, opts ...WaitOperationOption) (*Operation, error) {
	call := newCall(opts)
	w := waitConfig{timeout: 10 * time.Minute, progress: call.Progress}
	if call.Timeout > 0 {
		w.timeout = call.Timeout
	}
	ctx = withTopLevel(ctx, "wait_operation")
	ctx, recorded := withResponseRecorder(ctx, &call)
	defer recorded()
	return c.wait(ctx, op, w)
}

// firstPoll is how soon a wait first asks; the interval then doubles up to
// the client's poll interval (20, 40, 80 ms, …). An operation that ended
// while its POST was still answering costs one early GET, not an idle tenth
// of a second per batch.
const firstPoll = 20 * time.Millisecond

func (c *Client) wait(ctx context.Context, op *Operation, w waitConfig) (*Operation, error) {
	if op == nil || op.ID == "" {
		return nil, &ArgError{Method: "wait_operation", Param: "op", Want: "an operation with an id", Got: "nothing"}
	}
	if op.Done() {
		return op, nil
	}
	if w.timeout <= 0 {
		w.timeout = 10 * time.Minute
	}
	deadline := time.Now().Add(w.timeout)
	// Most operations end within a second or two: poll soon, then back off to
	// the configured interval, so a short operation costs a short wait and a
	// long one costs no more requests than polling at the interval would.
	interval := min(firstPoll, c.cfg.pollInterval)
	for first := true; ; first = false {
		if !first || op.Status == "" {
			res, err := c.step(ctx, "get_operation", nil, op.ID)
			if err != nil {
				if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
					return op, fmt.Errorf("waiting for operation %s (check it later with get_operation): %w", op.ID, err)
				}
				// Transport retries are spent; keep waiting until the deadline rather than
				// giving up on an operation that is probably still running.
				if time.Now().After(deadline) {
					return op, &WaitTimeoutError{Operation: op, Timeout: w.timeout.String()}
				}
				c.cfg.logger.Info("toloka wait: poll failed, will poll again", "operation", op.ID, "error", err.Error())
			} else {
				next, err := decodeOperation("get_operation", res.body)
				if err != nil {
					return op, err
				}
				op = next
			}
			if w.progress != nil {
				w.progress(op)
			}
			if op.Done() {
				return op, nil
			}
		}
		if time.Now().After(deadline) {
			return op, &WaitTimeoutError{Operation: op, Timeout: w.timeout.String()}
		}
		t := time.NewTimer(min(interval, max(time.Until(deadline), time.Millisecond)))
		interval = min(2*interval, c.cfg.pollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return op, fmt.Errorf("waiting for operation %s (it goes on on the server; check it with get_operation): %w", op.ID, ctx.Err())
		case <-t.C:
		}
	}
}

func (a *args) waitConfig(def time.Duration) waitConfig {
	w := waitConfig{timeout: def, progress: a.call.Progress}
	if a.call.Timeout > 0 {
		w.timeout = a.call.Timeout
	}
	if v, ok := a.local["timeout"]; ok {
		if d, err := ParseDuration(v); err == nil && d > 0 {
			w.timeout = d
		}
	}
	return w
}

// ParseDuration reads a timeout as scripts and options give one: "5m" or
// "90s" (time.ParseDuration), or a number of milliseconds, as JavaScript
// counts time (int, int64, float64, json.Number or JSON), or a time.Duration.
// A negative one, or one a time.Duration cannot hold (292 years), is an
// error rather than a value wrapped round.
func ParseDuration(v any) (time.Duration, error) {
	switch x := v.(type) {
	case time.Duration:
		if x < 0 {
			return 0, fmt.Errorf("%v is negative", x)
		}
		return x, nil
	case string:
		d, err := time.ParseDuration(x)
		if err == nil && d < 0 {
			err = fmt.Errorf("%q is negative", x)
		}
		return d, err
	case float64:
		return milliseconds(x)
	case int:
		return milliseconds(float64(x))
	case int64:
		return milliseconds(float64(x))
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return 0, err
		}
		return milliseconds(f)
	case json.RawMessage:
		var s any
		d := json.NewDecoder(bytes.NewReader(x))
		d.UseNumber()
		if err := d.Decode(&s); err != nil {
			return 0, err
		}
		return ParseDuration(s)
	}
	return 0, fmt.Errorf("not a duration: %v", v)
}

func milliseconds(ms float64) (time.Duration, error) {
	if ms != ms || ms < 0 || ms > float64(math.MaxInt64/int64(time.Millisecond)) {
		return 0, fmt.Errorf("%v ms is not a duration between 0 and 292 years", ms)
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

// waitOperation is wait_operation's logic: it waits for the operation given
// as the op argument.
func waitOperation(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	op, err := operationArg(ep, a.local["op"])
	if err != nil {
		return nil, err
	}
	op, err = c.wait(ctx, op, a.waitConfig(10*time.Minute))
	if err != nil {
		return nil, err
	}
	b, _ := op.MarshalJSON()
	return &Result{JSON: b, Operation: op}, nil
}

// operationArg accepts an *Operation, an operation id, or the operation's JSON.
func operationArg(ep *Endpoint, v any) (*Operation, error) {
	switch x := v.(type) {
	case *Operation:
		return x, nil
	case Operation:
		return &x, nil
	case string:
		if x != "" {
			return &Operation{ID: x}, nil
		}
	default:
		raw, err := toJSON(v)
		if err == nil {
			var op Operation
			if json.Unmarshal(raw, &op) == nil && op.ID != "" {
				return &op, nil
			}
			if s, err := idString(raw); err == nil {
				return &Operation{ID: s}, nil
			}
		}
	}
	return nil, &ArgError{Method: ep.Name, Param: "op", Want: "an operation or an operation id", Got: describeValue(v)}
}
