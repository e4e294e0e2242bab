package bindings_test

import (
	"testing"
	"time"
)

// BenchmarkModelTasks builds 10,000 tasks and writes them as JSON, as a bulk
// upload does: with toloka.Task (checked, then written by toJSON) and, as the
// baseline, with plain objects. Report the ratio of the two. cpu-ms/op is
// the process's CPU time (the collector's included), which a loaded machine
// disturbs less than wall time.
func BenchmarkModelTasks(b *testing.B) {
	for _, bc := range []struct{ name, build string }{
		{"plain", `({pool_id: '1', input_values: {image: 'https://example.com/' + i + '.png'}, overlap: 3})`},
		{"classes", `toloka.Task({pool_id: '1', input_values: {image: 'https://example.com/' + i + '.png'}, overlap: 3})`},
		{"classes-new", `new Task({pool_id: '1', input_values: {image: 'https://example.com/' + i + '.png'}, overlap: 3})`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			vm := newModelVM(b)
			if _, err := vm.RunString("const {Task} = require('toloka'); function build() { const out = []; for (let i = 0; i < 10000; i++) out.push(" + bc.build + "); return JSON.stringify(out).length; }"); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			cpu := cpuTime()
			for range b.N {
				if _, err := vm.RunString("build()"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkModelsRequire is the first require('toloka') of a new VM, and
// toloka.Task({…}) once, against a VM's own start as the baseline.
func BenchmarkModelsRequire(b *testing.B) {
	for _, bc := range []struct{ name, src string }{
		{"vm", `1`},
		{"require", `require('toloka')`},
		{"first-task", `JSON.stringify(require('toloka').Task({pool_id: '1', input_values: {a: 1}}))`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for range b.N {
				vm := newModelVM(b)
				if _, err := vm.RunString(bc.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
