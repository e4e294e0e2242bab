package client

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Response is what a method's last HTTP answer said beyond its body. Ask a
// method for it with CaptureResponse:
//
//	var resp client.Response
//	pool, err := c.GetPool(ctx, id, client.CaptureResponse(&resp))
//	log.Print(resp.RequestID, resp.Rate)
//
// A method that sends several requests (OpenPool starts an operation, polls
// it and reads the pool back) reports the last answer and counts them all.
// It is filled in when the method returns, an error included, provided an
// answer came at all.
type Response struct {
	StatusCode int
	// Header holds the answer's headers (a token in them is redacted).
	Header http.Header
	// RequestID is the id to quote to Toloka support: the X-Request-Id
	// header, or an error answer's request_id.
	RequestID string
	// Rate is what the answer's rate-limit headers said; nil without them.
	Rate *Rate
	// Attempts counts the tries of the last request: more than 1 when it
	// was retried (after a 429, a 5xx or a network failure).
	Attempts int
	// Requests counts the HTTP requests the method made.
	Requests int
}

// Rate is a rate limit as an answer's headers state it: RateLimit-Limit,
// -Remaining and -Reset (or their X-RateLimit- forms).
type Rate struct {
	Limit     int       // requests allowed in the window
	Remaining int       // requests left in it
	Reset     time.Time // when the window starts again; zero when not said
}

// responseKey carries a *responseRecorder down a call whose caller asked
// for its Response.
const responseKey ctxKey = 1

// responseRecorder keeps the last answer of a call. A batched create sends
// from several goroutines, and some may answer after the call returned with
// an error: they write here, and the caller's Response is written once, by
// the goroutine that returns.
type responseRecorder struct {
	mu   sync.Mutex
	last Response
}

func withResponseRecorder(ctx context.Context, call *Call) (context.Context, func()) {
	if call.Response == nil {
		return ctx, func() {}
	}
	rec := &responseRecorder{}
	return context.WithValue(ctx, responseKey, rec), func() {
		rec.mu.Lock()
		*call.Response = rec.last
		rec.mu.Unlock()
	}
}

// recordAnswer notes an answer (a 2xx, or the error answer in apiErr) for
// the call's Response, if its caller asked for one.
func recordAnswer(ctx context.Context, resp *http.Response, attempt int, apiErr *APIError) {
	rec, _ := ctx.Value(responseKey).(*responseRecorder)
	if rec == nil || resp == nil {
		return
	}
	r := Response{StatusCode: resp.StatusCode, Header: resp.Header.Clone(), RequestID: resp.Header.Get("X-Request-Id"),
		Rate: rateOf(resp.Header), Attempts: attempt}
	if apiErr != nil && apiErr.RequestID != "" {
		r.RequestID = apiErr.RequestID
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	r.Requests = rec.last.Requests
	if attempt == 1 {
		r.Requests++
	}
	rec.last = r
}

// rateOf reads the rate-limit headers: the IETF draft's RateLimit-* or the
// common X-RateLimit-*. Reset is seconds from now in the first, and a Unix
// time or seconds from now in the second.
func rateOf(h http.Header) *Rate {
	for _, prefix := range []string{"RateLimit-", "X-RateLimit-"} {
		limit, lerr := strconv.Atoi(h.Get(prefix + "Limit"))
		remaining, rerr := strconv.Atoi(h.Get(prefix + "Remaining"))
		if lerr != nil && rerr != nil {
			continue
		}
		r := &Rate{Limit: limit, Remaining: remaining}
		if reset, err := strconv.ParseInt(h.Get(prefix+"Reset"), 10, 64); err == nil && reset >= 0 {
			if reset > 1e9 { // a Unix time, not a number of seconds
				r.Reset = time.Unix(reset, 0)
			} else {
				r.Reset = time.Now().Add(time.Duration(reset) * time.Second)
			}
		}
		return r
	}
	return nil
}
