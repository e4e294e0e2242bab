package client_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// TestEstimatePoolCost: 30 tasks of overlap 3, two real tasks a suite, at
// 0.02 a suite: 45 assignments, 0.90 of rewards, 0.27 of fee at the assumed
// 30 %, 1.17 in all, exactly; another fee rate is taken as given.
func TestEstimatePoolCost(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL))
	ctx := context.Background()
	pool := newWorkPool(t, c, 30, 3, true)
	pool.MixerConfig = &client.MixerConfig{RealTasksCount: ptr(2), GoldenTasksCount: ptr(0), TrainingTasksCount: ptr(0)}
	if _, err := c.UpdatePool(ctx, pool.ID, pool); err != nil {
		t.Fatal(err)
	}
	e, err := c.EstimatePoolCost(ctx, pool.ID, client.EstimateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if e.Tasks != 30 || e.TasksPerSuite != 2 || e.Assignments != 45 || e.RemainingAssignments != 45 {
		t.Errorf("counted %+v", e)
	}
	for name, got := range map[string]client.Decimal{"reward": e.Reward, "fee": e.Fee, "total": e.Total, "remaining": e.Remaining} {
		want := map[string]string{"reward": "0.90", "fee": "0.27", "total": "1.17", "remaining": "1.17"}[name]
		if got.String() != want {
			t.Errorf("%s %s, want %s", name, got, want)
		}
	}
	if !strings.Contains(e.Note(), "an estimate") || !strings.Contains(e.Note(), "30% Toloka fee") {
		t.Errorf("note %q", e.Note())
	}
	e, err = c.EstimatePoolCost(ctx, pool.ID, client.EstimateOptions{FeeRate: client.MustDecimal("0.2"), Tasks: 10})
	if err != nil || e.Assignments != 15 || e.Total.String() != "0.36" {
		t.Errorf("10 tasks at 20 %%: %+v %v", e, err)
	}
}

// TestOpenPoolBudgetGuard: open_pool refuses, sending nothing, to open a
// pool whose estimate is over max_cost or over the balance, and opens it
// when it fits.
func TestOpenPoolBudgetGuard(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{Balance: "1.00"})
	c, _ := client.New("t", client.WithURL(em.URL))
	ctx := context.Background()
	pool := newWorkPool(t, c, 40, 1, true) // 40 × 0.02 × 1.3 = 1.04
	_, err := c.OpenPool(ctx, pool.ID, client.MaxCost("1.00"))
	var be *client.BudgetError
	if !errors.As(err, &be) || be.Balance || be.Estimate.Remaining.String() != "1.04" || !errors.Is(err, client.ErrBudget) {
		t.Fatalf("max_cost 1.00: want a budget error at 1.04, got %v", err)
	}
	if !strings.Contains(err.Error(), "refusing to open pool "+pool.ID) || !strings.Contains(err.Error(), "max_cost 1.00") {
		t.Errorf("message: %v", err)
	}
	if _, err := c.OpenPoolAsync(ctx, pool.ID, client.CheckBalance()); !errors.As(err, &be) || !be.Balance {
		t.Fatalf("check_balance with 1.00 on the account: want a budget error, got %v", err)
	}
	if p, _ := c.GetPool(ctx, pool.ID); p.Status != client.PoolClosed {
		t.Fatalf("a refused pool was opened: %s", p.Status)
	}
	if _, err := c.OpenPool(ctx, pool.ID, client.MaxCost("1.04"), client.CheckBalance(), client.FeeRate("0.25")); err != nil {
		t.Fatalf("1.00 at a 25 %% fee fits both: %v", err)
	}
	_, err = c.Invoke(ctx, "open_pool", client.Call{Args: []any{pool.ID}, Options: map[string]any{"max_cost": "lots"}})
	var ae *client.ArgError
	if !errors.As(err, &ae) || ae.Param != "max_cost" {
		t.Errorf("a max_cost that is no number: %v", err)
	}
}
