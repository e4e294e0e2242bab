package runtime_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	goruntime "runtime"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/runtime"
)

// hostileScripts are the attacks of issue 21 on an Untrusted runtime, each
// with the bound it must now meet: the run ends within `within` with an
// error containing `want`, and the test process (the embedding program)
// lives on.
var hostileScripts = []struct {
	name, src string
	limit     time.Duration // the run's TimeLimit; 0 for none
	memory    int64         // the run's MemoryLimit; 0 for the default (512 MiB)
	want      string        // in the error; alternatives are separated by |
	within    time.Duration
}{
	{"64 × 256 MiB typed arrays", `const a=[]; for(let i=0;i<64;i++) a.push(new Uint8Array(2**28).fill(1))`, 0, 0,
		"memory limit exceeded", 20 * time.Second},
	{"ArrayBuffer of 4 GiB", `new ArrayBuffer(2**32)`, 0, 0, "memory limit exceeded", 5 * time.Second},
	{"Float64Array from an array-like of 2³¹", `new Float64Array({length: 2**31})`, 0, 0, "memory limit exceeded", 5 * time.Second},
	{"'x'.repeat(2**30)", `'x'.repeat(2**30)`, 0, 0, "memory limit exceeded", 5 * time.Second},
	{"padEnd(2**30)", `'x'.padEnd(2**30, 'y')`, 0, 0, "memory limit exceeded", 5 * time.Second},
	{"new Array(1e8).fill(0)", `new Array(1e8).fill(0)`, 0, 0, "memory limit exceeded", 5 * time.Second},
	{"Array.from({length: 1e9})", `Array.from({length: 1e9})`, 0, 0, "memory limit exceeded", 5 * time.Second},
	{"join of long strings", `Array(1e6).fill('x'.repeat(1000)).join('')`, 0, 64 << 20, "memory limit exceeded", 5 * time.Second},
	{"$` replacement (quadratic)", "'x'.repeat(1e6).replace(/x/g, '$`')", 0, 0, "memory limit exceeded", 5 * time.Second},
	{"split('') of 10M characters", `'x'.repeat(1e7).split('')`, 0, 64 << 20, "memory limit exceeded", 5 * time.Second},
	{"JSON.parse of 10M empty objects", `JSON.parse('[' + '{},'.repeat(1e7) + '{}]')`, 0, 64 << 20, "memory limit exceeded", 5 * time.Second},
	{"Buffer.alloc(2**31)", `Buffer.alloc(2**31)`, 0, 0, "memory limit exceeded", 5 * time.Second},
	{"require('buffer').Buffer.from({length: 2**30})", `require('buffer').Buffer.from({length: 2**30})`, 0, 0,
		"memory limit exceeded", 5 * time.Second},
	{"gunzip bomb", `require('compress').gunzip(bomb).length`, 0, 64 << 20, "memory limit exceeded", 10 * time.Second},
	{"objects in a loop (the watchdog)", `const a = []; for (let i = 0; ; i++) a.push({i, s: 'item ' + i})`, 0, 64 << 20,
		"memory limit exceeded", 20 * time.Second},
	{"strings in a loop (the watchdog)", `let s = 'x'; const keep = []; for (;;) { s = s + s.slice(0, 1000) + '!'; keep.push(s) }`, 0, 64 << 20,
		"memory limit exceeded", 20 * time.Second},
	{"catastrophic regex", `/^(?=a)(a+)+$/.test('a'.repeat(32) + '!')`, 2 * time.Second, 0, "", 4 * time.Second},
	{"catastrophic regex in a loop", `for (;;) /^(?=a)(a+)+$/.test('a'.repeat(21) + '!')`, 2 * time.Second, 0,
		"time limit exceeded|regular expression", 4 * time.Second},
	{"catastrophic regex over many lines", `('a'.repeat(25) + '!\n').repeat(200).replace(/^(?=a)(a+)+$/gm, 'x')`, 2 * time.Second, 0,
		"regular expression", 4 * time.Second},
	{"a catastrophic match per line", `('a'.repeat(19) + '!\nb\n').repeat(500).replace(/^(?=a)(a+)+$|^b$/gm, 'x')`, 2 * time.Second, 0,
		"time limit exceeded|regular expression", 4 * time.Second},
	{"catastrophic split", `('a'.repeat(15) + ',').repeat(2000).split(/(?=a)(a+)+!/)`, 2 * time.Second, 0,
		"regular expression", 4 * time.Second},
	{"recursion through map", `function g(){return [0].map(g)} g()`, 250 * time.Millisecond, 0,
		"Maximum call stack size exceeded|time limit exceeded", 5 * time.Second},
	{"recursion through a getter", `const o = {get x() { return o.x }}; o.x`, 250 * time.Millisecond, 0,
		"Maximum call stack size exceeded|time limit exceeded", 5 * time.Second},
	{"plain recursion", `function f(){return f()} f()`, 0, 0, "Maximum call stack size exceeded", 5 * time.Second},
	{"indexOf over 2³² holes", `new Array(2**32-1).indexOf(1)`, 2 * time.Second, 0, "memory limit exceeded", 4 * time.Second},
	{"indexOf over an array-like of 2⁴⁰", `Array.prototype.indexOf.call({length: 2**40}, 1)`, 2 * time.Second, 0,
		"memory limit exceeded", 4 * time.Second},
	{"spread of 1e8 holes", `[...new Array(1e8)].length`, 2 * time.Second, 0, "memory limit exceeded", 4 * time.Second},
	{"sort of 2³¹ holes", `new Array(2**31).sort()`, 2 * time.Second, 0, "memory limit exceeded", 4 * time.Second},
}

