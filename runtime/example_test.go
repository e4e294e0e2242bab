package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/runtime"
)

// Embedding the runtime in a Go program: a client (here of an emulator in
// the process, as a program's own tests would use), a module of the
// program's own Go functions, a script, and its result as Go values.
func Example() {
	em, err := emulator.Start(emulator.Options{Demo: true})
	if err != nil {
		panic(err)
	}
	defer em.Close()
	c, err := client.New("any-token", client.WithURL(em.URL))
	if err != nil {
		panic(err)
	}
	rt, err := runtime.New(runtime.Options{Client: c, Stdout: os.Stdout})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	rt.RegisterModule("shop", map[string]any{
		"shout": strings.ToUpper,
	})
	ctx := context.Background()
	v, err := rt.Run(ctx, `
		const {shout} = require('shop');
		const pool = toloka.getPools({status: 'OPEN'}).first();
		console.log(shout(pool.private_name));
		({pool: pool.id, tasks: toloka.getTasks({pool_id: pool.id}).count()})`)
	if err != nil {
		panic(err)
	}
	fmt.Println(v.(map[string]any)["tasks"])
	// Output:
	// DEMO POOL
	// 40
}

// Run returns the script's value as Go values: objects as maps, arrays as
// slices, whole numbers as int64, dates as JSON writes them, a promise as
// what it settled with.
func ExampleRuntime_Run() {
	rt, err := runtime.New(runtime.Options{})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	v, err := rt.Run(context.Background(), `
		(async () => ({
			labels: ['cat', 'dog'],
			votes: new Map([['cat', 2], ['dog', 1]]),
			share: 2 / 3,
			when: new Date(Date.UTC(2026, 0, 2)),
		}))()`)
	if err != nil {
		panic(err)
	}
	m := v.(map[string]any)
	fmt.Println(m["labels"], m["votes"], m["when"])
	fmt.Printf("%.3f %T\n", m["share"], m["votes"].(map[string]any)["cat"])
	// Output:
	// [cat dog] map[cat:2 dog:1] 2026-01-02T00:00:00.000Z
	// 0.667 int64
}

type answer struct {
	Task  string `json:"task"`
	Label string `json:"label"`
}

// A module of Go functions: arguments convert to the parameters' Go types
// (an object to a struct by its json tags), a function taking a
// context.Context first gets the run's, and a non-nil error throws.
func ExampleRuntime_RegisterModule() {
	var stored []answer
	save := func(ctx context.Context, a answer) error {
		if a.Label == "" {
			return fmt.Errorf("answer for %s has no label", a.Task)
		}
		stored = append(stored, a) // a database call would take ctx
		return nil
	}
	rt, err := runtime.New(runtime.Options{Stdout: os.Stdout})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	rt.RegisterModule("store", map[string]any{
		"save":    save,
		"version": 2,
	})
	_, err = rt.Run(context.Background(), `
		const store = require('store');
		store.save({task: 't1', label: 'cat'});
		try { store.save({task: 't2'}) } catch (e) { console.log('refused:', e.message) }`)
	fmt.Println(stored, err)
	// Output:
	// refused: answer for t2 has no label
	// [{t1 cat}] <nil>
}

// Call runs a function a script defined, with Go arguments: scripts as
// plugins of a Go program.
func ExampleRuntime_Call() {
	ctx := context.Background()
	rt, err := runtime.New(runtime.Options{})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	_, err = rt.Run(ctx, `
		function accept(assignment) {
			return assignment.solutions.every(s => s.output_values.label !== 'unsure');
		}`)
	if err != nil {
		panic(err)
	}
	for _, label := range []string{"cat", "unsure"} {
		assignment := map[string]any{"solutions": []any{map[string]any{"output_values": map[string]any{"label": label}}}}
		ok, err := rt.Call(ctx, "accept", assignment)
		fmt.Println(label, ok, err)
	}
	// Output:
	// cat true <nil>
	// unsure false <nil>
}

