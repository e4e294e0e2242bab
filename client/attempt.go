package client

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// An attempt is one try of a request, bounded as a whole: connecting,
// sending, the server's thinking and, for answers the client reads itself,
// the whole body must fit in the connect and read timeouts together. A
// server that trickles a body a byte a second cannot hold a call past them.
// A streamed answer (an attachment, the TSV export) may be as long as it
// likes but must keep coming: each wait for its next bytes is bounded by
// the read timeout.
type attempt struct {
	ctx    context.Context
	cancel context.CancelFunc
	limit  time.Duration // 0: unbounded

	mu       sync.Mutex
	timer    *time.Timer
	timedOut bool
	idle     bool // the timer measures a wait for a streamed body's next bytes
}

func (c *Client) startAttempt(ctx context.Context) *attempt {
	a := &attempt{}
	a.ctx, a.cancel = context.WithCancel(withConnectTimeout(ctx, c.cfg.connectTimeout))
	if c.cfg.readTimeout > 0 {
		a.limit = c.cfg.connectTimeout + c.cfg.readTimeout
		a.timer = time.AfterFunc(a.limit, a.expire)
	}
	return a
}

func (a *attempt) expire() {
	a.mu.Lock()
	a.timedOut = true
	a.mu.Unlock()
	a.cancel()
}

// end releases the attempt once its answer is read (or it failed).
func (a *attempt) end() {
	a.mu.Lock()
	if a.timer != nil {
		a.timer.Stop()
	}
	a.mu.Unlock()
	a.cancel()
}

// explain replaces the cancellation an expired attempt caused with an error
// that says so (a timeout, so the attempt is retried like any other).
func (a *attempt) explain(r *request, err error) error {
	if err == nil {
		return nil
	}
	a.mu.Lock()
	timedOut, idle := a.timedOut, a.idle
	a.mu.Unlock()
	if !timedOut {
		return err
	}
	return &attemptTimeout{method: r.name(), verb: r.verb, path: r.path, limit: a.limit, idle: idle}
}

// stream hands a streamed body to the caller: the attempt's overall bound
// ends with the headers, and each read must bring bytes within idle.
func (a *attempt) stream(body io.ReadCloser, idle time.Duration) io.ReadCloser {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.timer != nil {
		a.timer.Stop()
	}
	a.timer = nil
	if idle <= 0 {
		return &streamBody{ReadCloser: body, a: a}
	}
	a.limit, a.idle = idle, true
	return &streamBody{ReadCloser: body, a: a, idle: idle}
}

type streamBody struct {
	io.ReadCloser
	a    *attempt
	idle time.Duration
}

func (s *streamBody) Read(p []byte) (int, error) {
	if s.idle > 0 {
		s.a.mu.Lock()
		if s.a.timer == nil {
			s.a.timer = time.AfterFunc(s.idle, s.a.expire)
		} else {
			s.a.timer.Reset(s.idle)
		}
		s.a.mu.Unlock()
	}
	n, err := s.ReadCloser.Read(p)
	if s.idle > 0 {
		s.a.mu.Lock()
		s.a.timer.Stop()
		timedOut := s.a.timedOut
		s.a.mu.Unlock()
		if timedOut && err != nil {
			err = &attemptTimeout{limit: s.idle, idle: true}
		}
	}
	return n, err
}

func (s *streamBody) Close() error {
	err := s.ReadCloser.Close()
	s.a.end()
	return err
}

// attemptTimeout is an attempt that ran out of time. It is a net.Error
// with Timeout() true: the default policy retries it.
type attemptTimeout struct {
	method, verb, path string
	limit              time.Duration
	idle               bool
}

func (e *attemptTimeout) Error() string {
	what := fmt.Sprintf("no complete answer within %v (the connect and read timeouts together bound each attempt)", e.limit)
	if e.idle {
		what = fmt.Sprintf("the answer stopped coming: no bytes for %v (the read timeout)", e.limit)
	}
	if e.method == "" {
		return what
	}
	return fmt.Sprintf("%s: %s %s: %s", e.method, e.verb, e.path, what)
}

func (e *attemptTimeout) Timeout() bool   { return true }
func (e *attemptTimeout) Temporary() bool { return true }

var _ net.Error = (*attemptTimeout)(nil)

// The connect timeout travels with each request, so clients that differ
// only in their timeouts share one transport and its connections.
type connectTimeoutKey struct{}

func withConnectTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, connectTimeoutKey{}, d)
}

func dialer(fallback time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := net.Dialer{Timeout: fallback, KeepAlive: 30 * time.Second}
		if t, ok := ctx.Value(connectTimeoutKey{}).(time.Duration); ok {
			d.Timeout = t
		}
		return d.DialContext(ctx, network, addr)
	}
}
