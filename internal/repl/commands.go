package repl

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/runtime"
)

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
