// Package runtime is the embeddable tolokash JavaScript runtime: a goja VM with
// CommonJS require, console, Buffer, URL, util, process, timers and promises,
// and the `toloka` global bound to a Go client.
//
// Scripts call the API synchronously: a call blocks the VM's goroutine, not the
// process. Cancelling the context given to RunString or RunFile aborts the HTTP
// call in flight and interrupts the script; the runtime stays usable afterwards.
//
// Timers, promises and Go work finishing elsewhere run on the runtime's event
// loop (package loop): RunString and RunFile return once nothing is left to
// run, while the shell runs one entry at a time (Eval) and what is ready
// between prompts (RunReady). Errors (ScriptError) read as node's: the line
// with a caret, the message, the stack without the runtime's own frames.
// Values print as util.inspect shows them (Inspect, Show); help(), the shell's
// completion and `tolokash types` read one description of the environment
// (Declarations).
package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
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
	TimeLimit      time.Duration // interrupts a run that takes longer; 0 means none
	// Untrusted switches off everything that touches the host: reading modules
	// from disk, process.env, and the host modules (fs and the like).
	Untrusted bool
}

// Runtime is one JavaScript VM with the tolokash globals. Use it from one
// goroutine at a time; Interrupt may be called from any.
type Runtime struct {
	opts Options
	loop *loop.Loop
	vm   *goja.Runtime
	reg  *require.Registry

	mu     sync.Mutex
	cancel context.CancelFunc // cancels the current run's context
	ctx    context.Context
	reason any // why Interrupt was called, for the interrupt the cancel triggers

	runs        uint64 // counts runs, so a late interrupt cannot reach the next one
	interrupted any    // why this run was interrupted, once it was

	rejected []*goja.Promise // rejected with no handler yet, in order (the loop's goroutine only)
	awaited  *goja.Promise   // the shell's entry being awaited: Eval reports its rejection
	sources  sources         // the text of what ran, for error excerpts and suggestions
	mainPath string          // the script RunFile runs: it may use await at the top level
	printer  Printer         // how results and console.log show values
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
		name := name
		r.reg.RegisterNativeModule(name, func(vm *goja.Runtime, _ *goja.Object) {
			panic(vm.NewTypeError("module %q is switched off in this runtime", name))
		})
	}
	stdlib.RegisterModules(r.reg, disabled)
	bindings.RegisterModules(r.reg) // require('toloka'), require('toloka/template_builder')
	vm := goja.New()
	r.vm = vm
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
		noFiles := opts.Untrusted || contains(disabled, "fs")
		setupErr = stdlib.Register(vm, stdlib.Options{Context: r.context, Stdout: opts.Stdout, Color: opts.Color,
			Width: r.width, NoFiles: noFiles, NoEnv: opts.Untrusted})
		if noFiles && !contains(disabled, "compress") && setupErr == nil {
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

// VM returns the underlying goja runtime; use it only between runs, from the
// goroutine that runs scripts.
func (r *Runtime) VM() *goja.Runtime { return r.vm }

// Set defines a global.
func (r *Runtime) Set(name string, v any) error { return r.vm.Set(name, v) }

// RegisterModule makes require(name) return what loader builds.
func (r *Runtime) RegisterModule(name string, loader require.ModuleLoader) {
	r.reg.RegisterNativeModule(name, loader)
}

// Interrupt stops the running script and cancels its HTTP call. Safe from any goroutine.
func (r *Runtime) Interrupt(reason any) {
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
func (r *Runtime) RunString(ctx context.Context, src string) (goja.Value, error) {
	var v goja.Value
	err := r.run(ctx, runToIdle, func(vm *goja.Runtime) (err error) {
		prg, async, err := r.compileScript("<eval>", src)
		if err != nil {
			return err
		}
		if v, err = vm.RunProgram(prg); err != nil || !async {
			return err
		}
		v, err = r.awaitValue(v) // top-level await (await.go)
		return err
	})
	return v, exitedCleanly(err)
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
func (r *Runtime) run(ctx context.Context, mode runMode, fn func(*goja.Runtime) error) (err error) {
	if r.opts.TimeLimit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.opts.TimeLimit)
		defer cancel()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.mu.Lock()
	r.ctx, r.cancel = ctx, cancel
	r.runs++
	r.interrupted = nil
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.ctx, r.cancel, r.reason, r.interrupted = context.Background(), nil, nil, nil
		r.vm.ClearInterrupt()
		r.mu.Unlock()
	}()
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
	err = r.call(fn)
	if err == nil {
		err = r.checkRejections()
	}
	if err == nil && mode == runToIdle {
		err = r.loop.Run(ctx)
	}
	if err != nil && !errors.Is(err, ctx.Err()) {
		err = r.scriptError(err)
	}
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
		msg := fmt.Sprint(why)
		err = &ScriptError{Message: msg, Stack: msg, Interrupt: true}
	case errors.As(err, &se) && !se.Interrupt && errors.Is(err, ctx.Err()):
		// The deadline aborted an API call before the interrupt reached the
		// script: say why the run ended, not just "context deadline exceeded".
		msg := fmt.Sprint(why)
		err = &ScriptError{Value: se.Value, Message: msg, Stack: msg + "\n(while: " + firstLine(se.Message) + ")", Interrupt: true, err: err}
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

// interruptReason says why ctx ended a run; call it with r.mu held.
func (r *Runtime) interruptReason(ctx context.Context) any {
	if r.reason != nil {
		return r.reason
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		if r.opts.TimeLimit > 0 {
			return fmt.Sprintf("time limit exceeded: the run was stopped after %v", r.opts.TimeLimit)
		}
		return "time limit exceeded"
	}
	return "interrupted"
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
