// Package testenv locates files the tests share with the rest of the project.
package testenv

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ModuleRoot is the directory holding go.mod.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Shared is the ../shared folder beside the checkout (the API description,
// recorded exchanges and acceptance scripts), or "" when it is absent.
func Shared() string {
	if dir := os.Getenv("TOLOKASH_SHARED"); dir != "" {
		return dir
	}
	dir := filepath.Join(ModuleRoot(), "..", "shared")
	if _, err := os.Stat(filepath.Join(dir, "toloka-api")); err != nil {
		return ""
	}
	return dir
}

// AssignmentPage is a find-assignments answer of n assignment-shaped objects
// whose ids continue from start, for benchmarks of paging and decoding.
func AssignmentPage(start, n int, hasMore bool) []byte {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		id := AssignmentID(start + i)
		fmt.Fprintf(&b, `{"id":"%s","task_suite_id":"%s","pool_id":"1","user_id":"%032x","status":"SUBMITTED","reward":0.05,`+
			`"tasks":[{"id":"%s","input_values":{"image":"https://example.com/%d.jpg"},"overlap":3}],`+
			`"solutions":[{"output_values":{"label":"cat"}}],"created":"2024-01-02T03:04:05.123","submitted":"2024-01-02T03:05:05.123","mixed":false}`,
			id, id, start+i, id, start+i)
	}
	fmt.Fprintf(&b, `],"has_more":%v}`, hasMore)
	return []byte(b.String())
}

// AssignmentID is the ordered id of the i-th assignment of AssignmentPage.
func AssignmentID(i int) string { return fmt.Sprintf("%010x--%024x", i, i) }

// PagingServer serves total assignments in pages of size, following id_gt.
func PagingServer(total, size int) *httptest.Server {
	pages := map[string][]byte{}
	for start := 0; start < total; start += size {
		key := ""
		if start > 0 {
			key = AssignmentID(start - 1)
		}
		pages[key] = AssignmentPage(start, min(size, total-start), start+size < total)
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(pages[r.URL.Query().Get("id_gt")])
	}))
}
