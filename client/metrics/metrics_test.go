package metrics_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/metrics"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// value is the one point of a line, written as a string.
func value(t *testing.T, l metrics.Lines, name string) string {
	t.Helper()
	pts, ok := l[name]
	if !ok {
		t.Fatalf("no line %s in %v", name, l)
	}
	if len(pts) != 1 {
		t.Fatalf("%s: %d points, want 1: %v", name, len(pts), pts)
	}
	return fmt.Sprint(pts[0].Value)
}

// sum adds up the points of a count line.
func sum(l metrics.Lines, name string) int {
	n := 0
	for _, p := range l[name] {
		n += p.Value.(int)
	}
	return n
}

// TestMetricsAgainstAKnownState: a pool of ten submitted assignments at
// 0.02, an account of 1000.00. Six accepted, two rejected, two bonuses
// (0.15 and 0.10), a ban in the pool, a skill value and a message later,
// every metric says exactly that, under toloka-kit's line names, to the cent.
func TestMetricsAgainstAKnownState(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{DemoAssignments: 10})
	c, err := client.New("t", client.WithURL(em.URL), client.WithPollInterval(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pools, _ := c.FindPools(ctx, client.PoolFilter{})
	pool := pools.Items[0].ID
	skill, err := c.CreateSkill(ctx, &client.Skill{Name: "accuracy"})
	if err != nil {
		t.Fatal(err)
	}
	none := time.Duration(-1)
	events := &metrics.AssignmentEventsInPool{PoolID: pool, CursorTimeLag: none}
	bonuses := &metrics.NewUserBonuses{CursorTimeLag: none}
	bans := &metrics.BansInPool{PoolID: pool, CursorTimeLag: none, FilterByComment: map[string]string{"fast": "fast_bans"}, CountName: "bans_count"}
	skills := &metrics.NewUserSkills{SkillID: skill.ID, CursorTimeLag: none, CountName: "skill_count", ValueName: "skill_values"}
	threads := &metrics.NewMessageThreads{CursorTimeLag: none, JoinEvents: true}
	all := []metrics.Metric{&metrics.Balance{}, &metrics.SpentBudgetOnPool{PoolID: pool}, &metrics.AssignmentsInPool{PoolID: pool},
		&metrics.TasksInPool{PoolID: pool}, &metrics.PoolCompletedPercentage{PoolID: pool}, &metrics.WorkersByFilterOnPool{PoolID: pool},
		events, bonuses, bans, skills, threads}
	metrics.BindClient(all, c)
	collector, err := metrics.NewMetricCollector(all, nil)
	if err != nil {
		t.Fatal(err)
	}
	before, err := collector.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"toloka_requester_balance": "1000", "spent_money": "0.00",
		"submitted_assignments_in_pool": "10", "accepted_assignments_in_pool": "0", "rejected_assignments_in_pool": "0",
		"tasks_count": "10", "completion_percentage": "100", "workers_count": "5", "messages_count": "0"} {
		if got := value(t, before, name); got != want && !(name == "spent_money" && got == "0") {
			t.Errorf("before: %s = %s, want %s", name, got, want)
		}
	}
	for _, name := range []string{"submitted_events_in_pool", "accepted_events_in_pool", "rejected_events_in_pool", "bonus_count", "bonus_money", "bans_count", "skill_count", "skill_values"} {
		if len(before[name]) != 0 {
			t.Errorf("before: %s has points %v; new events only count from the first call", name, before[name])
		}
	}

	time.Sleep(5 * time.Millisecond)
	page, _ := c.FindAssignments(ctx, client.AssignmentFilter{PoolID: pool, Limit: 10})
	workers := em.Server.WorkerIDs()
	for i, a := range page.Items {
		switch {
		case i < 6:
			_, err = c.AcceptAssignment(ctx, a.ID, "ok")
		case i < 8:
			_, err = c.RejectAssignment(ctx, a.ID, "wrong")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, amount := range []string{"0.15", "0.10"} {
		if _, err := c.CreateUserBonus(ctx, &client.UserBonus{UserID: workers[0], Amount: client.MustDecimal(amount),
			PublicTitle: client.LocalizedText{"EN": "thanks"}, PublicMessage: client.LocalizedText{"EN": "well done"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.SetUserRestriction(ctx, &client.UserRestriction{Scope: "POOL", PoolID: pool, UserID: workers[1], PrivateComment: "fast"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetUserSkill(ctx, &client.SetUserSkillRequest{SkillID: skill.ID, UserID: workers[2], Value: client.MustDecimal("73.5")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ComposeMessageThread(ctx, &client.MessageThreadCompose{RecipientsSelectType: "DIRECT", RecipientsIDs: workers[:1],
		Topic: client.LocalizedText{"EN": "hi"}, Text: client.LocalizedText{"EN": "hello"}, Answerable: new(bool)}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)

	after, err := collector.Collect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// 1000 − 6 × 0.02 − 0.15 − 0.10. Submitted counts the reviewed too
	// (SUBMITTED, ACCEPTED and REJECTED, as toloka-kit's
	// SubmittedAssignmentsCountPoolAnalytics says).
	for name, want := range map[string]string{"toloka_requester_balance": "999.63", "spent_money": "0.12",
		"submitted_assignments_in_pool": "10", "accepted_assignments_in_pool": "6", "rejected_assignments_in_pool": "2",
		"messages_count": "1"} {
		if got := value(t, after, name); got != want {
			t.Errorf("after: %s = %s, want %s", name, got, want)
		}
	}
	for name, want := range map[string]int{"accepted_events_in_pool": 6, "rejected_events_in_pool": 2, "submitted_events_in_pool": 0,
		"bonus_count": 2, "bans_count": 1, "fast_bans": 1, "skill_count": 1} {
		if got := sum(after, name); got != want {
			t.Errorf("after: %s counts %d, want %d (%v)", name, got, want, after[name])
		}
	}
	money := client.MustDecimal("0").Rat()
	for _, p := range after["bonus_money"] {
		money.Add(money, p.Value.(client.Decimal).Rat())
	}
	if money.FloatString(2) != "0.25" {
		t.Errorf("bonus_money adds up to %s, want 0.25", money.FloatString(2))
	}
	if got := after["skill_values"]; len(got) != 1 || got[0].Value.(client.Decimal).String() != "73.5" {
		t.Errorf("skill_values %v", got)
	}
	again, _ := collector.Collect(ctx)
	if sum(again, "accepted_events_in_pool")+sum(again, "bonus_count")+sum(again, "bans_count") != 0 {
		t.Errorf("events counted twice: %v", again)
	}
}

// TestMetricCollectorRuns: the collector passes points on as they come,
// and refuses two metrics giving lines of one name.
func TestMetricCollectorRuns(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL))
	if _, err := metrics.NewMetricCollector([]metrics.Metric{&metrics.Balance{}, &metrics.Balance{}}, nil); err == nil ||
		!strings.Contains(err.Error(), `"toloka_requester_balance"`) {
		t.Errorf("two balances: %v", err)
	}
	got := make(chan metrics.Lines, 10)
	col, err := metrics.NewMetricCollector([]metrics.Metric{&metrics.Balance{Client: c, BalanceName: "money"}}, func(l metrics.Lines) { got <- l })
	if err != nil {
		t.Fatal(err)
	}
	col.Interval, col.Tick = 20*time.Millisecond, 10*time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- col.Run(ctx) }()
	points := 0
	for points < 3 {
		select {
		case l := <-got:
			points += len(l["money"])
		case <-time.After(10 * time.Second):
			t.Fatal("no points")
		}
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run: %v", err)
	}
}
