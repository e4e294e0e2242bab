package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// newOperationID returns a random UUID v4.
func newOperationID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// ensureOperationID makes the request idempotent: the same id is sent on every retry.
func (a *args) ensureOperationID() string {
	if id := a.query.Get("operation_id"); id != "" {
		return id
	}
	id := newOperationID()
	a.query.Set("operation_id", id)
	return id
}

func createAsync(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	a.query.Set("async_mode", "true")
	op, err := c.submitCreate(ctx, ep, a)
	return &Result{Operation: op}, err
}

// submitCreate posts a create with an operation id; if a retried POST had
// already reached the server (OPERATION_ALREADY_EXISTS), it carries on with the
// operation the first one started.
func (c *Client) submitCreate(ctx context.Context, ep *Endpoint, a *args) (*Operation, error) {
	opID := a.ensureOperationID()
	res, err := c.send(ctx, ep, a)
	if err == nil {
		return decodeOperation(ep.Name, res.body)
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "OPERATION_ALREADY_EXISTS" {
		return nil, err
	}
	op, gerr := c.GetOperation(ctx, opID)
	if gerr != nil {
		return nil, fmt.Errorf("%w (and reading the existing operation %s failed: %v)", err, opID, gerr)
	}
	if string(op.Type) != ep.Create.Operation {
		return nil, err
	}
	if op.Status == OperationFail {
		return nil, &OperationFailedError{Method: ep.Name, Operation: op}
	}
	c.cfg.logger.Info("toloka create: operation already exists, carrying on with it", "method", ep.Name, "operation", opID)
	return op, nil
}

func createSync(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	cr := ep.Create
	batch := strings.HasSuffix(ep.Args[0].Type, "[]")
	if batch {
		if items, err := splitArray(a.body); err == nil && len(items) > c.cfg.batchSize {
			return createBatches(ctx, c, ep, a, items)
		}
	}
	a.ensureOperationID()
	if a.query.Get("async_mode") == "false" {
		res, err := c.send(ctx, ep, a)
		if err != nil {
			return nil, err
		}
		return &Result{JSON: res.body}, nil
	}
	a.query.Set("async_mode", "true")
	tagged, err := tagItemIndexes(a.body, batch)
	if err != nil {
		return nil, &ArgError{Method: ep.Name, Param: ep.Args[0].Name, Want: describeType(ep.Args[0].Type), Got: err.Error()}
	}
	a.body = tagged
	op, err := c.submitCreate(ctx, ep, a)
	if err != nil {
		return nil, err
	}
	if op, err = c.waitOperation(ctx, op, a.waitConfig(60*time.Minute)); err != nil {
		return nil, err
	}
	res, err := c.step(ctx, "get_operation_log", nil, op.ID)
	if err != nil {
		return nil, err
	}
	log, err := decodeLog(res.body)
	if err != nil {
		return nil, &DecodeError{Method: "get_operation_log", Err: err}
	}
	created := map[int]string{}
	failed := map[int]json.RawMessage{}
	pools := map[string][]string{}
	var poolOrder []string // pools in the order the log names them, so requests are deterministic
	for _, entry := range log {
		var index []byte
		var poolID string
		_ = eachMember(entry.Input, func(k, v []byte) bool {
			switch string(k) {
			case "__item_idx":
				index = v
			case "pool_id":
				poolID, _ = idString(json.RawMessage(v))
			}
			return true
		})
		if len(index) == 0 {
			continue // entries about the pool itself (POOL_OPEN) carry no index
		}
		s, err := idString(json.RawMessage(index))
		i, err2 := strconv.Atoi(s)
		if err != nil || err2 != nil {
			continue
		}
		if !entry.Success {
			failed[i] = entry.Output
			continue
		}
		newID := jsonField(entry.Output, cr.IDField)
		if newID == "" {
			return nil, &DecodeError{Method: "get_operation_log", Err: fmt.Errorf("entry %d has no %s", i, cr.IDField)}
		}
		created[i] = newID
		if _, seen := pools[poolID]; !seen {
			poolOrder = append(poolOrder, poolID)
		}
		pools[poolID] = append(pools[poolID], newID)
	}
	if len(created) == 0 {
		if len(failed) > 0 {
			payload, _ := json.Marshal(indexMap(failed))
			return nil, &APIError{Code: "VALIDATION_ERROR", Message: "Validation failed", Payload: payload, Method: ep.Name}
		}
		if op.Status == OperationFail {
			return nil, &OperationFailedError{Method: ep.Name, Operation: op}
		}
		return nil, &DecodeError{Method: ep.Name, Err: fmt.Errorf("operation %s ended %s but its log names nothing created", op.ID, op.Status)}
	}
	if !batch {
		for _, id := range created {
			res, err := c.step(ctx, cr.ReadBack, nil, id)
			if err != nil {
				return nil, err
			}
			return &Result{JSON: res.body}, nil
		}
	}
	objects, err := c.fetchCreated(ctx, cr, poolOrder, pools)
	if err != nil {
		return nil, err
	}
	items := map[int]json.RawMessage{}
	for i, id := range created {
		obj, ok := objects[id]
		if !ok {
			return nil, fmt.Errorf("%s: created object %s (input %d) was not found when reading it back", ep.Name, id, i)
		}
		items[i] = obj
	}
	if a.batch != nil {
		a.batch.created, a.batch.failed = items, failed
		return &Result{}, nil
	}
	return &Result{JSON: batchResult(items, failed)}, nil
}

// batchResult writes a batch create's answer: {"items": {...}, "validation_errors": {...}}
// keyed by input index, as the server answers a sync-mode create.
func batchResult(created, failed map[int]json.RawMessage) json.RawMessage {
	items := indexObject(created)
	var errs []byte
	if len(failed) > 0 {
		errs = indexObject(failed)
	}
	out := make([]byte, 0, len(items)+len(errs)+32)
	out = append(out, `{"items":`...)
	out = append(out, items...)
	if errs != nil {
		out = append(out, `,"validation_errors":`...)
		out = append(out, errs...)
	}
	return append(out, '}')
}

// fetchCreated reads back created objects by id range, per pool when they have one.
func (c *Client) fetchCreated(ctx context.Context, cr *Creation, order []string, pools map[string][]string) (map[string]json.RawMessage, error) {
	want := map[string]bool{}
	out := map[string]json.RawMessage{}
	groups := pools
	if !cr.ByPool {
		var all []string
		for _, p := range order {
			all = append(all, pools[p]...)
		}
		groups, order = map[string][]string{"": all}, []string{""}
	}
	for _, pool := range order {
		ids := groups[pool]
		for _, id := range ids {
			want[id] = true
		}
		lo, hi := ids[0], ids[0]
		for _, id := range ids {
			lo, hi = min(lo, id), max(hi, id)
		}
		opts := map[string]any{"id_gte": lo, "id_lte": hi}
		if len(ids) > 50 {
			// Read back in pages as large as the batch (up to 10k): the server's
			// default page of 50 would take 200 requests for a batch of 10k.
			// (toloka-kit leaves the default, which small batches keep.)
			opts["batch_size"] = min(len(ids), 10_000)
		}
		if cr.ByPool && pool != "" {
			opts["pool_id"] = pool
		}
		// Unchecked: every object read back is decoded, or parsed by the
		// caller, before anyone uses it.
		for raw, err := range c.rawItems(ctx, cr.ReadBack, Call{Options: opts}, false) {
			if err != nil {
				return nil, err
			}
			id, err := cursorValue(raw, "id")
			if err == nil && want[id] {
				out[id] = raw
			}
		}
	}
	return out, nil
}

// tagItemIndexes adds "__item_idx": "<i>" to each item (or to the one object),
// which the server echoes in the operation log so results can be keyed by input index.
func tagItemIndexes(body json.RawMessage, batch bool) (json.RawMessage, error) {
	if !batch {
		var out bytes.Buffer
		if err := tagOne(&out, body, 0); err != nil {
			return nil, err
		}
		return out.Bytes(), nil
	}
	items, err := splitArray(body)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(body) + 24*len(items))
	out.WriteByte('[')
	for i, item := range items {
		if i > 0 {
			out.WriteByte(',')
		}
		if err := tagOne(&out, item, i); err != nil {
			return nil, fmt.Errorf("item %d: %v", i, err)
		}
	}
	out.WriteByte(']')
	return out.Bytes(), nil
}

