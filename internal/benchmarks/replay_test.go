package benchmarks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/testenv"
)

// jsLoop is a for…of over a pool's assignments that reads some of each item:
// items are lazy in JS, so what a loop reads is what it pays for.
type jsLoop struct {
	name, target string
	limit        float64 // the target as a cost multiple of the raw walk
	body         string  // counts a for the loop to print
}

var jsLoops = []jsLoop{
	{"one member", "≤ 2×", 2, `if (a.status) n++`},
	{"five members", "≤ 3×", 3, `if (a.id && a.user_id && a.solutions[0].output_values.label && a.tasks[0].input_values.image && a.status) n++`},
	{"JSON.stringify", "≤ 4×", 4, `if (JSON.stringify(a).length > 2) n++`},
}

// script writes the loop over pool's assignments into dir.
func (l jsLoop) script(b *testing.B, dir, pool string) string {
	path := filepath.Join(dir, strings.ReplaceAll(l.name, " ", "-")+".js")
	src := fmt.Sprintf("let n = 0\nfor (const a of toloka.getAssignments({pool_id: %q, batch_size: 1000})) { %s }\nconsole.log(n)\n", pool, l.body) + PeakFooter
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// runScript runs a script with tolokash against the server at url and
// returns the number it printed and its peak RSS.
func runScript(b *testing.B, url, script string) (int, float64) {
	out, rss, err := RunCommand(tolokash(b), []string{"TOLOKA_URL=" + url, "TOLOKA_TOKEN=bench-token"}, "run", script)
	if err != nil {
		b.Fatalf("tolokash run %s: %v\n%s", filepath.Base(script), err, out)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(out))
	return n, rss
}

// pageURLs lists the URLs of every page of pool's assignments, 1,000 to a
// page, as the iterators ask for them.
func pageURLs(b *testing.B, c *client.Client, base, pool string) []string {
	var urls []string
	last := ""
	for {
		u := fmt.Sprintf("%s/api/v1/assignments?pool_id=%s&sort=id&limit=1000", base, pool)
		if last != "" {
			u += "&id_gt=" + last
		}
		urls = append(urls, u)
		page, err := c.FindAssignments(context.Background(), client.AssignmentFilter{PoolID: pool, IDGt: last, Sort: []string{"id"}, Limit: 1000})
		if err != nil {
			b.Fatal(err)
		}
		if len(page.Items) == 0 || !page.HasMore {
			return urls
		}
		last = page.Items[len(page.Items)-1].ID
	}
}

// rawWalk GETs every URL and discards the bodies: the wire's pace. It
// returns how many pages it read and their bytes.
func rawWalk(b *testing.B, urls []string) (pages int, size int64) {
	for _, u := range urls {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Authorization", "OAuth bench-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || n == 0 {
			b.Fatalf("%s: %s", u, resp.Status)
		}
		pages++
		size += n
	}
	return pages, size
}

// goWalk reads every assignment of pool with the typed Go iterator.
func goWalk(b *testing.B, c *client.Client, pool string) int {
	got := 0
	for a, err := range c.Assignments(context.Background(), client.AssignmentFilter{PoolID: pool}, client.BatchSize(1000)) {
		if err != nil {
			b.Fatal(err)
		}
		if a.Status != "" {
			got++
		}
	}
	return got
}

// BenchmarkIterateReplayed is BenchmarkIterate with the emulator's cost taken
// out: every page is answered from memory with the bytes the emulator gave
// the first time (testenv.Replay). The raw walk reads the same pages with
// plain net/http; the Go iterator and each JS loop are measured as multiples
// of it, against the targets of issue #23.
func BenchmarkIterateReplayed(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	em, c, pool := emulatorWith(b, n)
	replay := testenv.NewReplay(em.URL)
	defer replay.Close()
	rc, err := client.New("bench-token", client.WithURL(replay.URL))
	if err != nil {
		b.Fatal(err)
	}
	urls := pageURLs(b, c, replay.URL, pool)
	dir := b.TempDir()
	scripts := make([]string, len(jsLoops))
	for i, l := range jsLoops {
		scripts[i] = l.script(b, dir, pool)
	}
	// One run of each records what it asks for; the rounds after it are
	// replayed from memory alone.
	_, size := rawWalk(b, urls)
	goWalk(b, rc, pool)
	for _, s := range scripts {
		runScript(b, replay.URL, s)
	}
	recorded := replay.Misses()

	var rawT, goT []time.Duration
	jsT := make([][]time.Duration, len(jsLoops))
	jsMB := make([]float64, len(jsLoops))
	var rawMB, goMB float64
	timed := func(ts *[]time.Duration, peak *float64, f func() int, want int) {
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
			timed(&rawT, &rawMB, func() int { p, _ := rawWalk(b, urls); return p }, len(urls))
			timed(&goT, &goMB, func() int { return goWalk(b, rc, pool) }, n)
			for i, s := range scripts {
				timed(&jsT[i], nil, func() int {
					got, rss := runScript(b, replay.URL, s)
					jsMB[i] = max(jsMB[i], rss)
					return got
				}, n)
			}
		}
	}
	if m := replay.Misses(); m != recorded {
		b.Fatalf("%d requests were not replayed from memory", m-recorded)
	}
	raw := Median(rawT) / 1000
	label := count(n)
	Record(Row{Scenario: "iterate " + label + " assignments replayed, Go iterator", Baseline: "raw net/http walk of the replayed pages",
		Value: Median(goT) / 1000, Base: raw, Unit: "s", Lower: true, Target: "≤ 1.5×", Met: Met(Median(goT)/1000 <= 1.5*raw), PeakMB: goMB, BaseMB: rawMB,
		Note: fmt.Sprintf("pages replayed from memory: %d of %.0f MiB (%.0f MB/s raw), held by this process, whose peak RSS (the Go rows) counts them", len(urls), float64(size)/(1<<20), float64(size)/1e6/raw)})
	for i, l := range jsLoops {
		js := Median(jsT[i]) / 1000
		Record(Row{Scenario: "iterate " + label + " assignments replayed, JS for…of reading " + l.name, Baseline: "raw net/http walk of the replayed pages",
			Value: js, Base: raw, Unit: "s", Lower: true, Target: l.target, Met: Met(js <= l.limit*raw), PeakMB: jsMB[i], BaseMB: rawMB})
	}
	// toloka-kit may ask for other URLs than ours: a first run records them.
	scenario := fmt.Sprintf("iterate %s assignments replayed (JS for…of reading one member; toloka-kit get_assignments)", label)
	if py, _ := pythonFor("toloka-kit"); py != nil {
		if _, err := py.Seconds(b.TempDir(), "iterate.py", tkIterate, n, replay.URL, pool); err != nil {
			b.Fatal(err)
		}
		recorded = replay.Misses()
	}
	sideBySide(b, "toloka-kit", scenario, Median(jsT[0])/1000, "iterate.py", tkIterate, n, replay.URL, pool)
	if m := replay.Misses(); m != recorded {
		b.Fatalf("toloka-kit: %d requests were not replayed from memory", m-recorded)
	}
	b.ReportMetric(0, "ns/op")
}
