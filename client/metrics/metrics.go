// Package metrics follows an account and its pools over time, as
// toloka-kit's toloka.metrics does: each metric gives named lines of
// (time, value) points when asked (Lines), with toloka-kit's metric and line
// names, and a MetricCollector asks them again and again and hands the
// points to a callback (a chart, a log, a monitoring system).
//
// The JavaScript runtime binds the package as require('toloka/metrics').
package metrics

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/streaming"
)

// Point is one value of a line at a time. Value is an int (counts), a
// client.Decimal (money, skill values) or a float64.
type Point struct {
	Time  time.Time
	Value any
}

// Lines are points by line name. A line absent or empty means nothing was
// measured this time, not zero.
type Lines map[string][]Point

// Metric is one of toloka-kit's metrics.
type Metric interface {
	// LineNames are the lines the metric can give.
	LineNames() []string
	// Lines measures: toloka-kit's get_lines.
	Lines(ctx context.Context) (Lines, error)
	// SetClient sets the client the metric asks (toloka-kit's bind_client).
	SetClient(c *client.Client)
	// Name is the metric's class name: "Balance", "AssignmentsInPool", …
	Name() string
}

// BindClient sets c as the client of every metric.
func BindClient(ms []Metric, c *client.Client) {
	for _, m := range ms {
		m.SetClient(c)
	}
}

func now() time.Time { return time.Now().UTC() }

func needClient(name string, c *client.Client) error {
	if c == nil {
		return fmt.Errorf("%s: no client: set Client or call BindClient", name)
	}
	return nil
}

// names returns the set names, or defaults when none is set (toloka-kit:
// naming any line switches the default ones off); it refuses duplicates.
func names(metric string, set []*string, defaults []string) error {
	named := false
	for _, s := range set {
		if *s != "" {
			named = true
		}
	}
	if !named {
		for i, d := range defaults {
			*set[i] = d
		}
	}
	seen := map[string]bool{}
	for _, s := range set {
		if *s != "" && seen[*s] {
			return fmt.Errorf("%s: the line name %q is used twice", metric, *s)
		}
		seen[*s] = true
	}
	return nil
}

