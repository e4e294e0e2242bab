package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
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

// BenchmarkServePageWhileTheCrowdWorks serves the same page as
// BenchmarkServePage while 30 Tolokers work a pool of their own, a page of 9
// real and 1 control task in some 50 ms each: without quality control, and
// with the four collectors of toloka-kit's image classification notebook
// (income, skipped in a row, majority vote, control tasks), counting every
// event, their rules evaluated each time and never acting (so both crowds do
// the same work). The crowd and its rules hold the state's lock while they
// work: this is what the rules cost the API.
func BenchmarkServePageWhileTheCrowdWorks(b *testing.B) {
	for _, rules := range []bool{false, true} {
		name := "no rules"
		if rules {
			name = "four rules"
		}
		b.Run(name, func(b *testing.B) {
			s := New(Options{Workers: 30, Seed: 1, WorkDelay: DefaultWorkDelay, Pace: 2000, OperationDelay: time.Millisecond})
			defer s.Close()
			pool := loadTasks(s, 100_000)
			busyCrowd(b, s, rules)
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
			s.mu.Lock()
			done := len(s.st.assignments.ids)
			s.mu.Unlock()
			b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "assignments/s")
		})
	}
}

// busyCrowd opens a pool of 50k tasks, overlap 3, and 5k control tasks for the crowd to work on.
func busyCrowd(b *testing.B, s *Server, rules bool) {
	call := func(method, path, body string) map[string]any {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "OAuth x")
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		var out map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &out); rec.Code/100 != 2 || err != nil {
			b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
		return out
	}
	project := call("POST", "/api/v1/projects", `{"public_name": "busy", "task_spec": {"input_spec": {"image": {"type": "url"}},
		"output_spec": {"result": {"type": "string", "allowed_values": ["cat", "dog", "other"]}}}}`)
	qc := `{"configs": []}`
	if rules {
		restrict := `"action": {"type": "RESTRICTION_V2", "parameters": {"scope": "PROJECT", "duration": 1, "duration_unit": "DAYS"}}`
		qc = `{"configs": [
			{"collector_config": {"type": "INCOME"}, "rules": [{"conditions": [{"key": "income_sum_for_last_24_hours", "operator": "GTE", "value": 1000}], ` + restrict + `}]},
			{"collector_config": {"type": "SKIPPED_IN_ROW_ASSIGNMENTS"}, "rules": [{"conditions": [{"key": "skipped_in_row_count", "operator": "GTE", "value": 1000}], ` + restrict + `}]},
			{"collector_config": {"type": "MAJORITY_VOTE", "parameters": {"answer_threshold": 2, "history_size": 10}}, "rules": [{"conditions": [
				{"key": "total_answers_count", "operator": "GTE", "value": 4}, {"key": "correct_answers_rate", "operator": "LT", "value": 0}], ` + restrict + `}]},
			{"collector_config": {"type": "GOLDEN_SET"}, "rules": [{"conditions": [
				{"key": "golden_set_correct_answers_rate", "operator": "LT", "value": 0}, {"key": "golden_set_answers_count", "operator": "GTE", "value": 3}], ` + restrict + `}]}]}`
	}
	pool := call("POST", "/api/v1/pools", `{"project_id": "`+str(project["id"])+`", "private_name": "busy", "reward_per_assignment": 0.01,
		"assignment_max_duration_seconds": 600, "will_expire": "2030-01-01T00:00:00", "defaults": {"default_overlap_for_new_task_suites": 3},
		"mixer_config": {"real_tasks_count": 9, "golden_tasks_count": 1, "training_tasks_count": 0}, "quality_control": `+qc+`}`)
	pid := str(pool["id"])
	s.mu.Lock()
	st := s.st
	for i := 0; i < 55_000; i++ { // enough control tasks that no Toloker runs out in a benchmark
		t := object{"id": st.orderedID(), "pool_id": pid, "created": st.now(), "overlap": 3, "remaining_overlap": 3,
			"infinite_overlap": false, "input_values": object{"image": fmt.Sprintf("https://example.com/busy/%d.jpg", i)}}
		if i%11 == 0 {
			t["overlap"], t["infinite_overlap"] = nil, true
			delete(t, "remaining_overlap")
			t["known_solutions"] = []any{object{"output_values": object{"result": []string{"cat", "dog", "other"}[i%3]}, "correctness_weight": 1}}
		}
		st.tasks.add(t)
	}
	s.mu.Unlock()
	call("POST", "/api/v1/pools/"+pid+"/open", "")
}
