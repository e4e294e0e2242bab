package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/tolokash/tolokash/client"
)

// newWorkPool creates a cats-or-dogs project and a pool of n tasks of the
// given overlap (not opened), reward 0.02 an assignment, accepting its work
// automatically or not, and returns the pool.
func newWorkPool(t *testing.T, c *client.Client, n, overlap int, autoAccept bool) *client.Pool {
	t.Helper()
	ctx := context.Background()
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	res, err := c.Invoke(ctx, "create_project", client.Call{Args: []any{raw(map[string]any{
		"public_name": "cats or dogs", "public_description": "pick one",
		"task_spec": map[string]any{
			"input_spec":  map[string]any{"image": map[string]any{"type": "url"}},
			"output_spec": map[string]any{"label": map[string]any{"type": "string", "allowed_values": []string{"cat", "dog"}}},
			"view_spec":   map[string]any{"type": "classic", "markup": "{{img src=image}}"},
		},
	})}})
	if err != nil {
		t.Fatal(err)
	}
	var project struct{ ID string }
	json.Unmarshal(res.JSON, &project)
	pool, err := c.CreatePool(ctx, &client.Pool{ProjectID: project.ID, PrivateName: "work", MayContainAdultContent: new(bool),
		RewardPerAssignment: client.MustDecimal("0.02"), AssignmentMaxDurationSeconds: ptr(600), WillExpire: "2030-01-01T00:00:00",
		Defaults:            &client.PoolDefaults{DefaultOverlapForNewTasks: ptr(overlap), DefaultOverlapForNewTaskSuites: ptr(overlap)},
		AutoAcceptSolutions: &autoAccept})
	if err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		tasks := make([]*client.Task, n)
		for i := range tasks {
			tasks[i] = &client.Task{PoolID: pool.ID, Overlap: ptr(overlap), InputValues: map[string]any{"image": fmt.Sprintf("https://example.com/%d.jpg", i)}}
		}
		if _, err := c.CreateTasks(ctx, tasks); err != nil {
			t.Fatal(err)
		}
	}
	return pool
}

func ptr[T any](v T) *T { return &v }
