package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// request is one HTTP exchange the client is about to make.
type request struct {
	method   string // toloka-kit name of the innermost method (X-Low-Level-Method)
	called   string // the method the caller called (X-Top-Level-Method), which errors name
	verb     string // GET, POST, …
	path     string // full path, /api/…
	query    url.Values
	body     []byte // nil: no body
	safe     bool   // the request may be sent twice without harm
	stream   bool   // keep the body open for the caller
	notFound bool   // a 204 answer is expected and allowed
	buf      []byte // read the answer into this when it fits (a recycled page)
}

// response is a finished exchange.
type response struct {
	status int
	header http.Header
	body   []byte        // read answer (when not streaming)
	stream io.ReadCloser // answer body (when streaming)
}

// RetryPolicy decides whether and when a failed attempt is tried again.
// attempt counts the attempts made so far (1 after the first). resp is nil when
// no answer arrived (err is then the transport error).
type RetryPolicy interface {
	RetryAfter(attempt int, req *http.Request, resp *http.Response, err error) (wait time.Duration, retry bool)
}

type ctxKey int

const topLevelKey ctxKey = 0

// withTopLevel records the outermost public method for the tracing headers
// and the errors: an error names the method the caller called
// (accept_assignment), not the row whose request failed (patch_assignment).
func withTopLevel(ctx context.Context, name string) context.Context {
	if ctx.Value(topLevelKey) != nil {
		return ctx
	}
	return context.WithValue(ctx, topLevelKey, name)
}

// calledMethod is the method the caller called, or fallback outside a call.
func calledMethod(ctx context.Context, fallback string) string {
	if top, _ := ctx.Value(topLevelKey).(string); top != "" {
		return top
	}
	return fallback
}

// name is the method errors about the request name: the one called.
func (r *request) name() string {
	if r.called != "" {
		return r.called
	}
	return r.method
}

func (c *Client) authorization() string {
	return authScheme(string(c.cfg.token)) + " " + string(c.cfg.token)
}

// authScheme tells API keys from OAuth tokens by their shape, as toloka-kit does:
// exactly two dots, the first at index 22, 23 or 24.
func authScheme(token string) string {
	first := strings.IndexByte(token, '.')
	if strings.Count(token, ".") == 2 && first > 21 && first < 25 {
		return "ApiKey"
	}
	return "OAuth"
}

// do sends r, retrying as the policy allows, and returns a 2xx answer or an error.
func (c *Client) do(ctx context.Context, r *request) (*response, error) {
	u := c.BaseURL() + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	top := calledMethod(ctx, r.method)
	r.called = top
	var lastErr error
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, c.wrapCtxErr(r, err, lastErr)
		}
		var body io.Reader
		if r.body != nil {
			body = bytes.NewReader(r.body)
		}
		// A slot under the client's limit first: the attempt's bounds count
		// from when the request can leave, not while it waits its turn.
		release, err := c.cfg.limiter.acquire(ctx)
		if err != nil {
			return nil, c.wrapCtxErr(r, err, lastErr)
		}
		at := c.startAttempt(ctx)
		req, err := http.NewRequestWithContext(at.ctx, r.verb, u, body)
		if err != nil {
			at.end()
			release(0)
			return nil, fmt.Errorf("%s: building request: %w", r.name(), c.redactErr(err))
		}
		req.Header.Set("Authorization", c.authorization())
		req.Header.Set("User-Agent", c.cfg.userAgent)
		req.Header.Set("X-Caller-Context", "client")
		req.Header.Set("X-Top-Level-Method", top)
		req.Header.Set("X-Low-Level-Method", r.method)
		if r.body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if c.cfg.actUnder != "" {
			req.Header.Set("X-Act-Under-Account-ID", c.cfg.actUnder)
		}
		start := time.Now()
		resp, err := c.http.Do(req)
		var res *response
		if err == nil {
			c.redactHeader(resp.Header)
			res, err = c.finish(r, resp, at)
			apiErr, _ := err.(*APIError)
			recordAnswer(ctx, resp, attempt, apiErr)
		} else {
			at.end()
		}
		release(statusOf(resp))
		err = at.explain(r, err)
		c.cfg.logger.LogAttrs(ctx, levelDebug, "toloka request",
			attrStr("method", r.method), attrStr("http", r.verb+" "+r.path), attrInt("attempt", attempt),
			attrInt("status", statusOf(resp)), attrDur("took", time.Since(start)), attrErr(c.redactErr(err)))
		if err == nil {
			return res, nil
		}
		lastErr = c.redactErr(err)
		if ctx.Err() != nil {
			return nil, c.wrapCtxErr(r, ctx.Err(), lastErr)
		}
		wait, retry, why := c.retryDecision(attempt, r, req, resp, err)
		if !retry {
			if why != "" {
				return nil, fmt.Errorf("%w (not retried: %s)", lastErr, why)
			}
			return nil, lastErr
		}
		if statusOf(resp) == http.StatusTooManyRequests {
			// Every request waits, not just this one, even when this caller
			// cannot wait that long.
			c.cfg.limiter.pause(wait)
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			// Sleeping into the caller's deadline only to fail there wastes the
			// time the caller has left: say now that the retry cannot happen.
			return nil, fmt.Errorf("%s: %w: a retry was due in %v, after the deadline in %v (last failure: %v)",
				r.name(), context.DeadlineExceeded, wait.Round(time.Millisecond), time.Until(deadline).Round(time.Millisecond), lastErr)
		}
		c.cfg.logger.LogAttrs(ctx, levelInfo, "toloka retry",
			attrStr("method", r.method), attrInt("attempt", attempt), attrDur("wait", wait), attrErr(lastErr))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, c.wrapCtxErr(r, ctx.Err(), lastErr)
		case <-t.C:
		}
	}
}

