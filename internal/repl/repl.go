// Package repl is tolokash's interactive shell: an entry editor on a terminal
// (lineedit: multi-line entries, history, completion, syntax colors), plain
// lines otherwise; pretty printing, `it` paging of lazy iterators, top-level
// await, and timers and promises that run between prompts, their output
// appearing above the prompt.
package repl

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"
	"golang.org/x/term"

	"github.com/tolokash/tolokash/internal/lineedit"
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
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	go func() {
		var winding atomic.Bool
		for range sig {
			if r.busy.Load() {
				r.interrupted.Store(true)
				// A pipeline or metric collector winds down first (its batch
				// finished and saved); a second Ctrl-C interrupts at once.
				const why = "interrupted by Ctrl+C"
				if !winding.Load() && r.rt.Loop().Stop(why, func() { winding.Store(false); r.rt.Interrupt(why) }) {
					winding.Store(true)
					continue
				}
				r.rt.Interrupt(why)
			}
		}
	}()
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

// runPlain reads lines without prompts: for pipes and files. Timers and
// promises run while the next line is awaited, and when the input ends the
// shell waits for them, as node does.
func (r *REPL) runPlain() error {
	lines := make(chan string)
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(r.opts.In)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		done <- sc.Err()
		close(lines)
	}()
	var buf strings.Builder
	editor := false
	for {
		var line string
		var open bool
		select {
		case line, open = <-lines:
		case <-r.rt.Ready():
			if r.background() {
				return nil
			}
			continue
		}
		if !open {
			break
		}
		if editor {
			// Paste mode on a pipe: the rest of the input is one entry.
			buf.WriteString(line + "\n")
			continue
		}
		if strings.TrimSpace(line) == ".break" {
			buf.Reset()
			continue
		}
		if buf.Len() > 0 {
			buf.WriteByte('\n')
		}
		buf.WriteString(line)
		if incomplete(buf.String()) {
			continue
		}
		entry := buf.String()
		buf.Reset()
		if strings.TrimSpace(entry) == ".editor" {
			editor = true
			continue
		}
		r.entries = append(r.entries, entry)
		if quit := r.handle(entry); quit {
			return nil
		}
	}
	if buf.Len() > 0 {
		if quit := r.handle(buf.String()); quit {
			return nil
		}
	}
	r.drain()
	return <-done
}

func (r *REPL) runTerminal(tty *os.File) error {
	ed := lineedit.New(lineedit.Options{In: tty, Out: r.opts.Out, Complete: r.complete,
		Incomplete: func(text string) bool {
			if strings.HasSuffix(text, "\n.break") {
				return false
			}
			return incomplete(text)
		},
		Highlight: r.highlighter(), Palette: palette})
	for _, h := range loadHistory(r.opts.HistoryPath) {
		ed.AppendHistory(h)
	}
	ctrlC := false
	for {
		entry, err := ed.Read(lineedit.Prompt{Prompt: "toloka> ", Continue: "... ", Wake: r.rt.Ready(), OnWake: r.background})
		if r.exitCode != nil {
			return nil
		}
		switch {
		case errors.Is(err, lineedit.ErrInterrupted):
			if strings.TrimSpace(entry) != "" {
				ctrlC = false // Ctrl+C on a typed entry clears it, as in node
				continue
			}
			if ctrlC {
				return nil
			}
			fmt.Fprintln(r.opts.Out, "(To exit, press Ctrl+C again or Ctrl+D or type .exit)")
			ctrlC = true
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		}
		ctrlC = false
		trimmed := strings.TrimSpace(entry)
		if trimmed == "" || strings.HasSuffix(entry, "\n.break") {
			continue
		}
		if trimmed == ".editor" {
			fmt.Fprintln(r.opts.Out, "// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)")
			text, err := ed.Read(lineedit.Prompt{Paste: true, Wake: r.rt.Ready(), OnWake: r.background})
			if r.exitCode != nil {
				return nil
			}
			if err != nil || strings.TrimSpace(text) == "" {
				continue
			}
			entry = text
		}
		if r.remember(entry) {
			ed.AppendHistory(entry)
		}
		r.entries = append(r.entries, entry)
		if quit := r.handle(entry); quit {
			return nil
		}
	}
}

