// Package emulatortest starts the Toloka emulator for other packages' tests.
package emulatortest

import (
	"testing"
	"time"

	"github.com/tolokash/tolokash/emulator"
)

// Start serves an emulator on a loopback port until the test ends. Unset
// timings default to fast ones: the crowd works 2000 times as fast as a real
// one (an assignment in about 5 ms), so simulated work arrives within
// milliseconds while the crowd's own durations (time limits, fast-response
// thresholds) keep their meaning.
func Start(t testing.TB, opts emulator.Options) *emulator.Running {
	t.Helper()
	if opts.WorkDelay == 0 && opts.Pace == 0 {
		opts.WorkDelay, opts.Pace = emulator.DefaultWorkDelay, 2000
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
