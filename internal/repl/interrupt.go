package repl

import (
	"os"
	"os/signal"
	"sync/atomic"
)

// catchInterrupts makes Ctrl+C (SIGINT) interrupt the JavaScript running,
// if any, instead of ending the shell: the HTTP call in flight is cancelled
// and the session goes on. A pipeline or metric collector running winds
// down first (its batch finished and its cursors saved); a second Ctrl+C
// interrupts at once. At the prompt the editor reads Ctrl+C as a key.
// It returns the function that stops catching.
func (r *REPL) catchInterrupts() (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		const why = "interrupted by Ctrl+C"
		var winding atomic.Bool
		for range sig {
			if !r.busy.Load() {
				continue
			}
			r.interrupted.Store(true)
			if !winding.Load() && r.rt.Loop().Stop(why, func() { winding.Store(false); r.rt.Interrupt(why) }) {
				winding.Store(true)
				continue
			}
			r.rt.Interrupt(why)
		}
	}()
	return func() {
		signal.Stop(sig)
		close(sig) // no more are sent after Stop: this ends the goroutine
	}
}
