package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/buffer"
	"github.com/dop251/goja_nodejs/require"
	"github.com/dop251/goja_nodejs/url"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/runtime/loop"
	"github.com/tolokash/tolokash/stdlib"
)

// Options configures a Runtime.
type Options struct {
	Client         *client.Client // when set, the `toloka` global is bound to it
	Stdout, Stderr io.Writer      // default os.Stdout, os.Stderr
	Args           []string       // script arguments (process.argv after the script)
	ModuleRoots    []string       // where require() looks for non-relative modules
	DisableModules []string       // built-in modules an embedder switches off, e.g. "fs"
	Logger         *slog.Logger
	Interactive    bool          // a person is watching a terminal: progress bars on stderr
	Color          bool          // colored output (REPL printing)
	TimeLimit      time.Duration // stops a run that takes longer (its error matches ErrTimeLimit); 0 means none
	// Untrusted switches off everything that touches the host: reading modules
	// from disk, process.env, and the host modules (fs and the like). It also
	// gives runs a memory budget and a lower stack limit by default, exports
	// the values a run returns or throws before the run ends, and gives up
	// on a run that does not stop at its deadline (see README: Embedding).
	Untrusted bool
	// MemoryLimit is how many bytes of heap a run may take beyond what the
	// process held when it began; a run past it ends with "memory limit
	// exceeded" (see limits.go). 0 means DefaultUntrustedMemory for an
	// Untrusted runtime and none otherwise; -1 means none.
	MemoryLimit int64
	// MaxCallStackSize is the deepest call stack; deeper is a RangeError. 0
	// means DefaultMaxCallStackSize (DefaultUntrustedCallStackSize when Untrusted).
	MaxCallStackSize int
}

// Runtime is one JavaScript VM with the tolokash globals. Use it from one
// goroutine at a time; Interrupt may be called from any.
type Runtime struct {
	opts Options
	loop *loop.Loop
	vm   *goja.Runtime
	reg  *require.Registry

	mu      sync.Mutex
	cancel  context.CancelFunc // cancels the current run's context
	ctx     context.Context
	reason  error     // why Interrupt was called, for the interrupt the cancel triggers
	started time.Time // when the current run began, for what its deadline allowed

	runs        uint64 // counts runs, so a late interrupt cannot reach the next one
	interrupted error  // why this run was interrupted, once it was

	rejected []*goja.Promise // rejected with no handler yet, in order (the loop's goroutine only)
	awaited  *goja.Promise   // the shell's entry being awaited: Eval reports its rejection
	sources  sources         // the text of what ran, for error excerpts and suggestions
	mainPath string          // the script RunFile runs: it may use await at the top level
	printer  Printer         // how results and console.log show values

	budget *budget         // the memory budget of each run; nil for none
	busy   <-chan struct{} // closed when a run given up on at its deadline really ends
	closed bool
}

// hostModules are the built-in modules that reach the host.
var hostModules = []string{"fs", "child_process", "os", "net", "http"}

