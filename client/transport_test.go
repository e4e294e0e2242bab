package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
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

func TestPagerFetchesLazilyAndStopsOnBadPages(t *testing.T) {
	var mu sync.Mutex
	var requests []string
	seen := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), requests...) }
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, r.URL.RawQuery)
		mu.Unlock()
		switch r.URL.Query().Get("id_gt") {
		case "":
			writeJSON(w, 200, `{"items":[{"id":"1"},{"id":"2"}],"has_more":true}`)
		case "2":
			writeJSON(w, 200, `{"items":[{"id":"3"}],"has_more":true}`)
		default:
			writeJSON(w, 200, `{"items":[],"has_more":true}`) // a broken server
		}
	})
	res, err := c.Invoke(context.Background(), "get_pools", Call{Options: map[string]any{"status": "OPEN", "batch_size": 2}})
	if err != nil || len(seen()) != 0 {
		t.Fatalf("no page before it is asked for: %v %v", seen(), err)
	}
	page, err := res.Pager.NextPage(context.Background())
	if r := seen(); err != nil || len(page) != 2 || len(r) < 1 || len(r) > 2 || r[0] != "limit=2&sort=id&status=OPEN" {
		t.Fatalf("first page %s: %v %v (the next may be fetched ahead, no more)", page, r, err)
	}
	if page, _ = res.Pager.NextPage(context.Background()); len(page) != 1 || seen()[1] != "id_gt=2&limit=2&sort=id&status=OPEN" {
		t.Fatalf("second page: %v", seen())
	}
	if _, err = res.Pager.NextPage(context.Background()); err == nil || !strings.Contains(err.Error(), "has_more but holds no items") {
		t.Fatalf("an empty page with has_more must stop with an error, got %v", err)
	}
	if _, err2 := res.Pager.NextPage(context.Background()); err2 == nil || len(seen()) != 3 {
		t.Errorf("after the error no more requests: %v", seen())
	}
}

// TestPagerFetchesAhead: while a page is consumed the next is on its way; a
// caller that takes one page costs one request ahead, one that pages on costs
// two, never more; pages come in order; Close cancels; a fetch ahead started
// under a context that has since ended is redone under the caller's.
func TestPagerFetchesAhead(t *testing.T) {
	var n atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		if want := fmt.Sprint(99 + i); i > 1 && i <= 6 && r.URL.Query().Get("id_gt") != want {
			t.Errorf("request %d asks for id_gt=%s, want %s", i, r.URL.Query().Get("id_gt"), want)
		}
		writeJSON(w, 200, fmt.Sprintf(`{"items":[{"id":"%d"}],"has_more":true}`, 100+i))
	})
	res, _ := c.Invoke(context.Background(), "get_pools", Call{})
	settled := func(want int32, after string) {
		t.Helper()
		deadline := time.Now().Add(2 * time.Second)
		for n.Load() < want && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
		if got := n.Load(); got != want {
			t.Fatalf("%d requests after %s, want %d", got, after, want)
		}
	}
	for i, want := range []int32{2, 4, 5, 6} {
		items, err := res.Pager.NextPage(context.Background())
		if err != nil || len(items) != 1 || string(items[0]) != fmt.Sprintf(`{"id":"%d"}`, 101+i) {
			t.Fatalf("page %d: %s %v", i+1, items, err)
		}
		settled(want, fmt.Sprintf("%d pages", i+1))
	}
	res.Pager.Close()

	// A page fetched ahead under a context that ended is fetched again.
	ctx, cancel := context.WithCancel(context.Background())
	res2, _ := c.Invoke(ctx, "get_pools", Call{})
	if _, err := res2.Pager.NextPage(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if items, err := res2.Pager.NextPage(context.Background()); err != nil || len(items) != 1 {
		t.Fatalf("after the first context ended: %v %v", items, err)
	}
	res2.Pager.Close()
	if _, err := res2.Pager.NextPage(context.Background()); err != io.EOF {
		t.Fatalf("after Close: %v, want io.EOF", err)
	}
}

func TestPagerRejectsMalformedPages(t *testing.T) {
	for _, body := range []string{`{"items":[{"id":"1"}`, `<html>oops</html>`, ``, `{"items":[]}`} {
		c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		n := 0
		for _, err := range c.RawItems(context.Background(), "get_tasks", Call{}) {
			n++
			if err == nil {
				t.Errorf("%q: want an error", body)
			}
			if n > 1 {
				t.Fatalf("%q: iteration did not stop", body)
			}
		}
		if n != 1 {
			t.Errorf("%q: %d yields", body, n)
		}
	}
}

