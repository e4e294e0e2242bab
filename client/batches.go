package client

import (
	"context"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// createBatches sends a list longer than the batch size as several creates of
// at most that many objects, a few in flight at once, and merges their results
// keyed by each object's index in the whole list, as one create would answer.
//
// Each batch runs under an operation id derived from the call's, so the same
// call run again with the same operation_id (after a cancel, a crash, a lost
// answer) finds the batches already done and creates nothing twice.
func createBatches(ctx context.Context, c *Client, ep *Endpoint, a *args, items []json.RawMessage) (*Result, error) {
	base := a.ensureOperationID()
	size := c.cfg.batchSize
	n := (len(items) + size - 1) / size
	type batch struct {
		lo, hi int
		opID   string
		res    []byte    // the server's own answer (async_mode=false)
		out    *batchOut // or the results as createSync keeps them
		err    error
	}
	batches := make([]batch, n)
	for i := range batches {
		batches[i] = batch{lo: i * size, hi: min((i+1)*size, len(items)), opID: batchOperationID(base, i)}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	progress := newBatchProgress(n, a.call.Progress)
	sem := make(chan struct{}, c.cfg.uploadWorkers)
	var wg sync.WaitGroup
	var sinkMu sync.Mutex // the typed result takes one batch at a time
	for i := range batches {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break // a batch failed or the caller gave up: start no more
		}
		wg.Add(1)
		go func(b *batch, i int) {
			defer func() { <-sem; wg.Done() }()
			sub := *a
			sub.query = cloneQuery(a.query)
			sub.query.Set("operation_id", b.opID)
			sub.batch = &batchOut{}
			if sub.query.Get("async_mode") == "false" {
				sub.body = joinArray(items[b.lo:b.hi])
			} else {
				// Tagged as it is joined: the batch's JSON is built once.
				body, err := tagItems(items[b.lo:b.hi], b.lo)
				if err != nil {
					b.err = &ArgError{Method: ep.Name, Param: ep.Args[0].Name, Want: describeType(ep.Args[0].Type), Got: err.Error()}
					cancel()
					return
				}
				sub.body, sub.batch.tagged = body, true
			}
			sub.call.Progress = progress.of(i)
			res, err := createSync(ctx, c, ep, &sub)
			if err != nil {
				b.err = err
				cancel()
				return
			}
			if sub.batch.created != nil || sub.batch.failed != nil {
				b.out = sub.batch
			} else {
				b.res = res.JSON
			}
			if sink := a.call.sink; sink != nil && b.out != nil {
				sinkMu.Lock()
				err := sink.takeBatch(b.lo, b.out.created, b.out.failed)
				sinkMu.Unlock()
				if err != nil {
					b.out, b.err = nil, &DecodeError{Method: ep.Name, Err: fmt.Errorf("batch of items %d–%d: %w", b.lo, b.hi-1, err)}
					cancel()
				}
			}
		}(&batches[i], i)
	}
	wg.Wait()

	// When the typed result took every batch as it ended, there is nothing
	// left to assemble.
	taken := a.call.sink != nil
	for i := range batches {
		taken = taken && batches[i].res == nil
	}
	var created []json.RawMessage // by index in the whole list, made once all batches are in
	failed := map[int]json.RawMessage{}
	var done, notDone []string
	var firstErr error
	var failedAt *batch
	for i := range batches {
		b := &batches[i]
		if b.res == nil && b.out == nil {
			notDone = append(notDone, fmt.Sprintf("%d–%d", b.lo, b.hi-1))
			// The batch that failed first, not one its failure cancelled.
			if b.err != nil && (firstErr == nil || isContextErr(firstErr) && !isContextErr(b.err)) {
				firstErr, failedAt = b.err, b
			}
			continue
		}
		done = append(done, fmt.Sprintf("%d–%d", b.lo, b.hi-1))
		if b.out != nil && taken {
			continue
		}
		if created == nil {
			created = make([]json.RawMessage, len(items))
		}
		if b.out != nil {
			copy(created[b.lo:b.hi], b.out.created)
			for idx, v := range b.out.failed {
				failed[b.lo+idx] = v
			}
			continue
		}
		if err := mergeBatch(b.res, b.lo, created, failed); err != nil {
			return nil, &DecodeError{Method: ep.Name, Err: fmt.Errorf("batch of items %d–%d: %w", b.lo, b.hi-1, err)}
		}
	}
	if len(notDone) > 0 {
		if firstErr == nil {
			firstErr = ctx.Err()
		}
		where := ""
		if failedAt != nil {
			where = fmt.Sprintf(" (items %d–%d, operation %s)", failedAt.lo, failedAt.hi-1, failedAt.opID)
		}
		return nil, &BatchError{Method: ep.Name, OperationID: base, Done: done, NotDone: notDone,
			Err: fmt.Errorf("a batch failed%s: %w", where, firstErr)}
	}
	if taken {
		return &Result{decoded: true}, nil
	}
	return batchAnswer(a, created, failed), nil
}

// BatchError is a create sent in batches that did not finish: some batches
// may be done. Running the same call again with OperationID finishes it
// without creating anything twice.
type BatchError struct {
	Method      string
	OperationID string
	Done        []string // index ranges created
	NotDone     []string // index ranges not created (or not known to be)
	Err         error
}

func (e *BatchError) Error() string {
	done := "none"
	if len(e.Done) > 0 {
		done = strings.Join(e.Done, ", ")
	}
	return fmt.Sprintf("%s: %v; items created: %s; not created: %s; run the same call again with operation_id %s to finish without creating anything twice",
		e.Method, e.Err, done, strings.Join(e.NotDone, ", "), e.OperationID)
}

func (e *BatchError) Unwrap() error { return e.Err }

// batchOperationID derives batch i's operation id from the call's: a
// name-based UUID (version 5 layout), the same on every run.
func batchOperationID(base string, i int) string {
	sum := sha1.Sum([]byte(base + "/batch/" + strconv.Itoa(i)))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func cloneQuery(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func joinArray(items []json.RawMessage) json.RawMessage {
	n := 2
	for _, it := range items {
		n += len(it) + 1
	}
	out := make([]byte, 0, n)
	out = append(out, '[')
	for i, it := range items {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, it...)
	}
	return append(out, ']')
}

// batchOut is one batch's objects by input index (nil where none was made)
// and its validation errors; tagged says the body already carries each
// object's __item_idx.
type batchOut struct {
	created []json.RawMessage
	failed  map[int]json.RawMessage
	tagged  bool
}

// mergeBatch adds a batch's {"items": {...}, "validation_errors": {...}} to the
// merged maps, moving each index by the batch's offset.
func mergeBatch(res []byte, offset int, created []json.RawMessage, failed map[int]json.RawMessage) error {
	var perr error
	err := eachMember(res, func(k, v []byte) bool {
		into := func(i int, obj []byte) { failed[i] = obj }
		switch string(k) {
		case "items":
			into = func(i int, obj []byte) {
				if i < len(created) {
					created[i] = obj
				} else {
					perr = fmt.Errorf("index %d is past the %d objects sent", i, len(created))
				}
			}
		case "validation_errors":
		default:
			return true
		}
		if string(v) == "null" {
			return true
		}
		perr = eachMember(v, func(idx, obj []byte) bool {
			i, err := strconv.Atoi(string(idx))
			if err == nil && i < 0 {
				err = fmt.Errorf("negative")
			}
			if err != nil {
				perr = fmt.Errorf("index %q: %w", idx, err)
				return false
			}
			into(offset+i, json.RawMessage(obj))
			return perr == nil
		})
		return perr == nil
	})
	if err == nil {
		err = perr
	}
	return err
}

// batchProgress reports one progress for all batches: the mean of theirs.
type batchProgress struct {
	mu   sync.Mutex
	each []int
	f    func(*Operation)
}

func newBatchProgress(n int, f func(*Operation)) *batchProgress {
	return &batchProgress{each: make([]int, n), f: f}
}

func (p *batchProgress) of(i int) func(*Operation) {
	if p.f == nil {
		return nil
	}
	return func(op *Operation) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.each[i] = op.Progress
		if op.Done() {
			p.each[i] = 100
		}
		sum := 0
		for _, v := range p.each {
			sum += v
		}
		all := *op
		all.Progress = sum / len(p.each)
		if all.Progress < 100 {
			all.Status = OperationRunning
		}
		p.f(&all)
	}
}
