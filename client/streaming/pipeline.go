package streaming

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Pipeline calls its observers once a period until none of them can see
// anything more happen, as toloka-kit's Pipeline: every observed pool is
// closed, has no assignment in progress, and every event up to then has been
// delivered. With a Storage it saves each observer's cursors (and stateful
// handlers) after every batch its handlers dealt with, and a run started
// again resumes where the last one stopped.
//
// Delivery is at least once: a batch is committed only after all its
// handlers returned, so a process killed in the middle of one gets it again
// when it runs again. Stopped with Stop (or a context's end between
// batches), a run finishes the batch in progress and saves it first, so
// every handler sees every event exactly once across stops and restarts,
// unless a handler fails: then Run returns its error (a *HandlerError) and
// the batch, uncommitted, goes to every handler of its type again next time.
type Pipeline struct {
	// Period is how often observers are called (default 60 s, toloka-kit's).
	Period time.Duration
	// Storage keeps the observers' state between runs; nil keeps nothing.
	Storage Storage
	// Name tells pipelines that share a storage apart; without one the
	// storage key is made from the observers' keys.
	Name string
	// Status, when set, is called after every pass.
	Status func(Status)

	observers []Observer
	mu        sync.Mutex
	stop      chan struct{}
	stopped   bool
}

// Status is what one pass of a pipeline did.
type Status struct {
	Iteration int
	Delivered int           // events (and status changes) delivered this pass
	Total     int           // since the run began
	Resume    []string      // the observers that can still see something happen
	Next      time.Duration // until the next pass; 0 when finishing
	Finished  bool
}

// Register adds an observer; its key must be new to the pipeline.
func (p *Pipeline) Register(o Observer) error {
	for _, x := range p.observers {
		if x.Key() == o.Key() {
			return fmt.Errorf("pipeline: %s is registered already: add handlers to it rather than a second observer", o.Key())
		}
	}
	p.observers = append(p.observers, o)
	return nil
}

// Observers are the registered observers, in order.
func (p *Pipeline) Observers() []Observer { return slices.Clone(p.observers) }

// Stop asks a run to end after the batch in progress, its state saved.
// Safe from any goroutine, before or during Run.
func (p *Pipeline) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop == nil {
		p.stop = make(chan struct{})
	}
	if !p.stopped {
		p.stopped = true
		close(p.stop)
	}
}

func (p *Pipeline) stopChan() chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop == nil {
		p.stop = make(chan struct{})
	}
	return p.stop
}

// ErrStopped is what Run returns when Stop ended it: its state is saved and
// the next run resumes from it.
var ErrStopped = errors.New("pipeline stopped; its state is saved")

// Key is where the pipeline's state is stored: its name, or a digest of its
// observers' keys.
func (p *Pipeline) Key() string {
	if p.Name != "" {
		return p.Name
	}
	keys := make([]string, len(p.observers))
	for i, o := range p.observers {
		keys[i] = o.Key()
	}
	slices.Sort(keys)
	sum := sha256.Sum256([]byte(strings.Join(keys, "\n")))
	return "pipeline-" + hex.EncodeToString(sum[:6])
}

// pass is one call of every observer.
type pass struct {
	delivered int
	oldest    time.Time // up to when everything was read: the earliest upper bound of a cursor
	stopping  func() bool
	save      func() error
}

func (ps *pass) upper(t time.Time) {
	if t.Before(ps.oldest) {
		ps.oldest = t
	}
}

// Run calls the observers every Period until nothing more can happen (it
// returns nil, and clears the storage, as toloka-kit does), Stop is called
// (ErrStopped), ctx ends or a handler fails.
func (p *Pipeline) Run(ctx context.Context) (err error) {
	if len(p.observers) == 0 {
		return errors.New("pipeline: no observers registered")
	}
	period := p.Period
	if period <= 0 {
		period = time.Minute
	}
	key := p.Key()
	stop := p.stopChan()
	stopping := func() bool {
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	if p.Storage != nil {
		unlock, err := p.Storage.Lock(key)
		if err != nil {
			return err
		}
		defer func() {
			if uerr := unlock(); err == nil && uerr != nil {
				err = uerr
			}
		}()
		states, err := p.Storage.Load(key)
		if err != nil {
			return err
		}
		for _, o := range p.observers {
			if raw, ok := states[o.Key()]; ok {
				if err := o.restore(raw); err != nil {
					return err
				}
			}
		}
	}
	save := func() error {
		if p.Storage == nil {
			return nil
		}
		states := make(map[string]json.RawMessage, len(p.observers))
		for _, o := range p.observers {
			raw, err := o.state()
			if err != nil {
				return err
			}
			states[o.Key()] = raw
		}
		return p.Storage.Save(key, states)
	}
	// quiet is when no observer could see more happen; the run ends once a
	// pass that read past it delivered nothing and all are still quiet.
	var quiet time.Time
	total := 0
	for iteration := 1; ; iteration++ {
		start := time.Now()
		// A status observer reads the present; cursors read up to their lag.
		ps := &pass{stopping: stopping, save: save, oldest: start}
		for _, o := range p.observers {
			if err := o.observe(ctx, ps); err != nil {
				return err
			}
		}
		total += ps.delivered
		if stopping() {
			return ErrStopped
		}
		var resume []string
		for _, o := range p.observers {
			r, err := o.ShouldResume(ctx)
			if err != nil {
				return fmt.Errorf("%s: %w", o.Key(), err)
			}
			if r {
				resume = append(resume, o.Key())
			}
		}
		checked := time.Now()
		wait := period - time.Since(start)
		switch {
		case len(resume) > 0:
			quiet = time.Time{}
		case quiet.IsZero() || ps.delivered > 0:
			quiet = checked // what was delivered may have started more work
			wait = min(wait, quiet.Sub(ps.oldest)+10*time.Millisecond)
		case !ps.oldest.Before(quiet):
			if p.Status != nil {
				p.Status(Status{Iteration: iteration, Total: total, Finished: true})
			}
			if p.Storage != nil {
				return p.Storage.Cleanup(key)
			}
			return nil
		default:
			wait = min(wait, quiet.Sub(ps.oldest)+10*time.Millisecond)
		}
		wait = max(wait, 0)
		if p.Status != nil {
			p.Status(Status{Iteration: iteration, Delivered: ps.delivered, Total: total, Resume: resume, Next: wait})
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-stop:
			t.Stop()
			return ErrStopped
		case <-t.C:
		}
	}
}

// String describes one pass in a line, for a terminal.
func (s Status) String() string {
	if s.Finished {
		return fmt.Sprintf("pipeline: finished after %d passes, %d events delivered", s.Iteration, s.Total)
	}
	open := "nothing open"
	if len(s.Resume) > 0 {
		open = strings.Join(s.Resume, ", ")
	}
	return fmt.Sprintf("pipeline: pass %d: %d events (%d in all); watching %s; next in %v",
		s.Iteration, s.Delivered, s.Total, open, s.Next.Round(100*time.Millisecond))
}
