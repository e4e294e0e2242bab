package benchmarks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
)

// BenchmarkEmulatorPage serves a 1,000-assignment page from an emulator
// holding 100k, over loopback HTTP, against a handler that writes the same
// bytes it holds ready: the HTTP floor. It reports requests per second and
// the allocations of one request.
func BenchmarkEmulatorPage(b *testing.B) {
	em := emulator.New(emulator.Options{DemoAssignments: 100_000})
	defer em.Close()
	ts := httptest.NewServer(em)
	defer ts.Close()
	c, _ := client.New("bench-token", client.WithURL(ts.URL))
	var pool string
	for p, err := range c.Pools(context.Background(), client.PoolFilter{}) {
		if err != nil {
			b.Fatal(err)
		}
		pool = p.ID
	}
	url := ts.URL + "/api/v1/assignments?pool_id=" + pool + "&sort=id&limit=1000"
	get := func(u string) []byte {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Authorization", "OAuth bench-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"has_more":true`)) {
			b.Fatalf("%s: %s %.200s", u, resp.Status, body)
		}
		return body
	}
	page := get(url)
	floor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(page)
	}))
	defer floor.Close()

	const n = 300
	rate := func(u string) float64 {
		start := time.Now()
		for range n {
			get(u)
		}
		return n / time.Since(start).Seconds()
	}
	var served, base []float64
	for b.Loop() {
		for range rounds {
			served = append(served, rate(url))
			base = append(base, rate(floor.URL))
		}
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "OAuth bench-token")
	allocs := testing.AllocsPerRun(20, func() {
		rec.Body.Reset()
		em.ServeHTTP(rec, req)
	})
	Record(Row{Scenario: "emulator: serve a 1,000-assignment page", Baseline: "handler writing the same bytes", Value: medianOf(served), Base: medianOf(base),
		Unit: "req/s", Note: fmt.Sprintf("%.0f allocations and %.0f KiB of JSON per page", allocs, float64(len(page))/1024)})
	b.ReportMetric(0, "ns/op")
}

func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
