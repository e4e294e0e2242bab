package bindings_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
)

func assignmentPage(start, n int, more bool) []byte {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		id := fmt.Sprintf("%010x--%024x", start+i, start+i)
		fmt.Fprintf(&b, `{"id":"%s","task_suite_id":"%s","pool_id":"1","user_id":"%032x","status":"SUBMITTED","reward":0.05,`+
			`"tasks":[{"id":"%s","input_values":{"image":"https://example.com/%d.jpg"},"overlap":3}],`+
			`"solutions":[{"output_values":{"label":"cat"}}],"created":"2024-01-02T03:04:05.123","submitted":"2024-01-02T03:05:05.123"}`,
			id, id, start+i, id, start+i)
	}
	fmt.Fprintf(&b, `],"has_more":%v}`, more)
	return []byte(b.String())
}

func pages(total, size int) *httptest.Server {
	m := map[string][]byte{}
	for s := 0; s < total; s += size {
		k := ""
		if s > 0 {
			k = fmt.Sprintf("%010x--%024x", s-1, s-1)
		}
		m[k] = assignmentPage(s, min(size, total-s), s+size < total)
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(m[r.URL.Query().Get("id_gt")])
	}))
}

// BenchmarkIterate100k compares iterating 100k assignments in JS (for…of over
// toloka.getAssignments) with the Go iterator over the same pages.
func BenchmarkIterate100k(b *testing.B) {
	for _, total := range []int{10_000, 100_000} {
		b.Run(strconv.Itoa(total), func(b *testing.B) { benchIterate(b, total) })
	}
}

func benchIterate(b *testing.B, total int) {
	ts := pages(total, 1000)
	defer ts.Close()
	c, _ := client.New("x", client.WithURL(ts.URL))
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			n := 0
			for _, err := range c.Assignments(context.Background(), client.AssignmentFilter{}, client.BatchSize(1000)) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != total {
				b.Fatal(n)
			}
		}
	})
	b.Run("js", func(b *testing.B) {
		vm := goja.New()
		bindings.Install(vm, c, bindings.Options{})
		prog := goja.MustCompile("bench.js", `(() => { let n = 0; for (const a of toloka.getAssignments({batch_size: 1000})) { if (a.status) n++ } return n })()`, false)
		for b.Loop() {
			v, err := vm.RunProgram(prog)
			if err != nil || v.ToInteger() != int64(total) {
				b.Fatal(v, err)
			}
		}
	})
}

// BenchmarkConvertPage compares building JS values from a 2,000-object page
// directly with goja's JSON.parse of the same bytes.
func BenchmarkConvertPage(b *testing.B) {
	page := assignmentPage(0, 2000, false)
	vm := goja.New()
	b.Run("direct", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := bindings.FromJSON(vm, page); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("JSON.parse", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
		s := vm.ToValue(string(page))
		for b.Loop() {
			if _, err := parse(goja.Undefined(), s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
