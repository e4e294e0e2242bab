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
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/testenv"
)

// createJS creates the tasks the Go side creates, from a script: it builds
// them as a script would, then times toloka.createTasks alone. With CREATE
// false it only builds them, so its peak RSS is the script's own share.
const createJS = `const pool = process.argv[2], total = Number(process.argv[3]), create = process.argv[4] === 'create'
const tasks = []
for (let i = 0; i < total; i++) tasks.push({pool_id: pool, input_values: {image: 'https://example.com/' + i + '.jpg'}})
const start = Date.now()
const res = create ? toloka.createTasks(tasks, {allow_defaults: true}) : null
const ms = Date.now() - start
let n = tasks.length
if (res) { n = 0; for (const i in res.items) if (res.items[i].id) n++ }
console.log(n + ' ' + ms)
`

// BenchmarkCreateTasks creates 100k tasks with one sync-over-async
// createTasks call — which sends batches of 10k (the most the API docs
// advise per asynchronous request), three in flight, each with its
// operation id, waits, and reads the log and the tasks back — from Go and
// from a script, against raw synchronous POSTs of the same batches, one
// after another, that discard the answers.
//
// End to end, each measurement gets an emulator of its own: one that kept
// every earlier round's tasks would collect a larger heap each round, and
// whichever side ran later would pay for it. Replayed, each side's requests
// are answered from memory with what an emulator answered the first time
// (testenv.Replay), which takes the emulator's cost out: what is left is the
// client's, and the protocol's (polls, the log, the read-back).
func BenchmarkCreateTasks(b *testing.B) {
	total, batch := 100_000, 10_000
	if testing.Short() {
		total = 20_000
	}
	ctx := context.Background()
	tasksFor := func(pool string) []*client.Task {
		ts := make([]*client.Task, total)
		for i := range ts {
			ts[i] = &client.Task{PoolID: pool, InputValues: client.Values{"image": fmt.Sprintf("https://example.com/%d.jpg", i)}}
		}
		return ts
	}
	bodiesFor := func(pool string) ([][]byte, int) {
		var bodies [][]byte
		size := 0
		ts := tasksFor(pool)
		for start := 0; start < total; start += batch {
			body, _ := json.Marshal(ts[start:min(start+batch, total)])
			bodies = append(bodies, body)
			size += len(body)
		}
		return bodies, size
	}
	fresh := func() (*Emulator, string) {
		em, err := StartEmulator(tolokash(b), 0)
		if err != nil {
			b.Fatal(err)
		}
		c, err := client.New("bench-token", client.WithURL(em.URL))
		if err != nil {
			b.Fatal(err)
		}
		return em, newPool(b, c)
	}
	script := filepath.Join(b.TempDir(), "create.js")
	if err := os.WriteFile(script, []byte(createJS+PeakFooter), 0o644); err != nil {
		b.Fatal(err)
	}

	// Each side creates the tasks through url, and reports how long that
	// took and the peak RSS of the process that did it.
	raw := func(url, pool string) (time.Duration, float64) {
		bodies, _ := bodiesFor(pool)
		ResetPeakRSS()
		start := time.Now()
		for _, body := range bodies {
			req, _ := http.NewRequest("POST", url+"/api/v1/tasks?async_mode=false&allow_defaults=true", bytes.NewReader(body))
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
		return time.Since(start), PeakRSS()
	}
	viaGo := func(url, pool string) (time.Duration, float64) {
		c, _ := client.New("bench-token", client.WithURL(url))
		tasks := tasksFor(pool)
		ResetPeakRSS()
		start := time.Now()
		res, err := c.CreateTasks(ctx, tasks, client.AllowDefaults()) // the client sends it in batches of 10k, 3 at a time
		if err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		if len(res.Items) != total || res.Err() != nil {
			b.Fatalf("%d tasks created, want %d: %v", len(res.Items), total, res.Err())
		}
		return d, PeakRSS()
	}
	viaJS := func(url, pool string, what string) (time.Duration, float64) {
		out, rss, err := RunCommand(tolokash(b), []string{"TOLOKA_URL=" + url, "TOLOKA_TOKEN=bench-token"}, "run", script, pool, strconv.Itoa(total), what)
		if err != nil {
			b.Fatalf("create.js: %v\n%s", err, out)
		}
		var n, ms int
		if _, err := fmt.Sscan(strings.TrimSpace(out), &n, &ms); err != nil || n != total {
			b.Fatalf("create.js printed %q, want %d tasks and the milliseconds", out, total)
		}
		return time.Duration(ms) * time.Millisecond, rss
	}
	viaJSCreate := func(url, pool string) (time.Duration, float64) { return viaJS(url, pool, "create") }
	sides := []func(url, pool string) (time.Duration, float64){raw, viaGo, viaJSCreate}

	ends := make([][]time.Duration, len(sides))
	replayed := make([][]time.Duration, len(sides))
	peaks := make([]float64, len(sides))
	var ownMB float64 // the script's tasks alone
	for b.Loop() {
		// End to end first: the replays hold what they recorded, which
		// would count in this process's peak RSS.
		for range rounds {
			for i, side := range sides {
				em, pool := fresh()
				d, peak := side(em.URL, pool)
				em.Stop()
				ends[i] = append(ends[i], d)
				peaks[i] = max(peaks[i], peak)
			}
			_, own := viaJS("http://127.0.0.1:1", "1", "build")
			ownMB = max(ownMB, own)
		}
		replays := make([]*testenv.Replay, len(sides))
		pools := make([]string, len(sides))
		for i, side := range sides { // records each side's exchanges
			em, pool := fresh()
			replays[i], pools[i] = testenv.NewReplay(em.URL), pool
			side(replays[i].URL, pool)
			em.Stop()
		}
		for range rounds {
			for i, side := range sides {
				before := replays[i].Misses()
				d, _ := side(replays[i].URL, pools[i])
				if m := replays[i].Misses(); m != before {
					b.Fatalf("%d requests were not replayed from memory", m-before)
				}
				replayed[i] = append(replayed[i], d)
			}
		}
		for _, r := range replays {
			r.Close()
		}
	}
	_, bodyBytes := bodiesFor("100000001")
	bodyMB := float64(bodyBytes) / (1 << 20)
	label := fmt.Sprintf("create %dk tasks, sync over async (%d batches of 10k)", total/1000, total/batch)
	r, g, js := Median(ends[0]), Median(ends[1]), Median(ends[2])
	Record(Row{Scenario: label + ", Go", Baseline: "raw sync POSTs of the batches",
		Value: g / 1000, Base: r / 1000, Unit: "s", Lower: true, Target: "≥ 70 %", Met: Met(r/g >= 0.7), PeakMB: peaks[1], BaseMB: peaks[0]})
	Record(Row{Scenario: label + ", JS (tolokash run)", Baseline: "raw sync POSTs of the batches",
		Value: js / 1000, Base: r / 1000, Unit: "s", Lower: true, Target: "≤ 1.2×", Met: Met(js <= 1.2*r), PeakMB: peaks[2], BaseMB: peaks[0],
		Note: fmt.Sprintf("request bodies %.1f MiB; the script's own tasks take it to %.0f MiB, createTasks adds %.0f MiB (%.1f× the bodies; goal ≤ 3×); the time is the call's alone",
			bodyMB, ownMB, peaks[2]-ownMB, (peaks[2]-ownMB)/bodyMB)})
	rr, rg, rjs := Median(replayed[0]), Median(replayed[1]), Median(replayed[2])
	Record(Row{Scenario: label + " replayed, Go", Baseline: "raw sync POSTs, replayed",
		Value: rg / 1000, Base: rr / 1000, Unit: "s", Lower: true, Target: "report"})
	Record(Row{Scenario: label + " replayed, JS (tolokash run)", Baseline: "raw sync POSTs, replayed",
		Value: rjs / 1000, Base: rr / 1000, Unit: "s", Lower: true, Target: "report",
		Note: fmt.Sprintf("replayed, the emulator's work is gone from both sides; what is left is the client's and the protocol's: %d operations polled, their logs and a read-back of every task", total/batch)})
	versusTK := fmt.Sprintf("create %dk tasks against the emulator (JS toloka.createTasks; toloka-kit create_tasks)", total/1000)
	if py, why := pythonFor("toloka-kit"); py == nil {
		Skip(versusTK, why)
	} else {
		em, pool := fresh()
		sideBySide(b, "toloka-kit", versusTK, js/1000, "create.py", tkCreate, total, em.URL, pool, strconv.Itoa(total))
		em.Stop()
	}
	b.ReportMetric(0, "ns/op")
}