// background runs the timers and callbacks that are ready, between prompts;
// it reports whether the session should end (exit() in a callback).
func (r *REPL) background() bool {
	r.busy.Store(true)
	r.interrupted.Store(false)
	err := r.rt.RunReady(context.Background(), r.uncaught)
	r.busy.Store(false)
	return r.ended(err)
}

// drain waits for what is still pending when the input ends.
func (r *REPL) drain() {
	if !r.rt.Pending() {
		return
	}
	r.busy.Store(true)
	err := r.rt.Drain(context.Background(), r.uncaught)
	r.busy.Store(false)
	r.ended(err)
}

// ended handles what a run ended with: exit() ends the session, an interrupt
// or another error is reported.
func (r *REPL) ended(err error) bool {
	var ee *runtime.ExitError
	switch {
	case err == nil:
		return false
	case errors.As(err, &ee):
		code := ee.Code
		r.exitCode = &code
		return true
	}
	r.uncaught(err)
	return false
}

// uncaught prints an error nobody caught: "Uncaught TypeError: …".
func (r *REPL) uncaught(err error) {
	if r.interrupted.Load() {
		fmt.Fprintln(r.opts.Err, "interrupted by Ctrl+C")
		return
	}
	msg := "Uncaught " + err.Error()
	var se *runtime.ScriptError
	if errors.As(err, &se) {
		msg = se.Report(true)
	}
	// A line shown with a syntax error may hold the token typed by hand.
	for _, s := range r.opts.Secrets {
		if len(s) >= 6 { // a few characters are no token: hiding them would garble the message
			msg = strings.ReplaceAll(msg, s, "<redacted>")
		}
	}
	fmt.Fprintln(r.opts.Err, msg)
}

const helpText = `.help         this text
.exit         leave (or Ctrl+D, exit, quit)
.break        drop the entry being typed
.clear        forget the pending iterator
.editor       multi-line paste mode (Ctrl+D runs it)
.load FILE    run a file in this session
.save FILE    save this session's entries to a file
help()        help on the toloka API: help(toloka), help(toloka.getPool), help(DataFrame), help('bonus')
it            the next page of the last lazy iterator
config        the shell's settings: config.set('depth', 8), config.get('pageSize'), config.reset('width')
cls           clear the screen`

// handle runs one entry; it reports whether to quit.
func (r *REPL) handle(entry string) bool {
	trimmed := strings.TrimSpace(entry)
	cmd, arg, _ := strings.Cut(trimmed, " ")
	arg = strings.TrimSpace(arg)
	switch {
	case trimmed == "":
		return false
	case trimmed == ".exit", trimmed == "exit", trimmed == "quit":
		return true
	case trimmed == ".help":
		fmt.Fprintln(r.opts.Out, helpText)
		return false
	case trimmed == ".clear":
		r.pending, r.peeked = nil, nil
		return false
	case trimmed == "cls":
		if r.opts.Terminal {
			fmt.Fprint(r.opts.Out, "\x1b[H\x1b[2J")
		}
		return false
	case trimmed == ".break":
		return false
	case cmd == ".load":
		if arg == "" {
			fmt.Fprintln(r.opts.Err, ".load: which file? .load FILE runs it in this session")
			return false
		}
		data, err := os.ReadFile(arg)
		if err != nil {
			fmt.Fprintln(r.opts.Err, ".load: "+err.Error())
			return false
		}
		entry = string(data)
	case cmd == ".save":
		r.save(arg)
		return false
	case trimmed == "it":
		if r.pending == nil {
			fmt.Fprintln(r.opts.Err, "no cursor: it continues the last lazy iterator printed")
			return false
		}
		r.printPage(r.pending)
		return false
	case strings.HasPrefix(trimmed, ".") && !strings.HasPrefix(trimmed, ".."):
		fmt.Fprintf(r.opts.Err, "unknown command %s; .help lists them\n", cmd)
		return false
	}
	r.applyConfig()
	v, err := r.eval(entry)
	if err != nil {
		return r.ended(err)
	}
	if v == nil {
		return false
	}
	r.rt.Set("_", v)
	if IsLazyIterator(r.rt.VM(), v) {
		r.pending, r.peeked = v, nil
		r.printPage(v)
		return false
	}
	fmt.Fprintln(r.opts.Out, r.rt.Show(v))
	return false
}

