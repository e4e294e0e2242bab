package runtime_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tolokash/tolokash/runtime"
)

// TestTopLevelAwaitInScripts: RunString (tolokash -e, a script on stdin)
// and RunFile take await at the top level, as the shell does: the value of
// the last expression comes back, timers run meanwhile, and a rejection is
// the run's error at the line of the await, column and stack right.
func TestTopLevelAwaitInScripts(t *testing.T) {
	rt, out := newRuntime(t, runtime.Options{})
	ctx := context.Background()
	v, err := rt.RunString(ctx, `const x = await new Promise(r => setTimeout(() => r(20), 5));
		const pool = await toloka.async.findPools({limit: 1});
		x + 22`)
	if err != nil || v.ToInteger() != 42 {
		t.Fatalf("got %v, %v", v, err)
	}
	// await(x) in a sloppy script would call a function named await.
	if v, err := rt.RunString(ctx, `await (async () => 7)()`); err != nil || v.ToInteger() != 7 {
		t.Errorf("await (…): %v, %v", v, err)
	}
	// A script that names await as its own function is left alone.
	if v, err := rt.RunString(ctx, `function wait(x) { return x } var n = 'await'; wait(n)`); err != nil || v.String() != "await" {
		t.Errorf("a plain script mentioning await: %v, %v", v, err)
	}
	_, err = rt.RunString(ctx, "await 1;\nawait Promise.reject(new RangeError('late'))")
	var se *runtime.ScriptError
	if !errors.As(err, &se) || se.InPromise || !strings.Contains(err.Error(), "RangeError: late") || !strings.Contains(err.Error(), "<eval>:2:22") {
		t.Errorf("a rejected await: %v", err)
	}
	_, err = rt.RunString(ctx, `await 1; missing()`)
	if err == nil || !strings.Contains(err.Error(), "<eval>:1:17") {
		t.Errorf("columns after the rewriting: %v", err)
	}

	dir := t.TempDir()
	script := filepath.Join(dir, "main.js")
	os.WriteFile(script, []byte("const {x} = require('./lib.js');\nconst y = await new Promise(r => setTimeout(() => r(x + 1), 5));\nconsole.log('y is', y, __filename.endsWith('main.js'));\nawait nothing.here;\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "lib.js"), []byte("module.exports = {x: 41};\n"), 0o644)
	err = rt.RunFile(ctx, script, nil)
	if !strings.Contains(out.String(), "y is 42 true") {
		t.Errorf("output %q", out.String())
	}
	if err == nil || !strings.Contains(err.Error(), "ReferenceError: nothing is not defined") || !strings.Contains(err.Error(), "main.js:4:7") ||
		strings.Contains(err.Error(), "main.js:5") {
		t.Errorf("an error after an await in a file: %v", err)
	}
	// A module required by the script may not use await at its top level (as in node).
	os.WriteFile(filepath.Join(dir, "waits.js"), []byte("await 1;\n"), 0o644)
	other := filepath.Join(dir, "other.js")
	os.WriteFile(other, []byte("require('./waits.js');\n"), 0o644)
	if err := rt.RunFile(ctx, other, nil); err == nil || !strings.Contains(err.Error(), "waits.js:1") {
		t.Errorf("await in a required module: %v", err)
	}
}

// TestLoopStopWindsWorkDown: Stop asks the registered work to end and
// calls back once all of it has; with nothing registered it says so.
func TestLoopStopWindsWorkDown(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	l := rt.Loop()
	if l.Stop("now", nil) {
		t.Fatal("Stop with nothing registered reported work")
	}
	var mu sync.Mutex
	var order []string
	finished := make(chan struct{})
	for _, name := range []string{"a", "b"} {
		l.OnStop(func(reason string, done func()) {
			go func() {
				time.Sleep(10 * time.Millisecond)
				mu.Lock()
				order = append(order, name+":"+reason)
				mu.Unlock()
				done()
			}()
		})
	}
	remove := l.OnStop(func(string, func()) { t.Error("a removed stopper was called") })
	remove()
	if !l.Stop("SIGTERM", func() { close(finished) }) {
		t.Fatal("Stop found nothing")
	}
	select {
	case <-finished:
	case <-time.After(5 * time.Second):
		t.Fatal("then was not called")
	}
	if len(order) != 2 {
		t.Errorf("stoppers done: %v", order)
	}
	if l.Stop("again", nil) {
		t.Error("stoppers stay registered after a Stop")
	}
}
