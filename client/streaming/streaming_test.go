package streaming_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/streaming"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

func newClient(t *testing.T, opts emulator.Options) (*client.Client, *emulator.Running) {
	t.Helper()
	em := emulatortest.Start(t, opts)
	c, err := client.New("t", client.WithURL(em.URL), client.WithPollInterval(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return c, em
}

// bigPoolID finds the demo pool of submitted assignments.
func bigPoolID(t *testing.T, c *client.Client) string {
	t.Helper()
	page, err := c.FindPools(context.Background(), client.PoolFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Items {
		if p.PrivateName != "" && p.Status == client.PoolClosed {
			return p.ID
		}
	}
	t.Fatal("no demo pool")
	return ""
}

// TestCursorReadsEachOnceInTimeOrder: 2,500 assignments submitted within a
// few milliseconds, so that whole pages share an instant, read through small
// pages and batches: every one once, in time order, and nothing more once
// they are all read.
func TestCursorReadsEachOnceInTimeOrder(t *testing.T) {
	c, _ := newClient(t, emulator.Options{DemoAssignments: 2500})
	pool := bigPoolID(t, c)
	cur := &streaming.Cursor{Client: c, Method: "find_assignments", TimeField: "submitted",
		Filter: map[string]any{"pool_id": pool}, Lag: -1, BatchSize: 97}
	seen := map[string]bool{}
	var last client.Timestamp
	for batches := 0; ; batches++ {
		items, st, err := cur.FetchAtMost(context.Background(), 300)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == 0 {
			break
		}
		if len(items) > 300 || batches > 20 {
			t.Fatalf("batch of %d, %d batches", len(items), batches)
		}
		for _, it := range items {
			if seen[it.ID] {
				t.Fatalf("%s read twice", it.ID)
			}
			if it.Time < last {
				t.Fatalf("%s at %s after %s", it.ID, it.Time, last)
			}
			seen[it.ID], last = true, it.Time
		}
		cur.Commit(st)
	}
	if len(seen) != 2500 {
		t.Fatalf("read %d of 2500", len(seen))
	}
	items, _, err := cur.Fetch(context.Background())
	if err != nil || len(items) != 0 {
		t.Fatalf("again: %d items, %v", len(items), err)
	}
}

// TestCursorLag: what happened within the lag is left for a later read.
func TestCursorLag(t *testing.T) {
	c, _ := newClient(t, emulator.Options{DemoAssignments: 10})
	pool := bigPoolID(t, c)
	cur := &streaming.Cursor{Client: c, Method: "find_assignments", TimeField: "submitted",
		Filter: map[string]any{"pool_id": pool}, Lag: time.Hour}
	if items, _, err := cur.Fetch(context.Background()); err != nil || len(items) != 0 {
		t.Fatalf("within an hour's lag: %d items, %v", len(items), err)
	}
	cur.Lag = 0 // the default, a minute
	if items, _, _ := cur.Fetch(context.Background()); len(items) != 0 {
		t.Fatalf("within a minute's lag: %d items", len(items))
	}
}

// reviewer accepts what is submitted and counts what it handled, by id.
type reviewer struct {
	c        *client.Client
	mu       sync.Mutex
	reviewed map[string]int
	accepted map[string]int
	after    func(n int) // called after each batch with the number reviewed so far
}

func newReviewer(c *client.Client) *reviewer {
	return &reviewer{c: c, reviewed: map[string]int{}, accepted: map[string]int{}}
}

func (r *reviewer) submitted(ctx context.Context, events []streaming.AssignmentEvent) error {
	for _, e := range events {
		a, err := e.Decode()
		if err != nil {
			return err
		}
		if _, err := r.c.AcceptAssignment(ctx, a.ID, "ok"); err != nil {
			return err
		}
		r.mu.Lock()
		r.reviewed[a.ID]++
		n := len(r.reviewed)
		r.mu.Unlock()
		if r.after != nil {
			r.after(n)
		}
	}
	return nil
}

func (r *reviewer) acceptedEvents(_ context.Context, events []streaming.AssignmentEvent) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range events {
		a, _ := e.Decode()
		r.accepted[a.ID]++
	}
	return nil
}

// counter is a stateful handler: how many events it saw, saved with the cursors.
type counter struct{ N int }

func (c *counter) HandleEvents(_ context.Context, events []streaming.AssignmentEvent) error {
	c.N += len(events)
	return nil
}
func (c *counter) SaveState() (json.RawMessage, error)    { return json.Marshal(c) }
func (c *counter) RestoreState(raw json.RawMessage) error { return json.Unmarshal(raw, c) }

// workPool opens a pool of n tasks (overlap 2) that waits for review.
func workPool(t *testing.T, c *client.Client, n int) string {
	t.Helper()
	ctx := context.Background()
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	res, err := c.Invoke(ctx, "create_project", client.Call{Args: []any{raw(map[string]any{
		"public_name": "p", "public_description": "d",
		"task_spec": map[string]any{"input_spec": map[string]any{"x": map[string]any{"type": "string"}},
			"output_spec": map[string]any{"y": map[string]any{"type": "string"}},
			"view_spec":   map[string]any{"type": "classic", "markup": "{{x}}"}},
	})}})
	if err != nil {
		t.Fatal(err)
	}
	var project struct{ ID string }
	json.Unmarshal(res.JSON, &project)
	no := false
	pool, err := c.CreatePool(ctx, &client.Pool{ProjectID: project.ID, PrivateName: "work", MayContainAdultContent: &no,
		RewardPerAssignment: client.MustDecimal("0.01"), AssignmentMaxDurationSeconds: client.Int(600), WillExpire: "2030-01-01T00:00:00",
		Defaults: &client.PoolDefaults{DefaultOverlapForNewTasks: client.Int(2), DefaultOverlapForNewTaskSuites: client.Int(2)}, AutoAcceptSolutions: &no})
	if err != nil {
		t.Fatal(err)
	}
	tasks := make([]*client.Task, n)
	for i := range tasks {
		tasks[i] = &client.Task{PoolID: pool.ID, Overlap: client.Int(2), InputValues: map[string]any{"x": fmt.Sprint(i)}}
	}
	if _, err := c.CreateTasks(ctx, tasks, client.OpenPoolAfter()); err != nil {
		t.Fatal(err)
	}
	return pool.ID
}

// TestPipelineReviewsEverySubmissionOnce: a pipeline accepts every
// assignment as it is submitted and sees each acceptance; it ends by itself
// once the pool is closed and every event is delivered.
func TestPipelineReviewsEverySubmissionOnce(t *testing.T) {
	c, _ := newClient(t, emulator.Options{WorkDelay: 10 * time.Millisecond})
	pool := workPool(t, c, 15)
	r := newReviewer(c)
	obs := streaming.NewAssignmentsObserver(c, pool).SetCursorTimeLag(50 * time.Millisecond).
		OnSubmitted(r.submitted).OnAccepted(r.acceptedEvents)
	statuses := streaming.NewPoolStatusObserver(c, pool)
	var closed int
	statuses.OnClosed(func(_ context.Context, p *client.Pool) error {
		if p.Status == client.PoolClosed && p.ID == pool {
			closed++
		}
		return nil
	})
	p := &streaming.Pipeline{Period: 30 * time.Millisecond}
	if err := p.Register(obs); err != nil {
		t.Fatal(err)
	}
	p.Register(statuses)
	if err := p.Register(streaming.NewAssignmentsObserver(c, pool)); err == nil {
		t.Error("a second observer of the same pool was registered")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := p.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if len(r.reviewed) != 30 || len(r.accepted) != 30 {
		t.Fatalf("reviewed %d, saw %d accepted; want 30 and 30", len(r.reviewed), len(r.accepted))
	}
	for id, n := range r.reviewed {
		if n != 1 || r.accepted[id] != 1 {
			t.Errorf("%s reviewed %d times, accepted seen %d times", id, n, r.accepted[id])
		}
	}
	if closed != 1 {
		t.Errorf("the pool closing was reported %d times", closed)
	}
}

// TestPipelineStopsAndResumes: a pipeline stopped in the middle saves where
// it stands; another run of it (new observers, same storage) goes on from
// there, and together they review every assignment exactly once; a stateful
// handler's count carries over. A second run of a pipeline already running
// on the storage is refused.
func TestPipelineStopsAndResumes(t *testing.T) {
	c, _ := newClient(t, emulator.Options{WorkDelay: 10 * time.Millisecond})
	pool := workPool(t, c, 20)
	dir := t.TempDir()
	storage := streaming.JSONLocalStorage{Dir: dir}
	total := map[string]int{}
	run := func(stopAfter int) (*counter, error) {
		r := newReviewer(c)
		count := &counter{}
		obs := streaming.NewAssignmentsObserver(c, pool).SetCursorTimeLag(50 * time.Millisecond).OnSubmitted(r.submitted)
		obs.On(streaming.Submitted, count)
		p := &streaming.Pipeline{Period: 30 * time.Millisecond, Storage: storage, Name: "review"}
		p.Register(obs)
		if stopAfter > 0 {
			r.after = func(n int) {
				if n == stopAfter {
					p.Stop()
					// A run already on holds the storage.
					other := &streaming.Pipeline{Storage: storage, Name: "review"}
					other.Register(streaming.NewAssignmentsObserver(c, pool).OnSubmitted(r.submitted))
					if err := other.Run(context.Background()); !errors.Is(err, streaming.ErrLocked) {
						t.Errorf("a second run on the storage: %v", err)
					}
				}
			}
		}
		err := p.Run(context.Background())
		for id, n := range r.reviewed {
			total[id] += n
		}
		return count, err
	}
	first, err := run(7)
	if !errors.Is(err, streaming.ErrStopped) {
		t.Fatalf("first run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "review.json")); err != nil {
		t.Fatalf("no saved state: %v", err)
	}
	second, err := run(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(total) != 40 {
		t.Fatalf("reviewed %d assignments, want 40", len(total))
	}
	for id, n := range total {
		if n != 1 {
			t.Errorf("%s reviewed %d times", id, n)
		}
	}
	if second.N != 40 || first.N >= 40 || first.N < 7 {
		t.Errorf("the stateful handler counted %d then %d; want it to reach 40 across the runs", first.N, second.N)
	}
	if _, err := os.Stat(filepath.Join(dir, "review.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a finished pipeline's state is left: %v", err)
	}
}

// TestPipelineHandlerFailure: a handler that fails ends the run with a
// HandlerError naming it; its batch is not committed, so the next run
// delivers it again.
func TestPipelineHandlerFailure(t *testing.T) {
	c, em := newClient(t, emulator.Options{DemoAssignments: 5})
	_ = em
	pool := bigPoolID(t, c)
	storage := streaming.JSONLocalStorage{Dir: t.TempDir()}
	boom := errors.New("boom")
	var got []int
	run := func(fail bool) error {
		p := &streaming.Pipeline{Period: 10 * time.Millisecond, Storage: storage}
		p.Register(streaming.NewAssignmentsObserver(c, pool).SetCursorTimeLag(-1).
			OnSubmitted(func(_ context.Context, ev []streaming.AssignmentEvent) error {
				got = append(got, len(ev))
				if fail {
					return boom
				}
				return nil
			}))
		return p.Run(context.Background())
	}
	err := run(true)
	var he *streaming.HandlerError
	if !errors.As(err, &he) || !errors.Is(err, boom) || he.Event != "SUBMITTED" || he.Events != 5 {
		t.Fatalf("want the handler's error, got %v", err)
	}
	if err := run(false); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != 5 || got[1] != 5 {
		t.Errorf("batches delivered: %v; want the 5 events twice", got)
	}
}
