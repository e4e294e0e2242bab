package runtime_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/runtime"
)

const jsCanary = "CANARY-js-9d8c7b6a5f4e3d2c1b0a"

// panickyPolicy is an embedder's retry policy with a bug: it panics, once with
// a runtime error and once with the request itself (headers, token and all).
type panickyPolicy struct{ n *atomic.Int32 }

func (p panickyPolicy) RetryAfter(attempt int, req *http.Request, resp *http.Response, err error) (time.Duration, bool) {
	if p.n.Add(1)%2 == 1 {
		var m map[string]int
		m["boom"]++ // assignment to entry in nil map
	}
	panic(req)
}

// TestTokenNeverShownToScripts: a runtime whose client holds a canary token
// and logs at debug level goes through retries, 500s, a 401, a DAY quota, a
// validation error, a Go panic inside a binding (surfaced as a catchable JS
// error) and in a timer; the script prints, inspects, stringifies and throws
// `toloka` and the errors. The canary appears in no output, log line, error
// string, or %+v / %#v of the client and errors.
func TestTokenNeverShownToScripts(t *testing.T) {
	em := emulator.New(emulator.Options{Seed: 3, OperationDelay: time.Millisecond, WorkDelay: time.Millisecond})
	t.Cleanup(em.Close)
	var requesterCalls, authSeen atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "OAuth "+jsCanary {
			authSeen.Add(1)
		}
		switch {
		case r.URL.Path == "/api/v1/requester" && requesterCalls.Add(1) <= 2:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(500)
			fmt.Fprint(w, `{"code":"INTERNAL_ERROR","message":"try again"}`)
		case r.URL.Path == "/api/v1/pools/401":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(401)
			fmt.Fprint(w, `{"code":"AUTHENTICATION_ERROR","message":"bad token","request_id":"r401"}`)
		case r.URL.Path == "/api/v1/skills":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(429)
			fmt.Fprint(w, `{"code":"TOO_MANY_REQUESTS","message":"daily","payload":{"interval":"DAY","limit":10}}`)
		default:
			em.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := client.New(jsCanary, client.WithURL(ts.URL), client.WithLogger(logger), client.WithRetries(3),
		client.WithBackoff(time.Millisecond, 2*time.Millisecond), client.WithPollInterval(2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rt, err := runtime.New(runtime.Options{Client: c, Stdout: &out, Stderr: &out, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var shown []string
	_, err = rt.RunString(ctx, `
		const caught = [];
		const attempt = (name, f) => { try { f(); caught.push(name + ': no error'); } catch (e) {
			caught.push(name + ': ' + e.name + ' ' + e.message + ' ' + e.stack + ' ' + JSON.stringify(e) + ' ' + Object.entries(e).join());
			console.log(e); console.error(name, e.stack); } };
		console.log(toloka.getRequester().id);                       // two 500s, then retried to success
		attempt('401', () => toloka.getPool('401'));
		attempt('quota', () => toloka.getSkills().toArray());
		attempt('validation', () => toloka.createProject({}));
		attempt('missing', () => toloka.getPool('no-such-pool'));
		console.log(toloka, String(toloka), JSON.stringify({c: toloka}), Object.keys(toloka).length);
		console.log(toloka.withOptions({retries: 0}));
		help(toloka); help(toloka.getPool); // printed to out: checked below, and for the token
		caught.join('\n')`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "getPool(pool_id)") || !strings.Contains(out.String(), "GET /api/v1/pools/{pool_id}") {
		t.Errorf("help(toloka) and help(toloka.getPool) printed nothing useful:\n%s", out.String())
	}
	// The same client with a panicking retry policy: the panic is a JS error.
	panicky, _ := c.With(client.WithRetryPolicy(panickyPolicy{n: new(atomic.Int32)}))
	rtp, _ := runtime.New(runtime.Options{Client: panicky, Stdout: &out, Stderr: &out})
	v, err := rtp.RunString(ctx, `
		const got = [];
		for (let i = 0; i < 2; i++) {
			try { toloka.getPool('401'); got.push('no error'); } catch (e) { got.push(e.message); console.log(e, e.stack); }
		}
		got.join('\n')`)
	if err != nil {
		t.Fatalf("a Go panic in a binding must be a catchable JS error, got %v", err)
	}
	if msg := v.String(); strings.Count(msg, "toloka.getPool: internal error") != 2 || !strings.Contains(msg, "nil map") ||
		!strings.Contains(msg, "*http.Request") {
		t.Errorf("the panics should be named by method, as errors: %q", msg)
	}
	_, err = rtp.RunString(ctx, `setTimeout(() => toloka.getPool('401'), 1)`)
	if err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Errorf("a Go panic in a timer must end the run with an error: %v", err)
	}
	if err != nil {
		shown = append(shown, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
	}
	// Go-side errors of the same calls, and the client printed every way.
	for _, call := range []func() error{
		func() error { _, err := c.GetPool(ctx, "401"); return err },
		func() error { _, err := c.GetRequester(ctx); return err },
		func() error { _, err := c.Invoke(ctx, "get_skills", client.Call{}); return err },
	} {
		if err := call(); err != nil {
			shown = append(shown, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	shown = append(shown, out.String(), logs.String(), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprint(c),
		fmt.Sprintf("%+v", *c), fmt.Sprintf("%#v", runtime.Options{Client: c}), v.String())
	for _, s := range shown {
		if strings.Contains(s, jsCanary) || strings.Contains(s, "CANARY") {
			t.Errorf("the token is shown:\n%s", s)
		}
	}
	// The run really went through what it claims.
	all := strings.Join(shown, "\n")
	for _, want := range []string{"AuthenticationError", "TooManyRequestsError", "ValidationError", "DoesNotExistError",
		"toloka retry", "INTERNAL_ERROR", "quota DAY", "<redacted>"} {
		if !strings.Contains(all, want) {
			t.Errorf("the session should show %q; it did not:\n%s", want, all)
		}
	}
	if authSeen.Load() < 8 {
		t.Errorf("only %d requests carried the token", authSeen.Load())
	}
}