func tagOne(out *bytes.Buffer, obj json.RawMessage, i int) error {
	t := bytes.TrimSpace(obj)
	if len(t) < 2 || t[0] != '{' {
		return fmt.Errorf("%s, not an object", jsonKind(t))
	}
	inner := bytes.TrimSpace(t[1 : len(t)-1])
	out.WriteByte('{')
	out.Write(inner)
	if len(inner) > 0 {
		out.WriteByte(',')
	}
	out.WriteString(`"__item_idx":"`)
	out.WriteString(strconv.Itoa(i))
	out.WriteString(`"}`)
	return nil
}

func indexMap(m map[int]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		out[strconv.Itoa(k)] = v
	}
	return out
}

// indexObject writes {"0": …, "1": …} in numeric order of the input indexes.
func indexObject(m map[int]json.RawMessage) []byte {
	keys := make([]int, 0, len(m))
	size := 2
	for k, v := range m {
		keys = append(keys, k)
		size += len(v) + 16 // "index": and a comma
	}
	sort.Ints(keys)
	out := make([]byte, 0, size) // sized once: a 100k-task answer is tens of megabytes
	out = append(out, '{')
	for n, k := range keys {
		if n > 0 {
			out = append(out, ',')
		}
		out = append(out, '"')
		out = strconv.AppendInt(out, int64(k), 10)
		out = append(out, '"', ':')
		out = append(out, m[k]...)
	}
	return append(out, '}')
}
