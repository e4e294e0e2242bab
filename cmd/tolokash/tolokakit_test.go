package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tolokash/tolokash/internal/testenv"
)

// TestTolokaKit runs toloka-kit 1.2.3, unmodified, against `tolokash
// emulator`: its own functional tests (functional_tests/client), a whole
// requester workflow (testdata/tolokakit/workflow.py) five times in a row and
// once under faults, each held to the expected results beside it, its
// streaming Pipeline on the demo pool (streaming.py), and three of its
// example notebooks as scripts (image and text classification, streaming
// pipelines), with crowd-kit for their aggregation.
//
// toloka-kit does not come from PyPI here, so the test finds it through the
// environment and skips, saying what it needs, where it is not set:
//
//	TOLOKA_KIT_PYTHONPATH  a folder where `import toloka` and `import crowdkit` work (toloka-kit, crowd-kit and their dependencies)
//	TOLOKA_KIT_SOURCE      a checkout of toloka-kit's repository, for its functional_tests/
//	TOLOKA_KIT_PYTHON      the interpreter, with pytest (default python3)
func TestTolokaKit(t *testing.T) {
	pythonPath := testenv.NeedEnv(t, "TOLOKA_KIT_PYTHONPATH",
		"a folder where `import toloka` works (toloka-kit 1.2.3 and its dependencies, and crowd-kit), and TOLOKA_KIT_SOURCE to a checkout of its repository")
	python := os.Getenv("TOLOKA_KIT_PYTHON")
	if python == "" {
		python = "python3"
	}
	env := append(os.Environ(), "PYTHONPATH="+pythonPath, "PYTHONDONTWRITEBYTECODE=1")
	check := exec.Command(python, "-c", "import toloka.client, pandas, pytest, crowdkit")
	check.Env = env
	if out, err := check.CombinedOutput(); err != nil {
		t.Fatalf("TOLOKA_KIT_PYTHONPATH is set, but toloka-kit does not import with PYTHONPATH=%s and %s: %v\n%s", pythonPath, python, err, out)
	}
	testdata := filepath.Join(testenv.ModuleRoot(), "testdata", "tolokakit")

	t.Run("functional_tests", func(t *testing.T) {
		t.Parallel()
		source := testenv.NeedEnv(t, "TOLOKA_KIT_SOURCE", "a checkout of toloka-kit's repository, to run its functional tests")
		if _, err := os.Stat(filepath.Join(source, "functional_tests", "client")); err != nil {
			t.Fatalf("TOLOKA_KIT_SOURCE=%s has no functional_tests/client: %v", source, err)
		}
		dir := t.TempDir()
		if err := os.CopyFS(filepath.Join(dir, "functional_tests"), os.DirFS(filepath.Join(source, "functional_tests"))); err != nil {
			t.Fatal(err)
		}
		conftest, err := os.ReadFile(filepath.Join(testdata, "conftest.py"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "functional_tests", "client", "conftest.py"), conftest, 0o644); err != nil {
			t.Fatal(err)
		}
		url, _ := startEmulatorCommand(t)
		cmd := exec.Command(python, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider",
			"functional_tests/client/test_tasks.py", "functional_tests/client/test_project.py", "functional_tests/client/test_client.py")
		cmd.Dir, cmd.Env = dir, append(env, "TOLOKA_URL="+url)
		out, _ := cmd.CombinedOutput()
		var passed []string
		for _, line := range strings.Split(string(out), "\n") {
			if id, ok := strings.CutPrefix(line, "PASSED "); ok {
				passed = append(passed, id)
			}
		}
		sort.Strings(passed)
		want := readLines(t, filepath.Join(testdata, "functional_tests.expected"))
		if !reflect.DeepEqual(passed, want) {
			t.Fatalf("passed %d of toloka-kit's functional tests:\n%s\nwant these %d to pass:\n%s\n\npytest said:\n%s",
				len(passed), strings.Join(passed, "\n"), len(want), strings.Join(want, "\n"), out)
		}
		t.Logf("toloka-kit's functional tests: %d passed", len(passed))
	})

	var expected map[string]any
	data, err := os.ReadFile(filepath.Join(testdata, "workflow.expected.json"))
	if err != nil || json.Unmarshal(data, &expected) != nil {
		t.Fatalf("workflow.expected.json: %v", err)
	}
	workflow := func(t *testing.T, url string, args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, python, append([]string{filepath.Join(testdata, "workflow.py")}, args...)...)
		cmd.Env = append(env, "TOLOKA_URL="+url)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("workflow.py: %v\n%s%s", err, stdout.String(), stderr.String())
		}
		var facts map[string]any
		if err := json.Unmarshal(stdout.Bytes(), &facts); err != nil {
			t.Fatalf("workflow.py printed %q: %v", stdout.String(), err)
		}
		for k, want := range expected {
			if got := facts[k]; !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %v, want %v", k, got, want)
			}
		}
		t.Logf("workflow in %v: open_pool %v, %v tasks, %v assignments", time.Since(start).Round(time.Second), facts["open_pool"], facts["tasks"], facts["submitted"])
	}
	// The Tolokers at forty times a real crowd's pace: a quarter of a second
	// an assignment, so a run takes seconds and open_pool still finds the pool
	// OPEN, and the pool's five-minute time limit (which an assignment a
	// Toloker walks away from waits out) is seven seconds and a half.
	t.Run("workflow five times", func(t *testing.T) {
		t.Parallel()
		url, _ := startEmulatorCommand(t, "--pace", "40")
		for i := 1; i <= 5 && !t.Failed(); i++ {
			t.Run(fmt.Sprintf("run %d", i), func(t *testing.T) { workflow(t, url) })
		}
	})
	t.Run("workflow under faults", func(t *testing.T) {
		t.Parallel()
		url, stop := startEmulatorCommand(t, "--pace", "40", "--faults", "0.15", "--fault-kinds", "500,429,reset,slow", "--seed", "15")
		// A 15 % fault rate outlasts toloka-kit's default three retries now
		// and then; its retry policy is the script's to choose.
		workflow(t, url, "--retries", "10", "--backoff", "0.2")
		t.Logf("the emulator says: %s", strings.TrimSpace(stop()))
	})
	t.Run("streaming pipeline", func(t *testing.T) { testStreaming(t, python, testdata, env) })

	// toloka-kit's example notebooks as scripts, each with a crowd that shows
	// what its quality control does (the seeds are ones where every rule has
	// someone to act on), held to the facts in <name>.expected.json.
	notebooks := []struct {
		name           string
		emulator, args []string
	}{
		// 20 Tolokers of 90 % accuracy at 200 times a real crowd's pace: the
		// control-task and majority-vote rules restrict some, the pool completes.
		{"image_classification", []string{"--workers", "20", "--accuracy", "0.9", "--pace", "200", "--seed", "2"}, []string{"--dataset", "150"}},
		// A training passed by a third of 60 Tolokers gates the pool; fast
		// responses are judged on the crowd's clock, which the script is told.
		{"text_classification", []string{"--workers", "60", "--pace", "200", "--seed", "1"}, []string{"--pace", "200"}},
		// Three pools fed by the Pipeline's handlers. At 20 times the pace a
		// pool the handlers fill stays open longer than a Pipeline iteration,
		// as on Toloka: faster, the Pipeline may see every pool closed and stop.
		{"streaming_pipelines", []string{"--workers", "80", "--pace", "20", "--seed", "1"}, nil},
	}
	for _, nb := range notebooks {
		t.Run(nb.name, func(t *testing.T) {
			t.Parallel()
			url, _ := startEmulatorCommand(t, nb.emulator...)
			facts := runFacts(t, python, env, url, filepath.Join(testdata, nb.name+".py"), nb.args...)
			var want map[string]any
			data, err := os.ReadFile(filepath.Join(testdata, nb.name+".expected.json"))
			if err != nil || json.Unmarshal(data, &want) != nil {
				t.Fatalf("%s.expected.json: %v", nb.name, err)
			}
			for k, w := range want {
				if got := facts[k]; !reflect.DeepEqual(got, w) {
					t.Errorf("%s: %v, want %v", k, got, w)
				}
			}
			t.Logf("%s: %v", nb.name, facts)
		})
	}
}

