package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const canary = "CANARY-token-1234567890-secret"

// fakeAPI is a loopback server whose answers a test scripts per request.
func fakeAPI(t *testing.T, h http.HandlerFunc, opts ...Option) (*Client, *httptest.Server) {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	opts = append([]Option{WithURL(ts.URL), WithBackoff(time.Millisecond, 5*time.Millisecond), WithPollInterval(time.Millisecond)}, opts...)
	c, err := New(canary, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, ts
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func resetConnection(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestAuthScheme(t *testing.T) {
	for token, want := range map[string]string{
		"AQAAAAAA-oauth-token":                 "OAuth",
		strings.Repeat("a", 22) + ".bbbb.cccc": "ApiKey",
		strings.Repeat("a", 24) + ".bbbb.cccc": "ApiKey",
		strings.Repeat("a", 21) + ".bbbb.cccc": "OAuth",
		strings.Repeat("a", 25) + ".bbbb.cccc": "OAuth",
		strings.Repeat("a", 23) + ".bb.cc.dd":  "OAuth",
	} {
		if got := authScheme(token); got != want {
			t.Errorf("authScheme(%q) = %s, want %s", token, got, want)
		}
	}
}

func TestNewChecksEnvironmentAndURL(t *testing.T) {
	if _, err := New("t"); err == nil || !strings.Contains(err.Error(), "environment") {
		t.Errorf("no environment nor URL: %v", err)
	}
	if _, err := New("t", WithEnvironment(Sandbox), WithURL("https://x.example")); err == nil || !strings.Contains(err.Error(), "not both") {
		t.Errorf("both: %v", err)
	}
	if _, err := New("t", WithURL("http://toloka.example")); err == nil || !strings.Contains(err.Error(), "http://") {
		t.Errorf("plain http to a remote host must be refused: %v", err)
	}
	if _, err := New("t", WithURL("http://toloka.example"), WithInsecureHTTP()); err != nil {
		t.Errorf("explicitly insecure: %v", err)
	}
	c, err := New("t", WithURL("http://127.0.0.1:7070/"))
	if err != nil || c.BaseURL() != "http://127.0.0.1:7070" {
		t.Errorf("loopback http: %v %v", c, err)
	}
	sb, _ := New("t", WithEnvironment(Sandbox))
	prod, err := sb.With(WithEnvironment(Production))
	if err != nil || prod.BaseURL() != Production.URL || sb.BaseURL() != Sandbox.URL {
		t.Errorf("With changes a copy only: %v %v %v", prod, sb, err)
	}
}

func TestTokenNeverShown(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "OAuth "+canary {
			t.Errorf("Authorization header %q", r.Header.Get("Authorization"))
		}
		writeJSON(w, 401, `{"code":"AUTHENTICATION_ERROR","message":"bad token","request_id":"r1"}`)
	}, WithLogger(logger), WithRetries(1))
	_, err := c.Invoke(context.Background(), "get_pool", Call{Args: []any{"1"}})
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, ErrAuthentication) || ae.RequestID != "r1" {
		t.Fatalf("want an authentication APIError, got %v", err)
	}
	shown := []string{err.Error(), fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%s", c), logs.String()}
	for _, s := range shown {
		if strings.Contains(s, canary) || strings.Contains(s, "CANARY") {
			t.Errorf("token shown in %q", s)
		}
	}
	if !strings.Contains(logs.String(), "get_pool") {
		t.Errorf("debug log should name the method: %s", logs.String())
	}
}

func TestRetriesSafeRequestsOnServerErrors(t *testing.T) {
	var n atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			writeJSON(w, 503, `{"code":"REMOTE_SERVICE_UNAVAILABLE","message":"try later"}`)
		case 2:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			io.WriteString(w, "<html><body>Bad gateway</body></html>")
		case 3:
			resetConnection(w)
		default:
			writeJSON(w, 200, `{"id":"7","reward_per_assignment":0.050}`)
		}
	})
	res, err := c.Invoke(context.Background(), "get_pool", Call{Args: []any{"7"}})
	if err != nil {
		t.Fatal(err)
	}
	if n.Load() != 4 || string(res.JSON) != `{"id":"7","reward_per_assignment":0.050}` {
		t.Errorf("attempts %d, result %s", n.Load(), res.JSON)
	}
}

func TestRetriesRunOutWithTheLastError(t *testing.T) {
	var n atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		io.WriteString(w, "<html><h1>502 Bad Gateway</h1></html>")
	}, WithRetries(2))
	_, err := c.Invoke(context.Background(), "get_requester", Call{})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 502 || !strings.Contains(err.Error(), "text/html") || n.Load() != 3 {
		t.Errorf("after %d attempts: %v", n.Load(), err)
	}
}

