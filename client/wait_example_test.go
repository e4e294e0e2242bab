package client_test

import (
	"context"
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
