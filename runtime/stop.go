package runtime

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Why a run stopped before its end. The error a stopped run returns is a
// *ScriptError with Interrupt set; errors.Is tells the causes apart:
//
//	errors.Is(err, context.DeadlineExceeded) // the caller's context passed its deadline
//	errors.Is(err, context.Canceled)         // the caller cancelled the context (and its cause, if it gave one)
//	errors.Is(err, runtime.ErrTimeLimit)     // the run took longer than Options.TimeLimit
//	errors.Is(err, runtime.ErrInterrupted)   // Interrupt was called (and the reason, when it is an error)
//	errors.As(err, &memoryLimitErr)          // the run went past Options.MemoryLimit
//
// Only the cause that fired matches: a run stopped at its TimeLimit is not
// context.DeadlineExceeded, though the API call it aborted saw its context
// end so.
var (
	// ErrTimeLimit is the cause of a run stopped at Options.TimeLimit.
	ErrTimeLimit = errors.New("time limit exceeded")
	// ErrInterrupted is the cause of a run stopped by Runtime.Interrupt.
	ErrInterrupted = errors.New("interrupted")
)

// stopError is why a run stopped: what it says, and the errors it matches.
type stopError struct {
	msg    string
	causes []error
}

func (e *stopError) Error() string   { return e.msg }
func (e *stopError) Unwrap() []error { return e.causes }

// timeLimitCause is the cause of the context a TimeLimit puts on a run.
type timeLimitCause struct{ limit time.Duration }

func (e *timeLimitCause) Error() string { return ErrTimeLimit.Error() }

// interruptError is why Interrupt(reason) stopped a run.
func interruptError(reason any) error {
	causes := []error{ErrInterrupted}
	if err, ok := reason.(error); ok {
		causes = append(causes, err)
	}
	msg := ErrInterrupted.Error()
	if reason != nil {
		msg = fmt.Sprint(reason)
	}
	return &stopError{msg: msg, causes: causes}
}

// contextStop says why ctx, the context of a run begun at start, ended it.
func contextStop(ctx context.Context, start time.Time) error {
	cause := context.Cause(ctx)
	var tl *timeLimitCause
	if errors.As(cause, &tl) {
		return &stopError{msg: fmt.Sprintf("time limit exceeded: the run was stopped after %v", tl.limit),
			causes: []error{ErrTimeLimit}}
	}
	ctxErr := ctx.Err()
	causes := []error{ctxErr}
	if cause != nil && cause != ctxErr {
		causes = append(causes, cause) // the caller's own cause (context.WithCancelCause, WithTimeoutCause)
	}
	if errors.Is(ctxErr, context.DeadlineExceeded) {
		msg := "context deadline exceeded"
		if deadline, ok := ctx.Deadline(); ok {
			msg += fmt.Sprintf(": the run was stopped after %v", deadline.Sub(start).Round(time.Millisecond))
		}
		if cause != ctxErr && cause != nil {
			msg += " (" + cause.Error() + ")"
		}
		return &stopError{msg: msg, causes: causes}
	}
	msg := "interrupted: " + ctxErr.Error()
	if cause != ctxErr && cause != nil {
		msg = "interrupted: " + cause.Error()
	}
	return &stopError{msg: msg, causes: causes}
}
