package bindings_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// TestBadInputFromScripts runs testdata/bad_input.js: typos, missing ids,
// wrong types, cycles, a 10 MB string, a 200k-element array, a 10k-deep object
// and 200k tasks in one call. Each works or throws an error naming the method
// and argument; none hangs, panics or overflows the stack.
func TestBadInputFromScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: 200k tasks")
	}
	run := emulatortest.Start(t, emulator.Options{Seed: 8})
	c, err := client.New("local", client.WithURL(run.URL), client.WithPollInterval(5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	vm := newVM(t, c)
	var log []string
	vm.Set("log", func(s string) { log = append(log, s) })
	src, err := os.ReadFile("testdata/bad_input.js")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := vm.RunScript("bad_input.js", string(src))
		done <- err
	}()
	select {
	case err = <-done:
	case <-time.After(3 * time.Minute):
		vm.Interrupt("hang")
		t.Fatalf("bad_input.js hangs; it got to:\n%s", strings.Join(log, "\n"))
	}
	if err != nil {
		t.Fatalf("%v\nafter:\n%s", err, strings.Join(log, "\n"))
	}
	if len(log) != 20 {
		t.Errorf("%d checks ran, want 20:\n%s", len(log), strings.Join(log, "\n"))
	}
	t.Logf("\n%s", strings.Join(log, "\n"))
}
