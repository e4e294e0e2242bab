package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"

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
			if _, err := decodeItems(page, "items", func([]byte) ([]byte, error) { return last, nil }, func(*Assignment, error) bool { n++; return true }); err != nil || n != 1000 {
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
