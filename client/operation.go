package client

import (
	"context"
	"encoding/json"
	"fmt"
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
