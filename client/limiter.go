package client

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// DefaultConcurrency is how many requests a Client has in flight at most
// unless WithConcurrency says otherwise: toloka-kit's AsyncMultithreadWrapper
// runs ten threads, and at Toloka's usual 50–100 ms a request ten in flight
// stay well under its 300 requests a second.
const DefaultConcurrency = 10

// limiter bounds the requests one Client has in flight, across every
// goroutine and every copy With makes, and slows all of them down when the
// server says it gets too many: a 429 answer halves the number allowed in
// flight and holds every request back until the answer's wait is over, so a
// hundred goroutines do not each hit the quota in turn. Successes raise the
// number back by one per window of the current size (additive increase,
// multiplicative decrease, as TCP does). Waiting requests get slots in the
// order they asked.
type limiter struct {
	mu       sync.Mutex
	max      int       // the configured limit
	limit    int       // the limit now: max, or less after 429 answers
	inFlight int       // slots taken
	waiters  []*waiter // in the order they came
	okRun    int       // successes since the limit last changed
	until    time.Time // no request leaves before this (a 429's wait)
}

type waiter struct {
	ready chan struct{} // closed when a slot is handed over
	done  bool          // the slot was handed over (under mu)
}

func newLimiter(n int) *limiter { return &limiter{max: n, limit: n} }

// acquire takes a slot, waiting for one and for any pause in force. The
// returned function gives it back with the answer's status (0 when none came).
func (l *limiter) acquire(ctx context.Context) (release func(status int), err error) {
	l.mu.Lock()
	if l.inFlight < l.limit && len(l.waiters) == 0 {
		l.inFlight++
		l.mu.Unlock()
	} else {
		w := &waiter{ready: make(chan struct{})}
		l.waiters = append(l.waiters, w)
		l.mu.Unlock()
		select {
		case <-w.ready:
		case <-ctx.Done():
			l.mu.Lock()
			if w.done { // handed over as we gave up: pass it on
				l.mu.Unlock()
				l.release(0)
			} else {
				l.remove(w)
				l.mu.Unlock()
			}
			return nil, ctx.Err()
		}
	}
	// A slot is held; a pause (set by a 429 meanwhile) still applies.
	for {
		l.mu.Lock()
		wait := time.Until(l.until)
		l.mu.Unlock()
		if wait <= 0 {
			break
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			// As the retry loop does: no wait is begun that would end past
			// the caller's deadline.
			l.release(0)
			return nil, fmt.Errorf("%w: requests are held back for %v after a 429, past the deadline in %v",
				context.DeadlineExceeded, wait.Round(time.Millisecond), time.Until(deadline).Round(time.Millisecond))
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			l.release(0)
			return nil, ctx.Err()
		}
	}
	return l.release, nil
}

func (l *limiter) remove(w *waiter) {
	for i, x := range l.waiters {
		if x == w {
			l.waiters = append(l.waiters[:i], l.waiters[i+1:]...)
			return
		}
	}
}

// release gives a slot back. A 429 halves the limit; other answers count
// towards raising it again.
func (l *limiter) release(status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	switch {
	case status == 429:
		l.limit = max(1, l.limit/2)
		l.okRun = 0
	case status != 0 && l.limit < l.max:
		l.okRun++
		if l.okRun >= l.limit {
			l.limit++
			l.okRun = 0
		}
	}
	for len(l.waiters) > 0 && l.inFlight < l.limit {
		w := l.waiters[0]
		l.waiters = l.waiters[1:]
		w.done = true
		l.inFlight++
		close(w.ready)
	}
}

// pause holds every request back for d (a 429's Retry-After or quota wait).
func (l *limiter) pause(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if until := time.Now().Add(d); until.After(l.until) {
		l.until = until
	}
}

// LimiterState is what a Client's request limiter is doing.
type LimiterState struct {
	Max      int           // the configured limit (WithConcurrency)
	Limit    int           // the limit now: lower than Max for a while after 429 answers
	InFlight int           // requests in flight
	Waiting  int           // requests waiting for a slot
	Paused   time.Duration // how long requests are still held back after a 429
}

func (s LimiterState) String() string {
	out := fmt.Sprintf("%d/%d in flight (limit %d), %d waiting", s.InFlight, s.Max, s.Limit, s.Waiting)
	if s.Paused > 0 {
		out += fmt.Sprintf(", paused %v after a 429", s.Paused.Round(time.Millisecond))
	}
	return out
}

// Limiter reports the state of the limit on requests in flight, which the
// client and every copy made by With share.
func (c *Client) Limiter() LimiterState {
	l := c.cfg.limiter
	l.mu.Lock()
	defer l.mu.Unlock()
	return LimiterState{Max: l.max, Limit: l.limit, InFlight: l.inFlight, Waiting: len(l.waiters),
		Paused: max(0, time.Until(l.until))}
}

// WithConcurrency sets how many requests the client has in flight at most,
// across all goroutines (default DefaultConcurrency). Copies made by With
// share the limit unless given one of their own. Calls past it wait their
// turn; a 429 answer halves it for a while and pauses every request until
// the answer's wait is over.
func WithConcurrency(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("WithConcurrency: %d; at least one request must be allowed in flight", n)
		}
		c.limiter = newLimiter(n)
		return nil
	}
}
