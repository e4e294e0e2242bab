package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Operation is a server-side asynchronous job. It keeps the JSON it was decoded
// from, so encoding it gives back exactly what the server sent.
type Operation struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Status     string          `json:"status"` // PENDING, RUNNING, SUCCESS, FAIL (others are kept as is)
	Submitted  string          `json:"submitted,omitempty"`
	Started    string          `json:"started,omitempty"`
	Finished   string          `json:"finished,omitempty"`
	Progress   int             `json:"progress,omitempty"`
	Parameters json.RawMessage `json:"parameters,omitempty"`
	Details    json.RawMessage `json:"details,omitempty"`

	raw json.RawMessage
}

// Operation statuses.
const (
	OperationPending = "PENDING"
	OperationRunning = "RUNNING"
	OperationSuccess = "SUCCESS"
	OperationFail    = "FAIL"
)

// Done reports whether the operation has ended.
func (o *Operation) Done() bool { return o.Status == OperationSuccess || o.Status == OperationFail }

// UnmarshalJSON keeps the raw JSON alongside the fields.
func (o *Operation) UnmarshalJSON(b []byte) error {
	type plain Operation
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*o = Operation(p)
	o.raw = append(json.RawMessage(nil), b...)
	return nil
}

// MarshalJSON gives back the server's JSON when the operation came from it.
func (o *Operation) MarshalJSON() ([]byte, error) {
	if o.raw != nil {
		return o.raw, nil
	}
	type plain Operation
	return json.Marshal((*plain)(o))
}

// Raw is the operation's JSON as the server sent it (nil for one built in Go).
func (o *Operation) Raw() json.RawMessage { return o.raw }

// param reads one field of Parameters (or Details) as a string.
func jsonField(obj json.RawMessage, name string) string {
	var raw []byte
	if eachMember(obj, func(k, v []byte) bool {
		if string(k) == name {
			raw = v
		}
		return true
	}) != nil {
		return ""
	}
	s, _ := idString(json.RawMessage(raw))
	return s
}

func decodeOperation(method string, body []byte) (*Operation, error) {
	var op Operation
	if err := json.Unmarshal(body, &op); err != nil {
		return nil, &DecodeError{Method: method, Err: err}
	}
	if op.ID == "" {
		return nil, &DecodeError{Method: method, Err: fmt.Errorf("the answer is not an operation (no id): %s", excerpt(body, 80))}
	}
	return &op, nil
}

// GetOperation fetches an operation's current state.
func (c *Client) GetOperation(ctx context.Context, id string) (*Operation, error) {
	res, err := c.Invoke(ctx, "get_operation", Call{Args: []any{id}})
	if err != nil {
		return nil, err
	}
	return decodeOperation("get_operation", res.JSON)
}

// OperationLogItem is one entry of a creation operation's log.
type OperationLogItem struct {
	Type    string          `json:"type"`
	Success bool            `json:"success"`
	Input   json.RawMessage `json:"input"`
	Output  json.RawMessage `json:"output"`
}

// UnmarshalJSON reads a log entry in the decoder's one pass.
func (it *OperationLogItem) UnmarshalJSON(b []byte) error { return decodeDocument(b, it) }

func (it *OperationLogItem) decode(d *decoder) error {
	var ignored Extra
	return d.object(&ignored, func(k []byte) (bool, error) {
		switch string(k) {
		case "type":
			return true, d.str(&it.Type)
		case "success":
			return true, d.boolean(&it.Success)
		case "input":
			return true, d.raw(&it.Input)
		case "output":
			return true, d.raw(&it.Output)
		}
		return false, nil
	})
}

// decodeLog reads an operation log: a create of 10k items logs 10k entries.
func decodeLog(b []byte) ([]OperationLogItem, error) {
	log := []OperationLogItem{}
	d := &decoder{b: b}
	isNull, err := d.array(func(int) error {
		var it OperationLogItem
		err := it.decode(d)
		log = append(log, it)
		return err
	})
	if err == nil {
		if d.space(); d.i != len(b) {
			err = d.errorf("unexpected %q after the log", b[d.i])
		}
	}
	if isNull {
		log = nil
	}
	return log, err
}

// GetOperationLog fetches the log of a task, task suite or bonus creation.
func (c *Client) GetOperationLog(ctx context.Context, id string) ([]OperationLogItem, error) {
	res, err := c.Invoke(ctx, "get_operation_log", Call{Args: []any{id}})
	if err != nil {
		return nil, err
	}
	log, err := decodeLog(res.JSON)
	if err != nil {
		return nil, &DecodeError{Method: "get_operation_log", Err: err}
	}
	return log, nil
}

// WaitOption changes how WaitOperation waits.
type WaitOption func(*waitConfig)

type waitConfig struct {
	timeout  time.Duration
	progress func(*Operation)
}

