// Package loop is the event loop of a tolokash runtime: one goroutine runs
// JavaScript, and everything that happens later — timers, immediates, Go
// work finishing on other goroutines — comes back to it as a job.
//
// The loop has no goroutine of its own. A script runner calls Run, which
// returns once nothing is left that could run (node's rule for when a process
// ends); the shell calls RunReady whenever Ready fires between two prompts, so
// timers and promises go on in the background while a person types.
//
// Go code that starts work on another goroutine takes a Hold: the loop stays
// alive until the hold is released, and Hold.Done hands the result back as a
// job on the loop (resolving a Promise, say). Reset drops every timer, job and
// hold and cancels Context, which is how an interrupt stops everything.
package loop

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// Loop schedules JavaScript callbacks for one VM. Its methods other than
// Enqueue, Hold, Context and Ready must be called on the VM's goroutine.
type Loop struct {
	vm *goja.Runtime

	mu     sync.Mutex
	queue  []func() error // jobs from any goroutine, in the order they came
	holds  int            // holds of this generation not yet released
	gen    uint64         // bumped by Reset: older holds no longer count
	ctx    context.Context
	cancel context.CancelFunc
	ready  chan struct{} // holds a token while there may be something to run
	alarm  *time.Timer   // fires when the earliest timer is due

	stoppers stoppers // work that ends gracefully when asked (stop.go)

	// Owned by the VM's goroutine.
	timers  timerHeap
	byID    map[int64]*Timer
	seq     int64
	refs    int // ref'd timers and immediates still to run
	proto   *goja.Object
	afterFn func() error
}

// New makes a loop for vm; call Install to give scripts setTimeout and friends.
func New(vm *goja.Runtime) *Loop {
	l := &Loop{vm: vm, ready: make(chan struct{}, 1), byID: map[int64]*Timer{}}
	l.ctx, l.cancel = context.WithCancel(context.Background())
	return l
}

// AfterJob sets a function the loop calls after every job (a timer, an
// immediate, a settled Hold), once its promise reactions have run: the runtime
// reports promises rejected without a handler there, as node does. An error it
// returns is the job's.
func (l *Loop) AfterJob(fn func() error) { l.afterFn = fn }

// Context is cancelled by Reset: Go work started for the loop watches it, so
// an interrupt stops work in flight as well as the callbacks waiting for it.
func (l *Loop) Context() context.Context {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.ctx
}

// Ready has a value when a job is queued or a timer is due. Safe from any goroutine.
func (l *Loop) Ready() <-chan struct{} { return l.ready }

func (l *Loop) signal() {
	select {
	case l.ready <- struct{}{}:
	default:
	}
}

// Enqueue runs fn on the loop as soon as it is free, after the jobs queued
// before it. Safe from any goroutine. fn does not keep the loop alive before
// it is queued: take a Hold for work that finishes later.
func (l *Loop) Enqueue(fn func(*goja.Runtime)) {
	l.enqueue(func() error { fn(l.vm); return nil })
}

func (l *Loop) enqueue(job func() error) {
	l.mu.Lock()
	l.queue = append(l.queue, job)
	l.mu.Unlock()
	l.signal()
}

// A Hold keeps the loop alive while Go work started for it is under way.
type Hold struct {
	l    *Loop
	gen  uint64
	once sync.Once
}

// Hold registers work in progress: Run does not return while it is held.
// Safe from any goroutine.
func (l *Loop) Hold() *Hold {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.holds++
	return &Hold{l: l, gen: l.gen}
}

// Done releases the hold and runs fn on the loop (to resolve or reject a
// Promise with the work's result). Only the first Done or Release counts, and
// neither does anything after a Reset. Safe from any goroutine.
func (h *Hold) Done(fn func(*goja.Runtime)) {
	h.once.Do(func() {
		l := h.l
		l.mu.Lock()
		if h.gen == l.gen {
			l.holds--
			if fn != nil {
				l.queue = append(l.queue, func() error { fn(l.vm); return nil })
			}
		}
		l.mu.Unlock()
		l.signal()
	})
}

// Release lets the loop end without running anything for this hold.
func (h *Hold) Release() { h.Done(nil) }

// Alive reports whether anything could still run: a ref'd timer, an
// immediate, a queued job or a hold.
func (l *Loop) Alive() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.refs > 0 || l.holds > 0 || len(l.queue) > 0
}

