package emulator

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzSearchParameters: any query string on any find route is answered 200 or
// 400 with Toloka's error body, never a failure of the server.
func FuzzSearchParameters(f *testing.F) {
	for _, seed := range []string{"limit=5&sort=-id,created", "id_gt=100&created_lte=2024-01-01T00:00", "limit=0", "limit=abc",
		"sort=nope", "overlap_gt=x", "status=OPEN,CLOSED", "created_gt=yesterday", "limit=100001", "task_id_gt=%00", "folder_ne=INBOX"} {
		f.Add("/api/v1/tasks", seed)
		f.Add("/api/v1/assignments", seed)
		f.Add("/api/app/v0/apps", seed)
	}
	s := New(Options{WorkDelay: 1 << 40})
	defer s.Close()
	s.seedDemo()
	f.Fuzz(func(t *testing.T, path, query string) {
		if !strings.HasPrefix(path, "/api/") {
			return
		}
		if _, err := url.ParseQuery(query); err != nil {
			return
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.URL = &url.URL{Path: path, RawQuery: query}
		req.Header.Set("Authorization", "OAuth x")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET %s?%s: HTTP %d %s", path, query, rec.Code, rec.Body.String())
		}
	})
}

// FuzzCreateBodies: any body posted to the create routes gets a 2xx or a 4xx
// with Toloka's error body, never a server failure.
func FuzzCreateBodies(f *testing.F) {
	for _, seed := range []string{`{}`, `[]`, `{"pool_id":"100000001","input_values":{"image":"https://x/1.png"},"overlap":1}`,
		`[{"pool_id":"100000001","input_values":{"image":5}}]`, `{"public_name":"p","task_spec":{"input_spec":{"a":{"type":"string"}},"output_spec":{}}}`,
		`{"user_id":"u","amount":-1}`, `null`, `"text"`, `{"task_spec":[]}`, `[{"tasks":[{"input_values":null}]}]`} {
		for _, route := range []string{"/api/v1/tasks", "/api/v1/task-suites", "/api/v1/user-bonuses", "/api/v1/projects", "/api/v1/pools",
			"/api/v1/skills", "/api/v1/message-threads/compose", "/api/v1/aggregated-solutions/aggregate-by-pool", "/api/staging/analytics-2"} {
			f.Add(route, seed)
		}
	}
	s := New(Options{WorkDelay: 1 << 40})
	defer s.Close()
	s.seedDemo()
	f.Fuzz(func(t *testing.T, route, body string) {
		if !strings.HasPrefix(route, "/api/") {
			return
		}
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.URL = &url.URL{Path: route, RawQuery: "async_mode=false&allow_defaults=true&skip_invalid_items=true"}
		req.Header.Set("Authorization", "OAuth x")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("POST %s %q: HTTP %d %s", route, body, rec.Code, rec.Body.String())
		}
	})
}