// TestHostileScriptsAreBounded runs every hostile script in an Untrusted
// runtime of its own and checks its bound; a later run in the same runtime
// still works. {bomb} is 128 MiB of zeros gzipped. The bounds hold on an idle machine; a second is allowed on
// top of each for a machine the tests share with other work.
func TestHostileScriptsAreBounded(t *testing.T) {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 128; i++ {
		zw.Write(zeros)
	}
	zw.Close()
	for _, c := range hostileScripts {
		t.Run(c.name, func(t *testing.T) {
			memory := c.memory
			if raceEnabled && memory == 0 && strings.Contains(c.src, ".fill(1)") {
				// Filling 2 × 256 MiB byte by byte takes a minute under the
				// race detector: a smaller budget stops the script sooner.
				memory = 64 << 20
			}
			rt, err := runtime.New(runtime.Options{Untrusted: true, TimeLimit: c.limit, MemoryLimit: memory, Stdout: io.Discard})
			if err != nil {
				t.Fatal(err)
			}
			rt.Set("bomb", rt.VM().NewArrayBuffer(bomb.Bytes()))
			start := time.Now()
			_, err = rt.RunString(context.Background(), c.src)
			took := time.Since(start)
			switch {
			case err == nil:
				t.Errorf("ran to its end in %v; want an error", took)
			case !containsAny(err.Error(), c.want):
				t.Errorf("want an error containing %q, got %v", c.want, firstLineOf(err))
			case took > c.within+slack(c.limit):
				t.Errorf("ended after %v, more than its bound %v: %v", took, c.within, firstLineOf(err))
			}
			t.Logf("%v: %v", took.Round(time.Millisecond), firstLineOf(err))
			if v, err := rt.RunString(context.Background(), `6 * 7`); err != nil || v.ToInteger() != 42 {
				t.Errorf("the runtime must work afterwards: %v %v", v, err)
			}
		})
	}
}

// slack is the time allowed beyond a bound for a machine shared with other
// work; under the race detector, the CPU-bound cases (no time limit) get more.
func slack(limit time.Duration) time.Duration {
	switch {
	case raceEnabled && limit == 0:
		return 60 * time.Second
	case raceEnabled:
		return 2 * time.Second
	}
	return time.Second
}

func containsAny(s, alternatives string) bool {
	for _, a := range strings.Split(alternatives, "|") {
		if strings.Contains(s, a) {
			return true
		}
	}
	return false
}

