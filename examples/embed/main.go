// Command embed shows tolokash embedded in another Go program: a client, a Go
// function of the program's own exposed to JavaScript, and a script using both.
// Without TOLOKA_TOKEN it runs against an in-process emulator.
//
//	go run ./examples/embed
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/runtime"
)

const script = `
const pools = toloka.getPools({status: 'OPEN'}).toArray();
for (const p of pools) {
  report(p.private_name, toloka.getTasks({pool_id: p.id}).count());
}
pools.length;
`

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	var c *client.Client
	var err error
	if token := os.Getenv("TOLOKA_TOKEN"); token != "" {
		c, err = client.New(token, client.WithEnvironment(client.Sandbox))
	} else {
		em, startErr := emulator.Start(emulator.Options{Demo: true})
		if startErr != nil {
			return startErr
		}
		defer em.Close()
		c, err = client.New("local", client.WithURL(em.URL))
	}
	if err != nil {
		return err
	}
	rt, err := runtime.New(runtime.Options{Client: c, Stdout: out})
	if err != nil {
		return err
	}
	// The program's own function, callable from the script.
	rt.Set("report", func(name string, tasks int) {
		fmt.Fprintf(out, "%-20s %d tasks\n", strings.ToUpper(name), tasks)
	})
	v, err := rt.RunString(context.Background(), script)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d open pools\n", v.ToInteger())
	return nil
}
