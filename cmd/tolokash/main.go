// Command tolokash automates Toloka from JavaScript: an interactive shell, a
// script runner and a local Toloka emulator.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/dop251/goja"
	"github.com/mattn/go-isatty"
	"golang.org/x/term"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/internal/config"
	"github.com/tolokash/tolokash/internal/repl"
	"github.com/tolokash/tolokash/runtime"
	"github.com/tolokash/tolokash/stdlib"
)

const usage = `tolokash automates Toloka, the crowdsourcing platform, from JavaScript.

Usage:
  tolokash [flags]                   interactive shell (the toloka global is the API)
  tolokash [flags] FILE.js [ARGS…]   run a script (also: tolokash run FILE.js)
  tolokash [flags] -e 'CODE'         evaluate and print the result
  tolokash [flags] -                 run a script read from stdin
  tolokash emulator [flags]          serve a local Toloka emulator
  tolokash monitor [POOL_ID…]        a live dashboard of pools (--once --output json for scripts)
  tolokash login [--profile P]       save a token (read without echo) in a profile
  tolokash completion bash|zsh|fish  a shell completion script
  tolokash types > toloka.d.ts       TypeScript declarations of the toloka global
  tolokash version

Connection (flags win over environment variables, which win over the profile):
  --local                   an in-process emulator with demo data: no token, no network;
                            its Tolokers work at a real crowd's pace unless told otherwise:
    --workers N             simulated Tolokers (5)
    --pace F                their speed against a real crowd's (10: ten times as fast)
    --work-delay D          mean time one takes over an assignment (10s)
    --accuracy F            the honest Tolokers' mean hidden accuracy (0.8)
    --cheaters F            share of them who cheat (0.2)
    --mishaps F             share of assignments skipped, expired or bringing a message (0.03)
    --seed N                seed of their work (1)
    --state FILE            the emulator's state: loaded from FILE, saved there at exit
  --env sandbox|production  TOLOKA_ENV
  --url URL                 TOLOKA_URL
  --token TOKEN             TOLOKA_TOKEN (prefer tolokash login: arguments show in ps)
  --profile NAME            TOLOKA_PROFILE; profiles live in %s
  --act-under-account ID    act as another requester account
  --timeout D               per-request timeout (e.g. 30s)
  --retries N               retries of failed requests

Limits, for scripts you do not trust:
  --untrusted               no files, no environment, no host modules; a 512MiB memory budget
  --isolate                 run the script untrusted in a child process under an address-space limit
  --memory-limit SIZE       memory a run may take (e.g. 256MiB, 2GiB)
  --time-limit D            stop a run after D (e.g. 30s)

Output:
  --output text|json        how -e prints its result
  --no-color                no colors (also NO_COLOR, or output that is not a terminal)
`