func firstLineOf(err error) string {
	if err == nil {
		return "<nil>"
	}
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// TestMemoryLimitErrorIsTyped: a run stopped by the watchdog matches
// *runtime.MemoryLimitError with errors.As, a guard's refusal is a
// RangeError a script may catch (nothing was allocated).
func TestMemoryLimitErrorIsTyped(t *testing.T) {
	rt, err := runtime.New(runtime.Options{Untrusted: true, MemoryLimit: 32 << 20, Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	_, err = rt.RunString(context.Background(), `const a = []; for (;;) a.push([1, 2, 3])`)
	var me *runtime.MemoryLimitError
	var se *runtime.ScriptError
	if !errors.As(err, &me) || !errors.As(err, &se) || !se.Interrupt || me.Limit != 32<<20 {
		t.Errorf("want an interrupt carrying a *MemoryLimitError, got %v", err)
	}
	v, err := rt.RunString(context.Background(), `try { new Uint8Array(2**30); 'allocated' } catch (e) { e.name + ': ' + e.message }`)
	if err != nil || !strings.HasPrefix(v.String(), "RangeError: memory limit exceeded: new Uint8Array(1073741824) needs 1024 MiB") {
		t.Errorf("a guard's refusal is a RangeError: %v %v", v, err)
	}
}

// TestTrustedRuntimeHasAStackLimit: a trusted run's runaway recursion is a
// RangeError too (it ran for minutes and took gigabytes).
func TestTrustedRuntimeHasAStackLimit(t *testing.T) {
	rt, err := runtime.New(runtime.Options{Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = rt.RunString(context.Background(), `function f(){return f()} f()`)
	if err == nil || !strings.Contains(err.Error(), "RangeError: Maximum call stack size exceeded") || time.Since(start) > 5*time.Second {
		t.Errorf("want a RangeError at once, got %v after %v", firstLineOf(err), time.Since(start))
	}
	v, err := rt.RunString(context.Background(), `function d(n){return n ? 1 + d(n-1) : 0} d(4000)`)
	if err != nil || v.ToInteger() != 4000 {
		t.Errorf("4,000 frames are allowed: %v %v", v, err)
	}
}

// TestRegexpTimeoutIsAnError: a backtracking match stopped at its limit is a
// RangeError naming the pattern, in a trusted runtime as well, not a silent
// "no match"; a fast backtracking pattern and a linear one still match.
func TestRegexpTimeoutIsAnError(t *testing.T) {
	rt, err := runtime.New(runtime.Options{Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		`/^(?=a)(a+)+$/.test('a'.repeat(40) + '!')`,
		`const re = /^(?=a)(a+)+$/; 'a'.match(re); re.exec('a'.repeat(40) + '!')`,
		`('a'.repeat(40) + '!').match(/^(?=a)(a+)+$/)`,
		`('a'.repeat(40) + '!').replace(/^(?=a)(a+)+$/g, 'x')`,
	} {
		start := time.Now()
		_, err := rt.RunString(context.Background(), src)
		if err == nil || !strings.Contains(err.Error(), "RangeError: regular expression /^(?=a)(a+)+$/") || time.Since(start) > 4*time.Second {
			t.Errorf("%s: want a RangeError naming the pattern within 2× RegexpMatchLimit, got %v after %v", src, firstLineOf(err), time.Since(start))
		}
	}
	// exec on RegExp.prototype is left alone (goja would slow every pattern
	// down): a pattern no other method has seen returns null when stopped.
	start := time.Now()
	if v, err := rt.RunString(context.Background(), `/^(?=a)(a+)+$/.exec('a'.repeat(40) + '!')`); time.Since(start) > 4*time.Second ||
		err != nil && !strings.Contains(err.Error(), "RangeError") || err == nil && !goja.IsNull(v) {
		t.Errorf("a direct exec must end at the limit: %v %v after %v", v, err, time.Since(start))
	}
	v, err := rt.RunString(context.Background(), `[
		/(\w+)(?=!)/.exec('hi there!')[1], 'a-b-c'.split(/(?=-)/).join('|'), 'x1y22'.replace(/(\d)\1?/g, '<$&>'),
		[...'a1b2'.matchAll(/(?<=[a-z])\d/g)].map(m => m[0]).join(), 'abc'.search(/(?=c)/), /^a+$/.test('aaa')].join(' ')`)
	if err != nil || v.String() != "there a|-b|-c x<1>y<22> 1,2 2 true" {
		t.Errorf("regular expressions must still work: %v %v", v, err)
	}
}

// TestUntrustedValuesAreDetached: what an Untrusted run returns or throws is
// exported before the run ends: using it afterwards runs none of the
// script's code (a toString that loops for ever hung the caller).
func TestUntrustedValuesAreDetached(t *testing.T) {
	rt, err := runtime.New(runtime.Options{Untrusted: true, TimeLimit: time.Second, Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	v, err := rt.RunString(context.Background(), `({n: 1, list: [1, 'two', {three: 3}], f() {}, toString() { for (;;); },
		get slow() { return 'read in the run' }})`)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	go func() { done <- v.String() + " " + jsonOf(v.Export().(*runtime.Detached).Value) }()
	select {
	case got := <-done:
		if !strings.Contains(got, `"slow":"read in the run"`) || !strings.Contains(got, `"list":[1,"two",{"three":3}]`) {
			t.Errorf("the export: %s", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("v.String() ran the script's toString outside the run")
	}

	_, err = rt.RunString(context.Background(), `throw {toString() { for (;;); }, code: 7}`)
	go func() {
		var se *runtime.ScriptError
		errors.As(err, &se)
		done <- err.Error() + " " + se.Value.String() + " " + jsonOf(se.Value.Export().(*runtime.Detached).Value) + " " + errorsChain(err)
	}()
	select {
	case got := <-done:
		if !strings.Contains(got, `"code":7`) {
			t.Errorf("the thrown value: %s", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the thrown value ran the script's toString outside the run")
	}

	// A cyclic value comes back without the cycle.
	v, err = rt.RunString(context.Background(), `const a = {name: 'a'}; a.self = a; a`)
	if err != nil || jsonOf(v.Export().(*runtime.Detached).Value) != `{"name":"a","self":"[Circular]"}` {
		t.Errorf("a cycle: %v %v", v, err)
	}
}

func errorsChain(err error) string {
	var b strings.Builder
	for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
		b.WriteString(e.Error())
	}
	return b.String()
}

// TestRunGivenUpOnAtItsDeadline: a built-in that ignores interrupts (here
// one of the embedder's, sleeping) cannot hold the caller past the deadline
// and StopGrace; the runtime refuses runs until it ends, then works again.
func TestRunGivenUpOnAtItsDeadline(t *testing.T) {
	rt, err := runtime.New(runtime.Options{Untrusted: true, TimeLimit: 100 * time.Millisecond, Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	rt.Set("stuck", func() { <-release })
	start := time.Now()
	_, err = rt.RunString(context.Background(), `stuck()`)
	if err == nil || !strings.Contains(err.Error(), "time limit exceeded") || !strings.Contains(err.Error(), "given up on") ||
		time.Since(start) > 100*time.Millisecond+runtime.StopGrace+2*time.Second {
		t.Errorf("want the run given up on after the grace, got %v after %v", firstLineOf(err), time.Since(start))
	}
	if _, err := rt.RunString(context.Background(), `1`); !errors.Is(err, runtime.ErrBusy) {
		t.Errorf("while the built-in still runs, runs must be refused: %v", err)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		v, err := rt.RunString(context.Background(), `6 * 7`)
		if err == nil && v.ToInteger() == 42 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the runtime did not come back: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// TestPoolGivesEachScriptAFreshRuntime: what one script leaves in its
// globals or prototypes the next does not see.
func TestPoolGivesEachScriptAFreshRuntime(t *testing.T) {
	p := runtime.NewPool(func() (*runtime.Runtime, error) {
		return runtime.New(runtime.Options{Untrusted: true, Stdout: io.Discard})
	}, 2)
	defer p.Close()
	if _, err := p.RunString(context.Background(), `globalThis.leak = 'secret'; Object.prototype.polluted = 1; Array.prototype.push = null`); err != nil {
		t.Fatal(err)
	}
	v, err := p.RunString(context.Background(), `[typeof leak, ({}).polluted, typeof [].push].join()`)
	if err != nil || v.String() != "undefined,,function" {
		t.Errorf("the second script saw the first one's state: %v %v", v, err)
	}
	p.Close()
	if _, err := p.RunString(context.Background(), `1`); !errors.Is(err, runtime.ErrClosed) {
		t.Errorf("a closed pool: %v", err)
	}
}

// TestWithOptionsInALoopLeaksNothing: toloka.withOptions with a new timeout
// each time shares the client's connections (3,000 calls left 9,007
// goroutines); a timeout that overflows a duration is refused.
func TestWithOptionsInALoopLeaksNothing(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	if _, err := rt.RunString(context.Background(), `toloka.getRequester()`); err != nil {
		t.Fatal(err)
	}
	before := goruntime.NumGoroutine()
	if _, err := rt.RunString(context.Background(), `for (let i = 0; i < 300; i++) toloka.withOptions({timeout: 1000 + i}).getRequester()`); err != nil {
		t.Fatal(err)
	}
	if after := goruntime.NumGoroutine(); after > before+20 {
		t.Errorf("300 withOptions calls left %d goroutines", after-before)
	}
	for _, src := range []string{`toloka.withOptions({timeout: 1e300})`, `toloka.withOptions({timeout: -5})`, `toloka.withOptions({timeout: '-1s'})`} {
		if _, err := rt.RunString(context.Background(), src); err == nil || !strings.Contains(err.Error(), "TypeError") {
			t.Errorf("%s: want a TypeError, got %v", src, err)
		}
	}
}
