package runtime

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// StopGrace is how long an Untrusted run has to stop once its deadline,
// its memory budget or an Interrupt has ended it. A built-in operation in
// progress (a regular expression's match, a long native loop) does not see
// the interrupt until it returns; past StopGrace the run is given up on:
// the caller gets its error, and the Runtime refuses new runs until the
// operation ends (it goes on in the background). It is more than
// RegexpMatchLimit, so a match in progress ends first.
const StopGrace = 2 * time.Second

// ErrBusy is returned by a run started while a run that was given up on at
// its deadline (see StopGrace) still has a built-in operation going.
var ErrBusy = errors.New("runtime: busy with a run that was stopped at its limit but is still inside a built-in operation; use another Runtime")

// ErrClosed is returned by a run on a closed Runtime.
var ErrClosed = errors.New("runtime: closed")

// usable refuses a run on a closed or busy runtime.
func (r *Runtime) usable() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.closed:
		return ErrClosed
	case r.busy != nil:
		return ErrBusy
	}
	return nil
}

// runBounded runs body on a goroutine of its own and waits for it, or, once
// ctx has ended, for StopGrace more. A body still running then is left to
// finish in the background (finish runs when it does) and the run ends now
// with an error saying so.
func (r *Runtime) runBounded(ctx context.Context, body, finish func()) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		body()
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	t := time.NewTimer(StopGrace)
	defer t.Stop()
	select {
	case <-done:
		return nil
	case <-t.C:
	}
	r.mu.Lock()
	why := r.interrupted
	if why == nil {
		why = r.interruptReason(ctx)
	}
	r.busy = done
	r.mu.Unlock()
	go func() {
		<-done
		finish()
		r.mu.Lock()
		r.busy = nil
		r.mu.Unlock()
	}()
	msg := fmt.Sprintf("%v; the run did not stop within %v (a built-in operation was still going) and was given up on: this Runtime refuses runs until that operation ends",
		why, StopGrace)
	return &ScriptError{Message: msg, Stack: msg, Interrupt: true, err: why}
}
