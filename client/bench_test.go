package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/internal/testenv"
)

func BenchmarkDecodeAssignmentPage(b *testing.B) {
	page := testenv.AssignmentPage(0, 1000, false)
	b.SetBytes(int64(len(page)))
	b.Run("typed", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			var p Page[Assignment]
			if err := json.Unmarshal(page, &p); err != nil || len(p.Items) != 1000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("typed-iterator", func(b *testing.B) { // what the iterator does with a page
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			_, last, err := pageTail(page, "items")
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			if _, err := decodeItems(page, "items", last, func(*Assignment, error) bool { n++; return true }); err != nil || n != 1000 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("raw-items", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			items, _, err := decodePage(page, "items")
			if err != nil || len(items) != 1000 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkReadPage reads a 1,000-assignment page into its items, checked
// item by item as a JS iterator needs them: in one pass (readPage), and as
// it was read before, in three (threePassPage); and unchecked.
func BenchmarkReadPage(b *testing.B) {
	page := testenv.AssignmentPage(0, 1000, true)
	for _, v := range []struct {
		name string
		read func() ([]json.RawMessage, bool, error)
	}{
		{"checked", func() ([]json.RawMessage, bool, error) { return readPage(page, "items", true, 1000) }},
		{"checked-three-passes", func() ([]json.RawMessage, bool, error) { return threePassPage(page, "items", true) }},
		{"unchecked", func() ([]json.RawMessage, bool, error) { return readPage(page, "items", false, 1000) }},
	} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if items, _, err := v.read(); err != nil || len(items) != 1000 {
					b.Fatal(len(items), err)
				}
			}
		})
	}
}

// BenchmarkIterate compares the lazy iterator over 100k assignments with a raw
// loop that only fetches the same pages: the ratio of ns/op is the iterator's cost.
func BenchmarkIterate(b *testing.B) {
	for _, total := range []int{10_000, 100_000} {
		ts := testenv.PagingServer(total, 1000)
		b.Run("raw-loop/"+strconv.Itoa(total), func(b *testing.B) {
			for b.Loop() {
				last := ""
				for {
					resp, err := http.Get(ts.URL + "/api/v1/assignments?sort=id&limit=1000&id_gt=" + last)
					if err != nil {
						b.Fatal(err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if !strings.Contains(string(body[len(body)-20:]), "true") {
						break
					}
					i := strings.LastIndex(string(body), `{"id":"`)
					last = string(body[i+7 : i+7+36])
				}
			}
		})
		c, _ := New("t", WithURL(ts.URL))
		b.Run("raw-json/"+strconv.Itoa(total), func(b *testing.B) {
			var peak uint64
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse // the test server's pages live here too; count only what iterating adds
			for b.Loop() {
				n := 0
				for _, err := range c.RawItems(context.Background(), "get_assignments", Call{Options: map[string]any{"batch_size": 1000}}) {
					if err != nil {
						b.Fatal(err)
					}
					n++
					if n%5000 == 0 {
						runtime.GC()
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapInuse-min(ms.HeapInuse, base))
					}
				}
				if n != total {
					b.Fatalf("%d items", n)
				}
			}
			// Live heap while iterating: flat in the number of items, as iteration holds one page.
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
		b.Run("typed/"+strconv.Itoa(total), func(b *testing.B) {
			for b.Loop() {
				n := 0
				for _, err := range c.Assignments(context.Background(), AssignmentFilter{}, BatchSize(1000)) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != total {
					b.Fatalf("%d items", n)
				}
			}
		})
		ts.Close()
	}
}

// BenchmarkIterateReplayed iterates 100k assignments with the typed
// iterator, its pages answered from memory with the bytes an emulator
// gave (testenv.Replay), beside a raw walk of the same pages: the typed
// iterator's own cost once the server's is out. It reports CPU time per op
// beside the wall time, which moves less on a shared machine.
func BenchmarkIterateReplayed(b *testing.B) {
	const total = 100_000
	em, err := emulator.Start(emulator.Options{DemoAssignments: total})
	if err != nil {
		b.Fatal(err)
	}
	replay := testenv.NewReplay(em.URL)
	defer replay.Close()
	c, _ := New("x", WithURL(replay.URL))
	var pool string
	for p, err := range c.Pools(context.Background(), PoolFilter{}) {
		if err != nil {
			b.Fatal(err)
		}
		pool = p.ID
	}
	typed := func() {
		n := 0
		for a, err := range c.Assignments(context.Background(), AssignmentFilter{PoolID: pool}, BatchSize(1000)) {
			if err != nil {
				b.Fatal(err)
			}
			if a.Status != "" {
				n++
			}
		}
		if n != total {
			b.Fatalf("%d items", n)
		}
	}
	var urls []string
	for last := ""; ; {
		u := replay.URL + "/api/v1/assignments?limit=1000&pool_id=" + pool + "&sort=id"
		if last != "" {
			u += "&id_gt=" + last
		}
		urls = append(urls, u)
		page, err := c.FindAssignments(context.Background(), AssignmentFilter{PoolID: pool, IDGt: last, Sort: []string{"id"}, Limit: 1000})
		if err != nil {
			b.Fatal(err)
		}
		if !page.HasMore {
			break
		}
		last = page.Items[len(page.Items)-1].ID
	}
	typed() // records
	em.Close()
	runtime.GC()
	recorded := replay.Misses()
	b.Run("raw", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			for _, u := range urls {
				resp, err := http.Get(u)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	})
	b.Run("typed", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			typed()
		}
	})
	if m := replay.Misses(); m != recorded {
		b.Fatalf("%d requests were not replayed", m-recorded)
	}
}

// reportCPU reports the process's CPU time per op.
func reportCPU(b *testing.B) func() {
	before := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-before)/float64(b.N)/1e6, "cpu-ms/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCreateTasksReplayed creates 100k tasks with CreateTasks, its
// requests answered from memory with what an emulator answered the first
// time (testenv.Replay): the client's own cost and the protocol's waits.
func BenchmarkCreateTasksReplayed(b *testing.B) {
	const total = 100_000
	em, err := emulator.Start(emulator.Options{OperationDelay: time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	replay := testenv.NewReplay(em.URL)
	defer replay.Close()
	c, _ := New("x", WithURL(replay.URL))
	ctx := context.Background()
	var project Project
	json.Unmarshal([]byte(`{"public_name":"bench","public_description":"bench","assignments_issuing_type":"AUTOMATED",
		"task_spec":{"input_spec":{"image":{"type":"url","required":true}},"output_spec":{"label":{"type":"string","required":true}},
		"view_spec":{"type":"classic","markup":"x","script":"","styles":""}}}`), &project)
	p, err := c.CreateProject(ctx, &project)
	if err != nil {
		b.Fatal(err)
	}
	var pool Pool
	json.Unmarshal([]byte(`{"private_name":"bench","may_contain_adult_content":false,"reward_per_assignment":0.01,
		"assignment_max_duration_seconds":600,"will_expire":"2030-01-01T00:00:00","defaults":{"default_overlap_for_new_tasks":1,"default_overlap_for_new_task_suites":1}}`), &pool)
	pool.ProjectID = p.ID
	created, err := c.CreatePool(ctx, &pool)
	if err != nil {
		b.Fatal(err)
	}
	tasks := make([]*Task, total)
	for i := range tasks {
		tasks[i] = &Task{PoolID: created.ID, InputValues: Values{"image": "https://example.com/" + strconv.Itoa(i) + ".jpg"}}
	}
	create := func() {
		res, err := c.CreateTasks(ctx, tasks, AllowDefaults())
		if err != nil || len(res.Items) != total {
			b.Fatal(err)
		}
	}
	create() // records
	em.Close()
	runtime.GC()
	recorded := replay.Misses()
	defer reportCPU(b)()
	for b.Loop() {
		create()
	}
	if m := replay.Misses(); m != recorded {
		b.Fatalf("%d requests were not replayed", m-recorded)
	}
}
