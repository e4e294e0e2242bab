// Package monitor is what `tolokash monitor` shows: a snapshot of pools
// (status, completion, assignments by status, spending against the
// estimated budget, answers a minute, an ETA, recent bans) taken with the
// client, and its drawing at a terminal's width.
package monitor

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/streaming"
)

// Minutes is how many minutes of answers the sparkline shows.
const Minutes = 30

// Snapshot is the state of the watched pools at one time.
type Snapshot struct {
	Time    time.Time      `json:"time"`
	Balance client.Decimal `json:"balance"`
	Pools   []Pool         `json:"pools"`
}

// Pool is one pool in a snapshot.
type Pool struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Status      client.PoolStatus `json:"status"`
	Reward      client.Decimal    `json:"reward_per_assignment"`
	Tasks       int               `json:"tasks"`
	Completion  int               `json:"completion_percentage"` // -1 when unknown
	Assignments map[string]int    `json:"assignments"`           // by status: ACTIVE, SUBMITTED, ACCEPTED, REJECTED, SKIPPED
	Spent       client.Decimal    `json:"spent"`                 // without Toloka's fee (the spent_budget analytics)
	// Budget is the estimated cost of the whole pool, fee included
	// (EstimatePoolCost: an estimate, its fee rate assumed).
	Budget    client.Decimal `json:"budget_estimate"`
	Remaining client.Decimal `json:"remaining_estimate"` // of the work still to do
	// PerMinute are the answers submitted in each of the last Minutes
	// minutes, oldest first; Rate is the mean of the last five.
	PerMinute []int   `json:"answers_per_minute"`
	Rate      float64 `json:"rate_per_minute"`
	// ETA is how long the remaining assignments take at Rate; 0 when
	// unknown (no answers lately) or nothing remains.
	ETA        time.Duration `json:"-"`
	ETASeconds int           `json:"eta_seconds,omitempty"`
	Bans       []Ban         `json:"recent_bans"`
	Error      string        `json:"error,omitempty"` // what went wrong reading it
}

// Ban is a restriction of a Toloker in the pool or its project.
type Ban struct {
	UserID  string                      `json:"user_id"`
	Scope   client.UserRestrictionScope `json:"scope"`
	Comment string                      `json:"private_comment,omitempty"`
	Created time.Time                   `json:"created"`
}

// Collector takes snapshots of pools. It keeps what it learned between
// snapshots: a cursor over each pool's submissions (so the answers a minute
// cost only the new ones) and the budget estimates, which read every task.
type Collector struct {
	Client  *client.Client
	PoolIDs []string
	// EstimateEvery is how often the budget estimate is made again
	// (default 10 minutes); the first snapshot makes it.
	EstimateEvery time.Duration

	mu      sync.Mutex
	watches map[string]*watch
	now     func() time.Time
}

type watch struct {
	cursor    *streaming.Cursor
	minutes   map[int64]int // unix minute → answers submitted in it
	estimate  *client.CostEstimate
	estimated time.Time
}

// Snapshot reads every pool's state (the pools at once, a few requests each).
func (c *Collector) Snapshot(ctx context.Context) (*Snapshot, error) {
	now := time.Now
	if c.now != nil {
		now = c.now
	}
	c.mu.Lock()
	if c.watches == nil {
		c.watches = map[string]*watch{}
	}
	c.mu.Unlock()
	req, err := c.Client.GetRequester(ctx)
	if err != nil {
		return nil, err
	}
	s := &Snapshot{Time: now().UTC(), Balance: req.Balance, Pools: make([]Pool, len(c.PoolIDs))}
	var wg sync.WaitGroup
	for i, id := range c.PoolIDs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.pool(ctx, id, now())
			if err != nil {
				p.ID, p.Error = id, err.Error()
			}
			s.Pools[i] = p
		}()
	}
	wg.Wait()
	return s, ctx.Err()
}

func (c *Collector) watchOf(id string) *watch {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.watches[id]
	if w == nil {
		w = &watch{minutes: map[int64]int{}}
		c.watches[id] = w
	}
	return w
}