func TestStateChangeWaitsAndRaisesOnFail(t *testing.T) {
	var polls atomic.Int32
	status := "SUCCESS"
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/api/v1/pools/9/open":
			if r.ContentLength > 0 {
				t.Errorf("state changes send no body")
			}
			writeJSON(w, 202, `{"id":"op1","type":"POOL.OPEN","status":"RUNNING","parameters":{"pool_id":"9"}}`)
		case r.URL.Path == "/api/v1/operations/op1":
			if polls.Add(1) == 1 {
				writeJSON(w, 503, `{"code":"REMOTE_SERVICE_UNAVAILABLE"}`) // a failing poll does not end the wait
				return
			}
			writeJSON(w, 200, `{"id":"op1","type":"POOL.OPEN","status":"`+status+`"}`)
		case r.URL.Path == "/api/v1/pools/9":
			writeJSON(w, 200, `{"id":"9","status":"OPEN"}`)
		case r.URL.Path == "/api/v1/pools/8/open":
			w.WriteHeader(204)
		case r.URL.Path == "/api/v1/pools/8":
			writeJSON(w, 200, `{"id":"8","status":"OPEN"}`)
		}
	})
	var seen []string
	res, err := c.Invoke(context.Background(), "open_pool", Call{Args: []any{"9"}, Progress: func(op *Operation) { seen = append(seen, op.Status) }})
	if err != nil || string(res.JSON) != `{"id":"9","status":"OPEN"}` || len(seen) == 0 {
		t.Fatalf("open_pool: %s %v (progress %v)", res.JSON, err, seen)
	}
	res, err = c.Invoke(context.Background(), "open_pool_async", Call{Args: []any{"8"}})
	if err != nil || res.Operation != nil {
		t.Errorf("204 gives no operation: %+v %v", res, err)
	}
	if res, err = c.Invoke(context.Background(), "open_pool", Call{Args: []any{"8"}}); err != nil || !strings.Contains(string(res.JSON), `"8"`) {
		t.Errorf("204 then read the pool: %v", err)
	}
	status = "FAIL"
	_, err = c.Invoke(context.Background(), "open_pool", Call{Args: []any{"9"}})
	var fe *OperationFailedError
	if !errors.As(err, &fe) || fe.Operation.ID != "op1" {
		t.Errorf("a FAIL operation must raise, got %v", err)
	}
}

func TestWaitGivesUpAtItsTimeout(t *testing.T) {
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"slow","type":"POOL.CLOSE","status":"RUNNING","progress":40}`)
	})
	_, err := c.Invoke(context.Background(), "wait_operation", Call{Args: []any{"slow"}, Timeout: 30 * time.Millisecond})
	var te *WaitTimeoutError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), `get_operation("slow")`) {
		t.Errorf("want a timeout naming the operation, got %v", err)
	}
	done := &Operation{ID: "x", Status: "SUCCESS"}
	if op, err := c.WaitOperation(context.Background(), done); err != nil || op != done {
		t.Errorf("a finished operation is returned without a request: %v", err)
	}
}

// createServer plays a Toloka that applies a batch create on the first POST but
// loses the answer, so the client's retry meets OPERATION_ALREADY_EXISTS.
func TestCreateRecoversFromADuplicateSubmit(t *testing.T) {
	var posts, applied atomic.Int32
	var opID atomic.Value
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/api/v1/tasks":
			posts.Add(1)
			if id, _ := opID.Load().(string); id != "" && id == r.URL.Query().Get("operation_id") {
				writeJSON(w, 409, `{"code":"OPERATION_ALREADY_EXISTS","message":"exists"}`)
				return
			}
			var items []map[string]any
			json.NewDecoder(r.Body).Decode(&items)
			if len(items) != 3 || items[2]["__item_idx"] != "2" {
				t.Errorf("items are tagged with their index: %v", items)
			}
			opID.Store(r.URL.Query().Get("operation_id"))
			applied.Add(1)
			resetConnection(w) // applied, but the answer is lost
		case strings.HasSuffix(r.URL.Path, "/log"):
			writeJSON(w, 200, `[{"type":"TASK_CREATE","success":true,"input":{"pool_id":"1","__item_idx":"0"},"output":{"task_id":"t1"}},
				{"type":"TASK_VALIDATE","success":false,"input":{"pool_id":"1","__item_idx":"1"},"output":{"input_values.x":{"code":"VALUE_NOT_ALLOWED","message":"unknown"}}},
				{"type":"TASK_CREATE","success":true,"input":{"pool_id":"1","__item_idx":"2"},"output":{"task_id":"t3"}}]`)
		case strings.HasPrefix(r.URL.Path, "/api/v1/operations/"):
			writeJSON(w, 200, `{"id":"`+opID.Load().(string)+`","type":"TASK.BATCH_CREATE","status":"SUCCESS"}`)
		case r.URL.Path == "/api/v1/tasks":
			q := r.URL.Query()
			if q.Get("pool_id") != "1" || q.Get("id_gte") != "t1" || q.Get("id_lte") != "t3" {
				t.Errorf("read back with %v", q)
			}
			writeJSON(w, 200, `{"items":[{"id":"t1","pool_id":"1"},{"id":"t2","pool_id":"1"},{"id":"t3","pool_id":"1"}],"has_more":false}`)
		}
	})
	tasks := json.RawMessage(`[{"pool_id":"1","input_values":{"a":1}},{"pool_id":"1","input_values":{"x":1}},{"pool_id":"1","input_values":{"a":3}}]`)
	res, err := c.Invoke(context.Background(), "create_tasks", Call{Args: []any{tasks}, Options: map[string]any{"skip_invalid_items": true}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"items":{"0":{"id":"t1","pool_id":"1"},"2":{"id":"t3","pool_id":"1"}},"validation_errors":{"1":{"input_values.x":{"code":"VALUE_NOT_ALLOWED","message":"unknown"}}}}`
	if string(res.JSON) != want || posts.Load() != 2 || applied.Load() != 1 {
		t.Errorf("posts %d applied %d result\n%s", posts.Load(), applied.Load(), res.JSON)
	}
}

