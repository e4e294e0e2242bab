package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
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
	return c.waitOperation(ctx, op, w)
}

// firstPoll is how soon an operation wait first asks; the interval then
// doubles up to the client's poll interval (20, 40, 80 ms, …). An operation
// that ended while its POST was still answering costs one early GET, not an
// idle tenth of a second per batch.
const firstPoll = 20 * time.Millisecond

// waitOperation polls op until it ends. Most operations end within a second
// or two: it polls soon, then backs off to the configured interval, so a
// short operation costs a short wait and a long one costs no more requests
// than polling at the interval would. A poll that fails once the transport's
// retries are spent is tried again until the timeout: the operation is
// probably still running.
func (c *Client) waitOperation(ctx context.Context, op *Operation, w waitConfig) (*Operation, error) {
	if op == nil || op.ID == "" {
		return nil, &ArgError{Method: "wait_operation", Param: "op", Want: "an operation with an id", Got: "nothing"}
	}
	if op.Done() {
		return op, nil
	}
	if w.timeout <= 0 {
		w.timeout = 10 * time.Minute
	}
	pace := pacing{timeout: w.timeout, first: min(firstPoll, c.cfg.pollInterval), every: c.cfg.pollInterval}
	current := op.Status != "" // the state given is fresh: the first poll can wait an interval
	timedOut, err := pace.poll(ctx, func(ctx context.Context) (bool, error) {
		if current {
			current = false
			return false, nil
		}
		res, err := c.step(ctx, "get_operation", nil, op.ID)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return false, err
			}
			c.cfg.logger.Info("toloka wait: poll failed, will poll again", "operation", op.ID, "error", err.Error())
		} else {
			next, err := decodeOperation("get_operation", res.body)
			if err != nil {
				return false, err
			}
			op = next
		}
		if w.progress != nil {
			w.progress(op)
		}
		return op.Done(), nil
	})
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return op, fmt.Errorf("waiting for operation %s (it goes on on the server; check it with get_operation): %w", op.ID, err)
	case err != nil:
		return op, err
	case timedOut:
		return op, &WaitTimeoutError{Operation: op, Timeout: w.timeout.String()}
	}
	return op, nil
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