func (c *Collector) pool(ctx context.Context, id string, now time.Time) (Pool, error) {
	p := Pool{ID: id, Completion: -1, Assignments: map[string]int{}}
	pool, err := c.Client.GetPool(ctx, id)
	if err != nil {
		return p, err
	}
	p.Name, p.Status, p.Reward = pool.PrivateName, pool.Status, pool.RewardPerAssignment
	vals, err := c.Client.PoolAnalytics(ctx, id, "completion_percentage", "submitted_assignments_count", "approved_assignments_count",
		"rejected_assignments_count", "skipped_assignments_count", "spent_budget", "real_tasks_count")
	if err != nil {
		return p, err
	}
	for _, v := range vals {
		switch v.Name {
		case "completion_percentage":
			p.Completion, _ = v.Int()
		case "spent_budget":
			p.Spent, _ = v.Decimal()
		case "real_tasks_count":
			p.Tasks, _ = v.Int()
		default:
			n, _ := v.Int()
			status := strings.ToUpper(strings.TrimSuffix(v.Name, "_assignments_count"))
			if status == "APPROVED" {
				status = "ACCEPTED"
			}
			p.Assignments[status] = n
		}
	}
	// submitted_assignments_count counts the reviewed too (SUBMITTED,
	// ACCEPTED and REJECTED, as toloka-kit's SubmittedAssignmentsCountPoolAnalytics
	// says): what waits for review is the rest.
	p.Assignments["SUBMITTED"] = max(0, p.Assignments["SUBMITTED"]-p.Assignments["ACCEPTED"]-p.Assignments["REJECTED"])
	active, err := c.Client.FindAssignments(ctx, client.AssignmentFilter{PoolID: id, Status: []client.AssignmentStatus{client.AssignmentActive}, Limit: 1000})
	if err != nil {
		return p, err
	}
	p.Assignments["ACTIVE"] = len(active.Items)
	w := c.watchOf(id)
	every := c.EstimateEvery
	if every <= 0 {
		every = 10 * time.Minute
	}
	if w.estimate == nil || now.Sub(w.estimated) >= every {
		if e, err := c.Client.EstimatePoolCost(ctx, id, client.EstimateOptions{Pool: pool}); err == nil {
			w.estimate, w.estimated = e, now
		}
	}
	if w.estimate != nil {
		// The estimate counts remaining overlap when it was made; what was
		// spent since is the spent_budget (without fee) the analytics give.
		p.Budget, p.Remaining = w.estimate.Total, w.estimate.Remaining
	}
	if err := c.answers(ctx, w, id, now, &p); err != nil {
		return p, err
	}
	bans, err := c.bans(ctx, pool)
	if err != nil {
		return p, err
	}
	p.Bans = bans
	return p, nil
}

// answers counts the submissions of the last Minutes minutes, reading only
// those new since the last snapshot.
func (c *Collector) answers(ctx context.Context, w *watch, id string, now time.Time, p *Pool) error {
	if w.cursor == nil {
		w.cursor = &streaming.Cursor{Client: c.Client, Method: "find_assignments", TimeField: "submitted",
			Filter: map[string]any{"pool_id": id}, Lag: -1,
			State: streaming.CursorState{Time: client.TimestampOf(now.Add(-Minutes * time.Minute))}}
	}
	items, st, err := w.cursor.Fetch(ctx)
	if err != nil {
		return err
	}
	w.cursor.Commit(st)
	for _, it := range items {
		if t, err := it.Time.Time(); err == nil {
			w.minutes[t.Unix()/60]++
		}
	}
	last := now.Unix() / 60
	for m := range w.minutes {
		if m <= last-Minutes {
			delete(w.minutes, m)
		}
	}
	p.PerMinute = make([]int, Minutes)
	for i := range p.PerMinute {
		p.PerMinute[i] = w.minutes[last-int64(Minutes-1-i)]
	}
	// The rate over the last five minutes, the current one counted for the
	// part of it that has passed.
	recent := 0
	for _, n := range p.PerMinute[Minutes-5:] {
		recent += n
	}
	span := 4 + float64(now.Unix()%60+1)/60
	p.Rate = float64(recent) / span
	if remaining := assignmentsLeft(p, w.estimate); remaining > 0 && p.Rate > 0 && p.Status == client.PoolOpen {
		p.ETA = time.Duration(float64(remaining) / p.Rate * float64(time.Minute)).Round(time.Second)
		p.ETASeconds = int(p.ETA.Seconds())
	}
	return nil
}

// assignmentsLeft estimates the assignments still to be submitted: what the
// estimate counted, less those submitted since.
func assignmentsLeft(p *Pool, e *client.CostEstimate) int {
	if e == nil || p.Completion >= 100 {
		return 0
	}
	if p.Completion > 0 && e.Assignments > 0 {
		return e.Assignments * (100 - p.Completion) / 100
	}
	return e.RemainingAssignments
}

// bans are the five latest restrictions in the pool or its project.
func (c *Collector) bans(ctx context.Context, pool *client.Pool) ([]Ban, error) {
	out := []Ban{}
	for _, f := range []client.UserRestrictionFilter{{PoolID: pool.ID, Sort: []string{"-created"}, Limit: 5},
		{ProjectID: pool.ProjectID, Sort: []string{"-created"}, Limit: 5}} {
		if f.ProjectID == "" && f.PoolID == "" {
			continue
		}
		page, err := c.Client.FindUserRestrictions(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Items {
			t, _ := r.Created.Time()
			out = append(out, Ban{UserID: r.UserID, Scope: r.Scope, Comment: r.PrivateComment, Created: t})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	out = slices.CompactFunc(out, func(a, b Ban) bool { return a == b })
	if len(out) > 5 {
		out = out[:5]
	}
	return out, nil
}

// OpenPools lists the open pools (at most max), for a monitor given no ids.
func OpenPools(ctx context.Context, c *client.Client, max int) ([]string, error) {
	page, err := c.FindPools(ctx, client.PoolFilter{Status: client.PoolOpen, Sort: []string{"-last_started"}, Limit: max})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(page.Items))
	for i, p := range page.Items {
		ids[i] = p.ID
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no open pools: name the pools to watch (tolokash monitor POOL_ID…)")
	}
	return ids, nil
}