// save writes this session's entries to path, leaving out any that may hold
// a secret, as the history does.
func (r *REPL) save(path string) {
	if path == "" {
		fmt.Fprintln(r.opts.Err, ".save: where? .save FILE writes this session's entries to it")
		return
	}
	var kept []string
	left := 0
	for _, e := range r.entries {
		if strings.HasPrefix(strings.TrimSpace(e), ".") {
			continue
		}
		if r.secret(e) {
			left++
			continue
		}
		kept = append(kept, e)
	}
	if err := os.WriteFile(path, []byte(strings.Join(kept, "\n")+"\n"), 0o600); err != nil {
		fmt.Fprintln(r.opts.Err, ".save: "+err.Error())
		return
	}
	msg := fmt.Sprintf("Session saved to %s (%d entries)", path, len(kept))
	if left > 0 {
		msg += fmt.Sprintf("; %d left out: they may hold a secret", left)
	}
	fmt.Fprintln(r.opts.Out, msg)
}

// eval runs one entry; Ctrl+C while it runs interrupts it (the HTTP call in
// flight is cancelled) and the session goes on.
func (r *REPL) eval(src string) (goja.Value, error) {
	e := prepare(src)
	r.count++
	r.interrupted.Store(false)
	r.busy.Store(true)
	defer r.busy.Store(false)
	v, err := r.rt.Eval(context.Background(), runtime.Entry{Name: "REPL" + strconv.Itoa(r.count), Source: e.src, Await: e.async}, r.uncaught)
	if err != nil {
		return nil, err
	}
	if (e.declOnly || e.call) && (v == nil || goja.IsUndefined(v)) {
		return nil, nil
	}
	return v, nil
}

// IsLazyIterator reports whether v is one of the lazy iterators of the
// bindings and stdlib: obj[Symbol.for('tolokash.iterator')] === true.
func IsLazyIterator(vm *goja.Runtime, v goja.Value) bool {
	obj, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	f, _ := goja.AssertFunction(vm.Get("Symbol").ToObject(vm).Get("for"))
	sym, err := f(goja.Undefined(), vm.ToValue("tolokash.iterator"))
	if err != nil {
		return false
	}
	m := obj.GetSymbol(sym.(*goja.Symbol))
	return m != nil && m.ToBoolean()
}

// printPage prints the next page of an iterator, and "Type "it" for more"
// only when there is more: a lazy iterator of the bindings says so without
// giving up an item; any other is read one item past the page, kept for the
// next one.
func (r *REPL) printPage(it goja.Value) {
	vm := r.rt.VM()
	obj := it.(*goja.Object)
	next, _ := goja.AssertFunction(obj.Get("next"))
	hasMore, _ := goja.AssertFunction(obj.GetSymbol(symbolFor(vm, "tolokash.hasMore")))
	size := r.config.PageSize
	var items []any
	if r.peeked != nil {
		items = append(items, r.peeked)
		r.peeked = nil
	}
	more := false
	r.busy.Store(true)
	r.interrupted.Store(false)
	err := r.rt.Do(context.Background(), func() error {
		for len(items) < size {
			res, err := next(obj)
			if err != nil {
				return err
			}
			ro := res.ToObject(vm)
			if ro.Get("done").ToBoolean() {
				return nil
			}
			items = append(items, ro.Get("value"))
		}
		if hasMore != nil {
			m, err := hasMore(obj)
			more = err == nil && m.ToBoolean()
			return err
		}
		res, err := next(obj)
		if err != nil {
			return err
		}
		if ro := res.ToObject(vm); !ro.Get("done").ToBoolean() {
			r.peeked, more = ro.Get("value"), true
		}
		return nil
	})
	r.busy.Store(false)
	if err != nil {
		r.uncaught(err)
		r.pending = nil
		return
	}
	if len(items) == 0 {
		fmt.Fprintln(r.opts.Out, "(no more items)")
		r.pending = nil
		return
	}
	fmt.Fprintln(r.opts.Out, r.rt.Show(vm.NewArray(items...)))
	if !more {
		r.pending = nil
		return
	}
	fmt.Fprintln(r.opts.Out, `Type "it" for more`)
}

// terminalWidth is the width of the terminal the shell runs in, or 0.
func (r *REPL) terminalWidth() int {
	if f, ok := r.opts.Out.(*os.File); ok && r.opts.Terminal {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			return w
		}
	}
	return 0
}
