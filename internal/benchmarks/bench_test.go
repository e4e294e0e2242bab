package benchmarks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/testenv"
	"github.com/tolokash/tolokash/runtime"
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
			rt, err := runtime.New(runtime.Options{Client: c, Stdout: io.Discard, Stderr: io.Discard})
			if err != nil {
				b.Fatal(err)
			}
			script := fmt.Sprintf(`(() => { let n = 0; for (const a of toloka.getAssignments({pool_id: %q, batch_size: 1000})) { if (a.status) n++ } return n })()`, pool)
			jsIter := func() int {
				v, err := rt.RunString(ctx, script)
				if err != nil {
					b.Fatal(err)
				}
				return int(v.ToInteger())
			}

			var rawT, goT, jsT []time.Duration
			var rawMB, goMB, jsMB float64
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
					measure(jsIter, n, &jsT, &jsMB)
				}
			}
			rawMs := Median(rawT)
			label := fmt.Sprintf("%dk", n/1000)
			Record(Row{Scenario: "iterate " + label + " assignments, Go iterator", Baseline: "raw net/http page loop", Value: Median(goT) / 1000, Base: rawMs / 1000,
				Unit: "s", Lower: true, Target: "≥ 80 %", Met: Met(rawMs/Median(goT) >= 0.8), PeakMB: goMB, BaseMB: rawMB})
			Record(Row{Scenario: "iterate " + label + " assignments, JS for…of", Baseline: "raw net/http page loop", Value: Median(jsT) / 1000, Base: rawMs / 1000,
				Unit: "s", Lower: true, Target: "≥ 50 %", Met: Met(rawMs/Median(jsT) >= 0.5), PeakMB: jsMB, BaseMB: rawMB,
				Note: fmt.Sprintf("emulator process RSS %.0f MiB holding %d assignments (not counted above)", em.RSS(), n)})
			b.ReportMetric(0, "ns/op")
		})
	}
}
