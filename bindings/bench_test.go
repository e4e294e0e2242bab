package bindings_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/testenv"
)

// BenchmarkIterate100k compares iterating 100k assignments in JS (for…of over
// toloka.getAssignments) with the Go iterator over the same pages.
func BenchmarkIterate100k(b *testing.B) {
	for _, total := range []int{10_000, 100_000} {
		b.Run(strconv.Itoa(total), func(b *testing.B) { benchIterate(b, total) })
	}
}

func benchIterate(b *testing.B, total int) {
	ts := testenv.PagingServer(total, 1000)
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
	page := testenv.AssignmentPage(0, 2000, false)
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
