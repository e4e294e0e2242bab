// Command review accepts or rejects the work of a closed pool against the
// majority of the crowd's answers (Review, in review.go). Its test,
// review_test.go, shows how to test code that uses the client: against an
// emulator that emulatortest starts for the test, with a crowd that works
// in milliseconds.
//
// With TOLOKA_TOKEN it reviews a sandbox pool; without, the demo pool of an
// emulator in the process, once its simulated Tolokers (two hundred times
// as fast as real ones) are done:
//
//	go run ./examples/review [-pool ID] [-field label]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
)

func main() {
	poolID := flag.String("pool", "", "the pool to review (default: the emulator's demo pool)")
	field := flag.String("field", "label", "the output field that holds the answer")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, *poolID, *field); err != nil {
		fmt.Fprintln(os.Stderr, "review:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, poolID, field string) error {
	var c *client.Client
	var err error
	if token := os.Getenv("TOLOKA_TOKEN"); token != "" {
		if poolID == "" {
			return fmt.Errorf("-pool is needed with TOLOKA_TOKEN")
		}
		c, err = client.New(token, client.WithEnvironment(client.Sandbox))
		if err != nil {
			return err
		}
	} else {
		// emulator.Start is for programs; a test takes emulatortest.Start(t, …).
		em, err := emulator.Start(emulator.Options{Demo: true, Pace: 200})
		if err != nil {
			return err
		}
		defer em.Close()
		if c, err = client.New("any-token", client.WithURL(em.URL)); err != nil {
			return err
		}
		if poolID, err = demoPool(ctx, c); err != nil {
			return err
		}
	}
	if err := waitClosed(ctx, c, poolID); err != nil {
		return err
	}
	s, err := Review(ctx, c, poolID, field)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "pool %s: %d accepted, %d rejected\n", poolID, s.Accepted, s.Rejected)
	return nil
}

// demoPool is the emulator's demo pool.
func demoPool(ctx context.Context, c *client.Client) (string, error) {
	for pool, err := range c.Pools(ctx, client.PoolFilter{Status: client.PoolOpen}) {
		if err != nil {
			return "", err
		}
		return pool.ID, nil
	}
	return "", fmt.Errorf("the emulator has no open pool")
}

// waitClosed waits until the pool's work is done.
func waitClosed(ctx context.Context, c *client.Client, poolID string) error {
	for {
		pool, err := c.GetPool(ctx, poolID)
		if err != nil {
			return err
		}
		if pool.IsClosed() {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for pool %s to close: %w", poolID, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
