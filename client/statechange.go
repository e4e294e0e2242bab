package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// startOperation sends the request of an async row and decodes the operation;
// a 204 (already in the wanted state) gives nil.
func (c *Client) startOperation(ctx context.Context, ep *Endpoint, a *args) (*Operation, error) {
	res, err := c.send(ctx, ep, a)
	if err != nil {
		return nil, err
	}
	if res.status == http.StatusNoContent || len(bytes.TrimSpace(res.body)) == 0 {
		return nil, nil
	}
	return decodeOperation(ep.Name, res.body)
}

// runStateChange carries out a sync state change (open_pool, clone_pool,
// archive_project, …): it sends the request of the row's Async row, waits
// for the operation, fails if the operation did, and reads the result back
// as the row's ReadBack says.
func runStateChange(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	async, _ := Lookup(ep.Async)
	op, err := c.startOperation(ctx, &async, a)
	if err != nil {
		return nil, err
	}
	if op != nil {
		if op, err = c.waitOperation(ctx, op, a.waitConfig(10*time.Minute)); err != nil {
			return nil, err
		}
		if op.Status == OperationFail {
			return nil, &OperationFailedError{Method: ep.Name, Operation: op}
		}
	}
	return c.readBack(ctx, ep, a, op)
}

// sendThenReadBack sends the row's request, then reads the result back as
// the row's ReadBack says (archive_app_project: get_app_project).
func sendThenReadBack(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	if _, err := c.send(ctx, ep, a); err != nil {
		return nil, err
	}
	return c.readBack(ctx, ep, a, nil)
}

// readBack reads a method's result with the get its row's ReadBack names.
// op is the operation the method waited for, nil if it started none.
func (c *Client) readBack(ctx context.Context, ep *Endpoint, a *args, op *Operation) (*Result, error) {
	rb := ep.ReadBack
	id, err := rb.id(a, op)
	if err != nil {
		return nil, &DecodeError{Method: ep.Name, Err: err}
	}
	res, err := c.step(ctx, rb.Method, nil, id)
	if err != nil {
		return nil, err
	}
	if err := checkJSONAnswer(rb.Method, res); err != nil {
		return nil, err
	}
	return &Result{JSON: res.body}, nil
}

// id finds the id of the object to read back (see ReadBack.ID).
func (rb *ReadBack) id(a *args, op *Operation) (string, error) {
	from, name, inOp := strings.Cut(rb.ID, ".")
	if !inOp {
		return a.path[rb.ID], nil
	}
	if op != nil {
		var obj []byte
		if from == "parameters" && op.Parameters != nil {
			obj, _ = json.Marshal(op.Parameters)
		} else if from == "details" && op.Details != nil {
			obj, _ = json.Marshal(op.Details)
		}
		if id := jsonField(obj, name); id != "" {
			return id, nil
		}
	}
	if id := a.path[name]; from == "parameters" && id != "" {
		return id, nil // the operation's parameters are the call's arguments
	}
	if op == nil {
		return "", fmt.Errorf("the server started no operation, so there is no %s to read the result by", rb.ID)
	}
	return "", fmt.Errorf("operation %s has no %s to read the result by", op.ID, rb.ID)
}
