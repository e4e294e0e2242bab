package runtime_test

import (
	"context"
	"testing"

	"github.com/tolokash/tolokash/runtime"
)

// The Go-typed paths against goja's: Run's conversion of a result against
// RunString and goja's Export of the same value, and a Go function taking
// the run's context against one without.
//
//	go test -run '^$' -bench 'Embed' -benchmem ./runtime

// bigResult makes a runtime holding 100,000 records in the global big.
func bigResult(b *testing.B) *runtime.Runtime {
	rt, err := runtime.New(runtime.Options{})
	if err != nil {
		b.Fatal(err)
	}
	_, err = rt.Run(context.Background(),
		`globalThis.big = Array.from({length: 100000}, (_, i) => ({id: String(i), n: i, share: i / 3, ok: i % 2 === 0, tags: ['a', 'b']})); 0`)
	if err != nil {
		b.Fatal(err)
	}
	return rt
}

func BenchmarkEmbedResultRun(b *testing.B) {
	rt := bigResult(b)
	for b.Loop() {
		if _, err := rt.Run(context.Background(), `big`); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEmbedResultRunStringExport(b *testing.B) {
	rt := bigResult(b)
	for b.Loop() {
		v, err := rt.RunString(context.Background(), `big`)
		if err != nil {
			b.Fatal(err)
		}
		_ = v.Export()
	}
}

const manyCalls = `(() => { let s = 0; for (let i = 0; i < 100000; i++) s += f(i); return s })()`

func BenchmarkEmbedCallGoFunction(b *testing.B) {
	rt, _ := runtime.New(runtime.Options{})
	rt.Set("f", func(n int) int { return n & 1 })
	for b.Loop() {
		if _, err := rt.Run(context.Background(), manyCalls); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEmbedCallGoFunctionWithContext(b *testing.B) {
	rt, _ := runtime.New(runtime.Options{})
	rt.Set("f", func(ctx context.Context, n int) int { return n & 1 })
	for b.Loop() {
		if _, err := rt.Run(context.Background(), manyCalls); err != nil {
			b.Fatal(err)
		}
	}
}
