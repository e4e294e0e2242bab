package runtime

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// isolatedChild builds the test child without the race detector.
func isolatedChild(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a child program")
	}
	bin := filepath.Join(t.TempDir(), "isolatedchild")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/isolatedchild").CombinedOutput(); err != nil {
		t.Fatalf("building the child: %v\n%s", err, out)
	}
	return bin
}

// TestIsolatedRuns: a script runs in a child process and its value and
// output come back; the child's memory budget, its address space and its
// deadline each end a hostile script with the embedding program untouched.
func TestIsolatedRuns(t *testing.T) {
	child := isolatedChild(t)
	var out bytes.Buffer
	iso := &Isolated{Command: []string{child}, Stdout: &out, Stderr: &out, TimeLimit: 10 * time.Second}
	v, err := iso.Run(context.Background(), `console.log('hello from', typeof process); ({list: [1, 2.5, 'three'], ok: true})`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	m, _ := v.(map[string]any)
	if list, _ := m["list"].([]any); len(list) != 3 || list[0] != int64(1) || list[1] != 2.5 || m["ok"] != true {
		t.Errorf("the value: %#v", v)
	}
	if !strings.Contains(out.String(), "hello from object") {
		t.Errorf("the output: %q", out.String())
	}

	t.Run("memory budget", func(t *testing.T) {
		start := time.Now()
		_, err := iso.Run(context.Background(), `const a=[]; for(let i=0;i<64;i++) a.push(new Uint8Array(2**28).fill(1))`)
		if err == nil || !strings.Contains(err.Error(), "memory limit exceeded") {
			t.Errorf("want memory limit exceeded, got %v", err)
		}
		t.Logf("%v: %v", time.Since(start).Round(time.Millisecond), err)
	})

	t.Run("address space", func(t *testing.T) {
		// A budget the guards would allow, an address space that does not
		// hold it: the operating system ends the child.
		small := &Isolated{Command: []string{child}, Stdout: &out, Stderr: &out, addressSpace: 96 << 20}
		out.Reset()
		_, err := small.Run(context.Background(), `const a = []; for (let i = 0; i < 40; i++) a.push(new Uint8Array(8 << 20).fill(1)); a.length`)
		var me *MemoryLimitError
		if err == nil || !strings.Contains(err.Error(), "ran out of its address space") || !errors.As(err, &me) {
			t.Errorf("want the address-space limit, got %v\n%s", err, firstLines(out.String(), 5))
		}
	})

	t.Run("errors", func(t *testing.T) {
		// The causes come over from the child as Runtime.Run's do.
		em := emulatortest.Start(t, emulator.Options{})
		withAPI := &Isolated{Command: []string{child}, Stdout: &out, Stderr: &out, TimeLimit: 300 * time.Millisecond,
			Client: IsolatedClient{Token: "local", URL: em.URL, Retries: -1}}
		_, err := withAPI.Run(context.Background(), `toloka.getPool('999999')`)
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != "DOES_NOT_EXIST" || !errors.Is(err, client.ErrNotFound) {
			t.Errorf("an API error: %v", err)
		}
		_, err = withAPI.Run(context.Background(), `for (;;);`)
		if !errors.Is(err, ErrTimeLimit) || errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("the time limit: %v", err)
		}
	})

	t.Run("file", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "s.js")
		writeFile(t, path, "console.log(process.argv.slice(2).join(','), __filename.endsWith('s.js'), typeof module.exports)\n")
		out.Reset()
		if err := iso.RunFile(context.Background(), path, []string{"a", "b"}); err != nil || !strings.Contains(out.String(), "a,b true object") {
			t.Errorf("RunFile: %v %q", err, out.String())
		}
		writeFile(t, path, "process.exit(3)\n")
		var ee *ExitError
		if err := iso.RunFile(context.Background(), path, nil); !errors.As(err, &ee) || ee.Code != 3 {
			t.Errorf("process.exit(3): %v", err)
		}
	})
}

// TestIsolatedChildIsKilledAtItsDeadline: a child that does not answer (here
// not a runtime at all) is killed at its time limit and grace; a cancelled
// context kills it at once.
func TestIsolatedChildIsKilledAtItsDeadline(t *testing.T) {
	iso := &Isolated{Command: []string{"sleep", "60"}, TimeLimit: 100 * time.Millisecond}
	start := time.Now()
	_, err := iso.Run(context.Background(), `1`)
	if !errors.Is(err, ErrTimeLimit) || !strings.Contains(err.Error(), "time limit exceeded") || time.Since(start) > 100*time.Millisecond+StopGrace+5*time.Second {
		t.Errorf("want the child killed at its deadline, got %v after %v", err, time.Since(start))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = (&Isolated{Command: []string{"sleep", "60"}}).Run(ctx, `1`)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "killed") || time.Since(start) > 5*time.Second {
		t.Errorf("a cancelled context must kill the child: %v after %v", err, time.Since(start))
	}
}

// TestIsolatedTokenTravelsByPipe: the child's command line and environment
// hold neither the token nor anything of the parent's environment.
func TestIsolatedTokenTravelsByPipe(t *testing.T) {
	t.Setenv("PARENT_SECRET", "parent-env-value")
	var out bytes.Buffer
	iso := &Isolated{Command: []string{"sh", "-c", `echo "args: $0 $*"; env`}, Stdout: &out, Stderr: &out,
		Client: IsolatedClient{Token: "CANARY-isolated-token", URL: "http://127.0.0.1:1", Retries: -1}}
	iso.Run(context.Background(), `1`)
	if s := out.String(); strings.Contains(s, "CANARY") || strings.Contains(s, "parent-env-value") || !strings.Contains(s, isolatedEnv) {
		t.Errorf("the child's arguments and environment: %s", s)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
