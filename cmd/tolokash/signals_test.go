package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a buffer two goroutines share: the process writes, the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startScript runs tolokash with args, its output in a buffer.
func startScript(t *testing.T, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	isolate(t)
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, out
}

func waitOutput(t *testing.T, out *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the output never showed %q:\n%s", want, out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the script did not end")
	}
	return cmd.ProcessState.ExitCode()
}

// TestSignalsEndAScript: Ctrl-C (SIGINT) and SIGTERM interrupt a script
// that has nothing to wind down, and the exit code says which signal it was.
func TestSignalsEndAScript(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
		says string
	}{{syscall.SIGINT, 130, "interrupted by SIGINT (Ctrl-C)"}, {syscall.SIGTERM, 143, "interrupted by SIGTERM"}} {
		cmd, out := startScript(t, "-e", "console.log('waiting'); setTimeout(() => console.log('too late'), 60000)")
		waitOutput(t, out, "waiting")
		cmd.Process.Signal(tc.sig)
		if code := exitCode(t, cmd); code != tc.code || !strings.Contains(out.String(), tc.says) || strings.Contains(out.String(), "too late") {
			t.Errorf("%v: exit %d, output %q; want %d and %q", tc.sig, code, out.String(), tc.code, tc.says)
		}
	}
}

// TestSignalStopsAPipelineAfterItsBatch: SIGTERM in the middle of a
// pipeline's callback lets the callback finish and the cursor be saved
// before the script ends; the next run starts after what was delivered.
func TestSignalStopsAPipelineAfterItsBatch(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "review.js")
	os.WriteFile(script, []byte(`
const {Pipeline, AssignmentsObserver, JSONLocalStorage} = require('toloka/streaming');
const pool = toloka.getPools({status: 'OPEN'}).first();
const pipeline = new Pipeline({period: '100ms', storage: new JSONLocalStorage(process.argv[2]), name: 'slow'});
pipeline.register(new AssignmentsObserver(toloka, pool.id, {cursor_time_lag: 0})).onSubmitted(async events => {
  console.log('batch of', events.length);
  await new Promise(r => setTimeout(r, 500));
  for (const e of events) toloka.acceptAssignment(e.assignment.id, 'ok');
  console.log('reviewed', events.length);
});
await pipeline.run();
console.log('finished');
`), 0o644)
	state := filepath.Join(dir, "state")
	// The demo pool has five submissions waiting, and its crowd works at a real pace.
	cmd, out := startScript(t, "--local", script, state)
	waitOutput(t, out, "batch of 5")
	cmd.Process.Signal(syscall.SIGTERM)
	code := exitCode(t, cmd)
	got := out.String()
	if code != 143 || !strings.Contains(got, "reviewed 5") || strings.Contains(got, "finished") ||
		strings.Index(got, "reviewed 5") > strings.Index(got, "interrupted by SIGTERM") {
		t.Fatalf("exit %d; want 143 after the batch was reviewed:\n%s", code, got)
	}
	saved, err := os.ReadFile(filepath.Join(state, "slow.json"))
	if err != nil || !strings.Contains(string(saved), `"SUBMITTED"`) {
		t.Fatalf("no cursor saved: %v %s", err, saved)
	}
}

// TestProgressAndStatusOnATerminal: on a terminal, waitPool draws the
// pool's completion, toloka.parallel its own bar, and a pipeline a status
// line a pass; the same script piped prints none of them.
func TestProgressAndStatusOnATerminal(t *testing.T) {
	dir := isolate(t)
	script := filepath.Join(dir, "watch.js")
	os.WriteFile(script, []byte(`
const {Pipeline, AssignmentsObserver} = require('toloka/streaming');
const pool = toloka.getPools({status: 'OPEN'}).first();
const submitted = toloka.getAssignments({pool_id: pool.id, status: 'SUBMITTED'}).toArray();
await toloka.parallel(submitted, async a => { await new Promise(r => setTimeout(r, 200)); return toloka.async.acceptAssignment(a.id, 'ok'); }, {concurrency: 1, progress: 'reviews'});
toloka.waitPool(pool.id, {interval: 200});
const pipeline = new Pipeline({period: 50});
pipeline.register(new AssignmentsObserver(toloka, pool.id, {cursor_time_lag: 0})).onSubmitted(() => {});
await pipeline.run();
console.log('all done');
`), 0o644)
	term, cmd := startTerminal(t, nil, "--local", "--pace", "80", script)
	term.waitFor("reviews [")
	term.waitFor("pool " + "100000002 [")
	screen := term.waitFor("all done")
	exits(t, cmd)
	for _, want := range []string{"pipeline: pass 1:", "pipeline: finished after"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the terminal lacks %q:\n%s", want, screen)
		}
	}
	piped, out := startScript(t, "--local", "--pace", "80", script)
	if code := exitCode(t, piped); code != 0 || strings.Contains(out.String(), "pipeline:") || strings.Contains(out.String(), "[") {
		t.Errorf("piped: exit %d, output %q", code, out.String())
	}
}
