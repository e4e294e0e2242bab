package streaming_test

import (
	"context"
	"fmt"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/streaming"
	"github.com/tolokash/tolokash/emulator"
)

// A pipeline that accepts each assignment as it is submitted, as
// toloka-kit's streaming notebook does, against a local emulator whose pool
// holds three submissions. It ends by itself: the pool is closed and every
// event is delivered.
func ExamplePipeline() {
	em, _ := emulator.Start(emulator.Options{DemoAssignments: 3})
	defer em.Close()
	c, _ := client.New("token", client.WithURL(em.URL))
	ctx := context.Background()
	pools, _ := c.FindPools(ctx, client.PoolFilter{})
	poolID := pools.Items[0].ID

	observer := streaming.NewAssignmentsObserver(c, poolID).SetCursorTimeLag(-1) // the emulator needs no lag
	observer.OnSubmitted(func(ctx context.Context, events []streaming.AssignmentEvent) error {
		for _, e := range events {
			a, err := e.Decode()
			if err != nil {
				return err
			}
			if _, err := c.AcceptAssignment(ctx, a.ID, "Well done"); err != nil {
				return err
			}
		}
		fmt.Println("accepted", len(events))
		return nil
	})
	observer.OnAccepted(func(_ context.Context, events []streaming.AssignmentEvent) error {
		fmt.Println("saw", len(events), "accepted")
		return nil
	})
	p := &streaming.Pipeline{Period: 10 * time.Millisecond}
	p.Register(observer)
	if err := p.Run(ctx); err != nil {
		fmt.Println(err)
	}
	// Output:
	// accepted 3
	// saw 3 accepted
}