func TestCreateRaisesOnAFailedOperation(t *testing.T) {
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST":
			writeJSON(w, 202, `{"id":"f","type":"USER_BONUS.BATCH_CREATE","status":"RUNNING"}`)
		case strings.HasSuffix(r.URL.Path, "/log"):
			writeJSON(w, 200, `[]`)
		default:
			writeJSON(w, 200, `{"id":"f","type":"USER_BONUS.BATCH_CREATE","status":"FAIL"}`)
		}
	})
	_, err := c.Invoke(context.Background(), "create_user_bonuses", Call{Args: []any{[]any{map[string]any{"user_id": "u", "amount": 1}}}})
	var fe *OperationFailedError
	if !errors.As(err, &fe) {
		t.Errorf("an empty result from a FAIL operation must be an error, got %v", err)
	}
	c, _ = fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST":
			writeJSON(w, 202, `{"id":"v","type":"TASK.BATCH_CREATE","status":"SUCCESS"}`)
		case strings.HasSuffix(r.URL.Path, "/log"):
			writeJSON(w, 200, `[{"type":"TASK_VALIDATE","success":false,"input":{"__item_idx":"0"},"output":{"input_values.image":{"code":"VALUE_REQUIRED","message":"required"}}}]`)
		}
	})
	_, err = c.Invoke(context.Background(), "create_tasks", Call{Args: []any{[]any{map[string]any{"pool_id": "1"}}}})
	var ae *APIError
	if !errors.As(err, &ae) || !errors.Is(err, ErrValidation) || !strings.Contains(string(ae.Payload), "input_values.image") {
		t.Errorf("all items invalid: want a validation error keyed by index, got %v", err)
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

// TestPagerStopsOnARepeatedPage: a server that ignores the cursor and answers
// the same page with has_more forever ends the iteration with an error.
func TestPagerStopsOnARepeatedPage(t *testing.T) {
	var n atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		writeJSON(w, 200, `{"items":[{"id":"1"},{"id":"2"}],"has_more":true}`)
	})
	items := 0
	var last error
	for _, err := range c.RawItems(context.Background(), "get_tasks", Call{}) {
		if err != nil {
			last = err
			break
		}
		items++
	}
	if last == nil || !strings.Contains(last.Error(), "same page again") || items != 2 || n.Load() != 2 {
		t.Fatalf("%d items, %d requests, error %v: want the repeat caught on the second page, its items not yielded twice", items, n.Load(), last)
	}
}

// TestPagerGuessedCursorIsChecked: typed iterators page by a guess at the
// page's last item (the last array in the page) while the exact reading runs
// alongside. A page whose list is followed by another array fools the guess:
// the request it sent is thrown away and the right one follows, and every
// item comes once, in order.
func TestPagerGuessedCursorIsChecked(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		gt := r.URL.Query().Get("id_gt")
		mu.Lock()
		asked = append(asked, gt)
		mu.Unlock()
		switch gt {
		case "":
			writeJSON(w, 200, `{"has_more":true,"items":[{"id":"1"},{"id":"2"}],"notes":[{"id":"zz"}]}`)
		case "2":
			writeJSON(w, 200, `{"has_more":true,"items":[{"id":"3"},{"id":"4"}]}`)
		case "4":
			writeJSON(w, 200, `{"has_more":false,"items":[{"id":"5"}],"notes":[{"id":"zz"}]}`)
		default:
			writeJSON(w, 200, `{"items":[{"id":"999"}],"has_more":false}`)
		}
	})
	var got []string
	for p, err := range c.Pools(context.Background(), PoolFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.ID)
	}
	if strings.Join(got, ",") != "1,2,3,4,5" {
		t.Errorf("pools %v, want 1..5 once each", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"", "zz", "2", "4"}; strings.Join(asked, ",") != strings.Join(want, ",") {
		t.Errorf("asked for id_gt %q, want %q (the wrong guess, then the right cursor)", asked, want)
	}
}

// TestPagerNamesABadItem: an item that splits but is not JSON fails the page
// with its place, before anyone reads it (JS reads items' members lazily).
func TestPagerNamesABadItem(t *testing.T) {
	for body, want := range map[string]string{
		`{"items":[{"id":"1"},{"id":tru}],"has_more":false}`:          "items[1]",
		`{"items":[{"id":"1","x":[1,,2]}],"has_more":false}`:          "items[0]",
		`{"items":[{"id":"1"},{"id":"2","s":"\q"}],"has_more":false}`: "items[1]",
	} {
		c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
		res, err := c.Invoke(context.Background(), "get_pools", Call{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = res.Pager.NextPage(context.Background())
		var de *DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want a DecodeError naming %s", body, err, want)
		}
	}
}
