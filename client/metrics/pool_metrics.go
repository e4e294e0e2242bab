package metrics

import (
	"context"
	"encoding/json"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/streaming"
)

// AssignmentEventsInPool counts a pool's assignment events from its first
// call on, one line per event type named: by default submitted_events_in_pool,
// accepted_events_in_pool and rejected_events_in_pool.
type AssignmentEventsInPool struct {
	Client                                                                           *client.Client
	PoolID                                                                           string
	CreatedName, SubmittedName, AcceptedName, RejectedName, SkippedName, ExpiredName string
	JoinEvents                                                                       bool
	CursorTimeLag                                                                    time.Duration
	curs                                                                             map[streaming.EventType]*eventCursor
}

func (m *AssignmentEventsInPool) Name() string               { return "AssignmentEventsInPool" }
func (m *AssignmentEventsInPool) SetClient(c *client.Client) { m.Client = c }

func (m *AssignmentEventsInPool) named() (map[streaming.EventType]string, error) {
	set := []*string{&m.CreatedName, &m.SubmittedName, &m.AcceptedName, &m.RejectedName, &m.SkippedName, &m.ExpiredName}
	if err := names(m.Name(), set, []string{"", "submitted_events_in_pool", "accepted_events_in_pool", "rejected_events_in_pool", "", ""}); err != nil {
		return nil, err
	}
	out := map[streaming.EventType]string{}
	for i, t := range streaming.EventTypes {
		if *set[i] != "" {
			out[t] = *set[i]
		}
	}
	return out, nil
}

func (m *AssignmentEventsInPool) LineNames() []string {
	named, _ := m.named()
	var out []string
	for _, t := range streaming.EventTypes {
		if n, ok := named[t]; ok {
			out = append(out, n)
		}
	}
	return out
}

func (m *AssignmentEventsInPool) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	named, err := m.named()
	if err != nil {
		return nil, err
	}
	if m.curs == nil {
		m.curs = map[streaming.EventType]*eventCursor{}
	}
	out := Lines{}
	for _, t := range streaming.EventTypes {
		line, ok := named[t]
		if !ok {
			continue
		}
		cur := m.curs[t]
		if cur == nil {
			cur = &eventCursor{}
			m.curs[t] = cur
		}
		items, err := cur.read(ctx, m.Client, "find_assignments", t.TimeField(), map[string]any{"pool_id": m.PoolID}, m.CursorTimeLag)
		if err != nil {
			return nil, err
		}
		out[line] = linesOf(items, m.JoinEvents, count, false)
	}
	return out, nil
}

// analyticsLines runs pool analytics and gives each value a line, at the
// time the server computed it.
func analyticsLines(ctx context.Context, c *client.Client, reqs []*client.AnalyticsRequest, lines []string,
	value func(client.AnalyticsValue) (any, error)) (Lines, error) {
	vals, err := c.Analytics(ctx, reqs...)
	if err != nil {
		return nil, err
	}
	out := Lines{}
	for i, v := range vals {
		x, err := value(v)
		if err != nil {
			return nil, err
		}
		at, err := v.Finished.Time()
		if err != nil {
			at = now()
		}
		out[lines[i]] = []Point{{Time: at, Value: x}}
	}
	return out, nil
}

func poolRequest(poolID, name string) *client.AnalyticsRequest {
	return &client.AnalyticsRequest{Subject: "POOL", SubjectID: poolID, Name: name}
}

func intValue(v client.AnalyticsValue) (any, error) { return v.Int() }

// PoolCompletedPercentage is how much of a pool is done: completion_percentage.
type PoolCompletedPercentage struct {
	Client       *client.Client
	PoolID       string
	PercentsName string // default "completion_percentage"
}

func (m *PoolCompletedPercentage) Name() string               { return "PoolCompletedPercentage" }
func (m *PoolCompletedPercentage) SetClient(c *client.Client) { m.Client = c }
func (m *PoolCompletedPercentage) LineNames() []string {
	if m.PercentsName == "" {
		m.PercentsName = "completion_percentage"
	}
	return []string{m.PercentsName}
}

func (m *PoolCompletedPercentage) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	return analyticsLines(ctx, m.Client, []*client.AnalyticsRequest{poolRequest(m.PoolID, "completion_percentage")},
		m.LineNames(), intValue)
}

// AssignmentsInPool counts a pool's assignments by status: by default
// submitted_assignments_in_pool (every completed one: submitted, accepted
// or rejected, as Toloka's analytics count), accepted_assignments_in_pool
// and rejected_assignments_in_pool; SkippedName adds skipped ones.
type AssignmentsInPool struct {
	Client                                                 *client.Client
	PoolID                                                 string
	SubmittedName, AcceptedName, RejectedName, SkippedName string
}

func (m *AssignmentsInPool) Name() string               { return "AssignmentsInPool" }
func (m *AssignmentsInPool) SetClient(c *client.Client) { m.Client = c }