func main() {
	runtime.ServeIsolated() // a child of --isolate runs its script and exits here
	if len(os.Args) < 2 || os.Args[1] != "emulator" {
		tuneGC()
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// tuneGC trades some memory for speed in scripts and the REPL: converting API
// pages into JS objects makes a lot of short-lived garbage, and collecting at
// 3× the live heap instead of 2× makes paging through a pool in JS markedly
// faster (59 % of the raw loop's speed instead of 47 % in `make bench`), while
// memory stays flat in the number of items. 4× was faster still but made a
// big DataFrame's peak too large; the soft limit bounds the trade.
// GOGC and GOMEMLIMIT, when set, win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}

type cli struct {
	local, noColor                  bool
	workers                         int
	pace, accuracy, cheaters        float64
	mishaps                         float64
	workDelay                       time.Duration
	state                           string
	seed                            int64
	env, url, token, profile, actAs string
	timeout                         time.Duration
	retries                         int
	eval, output                    string
	untrusted, isolate              bool
	memoryLimit                     string
	timeLimit                       time.Duration
	stdin                           io.Reader
	stdout, stderr                  io.Writer
}

// run is main without the process: it returns the exit code (0 ok, 1 script error, 2 usage).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "emulator":
			return runEmulator(args[1:], stdout, stderr)
		case "monitor":
			return monitorCmd(args[1:], stdin, stdout, stderr) // monitor.go
		case "version", "--version":
			fmt.Fprintf(stdout, "tolokash %s\n", client.Version)
			return 0
		case "help":
			fmt.Fprintf(stdout, usage, config.Path())
			return 0
		case "completion":
			return completion(args[1:], stdout, stderr)
		case "types":
			return types(args[1:], stdout, stderr)
		case "login":
			return login(args[1:], stdin, stdout, stderr)
		}
	}
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, retries: -1}
	fs := c.flags()
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, usage, config.Path())
			return 0
		}
		fmt.Fprintf(stderr, "tolokash: %v\n\n", err)
		fmt.Fprintf(stderr, usage, config.Path())
		return 2
	}
	if c.output != "text" && c.output != "json" {
		fmt.Fprintf(stderr, "tolokash: --output must be text or json, not %q\n", c.output)
		return 2
	}
	for _, name := range []string{"workers", "pace", "work-delay", "state", "seed"} {
		if flagSet(fs, name) && !c.local {
			fmt.Fprintf(stderr, "tolokash: --%s is for the local emulator: add --local\n", name)
			return 2
		}
	}
	if c.retries < -1 {
		fmt.Fprintf(stderr, "tolokash: --retries must be 0 or more, not %d\n", c.retries)
		return 2
	}
	if c.token != "" {
		fmt.Fprintln(stderr, "tolokash: warning: a token given with --token is visible to every user of this machine (ps) and stays in your shell history; prefer tolokash login or TOLOKA_TOKEN")
	}
	if _, err := parseSize(c.memoryLimit); err != nil {
		fmt.Fprintf(stderr, "tolokash: --memory-limit: %v\n", err)
		return 2
	}
	rest := fs.Args()
	if len(rest) > 0 && rest[0] == "run" {
		rest = rest[1:]
		if len(rest) > 0 && isHelp(rest[0]) {
			fmt.Fprintf(stdout, usage, config.Path())
			return 0
		}
		if len(rest) == 0 {
			fmt.Fprintln(stderr, "tolokash run: which script? tolokash run FILE.js [ARGS…]")
			return 2
		}
	}
	return c.start(rest)
}

