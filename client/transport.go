package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	verb     string
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

// withTopLevel records the outermost public method for the tracing headers.
func withTopLevel(ctx context.Context, name string) context.Context {
	if ctx.Value(topLevelKey) != nil {
		return ctx
	}
	return context.WithValue(ctx, topLevelKey, name)
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
	top, _ := ctx.Value(topLevelKey).(string)
	if top == "" {
		top = r.method
	}
	var lastErr error
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, c.wrapCtxErr(r, err, lastErr)
		}
		var body io.Reader
		if r.body != nil {
			body = bytes.NewReader(r.body)
		}
		req, err := http.NewRequestWithContext(ctx, r.verb, u, body)
		if err != nil {
			return nil, fmt.Errorf("%s: building request: %w", r.method, err)
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
		release, err := c.cfg.limiter.acquire(ctx)
		if err != nil {
			return nil, c.wrapCtxErr(r, err, lastErr)
		}
		start := time.Now()
		resp, err := c.http.Do(req)
		var res *response
		if err == nil {
			res, err = c.finish(r, resp)
		}
		release(statusOf(resp))
		c.cfg.logger.LogAttrs(ctx, levelDebug, "toloka request",
			attrStr("method", r.method), attrStr("http", r.verb+" "+r.path), attrInt("attempt", attempt),
			attrInt("status", statusOf(resp)), attrDur("took", time.Since(start)), attrErr(err))
		if err == nil {
			return res, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			return nil, c.wrapCtxErr(r, ctx.Err(), lastErr)
		}
		wait, retry := c.retryDecision(attempt, r, req, resp, err)
		if !retry {
			return nil, err
		}
		if statusOf(resp) == http.StatusTooManyRequests {
			c.cfg.limiter.pause(wait) // every request waits, not just this one
		}
		c.cfg.logger.LogAttrs(ctx, levelInfo, "toloka retry",
			attrStr("method", r.method), attrInt("attempt", attempt), attrDur("wait", wait), attrErr(err))
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
		return fmt.Errorf("%s: %w (last failure: %v)", r.method, ctxErr, last)
	}
	return fmt.Errorf("%s: %w", r.method, ctxErr)
}

// readBody reads a whole answer, into a buffer of the announced size when
// there is one (a page of a thousand objects is half a megabyte: growing a
// buffer to it copies it a dozen times).
func readBody(resp *http.Response, buf []byte) ([]byte, error) {
	if n := resp.ContentLength; n > 0 && n < 256<<20 {
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
	return io.ReadAll(resp.Body)
}

// finish reads the answer: 2xx becomes a response, anything else an *APIError.
func (c *Client) finish(r *request, resp *http.Response) (*response, error) {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if r.stream && resp.StatusCode != http.StatusNoContent {
			return &response{status: resp.StatusCode, header: resp.Header, stream: resp.Body}, nil
		}
		defer resp.Body.Close()
		b, err := readBody(resp, r.buf)
		if err != nil {
			return nil, fmt.Errorf("%s: reading the answer of %s %s: %w", r.method, r.verb, r.path, err)
		}
		return &response{status: resp.StatusCode, header: resp.Header, body: b}, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return nil, c.apiError(r, resp, b)
}

func (c *Client) apiError(r *request, resp *http.Response, b []byte) *APIError {
	e := &APIError{Status: resp.StatusCode, Method: r.method, HTTPMethod: r.verb, Path: r.path}
	var body struct {
		RequestID string          `json:"request_id"`
		Code      string          `json:"code"`
		Message   string          `json:"message"`
		Payload   json.RawMessage `json:"payload"`
	}
	// A proxy or a hostile server may echo the request back: the token must not
	// reach an error message (and from there a log or a terminal) that way.
	if tok := string(c.cfg.token); len(tok) >= 4 && bytes.Contains(b, []byte(tok)) {
		b = bytes.ReplaceAll(b, []byte(tok), []byte("<redacted>"))
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

// retryDecision applies the custom policy if any, else the default one.
func (c *Client) retryDecision(attempt int, r *request, req *http.Request, resp *http.Response, err error) (time.Duration, bool) {
	if c.cfg.policy != nil {
		return c.cfg.policy.RetryAfter(attempt, req, resp, err)
	}
	if attempt > c.cfg.retries {
		return 0, false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		if ae.Status == http.StatusTooManyRequests {
			// A 429 means the server did not act: retrying is always safe.
			if ae.Quota == QuotaHour || ae.Quota == QuotaDay {
				if !c.cfg.retryQuotas[ae.Quota] {
					return 0, false
				}
			}
			if d, ok := retryAfter(resp); ok {
				return d, true
			}
			switch {
			case ae.Quota == QuotaMinute && c.cfg.retryQuotas[QuotaMinute]:
				return time.Minute, true
			case ae.Quota == QuotaHour:
				return time.Hour, true
			case ae.Quota == QuotaDay:
				return 24 * time.Hour, true
			}
			return c.backoff(attempt), true
		}
		if !r.safe || !ae.retryableStatus() && !(ae.Status == 413 && resp.Header.Get("Retry-After") != "") {
			return 0, false
		}
		if d, ok := retryAfter(resp); ok {
			return d, true
		}
		return c.backoff(attempt), true
	}
	if !isNetworkError(err) {
		return 0, false
	}
	if !r.safe && !notSent(err) {
		return 0, false
	}
	return c.backoff(attempt), true
}

// backoff is exponential with full jitter in [d/2, d], so many clients do not retry in step.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.backoffBase << (attempt - 1)
	if d > c.cfg.backoffMax || d <= 0 {
		d = c.cfg.backoffMax
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

func isNetworkError(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE)
}

// notSent reports failures that prove the request never reached the server.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}
