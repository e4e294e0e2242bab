package main

import (
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/tolokash/tolokash/runtime"
)

// watchSignals makes Ctrl-C (SIGINT) and SIGTERM end a script the way
// long-running work wants: the first asks it to wind down — a streaming
// pipeline finishes the callback in progress and saves its cursors — and
// interrupts the script once it has; with nothing to wind down, or at a
// second signal, the script is interrupted at once. exitCode turns the
// run's code into 128 + the signal's number when a signal ended it, as
// shells report.
func watchSignals(rt *runtime.Runtime) (stop func(), exitCode func(int) int) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	var mu sync.Mutex
	var got os.Signal
	go func() {
		for {
			select {
			case <-done:
				return
			case s := <-ch:
				mu.Lock()
				first := got == nil
				if first {
					got = s
				}
				mu.Unlock()
				reason := "interrupted by " + signalName(s)
				if first && rt.Loop().Stop(reason, func() { rt.Interrupt(reason) }) {
					continue
				}
				rt.Interrupt(reason)
			}
		}
	}()
	stop = func() {
		signal.Stop(ch)
		close(done)
	}
	exitCode = func(code int) int {
		mu.Lock()
		defer mu.Unlock()
		if code == 0 || got == nil {
			return code
		}
		if n, ok := got.(syscall.Signal); ok {
			return 128 + int(n)
		}
		return code
	}
	return stop, exitCode
}

func signalName(s os.Signal) string {
	if s == syscall.SIGTERM {
		return "SIGTERM"
	}
	return "SIGINT (Ctrl-C)"
}
