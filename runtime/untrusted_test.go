package runtime_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/runtime"
)

// hostCapabilities is every way a script could reach the host that tolokash
// offers: modules, file functions of the stdlib, environment, downloads to a
// path, and clients pointed at another server. {dir} is a fresh directory and
// {file} an existing file in it.
var hostCapabilities = []struct {
	name, src string
	trusted   bool // works in a trusted runtime (shown there, so the entry is not stale)
}{
	{"require fs", `require('fs')`, true},
	{"require child_process", `require('child_process')`, false},
	{"require os", `require('os')`, false},
	{"require net", `require('net')`, false},
	{"require http", `require('http')`, false},
	{"require csv (reads and writes files)", `require('csv')`, true},
	{"require a file", `require('{dir}/mod.js')`, true},
	{"require from the module roots", `require('mod.js')`, true},
	{"require from node_modules", `require('leftpad')`, false},
	{"compress.compressFile", `require('compress').compressFile('{file}', '{dir}/out.gz')`, true},
	{"DataFrame.readCSV", `DataFrame.readCSV('{file}')`, true},
	{"DataFrame.readTSV", `DataFrame.readTSV('{file}')`, true},
	{"DataFrame.toCSV(path)", `DataFrame.fromRecords([{a: 1}]).toCSV('{dir}/out.csv')`, true},
	{"DataFrame.toTSV(path)", `DataFrame.fromRecords([{a: 1}]).toTSV('{dir}/out.tsv')`, true},
	{"DataFrame.toJSON(path)", `DataFrame.fromRecords([{a: 1}]).toJSON('{dir}/out.json')`, true},
	{"toloka.downloadAttachment to a path", `toloka.downloadAttachment(ATTACHMENT, '{dir}/att.txt')`, true},
	{"toloka.download_attachment to a path", `toloka.download_attachment(ATTACHMENT, '{dir}/att2.txt')`, true},
	{"toloka.async.downloadAttachment to a path", `toloka.async.downloadAttachment(ATTACHMENT, '{dir}/att3.txt')`, true},
	{"a pipeline's JSONLocalStorage", `(() => { const s = require('toloka/streaming');
		const pipeline = new s.Pipeline({period: 10, storage: new s.JSONLocalStorage('{dir}/state')});
		pipeline.register(new s.PoolStatusObserver(toloka, toloka.findPools({}).items[0].id)); return pipeline.run(); })()`, true},
	{"toloka.withOptions url (the token would go there)", `toloka.withOptions({url: 'https://collector.example'})`, true},
	{"toloka.withOptions env", `toloka.withOptions({env: 'production'})`, true},
	{"new TolokaClient", `new TolokaClient({token: 't', url: 'https://collector.example'})`, true},
}

