package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

func batchPool(t *testing.T, c *client.Client) string {
	t.Helper()
	ctx := context.Background()
	var project client.Project
	json.Unmarshal([]byte(`{"public_name":"p","public_description":"p","assignments_issuing_type":"AUTOMATED",
		"task_spec":{"input_spec":{"n":{"type":"integer","required":true}},"output_spec":{"ok":{"type":"boolean"}},
		"view_spec":{"type":"classic","markup":"x","script":"","styles":""}}}`), &project)
	p, err := c.CreateProject(ctx, &project)
	if err != nil {
		t.Fatal(err)
	}
	var pool client.Pool
	json.Unmarshal([]byte(`{"private_name":"p","may_contain_adult_content":false,"reward_per_assignment":0.01,
		"assignment_max_duration_seconds":600,"will_expire":"2030-01-01T00:00:00","defaults":{"default_overlap_for_new_tasks":1,"default_overlap_for_new_task_suites":1}}`), &pool)
	pool.ProjectID = p.ID
	created, err := c.CreatePool(ctx, &pool)
	if err != nil {
		t.Fatal(err)
	}
	return created.ID
}

func numberedTasks(pool string, n int, bad ...int) []*client.Task {
	var ts []*client.Task
	for i := 0; i < n; i++ {
		v := any(i)
		for _, b := range bad {
			if b == i {
				v = "not a number"
			}
		}
		ts = append(ts, &client.Task{PoolID: pool, InputValues: client.Values{"n": v}})
	}
	return ts
}

func countTasks(t *testing.T, c *client.Client, pool string) int {
	n := 0
	for _, err := range c.Tasks(context.Background(), client.TaskFilter{PoolID: pool}, client.BatchSize(1000)) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// TestCreateInBatches: a list longer than the batch size goes as several
// operations, a few at once; the result is keyed by index in the whole list,
// and the same call with the same operation id creates nothing twice.
func TestCreateInBatches(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL), client.WithUploadBatches(10, 2))
	pool := batchPool(t, c)
	ctx := context.Background()
	tasks := numberedTasks(pool, 25)

	var progress []int
	res, err := c.CreateTasks(ctx, tasks, client.AllowDefaults(), client.OperationID("6f0e5c4e-7d7a-4c1a-9b1e-3c2d1a0b9f8e"),
		client.OnProgress(func(op *client.Operation) { progress = append(progress, op.Progress) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 25 {
		t.Fatalf("%d items", len(res.Items))
	}
	var ids []string
	for i, task := range res.Items {
		if task == nil || res.Errors[i] != nil || task.InputValues["n"] != json.Number(fmt.Sprint(i)) {
			t.Fatalf("item %d: %+v (%v)", i, task, res.Errors[i])
		}
		ids = append(ids, task.ID)
	}
	if got := countTasks(t, c, pool); got != 25 {
		t.Fatalf("%d tasks stored", got)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 100 {
		t.Errorf("progress %v: want it to end at 100", progress)
	}

	again, err := c.CreateTasks(ctx, tasks, client.AllowDefaults(), client.OperationID("6f0e5c4e-7d7a-4c1a-9b1e-3c2d1a0b9f8e"))
	if err != nil {
		t.Fatal(err)
	}
	for i, task := range again.Items {
		if ids[i] != task.ID {
			t.Fatalf("rerun item %d: task %s, first run %s", i, task.ID, ids[i])
		}
	}
	if got := countTasks(t, c, pool); got != 25 {
		t.Fatalf("rerun: %d tasks stored, want 25", got)
	}
}

// TestCreateInBatchesReportsWhatIsDone: a batch that fails (an invalid task,
// without skip_invalid_items) stops the upload; the error says which ranges
// were created and which operation id finishes the job, and unwraps to the
// API's validation error.
func TestCreateInBatchesReportsWhatIsDone(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL), client.WithUploadBatches(10, 1))
	pool := batchPool(t, c)
	_, err := c.CreateTasks(context.Background(), numberedTasks(pool, 35, 23), client.AllowDefaults(), client.OperationID("0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"))
	var be *client.BatchError
	if !errors.As(err, &be) {
		t.Fatalf("want a BatchError, got %v", err)
	}
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.Code != "VALIDATION_ERROR" {
		t.Fatalf("want it to unwrap to VALIDATION_ERROR, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"items created: 0–9, 10–19", "not created: 20–29, 30–34", "items 20–29", "operation_id 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if got := countTasks(t, c, pool); got != 20 {
		t.Fatalf("%d tasks stored, want the 20 of the two batches before the bad one", got)
	}

	// With batches in flight together, the error is the bad batch's, not the
	// cancellation its failure caused in the others.
	// (Operations that take a while keep the good batches waiting when the bad one fails.)
	slow := emulatortest.Start(t, emulator.Options{OperationDelay: 300 * time.Millisecond})
	c2, _ := client.New("t", client.WithURL(slow.URL), client.WithUploadBatches(10, 4))
	_, err = c2.CreateTasks(context.Background(), numberedTasks(batchPool(t, c2), 40, 33), client.AllowDefaults())
	if !errors.As(err, &ae) || ae.Code != "VALIDATION_ERROR" || !strings.Contains(err.Error(), "items 30–39") {
		t.Fatalf("want the failing batch's validation error, got %v", err)
	}

	// With skip_invalid_items the bad task is reported at its index in the whole list.
	res, err := c.CreateTasks(context.Background(), numberedTasks(pool, 35, 23), client.AllowDefaults(), client.SkipInvalidItems())
	if err != nil {
		t.Fatal(err)
	}
	var ie *client.ItemError
	if len(res.Items) != 35 || len(res.Errors) != 35 || res.Items[23] != nil || !errors.As(res.Errors[23], &ie) || ie.Index != 23 ||
		res.Items[24] == nil || res.Items[24].InputValues["n"] != json.Number("24") || res.Errors[24] != nil {
		t.Fatalf("%d items, errors %v", len(res.Items), res.Err())
	}
}

// TestValidationErrorNamesTheField: a batch create refused for one bad task
// names the field, not only the task's index.
func TestValidationErrorNamesTheField(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL))
	pool := batchPool(t, c)
	_, err := c.CreateTasks(context.Background(), numberedTasks(pool, 3, 1), client.AllowDefaults())
	var ae *client.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want a validation error, got %v", err)
	}
	fields := strings.Join(ae.InvalidFields(), ",")
	if !strings.Contains(fields, "1.input_values.n") || !strings.Contains(err.Error(), "1.input_values.n") {
		t.Fatalf("fields %q, error %v: want 1.input_values.n", fields, err)
	}
}

