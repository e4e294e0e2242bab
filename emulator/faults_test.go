package emulator_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// TestNothingLostUnderFaults creates and pages tasks while a fifth of the
// requests fail (500, 503, 429, resets before and after the effect, slow
// answers): every task exists once, and paging sees each once, in order.
func TestNothingLostUnderFaults(t *testing.T) {
	clean := emulatortest.Start(t, emulator.Options{Seed: 3})
	setup := newClient(t, clean)
	ctx := context.Background()
	project, err := setup.CreateProject(ctx, &client.Project{PublicName: "faults", TaskSpec: &client.TaskSpec{
		InputSpec: map[string]*client.FieldSpec{"n": {Type: "integer"}}, OutputSpec: map[string]*client.FieldSpec{"ok": {Type: "boolean"}}}})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := setup.CreatePool(ctx, &client.Pool{ProjectID: project.ID, PrivateName: "p", MayContainAdultContent: ptr(false),
		RewardPerAssignment: client.MustDecimal("0.01"), AssignmentMaxDurationSeconds: ptr(60), WillExpire: "2030-01-01T00:00:00",
		Defaults: &client.PoolDefaults{DefaultOverlapForNewTaskSuites: ptr(1)}})
	if err != nil {
		t.Fatal(err)
	}
	// The same state, now behind a faulty front.
	path := t.TempDir() + "/s"
	if err := clean.Server.SaveState(path); err != nil {
		t.Fatal(err)
	}
	faulty := emulatortest.Start(t, emulator.Options{Seed: 11, Faults: 0.2})
	if err := faulty.Server.LoadState(path); err != nil {
		t.Fatal(err)
	}
	c, err := client.New("local", client.WithURL(faulty.URL), client.WithRetries(8), client.WithPollInterval(2*time.Millisecond),
		client.WithBackoff(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	const batches, size = 4, 500
	created := map[string]int{}
	for b := 0; b < batches; b++ {
		var tasks []*client.Task
		for i := 0; i < size; i++ {
			tasks = append(tasks, &client.Task{PoolID: pool.ID, Overlap: ptr(1), InputValues: map[string]any{"n": b*size + i}})
		}
		res, err := c.CreateTasks(ctx, tasks)
		if err != nil {
			t.Fatalf("batch %d: %v", b, err)
		}
		if len(res.Items) != size || res.Err() != nil {
			t.Fatalf("batch %d: %d items, %v", b, len(res.Items), res.Err())
		}
		for idx, task := range res.Items {
			if task == nil || fmt.Sprint(task.InputValues["n"]) != fmt.Sprint(b*size+idx) {
				t.Fatalf("item %d maps to task %+v", idx, task)
			}
			created[task.ID]++
		}
	}
	seen, prev := 0, ""
	for task, err := range c.Tasks(ctx, client.TaskFilter{PoolID: pool.ID}, client.BatchSize(97)) {
		if err != nil {
			t.Fatal(err)
		}
		if task.ID <= prev || created[task.ID] != 1 {
			t.Fatalf("task %s out of order or not created once (%d)", task.ID, created[task.ID])
		}
		prev = task.ID
		seen++
	}
	if seen != batches*size || len(created) != batches*size {
		t.Fatalf("%d tasks on the server, %d created, want %d", seen, len(created), batches*size)
	}
	if n := faulty.Server.FaultsInjected(); n < 10 {
		t.Fatalf("only %d faults were injected; the test proves nothing", n)
	}
	t.Logf("%d tasks created and paged once each through %d injected faults", seen, faulty.Server.FaultsInjected())
}
