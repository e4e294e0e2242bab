package runtime_test

import (
	"context"
	"fmt"
	"os"
	"strings"

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
