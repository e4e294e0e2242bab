package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestStateChangeWaitsAndRaisesOnFail(t *testing.T) {
	var polls atomic.Int32
	status := "SUCCESS"
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/api/v1/pools/9/open":
			if r.ContentLength > 0 {
				t.Errorf("state changes send no body")
			}
			writeJSON(w, 202, `{"id":"op1","type":"POOL.OPEN","status":"RUNNING","parameters":{"pool_id":"9"}}`)
		case r.URL.Path == "/api/v1/operations/op1":
			if polls.Add(1) == 1 {
				writeJSON(w, 503, `{"code":"REMOTE_SERVICE_UNAVAILABLE"}`) // a failing poll does not end the wait
				return
			}
			writeJSON(w, 200, `{"id":"op1","type":"POOL.OPEN","status":"`+status+`"}`)
		case r.URL.Path == "/api/v1/pools/9":
			writeJSON(w, 200, `{"id":"9","status":"OPEN"}`)
		case r.URL.Path == "/api/v1/pools/8/open":
			w.WriteHeader(204)
		case r.URL.Path == "/api/v1/pools/8":
			writeJSON(w, 200, `{"id":"8","status":"OPEN"}`)
		}
	})
	var seen []OperationStatus
	res, err := c.Invoke(context.Background(), "open_pool", Call{Args: []any{"9"}, Progress: func(op *Operation) { seen = append(seen, op.Status) }})
	if err != nil || string(res.JSON) != `{"id":"9","status":"OPEN"}` || len(seen) == 0 {
		t.Fatalf("open_pool: %s %v (progress %v)", res.JSON, err, seen)
	}
	res, err = c.Invoke(context.Background(), "open_pool_async", Call{Args: []any{"8"}})
	if err != nil || res.Operation != nil {
		t.Errorf("204 gives no operation: %+v %v", res, err)
	}
	if res, err = c.Invoke(context.Background(), "open_pool", Call{Args: []any{"8"}}); err != nil || !strings.Contains(string(res.JSON), `"8"`) {
		t.Errorf("204 then read the pool: %v", err)
	}
	status = "FAIL"
	_, err = c.Invoke(context.Background(), "open_pool", Call{Args: []any{"9"}})
	var fe *OperationFailedError
	if !errors.As(err, &fe) || fe.Operation.ID != "op1" {
		t.Errorf("a FAIL operation must raise, got %v", err)
	}
}