// TestCreateItemsApart: with Call.ItemsApart a batch create answers with its
// objects by index in the whole list and the refused ones' errors, in
// batches or not, and they are what the answer written whole holds.
func TestCreateItemsApart(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL), client.WithUploadBatches(10, 2))
	pool := batchPool(t, c)
	ctx := context.Background()
	for _, n := range []int{7, 25} { // one create, and three batches
		tasks := numberedTasks(pool, n, 3, n-2)
		body, _ := json.Marshal(tasks)
		opts := map[string]any{"allow_defaults": true, "skip_invalid_items": true}
		apart, err := c.Invoke(ctx, "create_tasks", client.Call{Args: []any{json.RawMessage(body)}, Options: opts, ItemsApart: true})
		if err != nil {
			t.Fatal(err)
		}
		whole, err := c.Invoke(ctx, "create_tasks", client.Call{Args: []any{json.RawMessage(body)}, Options: opts})
		if err != nil {
			t.Fatal(err)
		}
		if len(apart.JSON) != 0 || len(apart.Created) != n || len(apart.Refused) != 2 || apart.Refused[3] == nil || apart.Refused[n-2] == nil {
			t.Fatalf("%d tasks: %d created, refused %v, JSON %d bytes", n, len(apart.Created), apart.Refused, len(apart.JSON))
		}
		var answer struct {
			Items            map[string]map[string]any
			ValidationErrors map[string]json.RawMessage `json:"validation_errors"`
		}
		if err := json.Unmarshal(whole.JSON, &answer); err != nil || len(answer.Items) != n-2 || len(answer.ValidationErrors) != 2 {
			t.Fatalf("%d tasks, written whole: %d items, %d errors (%v)", n, len(answer.Items), len(answer.ValidationErrors), err)
		}
		for i, raw := range apart.Created {
			if i == 3 || i == n-2 {
				if raw != nil {
					t.Errorf("%d tasks: refused item %d made %s", n, i, raw)
				}
				if string(apart.Refused[i]) != string(answer.ValidationErrors[fmt.Sprint(i)]) {
					t.Errorf("%d tasks: item %d refused for %s, written whole %s", n, i, apart.Refused[i], answer.ValidationErrors[fmt.Sprint(i)])
				}
				continue
			}
			var task map[string]any
			if err := json.Unmarshal(raw, &task); err != nil {
				t.Fatalf("%d tasks: item %d: %v", n, i, err)
			}
			if task["input_values"].(map[string]any)["n"] != float64(i) {
				t.Errorf("%d tasks: item %d made %s", n, i, raw)
			}
			other := answer.Items[fmt.Sprint(i)] // the second call's own task, made from the same input
			if other["input_values"].(map[string]any)["n"] != float64(i) || other["id"] == task["id"] {
				t.Errorf("%d tasks: item %d written whole: %v", n, i, other)
			}
		}
	}
}