func TestNonIdempotentPostIsNotResent(t *testing.T) {
	var n atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		resetConnection(w) // the server may or may not have created the project
	})
	_, err := c.Invoke(context.Background(), "create_project", Call{Args: []any{map[string]any{"public_name": "p"}}})
	if err == nil || n.Load() != 1 {
		t.Errorf("create_project sent %d times, err %v", n.Load(), err)
	}
	// A 429 proves nothing was done, so even a create is retried.
	c3, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 3 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 429, `{"code":"TOO_MANY_REQUESTS","message":"slow down","payload":{"interval":"MIN"}}`)
			return
		}
		writeJSON(w, 201, `{"id":"5"}`)
	})
	n.Store(2)
	if _, err := c3.Invoke(context.Background(), "create_project", Call{Args: []any{map[string]any{"public_name": "p"}}}); err != nil || n.Load() != 4 {
		t.Errorf("a create answered 429 is retried: %d requests, %v", n.Load(), err)
	}
}

func TestQuotaWindows(t *testing.T) {
	var n atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 429, `{"code":"TOO_MANY_REQUESTS","message":"daily limit","payload":{"interval":"DAY"}}`)
	})
	_, err := c.Invoke(context.Background(), "get_requester", Call{})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Quota != QuotaDay || !errors.Is(err, ErrTooManyRequests) || !strings.Contains(err.Error(), "quota DAY") || n.Load() != 1 {
		t.Errorf("a DAY quota is not retried by default and is named: %d requests, %v", n.Load(), err)
	}

	n.Store(0)
	c, _ = fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "0.01")
			writeJSON(w, 429, `{"code":"TOO_MANY_REQUESTS","message":"per minute","payload":{"interval":"MIN"}}`)
			return
		}
		writeJSON(w, 200, `{"id":"me"}`)
	})
	if _, err := c.Invoke(context.Background(), "get_requester", Call{}); err != nil || n.Load() != 2 {
		t.Errorf("a MIN quota waits and succeeds: %d requests, %v", n.Load(), err)
	}

	// Without Retry-After a MIN quota waits a minute: the context bounds that wait.
	n.Store(0)
	c, _ = fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 429, `{"code":"TOO_MANY_REQUESTS","message":"per minute","payload":{"interval":"MIN"}}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.Invoke(ctx, "get_requester", Call{})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second || n.Load() != 1 {
		t.Errorf("the MIN wait must be cut by the context: %v after %v", err, time.Since(start))
	}

	n.Store(0)
	c, _ = fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 429, `{"code":"TOO_MANY_REQUESTS","message":"hourly","payload":{"interval":"HOUR"}}`)
			return
		}
		writeJSON(w, 200, `{"id":"me"}`)
	}, WithRetryQuotas(QuotaMinute, QuotaHour))
	if _, err := c.Invoke(context.Background(), "get_requester", Call{}); err != nil {
		t.Errorf("an HOUR quota listed in the retry quotas is waited out: %v", err)
	}
}

func TestCancellationAbortsTheRequestInFlight(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Invoke(ctx, "get_pool", Call{Args: []any{"1"}})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Errorf("got %v after %v", err, time.Since(start))
	}
}

func TestArgumentErrors(t *testing.T) {
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("no request may be sent for bad arguments, got %s %s", r.Method, r.URL)
	})
	cases := []struct {
		name string
		call Call
		want []string
	}{
		{"get_pool", Call{}, []string{"get_pool", "pool_id", "expected a string id", "nothing"}},
		{"get_pool", Call{Args: []any{map[string]any{"a": 1}}}, []string{"pool_id", "string id", "object"}},
		{"create_tasks", Call{Args: []any{"not a list"}}, []string{"create_tasks", "tasks", "list of Task", "string"}},
		{"create_pool", Call{Args: []any{[]any{1}}}, []string{"pool", "Pool object", "list"}},
		{"find_pools", Call{Options: map[string]any{"statsu": "OPEN"}}, []string{"statsu", "did you mean status?"}},
		{"find_pools", Call{Options: map[string]any{"sort": []any{"-nope"}}}, []string{"sort", "nope"}},
		{"find_pools", Call{Options: map[string]any{"created_gt": "yesterday"}}, []string{"created_gt", "date-time"}},
		{"get_poool", Call{}, []string{"did you mean get_pool?"}},
		{"create_pool", Call{Args: []any{map[string]any{"type": "TRAINING"}}}, []string{"TRAINING"}},
	}
	for _, tc := range cases {
		_, err := c.Invoke(context.Background(), tc.name, tc.call)
		var ae *ArgError
		if !errors.As(err, &ae) {
			t.Errorf("%s %+v: want an ArgError, got %v", tc.name, tc.call, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not mention %q", tc.name, err, w)
			}
		}
	}
}

func TestQueryEncoding(t *testing.T) {
	var got string
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.RawQuery
		writeJSON(w, 200, `{"items":[],"has_more":false}`)
	})
	_, err := c.Invoke(context.Background(), "find_assignments", Call{Options: map[string]any{
		"status": []any{"SUBMITTED", "ACCEPTED"}, "submitted_gte": time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)),
		"created_lt": "2024-05-01T10:00:00.5+02:00", "sort": []string{"-submitted", "id"}, "limit": 10.0, "pool_id": nil}})
	if err != nil {
		t.Fatal(err)
	}
	want := "created_lt=2024-05-01T08%3A00%3A00.500000&limit=10&sort=-submitted%2Cid&status=SUBMITTED%2CACCEPTED&submitted_gte=2024-01-02T02%3A04%3A05"
	if got != want {
		t.Errorf("query\n got %s\nwant %s", got, want)
	}
	_, err = c.Invoke(context.Background(), "find_app_projects", Call{Options: map[string]any{"requester_ids": []string{"a", "b"}}})
	if err != nil || got != "requester_ids=a&requester_ids=b" {
		t.Errorf("requester_ids repeat: %s %v", got, err)
	}
}

func TestParseAndFormatTime(t *testing.T) {
	for in, want := range map[string]string{
		"2016-03-07T15:47:00":           "2016-03-07T15:47:00",
		"2021-08-24T06:30:08.51":        "2021-08-24T06:30:08.510000",
		"2021-08-24T06:30:11.99999":     "2021-08-24T06:30:11.999990",
		"2016-05-25T16:15:27.748000":    "2016-05-25T16:15:27.748000",
		"2020-09-01T13:00":              "2020-09-01T13:00:00",
		"2020-09-01T13:00:00Z":          "2020-09-01T13:00:00",
		"2020-09-01T13:00:00.123+03:00": "2020-09-01T10:00:00.123000",
	} {
		tm, err := ParseTime(in)
		if err != nil || FormatTime(tm) != want {
			t.Errorf("%s → %s (%v), want %s", in, FormatTime(tm), err, want)
		}
	}
}

func TestDownloadStreamsBytesExactly(t *testing.T) {
	content := []byte("line one\r\nline two\x00\xff")
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(content)
	})
	var out bytes.Buffer
	if _, err := c.Invoke(context.Background(), "download_attachment", Call{Args: []any{"a1"}, Out: &out}); err != nil || !bytes.Equal(out.Bytes(), content) {
		t.Errorf("downloaded %q, %v", out.Bytes(), err)
	}
}

// An accept whose answer is lost is read back, not sent again blindly.
func TestAcceptSurvivesALostAnswer(t *testing.T) {
	var patches, gets atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "PATCH":
			patches.Add(1)
			resetConnection(w) // applied, answer lost
		case "GET":
			gets.Add(1)
			writeJSON(w, 200, `{"id":"a1","status":"ACCEPTED"}`)
		}
	})
	res, err := c.Invoke(context.Background(), "accept_assignment", Call{Args: []any{"a1", "ok"}})
	if err != nil || !strings.Contains(string(res.JSON), "ACCEPTED") || patches.Load() != 1 || gets.Load() != 1 {
		t.Fatalf("patches %d gets %d: %v %+v", patches.Load(), gets.Load(), err, res)
	}
	// Not applied (still SUBMITTED): sent again.
	patches.Store(0)
	c, _ = fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "PATCH":
			if patches.Add(1) == 1 {
				writeJSON(w, 503, `{"code":"REMOTE_SERVICE_UNAVAILABLE"}`)
				return
			}
			writeJSON(w, 200, `{"id":"a1","status":"REJECTED"}`)
		case "GET":
			writeJSON(w, 200, `{"id":"a1","status":"SUBMITTED"}`)
		}
	})
	if res, err := c.Invoke(context.Background(), "reject_assignment", Call{Args: []any{"a1", "no"}}); err != nil || patches.Load() != 2 || !strings.Contains(string(res.JSON), "REJECTED") {
		t.Fatalf("retry after a failure that changed nothing: %d patches, %v", patches.Load(), err)
	}
}

func TestMalformedAnswersAreErrors(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"empty body": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) },
		"html page": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html>maintenance</html>")
		},
		"truncated": func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"id":"1","status":"OP`) },
		"wrong JSON": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"id": 1, "reward_per_assignment": "lots"}`)
		},
	} {
		c, _ := fakeAPI(t, h)
		_, err := c.GetPool(context.Background(), "1")
		var de *DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), "get_pool") {
			t.Errorf("%s: want a DecodeError naming get_pool, got %v", name, err)
		}
	}
}
