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

// Embedding the runtime in another Go program: a client (here against a local
// emulator), a Go function of the program's own exposed to JavaScript, a script.
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
	rt.Set("shout", strings.ToUpper)
	_, err = rt.RunString(context.Background(), `
		const pool = toloka.getPools({status: 'OPEN'}).first();
		console.log(shout(pool.private_name), toloka.getTasks({pool_id: pool.id}).count());
	`)
	fmt.Println(err)
	// Output:
	// DEMO POOL 40
	// <nil>
}

// Go work on another goroutine that settles a promise on the event loop:
// the hold keeps RunString from returning until the work is done, and Done
// hands the result back to the loop's goroutine, the only one that may touch
// the VM.
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
	_, err = rt.RunString(context.Background(), `later(21).then(v => console.log('settled with', v))`)
	fmt.Println(err)
	// Output:
	// settled with 42
	// <nil>
}

// Running scripts you do not trust: each in a fresh Untrusted runtime from a
// Pool, with a time limit and a memory budget; the value comes back as
// plain Go values, made while the run's limits held.
func ExamplePool() {
	pool := runtime.NewPool(func() (*runtime.Runtime, error) {
		return runtime.New(runtime.Options{Untrusted: true, TimeLimit: 2 * time.Second, MemoryLimit: 64 << 20, Stdout: os.Stdout})
	}, 2)
	defer pool.Close()
	v, err := pool.RunString(context.Background(), `({sum: [1, 2, 3].reduce((a, b) => a + b), at: 'the end'})`)
	fmt.Println(v.Export().(*runtime.Detached).Value, err)
	var se *runtime.ScriptError
	_, err = pool.RunString(context.Background(), `const big = new Uint8Array(2 ** 30)`)
	if errors.As(err, &se) {
		fmt.Println(strings.SplitN(se.Message, ";", 2)[0])
	}
	_, err = pool.RunString(context.Background(), `for (;;) {}`)
	if errors.As(err, &se) {
		fmt.Println(se.Message)
	}
	// Output:
	// map[at:the end sum:6] <nil>
	// RangeError: memory limit exceeded: new Uint8Array(1073741824) needs 1024 MiB
	// time limit exceeded: the run was stopped after 2s
}
