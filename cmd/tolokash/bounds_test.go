package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startEmulator runs `tolokash emulator ARGS…` and returns it with its URL
// and what it writes to stderr.
func startEmulator(t *testing.T, args ...string) (*exec.Cmd, string, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"emulator", "--work-delay", "5ms"}, args...)...)
	stdout, _ := cmd.StdoutPipe()
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatalf("no output; stderr: %s", stderr)
	}
	line := sc.Text()
	go func() {
		for sc.Scan() {
		}
	}()
	return cmd, line[strings.LastIndex(line, " ")+1:], stderr
}

func get(url, token string) int {
	req, _ := http.NewRequest("GET", url+"/api/v1/requester", nil)
	req.Header.Set("Authorization", "OAuth "+token)
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestEmulatorCommandGuardsItsAddress: listening beyond loopback is warned
// about, and --token lets only that token in.
func TestEmulatorCommandGuardsItsAddress(t *testing.T) {
	_, url, stderr := startEmulator(t, "--addr", "0.0.0.0:0")
	// stderr comes through a pipe of its own: it may lag behind stdout's line.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(stderr.String(), "--token") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), "warning: listening on 0.0.0.0:0 (every interface)") || !strings.Contains(stderr.String(), "--token") {
		t.Errorf("0.0.0.0 must be warned about: %q", stderr)
	}
	if code := get(url, "anything"); code != 200 {
		t.Errorf("without --token any token is taken: %d", code)
	}
	_, url, stderr = startEmulator(t, "--addr", "127.0.0.1:0", "--token", "s3cret")
	if stderr.String() != "" {
		t.Errorf("loopback is not warned about: %q", stderr)
	}
	if code := get(url, "wrong"); code != 401 {
		t.Errorf("--token: a wrong token must be refused: %d", code)
	}
	if code := get(url, "s3cret"); code != 200 {
		t.Errorf("--token: the token is taken: %d", code)
	}
}

// TestEmulatorStopsPromptlyAndSavesWhole: SIGTERM with a client stalled in
// the middle of a body still saves the state at once; a kill -9 during a
// save leaves no empty temporary file (and the next start removes any).
func TestEmulatorStopsPromptlyAndSavesWhole(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "toloka.state")
	cmd, url, stderr := startEmulator(t, "--addr", "127.0.0.1:0", "--state", state, "--demo")
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/projects HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth t\r\nContent-Length: 100\r\n\r\n{")
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v; stderr: %s", err, stderr)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("SIGTERM with a stalled client: not stopped after 30s")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("SIGTERM waited %v for a stalled client: a supervisor's kill -9 would have lost the state", took)
	}
	if fi, err := os.Stat(state); err != nil || fi.Size() == 0 {
		t.Errorf("no state saved: %v", err)
	}

	// A big state takes a while to encode: kill -9 in the middle of the save.
	cmd, _, _ = startEmulator(t, "--addr", "127.0.0.1:0", "--state", filepath.Join(dir, "big.state"), "--demo-assignments", "100000")
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Kill()
	cmd.Wait()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if fi, _ := e.Info(); strings.Contains(e.Name(), ".tmp-") && fi.Size() == 0 {
			t.Errorf("kill -9 during a save left an empty temporary file %s", e.Name())
		}
	}
}

// plainBinary builds tolokash without the race detector: an --isolate
// child under an address-space limit cannot be a race build (its shadow
// memory alone is terabytes of address space).
func plainBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tolokash")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func tolokash(t *testing.T, bin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// TestTokenOnTheCommandLineIsWarnedAbout: --token is visible in ps; saying so
// is the least the command can do.
func TestTokenOnTheCommandLineIsWarnedAbout(t *testing.T) {
	isolate(t)
	_, stderr, code := tolokash(t, binary(t), "--local", "--token", "t0k3n", "-e", "1")
	if code != 0 || !strings.Contains(stderr, "visible to every user of this machine") || strings.Contains(stderr, "t0k3n") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, stderr, _ := tolokash(t, binary(t), "--local", "-e", "1"); strings.Contains(stderr, "warning") {
		t.Errorf("no --token, no warning: %q", stderr)
	}
}

// TestUnclosedCSVWriterLeavesNoTempFile: a script that never closes its csv
// writer leaves the target as it was and no temporary file, and is told so.
func TestUnclosedCSVWriterLeavesNoTempFile(t *testing.T) {
	dir := isolate(t)
	script := filepath.Join(dir, "unclosed.js")
	os.WriteFile(filepath.Join(dir, "out.csv"), []byte("before\n"), 0o644)
	os.WriteFile(script, []byte("const w = require('csv').writer(__dirname + '/out.csv', {columns: ['a']});\nw.write({a: 1});\n"), 0o644)
	_, stderr, code := tolokash(t, binary(t), script)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "out.csv")); string(b) != "before\n" || code != 0 || !strings.Contains(stderr, "never closed") {
		t.Errorf("out.csv %q, exit %d, stderr %q", b, code, stderr)
	}
}

// TestIsolateAndLimitFlags: --isolate runs a script untrusted in a child
// process that still reaches the API; --memory-limit and --time-limit end
// hostile scripts with their errors.
func TestIsolateAndLimitFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds tolokash")
	}
	isolate(t)
	bin := plainBinary(t)
	stdout, stderr, code := tolokash(t, bin, "--local", "--isolate", "-e", "({id: toloka.getRequester().id, fs: (() => { try { require('fs') } catch (e) { return e.message } })()})")
	if code != 0 || !strings.Contains(stdout, `"id"`) || !strings.Contains(stdout, "switched off") {
		t.Errorf("--isolate -e: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--isolate", "--memory-limit", "64MiB", "-e", "new Uint8Array(2**28)"}, "memory limit exceeded"},
		{[]string{"--isolate", "--time-limit", "300ms", "-e", "for (;;);"}, "time limit exceeded"},
		{[]string{"--untrusted", "--memory-limit", "64MiB", "-e", "const a = []; for (;;) a.push({x: 1})"}, "memory limit exceeded"},
		{[]string{"--untrusted", "-e", "require('fs')"}, "switched off"},
	} {
		_, stderr, code := tolokash(t, bin, c.args...)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("tolokash %s: exit %d, stderr %q", strings.Join(c.args, " "), code, stderr)
		}
	}
	if _, stderr, code := tolokash(t, bin, "--memory-limit", "lots", "-e", "1"); code != 2 || !strings.Contains(stderr, "not a size") {
		t.Errorf("a bad --memory-limit: exit %d, %q", code, stderr)
	}
}
