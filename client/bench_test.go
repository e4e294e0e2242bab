package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// assignmentPage builds a page of n assignment-shaped objects starting at id start.
func assignmentPage(start, n int, hasMore bool) []byte {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		id := fmt.Sprintf("%010x--%024x", start+i, start+i)
		fmt.Fprintf(&b, `{"id":"%s","task_suite_id":"%s","pool_id":"1","user_id":"%032x","status":"SUBMITTED","reward":0.05,`+
			`"tasks":[{"id":"%s","input_values":{"image":"https://example.com/%d.jpg"},"overlap":3}],`+
			`"solutions":[{"output_values":{"label":"cat"}}],"created":"2024-01-02T03:04:05.123","submitted":"2024-01-02T03:05:05.123","mixed":false}`,
			id, id, start+i, id, start+i)
	}
	fmt.Fprintf(&b, `],"has_more":%v}`, hasMore)
	return []byte(b.String())
}

func BenchmarkDecodeAssignmentPage(b *testing.B) {
	page := assignmentPage(0, 1000, false)
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

// pagingServer serves total assignments in pages of size, honouring id_gt.
func pagingServer(b *testing.B, total, size int) *httptest.Server {
	pages := map[string][]byte{}
	for start := 0; start < total; start += size {
		n := min(size, total-start)
		key := ""
		if start > 0 {
			key = fmt.Sprintf("%010x--%024x", start-1, start-1)
		}
		pages[key] = assignmentPage(start, n, start+n < total)
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(pages[r.URL.Query().Get("id_gt")])
	}))
}

// BenchmarkIterate compares the lazy iterator over 100k assignments with a raw
// loop that only fetches the same pages: the ratio of ns/op is the iterator's cost.
func BenchmarkIterate(b *testing.B) {
	for _, total := range []int{10_000, 100_000} {
		ts := pagingServer(b, total, 1000)
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
