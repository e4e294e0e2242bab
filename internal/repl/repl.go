// Package repl is tolokash's interactive shell: line editing and history with
// liner on a terminal, plain lines otherwise; multi-line entries, completion of
// dotted paths, pretty printing, `it` paging of lazy iterators and top-level await.
package repl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"
	"github.com/peterh/liner"

	"github.com/tolokash/tolokash/runtime"
)

// Options configures a REPL.
type Options struct {
	Runtime     *runtime.Runtime
	In          io.Reader
	Out, Err    io.Writer
	Terminal    bool     // stdin and stdout are a terminal: liner, prompts, colors
	Color       bool     // color the printed results
	HistoryPath string   // "" keeps no history
	Secrets     []string // strings that must never reach the history (the token)
	Banner      string
}

// REPL reads, evaluates and prints until the input ends or .exit.
type REPL struct {
	opts    Options
	rt      *runtime.Runtime
	pending goja.Value // the iterator `it` continues
	history *os.File
	// interrupted is set when Ctrl+C arrives during the entry being run.
	interrupted atomic.Bool
}

// New makes a REPL.
func New(opts Options) *REPL {
	return &REPL{opts: opts, rt: opts.Runtime}
}

const pageSize = 20

// Run runs the loop.
func (r *REPL) Run() error {
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
	if r.opts.Terminal {
		return r.runTerminal()
	}
	return r.runPlain()
}

// runPlain reads lines without prompts: for pipes and files.
func (r *REPL) runPlain() error {
	sc := bufio.NewScanner(r.opts.In)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var buf strings.Builder
	for sc.Scan() {
		if buf.Len() > 0 {
			buf.WriteByte('\n')
		}
		buf.WriteString(sc.Text())
		if incomplete(buf.String()) {
			continue
		}
		entry := buf.String()
		buf.Reset()
		if strings.TrimSpace(entry) == ".editor" {
			// Paste mode on a pipe: the rest of the input is one entry.
			var rest []string
			for sc.Scan() {
				rest = append(rest, sc.Text())
			}
			entry = strings.Join(rest, "\n")
		}
		if quit := r.handle(entry); quit {
			return nil
		}
	}
	if buf.Len() > 0 {
		r.handle(buf.String())
	}
	return sc.Err()
}

func (r *REPL) runTerminal() error {
	ln := liner.NewLiner()
	defer ln.Close()
	ln.SetCtrlCAborts(true)
	ln.SetTabCompletionStyle(liner.TabPrints)
	ln.SetWordCompleter(r.complete)
	for _, h := range loadHistory(r.opts.HistoryPath) {
		ln.AppendHistory(h)
	}
	var buf strings.Builder
	aborted := false
	for {
		prompt := "toloka> "
		if buf.Len() > 0 {
			prompt = "... "
		}
		line, err := ln.Prompt(prompt)
		switch {
		case errors.Is(err, liner.ErrPromptAborted):
			if buf.Len() > 0 {
				buf.Reset()
				aborted = false
				continue
			}
			if aborted {
				return nil
			}
			fmt.Fprintln(r.opts.Out, "(To exit, press Ctrl+C again or Ctrl+D or type .exit)")
			aborted = true
			continue
		case errors.Is(err, io.EOF):
			fmt.Fprintln(r.opts.Out)
			return nil
		case err != nil:
			return err
		}
		aborted = false
		if buf.Len() > 0 {
			buf.WriteByte('\n')
		}
		buf.WriteString(line)
		if incomplete(buf.String()) {
			continue
		}
		entry := buf.String()
		buf.Reset()
		if strings.TrimSpace(entry) == "" {
			continue
		}
		if strings.TrimSpace(entry) == ".editor" {
			if entry = r.editor(ln); entry == "" {
				continue
			}
		}
		if r.remember(entry) {
			ln.AppendHistory(entry)
		}
		if quit := r.handle(entry); quit {
			return nil
		}
	}
}

// editor reads lines until Ctrl-D and returns them as one entry.
func (r *REPL) editor(ln *liner.State) string {
	fmt.Fprintln(r.opts.Out, "// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)")
	var lines []string
	for {
		line, err := ln.Prompt("")
		if errors.Is(err, io.EOF) {
			return strings.Join(lines, "\n")
		}
		if err != nil {
			return ""
		}
		lines = append(lines, line)
	}
}

