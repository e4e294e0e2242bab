package benchmarks

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Python runs the side-by-side scripts of toloka-kit and pandas. CI has
// neither, and the side-by-side lines are then skipped with a note; on a
// machine that has them, point the benchmarks at them:
//
//	TOLOKASH_BENCH_PYTHON      the interpreter (default: python3 on PATH)
//	TOLOKASH_BENCH_PYTHONPATH  where toloka-kit (and pandas, if not installed) are
type Python struct {
	bin      string
	env      []string
	versions map[string]string // by distribution name
}

var (
	pythonOnce sync.Once
	python     *Python
	pythonErr  error
)

// pythonModules are what the side-by-side scripts import, by the
// distribution that provides each.
var pythonModules = map[string]string{"toloka-kit": "toloka.client", "pandas": "pandas"}

// FindPython finds the interpreter and asks it which of toloka-kit and
// pandas it can import; it fails only when there is no interpreter.
func FindPython() (*Python, error) {
	pythonOnce.Do(func() {
		bin := os.Getenv("TOLOKASH_BENCH_PYTHON")
		if bin == "" {
			bin = "python3"
		}
		path, err := exec.LookPath(bin)
		if err != nil {
			pythonErr = fmt.Errorf("no %s (set TOLOKASH_BENCH_PYTHON)", bin)
			return
		}
		p := &Python{bin: path, versions: map[string]string{}}
		if pp := os.Getenv("TOLOKASH_BENCH_PYTHONPATH"); pp != "" {
			p.env = []string{"PYTHONPATH=" + pp}
		}
		for dist, module := range pythonModules {
			check := fmt.Sprintf("import importlib.metadata, %s; print(importlib.metadata.version(%q))", module, dist)
			cmd := exec.Command(path, "-c", check)
			cmd.Env = append(os.Environ(), p.env...)
			if out, err := cmd.Output(); err == nil {
				p.versions[dist] = strings.TrimSpace(string(out))
			}
		}
		python = p
	})
	return python, pythonErr
}

// pythonFor returns the interpreter when it imports dist, else nil and the
// reason the side-by-side line is left out.
func pythonFor(dist string) (*Python, string) {
	p, err := FindPython()
	if err != nil {
		return nil, err.Error()
	}
	if p.versions[dist] == "" {
		return nil, fmt.Sprintf("%s does not import %s (set TOLOKASH_BENCH_PYTHONPATH to where it is)", p.bin, pythonModules[dist])
	}
	return p, ""
}

// Name is dist with the version this interpreter imports.
func (p *Python) Name(dist string) string { return dist + " " + p.versions[dist] }

// Seconds runs a script that prints a count and the seconds its work took
// (timed after its imports), checks the count, and returns the seconds.
func (p *Python) Seconds(dir, name, src string, want int, args ...string) (float64, error) {
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		return 0, err
	}
	cmd := exec.Command(p.bin, append([]string{path}, args...)...)
	cmd.Env = append(os.Environ(), p.env...)
	var errOut strings.Builder
	cmd.Stderr = &errOut // progress bars and warnings
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("%s: %v\n%s%s", name, err, out, lastLines(errOut.String(), 15))
	}
	f := strings.Fields(string(out))
	if len(f) < 2 {
		return 0, fmt.Errorf("%s printed %q, want a count and seconds", name, out)
	}
	n, _ := strconv.Atoi(f[len(f)-2])
	s, err := strconv.ParseFloat(f[len(f)-1], 64)
	if err != nil || n != want {
		return 0, fmt.Errorf("%s printed %q, want %d and seconds", name, out, want)
	}
	return s, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// Wall runs the interpreter with args and returns how long the process took.
func (p *Python) Wall(args ...string) (time.Duration, error) {
	cmd := exec.Command(p.bin, args...)
	cmd.Env = append(os.Environ(), p.env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%s %v: %v\n%s", p.bin, args, err, lastLines(string(out), 15))
	}
	return time.Since(start), nil
}