// An error a script does not catch unwraps to its cause: the
// *client.APIError of a failed call, so a program tells what Toloka said
// from a bug in the script, or the limit that stopped the run.
func ExampleScriptError() {
	em, err := emulator.Start(emulator.Options{})
	if err != nil {
		panic(err)
	}
	defer em.Close()
	c, err := client.New("any-token", client.WithURL(em.URL))
	if err != nil {
		panic(err)
	}
	rt, err := runtime.New(runtime.Options{Client: c, TimeLimit: 100 * time.Millisecond})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	ctx := context.Background()
	for _, src := range []string{`toloka.getPool('404')`, `toloka.getPol('404')`, `for (;;) {}`} {
		_, err := rt.Run(ctx, src)
		var apiErr *client.APIError
		var se *runtime.ScriptError
		switch {
		case errors.As(err, &apiErr):
			fmt.Println("Toloka says:", apiErr.Code, apiErr.Status, errors.Is(err, client.ErrNotFound))
		case errors.Is(err, context.DeadlineExceeded), errors.Is(err, runtime.ErrTimeLimit):
			fmt.Println("too slow:", err)
		case errors.As(err, &se):
			fmt.Println("the script failed:", se.Message)
		}
	}
	// Output:
	// Toloka says: DOES_NOT_EXIST 404 true
	// the script failed: TypeError: toloka.getPol is not a function; did you mean getPool?
	// too slow: time limit exceeded: the run was stopped after 100ms
}

// A stopped run matches the cause that fired: here the caller's deadline,
// not the runtime's TimeLimit.
func ExampleRuntime_Run_deadline() {
	rt, err := runtime.New(runtime.Options{TimeLimit: 10 * time.Second})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = rt.Run(ctx, `for (;;) {}`)
	fmt.Println(errors.Is(err, context.DeadlineExceeded), errors.Is(err, runtime.ErrTimeLimit))
	// Output:
	// true false
}

// Go work on another goroutine that settles a promise on the event loop:
// the hold keeps the run from ending until the work is done, and Done
// hands the result back to the loop's goroutine, the only one that may
// touch the VM. This needs goja's types: VM and the loop are the escape
// hatches for what the Go-typed methods do not cover.
func ExampleRuntime_Loop() {
	rt, err := runtime.New(runtime.Options{Stdout: os.Stdout})
	if err != nil {
		panic(err)
	}
	rt.Set("later", func(call goja.FunctionCall) goja.Value {
		vm := rt.VM()
		n := call.Argument(0).ToInteger() // JavaScript values stay on the loop
		promise, resolve, _ := vm.NewPromise()
		hold := rt.Loop().Hold()
		go func() {
			sum := n * 2 // the Go work, off the loop
			hold.Done(func(*goja.Runtime) { resolve(sum) })
		}()
		return vm.ToValue(promise)
	})
	v, err := rt.Run(context.Background(), `later(21).then(v => 'settled with ' + v)`)
	fmt.Println(v, err)
	// Output:
	// settled with 42 <nil>
}

// Running scripts you do not trust: each in a fresh Untrusted runtime from a
// Pool, with a time limit and a memory budget; the value comes back as
// plain Go values, made while the run's limits held.
func ExamplePool() {
	pool := runtime.NewPool(func() (*runtime.Runtime, error) {
		return runtime.New(runtime.Options{Untrusted: true, TimeLimit: 2 * time.Second, MemoryLimit: 64 << 20, Stdout: os.Stdout})
	}, 2)
	defer pool.Close()
	v, err := pool.Run(context.Background(), `({sum: [1, 2, 3].reduce((a, b) => a + b), at: 'the end'})`)
	fmt.Println(v, err)
	var me *runtime.MemoryLimitError
	_, err = pool.Run(context.Background(), `const big = new Uint8Array(2 ** 30)`)
	fmt.Println(errors.As(err, &me), me.Asked>>20, "MiB asked")
	_, err = pool.Run(context.Background(), `for (;;) {}`)
	fmt.Println(errors.Is(err, runtime.ErrTimeLimit), err)
	// Output:
	// map[at:the end sum:6] <nil>
	// true 1024 MiB asked
	// true time limit exceeded: the run was stopped after 2s
}