// TestUntrustedRuntimeAudit: in a runtime built with Untrusted, every host
// capability fails from inside JS with an error saying it is switched off;
// nothing is written; the environment is empty; the harmless parts (compress
// on bytes, DataFrame in memory, downloads as bytes) still work. The same
// capabilities are first shown to work in a trusted runtime, so the list
// cannot go stale: a capability that no longer exists fails the test.
func TestUntrustedRuntimeAudit(t *testing.T) {
	t.Setenv("TOLOKASH_AUDIT_SECRET", "s3cr3t-env-value")
	ctx := context.Background()
	for _, untrusted := range []bool{false, true} {
		dir := t.TempDir()
		file := filepath.Join(dir, "in.csv")
		os.WriteFile(file, []byte("a,b\n1,2\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "mod.js"), []byte("module.exports = 42;\n"), 0o644)
		rt, _ := newRuntime(t, runtime.Options{Untrusted: untrusted, ModuleRoots: []string{dir}})
		// An attachment to download: a file-output task, submitted by a simulated Toloker.
		_, err := rt.RunString(ctx, `
			const p = toloka.createProject({public_name: 'audit', task_spec: {input_spec: {n: {type: 'integer'}}, output_spec: {f: {type: 'file'}}}});
			const pool = toloka.createPool({project_id: p.id, private_name: 'a', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
				reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}});
			toloka.createTasks([{pool_id: pool.id, overlap: 1, input_values: {n: 1}}]);
			toloka.openPool(pool.id);
			let found = [];
			for (let i = 0; i < 1000 && found.length === 0; i++) { sleep(5); found = toloka.findAttachments({pool_id: pool.id}).items; }
			if (found.length === 0) throw new Error('no attachment appeared');
			globalThis.ATTACHMENT = found[0].id;`)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range hostCapabilities {
			src := strings.NewReplacer("{dir}", dir, "{file}", file).Replace(c.src)
			_, err := rt.RunString(ctx, src)
			switch {
			case !untrusted && c.trusted && err != nil:
				t.Errorf("trusted runtime: %s should work (else the audit tests nothing): %v", c.name, err)
			case untrusted && err == nil:
				t.Errorf("untrusted runtime: %s works; it must be switched off", c.name)
			case untrusted && !strings.Contains(err.Error(), "switched off"):
				t.Errorf("untrusted runtime: %s fails without saying it is switched off: %v", c.name, err)
			}
		}
		written, _ := filepath.Glob(filepath.Join(dir, "*"))
		if untrusted && len(written) != 2 {
			t.Errorf("untrusted runtime wrote files: %v", written)
		} else if !untrusted && len(written) < 2+6 {
			t.Errorf("trusted runtime: the file capabilities wrote only %v", written)
		}
		v, err := rt.RunString(ctx, `[Object.keys(env).length, Object.keys(process.env).length, typeof env.TOLOKASH_AUDIT_SECRET,
			JSON.stringify(env).includes('s3cr3t') || JSON.stringify(process.env).includes('s3cr3t')].join()`)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.String(); untrusted && got != "0,0,undefined,false" {
			t.Errorf("untrusted runtime sees the environment: %s", got)
		} else if !untrusted && !strings.HasSuffix(got, "string,true") {
			t.Errorf("trusted runtime should see the environment: %s", got)
		}
		// What stays: bytes in, bytes out; frames in memory; downloads as bytes.
		v, err = rt.RunString(ctx, `
			const z = require('compress');
			const back = z.gunzip(z.gzip('hello')).toString();
			const csv = DataFrame.fromRecords([{a: 1}, {a: 2}]).toCSV();
			const bytes = toloka.downloadAttachment(ATTACHMENT);
			[back, csv.trim().split('\n').length, (bytes.byteLength || bytes.length) > 0].join()`)
		if err != nil || v.String() != "hello,3,true" {
			t.Errorf("untrusted=%v: in-memory capabilities must work: %v %v", untrusted, v, err)
		}
	}
}

// TestTimeLimitStopsRunawayScripts: a TimeLimit ends a busy loop, a runaway
// promise chain, an await loop, a timer that reschedules itself, an interval
// and a long sleep, each with an error naming the limit, and the runtime
// works afterwards (a timer in the next run still fires).
func TestTimeLimitStopsRunawayScripts(t *testing.T) {
	const limit = 200 * time.Millisecond
	for name, src := range map[string]string{
		"busy loop":         `while (true) {}`,
		"promise loop":      `function f() { return Promise.resolve().then(f) } f(); 1`,
		"await loop":        `(async () => { for (;;) await null })(); 1`,
		"timeout loop":      `function g() { setTimeout(g, 0) } g(); 1`,
		"interval":          `setInterval(() => {}, 1); 1`,
		"busy interval":     `setInterval(() => { for (let i = 0; i < 1e5; i++); }, 0); 1`,
		"immediate loop":    `function h() { setImmediate(h) } h(); 1`,
		"sleep":             `sleep(60000)`,
		"API calls in loop": `while (true) toloka.getRequester()`,
	} {
		// A runtime each: goja stops running promise jobs in a VM whose await
		// loop was interrupted, which would make the cases depend on their order.
		rt, out := newRuntime(t, runtime.Options{Untrusted: true, TimeLimit: limit})
		start := time.Now()
		_, err := rt.RunString(context.Background(), src)
		took := time.Since(start)
		var se *runtime.ScriptError
		if !errors.As(err, &se) || !se.Interrupt || !strings.Contains(err.Error(), "time limit exceeded") ||
			!strings.Contains(err.Error(), limit.String()) {
			t.Errorf("%s: want an interrupt naming the %v limit, got %v", name, limit, err)
		}
		if took < limit || took > limit+5*time.Second {
			t.Errorf("%s: stopped after %v, want about %v", name, took, limit)
		}
		out.Reset()
		v, err := rt.RunString(context.Background(), `setTimeout(() => console.log('after'), 5); 6 * 7`)
		if err != nil || v.ToInteger() != 42 || !strings.Contains(out.String(), "after") {
			t.Fatalf("%s: the runtime must work afterwards: %v %v %q", name, v, err, out.String())
		}
	}
}

// TestTimerErrorsEndTheRun: an exception thrown in a timer callback ends the
// run with that error (as an uncaught exception ends a Node process) instead
// of vanishing, and stops the other timers; process.exit in a timer ends the
// run with its code.
func TestTimerErrorsEndTheRun(t *testing.T) {
	rt, out := newRuntime(t, runtime.Options{})
	_, err := rt.RunString(context.Background(), `
		setInterval(() => console.log('tick'), 1);
		setTimeout(() => { throw new Error('boom in a timer') }, 20);
		setTimeout(() => console.log('never'), 2000);`)
	if err == nil || !strings.Contains(err.Error(), "boom in a timer") {
		t.Fatalf("want the timer's exception, got %v", err)
	}
	if strings.Contains(out.String(), "never") {
		t.Errorf("timers ran on after the exception: %q", out.String())
	}
	_, err = rt.RunString(context.Background(), `setTimeout(() => process.exit(4), 1); setInterval(() => {}, 1)`)
	var ee *runtime.ExitError
	if !errors.As(err, &ee) || ee.Code != 4 {
		t.Fatalf("process.exit(4) in a timer: %v", err)
	}
	if _, err := rt.RunString(context.Background(), `setTimeout(() => process.exit(0), 1); setInterval(() => {}, 1)`); err != nil {
		t.Fatalf("process.exit(0) in a timer is a clean end: %v", err)
	}
}
