package client_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
)

// A client of a local emulator, as a program's tests would make one; the
// same code runs against Toloka with client.WithEnvironment(client.Sandbox)
// and a real token.
func Example() {
	em, err := emulator.Start(emulator.Options{Demo: true})
	if err != nil {
		panic(err)
	}
	defer em.Close()
	ctx := context.Background()
	c, err := client.New("any-token", client.WithURL(em.URL))
	if err != nil {
		panic(err)
	}
	requester, err := c.GetRequester(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println("balance", requester.Balance)
	for pool, err := range c.Pools(ctx, client.PoolFilter{Status: "OPEN"}) {
		if err != nil {
			panic(err)
		}
		tasks := 0
		for _, err := range c.Tasks(ctx, client.TaskFilter{PoolID: pool.ID}) {
			if err != nil {
				panic(err)
			}
			tasks++
		}
		fmt.Println(pool.PrivateName, tasks, "tasks")
	}
	// Output:
	// balance 1000
	// demo pool 40 tasks
}

// Reviewing the work of a pool: every submitted assignment, accepted. The
// iterator fetches the next page while this one is worked through.
func ExampleClient_Assignments() {
	em, err := emulator.Start(emulator.Options{Demo: true, WorkDelay: time.Hour}) // no new work while this runs
	if err != nil {
		panic(err)
	}
	defer em.Close()
	ctx := context.Background()
	c, err := client.New("any-token", client.WithURL(em.URL))
	if err != nil {
		panic(err)
	}
	page, err := c.FindPools(ctx, client.PoolFilter{Status: "OPEN"})
	if err != nil {
		panic(err)
	}
	poolID := page.Items[0].ID
	accepted := 0
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: poolID, Status: []string{"SUBMITTED"}}) {
		if err != nil {
			panic(err)
		}
		if _, err := c.AcceptAssignment(ctx, a.ID, "Well done"); err != nil {
			panic(err)
		}
		accepted++
	}
	fmt.Println("accepted", accepted)
	// Output:
	// accepted 5
}

// An error answer of the API is a *client.APIError, and matches the
// sentinel of its code's class.
func ExampleAPIError() {
	em, err := emulator.Start(emulator.Options{})
	if err != nil {
		panic(err)
	}
	defer em.Close()
	ctx := context.Background()
	c, err := client.New("any-token", client.WithURL(em.URL))
	if err != nil {
		panic(err)
	}
	_, err = c.GetPool(ctx, "404")
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.Status, apiErr.Message)
	}
	if errors.Is(err, client.ErrNotFound) {
		fmt.Println("no such pool")
	}
	// Output:
	// DOES_NOT_EXIST 404 Pool "404" does not exist
	// no such pool
}
