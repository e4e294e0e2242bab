package client_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// TestWaitPoolUntilClosed opens a pool of 20 tasks and waits for the
// simulated crowd to finish it: the wait returns the CLOSED pool, and its
// progress, read from the pool's analytics, rises to 100 %.
func TestWaitPoolUntilClosed(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{WorkDelay: 20 * time.Millisecond})
	c, _ := client.New("t", client.WithURL(em.URL))
	ctx := context.Background()
	pool := newWorkPool(t, c, 20, 2, true)
	if _, err := c.OpenPool(ctx, pool.ID); err != nil {
		t.Fatal(err)
	}
	var seen []client.WaitState
	got, err := c.WaitPool(ctx, pool.ID, client.StatusWait{Interval: 20 * time.Millisecond, Timeout: time.Minute,
		Progress: func(s client.WaitState) { seen = append(seen, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != client.PoolClosed || got.ID != pool.ID {
		t.Fatalf("WaitPool returned %s %s", got.ID, got.Status)
	}
	if len(seen) < 2 || seen[len(seen)-1].Percent != 100 || seen[len(seen)-1].Status != "CLOSED" {
		t.Fatalf("progress %+v", seen)
	}
	partial := false
	for i, s := range seen {
		if i > 0 && s.Percent < seen[i-1].Percent {
			t.Errorf("progress went back: %+v", seen)
		}
		if s.Percent > 0 && s.Percent < 100 {
			partial = true
		}
	}
	if !partial {
		t.Logf("no poll saw the pool part done: %+v", seen)
	}
}

// TestWaitPoolTimesOut: a pool never opened stays CLOSED, so a wait for
// OPEN ends at its timeout with a StatusWaitError saying what it saw.
func TestWaitPoolTimesOut(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL))
	pool := newWorkPool(t, c, 1, 1, true)
	start := time.Now()
	_, err := c.WaitPool(context.Background(), pool.ID, client.StatusWait{Timeout: 150 * time.Millisecond,
		Interval: 30 * time.Millisecond}, client.PoolOpen)
	var se *client.StatusWaitError
	if !errors.As(err, &se) || !se.TimedOut || se.Last != "CLOSED" || !errors.Is(err, client.ErrStatusWait) {
		t.Fatalf("want a timeout, got %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the wait took %v", d)
	}
	if want := "pool " + pool.ID + " is still CLOSED after 150ms of waiting for OPEN"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

// TestWaitPoolEndsWithTheContextOrAMissingPool: a wait ends with its
// context, and at once for a pool that does not exist.
func TestWaitPoolEndsWithTheContextOrAMissingPool(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL))
	pool := newWorkPool(t, c, 1, 1, true)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.WaitPool(ctx, pool.ID, client.StatusWait{Interval: 10 * time.Millisecond}, client.PoolOpen); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("want the context's error, got %v", err)
	}
	if _, err := c.WaitPool(context.Background(), "999999", client.StatusWait{}); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("want not found, got %v", err)
	}
}

// TestWaitTraining: a training reports its status as a pool does; one not
// opened is CLOSED at once, and a wait for it to open ends at the timeout.
func TestWaitTraining(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL))
	ctx := context.Background()
	pool := newWorkPool(t, c, 0, 1, true)
	tr, err := c.CreateTraining(ctx, &client.Training{ProjectID: pool.ProjectID, PrivateName: "exam", TrainingTasksInTaskSuiteCount: ptr(1),
		MayContainAdultContent: new(bool), AssignmentMaxDurationSeconds: ptr(60)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.WaitTraining(ctx, tr.ID, client.StatusWait{})
	if err != nil || got.Status != "CLOSED" || got.ID != tr.ID {
		t.Fatalf("WaitTraining: %+v %v", got, err)
	}
	_, err = c.WaitTraining(ctx, tr.ID, client.StatusWait{Timeout: 60 * time.Millisecond, Interval: 20 * time.Millisecond}, client.TrainingOpen)
	var se *client.StatusWaitError
	if !errors.As(err, &se) || !se.TimedOut || se.Kind != "training" {
		t.Errorf("want a training's timeout, got %v", err)
	}
}