// flags are the shell's and the script runner's flags (the usage text
// describes them; completion lists them from here).
func (c *cli) flags() *flag.FlagSet {
	fs := flag.NewFlagSet("tolokash", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&c.local, "local", false, "an in-process emulator with demo data")
	fs.StringVar(&c.env, "env", "", "environment: sandbox or production")
	fs.StringVar(&c.url, "url", "", "server URL")
	fs.StringVar(&c.token, "token", "", "token (prefer tolokash login)")
	fs.StringVar(&c.profile, "profile", "", "profile")
	fs.StringVar(&c.actAs, "act-under-account", "", "act as another requester account")
	fs.DurationVar(&c.timeout, "timeout", 0, "per-request timeout")
	fs.IntVar(&c.retries, "retries", -1, "retries of failed requests")
	fs.StringVar(&c.eval, "e", "", "evaluate and print")
	fs.StringVar(&c.output, "output", "text", "how -e prints: text or json")
	fs.BoolVar(&c.noColor, "no-color", false, "no colors")
	fs.IntVar(&c.workers, "workers", 5, "--local: simulated Tolokers")
	fs.Float64Var(&c.pace, "pace", 1, "--local: how many times faster than a real crowd the Tolokers work")
	fs.DurationVar(&c.workDelay, "work-delay", emulator.DefaultWorkDelay, "--local: a Toloker's time per assignment at pace 1")
	fs.Float64Var(&c.accuracy, "accuracy", 0.8, "--local: the honest Tolokers' mean hidden accuracy")
	fs.Float64Var(&c.cheaters, "cheaters", emulator.DefaultCheaters, "--local: share of the Tolokers who cheat (0..1)")
	fs.Float64Var(&c.mishaps, "mishaps", emulator.DefaultMishaps, "--local: share of assignments skipped, expired or bringing a message (0..1)")
	fs.StringVar(&c.state, "state", "", "--local: a file to load the emulator's state from and save it to")
	fs.Int64Var(&c.seed, "seed", 1, "--local: the simulated crowd's random seed")
	fs.BoolVar(&c.untrusted, "untrusted", false, "no files, environment or host modules; a memory budget")
	fs.BoolVar(&c.isolate, "isolate", false, "run the script untrusted in a child process under an address-space limit")
	fs.StringVar(&c.memoryLimit, "memory-limit", "", "memory a run may take (e.g. 256MiB)")
	fs.DurationVar(&c.timeLimit, "time-limit", 0, "stop a run after this long")
	return fs
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func (c *cli) start(rest []string) int {
	if len(rest) > 0 && rest[0] != "-" && c.eval == "" {
		// A misspelt command lands here too: say both, before connecting.
		if _, err := os.Stat(rest[0]); err != nil {
			fmt.Fprintf(c.stderr, "tolokash: %q is neither a command nor a script: %v\n(tolokash --help lists the commands)\n", rest[0], errors.Unwrap(err))
			return 2
		}
	}
	conn, err := c.connect()
	defer conn.stop()
	if err != nil {
		fmt.Fprintf(c.stderr, "tolokash: %v\n", err)
		var ue *usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	// NO_COLOR or output that is not a terminal turns colors and progress
	// bars off; --no-color only the colors.
	interactive := os.Getenv("NO_COLOR") == "" && isTerminal(c.stdout) && isTerminal(c.stderr)
	color := !c.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(c.stdout)
	var scriptArgs []string
	if len(rest) > 1 {
		scriptArgs = rest[1:]
	}
	memory, _ := parseSize(c.memoryLimit)
	if c.isolate {
		return c.runIsolated(conn, rest, memory)
	}
	rt, err := runtime.New(runtime.Options{Client: conn.client, Stdout: c.stdout, Stderr: c.stderr, Args: scriptArgs,
		Interactive: interactive, Color: color, Untrusted: c.untrusted, MemoryLimit: memory, TimeLimit: c.timeLimit})
	if err != nil {
		fmt.Fprintf(c.stderr, "tolokash: %v\n", err)
		return 1
	}
	defer rt.Close()
	// Results and console.log print as the shell does: deep, in color on a
	// terminal, tables and values filling the terminal's width.
	printer := runtime.Printer{Colors: color}
	if isTerminal(c.stdout) {
		if w, _, err := term.GetSize(int(c.stdout.(*os.File).Fd())); err == nil {
			printer.Width = w
		}
	}
	rt.SetPrinter(printer)
	ctx := context.Background()
	if conn.client == nil {
		vm := rt.VM()
		stdlib.LazyGlobal(vm, "toloka", func() goja.Value { return noTokenGlobal(vm) })
	}
	report := report
	if c.eval != "" || len(rest) > 0 {
		// Ctrl-C and SIGTERM let long-running work wind down (signals.go).
		stop, exitCode := watchSignals(rt)
		defer stop()
		plain := report
		report = func(w io.Writer, err error, secrets ...string) int { return exitCode(plain(w, err, secrets...)) }
	}
	switch {
	case c.eval != "":
		v, err := rt.RunString(ctx, c.eval)
		if code := report(c.stderr, err, conn.token); code != 0 {
			return code
		}
		return c.printResult(rt, v, color)
	case len(rest) > 0 && rest[0] == "-":
		src, err := io.ReadAll(c.stdin)
		if err != nil {
			fmt.Fprintf(c.stderr, "tolokash: reading stdin: %v\n", err)
			return 1
		}
		_, err = rt.RunString(ctx, string(src))
		return report(c.stderr, err, conn.token)
	case len(rest) > 0:
		return report(c.stderr, rt.RunFile(ctx, rest[0], scriptArgs), conn.token)
	}
	return c.repl(rt, conn, color)
}

// repl runs the interactive shell: with the entry editor, prompts, a banner
// and history on a terminal; reading plain lines from a pipe.
func (c *cli) repl(rt *runtime.Runtime, conn *connection, color bool) int {
	terminal := isTerminal(c.stdin) && isTerminal(c.stdout)
	banner, history := "", ""
	if terminal {
		banner = c.banner(conn)
		history = filepath.Join(config.StateDir(), "history")
	} else if conn.client == nil {
		fmt.Fprintln(c.stderr, noTokenHelp)
	}
	settings, save := c.shellSettings(conn)
	r := repl.New(repl.Options{Runtime: rt, In: c.stdin, Out: c.stdout, Err: c.stderr, Terminal: terminal, Color: color,
		HistoryPath: history, Secrets: []string{conn.token}, Banner: banner, Config: settings, SaveConfig: save})
	code, err := r.Run()
	if err != nil {
		fmt.Fprintf(c.stderr, "tolokash: %v\n", err)
		return 1
	}
	return code
}

// shellSettings reads the shell's settings (config.set in the shell) from
// the profile in use, or from the file's own when there is none (--local),
// and gives the function that keeps them there.
func (c *cli) shellSettings(conn *connection) (repl.Config, func(repl.Config) error) {
	cfg, err := config.Load(nil)
	if err != nil {
		return repl.Config{}, nil
	}
	name := conn.profile
	get := func(f *config.File) **config.Shell {
		if p, ok := f.Profiles[name]; ok && name != "" {
			return &p.Shell
		}
		return &f.Shell
	}
	save := func(s repl.Config) error {
		f, err := config.Load(nil) // again: another session may have changed it
		if err != nil {
			return err
		}
		*get(f) = s.Shell()
		return f.Save()
	}
	return repl.ConfigFrom(*get(cfg)), save
}

// banner names the version and where the session points. It asks the
// server nothing: a server that does not answer would hold the prompt back;
// the first call reports it instead.
func (c *cli) banner(conn *connection) string {
	b := "tolokash " + client.Version
	if conn.client == nil {
		return b + "\n" + noTokenHelp + "\nType .help for commands."
	}
	b += " · " + conn.where
	return b + "\nType .help for commands, help() for help, help(toloka) for the API."
}

// report prints a script error with its stack and gives the exit code.
// report prints a script error — the line it happened on, the message, the
// stack — with the session's token, should the line hold it, redacted.
func report(stderr io.Writer, err error, secrets ...string) int {
	if err == nil {
		return 0
	}
	var ee *runtime.ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	if errors.As(err, new(NoTokenError)) {
		fmt.Fprintln(stderr, "tolokash: "+noTokenHelp)
		return 2
	}
	fmt.Fprintln(stderr, redact(err.Error(), secrets))
	return 1
}

// redact replaces every secret in s with <redacted>. A "secret" of a few
// characters is no token (a test's "t"): hiding it would garble the message.
func redact(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) >= minSecret {
			s = strings.ReplaceAll(s, secret, "<redacted>")
		}
	}
	return s
}

