package benchmarks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/internal/testenv"
)

// BenchmarkEmulatorServe measures how fast the emulator answers, holding 100k
// assignments, over loopback HTTP with 1, 4 and 64 clients at once: a
// 1,000-assignment page, and one assignment by id. The baseline is a server
// that answers the same requests with the same bytes, held ready in memory
// (testenv.Replay): the HTTP floor, so the emulator's own cost reads as a
// share of it. Targets are issue #23's.
func BenchmarkEmulatorServe(b *testing.B) {
	em := emulator.New(emulator.Options{DemoAssignments: 100_000})
	defer em.Close()
	ts := httptest.NewServer(em)
	defer ts.Close()
	replay := testenv.NewReplay(ts.URL)
	defer replay.Close()
	c, _ := client.New("bench-token", client.WithURL(ts.URL))
	var pool string
	for p, err := range c.Pools(context.Background(), client.PoolFilter{}) {
		if err != nil {
			b.Fatal(err)
		}
		pool = p.ID
	}
	// Ten pages, and the first 1,000 assignments by id, asked in turn.
	var pages, byID []string
	last := ""
	for range 10 {
		u := "/api/v1/assignments?pool_id=" + pool + "&sort=id&limit=1000"
		if last != "" {
			u += "&id_gt=" + last
		}
		pages = append(pages, u)
		page, err := c.FindAssignments(context.Background(), client.AssignmentFilter{PoolID: pool, IDGt: last, Sort: []string{"id"}, Limit: 1000})
		if err != nil {
			b.Fatal(err)
		}
		for _, a := range page.Items {
			if len(byID) < 1000 {
				byID = append(byID, "/api/v1/assignments/"+a.ID)
			}
		}
		last = page.Items[len(page.Items)-1].ID
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128, MaxIdleConns: 256}}
	get := func(u string) int64 {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Authorization", "OAuth bench-token")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		n, _ := io.Copy(io.Discard, resp.Body)
		if resp.StatusCode != 200 || n == 0 {
			b.Fatalf("%s: %s", u, resp.Status)
		}
		return n
	}
	var pageBytes int64
	for _, u := range pages {
		pageBytes = get(replay.URL + u) // records; the last page's size is reported
	}
	for _, u := range byID {
		get(replay.URL + u)
	}
	recorded := replay.Misses()
	// rate asks for total requests, paths in turn, from clients goroutines.
	rate := func(base string, paths []string, clients, total int) float64 {
		var next atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := next.Add(1) - 1; i < int64(total); i = next.Add(1) - 1 {
					get(base + paths[int(i)%len(paths)])
				}
			}()
		}
		wg.Wait()
		return float64(total) / time.Since(start).Seconds()
	}
	type scenario struct {
		what    string
		paths   []string
		total   int
		target  float64
		clients int
	}
	var scenarios []scenario
	for _, k := range []int{1, 4, 64} {
		scenarios = append(scenarios, scenario{"a 1,000-assignment page", pages, 300, 0.5, k})
	}
	for _, k := range []int{1, 4, 64} {
		scenarios = append(scenarios, scenario{"an assignment by id", byID, 15000, 0.9, k})
	}
	served := make([][]float64, len(scenarios))
	base := make([][]float64, len(scenarios))
	for b.Loop() {
		for range rounds {
			for i, s := range scenarios {
				served[i] = append(served[i], rate(ts.URL, s.paths, s.clients, s.total))
				base[i] = append(base[i], rate(replay.URL, s.paths, s.clients, s.total))
			}
		}
	}
	if m := replay.Misses(); m != recorded {
		b.Fatalf("the same-bytes server asked the emulator %d times", m-recorded)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", ts.URL+pages[0], nil)
	req.Header.Set("Authorization", "OAuth bench-token")
	allocs := testing.AllocsPerRun(20, func() {
		rec.Body.Reset()
		em.ServeHTTP(rec, req)
	})
	for i, s := range scenarios {
		v, bv := medianOf(served[i]), medianOf(base[i])
		clients := fmt.Sprintf("%d clients", s.clients)
		if s.clients == 1 {
			clients = "1 client"
		}
		row := Row{Scenario: fmt.Sprintf("emulator: serve %s, %s", s.what, clients), Baseline: "server answering the same bytes from memory",
			Value: v, Base: bv, Unit: "req/s", Target: fmt.Sprintf("≥ %.0f %%", 100*s.target), Met: Met(v >= s.target*bv)}
		if i == 0 {
			row.Note = fmt.Sprintf("%.0f allocations and %.0f KiB of JSON per page", allocs, float64(pageBytes)/1024)
		}
		Record(row)
	}
	b.ReportMetric(0, "ns/op")
}

func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
