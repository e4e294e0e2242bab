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

// A command is a line the shell runs itself rather than as JavaScript: a
// dot-command (.load FILE) or a word alone on its line (it, cls). Rows
// without run are only listed by .help: what the reading loops do
// themselves (.editor) and the JavaScript the shell provides (help(),
// config).
type command struct {
	name, arg, doc string
	alias          bool // not listed by .help
	// run does it; entry, when not empty, is then run as JavaScript (.load).
	run func(r *REPL, arg string) (entry string, quit bool)
}

// commands are the shell's commands, in the order .help lists them. (A
// function, not a variable: .help's own run reads the list.)
func commands() []command {
	quit := func(*REPL, string) (string, bool) { return "", true }
	return []command{
		{name: ".help", doc: "this text", run: func(r *REPL, _ string) (string, bool) {
			fmt.Fprintln(r.opts.Out, helpText())
			return "", false
		}},
		{name: ".exit", doc: "leave (or Ctrl+D, exit, quit)", run: quit},
		{name: "exit", alias: true, run: quit},
		{name: "quit", alias: true, run: quit},
		{name: ".break", doc: "drop the entry being typed", run: func(*REPL, string) (string, bool) { return "", false }},
		{name: ".clear", doc: "forget the pending iterator", run: func(r *REPL, _ string) (string, bool) {
			r.pending, r.peeked = nil, nil
			return "", false
		}},
		{name: ".editor", doc: "multi-line paste mode (Ctrl+D runs it)"},
		{name: ".load", arg: "FILE", doc: "run a file in this session", run: (*REPL).load},
		{name: ".save", arg: "FILE", doc: "save this session's entries to a file", run: func(r *REPL, path string) (string, bool) {
			r.save(path)
			return "", false
		}},
		{name: "help()", doc: "help on the toloka API: help(toloka), help(toloka.getPool), help(DataFrame), help('bonus')"},
		{name: "it", doc: "the next page of the last lazy iterator", run: func(r *REPL, _ string) (string, bool) {
			if r.pending == nil {
				fmt.Fprintln(r.opts.Err, "no cursor: it continues the last lazy iterator printed")
				return "", false
			}
			r.printPage(r.pending)
			return "", false
		}},
		{name: "config", doc: "the shell's settings: config.set('depth', 8), config.get('pageSize'), config.reset('width')"},
		{name: "cls", doc: "clear the screen", run: func(r *REPL, _ string) (string, bool) {
			if r.opts.Terminal {
				fmt.Fprint(r.opts.Out, "\x1b[H\x1b[2J")
			}
			return "", false
		}},
	}
}

// helpText is what .help prints: a line per command.
func helpText() string {
	var lines []string
	for _, c := range commands() {
		if !c.alias {
			lines = append(lines, fmt.Sprintf("%-13s %s", strings.TrimSpace(c.name+" "+c.arg), c.doc))
		}
	}
	return strings.Join(lines, "\n")
}

// shellNames are the words the shell gives a meaning to, for completion.
func shellNames() []string {
	var names []string
	for _, c := range commands() {
		if isIdent(c.name) {
			names = append(names, c.name)
		}
	}
	return names
}

// findCommand finds the command an entry is: one without an argument is the
// whole line, one with an argument its first word.
func findCommand(line string) (c command, arg string, ok bool) {
	name, arg, _ := strings.Cut(line, " ")
	for _, c := range commands() {
		if c.run != nil && (line == c.name || c.arg != "" && name == c.name) {
			return c, strings.TrimSpace(arg), true
		}
	}
	return command{}, "", false
}

// handle runs one entry; it reports whether to quit.
func (r *REPL) handle(entry string) bool {
	trimmed := strings.TrimSpace(entry)
	if trimmed == "" {
		return false
	}
	if c, arg, ok := findCommand(trimmed); ok {
		var quit bool
		if entry, quit = c.run(r, arg); quit || entry == "" {
			return quit
		}
	} else if strings.HasPrefix(trimmed, ".") && !strings.HasPrefix(trimmed, "..") {
		name, _, _ := strings.Cut(trimmed, " ")
		fmt.Fprintf(r.opts.Err, "unknown command %s; .help lists them\n", name)
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

// load reads the file .load names, to run in the session.
func (r *REPL) load(path string) (string, bool) {
	if path == "" {
		fmt.Fprintln(r.opts.Err, ".load: which file? .load FILE runs it in this session")
		return "", false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(r.opts.Err, ".load: "+err.Error())
		return "", false
	}
	return string(data), false
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
