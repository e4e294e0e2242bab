// Package repl is tolokash's interactive shell: an entry editor on a terminal
// (lineedit: multi-line entries, history, completion, syntax colors), plain
// lines otherwise; pretty printing, `it` paging of lazy iterators, top-level
// await, and timers and promises that run between prompts, their output
// appearing above the prompt.
package repl

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/runtime"
)

// Options configures a REPL.
type Options struct {
	Runtime     *runtime.Runtime
	In          io.Reader
	Out, Err    io.Writer
	Terminal    bool     // stdin and stdout are a terminal (In is an *os.File): the editor, prompts, colors
	Color       bool     // color results and the entry being typed
	HistoryPath string   // "" keeps no history
	Secrets     []string // strings that must never reach the history (the token)
	Banner      string
	Config      Config                        // the shell's settings (depth, page size, width, colors)
	SaveConfig  func(Config) error            // keeps changed settings (in the profile); nil keeps them for the session
	Warn        func(format string, a ...any) // nil: to Err
}

// REPL reads, evaluates and prints until the input ends, .exit or exit().
type REPL struct {
	opts    Options
	rt      *runtime.Runtime
	pending goja.Value // the iterator `it` continues
	peeked  goja.Value // the item after the last one printed, read to know there is more
	history *os.File
	entries []string // this session's entries, for .save
	count   int      // entries run, to name them REPL1, REPL2, …
	config  Config
	// busy is set while JavaScript runs; Ctrl+C then interrupts it.
	busy, interrupted atomic.Bool
	exitCode          *int
	outMu             sync.Mutex
}

// New makes a REPL.
func New(opts Options) *REPL {
	r := &REPL{opts: opts, rt: opts.Runtime, config: opts.Config.withDefaults()}
	return r
}

// Run runs the loop; it returns the code the session ends with (exit(n)).
func (r *REPL) Run() (int, error) {
	if r.opts.Banner != "" {
		fmt.Fprintln(r.opts.Out, r.opts.Banner)
	}
	if r.opts.HistoryPath != "" {
		if err := os.MkdirAll(filepath.Dir(r.opts.HistoryPath), 0o700); err == nil {
			compactHistory(r.opts.HistoryPath)
			r.history, _ = os.OpenFile(r.opts.HistoryPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		}
		if r.history != nil {
			r.history.Chmod(0o600) // an older file may have been readable by others
			defer r.history.Close()
		}
	}
	r.installGlobals()
	r.applyConfig()
	defer r.catchInterrupts()()
	var err error
	if f, ok := r.opts.In.(*os.File); ok && r.opts.Terminal {
		err = r.runTerminal(f)
	} else {
		err = r.runPlain()
	}
	if r.exitCode != nil {
		return *r.exitCode, err
	}
	return 0, err
}
