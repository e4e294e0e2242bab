package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
)

// countedEmulator serves an emulator behind a handler that counts the
// requests reaching it.
func countedEmulator(t *testing.T, opts emulator.Options) (string, *atomic.Int32) {
	em := emulator.New(opts)
	t.Cleanup(em.Close)
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		em.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL, &n
}

// TestHourAndDayQuotasAreNotRetried: past an hourly or daily quota the
// emulator answers 429 naming the window; the client does not retry (waiting
// an hour is not a retry), and the error names the quota and its limit.
func TestHourAndDayQuotasAreNotRetried(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opts  emulator.Options
		quota client.Quota
	}{
		{"HOUR", emulator.Options{HourQuota: 3}, client.QuotaHour},
		{"DAY", emulator.Options{DayQuota: 3}, client.QuotaDay},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url, n := countedEmulator(t, tc.opts)
			c, _ := client.New("t", client.WithURL(url), client.WithBackoff(time.Millisecond, 10*time.Millisecond))
			ctx := context.Background()
			for i := 0; i < 3; i++ {
				if _, err := c.GetRequester(ctx); err != nil {
					t.Fatalf("request %d within the quota: %v", i+1, err)
				}
			}
			_, err := c.GetRequester(ctx)
			var ae *client.APIError
			if !errors.As(err, &ae) || ae.Quota != tc.quota || !errors.Is(err, client.ErrTooManyRequests) {
				t.Fatalf("want a %s quota error, got %v", tc.quota, err)
			}
			if msg := err.Error(); !strings.Contains(msg, "quota "+tc.name) || !strings.Contains(string(ae.Payload), `"limit":3`) {
				t.Errorf("the error must name the quota and its limit: %s (payload %s)", msg, ae.Payload)
			}
			if got := n.Load(); got != 4 {
				t.Errorf("%d requests reached the server, want 4: a %s quota is not retried", got, tc.name)
			}
		})
	}
}

// TestMinuteQuotaIsWaitedOut: a per-minute 429 carries Retry-After; the client
// waits it out and the call succeeds, with no error for the caller.
func TestMinuteQuotaIsWaitedOut(t *testing.T) {
	url, n := countedEmulator(t, emulator.Options{MinuteQuota: 2, MinuteWindow: time.Second})
	c, _ := client.New("t", client.WithURL(url))
	ctx := context.Background()
	start := time.Now()
	for i := 0; i < 5; i++ {
		if _, err := c.GetRequester(ctx); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	if n.Load() <= 5 {
		t.Errorf("%d requests for 5 calls: the quota never answered 429", n.Load())
	}
	if d := time.Since(start); d < 500*time.Millisecond {
		t.Errorf("5 calls through a quota of 2 a second took %v: the client did not wait", d)
	}
}
