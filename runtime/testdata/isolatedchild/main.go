// Command isolatedchild serves the isolated runs of the runtime's tests: a
// program built without the race detector (whose shadow memory no
// address-space limit would allow) that calls ServeIsolated.
package main

import (
	"fmt"
	"os"

	"github.com/tolokash/tolokash/runtime"
)

func main() {
	runtime.ServeIsolated()
	fmt.Fprintln(os.Stderr, "isolatedchild: not started as an isolated child")
	os.Exit(2)
}
