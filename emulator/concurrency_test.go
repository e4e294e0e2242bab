package emulator_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// TestReadsBesideWrites: GETs run side by side (they share the state's lock)
// while creates, accepts and the simulated Tolokers change the state. Under
// the race detector this fails if a read handler writes, or a reader sees a
// write in progress; without it, the counts must still add up.
func TestReadsBesideWrites(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Demo: true, Workers: 4})
	c := newClient(t, run)
	ctx := context.Background()
	var pool string
	for p, err := range c.Pools(ctx, client.PoolFilter{Status: "OPEN"}) {
		if err != nil {
			t.Fatal(err)
		}
		pool = p.ID
	}
	const writers, readers, rounds = 2, 4, 6
	var wg sync.WaitGroup
	errs := make(chan error, writers*rounds+readers*rounds)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				var ts []*client.Task
				for k := 0; k < 20; k++ {
					ts = append(ts, &client.Task{PoolID: pool, InputValues: client.Values{"image": fmt.Sprintf("https://example.com/%d/%d/%d.jpg", w, i, k)}})
				}
				if _, err := c.CreateTasks(ctx, ts, client.AllowDefaults()); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				n := 0
				for task, err := range c.Tasks(ctx, client.TaskFilter{PoolID: pool}, client.BatchSize(7)) {
					if err != nil {
						errs <- err
						return
					}
					if n%10 == 0 {
						if _, err := c.GetTask(ctx, task.ID); err != nil {
							errs <- err
							return
						}
					}
					n++
				}
				for _, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: pool}) {
					if err != nil {
						errs <- err
						return
					}
				}
				if n < 40 {
					errs <- fmt.Errorf("read %d tasks, the demo pool has 40", n)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n := 0
	for _, err := range c.Tasks(ctx, client.TaskFilter{PoolID: pool}, client.BatchSize(1000)) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if want := 40 + writers*rounds*20; n != want { // the demo pool's 40 and the writers'
		t.Fatalf("%d tasks, want %d", n, want)
	}
}
