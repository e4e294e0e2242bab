package client

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestResendFollowsTheRow drops the connection under the first request of a
// method and counts how often the method sends it: a row that is safe to
// resend tries again, another gives up, whatever its verb.
func TestResendFollowsTheRow(t *testing.T) {
	task := map[string]any{"pool_id": "1", "input_values": map[string]any{"x": 1}}
	for _, tc := range []struct {
		name  string
		call  Call
		sends int32
	}{
		{"get_pool", Call{Args: []any{"1"}}, 2},
		{"update_pool", Call{Args: []any{"1", map[string]any{"private_name": "p"}}}, 2},
		{"patch_pool", Call{Args: []any{"1", map[string]any{"priority": 5}}}, 2},
		{"delete_user_skill", Call{Args: []any{"1"}}, 2},
		{"patch_assignment", Call{Args: []any{"1", map[string]any{"status": "ACCEPTED"}}}, 1},
		{"create_project", Call{Args: []any{map[string]any{"public_name": "p"}}}, 1},
		{"compose_message_thread", Call{Args: []any{map[string]any{"topic": map[string]any{"EN": "t"}}}}, 1},
		{"open_pool_async", Call{Args: []any{"1"}}, 2},
		{"archive_project_async", Call{Args: []any{"1"}}, 2},
		{"clone_pool_async", Call{Args: []any{"1"}}, 1},
		{"archive_app_batch", Call{Args: []any{"1", "2"}}, 2},
		{"create_tasks_async", Call{Args: []any{[]any{task}}}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					resetConnection(w) // the server may or may not have acted
					return
				}
				writeJSON(w, 200, `{"id":"1","type":"TASK.BATCH_CREATE","status":"RUNNING"}`)
			})
			_, err := c.Invoke(context.Background(), tc.name, tc.call)
			if got := n.Load(); got != tc.sends || (err == nil) != (tc.sends == 2) {
				ep, _ := Lookup(tc.name)
				t.Errorf("%s (%s, Resend %q) sent %d times, want %d; err %v", tc.name, ep.Verb, ep.Resend, got, tc.sends, err)
			}
		})
	}
}

// TestBatchSizeIsCheckedBeforeAnyRequest: a bad batch_size is the caller's
// mistake, named before a request goes out, not a page size the server is
// left to guess (it was once dropped silently, and the iterator asked for
// ?sort=id alone).
func TestBatchSizeIsCheckedBeforeAnyRequest(t *testing.T) {
	var queries []string
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.RawQuery)
		writeJSON(w, 200, `{"items":[{"id":"1"}],"has_more":false}`)
	})
	ctx := context.Background()
	for _, bad := range []any{-5, 0, "x", 2.5, true, "-1"} {
		for raw, err := range c.RawItems(ctx, "get_tasks", Call{Options: map[string]any{"batch_size": bad}}) {
			var ae *ArgError
			if !errors.As(err, &ae) || ae.Param != "batch_size" || !strings.Contains(ae.Error(), "a positive integer") {
				t.Errorf("batch_size %v: got %s, %v; want an ArgError naming batch_size", bad, raw, err)
			}
			break
		}
	}
	if len(queries) != 0 {
		t.Errorf("requests were sent for bad batch sizes: %q", queries)
	}
	for _, good := range []any{7, "7", 7.0} {
		for _, err := range c.RawItems(ctx, "get_tasks", Call{Options: map[string]any{"batch_size": good}}) {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if want := []string{"limit=7&sort=id", "limit=7&sort=id", "limit=7&sort=id"}; !slices.Equal(queries, want) {
		t.Errorf("queries %q, want %q", queries, want)
	}
}

// TestReadBackFindsTheID reads a sync state change's result by the id its
// row names: the call's own, the operation's details or its parameters.
func TestReadBackFindsTheID(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer string // the POST's; "" for 204, nothing to do
		get    string // the path read back, "" for an error
	}{
		{"open_pool", `{"id":"op","type":"POOL.OPEN","status":"SUCCESS","parameters":{"pool_id":"7"}}`, "/api/v1/pools/7"},
		{"open_pool", "", "/api/v1/pools/7"},
		{"clone_pool", `{"id":"op","type":"POOL.CLONE","status":"SUCCESS","details":{"pool_id":"99"}}`, "/api/v1/pools/99"},
		{"clone_pool", `{"id":"op","type":"POOL.CLONE","status":"SUCCESS","details":{}}`, ""},
		{"clone_pool", "", ""},
		{"archive_project", `{"id":"op","type":"PROJECT.ARCHIVE","status":"SUCCESS","parameters":{"project_id":"8"}}`, "/api/v1/projects/8"},
		{"archive_project", `{"id":"op","type":"PROJECT.ARCHIVE","status":"SUCCESS","parameters":{}}`, "/api/v1/projects/7"},
		{"archive_project", "", "/api/v1/projects/7"},
	} {
		var got string
		c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Method == "POST" && tc.answer == "":
				w.WriteHeader(http.StatusNoContent)
			case r.Method == "POST":
				writeJSON(w, 202, tc.answer)
			default:
				got = r.URL.Path
				writeJSON(w, 200, `{"id":"x"}`)
			}
		})
		_, err := c.Invoke(context.Background(), tc.name, Call{Args: []any{"7"}})
		var de *DecodeError
		switch {
		case tc.get == "" && !errors.As(err, &de):
			t.Errorf("%s answered %q: read back %q, err %v; want a DecodeError", tc.name, tc.answer, got, err)
		case tc.get != "" && (err != nil || got != tc.get):
			t.Errorf("%s answered %q: read back %q, err %v; want %s", tc.name, tc.answer, got, err, tc.get)
		}
	}
}