// New makes a runtime.
func New(opts Options) (*Runtime, error) {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Runtime{opts: opts, ctx: context.Background()}
	if limit := opts.memoryLimit(); limit > 0 {
		r.budget = &budget{limit: limit}
	}
	regOpts := []require.Option{}
	if len(opts.ModuleRoots) > 0 {
		regOpts = append(regOpts, require.WithGlobalFolders(opts.ModuleRoots...))
	}
	if opts.Untrusted {
		regOpts = append(regOpts, require.WithLoader(func(path string) ([]byte, error) {
			return nil, fmt.Errorf("require(%q): loading files is switched off in this runtime", path)
		}))
	} else {
		regOpts = append(regOpts, require.WithLoader(r.loadModule))
	}
	r.reg = require.NewRegistry(regOpts...)
	disabled := append([]string(nil), opts.DisableModules...)
	if opts.Untrusted {
		disabled = append(disabled, hostModules...)
	}
	for _, name := range disabled {
		r.reg.RegisterNativeModule(name, func(vm *goja.Runtime, _ *goja.Object) {
			panic(vm.NewTypeError("module %q is switched off in this runtime", name))
		})
	}
	stdlib.RegisterModules(r.reg, disabled)
	r.guardBufferModule()
	bindings.RegisterModules(r.reg) // require('toloka'), require('toloka/template_builder')
	vm := goja.New()
	r.vm = vm
	r.installLimits(vm)
	r.reg.Enable(vm)
	r.loop = loop.New(vm)
	r.loop.Install()
	r.loop.AfterJob(r.checkRejections)
	vm.SetPromiseRejectionTracker(r.trackRejection)
	r.printer = Printer{Colors: opts.Color}
	var setupErr error
	func() {
		vm.SetFieldNameMapper(goja.TagFieldNameMapper("json", true))
		// Buffer and URL are built when a script first names them: most runs
		// never do, and building them is most of a new runtime's cost.
		stdlib.LazyGlobal(vm, "Buffer", func() goja.Value {
			return require.Require(vm, buffer.ModuleName).ToObject(vm).Get("Buffer")
		})
		stdlib.LazyGlobal(vm, "URL", func() goja.Value { return require.Require(vm, url.ModuleName).ToObject(vm).Get("URL") })
		stdlib.LazyGlobal(vm, "URLSearchParams", func() goja.Value {
			return require.Require(vm, url.ModuleName).ToObject(vm).Get("URLSearchParams")
		})
		r.installRequire()
		r.installConsole()
		r.installProcess()
		noFiles := opts.Untrusted || slices.Contains(disabled, "fs")
		setupErr = stdlib.Register(vm, stdlib.Options{Context: r.context, Stdout: opts.Stdout, Color: opts.Color,
			Width: r.width, NoFiles: noFiles, NoEnv: opts.Untrusted, Reserve: r.reserve})
		if noFiles && !slices.Contains(disabled, "compress") && setupErr == nil {
			// compress's gzip and zstd work on bytes; compressFile reads and
			// writes files, which a runtime without file access must refuse.
			exports := require.Require(vm, "compress").ToObject(vm)
			exports.Set("compressFile", func(goja.FunctionCall) goja.Value {
				panic(vm.NewTypeError("compress.compressFile: file access is switched off in this runtime"))
			})
		}
		if opts.Client != nil && setupErr == nil {
			setupErr = bindings.Install(vm, opts.Client, bindings.Options{
				Context:     r.context,
				Stderr:      opts.Stderr,
				Interactive: opts.Interactive,
				NoFiles:     noFiles,
				FixedServer: opts.Untrusted,
				Reserve:     r.reserve,
				Loop:        r.loop,
			})
		}
		r.installHelp()
	}()
	if setupErr != nil {
		return nil, fmt.Errorf("runtime: %w", setupErr)
	}
	return r, nil
}

// width is the line length values and tables are laid out for.
func (r *Runtime) width() int { return r.printer.options().BreakLength }

func (r *Runtime) context() context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ctx
}

// Interrupt stops the running script and cancels its HTTP call; the run
// returns a *ScriptError that matches ErrInterrupted, and reason too when
// it is an error. Safe from any goroutine; nothing happens between runs.
func (r *Runtime) Interrupt(reason any) { r.interrupt(interruptError(reason)) }

// interrupt stops the running script for reason.
func (r *Runtime) interrupt(reason error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel == nil {
		return // nothing runs: an interrupt now would kill the next run
	}
	r.reason = reason
	// Interrupt the VM first: the HTTP call the cancel aborts then ends the script
	// with the caller's reason rather than a "context canceled" error.
	r.vm.Interrupt(reason)
	r.cancel()
}

