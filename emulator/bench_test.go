package emulator

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
)

// loadTasks fills a pool with n tasks directly in the state.
func loadTasks(s *Server, n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	project := object{"id": st.numericID("project"), "task_spec": object{"input_spec": object{"n": object{"type": "integer"}}}}
	st.projects.add(project)
	pool := object{"id": st.numericID("pool"), "project_id": project["id"], "status": "CLOSED"}
	st.pools.add(pool)
	for i := 0; i < n; i++ {
		st.tasks.add(object{"id": st.orderedID(), "pool_id": pool["id"], "created": st.now(), "overlap": 1, "remaining_overlap": 1,
			"infinite_overlap": false, "input_values": object{"image": fmt.Sprintf("https://example.com/%d.jpg", i)}})
	}
	return str(pool["id"])
}

// BenchmarkServePage measures serving one 1,000-task page (req/s = 1e9 / ns/op).
func BenchmarkServePage(b *testing.B) {
	s := New(Options{})
	defer s.Close()
	pool := loadTasks(s, 100_000)
	ts := httptest.NewServer(s)
	defer ts.Close()
	req, _ := http.NewRequest("GET", ts.URL+"/api/v1/tasks?pool_id="+pool+"&sort=id&limit=1000&id_gt=0000000000", nil)
	req.Header.Set("Authorization", "OAuth x")
	b.ResetTimer()
	for b.Loop() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		b.SetBytes(n)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkMemoryPer100kTasks reports the heap the emulator holds for 100k tasks.
func BenchmarkMemoryPer100kTasks(b *testing.B) {
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s := New(Options{})
		loadTasks(s, 100_000)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB/100k-tasks")
		s.Close()
	}
}

// BenchmarkServePageBaseline serves the same page bytes from a handler that
// only writes them: the HTTP floor BenchmarkServePage is compared against.
func BenchmarkServePageBaseline(b *testing.B) {
	s := New(Options{})
	defer s.Close()
	pool := loadTasks(s, 100_000)
	src := httptest.NewServer(s)
	req, _ := http.NewRequest("GET", src.URL+"/api/v1/tasks?pool_id="+pool+"&sort=id&limit=1000&id_gt=0000000000", nil)
	req.Header.Set("Authorization", "OAuth x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	src.Close()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer ts.Close()
	b.ResetTimer()
	for b.Loop() {
		resp, err := http.Get(ts.URL)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		b.SetBytes(n)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
