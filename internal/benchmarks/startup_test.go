package benchmarks

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/internal/testenv"
)

// goProgram builds a one-file Go program outside the module (so it links
// nothing of ours) and returns the binary's path.
func goProgram(b *testing.B, dir, name, src string, requires ...string) string {
	srcDir := filepath.Join(dir, name+"-src")
	os.MkdirAll(srcDir, 0o755)
	mod := "module " + name + "\n\ngo 1.26\n"
	os.WriteFile(filepath.Join(srcDir, "go.mod"), []byte(mod), 0o644)
	os.WriteFile(filepath.Join(srcDir, "main.go"), []byte(src), 0o644)
	bin := filepath.Join(dir, name)
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	for _, r := range requires {
		get := exec.Command("go", "get", r)
		get.Dir, get.Env = srcDir, env
		if out, err := get.CombinedOutput(); err != nil {
			b.Fatalf("go get %s: %v\n%s", r, err, out)
		}
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir, build.Env = srcDir, env
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build %s: %v\n%s", name, err, out)
	}
	return bin
}

// BenchmarkStartup measures the wall time of `tolokash -e 1` against a Go
// binary that only prints 1, run alternately, 30 times each; the figures are
// medians. A third program — goja evaluating 1, with net/http linked — shows
// the floor that our two largest dependencies set.
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	tk := tolokash(b)
	base := goProgram(b, dir, "baseline", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n")
	gojaVersion := moduleVersion(b, "github.com/dop251/goja")
	floor := goProgram(b, dir, "floor", `package main

import (
	"fmt"
	"net/http"

	"github.com/dop251/goja"
)

var _ = http.DefaultClient

func main() {
	v, _ := goja.New().RunString("1")
	fmt.Println(v)
}
`, "github.com/dop251/goja@"+gojaVersion)
	// No profile, no token: -e 1 must not read anything that could make it slow.
	env := []string{"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"), "XDG_STATE_HOME=" + filepath.Join(dir, "state"),
		"TOLOKA_TOKEN=", "TOLOKA_PROFILE=", "TOLOKA_URL=", "TOLOKA_ENV="}
	once := func(bin string, args ...string) time.Duration {
		start := time.Now()
		out, _, err := RunCommand(bin, env, args...)
		d := time.Since(start)
		if err != nil || out != "1\n" {
			b.Fatalf("%s %v: %q %v", bin, args, out, err)
		}
		return d
	}
	// The peak RSS comes from a run of its own that reports it (RunCommand):
	// reading it costs the timed runs nothing.
	_, rss, err := RunCommand(tk, env, "-e", PeakFooter+"\n1")
	if err != nil {
		b.Fatal(err)
	}
	once(tk, "-e", "1") // warm the page cache
	once(base)
	once(floor)
	var tks, bases, floors []time.Duration
	for b.Loop() {
		for range 30 {
			tks = append(tks, once(tk, "-e", "1"))
			bases = append(bases, once(base))
			floors = append(floors, once(floor))
		}
	}
	mt, mb, mf := Median(tks), Median(bases), Median(floors)
	if py, why := pythonFor("toloka-kit"); py == nil {
		Skip("start-up", why)
	} else {
		var walls []time.Duration
		for range 5 {
			d, err := py.Wall("-c", "from toloka.client import TolokaClient")
			if err != nil {
				b.Fatal(err)
			}
			walls = append(walls, d)
		}
		RecordVersus(Versus{Scenario: "start-up (whole process: tolokash -e 1, python3 -c 'from toloka.client import TolokaClient')",
			Ours: mt / 1000, Other: py.Name("toloka-kit"), Theirs: Median(walls) / 1000})
	}
	Record(Row{Scenario: "tolokash -e 1 (median of 30)", Baseline: "Go binary printing 1", Value: mt, Base: mb, Unit: "ms", Lower: true,
		Target: "≤ 3×, ≤ 10 ms", Met: Met(mt/mb <= 3 && mt <= 10), PeakMB: rss,
		Note: fmt.Sprintf("goja evaluating 1 with net/http linked, nothing of ours: %.2f ms (%.2f× the baseline) — the floor of our dependencies", mf, mf/mb)})
	b.ReportMetric(0, "ns/op")
}

// moduleVersion is the version of module path that go.mod requires.
func moduleVersion(b *testing.B, path string) string {
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Version}}", path)
	cmd.Dir = testenv.ModuleRoot()
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("go list -m %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}