const minSecret = 6

func (c *cli) printResult(rt *runtime.Runtime, v goja.Value, color bool) int {
	if c.output == "json" {
		vm := rt.VM()
		if obj, ok := v.(*goja.Object); ok && repl.IsLazyIterator(vm, v) {
			// A lazy iterator is printed as the array of all its items.
			if toArray, ok := goja.AssertFunction(obj.Get("toArray")); ok {
				if arr, err := toArray(obj); err == nil {
					v = arr
				}
			}
		}
		stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
		s, err := stringify(goja.Undefined(), v)
		if err != nil {
			return report(c.stderr, err)
		}
		if goja.IsUndefined(s) {
			fmt.Fprintln(c.stdout, "null")
			return 0
		}
		var out bytes.Buffer
		json.Indent(&out, []byte(s.String()), "", "  ")
		fmt.Fprintln(c.stdout, out.String())
		return 0
	}
	if v != nil && !goja.IsUndefined(v) {
		fmt.Fprintln(c.stdout, rt.Show(v))
	}
	return 0
}

// parseFlags parses a subcommand's flags: --help prints its usage on stdout
// (exit 0), a bad flag prints the error and usage on stderr (exit 2). done
// reports whether the command should stop with code.
func parseFlags(fs *flag.FlagSet, args []string, synopsis string, stdout, stderr io.Writer) (code int, done bool) {
	fs.SetOutput(io.Discard)
	usage := func(w io.Writer) {
		fmt.Fprintf(w, "Usage: %s\n\n", synopsis)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage(stdout)
		return 0, true
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		usage(stderr)
		return 2, true
	}
	return 0, false
}

// types writes the TypeScript declarations of the toloka global, so an editor
// completes and checks scripts.
func types(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprintln(stdout, "Usage: tolokash types > toloka.d.ts\n\nWrites TypeScript declarations of the toloka global to stdout.")
		return 0
	}
	if len(args) > 0 {
		fmt.Fprintln(stderr, "tolokash types: no arguments; usage: tolokash types > toloka.d.ts")
		return 2
	}
	if err := runtime.TypeScript(stdout); err != nil {
		fmt.Fprintf(stderr, "tolokash types: %v\n", err)
		return 1
	}
	return 0
}
