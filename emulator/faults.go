package emulator

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
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

// Fault kinds, in the order they are drawn.
const (
	faultInternal = iota
	faultUnavailableHTML
	faultTooMany
	faultReset
	faultSlow
	faultResetAfter
	faultUnavailableJSON
	faultKinds
)

// FaultKindNames names every fault kind, each with what it does.
var FaultKindNames = []struct{ Name, Does string }{
	{"500", "500 INTERNAL_ERROR, before the request has any effect"},
	{"503-html", "503 with an HTML page, as a proxy in front of the service answers (toloka-kit cannot retry it)"},
	{"503-json", "503 REMOTE_SERVICE_UNAVAILABLE with Toloka's JSON error body"},
	{"429", "429 TOO_MANY_REQUESTS (interval MIN, Retry-After: 0)"},
	{"reset", "the connection is reset before the request has any effect"},
	{"reset-after", "the request takes effect, then the connection is reset: the answer is lost"},
	{"slow", "the answer comes 150 ms late"},
}

var faultNames = map[string][]int{"500": {faultInternal}, "503-html": {faultUnavailableHTML}, "503-json": {faultUnavailableJSON},
	"503": {faultUnavailableHTML, faultUnavailableJSON}, "429": {faultTooMany}, "reset": {faultReset}, "slow": {faultSlow},
	"reset-after": {faultResetAfter}}

// CheckFaultKinds says which name in kinds is not a fault kind, suggesting the
// closest one.
func CheckFaultKinds(kinds []string) error {
	for _, k := range kinds {
		if _, ok := faultNames[k]; ok {
			continue
		}
		names := make([]string, len(FaultKindNames))
		for i, n := range FaultKindNames {
			names[i] = n.Name
		}
		msg := fmt.Sprintf("unknown fault kind %q; the kinds are %s", k, strings.Join(names, ", "))
		if near := closest(k, names); near != "" {
			msg += "; did you mean " + near + "?"
		}
		return errors.New(msg)
	}
	return nil
}

// closest is the name within two edits of s, if there is one.
func closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(strings.ToLower(s), n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// newFaults draws faults of the named kinds (all when none are named; names
// that are not kinds are left out: CheckFaultKinds finds them first).
func newFaults(rate float64, seed int64, kinds []string) *faults {
	f := &faults{rate: rate, rng: newRand(seed, 2)}
	seen := map[int]bool{}
	for _, k := range kinds {
		for _, n := range faultNames[k] {
			if !seen[n] {
				seen[n] = true
				f.kinds = append(f.kinds, n)
			}
		}
	}
	if len(f.kinds) == 0 {
		for n := 0; n < faultKinds; n++ {
			f.kinds = append(f.kinds, n)
		}
	}
	return f
}

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
	case faultUnavailableHTML:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(503)
		w.Write([]byte("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"))
	case faultUnavailableJSON:
		writeError(w, &apiError{Status: 503, Code: "REMOTE_SERVICE_UNAVAILABLE", Message: "injected fault"})
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
