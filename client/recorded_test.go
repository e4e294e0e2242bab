package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tolokash/tolokash/internal/testenv"
)

// exchange is one line of testdata/toloka-kit/*.jsonl.zst.
type exchange struct {
	Test     string `json:"test"`
	Seq      int    `json:"seq"`
	Top      string `json:"top_level_method"`
	Low      string `json:"low_level_method"`
	Context  string `json:"caller_context"`
	Template string `json:"path_template"`
	Request  struct {
		Method string                     `json:"method"`
		Path   string                     `json:"path"`
		Query  map[string]json.RawMessage `json:"query"`
		Body   json.RawMessage            `json:"body"`
	} `json:"request"`
	Response struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"response"`
}

func loadRecorded(t *testing.T) map[string][]exchange {
	t.Helper()
	tests := map[string][]exchange{}
	for _, f := range testenv.Recordings(t) {
		for _, line := range bytes.Split(f.Data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var e exchange
			if err := json.Unmarshal(line, &e); err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			if e.Context != "client" {
				continue // the asyncio client sends the same requests; streaming pages by time, not by our iterators
			}
			tests[e.Test] = append(tests[e.Test], e)
		}
	}
	for k := range tests {
		sort.Slice(tests[k], func(i, j int) bool { return tests[k][i].Seq < tests[k][j].Seq })
	}
	return tests
}

func (e *exchange) queryValues() url.Values {
	q := url.Values{}
	for k, raw := range e.Request.Query {
		var list []string
		if json.Unmarshal(raw, &list) == nil {
			q[k] = list
			continue
		}
		var s string
		_ = json.Unmarshal(raw, &s)
		q[k] = []string{s}
	}
	return q
}

// splitCalls cuts a test's exchanges into top-level calls.
func splitCalls(exs []exchange) [][]exchange {
	var calls [][]exchange
	for i, e := range exs {
		// A sync create reads its objects back pool by pool: consecutive finds are one call.
		readBack := i > 0 && e.Top == exs[i-1].Top && strings.HasPrefix(e.Low, "find_") && strings.HasPrefix(exs[i-1].Low, "find_") &&
			!strings.HasPrefix(e.Top, "find_") && !strings.HasPrefix(e.Top, "get_")
		if i == 0 || e.Top != exs[i-1].Top || callEnded(exs[i-1]) && !readBack {
			calls = append(calls, nil)
		}
		calls[len(calls)-1] = append(calls[len(calls)-1], e)
	}
	return calls
}

// callEnded tells whether exchange e was the last of its top-level call.
func callEnded(e exchange) bool {
	ep, ok := Lookup(e.Top)
	if !ok {
		return true
	}
	if e.Response.Status >= 400 {
		return !bytes.Contains(e.Response.Body, []byte("OPERATION_ALREADY_EXISTS")) // that one is followed by a GET
	}
	switch ep.Kind {
	case KindSingle, KindFind, KindAsync, KindNoContent, KindBytes, KindTSV:
		if e.Top == "create_tasks_async" || e.Top == "create_task_suites_async" || e.Top == "create_user_bonuses_async" {
			return e.Low == e.Top || e.Low == "get_operation"
		}
		return true
	case KindIterator:
		var page struct {
			HasMore bool `json:"has_more"`
		}
		_ = json.Unmarshal(e.Response.Body, &page)
		return !page.HasMore
	case KindPoll:
		var op Operation
		_ = json.Unmarshal(e.Response.Body, &op)
		return op.Done()
	case KindComposite:
		switch e.Top {
		case "accept_assignment", "reject_assignment":
			return true
		case "archive_app_project", "unarchive_app_project":
			return e.Request.Method == "GET"
		}
		return false // clone_project: one call per test
	case KindSync:
		if q := e.queryValues(); q.Get("async_mode") == "false" {
			return true
		}
		switch e.Low {
		case "get_pool", "get_training", "get_project", "get_task", "get_task_suite", "get_user_bonus":
			return true
		case "find_tasks", "find_task_suites", "find_user_bonuses":
			var page struct {
				HasMore bool `json:"has_more"`
			}
			_ = json.Unmarshal(e.Response.Body, &page)
			return !page.HasMore
		}
	}
	return false
}

// callFromRequest rebuilds the arguments the test gave from the first request of its call.
func callFromRequest(t *testing.T, ep Endpoint, first exchange) Call {
	call := Call{Options: map[string]any{}}
	tmplEp := ep
	if ep.Kind == KindSync && ep.Async != "" {
		tmplEp, _ = Lookup(ep.Async)
	}
	ids := matchPath(tmplEp.Path, first.Request.Path)
	if ep.Name == "wait_operation" || first.Top == "wait_operation" {
		ids = matchPath("/api/v1/operations/{operation_id}", first.Request.Path)
		call.Args = []any{ids["operation_id"]}
		return call
	}
	q := first.queryValues()
	body := first.Request.Body
	switch ep.Name {
	case "accept_assignment", "reject_assignment":
		var b struct {
			PublicComment string `json:"public_comment"`
		}
		_ = json.Unmarshal(body, &b)
		body = nil
		call.Options["public_comment"] = b.PublicComment
	case "add_message_thread_to_folders", "remove_message_thread_from_folders":
		var b struct {
			Folders json.RawMessage `json:"folders"`
		}
		_ = json.Unmarshal(body, &b)
		body = nil
		call.Options["folders"] = b.Folders
	case "get_assignments_df":
		for camel, snake := range map[string]string{"startTimeFrom": "start_time_from", "startTimeTo": "start_time_to", "excludeBanned": "exclude_banned"} {
			if v, ok := q[camel]; ok {
				q[snake] = v
				delete(q, camel)
			}
		}
		q.Del("addRowDelimiter")
	case "patch_task_suite":
		if v := q.Get("open_pool"); v != "" {
			var b map[string]json.RawMessage
			_ = json.Unmarshal(body, &b)
			b["open_pool"] = json.RawMessage(v)
			body, _ = json.Marshal(b)
			q.Del("open_pool")
		}
	case "create_pool":
		if v, ok := q["storage_key"]; ok {
			q["tier"] = v
			delete(q, "storage_key")
		}
	case "get_app":
		if q.Get("lang") == "" {
			q.Del("lang")
		}
	case "create_app_item":
		var b map[string]json.RawMessage
		_ = json.Unmarshal(body, &b)
		if v, ok := b["force_new_original"]; ok {
			call.Options["force_new_original"] = v
			delete(b, "force_new_original")
			body, _ = json.Marshal(b)
		}
	}
	if ep.Create != nil && ep.Kind == KindSync && q.Get("async_mode") != "false" {
		body = stripItemIdx(t, body)
	}
	if ep.Kind == KindIterator {
		q.Del("sort")
		if l := q.Get("limit"); l != "" {
			call.Options["batch_size"] = l
			q.Del("limit")
		}
	}
	for k, v := range q {
		if len(v) == 1 {
			call.Options[k] = v[0]
		} else {
			call.Options[k] = v
		}
	}
	for _, p := range ep.Args {
		switch {
		case p.In == InPath:
			call.Args = append(call.Args, ids[p.Name])
		case p.In == InBody && len(body) > 0 && string(body) != "null":
			call.Args = append(call.Args, body)
		}
	}
	return call
}

func stripItemIdx(t *testing.T, body json.RawMessage) json.RawMessage {
	var list []map[string]json.RawMessage
	if json.Unmarshal(body, &list) == nil {
		for _, m := range list {
			delete(m, "__item_idx")
		}
		out, _ := json.Marshal(list)
		return out
	}
	var one map[string]json.RawMessage
	if json.Unmarshal(body, &one) == nil {
		delete(one, "__item_idx")
		out, _ := json.Marshal(one)
		return out
	}
	return body
}

func matchPath(tmpl, path string) map[string]string {
	ids := map[string]string{}
	ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
	for i := range ts {
		if i < len(ps) && strings.HasPrefix(ts[i], "{") {
			v, _ := url.PathUnescape(ps[i])
			ids[strings.Trim(ts[i], "{}")] = v
		}
	}
	return ids
}

// jsonEqual compares two JSON texts as trees, numbers by their exact text.
func jsonEqual(a, b []byte) bool {
	if len(bytes.TrimSpace(a)) == 0 || len(bytes.TrimSpace(b)) == 0 {
		return len(bytes.TrimSpace(a)) == len(bytes.TrimSpace(b)) || string(bytes.TrimSpace(a)) == "null" || string(bytes.TrimSpace(b)) == "null"
	}
	return reflect.DeepEqual(decodeTree(a), decodeTree(b))
}

func decodeTree(b []byte) any {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return err.Error()
	}
	return normNumbers(v)
}

// normNumbers makes 1.0 and 1 the same: Python writes floats with a .0 that Go's JSON keeps.
func normNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normNumbers(e)
		}
	case json.Number:
		s := string(x)
		if strings.Contains(s, ".") && !strings.ContainsAny(s, "eE") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return json.Number(s)
	}
	return v
}

// replayServer answers with a call's recorded responses, in order, and records
// what differed between the requests it got and the recorded ones.
type replayServer struct {
	mu       sync.Mutex
	exs      []exchange
	next     int
	problems []string
}

func (s *replayServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.next >= len(s.exs) {
		s.problems = append(s.problems, fmt.Sprintf("extra request %s %s?%s", r.Method, r.URL.Path, r.URL.RawQuery))
		http.Error(w, `{"code":"UNEXPECTED"}`, http.StatusTeapot)
		return
	}
	e := s.exs[s.next]
	s.next++
	body, _ := io.ReadAll(r.Body)
	if r.Method != e.Request.Method || r.URL.Path != e.Request.Path {
		s.problems = append(s.problems, fmt.Sprintf("request %d: sent %s %s, recorded %s %s", e.Seq, r.Method, r.URL.Path, e.Request.Method, e.Request.Path))
	}
	got, want := r.URL.Query(), e.queryValues()
	if !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
		s.problems = append(s.problems, fmt.Sprintf("request %d (%s): query %v, recorded %v", e.Seq, e.Low, got, want))
	}
	if !jsonEqual(body, e.Request.Body) {
		s.problems = append(s.problems, fmt.Sprintf("request %d (%s): body %s, recorded %s", e.Seq, e.Low, excerpt(body, 300), excerpt(e.Request.Body, 300)))
	}
	if auth := r.Header.Get("Authorization"); auth != "OAuth fake-token" {
		s.problems = append(s.problems, fmt.Sprintf("request %d: Authorization %q", e.Seq, auth))
	}
	if top := r.Header.Get("X-Top-Level-Method"); top != e.Top {
		s.problems = append(s.problems, fmt.Sprintf("request %d: X-Top-Level-Method %q, recorded %q", e.Seq, top, e.Top))
	}
	var b64 struct {
		Base64 *string `json:"$base64"`
		Text   *string `json:"$text"`
	}
	_ = json.Unmarshal(e.Response.Body, &b64)
	switch {
	case b64.Base64 != nil:
		data, _ := base64.StdEncoding.DecodeString(*b64.Base64)
		w.WriteHeader(e.Response.Status)
		w.Write(data)
	case b64.Text != nil:
		w.Header().Set("Content-Type", "text/tab-separated-values")
		w.WriteHeader(e.Response.Status)
		io.WriteString(w, *b64.Text)
	default:
		if len(e.Response.Body) > 0 && string(e.Response.Body) != "null" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(e.Response.Status)
		if string(e.Response.Body) != "null" {
			w.Write(e.Response.Body)
		}
	}
}

// TestRecordedExchanges replays toloka-kit's recorded exchanges: for each call a
// test made, the client must send the same requests, and give back the answers intact.
func TestRecordedExchanges(t *testing.T) {
	tests := loadRecorded(t)
	names := make([]string, 0, len(tests))
	for k := range tests {
		names = append(names, k)
	}
	sort.Strings(names)
	var calls, exchanges, failed int
	for _, name := range names {
		for _, exs := range splitCalls(tests[name]) {
			ep, ok := Lookup(exs[0].Top)
			if !ok {
				t.Errorf("%s: method %s is not in the table", name, exs[0].Top)
				continue
			}
			calls++
			exchanges += len(exs)
			srv := &replayServer{exs: exs}
			ts := httptest.NewServer(srv)
			c, err := New("fake-token", WithURL(ts.URL), WithRetries(0), WithPollInterval(time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			call := callFromRequest(t, ep, exs[0])
			var out bytes.Buffer
			if ep.Kind == KindBytes {
				call.Out = &out
			}
			res, err := c.Invoke(context.Background(), ep.Name, call)
			if err == nil && res.Pager != nil {
				for {
					if _, err = res.Pager.NextPage(context.Background()); err != nil {
						if err == io.EOF {
							err = nil
						}
						break
					}
				}
			}
			if err == nil && res.Body != nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
			last := exs[len(exs)-1]
			// One mock answers a GET of a pool with 204 and no body; a real GET never
			// does, and an empty answer where an object is due is an error here.
			getNoContent := last.Request.Method == "GET" && last.Response.Status == 204
			if err != nil && last.Response.Status < 400 && !strings.Contains(name, "error") && !strings.Contains(name, "fail") && !getNoContent {
				srv.problems = append(srv.problems, "unexpected error: "+err.Error())
			}
			if err == nil && last.Response.Status >= 400 {
				srv.problems = append(srv.problems, fmt.Sprintf("the recorded call ended with HTTP %d but Invoke returned no error", last.Response.Status))
			}
			if err == nil && res.JSON != nil && (ep.Kind == KindSingle || ep.Kind == KindFind) && len(exs) == 1 && ep.Name != "check_update_project_for_major_version_change" && !jsonEqual(res.JSON, last.Response.Body) {
				srv.problems = append(srv.problems, "the result differs from the answer")
			}
			if srv.next < len(exs) {
				srv.problems = append(srv.problems, fmt.Sprintf("sent %d of the %d recorded requests", srv.next, len(exs)))
			}
			ts.Close()
			if len(srv.problems) > 0 {
				failed++
				t.Errorf("%s (%s):\n  %s", name, ep.Name, strings.Join(srv.problems, "\n  "))
			}
		}
	}
	t.Logf("replayed %d calls (%d exchanges), %d with differences", calls, exchanges, failed)
	if calls < 300 {
		t.Errorf("only %d calls replayed; the recorded data should give several hundred", calls)
	}
}