// TestRowsSayWhatTheyDo: every row with logic of its own, or a result read
// back, or a request that is not resent, says so in its Behaviour, and the
// rows its Run, Async, ReadBack and Create name are in the table.
func TestRowsSayWhatTheyDo(t *testing.T) {
	for _, e := range Endpoints() {
		b := e.Behaviour()
		if e.Run != nil && len(b) == 0 {
			t.Errorf("%s has a Run but says nothing of what it does", e.Name)
		}
		for _, name := range []string{e.Async, e.Find} {
			if _, ok := Lookup(name); name != "" && !ok {
				t.Errorf("%s names %s, which is not a row", e.Name, name)
			}
		}
		if rb := e.ReadBack; rb != nil {
			get, ok := Lookup(rb.Method)
			if !ok || get.Kind != KindSingle || get.Verb != "GET" || !strings.Contains(strings.Join(b, "\n"), rb.Method) {
				t.Errorf("%s reads back with %s: not a GET of one object in the table, or not said", e.Name, rb.Method)
			}
			if _, name, _ := strings.Cut(rb.ID, "."); !strings.Contains(get.Path, "{") || name == "" && !strings.Contains(e.Path, "{"+rb.ID+"}") {
				t.Errorf("%s reads back by %s, which is none of its path arguments", e.Name, rb.ID)
			}
		}
		if cr := e.Create; cr != nil && e.Kind == KindSync {
			rb, ok := Lookup(cr.ReadBack)
			batch := strings.HasSuffix(e.Args[0].Type, "[]")
			if !ok || batch != (rb.Kind == KindIterator) || !batch && rb.Kind != KindSingle || cr.IDField == "" || cr.Operation == "" {
				t.Errorf("%s: creation %+v does not read back with a get (one) or an iterator (a list)", e.Name, cr)
			}
		}
		if e.Kind == KindFind && len(e.Sort) == 0 {
			t.Errorf("%s takes sort but lists no sort keys", e.Name)
		}
		if !e.SafeToResend() && !strings.Contains(strings.Join(b, "\n"), "Not resent") {
			t.Errorf("%s is not resent, and does not say so", e.Name)
		}
	}
}

// TestParseDurationIsBounded: a timeout is milliseconds or Go's duration
// text; what is negative or past what a time.Duration holds is refused, not
// wrapped round into some other wait.
func TestParseDurationIsBounded(t *testing.T) {
	for v, want := range map[any]time.Duration{"1m30s": 90 * time.Second, 1500: 1500 * time.Millisecond, int64(2): 2 * time.Millisecond,
		2.5: 2500 * time.Microsecond, json.Number("10"): 10 * time.Millisecond, time.Second: time.Second} {
		if got, err := ParseDuration(v); err != nil || got != want {
			t.Errorf("ParseDuration(%v) = %v, %v; want %v", v, got, err, want)
		}
	}
	for _, v := range []any{-5, "-1s", 1e300, math.NaN(), math.Inf(1), -time.Second, "soon", true, json.Number("1e300")} {
		if d, err := ParseDuration(v); err == nil {
			t.Errorf("ParseDuration(%v) = %v, want an error", v, d)
		}
	}
}