// runFacts runs a script of testdata/tolokakit against the emulator at url
// and returns the JSON object it prints.
func runFacts(t *testing.T, python string, env []string, url, script string, args ...string) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, append([]string{script}, args...)...)
	cmd.Env = append(env, "TOLOKA_URL="+url)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s%s", filepath.Base(script), err, stdout.String(), lastLines(stderr.String(), 40))
	}
	var facts map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &facts); err != nil {
		t.Fatalf("%s printed %q: %v\n%s", filepath.Base(script), stdout.String(), err, lastLines(stderr.String(), 40))
	}
	t.Logf("%s ran in %v", filepath.Base(script), time.Since(start).Round(time.Second))
	return facts
}

// lastLines keeps the end of a long output.
func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// The Tolokers at a real crowd's pace: toloka-kit's streaming Pipeline, which
// reads only events a minute old, sees the demo pool's work while it is open.
func testStreaming(t *testing.T, python, testdata string, env []string) {
	t.Parallel()
	url, _ := startEmulatorCommand(t, "--demo")
	cmd := exec.Command(python, filepath.Join(testdata, "streaming.py"))
	cmd.Env = append(env, "TOLOKA_URL="+url)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("streaming.py: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	var got struct {
		EventsSeen       bool `json:"events_seen"`
		PoolOpenWhenSeen bool `json:"pool_open_when_seen"`
		Seconds          int  `json:"seconds"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil || !got.EventsSeen || !got.PoolOpenWhenSeen {
		t.Fatalf("the Pipeline saw %s (%v)\n%s", stdout.String(), err, stderr.String())
	}
	t.Logf("the Pipeline saw submitted work %d s in, the pool still open", got.Seconds)
}

// startEmulatorCommand runs `tolokash emulator` with args and returns its URL,
// and a stop that interrupts it and returns what it said after the URL. It
// stops at the end of the test, if not before.
func startEmulatorCommand(t *testing.T, args ...string) (url string, stop func() string) {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"emulator", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("tolokash emulator said nothing")
	}
	line := sc.Text()
	var rest strings.Builder
	drained := make(chan struct{})
	go func() { // drain, so the command never blocks on a full pipe
		for sc.Scan() {
			rest.WriteString(sc.Text() + "\n")
		}
		close(drained)
	}()
	var once sync.Once
	stop = func() string {
		once.Do(func() {
			cmd.Process.Signal(syscall.SIGINT)
			<-drained
			cmd.Wait()
		})
		return rest.String()
	}
	t.Cleanup(func() { stop() })
	return line[strings.LastIndex(line, " ")+1:], stop
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}
