package loop_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/runtime/loop"
)

func newLoop(t *testing.T) (*goja.Runtime, *loop.Loop, *[]string) {
	t.Helper()
	vm := goja.New()
	l := loop.New(vm)
	l.Install()
	var log []string
	vm.Set("log", func(s string) { log = append(log, s) })
	return vm, l, &log
}

func TestTimersRunInOrderAndTheLoopEndsWhenIdle(t *testing.T) {
	vm, l, log := newLoop(t)
	_, err := vm.RunString(`
		setTimeout(() => log('t20'), 20);
		setTimeout(() => log('t5a'), 5);
		setTimeout(() => log('t5b'), 5);
		setImmediate(() => log('immediate'));
		Promise.resolve().then(() => log('micro'));
		queueMicrotask(() => log('queued micro'));
		let n = 0; const iv = setInterval(() => { log('iv' + n); if (++n === 3) clearInterval(iv) }, 1);
		const gone = setTimeout(() => log('cleared'), 1); clearTimeout(gone);
		const byNumber = setTimeout(() => log('cleared by number'), 1); clearTimeout(+byNumber);
		setTimeout(() => log('unref never runs'), 10000).unref();`)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(*log, " ")
	if !strings.HasPrefix(got, "micro queued micro immediate") || !strings.Contains(got, "t5a t5b") ||
		!strings.HasSuffix(got, "t20") || strings.Count(got, "iv") != 3 || strings.Contains(got, "cleared") || strings.Contains(got, "unref") {
		t.Errorf("order: %s", got)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("an unref'd timer kept the loop alive")
	}
}

func TestAHoldKeepsTheLoopAliveAndResultsComeBackOnTheLoop(t *testing.T) {
	vm, l, log := newLoop(t)
	// Go work on another goroutine resolves a promise through Done.
	p, resolve, _ := vm.NewPromise()
	vm.Set("p", p)
	h := l.Hold()
	go func() {
		time.Sleep(20 * time.Millisecond)
		h.Done(func(vm *goja.Runtime) { resolve("from Go") })
		h.Done(func(vm *goja.Runtime) { resolve("twice") }) // only the first counts
	}()
	if _, err := vm.RunString(`p.then(v => log(v))`); err != nil {
		t.Fatal(err)
	}
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Join(*log, ",") != "from Go" {
		t.Errorf("log %q", *log)
	}
	if l.Alive() {
		t.Error("still alive")
	}
}

func TestResetDropsTimersHoldsAndCancelsWork(t *testing.T) {
	vm, l, log := newLoop(t)
	vm.RunString(`setInterval(() => log('tick'), 1)`)
	h := l.Hold()
	ctx := l.Context()
	ran := make(chan bool, 1)
	go func() {
		<-ctx.Done() // the work sees the interrupt
		h.Done(func(*goja.Runtime) { ran <- true })
	}()
	run, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := l.Run(run); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("an interval runs until the context ends: %v", err)
	}
	ticks := len(*log)
	l.Reset()
	if err := l.Run(context.Background()); err != nil || l.Alive() {
		t.Fatalf("after Reset nothing is left: %v", err)
	}
	time.Sleep(10 * time.Millisecond)
	l.RunReady(nil)
	if len(*log) != ticks || ticks == 0 {
		t.Errorf("ticks %d then %d", ticks, len(*log))
	}
	select {
	case <-ran:
		t.Error("a hold of before the reset ran its callback")
	default:
	}
	// Timers of before the reset can still be cleared and refreshed: no-ops.
	vm.RunString(`const t1 = setTimeout(() => log('never'), 5000)`)
	l.Reset()
	if _, err := vm.RunString(`clearTimeout(t1); t1.refresh(); t1.unref(); t1.hasRef()`); err != nil {
		t.Fatalf("a timer of before the reset: %v", err)
	}
}

func TestRunReadyReportsEachErrorAndGoesOn(t *testing.T) {
	vm, l, log := newLoop(t)
	vm.Set("boom", func() { var m map[string]int; m["x"]++ })
	vm.RunString(`setImmediate(() => { throw new Error('first') }); setImmediate(() => boom()); setImmediate(() => log('third'))`)
	var errs []string
	l.RunReady(func(err error) { errs = append(errs, err.Error()) })
	if len(errs) != 2 || !strings.Contains(errs[0], "first") || !strings.Contains(errs[1], "Go panic") || len(*log) != 1 {
		t.Errorf("errors %q, log %q", errs, *log)
	}
	// A script's run stops at the first one.
	vm.RunString(`setImmediate(() => { throw new Error('stop') }); setImmediate(() => log('never'))`)
	if err := l.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "stop") {
		t.Errorf("Run: %v", err)
	}
}

func TestWaitEndsWhenNothingCouldSettleIt(t *testing.T) {
	vm, l, _ := newLoop(t)
	v, _ := vm.RunString(`new Promise(r => setTimeout(() => r(7), 5))`)
	p := v.Export().(*goja.Promise)
	ok, err := l.Wait(context.Background(), func() bool { return p.State() != goja.PromiseStatePending }, nil)
	if !ok || err != nil || p.Result().ToInteger() != 7 {
		t.Fatalf("%v %v %v", ok, err, p.Result())
	}
	v, _ = vm.RunString(`new Promise(() => {})`)
	p = v.Export().(*goja.Promise)
	if ok, err := l.Wait(context.Background(), func() bool { return p.State() != goja.PromiseStatePending }, nil); ok || err != nil {
		t.Fatalf("a promise nothing can settle: %v %v", ok, err)
	}
}
