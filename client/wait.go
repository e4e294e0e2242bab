package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// StatusWait says what WaitPool, WaitTraining, WaitAppProject and
// WaitAppBatch wait for. The zero value waits, without a time limit, for
// the object's usual end: a pool or training CLOSED, an App project READY,
// an App batch COMPLETED.
type StatusWait struct {
	Status   []string      // the statuses that end the wait
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

// WaitPool polls a pool until its status is one of w.Status (default
// CLOSED) and returns it then. An ARCHIVED pool ends the wait with an error
// unless ARCHIVED is waited for.
func (c *Client) WaitPool(ctx context.Context, poolID string, w StatusWait) (*Pool, error) {
	var pool *Pool
	get := func(ctx context.Context) (string, error) {
		p, err := c.GetPool(ctx, poolID)
		if err != nil {
			return "", err
		}
		pool = p
		return p.Status, nil
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
	err := c.waitStatus(withTopLevel(ctx, "wait_pool"), "pool", poolID, w, []string{PoolClosed}, []string{PoolArchived}, get, percent)
	return pool, err
}

// WaitTraining polls a training until its status is one of w.Status
// (default CLOSED).
func (c *Client) WaitTraining(ctx context.Context, trainingID string, w StatusWait) (*Training, error) {
	var tr *Training
	get := func(ctx context.Context) (string, error) {
		t, err := c.GetTraining(ctx, trainingID)
		if err != nil {
			return "", err
		}
		tr = t
		return t.Status, nil
	}
	err := c.waitStatus(withTopLevel(ctx, "wait_training"), "training", trainingID, w, []string{"CLOSED"}, []string{"ARCHIVED"}, get, nil)
	return tr, err
}

// WaitAppProject polls an App project until its status is one of w.Status
// (default READY); ERROR and ARCHIVED end the wait with an error otherwise.
func (c *Client) WaitAppProject(ctx context.Context, appProjectID string, w StatusWait) (*AppProject, error) {
	var ap *AppProject
	get := func(ctx context.Context) (string, error) {
		p, err := c.GetAppProject(ctx, appProjectID)
		if err != nil {
			return "", err
		}
		ap = p
		return p.Status, nil
	}
	err := c.waitStatus(withTopLevel(ctx, "wait_app_project"), "App project", appProjectID, w, []string{"READY"}, []string{"ERROR", "ARCHIVED"}, get, nil)
	return ap, err
}

// WaitAppBatch polls an App batch until its status is one of w.Status
// (default COMPLETED); ERROR, CANCELLED, NO_MONEY, ARCHIVE and STOPPED end
// the wait with an error otherwise. Progress gets the share of its items
// processed.
func (c *Client) WaitAppBatch(ctx context.Context, appProjectID, batchID string, w StatusWait) (*AppBatch, error) {
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
	err := c.waitStatus(withTopLevel(ctx, "wait_app_batch"), "App batch", batchID, w, []string{"COMPLETED"},
		[]string{"ERROR", "CANCELLED", "NO_MONEY", "ARCHIVE", "STOPPED"}, get, percent)
	return b, err
}

// waitStatus polls get until it reports a wanted status, a final one that
// is not wanted, the timeout or the end of ctx. A poll that fails after the
// transport's retries ends the wait with its error: the object may be gone.
func (c *Client) waitStatus(ctx context.Context, kind, id string, w StatusWait, def, final []string,
	get func(context.Context) (string, error), percent func(context.Context) int) error {
	want := w.Status
	if len(want) == 0 {
		want = def
	}
	interval := w.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	start := time.Now()
	var deadline <-chan time.Time
	if w.Timeout > 0 {
		t := time.NewTimer(w.Timeout)
		defer t.Stop()
		deadline = t.C
	}
	for {
		status, err := get(ctx)
		if err != nil {
			return fmt.Errorf("waiting for %s %s: %w", kind, id, err)
		}
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
		if slices.Contains(want, status) {
			return nil
		}
		if slices.Contains(final, status) {
			return &StatusWaitError{Kind: kind, ID: id, Want: want, Last: status}
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("waiting for %s %s (last %s): %w", kind, id, status, ctx.Err())
		case <-deadline:
			t.Stop()
			return &StatusWaitError{Kind: kind, ID: id, Want: want, Last: status, Timeout: w.Timeout, TimedOut: true}
		case <-t.C:
		}
	}
}
