package repl

import (
	"os"
	"os/signal"
)

// catchInterrupts makes Ctrl+C (SIGINT) interrupt the JavaScript running,
// if any, instead of ending the shell: the HTTP call in flight is cancelled
// and the session goes on. At the prompt the editor reads Ctrl+C as a key.
// It returns the function that stops catching.
func (r *REPL) catchInterrupts() (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		for range sig {
			if r.busy.Load() {
				r.interrupted.Store(true)
				r.rt.Interrupt("interrupted by Ctrl+C")
			}
		}
	}()
	return func() {
		signal.Stop(sig)
		close(sig) // no more are sent after Stop: this ends the goroutine
	}
}