// RunString evaluates src as a script and returns its completion value, after
// the timers and promises it started have settled. A promise rejected with no
// handler is an error, as in node.
//
// In an Untrusted runtime the value is exported before the run ends, under
// its limits: a primitive comes back as it is, an object or array as a
// *Detached copy of plain Go values (v.Export().(*runtime.Detached).Value),
// so nothing done with it afterwards can run the script's code.
func (r *Runtime) RunString(ctx context.Context, src string) (goja.Value, error) {
	var v goja.Value
	err := r.runWith(ctx, runToIdle, func(vm *goja.Runtime) (goja.Value, error) {
		return r.runScript(vm, src)
	}, &v, nil)
	return v, exitedCleanly(err)
}

// runScript runs src, a script that may use await at its top level, and
// waits for that await to settle (await.go).
func (r *Runtime) runScript(vm *goja.Runtime, src string) (goja.Value, error) {
	prg, async, err := r.compileScript("<eval>", src)
	if err != nil {
		return nil, err
	}
	v, err := vm.RunProgram(prg)
	if err != nil || !async {
		return v, err
	}
	return r.awaitValue(v)
}

// RunFile runs the script at path as a CommonJS module, with args as process.argv[2:].
func (r *Runtime) RunFile(ctx context.Context, path string, args []string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err != nil {
		return fmt.Errorf("run %s: %w", path, err)
	}
	r.setArgv(abs, args)
	r.mainPath = abs
	return exitedCleanly(r.run(ctx, runToIdle, func(vm *goja.Runtime) error {
		require.Require(vm, abs) // runs the file as a module; a script error panics with its exception
		// A script using await at the top level became an async function (await.go).
		p, err := r.takeMainAwait()
		if err != nil || p == nil {
			return err
		}
		_, err = r.awaitValue(p)
		return err
	}))
}

// ExitError is returned when a script calls process.exit(code): by RunString
// and RunFile for a non-zero code, by the shell's Eval and RunReady for any.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("process.exit(%d)", e.Code) }

func exitedCleanly(err error) error {
	var ee *ExitError
	if errors.As(err, &ee) && ee.Code == 0 {
		return nil
	}
	return err
}

// A runMode says what a run waits for after its own code.
type runMode int

const (
	runToIdle runMode = iota // a script: every timer and promise, then the loop is reset on errors
	runEntry                 // a shell entry or a turn of background jobs: what was started goes on
)

// run executes fn with ctx watched, then (runToIdle) the event loop until
// nothing is left, then clears any interrupt so the runtime can be used again.
// An interrupt drops every timer and pending job.
func (r *Runtime) run(ctx context.Context, mode runMode, fn func(*goja.Runtime) error) error {
	return r.runWith(ctx, mode, func(vm *goja.Runtime) (goja.Value, error) { return nil, fn(vm) }, nil, nil)
}

