package metrics_test

import (
	"context"
	"fmt"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/metrics"
	"github.com/tolokash/tolokash/emulator"
)

// A pool's assignments and spending, and the balance, with toloka-kit's
// line names, from a local emulator whose pool holds four submissions at
// 0.02, one of them accepted.
func ExampleMetricCollector_Collect() {
	em, _ := emulator.Start(emulator.Options{DemoAssignments: 4})
	defer em.Close()
	c, _ := client.New("token", client.WithURL(em.URL))
	ctx := context.Background()
	pools, _ := c.FindPools(ctx, client.PoolFilter{})
	poolID := pools.Items[0].ID
	page, _ := c.FindAssignments(ctx, client.AssignmentFilter{PoolID: poolID, Limit: 1})
	c.AcceptAssignment(ctx, page.Items[0].ID, "ok")

	ms := []metrics.Metric{&metrics.Balance{}, &metrics.AssignmentsInPool{PoolID: poolID}, &metrics.SpentBudgetOnPool{PoolID: poolID}}
	metrics.BindClient(ms, c)
	col, _ := metrics.NewMetricCollector(ms, nil)
	lines, err := col.Collect(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range []string{"toloka_requester_balance", "submitted_assignments_in_pool", "accepted_assignments_in_pool", "spent_money"} {
		fmt.Println(name, lines[name][0].Value)
	}
	// Output:
	// toloka_requester_balance 999.98
	// submitted_assignments_in_pool 4
	// accepted_assignments_in_pool 1
	// spent_money 0.02
}