func nonEmpty(ns ...string) []string {
	var out []string
	for _, n := range ns {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// Balance is the account's balance: one line, toloka_requester_balance.
type Balance struct {
	Client      *client.Client
	BalanceName string // default "toloka_requester_balance"
}

func (m *Balance) Name() string               { return "Balance" }
func (m *Balance) SetClient(c *client.Client) { m.Client = c }
func (m *Balance) LineNames() []string {
	if m.BalanceName == "" {
		m.BalanceName = "toloka_requester_balance"
	}
	return []string{m.BalanceName}
}

func (m *Balance) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	r, err := m.Client.GetRequester(ctx)
	if err != nil {
		return nil, err
	}
	return Lines{m.LineNames()[0]: {{Time: now(), Value: r.Balance}}}, nil
}

// eventCursor reads new objects of a find method from the first time it is
// asked on, as toloka-kit's metrics start their cursors at their creation.
type eventCursor struct {
	cursor *streaming.Cursor
}

func (e *eventCursor) read(ctx context.Context, c *client.Client, method, field string, filter map[string]any, lag time.Duration) ([]streaming.Item, error) {
	if e.cursor == nil {
		e.cursor = &streaming.Cursor{Client: c, Method: method, TimeField: field, Filter: filter, Lag: lag,
			State: streaming.CursorState{Time: client.TimestampOf(time.Now().Add(-lagOf(lag)))}}
	}
	e.cursor.Client = c
	items, st, err := e.cursor.Fetch(ctx)
	if err != nil {
		return nil, err
	}
	e.cursor.Commit(st)
	return items, nil
}

func lagOf(d time.Duration) time.Duration {
	switch {
	case d == 0:
		return streaming.DefaultLag
	case d < 0:
		return 0
	}
	return d
}

// grouped makes one point per run of items sharing a time, as toloka-kit's
// groupby: value sums over each run.
func grouped(items []streaming.Item, value func(streaming.Item) *big.Rat, asMoney bool) []Point {
	var out []Point
	for i := 0; i < len(items); {
		j := i
		sum := new(big.Rat)
		for j < len(items) && items[j].Time == items[i].Time {
			sum.Add(sum, value(items[j]))
			j++
		}
		at, _ := items[i].Time.Time()
		out = append(out, Point{Time: at, Value: ratValue(sum, asMoney)})
		i = j
	}
	return out
}

// joined is one point for all items: at the last one's time (or now, with a
// zero, when there are none).
func joined(items []streaming.Item, value func(streaming.Item) *big.Rat, asMoney bool) []Point {
	sum := new(big.Rat)
	for _, it := range items {
		sum.Add(sum, value(it))
	}
	at := now()
	if len(items) > 0 {
		at, _ = items[len(items)-1].Time.Time()
	}
	return []Point{{Time: at, Value: ratValue(sum, asMoney)}}
}

func ratValue(r *big.Rat, asMoney bool) any {
	if asMoney {
		return client.MustDecimal(moneyText(r))
	}
	return int(r.Num().Int64())
}

func moneyText(r *big.Rat) string {
	s := r.FloatString(4)
	for len(s) > 0 && s[len(s)-1] == '0' && s[len(s)-3] != '.' {
		s = s[:len(s)-1]
	}
	return s
}

var one = big.NewRat(1, 1)

func count(streaming.Item) *big.Rat { return one }

// field reads a member of an item.
func field(it streaming.Item, name string) json.RawMessage {
	var m map[string]json.RawMessage
	json.Unmarshal(it.Raw, &m)
	return m[name]
}

func amount(name string) func(streaming.Item) *big.Rat {
	return func(it streaming.Item) *big.Rat {
		var d client.Decimal
		if err := d.UnmarshalJSON(field(it, name)); err != nil || d.IsZero() {
			return new(big.Rat)
		}
		return d.Rat()
	}
}

func linesOf(items []streaming.Item, join bool, value func(streaming.Item) *big.Rat, asMoney bool) []Point {
	if join {
		return joined(items, value, asMoney)
	}
	return grouped(items, value, asMoney)
}

// NewUserBonuses follows the bonuses paid from its first call on: how
// many (bonus_count) and how much (bonus_money).
type NewUserBonuses struct {
	Client               *client.Client
	CursorTimeLag        time.Duration
	CountName, MoneyName string
	JoinEvents           bool
	cur                  eventCursor
}

func (m *NewUserBonuses) Name() string               { return "NewUserBonuses" }
func (m *NewUserBonuses) SetClient(c *client.Client) { m.Client = c }
func (m *NewUserBonuses) LineNames() []string {
	names(m.Name(), []*string{&m.CountName, &m.MoneyName}, []string{"bonus_count", "bonus_money"})
	return nonEmpty(m.CountName, m.MoneyName)
}

func (m *NewUserBonuses) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	if err := names(m.Name(), []*string{&m.CountName, &m.MoneyName}, []string{"bonus_count", "bonus_money"}); err != nil {
		return nil, err
	}
	items, err := m.cur.read(ctx, m.Client, "find_user_bonuses", "created", nil, m.CursorTimeLag)
	if err != nil {
		return nil, err
	}
	out := Lines{}
	if m.CountName != "" {
		out[m.CountName] = linesOf(items, m.JoinEvents, count, false)
	}
	if m.MoneyName != "" {
		out[m.MoneyName] = linesOf(items, m.JoinEvents, amount("amount"), true)
	}
	return out, nil
}

// NewUserSkills follows the values set for a skill from its first call on:
// how many (CountName, no default) and each value (skill_values).
type NewUserSkills struct {
	Client               *client.Client
	SkillID              string
	CursorTimeLag        time.Duration
	CountName, ValueName string
	JoinEvents           bool
	cur                  eventCursor
}