// runWith is run for a run with a value: result, when not nil, receives the
// value fn returns, and out, when not nil, that value as plain Go values
// (a promise's once settled), made before the run ends (run.go). An
// Untrusted runtime exports the value (and a thrown value) so too, and
// gives up on a run that does not stop at its deadline (abandon.go).
func (r *Runtime) runWith(ctx context.Context, mode runMode, fn func(*goja.Runtime) (goja.Value, error), result *goja.Value, out *any) (err error) {
	if err := r.usable(); err != nil {
		return err
	}
	if r.budget != nil {
		r.budget.begin() // before the clock starts: it may collect garbage
	}
	start := time.Now()
	if r.opts.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, r.opts.TimeLimit, &timeLimitCause{r.opts.TimeLimit})
		defer cancel()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.mu.Lock()
	r.ctx, r.cancel, r.started = ctx, cancel, start
	r.runs++
	r.interrupted = nil
	r.mu.Unlock()
	endLimits := r.beginLimits()
	finish := func() {
		endLimits()
		r.mu.Lock()
		r.ctx, r.cancel, r.reason, r.interrupted = context.Background(), nil, nil, nil
		r.vm.ClearInterrupt()
		r.mu.Unlock()
	}
	stop := context.AfterFunc(ctx, func() {
		// Under the lock, and only while this run is on: an interrupt that arrives
		// after the run ended would otherwise kill the next one.
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.ctx != ctx {
			return
		}
		reason := r.interruptReason(ctx)
		r.vm.Interrupt(reason)
		r.interrupted = reason
	})
	defer stop()
	// The body writes only its own variables: a run given up on at its
	// deadline goes on in the background, after runWith has returned.
	var bodyErr error
	var bodyResult goja.Value
	var bodyOut any
	body := func() {
		bodyErr = r.call(func(vm *goja.Runtime) (err error) {
			bodyResult, err = fn(vm)
			return err
		})
		if bodyErr == nil {
			bodyErr = r.checkRejections()
		}
		if bodyErr == nil && mode == runToIdle {
			bodyErr = r.loop.Run(ctx)
		}
		if bodyErr == nil && out != nil {
			// Converting runs the script's code (getters, toJSON): in the run.
			bodyErr = r.call(func(vm *goja.Runtime) (err error) {
				bodyOut, err = r.export(vm, bodyResult)
				return err
			})
			bodyResult = nil
		}
		if bodyErr != nil && !errors.Is(bodyErr, ctx.Err()) {
			bodyErr = r.scriptError(bodyErr)
		}
		if r.opts.Untrusted {
			// The exported values are made while the run's limits still hold:
			// a value's getter is the script's code.
			if ctx.Err() != nil {
				// The interrupt, once delivered, is spent: arm it again, so the
				// script's code that runs here stops at once.
				r.mu.Lock()
				r.vm.Interrupt(r.interruptReason(ctx))
				r.mu.Unlock()
			}
			if derr := r.call(func(vm *goja.Runtime) error {
				r.detachResults(vm, &bodyResult, bodyErr)
				return nil
			}); derr != nil && bodyErr == nil {
				bodyErr = derr
			}
		}
	}
	if !r.opts.Untrusted {
		body()
	} else if gaveUp := r.runBounded(ctx, body, func() {
		r.loop.Reset() // nothing the stopped script started runs on
		r.rejected = nil
		finish()
	}); gaveUp != nil {
		return gaveUp
	}
	defer finish()
	if result != nil {
		*result = bodyResult
	}
	if out != nil {
		*out = bodyOut
	}
	err = bodyErr
	r.mu.Lock()
	why := r.interrupted
	if why == nil && ctx.Err() != nil && (err == nil || errors.Is(err, ctx.Err())) {
		// The context ended the run before its interrupt landed: a sleep or an
		// API call it aborted returned first, or the loop was waiting.
		why = r.interruptReason(ctx)
	}
	r.mu.Unlock()
	var se *ScriptError
	switch {
	case why == nil:
	case err == nil || errors.Is(err, ctx.Err()) && !errors.As(err, &se):
		// Interrupted between callbacks, in a call that returned early, or
		// while the loop waited for a timer.
		msg := why.Error()
		err = &ScriptError{Message: msg, Stack: msg, Interrupt: true, err: why}
	case errors.As(err, &se) && !se.Interrupt && errors.Is(err, ctx.Err()):
		// The deadline aborted an API call before the interrupt reached the
		// script: say why the run ended, not just "context deadline
		// exceeded", and match only that cause (the call saw its context's
		// deadline pass whether the caller's or the TimeLimit ended it).
		msg := why.Error()
		err = &ScriptError{Value: se.Value, Message: msg, Stack: msg + "\n(while: " + firstLine(se.Message) + ")", Interrupt: true, err: why}
	}
	var ee *ExitError
	if why != nil || errors.As(err, &ee) || err != nil && mode == runToIdle {
		// Nothing an interrupted or failed script started runs on.
		r.loop.Reset()
		r.rejected = nil
	}
	return err
}

// call runs fn, turning a panic (a thrown exception) into its error.
func (r *Runtime) call(fn func(*goja.Runtime) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = r.scriptError(p)
		}
	}()
	return fn(r.vm)
}

// interruptReason says why ctx ended a run (stop.go); call it with r.mu held.
func (r *Runtime) interruptReason(ctx context.Context) error {
	if r.reason != nil {
		return r.reason
	}
	return contextStop(ctx, r.started)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
