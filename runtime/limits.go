package runtime

import (
	"fmt"
	"math"
	goruntime "runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
)

// The bounds of a run. goja has no memory accounting of its own and runs
// its built-ins (Array.prototype.map, a regular expression, a typed array's
// allocation) without looking at interrupts, so the bounds are made of
// several parts, each for what the others cannot see:
//
//   - a memory budget per run: a watchdog samples the Go heap every few
//     milliseconds and interrupts the run when it has grown by more than the
//     budget since the run began (memoryWatch), and the built-ins that can
//     make a lot from a little (typed arrays, Buffer, String.prototype.repeat,
//     padStart, Array.prototype.fill and join, decompression, DataFrame
//     reads and joins) ask the budget before they allocate (guards.go);
//   - the call stack's depth (goja's SetMaxCallStackSize);
//   - a time limit per match for regular expressions that need backtracking
//     (regexp.go);
//   - array methods refuse lengths no array within the budget can have, so
//     a native loop over a sparse array of 2³² holes cannot run for hours;
//   - a run whose native operation ignores the interrupt is given up on at
//     its deadline and the caller gets its error on time (abandon.go);
//   - for what in-process bounds cannot promise, RunIsolated runs the script
//     in a child process under an address-space limit (isolate.go).

const (
	// DefaultUntrustedMemory is an Untrusted runtime's memory budget per run
	// when Options.MemoryLimit is 0.
	DefaultUntrustedMemory = 512 << 20
	// DefaultMaxCallStackSize is the deepest call stack of a trusted run;
	// deeper is a RangeError. Node allows about 11,000 frames.
	DefaultMaxCallStackSize = 5000
	// DefaultUntrustedCallStackSize is an Untrusted runtime's. It is lower
	// because unwinding a stack that runs through built-ins ([0].map(f)
	// inside f) costs time quadratic in its depth in goja: 1,000 frames
	// unwind in about 0.1 s, 5,000 in about 1 s.
	DefaultUntrustedCallStackSize = 1000
	// memorySample is how often the watchdog reads the heap's size.
	memorySample = 2 * time.Millisecond
	// forcedGCEvery spaces the collections the budget forces to tell live
	// memory from garbage once the heap looks over the budget.
	forcedGCEvery = 10 * time.Millisecond
	// valueSize is the memory of one JavaScript value in an array's storage.
	valueSize = 16
	// smallAllocation is the size under which a built-in does not ask.
	smallAllocation = 64 << 10
)

// MemoryLimitError is the reason a run was stopped for its memory budget,
// and the error a guarded built-in throws (as a RangeError) when what it is
// asked to make would not fit.
type MemoryLimitError struct {
	Limit int64  // the run's budget in bytes
	Used  int64  // what the run had taken when it was stopped (or asked)
	Asked int64  // what a built-in asked for; 0 for the watchdog
	What  string // the built-in, when one asked
}

func (e *MemoryLimitError) Error() string {
	if e.Asked > 0 && e.What == "" {
		return fmt.Sprintf("memory limit exceeded: %s more does not fit; the run may take %s and has taken %s",
			mib(e.Asked), mib(e.Limit), mib(max(e.Used, 0)))
	}
	if e.Asked > 0 {
		return fmt.Sprintf("memory limit exceeded: %s needs %s; the run may take %s and has taken %s",
			e.What, mib(e.Asked), mib(e.Limit), mib(max(e.Used, 0)))
	}
	return fmt.Sprintf("memory limit exceeded: the run took %s, more than its %s", mib(e.Used), mib(e.Limit))
}

func mib(n int64) string {
	if n < 10<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d MiB", n>>20)
}

// memoryLimit is the budget of the runtime's runs: 0 for none.
func (o *Options) memoryLimit() int64 {
	switch {
	case o.MemoryLimit < 0:
		return 0
	case o.MemoryLimit > 0:
		return o.MemoryLimit
	case o.Untrusted:
		return DefaultUntrustedMemory
	}
	return 0
}

func (o *Options) maxCallStackSize() int {
	switch {
	case o.MaxCallStackSize > 0:
		return o.MaxCallStackSize
	case o.Untrusted:
		return DefaultUntrustedCallStackSize
	}
	return DefaultMaxCallStackSize
}

// budget measures one runtime's runs against its memory limit. The Go heap
// is the process's, not the run's: what other goroutines allocate during
// the run counts too, so runs in one process share their headroom (for an
// exact budget per script, see RunIsolated).
type budget struct {
	limit int64

	mu      sync.Mutex
	base    int64 // live heap when the run began
	running bool
	lastGC  time.Time
}

var heapSamples = sync.Pool{New: func() any {
	return []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
}}

// heap returns the bytes of heap objects (live and not yet swept) and the
// live heap the last collection found.
func heap() (objects, live int64) {
	s := heapSamples.Get().([]metrics.Sample)
	metrics.Read(s)
	objects, live = int64(s[0].Value.Uint64()), int64(s[1].Value.Uint64())
	heapSamples.Put(s)
	return objects, live
}

