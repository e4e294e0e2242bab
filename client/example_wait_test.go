package client_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
)

// What a pool will cost, its estimate checked before it opens, then a wait
// for its Tolokers to finish it (a local emulator's, working fast).
func ExampleClient_WaitPool() {
	em, _ := emulator.Start(emulator.Options{Demo: true, WorkDelay: 5 * time.Millisecond})
	defer em.Close()
	c, _ := client.New("token", client.WithURL(em.URL))
	ctx := context.Background()
	open, _ := c.FindPools(ctx, client.PoolFilter{Status: client.PoolOpen})
	poolID := open.Items[0].ID

	est, _ := c.EstimatePoolCost(ctx, poolID, client.EstimateOptions{})
	fmt.Println(est.Tasks, "tasks,", est.Assignments, "assignments:", est.Total, "in all, an estimate")
	pool, err := c.WaitPool(ctx, poolID, client.StatusWait{Interval: 50 * time.Millisecond, Timeout: time.Minute}, client.PoolClosed)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pool", pool.Status)
	// Output:
	// 40 tasks, 120 assignments: 3.12 in all, an estimate
	// pool CLOSED
}

// The budget guard: OpenPool with MaxCost estimates what the pool's
// remaining work costs and refuses, sending nothing, to open it for more.
func ExampleMaxCost() {
	em, err := emulator.Start(emulator.Options{Demo: true, WorkDelay: time.Hour})
	if err != nil {
		panic(err)
	}
	defer em.Close()
	ctx := context.Background()
	c, err := client.New("any-token", client.WithURL(em.URL))
	if err != nil {
		panic(err)
	}
	open, err := c.FindPools(ctx, client.PoolFilter{Status: client.PoolOpen, Limit: 1})
	if err != nil {
		panic(err)
	}
	poolID := open.Items[0].ID
	if _, err := c.ClosePool(ctx, poolID); err != nil {
		panic(err)
	}

	_, err = c.OpenPool(ctx, poolID, client.MaxCost("1.00"))
	var over *client.BudgetError
	if errors.As(err, &over) {
		fmt.Println("not opened: its work is estimated at", over.Estimate.Remaining)
	}
	pool, err := c.OpenPool(ctx, poolID, client.MaxCost("5.00"), client.FeeRate("0.3"))
	if err != nil {
		panic(err)
	}
	fmt.Println("pool", pool.Status)
	// Output:
	// not opened: its work is estimated at 2.99
	// pool OPEN
}
