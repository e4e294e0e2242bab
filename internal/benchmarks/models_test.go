package benchmarks

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkModelClasses measures the model classes where a requester feels
// them: building 100k tasks with toloka.Task and writing them as a bulk
// upload does (JSON.stringify), against the same tasks as plain objects; and
// the first require('toloka') of a process, against `tolokash -e 1`. Each
// pair runs alternately in child processes (`tolokash run`, `tolokash -e`);
// the figures are medians, and the CPU time of the whole runs is noted, as a
// shared machine disturbs it less than wall time.
func BenchmarkModelClasses(b *testing.B) {
	tasks := 100_000
	if testing.Short() {
		tasks = 10_000
	}
	tk := tolokash(b)
	dir := b.TempDir()
	env := []string{"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_STATE_HOME=" + filepath.Join(dir, "state"),
		"TOLOKA_TOKEN=", "TOLOKA_PROFILE=", "TOLOKA_URL=", "TOLOKA_ENV="}
	script := func(name, build string) string {
		path := filepath.Join(dir, name+".js")
		src := fmt.Sprintf(`const {Task} = require('toloka')
const start = Date.now()
const out = []
for (let i = 0; i < %d; i++) out.push(%s)
const n = JSON.stringify(out).length
console.log(Date.now() - start, n)
`, tasks, build)
		os.WriteFile(path, []byte(src), 0o644)
		return path
	}
	classes := script("classes", `Task({pool_id: '1', input_values: {image: 'https://example.com/' + i + '.png'}, overlap: 3})`)
	plain := script("plain", `({pool_id: '1', input_values: {image: 'https://example.com/' + i + '.png'}, overlap: 3})`)
	once := func(path string, ms *[]time.Duration, cpu *[]time.Duration) float64 {
		out, rss, sec, err := runMeasured(tk, env, "run", path)
		if err != nil {
			b.Fatalf("%s: %v\n%s", path, err, out)
		}
		var took, n int
		if _, err := fmt.Sscan(strings.TrimSpace(out), &took, &n); err != nil || n == 0 {
			b.Fatalf("%s printed %q", path, out)
		}
		*ms = append(*ms, time.Duration(took)*time.Millisecond)
		*cpu = append(*cpu, time.Duration(sec*float64(time.Second)))
		return rss
	}
	var classT, plainT, classCPU, plainCPU []time.Duration
	var classMB, plainMB float64
	for b.Loop() {
		for range rounds {
			classMB = max(classMB, once(classes, &classT, &classCPU))
			plainMB = max(plainMB, once(plain, &plainT, &plainCPU))
		}
	}
	mc, mp := Median(classT), Median(plainT)
	Record(Row{Scenario: fmt.Sprintf("build and write %dk tasks with toloka.Task (tolokash run)", tasks/1000), Baseline: "the same tasks as plain objects",
		Value: mc / 1000, Base: mp / 1000, Unit: "s", Lower: true, Target: "≤ 3×", Met: Met(mc/mp <= 3), PeakMB: classMB, BaseMB: plainMB,
		Note: fmt.Sprintf("CPU time of the whole runs (the process's start included) %.2f s vs %.2f s (%.2f×)",
			Median(classCPU)/1000, Median(plainCPU)/1000, Median(classCPU)/Median(plainCPU))})

	var req, one []time.Duration
	run := func(code string, into *[]time.Duration) {
		start := time.Now()
		if out, _, err := RunCommand(tk, env, "-e", code); err != nil {
			b.Fatalf("tolokash -e %s: %v\n%s", code, err, out)
		}
		*into = append(*into, time.Since(start))
	}
	run("require('toloka'); 1", &req) // warm the page cache
	for range 30 {
		run("require('toloka'); 1", &req)
		run("1", &one)
	}
	mr, mo := Median(req[1:]), Median(one)
	Record(Row{Scenario: "tolokash -e \"require('toloka'); 1\" (median of 30)", Baseline: "tolokash -e 1", Value: mr, Base: mo,
		Unit: "ms", Lower: true, Target: "≤ 30 ms more", Met: Met(mr-mo <= 30),
		Note: fmt.Sprintf("the first require('toloka') of a process takes %.1f ms", mr-mo)})
	b.ReportMetric(0, "ns/op")
}