func statusOf(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

func (c *Client) wrapCtxErr(r *request, ctxErr, last error) error {
	if last != nil {
		return fmt.Errorf("%s: %w (last failure: %v)", r.name(), ctxErr, last)
	}
	return fmt.Errorf("%s: %w", r.name(), ctxErr)
}

// readBody reads a whole answer of at most max bytes, into a buffer of the
// announced size when there is one (a page of a thousand objects is half a
// megabyte: growing a buffer to it copies it a dozen times).
func readBody(resp *http.Response, buf []byte, max int64) ([]byte, error) {
	if n := resp.ContentLength; n > max {
		return nil, &tooLargeError{size: n, max: max}
	} else if n > 0 {
		b := buf[:0]
		if int64(cap(b)) >= n {
			b = b[:n]
		} else {
			b = make([]byte, n)
		}
		if _, err := io.ReadFull(resp.Body, b); err != nil {
			return nil, err
		}
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err == nil && int64(len(b)) > max {
		return nil, &tooLargeError{size: -1, max: max}
	}
	return b, err
}

// tooLargeError is an answer bigger than WithMaxResponseSize allows.
type tooLargeError struct{ size, max int64 }

func (e *tooLargeError) Error() string {
	if e.size < 0 {
		return fmt.Sprintf("the answer is larger than %d bytes, the most the client reads (WithMaxResponseSize)", e.max)
	}
	return fmt.Sprintf("the answer announces %d bytes, more than the %d the client reads (WithMaxResponseSize)", e.size, e.max)
}

// finish reads the answer: 2xx becomes a response, anything else an *APIError.
// A streamed answer keeps the attempt open until the caller closes it.
func (c *Client) finish(r *request, resp *http.Response, at *attempt) (*response, error) {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if r.stream && resp.StatusCode != http.StatusNoContent {
			return &response{status: resp.StatusCode, header: resp.Header, stream: c.redactStream(at.stream(resp.Body, c.cfg.readTimeout))}, nil
		}
		defer at.end()
		defer resp.Body.Close()
		b, err := readBody(resp, r.buf, c.cfg.maxResponse)
		if err != nil {
			return nil, fmt.Errorf("%s: reading the answer of %s %s: %w", r.name(), r.verb, r.path, err)
		}
		return &response{status: resp.StatusCode, header: resp.Header, body: c.redactBody(b)}, nil
	}
	defer at.end()
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return nil, c.apiError(r, resp, c.redactBody(b))
}

func (c *Client) apiError(r *request, resp *http.Response, b []byte) *APIError {
	e := &APIError{Status: resp.StatusCode, Method: r.name(), Verb: r.verb, Path: r.path}
	var body struct {
		RequestID string          `json:"request_id"`
		Code      string          `json:"code"`
		Message   string          `json:"message"`
		Payload   json.RawMessage `json:"payload"`
	}
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) > 0 && json.Unmarshal(trimmed, &body) == nil && body.Code != "" {
		e.Code, e.Message, e.RequestID = body.Code, body.Message, body.RequestID
		if string(body.Payload) != "null" {
			e.Payload = body.Payload
		}
	} else {
		// Not Toloka's JSON: a proxy's HTML page or an empty body. Keep a short excerpt.
		e.Message = http.StatusText(resp.StatusCode)
		if len(trimmed) == 0 {
			e.Message += " (no content)"
		} else {
			e.Message += fmt.Sprintf(" (%s answer: %q)", contentType(resp), excerpt(trimmed, 120))
		}
	}
	if e.Code == "TOO_MANY_REQUESTS" || resp.StatusCode == http.StatusTooManyRequests {
		var p struct {
			Interval string `json:"interval"`
		}
		if json.Unmarshal(e.Payload, &p) == nil && p.Interval != "" {
			e.Quota = Quota(p.Interval)
		}
	}
	if e.RequestID == "" {
		e.RequestID = resp.Header.Get("X-Request-Id")
	}
	return e
}

func contentType(resp *http.Response) string {
	ct := resp.Header.Get("Content-Type")
	if ct == "" {
		return "untyped"
	}
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return ct
}