// RunReady runs the jobs queued so far and the timers that are due, in
// order, once: what they queue runs on the next turn, so a chain of
// immediates cannot starve the shell's prompt. An error of one job (an
// exception nobody caught) goes to report and the next job runs, as in node's
// shell; with a nil report the first error ends the turn and is returned, as
// in a script. An interrupt always ends the turn.
func (l *Loop) RunReady(report func(error)) error {
	l.mu.Lock()
	jobs := l.queue
	l.queue = nil
	l.mu.Unlock()
	due := l.due(time.Now())
	defer l.rearm()
	for _, job := range jobs {
		if err := l.do(job); err != nil {
			if report == nil || interrupted(err) {
				return err
			}
			report(err)
		}
	}
	for _, t := range due {
		if err := l.do(func() error { return l.fire(t) }); err != nil {
			if report == nil || interrupted(err) {
				return err
			}
			report(err)
		}
	}
	return nil
}

// interrupted tells an interrupt (process.exit, Ctrl-C, a time limit) from an
// exception: it ends the turn even in the shell.
func interrupted(err error) bool {
	var ie *goja.InterruptedError
	return errors.As(err, &ie)
}

// do runs one job and the check after it; a Go panic in a native function
// called from the job becomes its error instead of ending the process.
func (l *Loop) do(job func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if ie, ok := p.(*goja.InterruptedError); ok {
				err = ie
				return
			}
			err = fmt.Errorf("Go panic in a callback: %s", PanicText(p))
		}
	}()
	if err = job(); err != nil {
		return err
	}
	if l.afterFn != nil {
		return l.afterFn()
	}
	return nil
}

// Run runs jobs and timers until nothing is left that could run, the first
// uncaught error, or the end of ctx (then it returns ctx.Err() and leaves the
// rest for Reset).
func (l *Loop) Run(ctx context.Context) error {
	for {
		if err := l.RunReady(nil); err != nil {
			return err
		}
		if !l.Alive() {
			return nil
		}
		select {
		case <-l.ready:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Wait runs jobs and timers until cond holds (a promise settled), ctx ends,
// or nothing is left that could make cond come true; it reports errors of
// other jobs to report and says whether cond holds.
func (l *Loop) Wait(ctx context.Context, cond func() bool, report func(error)) (bool, error) {
	for {
		if cond() {
			return true, nil
		}
		if err := l.RunReady(report); err != nil {
			return false, err
		}
		if cond() {
			return true, nil
		}
		if !l.Alive() {
			return false, nil
		}
		select {
		case <-l.ready:
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}

// Reset drops every timer, queued job and hold, and cancels Context: after
// an interrupt nothing the interrupted code started runs on.
func (l *Loop) Reset() {
	l.mu.Lock()
	l.queue = nil
	l.holds = 0
	l.gen++
	l.cancel()
	l.ctx, l.cancel = context.WithCancel(context.Background())
	if l.alarm != nil {
		l.alarm.Stop()
	}
	l.mu.Unlock()
	for _, t := range l.byID {
		t.cancelled, t.index = true, -1 // clearTimeout of one later is a no-op
	}
	l.timers = nil
	clear(l.byID)
	l.refs = 0
}

// PanicText shows an error's or a string's text and only the type of any
// other panic value, which could hold a request and its token.
func PanicText(p any) string {
	switch x := p.(type) {
	case error:
		return x.Error()
	case string:
		return x
	}
	return fmt.Sprintf("a panic with a %T", p)
}

// timerHeap orders timers by when they are due, then by when they were set.
type timerHeap []*Timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if !h[i].when.Equal(h[j].when) {
		return h[i].when.Before(h[j].when)
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i]; h[i].index = i; h[j].index = j }
func (h *timerHeap) Push(x any)   { t := x.(*Timer); t.index = len(*h); *h = append(*h, t) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// due pops the timers due at now, in order.
func (l *Loop) due(now time.Time) []*Timer {
	var out []*Timer
	for len(l.timers) > 0 && !l.timers[0].when.After(now) {
		out = append(out, heap.Pop(&l.timers).(*Timer))
	}
	return out
}

// rearm sets the alarm for the earliest timer, and signals Ready when jobs
// are already waiting.
func (l *Loop) rearm() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.queue) > 0 {
		l.signal()
	}
	if l.alarm != nil {
		l.alarm.Stop()
	}
	if len(l.timers) == 0 {
		return
	}
	d := time.Until(l.timers[0].when)
	if l.alarm == nil {
		l.alarm = time.AfterFunc(d, l.signal)
	} else {
		l.alarm.Reset(d)
	}
}
