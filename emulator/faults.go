package emulator

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// faults answers a share of requests with a failure, from a seed. Some faults
// come before the request has any effect (500, 503, 429, a reset, a slow
// answer), and one after it (the request is applied, then the connection is
// reset), so clients' idempotency is really put to the test.
type faults struct {
	mu       sync.Mutex
	rate     float64
	rng      *rand.Rand
	kinds    []int
	injected int
}

var faultNames = map[string]int{"500": faultInternal, "503": faultUnavailable, "429": faultTooMany, "reset": faultReset,
	"slow": faultSlow, "reset-after": faultResetAfter}

func newFaults(rate float64, seed int64, kinds []string) *faults {
	f := &faults{rate: rate, rng: newRand(seed, 2)}
	for _, k := range kinds {
		if n, ok := faultNames[k]; ok {
			f.kinds = append(f.kinds, n)
		}
	}
	if len(f.kinds) == 0 {
		for n := 0; n < faultKinds; n++ {
			f.kinds = append(f.kinds, n)
		}
	}
	return f
}

// Fault kinds, in the order they are drawn.
const (
	faultInternal = iota
	faultUnavailable
	faultTooMany
	faultReset
	faultSlow
	faultResetAfter
	faultKinds
)

// inject reports whether it answered the request itself.
func (f *faults) inject(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
	f.mu.Lock()
	hit := f.rng.Float64() < f.rate
	kind := f.kinds[f.rng.IntN(len(f.kinds))]
	if hit {
		f.injected++
	}
	f.mu.Unlock()
	if !hit {
		return false
	}
	switch kind {
	case faultInternal:
		writeError(w, &apiError{Status: 500, Code: "INTERNAL_ERROR", Message: "injected fault"})
	case faultUnavailable:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(503)
		w.Write([]byte("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"))
	case faultTooMany:
		w.Header().Set("Retry-After", "0")
		writeError(w, &apiError{Status: 429, Code: "TOO_MANY_REQUESTS", Message: "injected fault", Payload: map[string]any{"interval": "MIN"}})
	case faultReset:
		reset(w)
	case faultSlow:
		time.Sleep(150 * time.Millisecond)
		return false
	case faultResetAfter:
		next.ServeHTTP(lostAnswer{header: http.Header{}}, r) // the request takes effect; its answer is lost
		reset(w)
	}
	return true
}

// lostAnswer is a ResponseWriter that drops what it is given.
type lostAnswer struct{ header http.Header }

func (l lostAnswer) Header() http.Header         { return l.header }
func (l lostAnswer) Write(b []byte) (int, error) { return len(b), nil }
func (l lostAnswer) WriteHeader(int)             {}

func reset(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	w.WriteHeader(http.StatusBadGateway)
}

// quota counts requests in fixed windows (a minute, an hour, a day), as
// Toloka's request quotas do, and names its window in the 429 it causes.
type quota struct {
	interval string // MIN, HOUR or DAY
	period   time.Duration
	limit    int

	mu     sync.Mutex
	window time.Time
	n      int
}

func newQuotas(opts Options) []*quota {
	var qs []*quota
	minute := time.Minute
	if opts.MinuteWindow > 0 {
		minute = opts.MinuteWindow
	}
	for _, q := range []*quota{{interval: "MIN", period: minute, limit: opts.MinuteQuota},
		{interval: "HOUR", period: time.Hour, limit: opts.HourQuota}, {interval: "DAY", period: 24 * time.Hour, limit: opts.DayQuota}} {
		if q.limit > 0 {
			qs = append(qs, q)
		}
	}
	return qs
}

// take counts a request; past the limit it says how long until the window ends.
func (q *quota) take(now time.Time) (time.Duration, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	start := now.Truncate(q.period)
	if !start.Equal(q.window) {
		q.window, q.n = start, 0
	}
	q.n++
	if q.n > q.limit {
		return start.Add(q.period).Sub(now), true
	}
	return 0, false
}

var quotaWords = map[string]string{"MIN": "minute", "HOUR": "hour", "DAY": "day"}

// FaultsInjected counts the requests answered with a fault so far.
func (s *Server) FaultsInjected() int {
	if s.faults == nil {
		return 0
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.injected
}
