package runtime_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/runtime"
)

func TestInterruptAndReuse(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := rt.RunString(ctx, `let n = 0; while (true) { n++ }`)
	var se *runtime.ScriptError
	if !errors.As(err, &se) || !se.Interrupt || time.Since(start) > 5*time.Second {
		t.Fatalf("want an interrupt, got %v after %v", err, time.Since(start))
	}
	v, err := rt.RunString(context.Background(), `n > 0 && 6 * 7`)
	if err != nil || v.ToInteger() != 42 {
		t.Fatalf("the runtime must stay usable: %v %v", v, err)
	}
}

func TestInterruptAbortsTheCallInFlight(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	// A wait that would last a minute is cut by the interrupt, HTTP polling included.
	_, err := rt.RunString(context.Background(), `
		const p = toloka.createProject({public_name: 'x', task_spec: {input_spec: {a: {type: 'string'}}, output_spec: {b: {type: 'string'}}}});
		const pool = toloka.createPool({project_id: p.id, private_name: 'x', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
			reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}});
		toloka.createTasks([{pool_id: pool.id, overlap: 1, input_values: {a: 'x'}}]);
		globalThis.op = toloka.openPoolAsync(pool.id);`)
	if err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(50 * time.Millisecond); rt.Interrupt("Ctrl-C") }()
	start := time.Now()
	_, err = rt.RunString(context.Background(), `while (true) { toloka.getRequester() }`)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("interrupt during calls: %v after %v", err, time.Since(start))
	}
	if _, err := rt.RunString(context.Background(), `toloka.getRequester().id`); err != nil {
		t.Fatalf("usable after the interrupt: %v", err)
	}
}

func TestScriptErrorsCarryTheStack(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "lib.js"), []byte("module.exports = { boom() {\n  throw new Error('kaboom');\n} };\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.js"), []byte("const lib = require('./lib.js');\nconsole.log('args', process.argv.slice(2).join(','));\nlib.boom();\n"), 0o644)
	rt, out := newRuntime(t, runtime.Options{})
	err := rt.RunFile(context.Background(), filepath.Join(dir, "main.js"), []string{"a", "b"})
	if err == nil || !strings.Contains(err.Error(), "kaboom") || !strings.Contains(err.Error(), "lib.js:2:") {
		t.Fatalf("want the message and lib.js:2:col, got %v", err)
	}
	if !strings.Contains(out.String(), "args a,b") {
		t.Errorf("script args: %q", out.String())
	}
}

func TestExitCodes(t *testing.T) {
	rt, out := newRuntime(t, runtime.Options{})
	_, err := rt.RunString(context.Background(), `console.log('before'); process.exit(3); console.log('after')`)
	var ee *runtime.ExitError
	if !errors.As(err, &ee) || ee.Code != 3 || strings.Contains(out.String(), "after") {
		t.Fatalf("process.exit(3): %v, output %q", err, out.String())
	}
	if _, err := rt.RunString(context.Background(), `process.exit(0)`); err != nil {
		t.Errorf("process.exit(0) is a clean end: %v", err)
	}
}

func TestTimersPromisesAndAwait(t *testing.T) {
	rt, out := newRuntime(t, runtime.Options{})
	_, err := rt.RunString(context.Background(), `
		setTimeout(() => console.log('timer'), 10);
		(async () => { const r = await Promise.resolve(toloka.getRequester()); console.log('awaited', typeof r.id); })();`)
	if err != nil || !strings.Contains(out.String(), "awaited string") || !strings.Contains(out.String(), "timer") {
		t.Fatalf("%v %q", err, out.String())
	}
}

func TestUntrustedAndDisabledModules(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{Untrusted: true, TimeLimit: 200 * time.Millisecond})
	for src, want := range map[string]string{
		`require('fs')`:                   `module "fs" is switched off`,
		`require('./secret.js')`:          "loading files is switched off",
		`while (true) {}`:                 "time limit exceeded",
		`Object.keys(process.env).length`: "",
	} {
		v, err := rt.RunString(context.Background(), src)
		switch {
		case want == "" && (err != nil || v.ToInteger() != 0):
			t.Errorf("%s: untrusted scripts see no environment: %v %v", src, v, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: want %q, got %v", src, want, err)
		}
	}
}

func TestInspect(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	for src, want := range map[string]string{
		`({id: '1', n: 2, ok: true, none: null, list: [1, 'a'], nested: {deep: {deeper: {x: 1}}}})`: `  nested: { deep: { deeper: [Object] } }`,
		`({n: {a: {b: {c: {d: 1}}}}})`: `{ n: { a: { b: [Object] } } }`,
		`toloka`:                       "toloka.Client{url:",
		`toloka.getPools()`:            "LazyIterator",
		`'plain string'`:               "plain string",
		`(() => { const a = {}; a.self = a; return a })()`: "<ref *1> { self: [Circular *1] }",
	} {
		v, err := rt.RunString(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		if got := rt.Inspect(v, runtime.InspectOptions{}); !strings.Contains(got, want) {
			t.Errorf("%s\n got %s\nwant %s", src, got, want)
		}
	}
	v, _ := rt.RunString(context.Background(), `({s: 'x', n: 1})`)
	if got := rt.Inspect(v, runtime.InspectOptions{Colors: true}); !strings.Contains(got, "\x1b[") {
		t.Errorf("colors: %q", got)
	}
}

var _ = goja.Undefined
var _ = bytes.MinRead

// TestLazyGlobals: Buffer, URL and URLSearchParams are built on first use but
// behave as if they had been there from the start.
func TestLazyGlobals(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	v, err := rt.RunString(context.Background(), `
		const names = Object.getOwnPropertyNames(globalThis)
		const before = ['Buffer', 'URL', 'URLSearchParams'].every(n => names.includes(n))
		const b = Buffer.from('hé').toString('base64')
		const u = new URL('https://toloka.ai/a?b=1').searchParams.get('b')
		const q = new URLSearchParams('x=2').get('x')
		const d = Object.getOwnPropertyDescriptor(globalThis, 'Buffer')
		const plain = 'value' in d && d.writable && !('get' in d)
		URL = 'mine'
		;[before, b, u, q, plain, URL, typeof URLSearchParams].join(' ')`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), "true aMOp 1 2 true mine function"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