// begin takes the run's starting point: the live heap. It collects first
// when much has been allocated since the last collection (the run would be
// charged for it) or the last collection found much alive (an earlier run's
// leftovers, say, which may be garbage by now: freed during this run, they
// would hide as much of its growth).
func (b *budget) begin() {
	objects, live := heap()
	if objects-live > b.limit/2 || live > b.limit/4 {
		goruntime.GC()
		_, live = heap()
	}
	b.mu.Lock()
	b.base, b.running, b.lastGC = live, true, time.Time{}
	b.mu.Unlock()
}

func (b *budget) end() {
	b.mu.Lock()
	b.running = false
	b.mu.Unlock()
}

// used is what the run has taken, n bytes ahead: the heap's growth, with a
// collection first (at most every forcedGCEvery) when garbage might be what
// makes it look over.
func (b *budget) used(n int64) int64 {
	objects, _ := heap()
	b.mu.Lock()
	base, lastGC := b.base, b.lastGC
	b.mu.Unlock()
	if objects-base+n <= b.limit {
		return objects - base
	}
	if time.Since(lastGC) >= forcedGCEvery {
		goruntime.GC()
		b.mu.Lock()
		b.lastGC = time.Now()
		b.mu.Unlock()
	}
	_, live := heap()
	return live - base
}

// reserve reports whether n more bytes fit the run's budget; what names the
// built-in asking, for the error.
func (b *budget) reserve(n int64, what string) error {
	if b == nil || n < smallAllocation {
		return nil // the watchdog sees small ones add up; reading the heap costs a microsecond
	}
	if n > b.limit {
		return &MemoryLimitError{Limit: b.limit, Used: -1, Asked: n, What: what}
	}
	if used := b.used(n); used+n > b.limit {
		return &MemoryLimitError{Limit: b.limit, Used: used, Asked: n, What: what}
	}
	return nil
}

// watch samples the heap until stop is closed and calls over once when the
// run has taken more than its budget.
func (b *budget) watch(stop <-chan struct{}, over func(*MemoryLimitError)) {
	t := time.NewTicker(memorySample)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		if used := b.used(0); used > b.limit {
			over(&MemoryLimitError{Limit: b.limit, Used: used})
			return
		}
	}
}

// maxElements is the longest array a built-in may walk: as many values as
// the budget can hold, so a sparse array of 2³² holes (which costs nothing)
// cannot make indexOf or join loop for hours.
func (b *budget) maxElements() int64 {
	if b == nil {
		return math.MaxInt64
	}
	return b.limit / valueSize
}

// installLimits sets the stack limit and installs the guards and the
// regular expressions' limits in a new VM.
func (r *Runtime) installLimits(vm *goja.Runtime) {
	vm.SetMaxCallStackSize(r.opts.maxCallStackSize())
	installRegexpLimits(vm, r.stopping)
	if r.budget != nil {
		installGuards(vm, r.budget)
	}
}

// stopping reports whether the current run is being interrupted.
func (r *Runtime) stopping() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cancel != nil && r.ctx.Err() != nil
}

// reserve is the stdlib's and the bindings' way to ask the run's budget for
// n more bytes.
func (r *Runtime) reserve(n int64) error {
	if r.budget == nil {
		return nil
	}
	return r.budget.reserve(n, "")
}

// stackOverflow is the error of a run that went past MaxCallStackSize. goja
// makes it uncatchable and without a message; its stack can be thousands
// of frames, of which the first few tell the story.
func stackOverflow(x *goja.StackOverflowError) *ScriptError {
	msg := "RangeError: Maximum call stack size exceeded"
	lines := strings.Split(strings.TrimSpace(x.Error()), "\n")
	if len(lines) > 12 {
		lines = append(lines[:10], fmt.Sprintf("    … %d more frames", len(lines)-10))
	}
	return &ScriptError{Message: msg, Stack: msg + "\n" + strings.Join(lines, "\n"), err: x}
}

// beginLimits starts the watchdog of a run begun with budget.begin: it
// interrupts the run when it takes more than its budget. The returned func
// stops it.
func (r *Runtime) beginLimits() (end func()) {
	if r.budget == nil {
		return func() {}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.budget.watch(stop, func(e *MemoryLimitError) { r.interrupt(e) })
	}()
	return func() {
		close(stop)
		<-done
		r.budget.end()
	}
}

// guardBufferModule puts guards on Buffer's allocating functions: require('buffer')
// and the Buffer global come from the registry, so the guarded module is
// registered there (under both of its names) when the runtime has a budget.
func (r *Runtime) guardBufferModule() {
	if r.budget == nil {
		return
	}
	load := func(vm *goja.Runtime, module *goja.Object) {
		buffer.Require(vm, module)
		guardBuffer(vm, r.budget, module.Get("exports").ToObject(vm))
	}
	r.reg.RegisterNativeModule(buffer.ModuleName, load)
	r.reg.RegisterNativeModule("node:"+buffer.ModuleName, load)
}
