package benchmarks

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
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

// BenchmarkIterate pages through a pool's assignments end to end, against
// the emulator: a raw net/http loop that fetches the same pages and discards
// them, the Go iterator, and for…of in JS (tolokash run) — at 100k and 1M
// assignments, so the table shows both the speed against the raw loop and
// that memory stays flat as N grows. The JS loops that read more of each item
// run at the smaller size only. BenchmarkIterateReplayed measures the same
// loops with the emulator's cost taken out.
func BenchmarkIterate(b *testing.B) {
	sizes := []int{100_000, 1_000_000}
	if testing.Short() {
		sizes = []int{10_000, 100_000}
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			start := time.Now()
			em, c, pool := emulatorWith(b, n)
			started := time.Since(start)
			urls := pageURLs(b, c, em.URL, pool)
			dir := b.TempDir()
			loops := jsLoops
			if n != sizes[0] {
				loops = jsLoops[:1]
			}
			scripts := make([]string, len(loops))
			for i, l := range loops {
				scripts[i] = l.script(b, dir, pool)
			}
			var rawT, goT []time.Duration
			jsT := make([][]time.Duration, len(loops))
			jsMB := make([]float64, len(loops))
			var rawMB, goMB float64
			measure := func(f func() int, want int, ts *[]time.Duration, peak *float64) {
				if peak != nil {
					ResetPeakRSS()
				}
				start := time.Now()
				if got := f(); got != want {
					b.Fatalf("%d items, want %d", got, want)
				}
				*ts = append(*ts, time.Since(start))
				if peak != nil {
					*peak = max(*peak, PeakRSS())
				}
			}
			for b.Loop() {
				for range rounds {
					measure(func() int { p, _ := rawWalk(b, urls); return p }, len(urls), &rawT, &rawMB)
					measure(func() int { return goWalk(b, c, pool) }, n, &goT, &goMB)
					for i, s := range scripts { // their peak RSS is the child's, read by RunCommand
						measure(func() int { got, rss := runScript(b, em.URL, s); jsMB[i] = max(jsMB[i], rss); return got }, n, &jsT[i], nil)
					}
				}
			}
			rawMs := Median(rawT)
			label := count(n)
			Record(Row{Scenario: "iterate " + label + " assignments, Go iterator", Baseline: "raw net/http page loop", Value: Median(goT) / 1000, Base: rawMs / 1000,
				Unit: "s", Lower: true, Target: "≥ 80 %", Met: Met(rawMs/Median(goT) >= 0.8), PeakMB: goMB, BaseMB: rawMB})
			for i, l := range loops {
				row := Row{Scenario: "iterate " + label + " assignments, JS for…of reading " + l.name + " (tolokash run)", Baseline: "raw net/http page loop",
					Value: Median(jsT[i]) / 1000, Base: rawMs / 1000, Unit: "s", Lower: true, Target: "report", PeakMB: jsMB[i], BaseMB: rawMB}
				if i == 0 {
					row.Target, row.Met = "≥ 50 %", Met(rawMs/Median(jsT[i]) >= 0.5)
					row.Note = fmt.Sprintf("emulator process RSS %.0f MiB holding %d assignments (not counted above)", em.RSS(), n)
				}
				Record(row)
			}
			if n == sizes[0] {
				sideBySide(b, "toloka-kit", fmt.Sprintf("iterate %s assignments against the emulator (JS for…of reading one member; toloka-kit get_assignments)", label),
					Median(jsT[0])/1000, "iterate.py", tkIterate, n, em.URL, pool)
			}
			if n >= 1_000_000 {
				Record(Row{Scenario: fmt.Sprintf("emulator: start holding %s assignments (tolokash emulator)", label), Baseline: "—",
					Value: started.Seconds(), Unit: "s", Lower: true, Target: "< 3 s", Met: Met(started.Seconds() < 3), PeakMB: em.RSS()})
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
