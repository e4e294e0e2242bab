// Package runtime is the embeddable tolokash JavaScript runtime.
package runtime

// CONTRACT STUB (to be replaced by the real implementation; keep the exported signatures).

import (
	"context"
	"io"
	"log/slog"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
)

// Options configures a Runtime.
type Options struct {
	Client         *client.Client // when set, the `toloka` global is bound to it
	Stdout, Stderr io.Writer
	Args           []string // script arguments (process.argv after the script)
	ModuleRoots    []string // where require() looks for non-relative modules
	DisableModules []string // built-in modules an embedder switches off, e.g. "fs"
	Logger         *slog.Logger
	Interactive    bool // a person is watching a terminal: progress bars on stderr
	Color          bool // colored output (REPL printing, DataFrame.print)
}

// Runtime is one JavaScript VM with the tolokash globals.
type Runtime struct{ vm *goja.Runtime }

// New makes a runtime.
func New(opts Options) (*Runtime, error) { return &Runtime{vm: goja.New()}, nil }

// RunString evaluates src as a script and returns its completion value.
func (r *Runtime) RunString(ctx context.Context, src string) (goja.Value, error) {
	return r.vm.RunString(src)
}

// RunFile runs the script at path with args as its arguments.
func (r *Runtime) RunFile(ctx context.Context, path string, args []string) error { return nil }

// VM returns the underlying goja runtime; use it only from the goroutine running scripts.
func (r *Runtime) VM() *goja.Runtime { return r.vm }

// InspectOptions controls Inspect.
type InspectOptions struct {
	Colors   bool
	Depth    int // nesting levels shown; 0 means the default (2, as Node)
	MaxItems int // array items / object keys shown; 0 means the default (100)
}

// Inspect formats v as Node's util.inspect does.
func (r *Runtime) Inspect(v goja.Value, opts InspectOptions) string { return v.String() }
