package runtime_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

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
	// DEMO POOL 20
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
	_, err = pool.RunString(context.Background(), `const big = new Uint8Array(2 ** 30)`)
	fmt.Println(strings.SplitN(err.Error(), ";", 2)[0])
	_, err = pool.RunString(context.Background(), `for (;;) {}`)
	fmt.Println(strings.SplitN(err.Error(), "\n", 2)[0])
	// Output:
	// map[at:the end sum:6] <nil>
	// RangeError: memory limit exceeded: new Uint8Array(1073741824) needs 1024 MiB
	// time limit exceeded: the run was stopped after 2s
}
