package benchmarks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/testenv"
)

// rounds is how many times each scenario and its baseline run, alternately;
// the figures are medians.
var rounds = envInt("TOLOKASH_BENCH_ROUNDS", 3)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func TestMain(m *testing.M) {
	code := m.Run()
	Print(os.Stdout)
	os.RemoveAll(binDir)
	os.Exit(code)
}

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// tolokash builds the command once for every scenario that needs it.
func tolokash(b *testing.B) string {
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "tolokash-bench-")
		if binErr == nil {
			binPath, binErr = Build(testenv.ModuleRoot(), binDir)
		}
	})
	if binErr != nil {
		b.Fatal(binErr)
	}
	return binPath
}

func emulatorWith(b *testing.B, assignments int) (*Emulator, *client.Client, string) {
	em, err := StartEmulator(tolokash(b), assignments)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(em.Stop)
	c, err := client.New("bench-token", client.WithURL(em.URL))
	if err != nil {
		b.Fatal(err)
	}
	var pool string
	for p, err := range c.Pools(context.Background(), client.PoolFilter{}) {
		if err != nil {
			b.Fatal(err)
		}
		pool = p.ID
	}
	return em, c, pool
}

// BenchmarkIterate pages through a pool's assignments three ways — a raw
// net/http loop that fetches the same pages and discards them, the Go
// iterator, and for…of in JS — at 100k and 1M assignments, so the table shows
// both the speed against the raw loop and that memory stays flat as N grows.
func BenchmarkIterate(b *testing.B) {
	sizes := []int{100_000, 1_000_000}
	if testing.Short() {
		sizes = []int{10_000, 100_000}
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			em, c, pool := emulatorWith(b, n)
			ctx := context.Background()

			// The raw loop asks for exactly the URLs the iterator asks for.
			var urls []string
			last := ""
			for {
				u := fmt.Sprintf("%s/api/v1/assignments?pool_id=%s&sort=id&limit=1000", em.URL, pool)
				if last != "" {
					u += "&id_gt=" + last
				}
				urls = append(urls, u)
				page, err := c.FindAssignments(ctx, client.AssignmentFilter{PoolID: pool, IDGt: last}, client.Opt("sort", "id"), client.Opt("limit", 1000))
				if err != nil {
					b.Fatal(err)
				}
				if len(page.Items) == 0 || !page.HasMore {
					break
				}
				last = page.Items[len(page.Items)-1].ID
			}
			raw := func() int {
				got := 0
				for _, u := range urls {
					req, _ := http.NewRequest("GET", u, nil)
					req.Header.Set("Authorization", "OAuth bench-token")
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					nb, _ := io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 || nb == 0 {
						b.Fatalf("%s: %s", u, resp.Status)
					}
					got++
				}
				return got
			}
			goIter := func() int {
				got := 0
				for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: pool}, client.BatchSize(1000)) {
					if err != nil {
						b.Fatal(err)
					}
					if a.Status != "" {
						got++
					}
				}
				return got
			}
			// JS runs as people run it: a script given to the tolokash command.
			script := filepath.Join(b.TempDir(), "iterate.js")
			os.WriteFile(script, []byte(fmt.Sprintf(`let n = 0
for (const a of toloka.getAssignments({pool_id: %q, batch_size: 1000})) { if (a.status) n++ }
console.log(n)
`, pool)), 0o644)
			// Items are lazy in JS, so a loop that reads one member pays for
			// less than one that reads them all: the second script reads every
			// member of every item (JSON.stringify walks them all), and the
			// table reports it beside the first.
			readAll := filepath.Join(b.TempDir(), "iterate-all.js")
			os.WriteFile(readAll, []byte(fmt.Sprintf(`let n = 0
for (const a of toloka.getAssignments({pool_id: %q, batch_size: 1000})) { if (JSON.stringify(a).length > 2) n++ }
console.log(n)
`, pool)), 0o644)
			var jsMB, jsAllMB float64
			runJS := func(script string, peak *float64) func() int {
				return func() int {
					out, rss, err := RunCommand(tolokash(b), []string{"TOLOKA_URL=" + em.URL, "TOLOKA_TOKEN=bench-token"}, "run", script)
					if err != nil {
						b.Fatalf("tolokash run: %v\n%s", err, out)
					}
					*peak = max(*peak, rss)
					got, _ := strconv.Atoi(strings.TrimSpace(out))
					return got
				}
			}
			jsIter, jsAll := runJS(script, &jsMB), runJS(readAll, &jsAllMB)
			withAll := n == sizes[0] // the smaller size only: it is the slowest loop

			var rawT, goT, jsT, jsAllT []time.Duration
			var rawMB, goMB, ignored float64
			measure := func(f func() int, want int, ts *[]time.Duration, peak *float64) {
				ResetPeakRSS()
				start := time.Now()
				if got := f(); got != want {
					b.Fatalf("%d items, want %d", got, want)
				}
				*ts = append(*ts, time.Since(start))
				*peak = max(*peak, PeakRSS())
			}
			for b.Loop() {
				for range rounds {
					measure(raw, len(urls), &rawT, &rawMB)
					measure(goIter, n, &goT, &goMB)
					measure(jsIter, n, &jsT, &ignored) // its peak RSS is the child's, read by RunCommand
					if withAll {
						measure(jsAll, n, &jsAllT, &ignored)
					}
				}
			}
			rawMs := Median(rawT)
			label := fmt.Sprintf("%dk", n/1000)
			Record(Row{Scenario: "iterate " + label + " assignments, Go iterator", Baseline: "raw net/http page loop", Value: Median(goT) / 1000, Base: rawMs / 1000,
				Unit: "s", Lower: true, Target: "≥ 80 %", Met: Met(rawMs/Median(goT) >= 0.8), PeakMB: goMB, BaseMB: rawMB})
			Record(Row{Scenario: "iterate " + label + " assignments, JS for…of (tolokash run)", Baseline: "raw net/http page loop", Value: Median(jsT) / 1000, Base: rawMs / 1000,
				Unit: "s", Lower: true, Target: "≥ 50 %", Met: Met(rawMs/Median(jsT) >= 0.5), PeakMB: jsMB, BaseMB: rawMB,
				Note: fmt.Sprintf("emulator process RSS %.0f MiB holding %d assignments (not counted above)", em.RSS(), n)})
			if withAll {
				Record(Row{Scenario: "iterate " + label + " assignments, JS for…of reading every member", Baseline: "raw net/http page loop", Value: Median(jsAllT) / 1000, Base: rawMs / 1000,
					Unit: "s", Lower: true, Target: "report", PeakMB: jsAllMB, BaseMB: rawMB})
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// newPool makes a project and a pool that take image classification tasks.
func newPool(b *testing.B, c *client.Client) string { return newPoolT(b, c) }

func newPoolT(b testing.TB, c *client.Client) string {
	ctx := context.Background()
	var project client.Project
	if err := json.Unmarshal([]byte(`{"public_name":"bench","public_description":"bench","assignments_issuing_type":"AUTOMATED",
		"task_spec":{"input_spec":{"image":{"type":"url","required":true}},"output_spec":{"label":{"type":"string","required":true}},
		"view_spec":{"type":"classic","markup":"<img src=\"{{image}}\">","script":"","styles":""}}}`), &project); err != nil {
		b.Fatal(err)
	}
	p, err := c.CreateProject(ctx, &project)
	if err != nil {
		b.Fatal(err)
	}
	var pool client.Pool
	if err := json.Unmarshal([]byte(`{"private_name":"bench","may_contain_adult_content":false,"reward_per_assignment":0.01,
		"assignment_max_duration_seconds":600,"will_expire":"2030-01-01T00:00:00","defaults":{"default_overlap_for_new_tasks":1,"default_overlap_for_new_task_suites":1}}`), &pool); err != nil {
		b.Fatal(err)
	}
	pool.ProjectID = p.ID
	created, err := c.CreatePool(ctx, &pool)
	if err != nil {
		b.Fatal(err)
	}
	return created.ID
}

// BenchmarkCreateTasks creates 100k tasks with one sync-over-async CreateTasks
// call — which sends batches of 10k (the most the API docs advise per
// asynchronous request), three in flight, each with its operation id, waits,
// and reads the log and the tasks back — against raw synchronous POSTs of the
// same batches, one after another, that discard the answers.
func BenchmarkCreateTasks(b *testing.B) {
	total, batch := 100_000, 10_000
	if testing.Short() {
		total = 20_000
	}
	ctx := context.Background()
	tasksFor := func(pool string) [][]*client.Task {
		var out [][]*client.Task
		for start := 0; start < total; start += batch {
			var ts []*client.Task
			for i := start; i < start+batch; i++ {
				ts = append(ts, &client.Task{PoolID: pool, InputValues: client.Values{"image": fmt.Sprintf("https://example.com/%d.jpg", i)}})
			}
			out = append(out, ts)
		}
		return out
	}
	// Each measurement gets an emulator of its own: one that kept every
	// earlier round's tasks (and, for the client's rounds, their operation
	// logs) would collect a larger heap each round, and whichever side ran
	// later would pay for it.
	fresh := func() (*Emulator, *client.Client) {
		em, err := StartEmulator(tolokash(b), 0)
		if err != nil {
			b.Fatal(err)
		}
		c, err := client.New("bench-token", client.WithURL(em.URL))
		if err != nil {
			b.Fatal(err)
		}
		return em, c
	}
	raw := func() int {
		em, c := fresh()
		defer em.Stop()
		pool := newPool(b, c)
		var bodies [][]byte
		for _, ts := range tasksFor(pool) {
			body, _ := json.Marshal(ts)
			bodies = append(bodies, body)
		}
		ResetPeakRSS()
		start := time.Now()
		for _, body := range bodies {
			req, _ := http.NewRequest("POST", em.URL+"/api/v1/tasks?async_mode=false&allow_defaults=true", bytes.NewReader(body))
			req.Header.Set("Authorization", "OAuth bench-token")
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 201 && resp.StatusCode != 200 {
				b.Fatalf("raw POST: %s", resp.Status)
			}
		}
		createRaw = append(createRaw, time.Since(start))
		return total
	}
	viaClient := func() int {
		em, c := fresh()
		defer em.Stop()
		pool := newPool(b, c)
		var all []*client.Task
		for _, ts := range tasksFor(pool) {
			all = append(all, ts...)
		}
		ResetPeakRSS()
		start := time.Now()
		res, err := c.CreateTasks(ctx, all, client.AllowDefaults()) // the client sends it in batches of 10k, 3 at a time
		if err != nil {
			b.Fatal(err)
		}
		n := len(res.Items)
		createClient = append(createClient, time.Since(start))
		return n
	}
	createRaw, createClient = nil, nil
	var rawMB, clientMB float64
	for b.Loop() {
		for range rounds {
			if got := raw(); got != total {
				b.Fatal(got)
			}
			rawMB = max(rawMB, PeakRSS())
			if got := viaClient(); got != total {
				b.Fatalf("%d tasks created, want %d", got, total)
			}
			clientMB = max(clientMB, PeakRSS())
		}
	}
	r, cl := Median(createRaw), Median(createClient)
	Record(Row{Scenario: fmt.Sprintf("create %dk tasks, sync over async (%d batches of 10k)", total/1000, total/batch), Baseline: "raw sync POSTs of the batches",
		Value: cl / 1000, Base: r / 1000, Unit: "s", Lower: true, Target: "≥ 70 %", Met: Met(r/cl >= 0.7), PeakMB: clientMB, BaseMB: rawMB})
	b.ReportMetric(0, "ns/op")
}

var createRaw, createClient []time.Duration