func (m *AssignmentsInPool) analytics() ([]string, []string, error) {
	set := []*string{&m.SubmittedName, &m.AcceptedName, &m.RejectedName, &m.SkippedName}
	if err := names(m.Name(), set, []string{"submitted_assignments_in_pool", "accepted_assignments_in_pool", "rejected_assignments_in_pool", ""}); err != nil {
		return nil, nil, err
	}
	metric := []string{"submitted_assignments_count", "approved_assignments_count", "rejected_assignments_count", "skipped_assignments_count"}
	var lines, asked []string
	for i, s := range set {
		if *s != "" {
			lines, asked = append(lines, *s), append(asked, metric[i])
		}
	}
	return lines, asked, nil
}

func (m *AssignmentsInPool) LineNames() []string { lines, _, _ := m.analytics(); return lines }

func (m *AssignmentsInPool) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	lines, asked, err := m.analytics()
	if err != nil {
		return nil, err
	}
	reqs := make([]*client.AnalyticsRequest, len(asked))
	for i, a := range asked {
		reqs[i] = poolRequest(m.PoolID, a)
	}
	return analyticsLines(ctx, m.Client, reqs, lines, intValue)
}

// TasksInPool is how many tasks a pool holds: tasks_count.
type TasksInPool struct {
	Client    *client.Client
	PoolID    string
	TasksName string // default "tasks_count"
}

func (m *TasksInPool) Name() string               { return "TasksInPool" }
func (m *TasksInPool) SetClient(c *client.Client) { m.Client = c }
func (m *TasksInPool) LineNames() []string {
	if m.TasksName == "" {
		m.TasksName = "tasks_count"
	}
	return []string{m.TasksName}
}

func (m *TasksInPool) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	return analyticsLines(ctx, m.Client, []*client.AnalyticsRequest{poolRequest(m.PoolID, "real_tasks_count")}, m.LineNames(), intValue)
}

// SpentBudgetOnPool is what a pool has cost so far, without Toloka's fee:
// spent_money.
type SpentBudgetOnPool struct {
	Client    *client.Client
	PoolID    string
	MoneyName string // default "spent_money"
}

func (m *SpentBudgetOnPool) Name() string               { return "SpentBudgetOnPool" }
func (m *SpentBudgetOnPool) SetClient(c *client.Client) { m.Client = c }
func (m *SpentBudgetOnPool) LineNames() []string {
	if m.MoneyName == "" {
		m.MoneyName = "spent_money"
	}
	return []string{m.MoneyName}
}

func (m *SpentBudgetOnPool) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	return analyticsLines(ctx, m.Client, []*client.AnalyticsRequest{poolRequest(m.PoolID, "spent_budget")}, m.LineNames(),
		func(v client.AnalyticsValue) (any, error) { return v.Decimal() })
}

// WorkersByFilterOnPool is how many Tolokers who fit the pool's filter were
// active in the last IntervalHours (default 1): workers_count.
type WorkersByFilterOnPool struct {
	Client        *client.Client
	PoolID        string
	WorkersName   string // default "workers_count"
	IntervalHours int    // default 1
}

func (m *WorkersByFilterOnPool) Name() string               { return "WorkersByFilterOnPool" }
func (m *WorkersByFilterOnPool) SetClient(c *client.Client) { m.Client = c }
func (m *WorkersByFilterOnPool) LineNames() []string {
	if m.WorkersName == "" {
		m.WorkersName = "workers_count"
	}
	return []string{m.WorkersName}
}

func (m *WorkersByFilterOnPool) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	hours := m.IntervalHours
	if hours <= 0 {
		hours = 1
	}
	req := poolRequest(m.PoolID, "active_workers_by_filter_count")
	req.IntervalHours = &hours
	return analyticsLines(ctx, m.Client, []*client.AnalyticsRequest{req}, m.LineNames(), intValue)
}

// BansInPool counts the restrictions set in a pool from its first call on
// (bans_count), and those with given private comments on lines of their own.
type BansInPool struct {
	Client          *client.Client
	PoolID          string
	CountName       string
	FilterByComment map[string]string // private comment → line name
	JoinEvents      bool
	CursorTimeLag   time.Duration
	cur             eventCursor
}

func (m *BansInPool) Name() string               { return "BansInPool" }
func (m *BansInPool) SetClient(c *client.Client) { m.Client = c }
func (m *BansInPool) LineNames() []string {
	var out []string
	for _, n := range m.FilterByComment {
		out = append(out, n)
	}
	if m.CountName == "" && len(out) == 0 {
		m.CountName = "bans_count"
	}
	return append(out, nonEmpty(m.CountName)...)
}

func (m *BansInPool) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	m.LineNames()
	items, err := m.cur.read(ctx, m.Client, "find_user_restrictions", "created", map[string]any{"pool_id": m.PoolID}, m.CursorTimeLag)
	if err != nil {
		return nil, err
	}
	out := Lines{}
	if m.CountName != "" {
		out[m.CountName] = linesOf(items, m.JoinEvents, count, false)
	}
	for comment, line := range m.FilterByComment {
		var mine []streaming.Item
		for _, it := range items {
			var c string
			json.Unmarshal(field(it, "private_comment"), &c)
			if c == comment {
				mine = append(mine, it)
			}
		}
		if m.JoinEvents {
			pts := joined(mine, count, false)
			pts[0].Time = now()
			out[line] = pts
		} else {
			out[line] = grouped(mine, count, false)
		}
	}
	return out, nil
}
