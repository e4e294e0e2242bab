package emulator

import (
	"time"
)

// An operation is RUNNING until OperationDelay has passed since it was
// submitted; its effect is applied at once, so the state is already consistent.
func (st *state) newOperation(id, typ string, params object, details object, fail bool) object {
	if id == "" {
		id = st.uuid()
	}
	op := object{"id": id, "type": typ, "status": "RUNNING", "submitted": st.now(), "started": st.now(), "progress": 0,
		"parameters": params}
	if details != nil {
		op["details"] = details
	}
	op["_done_at"] = st.clock().Add(st.opts.OperationDelay).UnixNano()
	op["_final"] = "SUCCESS"
	if fail {
		op["_final"] = "FAIL"
	}
	st.operations.add(op)
	return op
}

// refresh moves an operation along with the clock.
func (st *state) refresh(op object) {
	if op["status"] != "RUNNING" {
		return
	}
	doneAt, _ := op["_done_at"].(int64)
	now := st.clock().UnixNano()
	if now >= doneAt {
		op["status"] = op["_final"]
		op["progress"] = 100
		op["finished"] = st.now()
		return
	}
	total := float64(st.opts.OperationDelay)
	left := float64(doneAt - now)
	op["progress"] = int(100 * (1 - left/total))
}

// public hides the emulator's bookkeeping fields.
func publicOp(op object) object {
	out := make(object, len(op))
	for k, v := range op {
		if k[0] != '_' {
			out[k] = v
		}
	}
	return out
}

func (st *state) getOperation(r apiRequest) (int, any, *apiError) {
	id := r.id
	op, ok := st.operations.get(id)
	if !ok {
		return 0, nil, notFound("Operation", id)
	}
	st.refresh(op)
	return 200, publicOp(op), nil
}

func (st *state) getOperationLog(r apiRequest) (int, any, *apiError) {
	id := r.id
	if _, ok := st.operations.get(id); !ok {
		return 0, nil, notFound("Operation", id)
	}
	log := st.opLogs[id]
	if log == nil {
		log = []object{}
	}
	return 200, log, nil
}

// accepted answers 202 with an operation.
func accepted(op object) (int, any, *apiError) { return 202, publicOp(op), nil }

var _ = time.Second
