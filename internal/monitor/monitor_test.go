package monitor

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

func TestSparkline(t *testing.T) {
	// Zero is the lowest bar; any answer shows above it.
	if got := Sparkline([]int{0, 1, 2, 4, 8, 0}); got != "▁▂▃▅█▁" {
		t.Errorf("got %q", got)
	}
	if got := Sparkline([]int{0, 0}); got != "▁▁" {
		t.Errorf("all zero: %q", got)
	}
}

// TestCollectorReadsAKnownState: a closed pool of ten submitted
// assignments at 0.02, of which six are accepted and two rejected, and a
// ban: the snapshot counts each, the money to the cent, and the answers of
// the last minutes.
func TestCollectorReadsAKnownState(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{DemoAssignments: 10})
	c, _ := client.New("t", client.WithURL(em.URL), client.WithPollInterval(5*time.Millisecond))
	ctx := context.Background()
	pools, _ := c.FindPools(ctx, client.PoolFilter{})
	id := pools.Items[0].ID
	page, _ := c.FindAssignments(ctx, client.AssignmentFilter{PoolID: id})
	for i, a := range page.Items[:8] {
		if i < 6 {
			c.AcceptAssignment(ctx, a.ID, "ok")
		} else {
			c.RejectAssignment(ctx, a.ID, "no")
		}
	}
	if _, err := c.SetUserRestriction(ctx, &client.UserRestriction{Scope: "POOL", PoolID: id, UserID: em.Server.WorkerIDs()[0], PrivateComment: "fast answers"}); err != nil {
		t.Fatal(err)
	}
	col := &Collector{Client: c, PoolIDs: []string{id}}
	s, err := col.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := s.Pools[0]
	if p.Error != "" {
		t.Fatal(p.Error)
	}
	want := map[string]int{"ACTIVE": 0, "SUBMITTED": 2, "ACCEPTED": 6, "REJECTED": 2, "SKIPPED": 0}
	for k, n := range want {
		if p.Assignments[k] != n {
			t.Errorf("%s: %d, want %d", k, p.Assignments[k], n)
		}
	}
	// 10 assignments × 0.02 × 1.3 (the assumed fee) = 0.26; spent: 6 × 0.02.
	if p.Status != "CLOSED" || p.Tasks != 10 || p.Completion != 100 || p.Spent.String() != "0.12" || p.Budget.String() != "0.26" || s.Balance.String() != "999.88" {
		t.Errorf("pool %+v, balance %s", p, s.Balance)
	}
	total := 0
	for _, n := range p.PerMinute {
		total += n
	}
	if len(p.PerMinute) != Minutes || total != 10 || p.PerMinute[Minutes-1] != 10 {
		t.Errorf("answers a minute: %v", p.PerMinute)
	}
	if len(p.Bans) != 1 || p.Bans[0].Comment != "fast answers" || p.Bans[0].Scope != "POOL" {
		t.Errorf("bans %+v", p.Bans)
	}
	// The next snapshot reads only what is new: the answers stay counted once.
	s, _ = col.Snapshot(ctx)
	total = 0
	for _, n := range s.Pools[0].PerMinute {
		total += n
	}
	if total != 10 {
		t.Errorf("the second snapshot counts %d answers", total)
	}

	for _, width := range []int{40, 72, 120} {
		text := Render(s, Style{Width: width, Header: "test", Color: width == 72})
		for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
			if w := visibleWidth(line); w > width {
				t.Errorf("width %d: a line of %d columns: %q", width, w, line)
			}
		}
		for _, want := range []string{"pool " + id, "CLOSED", "100%", "accepted 6", "rejected 2", "0.12 of ≈0.26", "fast answers", "▁"} {
			if width >= 72 && !strings.Contains(text, want) {
				t.Errorf("width %d lacks %q:\n%s", width, want, text)
			}
		}
	}
}

func TestMissingPool(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL))
	s, err := (&Collector{Client: c, PoolIDs: []string{"4242"}}).Snapshot(context.Background())
	if err != nil || s.Pools[0].Error == "" || !strings.Contains(Render(s, Style{Width: 80}), "4242") {
		t.Errorf("a missing pool: %v %+v", err, s)
	}
}