func excerpt(b []byte, n int) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// retryDecision applies the custom policy if any, else the default one. why
// says, when it is not empty, why a failure that is often retried was not.
func (c *Client) retryDecision(attempt int, r *request, req *http.Request, resp *http.Response, err error) (wait time.Duration, retry bool, why string) {
	if c.cfg.policy != nil {
		wait, retry = c.cfg.policy.RetryAfter(attempt, req, resp, err)
		return max(wait, 0), retry, ""
	}
	if attempt > c.cfg.retries {
		return 0, false, ""
	}
	var ae *APIError
	if errors.As(err, &ae) {
		if ae.Status == http.StatusTooManyRequests {
			// A 429 means the server did not act: retrying is always safe.
			if ae.Quota == QuotaHour || ae.Quota == QuotaDay {
				if !c.cfg.retryQuotas[ae.Quota] {
					return 0, false, ""
				}
			}
			if d, ok, why := c.retryAfter(resp); ok || why != "" {
				return d, ok, why
			}
			// The client's own waits for a quota window the caller listed in
			// WithRetryQuotas: the caller chose them, the cap is for servers.
			switch {
			case ae.Quota == QuotaMinute && c.cfg.retryQuotas[QuotaMinute]:
				return time.Minute, true, ""
			case ae.Quota == QuotaHour:
				return time.Hour, true, ""
			case ae.Quota == QuotaDay:
				return 24 * time.Hour, true, ""
			}
			return c.backoff(attempt), true, ""
		}
		if !r.safe || !ae.retryableStatus() && !(ae.Status == 413 && resp.Header.Get("Retry-After") != "") {
			return 0, false, ""
		}
		if d, ok, why := c.retryAfter(resp); ok || why != "" {
			return d, ok, why
		}
		return c.backoff(attempt), true, ""
	}
	if !transient(err) {
		return 0, false, ""
	}
	if !r.safe && !notSent(err) {
		return 0, false, ""
	}
	return c.backoff(attempt), true, ""
}

// backoff is exponential with full jitter in [d/2, d], so many clients do not retry in step.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.backoffBase << (attempt - 1)
	if d > c.cfg.backoffMax || d <= 0 {
		d = c.cfg.backoffMax
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// retryAfter reads the Retry-After header: ok with the wait it asks for, or
// a reason (why) when it asks for more than WithMaxRetryWait allows. A value
// that is not a number of seconds nor a date is ignored, as are negative ones.
func (c *Client) retryAfter(resp *http.Response) (wait time.Duration, ok bool, why string) {
	if resp == nil {
		return 0, false, ""
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false, ""
	}
	// Compare in float seconds: 1e12 seconds does not fit a time.Duration,
	// and converting it first would wrap round to a negative wait.
	var secs float64
	if s, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(s) {
		if s < 0 {
			return 0, false, ""
		}
		secs = s
	} else if t, err := http.ParseTime(v); err == nil {
		secs = max(time.Until(t).Seconds(), 0)
	} else {
		return 0, false, ""
	}
	if secs > c.cfg.maxRetryWait.Seconds() {
		return 0, false, fmt.Sprintf("the server asked to wait %s (Retry-After: %.40s), longer than the longest wait, %v (WithMaxRetryWait)",
			humanSeconds(secs), v, c.cfg.maxRetryWait)
	}
	return time.Duration(secs * float64(time.Second)), true, ""
}

func humanSeconds(s float64) string {
	const year = 365.25 * 24 * 3600
	if s >= year {
		return fmt.Sprintf("%.3g years", s/year)
	}
	return time.Duration(s * float64(time.Second)).Round(time.Second).String()
}

// transient reports failures that a second try may not meet: timeouts, a
// connection refused, reset or closed early, a name server that did not
// answer. Certificates that do not verify, a host that does not exist, a
// malformed address or header, an answer too big: the same request fails
// the same way again, so the caller hears of it at once.
func transient(err error) bool {
	var (
		tooBig   *tooLargeError
		certErr  *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invalid  x509.CertificateInvalidError
		record   tls.RecordHeaderError
		dnsErr   *net.DNSError
		addrErr  *net.AddrError
		parseErr *net.ParseError
		alert    tls.AlertError
	)
	switch {
	case errors.As(err, &tooBig), errors.As(err, &certErr), errors.As(err, &unknown), errors.As(err, &hostErr),
		errors.As(err, &invalid), errors.As(err, &record), errors.As(err, &addrErr), errors.As(err, &parseErr),
		errors.As(err, &alert), errors.Is(err, errRedirectRefused):
		return false
	case errors.As(err, &dnsErr):
		return !dnsErr.IsNotFound
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.ETIMEDOUT) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	// A dial, read or write that failed on the socket; not one refused before
	// it started (a bad port is an *net.AddrError, caught above).
	var op *net.OpError
	if errors.As(err, &op) {
		return true
	}
	// What net/http says, without an exported type, of a connection the
	// server dropped under the request.
	msg := err.Error()
	for _, s := range []string{"server closed idle connection", "transport connection broken", "http2: client connection lost",
		"http2: server sent GOAWAY", "stream error", "connection reset"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// notSent reports failures that prove the request never reached the server.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}
