// Package emulatortest starts the Toloka emulator for other packages' tests.
package emulatortest

import (
	"testing"
	"time"

	"github.com/tolokash/tolokash/emulator"
)

// Start serves an emulator on a loopback port until the test ends. Unset
// timings default to fast ones, so simulated work arrives within milliseconds.
func Start(t testing.TB, opts emulator.Options) *emulator.Running {
	t.Helper()
	if opts.WorkDelay == 0 {
		opts.WorkDelay = 5 * time.Millisecond
	}
	if opts.OperationDelay == 0 {
		opts.OperationDelay = 5 * time.Millisecond
	}
	run, err := emulator.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { run.Close() })
	return run
}