// WaitTimeout bounds the wait (default 10 minutes).
func WaitTimeout(d time.Duration) WaitOption { return func(w *waitConfig) { w.timeout = d } }

// WaitProgress is called with every polled state.
func WaitProgress(f func(*Operation)) WaitOption { return func(w *waitConfig) { w.progress = f } }

// WaitOperation polls op until it ends (SUCCESS or FAIL) and returns its final
// state. It does not treat FAIL as an error; callers decide. A poll that fails
// is retried by the transport; the wait ends only at its timeout or with ctx.
func (c *Client) WaitOperation(ctx context.Context, op *Operation, opts ...WaitOption) (*Operation, error) {
	w := waitConfig{timeout: 10 * time.Minute}
	for _, o := range opts {
		o(&w)
	}
	return c.wait(withTopLevel(ctx, "wait_operation"), op, w)
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
			res, err := c.do(ctx, &request{method: "get_operation", verb: "GET", path: "/api/v1/operations/" + op.ID, safe: true})
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
		if d, err := parseDuration(v); err == nil && d > 0 {
			w.timeout = d
		}
	}
	return w
}

// parseDuration accepts "5m", "90s", or a number of milliseconds (JS style) or seconds (float).
func parseDuration(v any) (time.Duration, error) {
	switch x := v.(type) {
	case time.Duration:
		return x, nil
	case string:
		return time.ParseDuration(x)
	case float64:
		return time.Duration(x * float64(time.Millisecond)), nil
	case int:
		return time.Duration(x) * time.Millisecond, nil
	case int64:
		return time.Duration(x) * time.Millisecond, nil
	case json.Number:
		f, err := x.Float64()
		return time.Duration(f * float64(time.Millisecond)), err
	case json.RawMessage:
		var s any
		d := json.NewDecoder(bytes.NewReader(x))
		d.UseNumber()
		if err := d.Decode(&s); err != nil {
			return 0, err
		}
		return parseDuration(s)
	}
	return 0, fmt.Errorf("not a duration: %v", v)
}

// startOperation sends the request of an async row and decodes the operation;
// a 204 (already in the wanted state) gives nil.
func (c *Client) startOperation(ctx context.Context, ep *Endpoint, a *args) (*Operation, error) {
	r, err := a.request(ep)
	if err != nil {
		return nil, err
	}
	res, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if res.status == http.StatusNoContent || len(bytes.TrimSpace(res.body)) == 0 {
		return nil, nil
	}
	return decodeOperation(ep.Name, res.body)
}

// syncStateChange runs the async variant, waits, raises on FAIL and fetches the object.
func (c *Client) syncStateChange(ctx context.Context, ep *Endpoint, a *args) (*Result, error) {
	asyncEp, _ := Lookup(ep.Async)
	op, err := c.startOperation(ctx, &asyncEp, a)
	if err != nil {
		return nil, err
	}
	if op != nil {
		op, err = c.wait(ctx, op, a.waitConfig(10*time.Minute))
		if err != nil {
			return nil, err
		}
		if op.Status == OperationFail {
			return nil, &OperationFailedError{Method: ep.Name, Operation: op}
		}
	}
	var path string
	switch ep.Name {
	case "clone_pool":
		path = "/api/v1/pools/" + jsonField(op.Details, "pool_id")
	case "clone_training":
		path = "/api/v1/trainings/" + jsonField(op.Details, "training_id")
	case "archive_project":
		id := a.path["project_id"]
		if op != nil {
			if p := jsonField(op.Parameters, "project_id"); p != "" {
				id = p
			}
		}
		path = "/api/v1/projects/" + id
	default:
		// open/close/archive of pools and trainings: re-read the object.
		path = asyncEp.Path[:len("/api/v1/")] + pathCollection(asyncEp.Path) + "/" + a.path[ep.Args[0].Name]
	}
	if op == nil && (ep.Name == "clone_pool" || ep.Name == "clone_training") {
		return nil, &DecodeError{Method: ep.Name, Err: fmt.Errorf("the server started no clone operation")}
	}
	get := map[string]string{"pools": "get_pool", "trainings": "get_training", "projects": "get_project"}[pathCollection(path)]
	res, err := c.do(ctx, &request{method: get, verb: "GET", path: path, safe: true})
	if err != nil {
		return nil, err
	}
	if err := checkJSONAnswer(get, res); err != nil {
		return nil, err
	}
	return &Result{JSON: res.body}, nil
}

// pathCollection returns "pools" for "/api/v1/pools/…".
func pathCollection(path string) string {
	rest := path[len("/api/v1/"):]
	if i := bytes.IndexByte([]byte(rest), '/'); i >= 0 {
		return rest[:i]
	}
	return rest
}

func init() {
	handlers["wait_operation"] = func(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
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
