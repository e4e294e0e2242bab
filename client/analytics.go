package client

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// AnalyticsValue is one answer of a pool analytics request: the metric's
// name, its result as the server wrote it, and when it was computed.
type AnalyticsValue struct {
	Name     string
	Result   json.RawMessage
	Finished Timestamp
}

// Int reads a count (submitted_assignments_count, real_tasks_count, …), or
// the value of an object result such as completion_percentage's {value: 42}.
func (v AnalyticsValue) Int() (int, error) {
	var n json.Number
	if err := json.Unmarshal(v.Result, &n); err == nil {
		if i, err := strconv.Atoi(n.String()); err == nil {
			return i, nil
		}
		f, err := n.Float64()
		return int(f), err
	}
	var obj struct {
		Value json.Number `json:"value"`
	}
	if err := json.Unmarshal(v.Result, &obj); err != nil || obj.Value == "" {
		return 0, fmt.Errorf("analytics %s: %s is not a number", v.Name, excerpt(v.Result, 60))
	}
	f, err := obj.Value.Float64()
	return int(f), err
}

// Decimal reads a money result (spent_budget) with its digits as sent.
func (v AnalyticsValue) Decimal() (Decimal, error) {
	var d Decimal
	if err := d.UnmarshalJSON(v.Result); err != nil {
		return Decimal{}, fmt.Errorf("analytics %s: %w", v.Name, err)
	}
	return d, nil
}

// PoolAnalytics computes pool metrics (completion_percentage,
// submitted_assignments_count, spent_budget, …; at most ten) with one
// get_analytics operation and waits for it: what toloka-kit's metrics and
// its notebooks' wait_pool_for_close do by hand. The values come back in the
// order asked.
func (c *Client) PoolAnalytics(ctx context.Context, poolID string, names ...string) ([]AnalyticsValue, error) {
	reqs := make([]*AnalyticsRequest, len(names))
	for i, n := range names {
		reqs[i] = &AnalyticsRequest{Subject: AnalyticsRequestSubjectPool, SubjectID: poolID, Name: n}
	}
	return c.Analytics(ctx, reqs...)
}

// Analytics runs get_analytics for reqs, waits for the operation and returns
// its values in the order asked.
func (c *Client) Analytics(ctx context.Context, reqs ...*AnalyticsRequest) ([]AnalyticsValue, error) {
	op, err := c.GetAnalytics(ctx, reqs)
	if err != nil {
		return nil, err
	}
	op, err = c.WaitOperation(ctx, op, WaitFor(5*time.Minute))
	if err != nil {
		return nil, err
	}
	if op.Status != OperationSuccess {
		return nil, &OperationFailedError{Operation: op}
	}
	if op.Details == nil {
		return nil, &DecodeError{Method: "get_analytics", Err: fmt.Errorf("the operation has no details")}
	}
	out := make([]AnalyticsValue, 0, len(op.Details.Value))
	for _, v := range op.Details.Value {
		if v == nil {
			continue
		}
		var name string
		if v.Request != nil {
			name = v.Request.Name
		}
		out = append(out, AnalyticsValue{Name: name, Result: v.Result, Finished: v.Finished})
	}
	if len(out) != len(reqs) {
		return nil, &DecodeError{Method: "get_analytics", Err: fmt.Errorf("asked for %d metrics, got %d", len(reqs), len(out))}
	}
	return out, nil
}
