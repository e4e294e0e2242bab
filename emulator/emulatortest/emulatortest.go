// Package emulatortest starts the Toloka emulator for tests: Start takes the
// test's testing.TB, fails the test when the emulator cannot start, stops it
// when the test ends, and makes the simulated crowd fast, so work arrives
// within milliseconds:
//
//	em := emulatortest.Start(t, emulator.Options{Seed: 7})
//	c, err := client.New("any-token", client.WithURL(em.URL))
//
// A program (a demo, an example, a local mode) has no testing.TB: it calls
// emulator.Start and closes what that returns.
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
// thresholds) keep their meaning; an operation takes 5 ms.
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
