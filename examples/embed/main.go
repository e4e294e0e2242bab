// Command embed runs JavaScript automation inside a Go program: the program
// gives its scripts a module of its own ("inventory": Go functions over the
// program's data), runs a script, reads the script's result as Go values,
// and tells an error of the Toloka API from a bug in the script.
//
// Without TOLOKA_TOKEN it runs against an emulator in the process; with one,
// against Toloka's sandbox. A script file given as the argument runs
// instead of the built-in one:
//
//	go run ./examples/embed [script.js]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/runtime"
)

// script reports the open pools through the program's module and returns
// a summary.
const script = `
const inventory = require('inventory');
const pools = toloka.getPools({status: 'OPEN'}).toArray();
for (const p of pools) {
  inventory.record(p.private_name, toloka.getTasks({pool_id: p.id}).count());
}
({open: pools.length, names: pools.map(p => inventory.label(p.private_name))})
`

func main() {
	ctx := context.Background()
	if err := run(ctx, os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// pools is the program's own data, which the script fills in.
type pools struct {
	tasks map[string]int
}

func run(ctx context.Context, out io.Writer, args []string) error {
	c, stop, err := connect()
	if err != nil {
		return err
	}
	defer stop()
	rt, err := runtime.New(runtime.Options{Client: c, Stdout: out})
	if err != nil {
		return err
	}
	defer rt.Close()

	seen := pools{tasks: map[string]int{}}
	rt.RegisterModule("inventory", map[string]any{
		"record": func(name string, tasks int) { seen.tasks[name] = tasks },
		"label":  strings.ToUpper,
	})

	src := script
	if len(args) > 0 {
		b, err := os.ReadFile(args[0])
		if err != nil {
			return err
		}
		src = string(b)
	}
	v, err := rt.Run(ctx, src)
	if err != nil {
		return explain(err)
	}
	summary, _ := v.(map[string]any)
	fmt.Fprintf(out, "the script says: %v open pools, %v\n", summary["open"], summary["names"])
	for name, n := range seen.tasks {
		fmt.Fprintf(out, "the program holds: %s has %d tasks\n", name, n)
	}

	// The same runtime again: a call that fails at Toloka.
	_, err = rt.Run(ctx, `toloka.getPool('123456789')`)
	fmt.Fprintln(out, explain(err))
	return nil
}

// explain tells what went wrong: what Toloka answered, or the script's own
// error as a person reads it.
func explain(err error) error {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return fmt.Errorf("Toloka answered %s (HTTP %d): %s", apiErr.Code, apiErr.Status, apiErr.Message)
	}
	return err
}

// connect makes a client of Toloka's sandbox with TOLOKA_TOKEN, else of an
// emulator with a demo pool, serving until stop.
func connect() (c *client.Client, stop func(), err error) {
	if token := os.Getenv("TOLOKA_TOKEN"); token != "" {
		c, err = client.New(token, client.WithEnvironment(client.Sandbox))
		return c, func() {}, err
	}
	em, err := emulator.Start(emulator.Options{Demo: true})
	if err != nil {
		return nil, nil, err
	}
	c, err = client.New("any-token", client.WithURL(em.URL))
	if err != nil {
		em.Close()
		return nil, nil, err
	}
	return c, func() { em.Close() }, nil
}
