package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
)

// watchedEmulator serves an emulator behind a handler that counts the
// requests in flight (and the most at once) and the 429 answers.
type watchedEmulator struct {
	URL                       string
	now, most, total, refused atomic.Int32
}

func watchEmulator(t *testing.T, opts emulator.Options) *watchedEmulator {
	em := emulator.New(opts)
	t.Cleanup(em.Close)
	w := &watchedEmulator{}
	ts := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		n := w.now.Add(1)
		for m := w.most.Load(); n > m && !w.most.CompareAndSwap(m, n); m = w.most.Load() {
		}
		w.total.Add(1)
		rec := &statusRecorder{ResponseWriter: rw}
		em.ServeHTTP(rec, r)
		if rec.status == http.StatusTooManyRequests {
			w.refused.Add(1)
		}
		w.now.Add(-1)
	}))
	t.Cleanup(ts.Close)
	w.URL = ts.URL
	return w
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// TestConcurrencyIsBoundedClientWide: fifty goroutines calling through a
// client and a copy of it made by With never have more requests in flight
// than the client's limit, and reach it.
func TestConcurrencyIsBoundedClientWide(t *testing.T) {
	em := watchEmulator(t, emulator.Options{Latency: 20 * time.Millisecond})
	c, err := client.New("t", client.WithURL(em.URL), client.WithConcurrency(5))
	if err != nil {
		t.Fatal(err)
	}
	derived, err := c.With(client.WithRetries(1))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := c
			if i%2 == 1 {
				cl = derived
			}
			if _, err := cl.GetRequester(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if most := em.most.Load(); most != 5 {
		t.Errorf("at most %d requests were in flight at once; want the limit, 5", most)
	}
	if s := c.Limiter(); s.InFlight != 0 || s.Waiting != 0 || s.Max != 5 {
		t.Errorf("after the calls: %v", s)
	}
}

// TestQuotaAnswersPauseTheWholeClient: past a request quota, the first 429
// holds every request of the client back until the answer's Retry-After is
// over, so the server sees a handful of refused requests per quota window
// rather than one per goroutine, and every call still succeeds.
func TestQuotaAnswersPauseTheWholeClient(t *testing.T) {
	const calls, quota = 60, 20
	em := watchEmulator(t, emulator.Options{MinuteQuota: quota, MinuteWindow: time.Second})
	c, err := client.New("t", client.WithURL(em.URL), client.WithConcurrency(10), client.WithRetries(20),
		client.WithBackoff(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetRequester(context.Background()); err != nil {
				failed.Add(1)
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	refused := em.refused.Load()
	t.Logf("%d calls, quota %d a second: %d requests, %d refused with 429", calls, quota, em.total.Load(), refused)
	if failed.Load() != 0 {
		t.Fatalf("%d calls failed", failed.Load())
	}
	// Without the shared pause every goroutine past the quota is refused
	// on its own, again after each of its waits: 40 and more refusals.
	// With it, only those already in flight when the first 429 came (at
	// most the limit, 10) in each of the two windows the calls overflow into.
	if refused > 20 {
		t.Errorf("%d requests were refused: a 429 did not hold the other goroutines back", refused)
	}
	if s := c.Limiter(); s.InFlight != 0 || s.Limit >= 10 {
		t.Errorf("after the 429s the limit should be lowered: %v", s)
	}
}

// TestWaitingForASlotEndsWithTheContext: a call waiting for a slot returns
// the context's error when it ends, and leaves the slots as they were.
func TestWaitingForASlotEndsWithTheContext(t *testing.T) {
	em := watchEmulator(t, emulator.Options{Latency: 300 * time.Millisecond})
	c, _ := client.New("t", client.WithURL(em.URL), client.WithConcurrency(1))
	done := make(chan error, 1)
	go func() { _, err := c.GetRequester(context.Background()); done <- err }()
	for c.Limiter().InFlight == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.GetRequester(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the deadline's error, got %v", err)
	}
	if s := c.Limiter(); s.Waiting != 0 || s.InFlight != 1 {
		t.Errorf("the abandoned wait left %v", s)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if s := c.Limiter(); s.InFlight != 0 {
		t.Errorf("after both calls: %v", s)
	}
}

// TestWaitingForASlotIsNotPartOfTheAttempt: the bounds on one attempt
// (connect + read timeout) count from when the request leaves, not while it
// waits for a slot under the client's limit; four calls through one slot,
// each answered within the bound, all succeed without a retry.
func TestWaitingForASlotIsNotPartOfTheAttempt(t *testing.T) {
	var requests atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		time.Sleep(150 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"r1","balance":10}`))
	}))
	t.Cleanup(ts.Close)
	c, _ := client.New("t", client.WithURL(ts.URL), client.WithConcurrency(1), client.WithRetries(0),
		client.WithConnectReadTimeout(100*time.Millisecond, 200*time.Millisecond))
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetRequester(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := requests.Load(); n != 4 {
		t.Errorf("%d requests for 4 calls", n)
	}
}

// TestAPauseIsNotWaitedPastTheDeadline: after a 429 holds the client back
// for its Retry-After, a call whose deadline comes sooner fails at once,
// saying so, rather than waiting until its deadline to fail there, as the
// retry loop does with its own waits.
func TestAPauseIsNotWaitedPastTheDeadline(t *testing.T) {
	var requests atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Retry-After", "30")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte(`{"code":"TOO_MANY_REQUESTS","message":"slow down"}`))
	}))
	t.Cleanup(ts.Close)
	c, _ := client.New("t", client.WithURL(ts.URL))
	first, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := c.GetRequester(first); err == nil {
		t.Fatal("a 429 with a Retry-After past the deadline succeeded")
	}
	if s := c.Limiter(); s.Paused <= 0 {
		t.Fatalf("the 429 did not pause the client: %v", s)
	}
	ctx, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	_, err := c.GetRequester(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "held back") || ctx.Err() != nil {
		t.Errorf("want the call refused before its deadline, got %v (context: %v)", err, ctx.Err())
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests: the paused call was sent", n)
	}
	if s := c.Limiter(); s.InFlight != 0 || s.Waiting != 0 {
		t.Errorf("the refused call left %v", s)
	}
}
