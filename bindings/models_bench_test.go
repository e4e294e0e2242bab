package bindings_test

import "testing"

// BenchmarkModelTasks builds 10,000 tasks and writes them as JSON, as a bulk
// upload does: with toloka.Task (checked, then written by toJSON) and, as the
// baseline, with plain objects. Report the ratio of the two.
func BenchmarkModelTasks(b *testing.B) {
	for _, bc := range []struct{ name, build string }{
		{"plain", `({pool_id: '1', input_values: {image: 'https://example.com/' + i + '.png'}, overlap: 3})`},
		{"classes", `toloka.Task({pool_id: '1', input_values: {image: 'https://example.com/' + i + '.png'}, overlap: 3})`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			vm := newModelVM(b)
			if _, err := vm.RunString("toloka.Task; function build() { const out = []; for (let i = 0; i < 10000; i++) out.push(" + bc.build + "); return JSON.stringify(out).length; }"); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if _, err := vm.RunString("build()"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
