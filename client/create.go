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
	if batch && a.batch == nil { // a batch of createBatches is no longer than the batch size
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
	if a.batch == nil || !a.batch.tagged {
		tagged, err := tagItemIndexes(a.body, batch)
		if err != nil {
			return nil, &ArgError{Method: ep.Name, Param: ep.Args[0].Name, Want: describeType(ep.Args[0].Type), Got: err.Error()}
		}
		a.body = tagged
	}
	op, err := c.submitCreate(ctx, ep, a)
	if err != nil {
		return nil, err
	}
	a.body = nil // sent: the objects read back are what is kept
	if op, err = c.waitOperation(ctx, op, a.waitConfig(60*time.Minute)); err != nil {
		return nil, err
	}
	res, err := c.step(ctx, "get_operation_log", nil, op.ID)
	if err != nil {
		return nil, err
	}
	made, err := readCreateLog(res.body, cr.IDField)
	if err != nil {
		return nil, &DecodeError{Method: "get_operation_log", Err: err}
	}
	res = nil
	if made.count == 0 {
		if len(made.failed) > 0 {
			payload, _ := json.Marshal(indexMap(made.failed))
			return nil, &APIError{Code: "VALIDATION_ERROR", Message: "Validation failed", Payload: payload, Method: ep.Name}
		}
		if op.Status == OperationFail {
			return nil, &OperationFailedError{Method: ep.Name, Operation: op}
		}
		return nil, &DecodeError{Method: ep.Name, Err: fmt.Errorf("operation %s ended %s but its log names nothing created", op.ID, op.Status)}
	}
	if !batch {
		for _, id := range made.ids {
			if id == "" {
				continue
			}
			res, err := c.step(ctx, cr.ReadBack, nil, id)
			if err != nil {
				return nil, err
			}
			return &Result{JSON: res.body}, nil
		}
	}
	items, err := c.fetchCreated(ctx, ep.Name, cr, made)
	if err != nil {
		return nil, err
	}
	if a.batch != nil {
		a.batch.created, a.batch.failed = items, made.failed
		return &Result{}, nil
	}
	return batchAnswer(a, items, made.failed), nil
}

// createLog is what a create's operation log says of the objects sent: the
// id made for each (by index in the request, "" for none), why the others
// were refused, and the ids by pool, pools in the order the log names them
// so that the read-back's requests are deterministic.
type createLog struct {
	ids       []string
	count     int // ids made
	failed    map[int]json.RawMessage
	pools     map[string][]string
	poolOrder []string
}

// readCreateLog reads a create's log in one pass over its JSON, keeping
// only the ids and the refusals: a create of 10k objects logs 10k entries,
// each echoing its input, which a decoded log would copy.
func readCreateLog(b []byte, idField string) (*createLog, error) {
	entries, err := splitArray(b)
	if err != nil {
		return nil, err
	}
	l := &createLog{ids: make([]string, len(entries)), failed: map[int]json.RawMessage{}, pools: map[string][]string{}}
	for _, entry := range entries {
		var input, output []byte
		success := false
		if err := eachMember(entry, func(k, v []byte) bool {
			switch string(k) {
			case "input":
				input = v
			case "output":
				output = v
			case "success":
				success = string(v) == "true"
			}
			return true
		}); err != nil {
			return nil, err
		}
		var index []byte
		var poolID string
		_ = eachMember(input, func(k, v []byte) bool {
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
		if err != nil || err2 != nil || i < 0 {
			continue
		}
		if i >= len(l.ids) { // more indexes than entries: the log is not this request's alone
			l.ids = append(l.ids, make([]string, i+1-len(l.ids))...)
		}
		if !success {
			l.failed[i] = bytes.Clone(output) // the log's body is let go
			continue
		}
		newID := jsonField(output, idField)
		if newID == "" {
			return nil, fmt.Errorf("entry %d has no %s", i, idField)
		}
		if l.ids[i] == "" {
			l.count++
		}
		l.ids[i] = newID
		if _, seen := l.pools[poolID]; !seen {
			l.poolOrder = append(l.poolOrder, poolID)
		}
		l.pools[poolID] = append(l.pools[poolID], newID)
	}
	return l, nil
}

// batchResult writes a batch create's answer: {"items": {...}, "validation_errors": {...}}
// keyed by input index, as the server answers a sync-mode create, in one
// buffer sized up front: a 100k-task answer is tens of megabytes.
func batchResult(created []json.RawMessage, failed map[int]json.RawMessage) json.RawMessage {
	size := 32
	for _, v := range created {
		if v != nil {
			size += len(v) + 10 // "index": and a comma
		}
	}
	for _, v := range failed {
		size += len(v) + 10
	}
	out := make([]byte, 0, size)
	out = append(out, `{"items":{`...)
	n := 0
	for i, v := range created {
		if v == nil {
			continue
		}
		out = appendIndexed(out, n, i, v)
		n++
	}
	out = append(out, '}')
	if len(failed) > 0 {
		out = append(out, `,"validation_errors":`...)
		out = indexObject(out, failed)
	}
	return append(out, '}')
}

// appendIndexed appends "i":v to an object's members, the nth.
func appendIndexed(out []byte, n, i int, v []byte) []byte {
	if n > 0 {
		out = append(out, ',')
	}
	out = append(out, '"')
	out = strconv.AppendInt(out, int64(i), 10)
	out = append(out, '"', ':')
	return append(out, v...)
}

// fetchCreated reads back the objects the log names, by id range, per pool
// when they have one, and returns them by index in the request (nil where
// nothing was made). They stay slices of the pages read.
func (c *Client) fetchCreated(ctx context.Context, method string, cr *Creation, made *createLog) ([]json.RawMessage, error) {
	at := make(map[string]int, made.count)
	for i, id := range made.ids {
		if id != "" {
			at[id] = i
		}
	}
	out := make([]json.RawMessage, len(made.ids))
	groups, order := made.pools, made.poolOrder
	if !cr.ByPool {
		var all []string
		for _, p := range order {
			all = append(all, groups[p]...)
		}
		groups, order = map[string][]string{"": all}, []string{""}
	}
	for _, pool := range order {
		ids := groups[pool]
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
			if i, ok := at[id]; err == nil && ok {
				out[i] = raw
			}
		}
	}
	for i, id := range made.ids {
		if id != "" && out[i] == nil {
			return nil, fmt.Errorf("%s: created object %s (input %d) was not found when reading it back", method, id, i)
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
	return tagItems(items, 0)
}

// tagItems joins items into one array, each tagged with its index in it;
// an error names the item by offset plus that index.
func tagItems(items []json.RawMessage, offset int) (json.RawMessage, error) {
	size := 2
	for _, item := range items {
		size += len(item) + 24
	}
	var out bytes.Buffer
	out.Grow(size)
	out.WriteByte('[')
	for i, item := range items {
		if i > 0 {
			out.WriteByte(',')
		}
		if err := tagOne(&out, item, i); err != nil {
			return nil, fmt.Errorf("item %d: %v", offset+i, err)
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

// indexObject appends {"0": …, "1": …} in numeric order of the input indexes.
func indexObject(out []byte, m map[int]json.RawMessage) []byte {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	out = append(out, '{')
	for n, k := range keys {
		out = appendIndexed(out, n, k, m[k])
	}
	return append(out, '}')
}
