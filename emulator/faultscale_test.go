package emulator

import (
	"context"
	"fmt"
	"math/big"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
)

// TestAtScaleUnderFaults: a fifth of all requests fail (500, 503, 429, resets
// before and after the effect, slow answers) while 20k tasks are created, 50k
// assignments paged, 5k accepted and 1k bonuses paid; each is done exactly once.
func TestAtScaleUnderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	s := New(Options{Seed: 21, Faults: 0.2, Workers: 1, WorkDelay: time.Hour, OperationDelay: time.Millisecond})
	defer s.Close()
	ts := httptest.NewServer(s)
	defer ts.Close()
	c, err := client.New("faults", client.WithURL(ts.URL), client.WithRetries(10), client.WithPollInterval(2*time.Millisecond),
		client.WithBackoff(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	// The project and pool go in directly: faults are for what follows.
	s.mu.Lock()
	st := s.st
	project := object{"id": st.numericID("project"), "status": "ACTIVE", "task_spec": object{
		"input_spec": object{"n": object{"type": "integer"}}, "output_spec": object{"ok": object{"type": "boolean"}}}}
	st.projects.add(project)
	pool := object{"id": st.numericID("pool"), "project_id": project["id"], "status": "CLOSED", "reward_per_assignment": json0("0.02")}
	st.pools.add(pool)
	poolID := str(pool["id"])
	balance0 := new(big.Rat).Set(st.balance)
	s.mu.Unlock()

	// 20k tasks through sync-over-async creates, in batches.
	const tasks, batch = 20_000, 5_000
	taskIDs := map[string]bool{}
	for b := 0; b < tasks/batch; b++ {
		var in []*client.Task
		for i := 0; i < batch; i++ {
			one := 1
			in = append(in, &client.Task{PoolID: poolID, Overlap: &one, InputValues: map[string]any{"n": b*batch + i}})
		}
		res, err := c.CreateTasks(ctx, in)
		if err != nil {
			t.Fatalf("batch %d: %v", b, err)
		}
		for idx, task := range res.Items {
			if task == nil || fmt.Sprint(task.InputValues["n"]) != fmt.Sprint(b*batch+idx) || taskIDs[task.ID] {
				t.Fatalf("batch %d item %d: task %+v", b, idx, task)
			}
			taskIDs[task.ID] = true
		}
	}
	s.mu.Lock()
	stored := len(st.tasks.index["pool_id"][poolID])
	s.mu.Unlock()
	if len(taskIDs) != tasks || stored != tasks {
		t.Fatalf("%d tasks returned, %d stored, want %d", len(taskIDs), stored, tasks)
	}

	// 50k submitted assignments, made directly, then paged through the faults.
	const assignments = 50_000
	s.mu.Lock()
	ids := st.tasks.index["pool_id"][poolID]
	for i := 0; i < assignments; i++ {
		st.assignments.add(object{"id": st.orderedID(), "pool_id": poolID, "task_suite_id": st.orderedID(), "user_id": st.workers[0].ID,
			"status": "SUBMITTED", "reward": json0("0.02"), "created": st.now(), "submitted": st.now(),
			"tasks": []any{object{"id": ids[i%len(ids)], "input_values": object{"n": i}}}, "solutions": []any{object{"output_values": object{"ok": true}}}})
	}
	s.mu.Unlock()
	var seen []string
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: poolID}, client.BatchSize(1000)) {
		if err != nil {
			t.Fatal(err)
		}
		if n := len(seen); n > 0 && a.ID <= seen[n-1] {
			t.Fatalf("assignment %d: %s after %s", n, a.ID, seen[n-1])
		}
		seen = append(seen, a.ID)
	}
	if len(seen) != assignments {
		t.Fatalf("paged %d assignments, want %d", len(seen), assignments)
	}

	// 5k accepts, ten at a time.
	const accepts = 5_000
	var wg sync.WaitGroup
	errs := make(chan error, accepts)
	work := make(chan string)
	for w := 0; w < 10; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				if a, err := c.AcceptAssignment(ctx, id, "ok"); err != nil || a.Status != client.AssignmentAccepted {
					errs <- fmt.Errorf("accept %s: %v", id, err)
				}
			}
		}()
	}
	for _, id := range seen[:accepts] {
		work <- id
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	// 1k bonuses in four idempotent batches.
	const bonuses = 1_000
	for b := 0; b < 4; b++ {
		var in []*client.UserBonus
		for i := 0; i < bonuses/4; i++ {
			in = append(in, &client.UserBonus{UserID: st.workers[0].ID, Amount: client.MustDecimal("0.01"), PrivateComment: "scale"})
		}
		if res, err := c.CreateUserBonuses(ctx, in, client.OperationID(fmt.Sprintf("00000000-0000-4000-8000-%012d", b))); err != nil || len(res.Items) != bonuses/4 || res.Err() != nil || slices.Contains(res.Items, nil) {
			t.Fatalf("bonus batch %d: %v", b, err)
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	accepted, paid := 0, 0
	st.assignments.each(func(a object) bool {
		if a["status"] == "ACCEPTED" {
			accepted++
		}
		return true
	})
	st.bonuses.each(func(object) bool { paid++; return true })
	spent := new(big.Rat).Sub(balance0, st.balance)
	want := new(big.Rat).Add(new(big.Rat).Mul(big.NewRat(accepts, 1), mustRat("0.02")), new(big.Rat).Mul(big.NewRat(bonuses, 1), mustRat("0.01")))
	if accepted != accepts || paid != bonuses || spent.Cmp(want) != 0 {
		t.Fatalf("accepted %d (want %d), bonuses %d (want %d), spent %s (want %s)", accepted, accepts, paid, bonuses, spent.FloatString(2), want.FloatString(2))
	}
	t.Logf("20k tasks created, 50k assignments paged, 5k accepted and 1k bonuses paid, each once, through %d injected faults", s.FaultsInjected())
}
