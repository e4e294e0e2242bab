package runtime

import (
	"context"
	"errors"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/runtime/loop"
)

// Loop is the runtime's event loop, for Go code that runs work on other
// goroutines and settles promises on the loop (Loop().Hold and Hold.Done).
func (r *Runtime) Loop() *loop.Loop { return r.loop }

// trackRejection keeps promises rejected with no handler, in order; one that
// gets a handler later in the same turn is forgiven, as in node.
func (r *Runtime) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		if p == r.awaited {
			return // the shell's entry: Eval reports it
		}
		r.rejected = append(r.rejected, p)
	case goja.PromiseRejectionHandle:
		for i, q := range r.rejected {
			if q == p {
				r.rejected = append(r.rejected[:i], r.rejected[i+1:]...)
				break
			}
		}
	}
}

// checkRejections runs after each job of the loop, once its promise
// reactions have run: a promise still rejected with no handler is an error
// ("Uncaught (in promise)"), as node has made it since version 15.
func (r *Runtime) checkRejections() error {
	if len(r.rejected) == 0 {
		return nil
	}
	p := r.rejected[0]
	r.rejected = r.rejected[1:]
	return r.rejection(p.Result())
}

func (r *Runtime) rejection(reason goja.Value) *ScriptError {
	se := r.thrownError(reason, nil, nil)
	se.InPromise, se.thrown = true, false
	return se
}

// Entry is one entry of the shell.
type Entry struct {
	Name   string // how stacks name it: REPL1, REPL2, …
	Source string // the code to run (after the shell's rewriting)
	// Await says Source evaluates to a promise of the result (a top-level
	// await): Eval waits for it, running timers and jobs meanwhile.
	Await bool
}

// Eval runs one entry of the shell and returns its value. Unlike RunString it
// does not wait for the timers and promises the entry starts: they run later,
// between prompts (RunReady). Errors of other callbacks that run while an
// awaited entry waits go to report. An interrupt (ctx ended, Interrupt) drops
// every pending timer and job.
func (r *Runtime) Eval(ctx context.Context, e Entry, report func(error)) (goja.Value, error) {
	var v goja.Value
	err := r.run(ctx, runEntry, func(vm *goja.Runtime) error {
		prg, err := r.compile(e.Name, e.Source)
		if err != nil {
			return err
		}
		if v, err = vm.RunProgram(prg); err != nil || !e.Await {
			return err
		}
		p, ok := v.Export().(*goja.Promise)
		if !ok {
			return nil
		}
		// The entry's own promise is ours to report; the tracker must not.
		r.trackRejection(p, goja.PromiseRejectionHandle)
		r.awaited = p
		settled, err := r.loop.Wait(r.context(), func() bool { return p.State() != goja.PromiseStatePending },
			r.reporter(report))
		r.awaited = nil
		if err != nil {
			return err
		}
		switch {
		case !settled:
			v = nil
			return errors.New("await: the promise never settles (nothing is left to run that could settle it)")
		case p.State() == goja.PromiseStateRejected:
			v = nil
			se := r.thrownError(p.Result(), nil, nil)
			se.thrown = false
			return se
		}
		v = p.Result()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// reporter converts the errors of background jobs before report sees them.
func (r *Runtime) reporter(report func(error)) func(error) {
	return func(err error) {
		if report != nil {
			report(r.scriptError(err))
		}
	}
}

// Ready has a value when timers are due or Go work has finished: the shell
// calls RunReady then.
func (r *Runtime) Ready() <-chan struct{} { return r.loop.Ready() }

// RunReady runs the timers that are due and the callbacks of finished work,
// reporting each uncaught error; it returns an error only when a callback
// called process.exit (an *ExitError) or the turn was interrupted.
func (r *Runtime) RunReady(ctx context.Context, report func(error)) error {
	return r.run(ctx, runEntry, func(*goja.Runtime) error { return r.loop.RunReady(r.reporter(report)) })
}

// Pending reports whether timers or work started earlier could still run.
func (r *Runtime) Pending() bool { return r.loop.Alive() }

// Drain runs the loop until nothing is left that could run, reporting
// uncaught errors: what the shell does when its input ends, as node does.
func (r *Runtime) Drain(ctx context.Context, report func(error)) error {
	return r.run(ctx, runEntry, func(*goja.Runtime) error {
		for r.loop.Alive() {
			if _, err := r.loop.Wait(r.context(), func() bool { return false }, r.reporter(report)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Do runs fn, which calls into the VM, as a run of its own: Interrupt and
// the end of ctx stop it, and what it throws is its error (a ScriptError).
// The shell reads iterators this way.
func (r *Runtime) Do(ctx context.Context, fn func() error) error {
	return r.run(ctx, runEntry, func(*goja.Runtime) error { return fn() })
}