func TestWaitGivesUpAtItsTimeout(t *testing.T) {
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"slow","type":"POOL.CLOSE","status":"RUNNING","progress":40}`)
	})
	_, err := c.Invoke(context.Background(), "wait_operation", Call{Args: []any{"slow"}, Timeout: 30 * time.Millisecond})
	var te *WaitTimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), `get_operation("slow")`) {
		t.Errorf("want a timeout naming the operation, got %v", err)
	}
	done := &Operation{ID: "x", Status: "SUCCESS"}
	if op, err := c.WaitOperation(context.Background(), done); err != nil || op != done {
		t.Errorf("a finished operation is returned without a request: %v", err)
	}
}

// createServer plays a Toloka that applies a batch create on the first POST but
// loses the answer, so the client's retry meets OPERATION_ALREADY_EXISTS.
func TestCreateRecoversFromADuplicateSubmit(t *testing.T) {
	var posts, applied atomic.Int32
	var opID atomic.Value
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/api/v1/tasks":
			posts.Add(1)
			if id, _ := opID.Load().(string); id != "" && id == r.URL.Query().Get("operation_id") {
				writeJSON(w, 409, `{"code":"OPERATION_ALREADY_EXISTS","message":"exists"}`)
				return
			}
			var items []map[string]any
			json.NewDecoder(r.Body).Decode(&items)
			if len(items) != 3 || items[2]["__item_idx"] != "2" {
				t.Errorf("items are tagged with their index: %v", items)
			}
			opID.Store(r.URL.Query().Get("operation_id"))
			applied.Add(1)
			resetConnection(w) // applied, but the answer is lost
		case strings.HasSuffix(r.URL.Path, "/log"):
			writeJSON(w, 200, `[{"type":"TASK_CREATE","success":true,"input":{"pool_id":"1","__item_idx":"0"},"output":{"task_id":"t1"}},
				{"type":"TASK_VALIDATE","success":false,"input":{"pool_id":"1","__item_idx":"1"},"output":{"input_values.x":{"code":"VALUE_NOT_ALLOWED","message":"unknown"}}},
				{"type":"TASK_CREATE","success":true,"input":{"pool_id":"1","__item_idx":"2"},"output":{"task_id":"t3"}}]`)
		case strings.HasPrefix(r.URL.Path, "/api/v1/operations/"):
			writeJSON(w, 200, `{"id":"`+opID.Load().(string)+`","type":"TASK.BATCH_CREATE","status":"SUCCESS"}`)
		case r.URL.Path == "/api/v1/tasks":
			q := r.URL.Query()
			if q.Get("pool_id") != "1" || q.Get("id_gte") != "t1" || q.Get("id_lte") != "t3" {
				t.Errorf("read back with %v", q)
			}
			writeJSON(w, 200, `{"items":[{"id":"t1","pool_id":"1"},{"id":"t2","pool_id":"1"},{"id":"t3","pool_id":"1"}],"has_more":false}`)
		}
	})
	tasks := json.RawMessage(`[{"pool_id":"1","input_values":{"a":1}},{"pool_id":"1","input_values":{"x":1}},{"pool_id":"1","input_values":{"a":3}}]`)
	res, err := c.Invoke(context.Background(), "create_tasks", Call{Args: []any{tasks}, Options: map[string]any{"skip_invalid_items": true}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"items":{"0":{"id":"t1","pool_id":"1"},"2":{"id":"t3","pool_id":"1"}},"validation_errors":{"1":{"input_values.x":{"code":"VALUE_NOT_ALLOWED","message":"unknown"}}}}`
	if string(res.JSON) != want || posts.Load() != 2 || applied.Load() != 1 {
		t.Errorf("posts %d applied %d result\n%s", posts.Load(), applied.Load(), res.JSON)
	}
}

func TestCreateRaisesOnAFailedOperation(t *testing.T) {
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST":
			writeJSON(w, 202, `{"id":"f","type":"USER_BONUS.BATCH_CREATE","status":"RUNNING"}`)
		case strings.HasSuffix(r.URL.Path, "/log"):
			writeJSON(w, 200, `[]`)
		default:
			writeJSON(w, 200, `{"id":"f","type":"USER_BONUS.BATCH_CREATE","status":"FAIL"}`)
		}
	})
	_, err := c.Invoke(context.Background(), "create_user_bonuses", Call{Args: []any{[]any{map[string]any{"user_id": "u", "amount": 1}}}})
	var fe *OperationFailedError
	if !errors.As(err, &fe) {
		t.Errorf("an empty result from a FAIL operation must be an error, got %v", err)
	}
	c, _ = fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST":
			writeJSON(w, 202, `{"id":"v","type":"TASK.BATCH_CREATE","status":"SUCCESS"}`)
		case strings.HasSuffix(r.URL.Path, "/log"):
			writeJSON(w, 200, `[{"type":"TASK_VALIDATE","success":false,"input":{"__item_idx":"0"},"output":{"input_values.image":{"code":"VALUE_REQUIRED","message":"required"}}}]`)
		}
	})
	_, err = c.Invoke(context.Background(), "create_tasks", Call{Args: []any{[]any{map[string]any{"pool_id": "1"}}}})
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, ErrValidation) || !strings.Contains(string(ae.Payload), "input_values.image") {
		t.Errorf("all items invalid: want a validation error keyed by index, got %v", err)
	}
}