func (m *NewUserSkills) Name() string               { return "NewUserSkills" }
func (m *NewUserSkills) SetClient(c *client.Client) { m.Client = c }
func (m *NewUserSkills) LineNames() []string {
	if m.CountName == "" && m.ValueName == "" {
		m.ValueName = "skill_values"
	}
	return nonEmpty(m.CountName, m.ValueName)
}

func (m *NewUserSkills) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	if m.SkillID == "" {
		return nil, fmt.Errorf("NewUserSkills: which skill? set SkillID")
	}
	m.LineNames()
	if m.CountName != "" && m.CountName == m.ValueName {
		return nil, fmt.Errorf("NewUserSkills: the line name %q is used twice", m.CountName)
	}
	items, err := m.cur.read(ctx, m.Client, "find_user_skills", "modified", map[string]any{"skill_id": m.SkillID}, m.CursorTimeLag)
	if err != nil {
		return nil, err
	}
	out := Lines{}
	if m.CountName != "" {
		out[m.CountName] = linesOf(items, m.JoinEvents, count, false)
	}
	if m.ValueName != "" {
		pts := []Point{}
		for _, it := range items {
			at, _ := it.Time.Time()
			var d client.Decimal
			d.UnmarshalJSON(field(it, "exact_value"))
			pts = append(pts, Point{Time: at, Value: d})
		}
		out[m.ValueName] = pts
	}
	return out, nil
}

// NewMessageThreads counts the message threads created from its first call
// on: all of them (messages_count), and those of given projects and pools,
// each on a line of its own.
type NewMessageThreads struct {
	Client        *client.Client
	CursorTimeLag time.Duration
	CountName     string
	ProjectsName  map[string]string // project id → line name
	PoolsName     map[string]string // pool id → line name
	JoinEvents    bool
	cur           eventCursor
}

func (m *NewMessageThreads) Name() string               { return "NewMessageThreads" }
func (m *NewMessageThreads) SetClient(c *client.Client) { m.Client = c }
func (m *NewMessageThreads) LineNames() []string {
	var out []string
	for _, n := range m.ProjectsName {
		out = append(out, n)
	}
	for _, n := range m.PoolsName {
		out = append(out, n)
	}
	if m.CountName == "" && len(out) == 0 {
		m.CountName = "messages_count"
	}
	return append(out, nonEmpty(m.CountName)...)
}

func (m *NewMessageThreads) Lines(ctx context.Context) (Lines, error) {
	if err := needClient(m.Name(), m.Client); err != nil {
		return nil, err
	}
	lines := m.LineNames()
	seen := map[string]bool{}
	for _, n := range lines {
		if seen[n] {
			return nil, fmt.Errorf("NewMessageThreads: the line name %q is used twice", n)
		}
		seen[n] = true
	}
	items, err := m.cur.read(ctx, m.Client, "find_message_threads", "created", nil, m.CursorTimeLag)
	if err != nil {
		return nil, err
	}
	out := Lines{}
	if m.CountName != "" {
		out[m.CountName] = linesOf(items, m.JoinEvents, count, false)
	}
	meta := func(it streaming.Item) (pool, project string) {
		var t struct {
			Meta struct {
				PoolID    string `json:"pool_id"`
				ProjectID string `json:"project_id"`
			} `json:"meta"`
		}
		json.Unmarshal(it.Raw, &t)
		return t.Meta.PoolID, t.Meta.ProjectID
	}
	for _, by := range []struct {
		names map[string]string
		pool  bool
	}{{m.ProjectsName, false}, {m.PoolsName, true}} {
		for id, line := range by.names {
			var mine []streaming.Item
			for _, it := range items {
				pool, project := meta(it)
				if by.pool && pool == id || !by.pool && project == id {
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
	}
	return out, nil
}
