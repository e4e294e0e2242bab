package client

import (
	"context"
	"encoding/json"
	"fmt"
)

// Operation is a server-side asynchronous job. It keeps the JSON it was decoded
// from, so encoding it gives back exactly what the server sent.
type Operation struct {
	ID         string               `json:"id"`
	Type       OperationType        `json:"type"`
	Status     OperationStatus      `json:"status"` // PENDING, RUNNING, SUCCESS, FAIL (others are kept as is)
	Submitted  string               `json:"submitted,omitempty"`
	Started    string               `json:"started,omitempty"`
	Finished   string               `json:"finished,omitempty"`
	Progress   int                  `json:"progress,omitempty"`
	Parameters *OperationParameters `json:"parameters,omitempty"`
	Details    *OperationDetails    `json:"details,omitempty"`

	raw json.RawMessage
}

// OperationParameters are the parameters of the request that started an
// operation: the object it acts on, or a create's options.
type OperationParameters struct {
	ProjectID        string `json:"project_id,omitempty"`
	PoolID           string `json:"pool_id,omitempty"`
	TrainingID       string `json:"training_id,omitempty"`
	OpenPool         *bool  `json:"open_pool,omitempty"`
	AllowDefaults    *bool  `json:"allow_defaults,omitempty"`
	SkipInvalidItems *bool  `json:"skip_invalid_items,omitempty"`
	Extra            Extra  `json:"-"`
}

// OperationDetails are what a finished operation reports: the copy a clone
// made, a create's counts, an analytics operation's values.
type OperationDetails struct {
	PoolID        string             `json:"pool_id,omitempty"`     // POOL.CLONE: the new pool
	TrainingID    string             `json:"training_id,omitempty"` // TRAINING.CLONE: the new training
	ItemsCount    *int               `json:"items_count,omitempty"`
	TotalCount    *int               `json:"total_count,omitempty"`
	ValidCount    *int               `json:"valid_count,omitempty"`
	NotValidCount *int               `json:"not_valid_count,omitempty"`
	SuccessCount  *int               `json:"success_count,omitempty"`
	FailedCount   *int               `json:"failed_count,omitempty"`
	Value         []*AnalyticsResult `json:"value,omitempty"` // ANALYTICS: one per metric asked for
	Extra         Extra              `json:"-"`
}

// AnalyticsResult is one metric an ANALYTICS operation computed.
type AnalyticsResult struct {
	Request *AnalyticsRequest `json:"request,omitempty"`
	// Result is the metric's value: a number for most, an object for some
	// (its shape is the metric's), so it is kept as the JSON it came as.
	Result   json.RawMessage `json:"result,omitempty"`
	Finished Timestamp       `json:"finished,omitempty"`
	Extra    Extra           `json:"-"`
}

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

// GetOperation gets an operation by id: its current state.
// toloka-kit: get_operation, GET /api/v1/operations/{operation_id}.
func (c *Client) GetOperation(ctx context.Context, id string, opts ...CallOption) (*Operation, error) {
	res, err := c.Invoke(ctx, "get_operation", newCall(opts, id))
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

// GetOperationLog gets the log of a task, task suite or bonus creation.
// toloka-kit: get_operation_log, GET /api/v1/operations/{operation_id}/log.
func (c *Client) GetOperationLog(ctx context.Context, id string, opts ...CallOption) ([]OperationLogItem, error) {
	res, err := c.Invoke(ctx, "get_operation_log", newCall(opts, id))
	if err != nil {
		return nil, err
	}
	log, err := decodeLog(res.JSON)
	if err != nil {
		return nil, &DecodeError{Method: "get_operation_log", Err: err}
	}
	return log, nil
}
