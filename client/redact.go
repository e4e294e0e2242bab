package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
)

// redactedMark replaces the token wherever a server's answer carries it.
const redactedMark = "<redacted>"

// The client's own output never shows the token (secret prints as
// <redacted>), but a proxy or a hostile server may echo it back: in a
// header (X-Request-Id becomes APIError.RequestID), in an error body, in a
// 2xx body that a script reads, or JSON-escaped ("\u0043ANARY…") so that a
// plain search misses it until the JSON is decoded. Everything the client
// takes from an answer goes through these functions before it reaches an
// error, a log line, a result or JavaScript.

// minRedactable is the shortest token worth searching for: replacing a
// one-letter test token everywhere would garble every answer.
const minRedactable = 4

func (c *Client) tokenBytes() []byte {
	if len(c.cfg.token) < minRedactable {
		return nil
	}
	return []byte(c.cfg.token)
}

// redactBody returns b without the token, plain or JSON-escaped. The common
// case, an answer with neither the token nor a \u escape, costs two fast
// searches and no copy.
func (c *Client) redactBody(b []byte) []byte {
	tok := c.tokenBytes()
	if tok == nil {
		return b
	}
	if bytes.Contains(b, tok) {
		b = bytes.ReplaceAll(b, tok, []byte(redactedMark))
	}
	// A JSON escape can spell any character of the token; only \u and \/ can
	// spell the characters a token is made of (letters, digits, - _ . /).
	if bytes.Contains(b, []byte(`\u`)) || (bytes.IndexByte(tok, '/') >= 0 && bytes.Contains(b, []byte(`\/`))) {
		b = redactEscaped(b, string(tok))
	}
	return b
}

// redactEscaped decodes every JSON string literal of b that holds an escape
// and, when the decoded text holds tok, writes the literal again without it.
// Text outside string literals is left as it is.
func redactEscaped(b []byte, tok string) []byte {
	var out []byte // nil until something changes
	copied := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			continue
		}
		start, escaped := i, false
		for i++; i < len(b) && b[i] != '"'; i++ {
			if b[i] == '\\' {
				escaped = true
				i++
			}
		}
		if i >= len(b) {
			break // an unterminated literal: nothing more to decode
		}
		if !escaped {
			continue
		}
		var s string
		if json.Unmarshal(b[start:i+1], &s) != nil || !strings.Contains(s, tok) {
			continue
		}
		lit, _ := json.Marshal(strings.ReplaceAll(s, tok, redactedMark))
		out = append(append(out, b[copied:start]...), lit...)
		copied = i + 1
	}
	if out == nil {
		return b
	}
	return append(out, b[copied:]...)
}

// redactString is redactBody for a header value or an error message.
func (c *Client) redactString(s string) string {
	if c.tokenBytes() == nil || (!strings.Contains(s, string(c.cfg.token)) && !strings.Contains(s, `\u`) && !strings.Contains(s, `\/`)) {
		return s
	}
	return string(c.redactBody([]byte(s)))
}

// redactHeader rewrites every header value of an answer that holds the token.
func (c *Client) redactHeader(h http.Header) {
	for k, vs := range h {
		for i, v := range vs {
			if r := c.redactString(v); r != v {
				h[k][i] = r
			}
		}
	}
}

// redactedError keeps an error's kind for errors.Is/As while its message no
// longer shows the token (Go's transport quotes a malformed status line, for one).
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }

// Unwrap gives errors.Is and errors.As the original; its own Error() is
// never shown by the client.
func (e *redactedError) Unwrap() error { return e.err }

func (c *Client) redactErr(err error) error {
	if err == nil {
		return nil
	}
	var already *redactedError
	if errors.As(err, &already) {
		return err
	}
	if msg := err.Error(); c.redactString(msg) != msg {
		return &redactedError{msg: c.redactString(msg), err: err}
	}
	return err
}

// redactReader streams a body without the plain token: it holds back the
// last len(tok)-1 bytes of what it has read until it knows they do not
// start it.
type redactReader struct {
	r    io.ReadCloser
	tok  []byte
	win  []byte // read and not handed out: ready (win[:ready]) then held back
	next int    // win[next:ready] is what Read hands out next
	rdy  int
	buf  []byte
	err  error
}

func (c *Client) redactStream(r io.ReadCloser) io.ReadCloser {
	tok := c.tokenBytes()
	if tok == nil {
		return r
	}
	return &redactReader{r: r, tok: tok}
}

func (rr *redactReader) Read(p []byte) (int, error) {
	for rr.next == rr.rdy {
		// Keep only the held-back tail, then read more after it.
		rr.win = rr.win[:copy(rr.win, rr.win[rr.rdy:])]
		rr.next, rr.rdy = 0, 0
		if rr.err != nil {
			if len(rr.win) == 0 {
				return 0, rr.err
			}
			rr.rdy = len(rr.win) // the end: nothing more can complete a token
			break
		}
		if rr.buf == nil {
			rr.buf = make([]byte, 32<<10)
		}
		n, err := rr.r.Read(rr.buf)
		rr.err = err
		rr.win = append(rr.win, rr.buf[:n]...)
		if bytes.Contains(rr.win, rr.tok) {
			rr.win = bytes.ReplaceAll(rr.win, rr.tok, []byte(redactedMark))
		}
		switch keep := len(rr.tok) - 1; {
		case rr.err != nil:
			rr.rdy = len(rr.win)
		case len(rr.win) > keep:
			rr.rdy = len(rr.win) - keep
		}
	}
	n := copy(p, rr.win[rr.next:rr.rdy])
	rr.next += n
	return n, nil
}

func (rr *redactReader) Close() error { return rr.r.Close() }
