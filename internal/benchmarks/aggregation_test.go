package benchmarks

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkAggregation aggregates generated answers (a simulated crowd: tasks
// × overlap answers, 5 labels, 2,000 workers whose accuracy is drawn from a
// seed) with MajorityVote, DawidSkene and GLAD, in a script run by the
// tolokash command, against crowd-kit doing the same in Python on the same
// CSV file. Each side times its own fit (reading the file is outside it) and
// its process's peak RSS is the memory figure.
//
// crowd-kit runs when TOLOKASH_BENCH_CROWDKIT names a directory to import
// crowdkit from (PYTHONPATH), with the Python of TOLOKASH_BENCH_PYTHON
// (default python3), which needs numpy, pandas, scipy and scikit-learn.
// Without it the rows show tolokash alone, with a note.
func BenchmarkAggregation(b *testing.B) {
	tasks := 100_000
	if testing.Short() {
		tasks = 10_000
	}
	dir := b.TempDir()
	size := func(answers int) string {
		if answers >= 1_000_000 {
			return fmt.Sprintf("%dM", answers/1_000_000)
		}
		return fmt.Sprintf("%dk", answers/1000)
	}
	big := filepath.Join(dir, "answers-big.csv")
	if err := writeCrowd(big, 1, tasks, 10, 5, 2000); err != nil {
		b.Fatal(err)
	}
	// crowd-kit's GLAD melts the answers into answers × labels rows and keeps
	// copies of them: it took 4 GiB for 200k answers here, so 1M would need
	// about 20. Its row is on a tenth of the answers, from the same crowd.
	small := filepath.Join(dir, "answers-small.csv")
	if err := writeCrowd(small, 1, tasks/10, 10, 5, 2000); err != nil {
		b.Fatal(err)
	}
	script := filepath.Join(dir, "aggregate.js")
	os.WriteFile(script, []byte(`const agg = require('toloka/aggregation')
const [path, method] = process.argv.slice(2)
const df = DataFrame.readCSV(path)
const start = Date.now()
const labels = new agg[method]().fitPredict(df)
const fit = Date.now() - start
console.log(JSON.stringify({answers: df.length, tasks: labels.length, fit_ms: fit}))
`), 0o644)
	python := filepath.Join(dir, "aggregate.py")
	os.WriteFile(python, []byte(`import json, sys, time
import pandas as pd
import crowdkit.aggregation as agg
path, method = sys.argv[1:3]
df = pd.read_csv(path, dtype=str, keep_default_na=False)
start = time.time()
labels = getattr(agg, method)().fit_predict(df)
fit = (time.time() - start) * 1000
print(json.dumps({"answers": len(df), "tasks": len(labels), "fit_ms": fit}))
`), 0o644)
	crowdkit := os.Getenv("TOLOKASH_BENCH_CROWDKIT")
	py := os.Getenv("TOLOKASH_BENCH_PYTHON")
	if py == "" {
		py = "python3"
	}
	type result struct {
		Answers, Tasks int
		FitMs          float64 `json:"fit_ms"`
	}
	runOnce := func(bin string, env []string, args ...string) (result, float64, float64) {
		out, rss, cpu, err := runMeasured(bin, env, args...)
		if err != nil {
			b.Fatalf("%s %v: %v\n%s", bin, args, err, out)
		}
		var r result
		if err := json.Unmarshal([]byte(lastLine(out)), &r); err != nil {
			b.Fatalf("%s %v printed %q", bin, args, out)
		}
		return r, rss, cpu
	}
	scenarios := []struct {
		method, file, size string
		crowdkit           bool
		note               string
	}{
		{"MajorityVote", big, size(tasks * 10), true, ""},
		{"DawidSkene", big, size(tasks * 10), true, ""},
		{"GLAD", big, size(tasks * 10), false, "crowd-kit not run on this file: its GLAD took 4 GiB for 200k answers here, so 1M would need about 20"},
		{"GLAD", small, size(tasks), true, "on a tenth of the answers, from the same crowd"},
	}
	for _, s := range scenarios {
		b.Run(s.method+"-"+s.size, func(b *testing.B) {
			var ours, ourCPU []time.Duration
			var ourMB, theirMB, theirMs, theirCPU float64
			var theirs result
			for b.Loop() {
				for range rounds {
					r, rss, cpu := runOnce(tolokash(b), nil, "run", script, s.file, s.method)
					ours = append(ours, time.Duration(r.FitMs*float64(time.Millisecond)))
					ourCPU = append(ourCPU, time.Duration(cpu*float64(time.Second)))
					ourMB = max(ourMB, rss)
					if r.Tasks*10 != r.Answers {
						b.Fatalf("%s: %d labels for %d answers", s.method, r.Tasks, r.Answers)
					}
				}
				if s.crowdkit && crowdkit != "" {
					// crowd-kit once: it is slow, and alone on the machine for its run.
					theirs, theirMB, theirCPU = runOnce(py, []string{"PYTHONPATH=" + crowdkit}, python, s.file, s.method)
					theirMs = theirs.FitMs
					if theirs.Tasks*10 != theirs.Answers {
						b.Fatalf("crowd-kit %s: %d labels for %d answers", s.method, theirs.Tasks, theirs.Answers)
					}
				}
			}
			row := Row{Scenario: fmt.Sprintf("%s, %s answers (tolokash run)", s.method, s.size), Baseline: "crowd-kit 1.4.1, same file",
				Value: Median(ours) / 1000, Base: theirMs / 1000, Unit: "s", Lower: true, Target: "≥ 5× faster, ≤ ½ memory",
				PeakMB: ourMB, BaseMB: theirMB, Note: s.note}
			switch {
			case theirMs > 0:
				row.Met = Met(theirMs/Median(ours) >= 5 && ourMB <= theirMB/2)
				// CPU time of the whole process (reading the CSV included) moves
				// less than wall time when the machine is shared.
				ourCPUs := Median(ourCPU) / 1000
				row.Note = strings.TrimPrefix(fmt.Sprintf("%s; memory %.2f× crowd-kit's; CPU time of the whole run %.2f s vs %.2f s (%.1f× less)",
					s.note, ourMB/theirMB, ourCPUs, theirCPU, theirCPU/ourCPUs), "; ")
			case s.crowdkit:
				row.Note = "crowd-kit not run: set TOLOKASH_BENCH_CROWDKIT to the directory crowdkit imports from (and TOLOKASH_BENCH_PYTHON)"
			}
			if theirMs == 0 {
				row.Note += fmt.Sprintf("; CPU time of the whole run %.2f s", Median(ourCPU)/1000)
			}
			Record(row)
			b.ReportMetric(0, "ns/op")
		})
	}
}

// runMeasured runs bin and returns its output, its peak RSS in MiB and the
// CPU time it used (user and system) in seconds.
func runMeasured(bin string, env []string, args ...string) (string, float64, float64, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return out.String() + errOut.String(), 0, 0, err
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return out.String(), 0, 0, nil
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return out.String(), float64(ru.Maxrss) / 1024, cpu.Seconds(), nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// writeCrowd writes task,worker,label rows: each task answered by overlap
// distinct workers out of workers, each right with the worker's accuracy
// (drawn once, from 0.35 to 0.95) and otherwise giving another label at random.
func writeCrowd(path string, seed uint64, tasks, overlap, labels, workers int) error {
	rng := rand.New(rand.NewPCG(seed, 2))
	accuracy := make([]float64, workers)
	for w := range accuracy {
		accuracy[w] = 0.35 + 0.6*rng.Float64()
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "task,worker,label")
	picked := make([]int, 0, overlap)
	for t := 0; t < tasks; t++ {
		truth := rng.IntN(labels)
		picked = picked[:0]
		for len(picked) < overlap {
			k := rng.IntN(workers)
			dup := false
			for _, p := range picked {
				dup = dup || p == k
			}
			if dup {
				continue
			}
			picked = append(picked, k)
			l := truth
			if rng.Float64() >= accuracy[k] {
				l = (truth + 1 + rng.IntN(labels-1)) % labels
			}
			fmt.Fprintf(w, "task-%06d,worker-%04d,label-%d\n", t, k, l)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