var secretish = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)login|token|TolokaClient\s*\(|authorization`)
})

// remember appends an entry to the history file unless it may hold a secret.
func (r *REPL) remember(entry string) bool {
	if secretish().MatchString(entry) {
		return false
	}
	for _, s := range r.opts.Secrets {
		if s != "" && strings.Contains(entry, s) {
			return false
		}
	}
	if r.history != nil {
		b, _ := json.Marshal(entry) // one line per entry, newlines escaped
		r.history.Write(append(b, '\n'))
	}
	return true
}

// historyLimit is how many entries a session recalls; the file is cut back to
// that many when it has grown to twice as many.
const historyLimit = 1000

// compactHistory rewrites a history file that has grown past twice the limit
// with its last historyLimit entries, through a temporary file and a rename so
// a crash never leaves it half written.
func compactHistory(path string) {
	data, err := os.ReadFile(path)
	if err != nil || bytes.Count(data, []byte("\n")) <= 2*historyLimit {
		return
	}
	var b bytes.Buffer
	for _, e := range loadHistory(path) {
		line, _ := json.Marshal(e)
		b.Write(append(line, '\n'))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".history-*")
	if err != nil {
		return
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b.Bytes()); err != nil || tmp.Chmod(0o600) != nil || tmp.Close() != nil {
		tmp.Close()
		return
	}
	os.Rename(tmp.Name(), path)
}

func loadHistory(path string) []string {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		var s string
		if json.Unmarshal([]byte(line), &s) == nil && s != "" {
			out = append(out, s)
		}
	}
	if len(out) > historyLimit {
		out = out[len(out)-historyLimit:]
	}
	return out
}

// handle runs one entry; it reports whether to quit.
func (r *REPL) handle(entry string) bool {
	trimmed := strings.TrimSpace(entry)
	switch {
	case trimmed == "":
		return false
	case trimmed == ".exit":
		return true
	case trimmed == ".help":
		fmt.Fprintln(r.opts.Out, `.help        this text
.exit        leave (or Ctrl+D)
.load FILE   run a file in this session
.editor      multi-line paste mode
.clear       forget the pending iterator
help()       help on the toloka API; help(toloka.getPool) on one method
it           the next page of the last lazy iterator`)
		return false
	case trimmed == ".clear":
		r.pending = nil
		return false
	case strings.HasPrefix(trimmed, ".load "):
		path := strings.TrimSpace(strings.TrimPrefix(trimmed, ".load "))
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(r.opts.Err, err)
			return false
		}
		entry = string(data)
	case trimmed == "it":
		if r.pending == nil {
			fmt.Fprintln(r.opts.Err, "no cursor: it continues the last lazy iterator printed")
			return false
		}
		r.printPage(r.pending)
		return false
	case strings.HasPrefix(trimmed, "."):
		fmt.Fprintf(r.opts.Err, "unknown command %s; .help lists them\n", strings.Fields(trimmed)[0])
		return false
	}
	v, err := r.eval(entry)
	if err != nil {
		if r.interrupted.Load() {
			// Whatever the script saw first (the cancelled HTTP call or the
			// VM interrupt), the person pressed Ctrl+C.
			fmt.Fprintln(r.opts.Err, "interrupted by Ctrl+C")
			return false
		}
		fmt.Fprintln(r.opts.Err, "Uncaught "+err.Error())
		return false
	}
	if v == nil {
		return false
	}
	r.rt.Set("_", v)
	if IsLazyIterator(r.rt.VM(), v) {
		r.pending = v
		r.printPage(v)
		return false
	}
	fmt.Fprintln(r.opts.Out, r.rt.Inspect(v, runtime.InspectOptions{Colors: r.opts.Color}))
	return false
}

// eval runs one entry; Ctrl+C while it runs interrupts it (the HTTP call in
// flight is cancelled) and the session goes on.
func (r *REPL) eval(src string) (goja.Value, error) {
	e := prepare(src)
	r.interrupted.Store(false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	go func() {
		select {
		case <-sig:
			r.interrupted.Store(true)
			r.rt.Interrupt("interrupted by Ctrl+C")
		case <-ctx.Done():
		}
	}()
	v, err := r.rt.RunString(ctx, e.src)
	if err != nil {
		return nil, err
	}
	if e.async {
		if p, ok := v.Export().(*goja.Promise); ok {
			switch p.State() {
			case goja.PromiseStateFulfilled:
				v = p.Result()
			case goja.PromiseStateRejected:
				return nil, fmt.Errorf("(in promise) %s", r.rt.Inspect(p.Result(), runtime.InspectOptions{}))
			}
		}
	}
	if e.declOnly && (v == nil || goja.IsUndefined(v)) {
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

// printPage prints up to pageSize items of an iterator, then says how to get more.
func (r *REPL) printPage(it goja.Value) {
	vm := r.rt.VM()
	obj := it.(*goja.Object)
	next, _ := goja.AssertFunction(obj.Get("next"))
	var items []any
	done := false
	_, err := r.rt.RunString(context.Background(), "undefined") // clears any stale interrupt
	if err != nil {
		fmt.Fprintln(r.opts.Err, err)
	}
	for len(items) < pageSize {
		res, err := next(obj)
		if err != nil {
			fmt.Fprintln(r.opts.Err, "Uncaught "+err.Error())
			r.pending = nil
			return
		}
		ro := res.ToObject(vm)
		if ro.Get("done").ToBoolean() {
			done = true
			break
		}
		items = append(items, ro.Get("value"))
	}
	if len(items) == 0 {
		fmt.Fprintln(r.opts.Out, "(no more items)")
		r.pending = nil
		return
	}
	fmt.Fprintln(r.opts.Out, r.rt.Inspect(vm.NewArray(items...), runtime.InspectOptions{Colors: r.opts.Color, Depth: 3}))
	if done {
		r.pending = nil
		return
	}
	fmt.Fprintln(r.opts.Out, `Type "it" for more`)
}
