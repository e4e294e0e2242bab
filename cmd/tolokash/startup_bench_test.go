package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkStartup measures the wall time of `tolokash -e 1` against a Go
// binary that only prints 1, both built once here and run alternately in the
// same run, so the ratio says what tolokash itself costs on this machine.
// Every iteration is 30 runs of each; the figures are medians.
//
//	go test -run '^$' -bench Startup -benchtime 1x ./cmd/tolokash
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	tk := filepath.Join(dir, "tolokash")
	if out, err := exec.Command("go", "build", "-o", tk, ".").CombinedOutput(); err != nil {
		b.Fatalf("build tolokash: %v\n%s", err, out)
	}
	base := filepath.Join(dir, "baseline")
	src := filepath.Join(dir, "baselinesrc")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(src, "go.mod"), []byte("module baseline\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n"), 0o644)
	build := exec.Command("go", "build", "-o", base, ".")
	build.Dir = src
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build baseline: %v\n%s", err, out)
	}
	// No profile, no token: -e 1 must not read anything that could make it slow.
	env := append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"TOLOKA_TOKEN=", "TOLOKA_PROFILE=", "TOLOKA_URL=", "TOLOKA_ENV=")
	once := func(bin string, args ...string) time.Duration {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		start := time.Now()
		out, err := cmd.Output()
		d := time.Since(start)
		if err != nil || string(out) != "1\n" {
			b.Fatalf("%s %v: %q %v", bin, args, out, err)
		}
		return d
	}
	once(tk, "-e", "1") // warm the page cache
	once(base)
	var tks, bases []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for range 30 {
			tks = append(tks, once(tk, "-e", "1"))
			bases = append(bases, once(base))
		}
	}
	b.StopTimer()
	median := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2]) / float64(time.Millisecond)
	}
	mt, mb := median(tks), median(bases)
	b.ReportMetric(mt, "ms/tolokash-e1")
	b.ReportMetric(mb, "ms/baseline")
	b.ReportMetric(mt/mb, "x-baseline")
	b.ReportMetric(0, "ns/op")
}
