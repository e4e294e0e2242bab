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
	for pool, err := range c.Pools(ctx, client.PoolFilter{Status: client.PoolOpen}) {
		if err != nil {
			panic(err)
		}
		tasks := 0
		for _, err := range c.Tasks(ctx, client.TaskFilter{PoolID: pool.ID}, client.BatchSize(100)) {
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
	page, err := c.FindPools(ctx, client.PoolFilter{Status: client.PoolOpen, Limit: 1})
	if err != nil {
		panic(err)
	}
	poolID := page.Items[0].ID
	accepted := 0
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: poolID, Status: []client.AssignmentStatus{client.AssignmentSubmitted}}) {
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

// A create of a list answers in the list's order: what each object made,
// or why it was refused.
func ExampleClient_CreateTasks() {
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
	page, err := c.FindPools(ctx, client.PoolFilter{Status: client.PoolOpen, Limit: 1})
	if err != nil {
		panic(err)
	}
	pool := page.Items[0]
	tasks := []*client.Task{
		{PoolID: pool.ID, InputValues: client.Values{"image": "https://example.com/pets/cat.jpg"}},
		{PoolID: pool.ID, InputValues: client.Values{"image": 42}}, // not a URL
		{PoolID: pool.ID, InputValues: client.Values{"image": "https://example.com/pets/owl.jpg"}},
	}
	created, err := c.CreateTasks(ctx, tasks, client.AllowDefaults(), client.SkipInvalidItems())
	if err != nil {
		panic(err)
	}
	for i, task := range created.Items {
		if err := created.Errors[i]; err != nil {
			fmt.Println("refused:", err)
			continue
		}
		fmt.Println("made", task.InputValues["image"])
	}
	// Output:
	// made https://example.com/pets/cat.jpg
	// refused: item 1: input_values.image: STRING_EXPECTED (Value must be a string)
	// made https://example.com/pets/owl.jpg
}

// A method that waits for an operation takes WaitFor and OnProgress, and
// returns the object the operation changed.
func ExampleClient_ClosePool() {
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
	page, err := c.FindPools(ctx, client.PoolFilter{Status: client.PoolOpen, Limit: 1})
	if err != nil {
		panic(err)
	}
	pool, err := c.ClosePool(ctx, page.Items[0].ID, client.WaitFor(time.Minute))
	if err != nil {
		panic(err)
	}
	fmt.Println(pool.PrivateName, pool.Status, pool.Status == client.PoolClosed)
	// Output:
	// demo pool CLOSED true
}

// An error answer of the API is a *client.APIError naming the method
// called, and matches the sentinel of its code's class.
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
		fmt.Println(apiErr.Method, apiErr.Code, apiErr.Status, apiErr.Message)
	}
	if errors.Is(err, client.ErrNotFound) {
		fmt.Println("no such pool")
	}
	// Output:
	// get_pool DOES_NOT_EXIST 404 Pool "404" does not exist
	// no such pool
}

// What the last HTTP answer of a method said beyond its body.
func ExampleCaptureResponse() {
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
	var resp client.Response
	requester, err := c.GetRequester(ctx, client.CaptureResponse(&resp))
	if err != nil {
		panic(err)
	}
	fmt.Println(requester.Balance, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Requests, "request,", resp.Attempts, "try")
	// Output:
	// 1000 200 application/json 1 request, 1 try
}

// Ptr makes the pointers of optional fields, which tell false and 0 from
// absent.
func ExamplePtr() {
	pool := client.NewPool()
	pool.AutoAcceptSolutions = client.Ptr(false)
	pool.Priority = client.Ptr(10)
	fmt.Println(*pool.AutoAcceptSolutions, *pool.Priority)
	// Output:
	// false 10
}