// runWaitOperation is wait_operation's logic: it waits for the operation
// given as the op argument.
func runWaitOperation(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	op, err := operationArg(ep, a.local["op"])
	if err != nil {
		return nil, err
	}
	op, err = c.waitOperation(ctx, op, a.waitConfig(10*time.Minute))
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

// StatusWait says how WaitPool, WaitTraining, WaitAppProject and
// WaitAppBatch poll. The zero value polls every 5 seconds without a time
// limit. The statuses that end a wait are the methods' own arguments, typed
// as the object's status is; none given waits for the object's usual end: a
// pool or training CLOSED, an App project READY, an App batch COMPLETED.
type StatusWait struct {
	Timeout  time.Duration // 0: no limit (pools run for hours or days)
	Interval time.Duration // between polls; 0 means 5 s
	// Progress, when set, is called after every poll. For pools it also
	// gets the completion percentage from the pool's analytics, which costs
	// an analytics operation a poll; elsewhere Percent is -1.
	Progress func(WaitState)
}

// WaitState is what a status wait saw at one poll.
type WaitState struct {
	Status  string
	Percent int // 0..100, or -1 when unknown
	Elapsed time.Duration
}

// StatusWaitError says a status wait ended without the status it waited for:
// the time limit passed (Timeout true) or the object reached a status it
// cannot leave for the one wanted (an App batch in ERROR).
type StatusWaitError struct {
	Kind, ID string   // "pool", "123"
	Want     []string // the statuses waited for
	Last     string   // the status last seen
	Timeout  time.Duration
	TimedOut bool
}

func (e *StatusWaitError) Error() string {
	want := strings.Join(e.Want, " or ")
	if e.TimedOut {
		return fmt.Sprintf("%s %s is still %s after %v of waiting for %s", e.Kind, e.ID, e.Last, e.Timeout, want)
	}
	return fmt.Sprintf("%s %s is %s and will not become %s", e.Kind, e.ID, e.Last, want)
}

// ErrStatusWait matches every *StatusWaitError with errors.Is.
var ErrStatusWait = errors.New("status wait failed")

func (e *StatusWaitError) Is(target error) bool { return target == ErrStatusWait }

// WaitPool waits until a pool's status is one of until (CLOSED when none is
// given) and returns the pool then:
//
//	pool, err := c.WaitPool(ctx, poolID, client.StatusWait{Timeout: time.Hour}, client.PoolClosed)
//
// An ARCHIVED pool ends the wait with a *StatusWaitError unless ARCHIVED is
// waited for; so does the timeout.
func (c *Client) WaitPool(ctx context.Context, poolID string, w StatusWait, until ...PoolStatus) (*Pool, error) {
	var pool *Pool
	get := func(ctx context.Context) (string, error) {
		p, err := c.GetPool(ctx, poolID)
		if err != nil {
			return "", err
		}
		pool = p
		return string(p.Status), nil
	}
	percent := func(ctx context.Context) int {
		v, err := c.PoolAnalytics(ctx, poolID, "completion_percentage")
		if err != nil {
			return -1
		}
		n, err := v[0].Int()
		if err != nil {
			return -1
		}
		return n
	}
	err := c.waitStatus(withTopLevel(ctx, "wait_pool"), "pool", poolID, w, statusNames(until, PoolClosed),
		[]string{string(PoolArchived)}, get, percent)
	return pool, err
}

// WaitTraining waits until a training's status is one of until (CLOSED
// when none is given) and returns the training then.
func (c *Client) WaitTraining(ctx context.Context, trainingID string, w StatusWait, until ...TrainingStatus) (*Training, error) {
	var tr *Training
	get := func(ctx context.Context) (string, error) {
		t, err := c.GetTraining(ctx, trainingID)
		if err != nil {
			return "", err
		}
		tr = t
		return string(t.Status), nil
	}
	err := c.waitStatus(withTopLevel(ctx, "wait_training"), "training", trainingID, w, statusNames(until, TrainingClosed),
		[]string{string(TrainingArchived)}, get, nil)
	return tr, err
}

// WaitAppProject waits until an App project's status is one of until
// (READY when none is given); ERROR and ARCHIVED end the wait with a
// *StatusWaitError otherwise.
func (c *Client) WaitAppProject(ctx context.Context, appProjectID string, w StatusWait, until ...string) (*AppProject, error) {
	var ap *AppProject
	get := func(ctx context.Context) (string, error) {
		p, err := c.GetAppProject(ctx, appProjectID)
		if err != nil {
			return "", err
		}
		ap = p
		return p.Status, nil
	}
	err := c.waitStatus(withTopLevel(ctx, "wait_app_project"), "App project", appProjectID, w, statusNames(until, "READY"),
		[]string{"ERROR", "ARCHIVED"}, get, nil)
	return ap, err
}

// WaitAppBatch waits until an App batch's status is one of until
// (COMPLETED when none is given); ERROR, CANCELLED, NO_MONEY, ARCHIVE and
// STOPPED end the wait with a *StatusWaitError otherwise. Progress gets the
// share of its items processed.
func (c *Client) WaitAppBatch(ctx context.Context, appProjectID, batchID string, w StatusWait, until ...string) (*AppBatch, error) {
	var b *AppBatch
	get := func(ctx context.Context) (string, error) {
		x, err := c.GetAppBatch(ctx, appProjectID, batchID)
		if err != nil {
			return "", err
		}
		b = x
		return x.Status, nil
	}
	percent := func(context.Context) int {
		if b == nil || b.ItemsCount == nil || *b.ItemsCount == 0 || b.ItemsProcessedCount == nil {
			return -1
		}
		return 100 * *b.ItemsProcessedCount / *b.ItemsCount
	}
	err := c.waitStatus(withTopLevel(ctx, "wait_app_batch"), "App batch", batchID, w, statusNames(until, "COMPLETED"),
		[]string{"ERROR", "CANCELLED", "NO_MONEY", "ARCHIVE", "STOPPED"}, get, percent)
	return b, err
}

// statusNames are the statuses a wait ends at, as the server writes them:
// until, or def when until is empty.
func statusNames[S ~string](until []S, def S) []string {
	if len(until) == 0 {
		until = []S{def}
	}
	out := make([]string, len(until))
	for i, s := range until {
		out[i] = string(s)
	}
	return out
}

// waitStatus polls get until it reports a wanted status, a final one that
// is not wanted, the timeout or the end of ctx. A poll that fails after the
// transport's retries ends the wait with its error: the object may be gone.
func (c *Client) waitStatus(ctx context.Context, kind, id string, w StatusWait, want, final []string,
	get func(context.Context) (string, error), percent func(context.Context) int) error {
	interval := w.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	start := time.Now()
	var status string
	pace := pacing{timeout: w.Timeout, first: interval, every: interval}
	timedOut, err := pace.poll(ctx, func(ctx context.Context) (bool, error) {
		s, err := get(ctx)
		if err != nil {
			return false, err
		}
		status = s
		if w.Progress != nil {
			pct := -1
			switch {
			case slices.Contains(want, status) && percent != nil:
				pct = 100
			case percent != nil:
				pct = percent(ctx)
			}
			w.Progress(WaitState{Status: status, Percent: pct, Elapsed: time.Since(start)})
		}
		return slices.Contains(want, status) || slices.Contains(final, status), nil
	})
	switch {
	case err != nil && status == "":
		return fmt.Errorf("waiting for %s %s: %w", kind, id, err)
	case err != nil:
		return fmt.Errorf("waiting for %s %s (last %s): %w", kind, id, status, err)
	case timedOut:
		return &StatusWaitError{Kind: kind, ID: id, Want: want, Last: status, Timeout: w.Timeout, TimedOut: true}
	case !slices.Contains(want, status):
		return &StatusWaitError{Kind: kind, ID: id, Want: want, Last: status}
	}
	return nil
}

// pacing is how often a wait polls and for how long.
type pacing struct {
	timeout time.Duration // 0: no limit
	first   time.Duration // the first interval; each next one doubles, up to every
	every   time.Duration
}

// poll calls check at once and then after each interval, until check says
// it is done or fails, ctx ends (its error) or the timeout passes
// (timedOut). The last interval is cut short to end at the timeout, so the
// last poll sees the state at the end of the wait.
func (p pacing) poll(ctx context.Context, check func(context.Context) (done bool, err error)) (timedOut bool, err error) {
	var deadline time.Time
	if p.timeout > 0 {
		deadline = time.Now().Add(p.timeout)
	}
	interval := p.first
	for {
		done, err := check(ctx)
		if done || err != nil {
			return false, err
		}
		d := interval
		if !deadline.IsZero() {
			left := time.Until(deadline)
			if left <= 0 {
				return true, nil
			}
			d = min(d, left)
		}
		interval = min(2*interval, p.every)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return false, ctx.Err()
		case <-t.C:
		}
	}
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
