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
	"strings"
	"time"

	"github.com/dop251/goja"
	"github.com/mattn/go-isatty"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/internal/config"
	"github.com/tolokash/tolokash/internal/repl"
	"github.com/tolokash/tolokash/runtime"
)

const usage = `tolokash automates Toloka, the crowdsourcing platform, from JavaScript.

Usage:
  tolokash [flags]                   interactive shell (the toloka global is the API)
  tolokash [flags] FILE.js [ARGS…]   run a script (also: tolokash run FILE.js)
  tolokash [flags] -e 'CODE'         evaluate and print the result
  tolokash [flags] -                 run a script read from stdin
  tolokash emulator [flags]          serve a local Toloka emulator
  tolokash login [--profile P]       save a token (read without echo) in a profile
  tolokash completion bash           a bash completion script
  tolokash version

Connection (flags win over environment variables, which win over the profile):
  --local                 an in-process emulator with demo data: no token, no network
  --env sandbox|production   TOLOKA_ENV
  --url URL               TOLOKA_URL
  --token TOKEN           TOLOKA_TOKEN
  --profile NAME          TOLOKA_PROFILE; profiles live in %s
  --act-under-account ID  act as another requester account
  --timeout D             per-request timeout (e.g. 30s)
  --retries N             retries of failed requests

Output:
  --output text|json      how -e prints its result
  --no-color              no colors (also NO_COLOR, or output that is not a terminal)
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

type cli struct {
	local, noColor                  bool
	env, url, token, profile, actAs string
	timeout                         time.Duration
	retries                         int
	eval, output                    string
	stdin                           io.Reader
	stdout, stderr                  io.Writer
}

// run is main without the process: it returns the exit code (0 ok, 1 script error, 2 usage).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "emulator":
			return runEmulator(args[1:], stdout, stderr)
		case "version", "--version":
			fmt.Fprintf(stdout, "tolokash %s\n", client.Version)
			return 0
		case "help":
			fmt.Fprintf(stdout, usage, config.Path())
			return 0
		case "completion":
			return completion(args[1:], stdout, stderr)
		case "login":
			return login(args[1:], stdin, stdout, stderr)
		}
	}
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, retries: -1}
	fs := flag.NewFlagSet("tolokash", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&c.local, "local", false, "")
	fs.StringVar(&c.env, "env", "", "")
	fs.StringVar(&c.url, "url", "", "")
	fs.StringVar(&c.token, "token", "", "")
	fs.StringVar(&c.profile, "profile", "", "")
	fs.StringVar(&c.actAs, "act-under-account", "", "")
	fs.DurationVar(&c.timeout, "timeout", 0, "")
	fs.IntVar(&c.retries, "retries", -1, "")
	fs.StringVar(&c.eval, "e", "", "")
	fs.StringVar(&c.output, "output", "text", "")
	fs.BoolVar(&c.noColor, "no-color", false, "")
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
	rest := fs.Args()
	if len(rest) > 0 && rest[0] == "run" {
		rest = rest[1:]
		if len(rest) == 0 {
			fmt.Fprintln(stderr, "tolokash run: which script? tolokash run FILE.js [ARGS…]")
			return 2
		}
	}
	return c.start(rest)
}

// connect builds the client the flags, environment and profile ask for. A nil
// client with a nil error means there is no token: the toloka global explains.
func (c *cli) connect() (*client.Client, string, func(), error) {
	noop := func() {}
	if c.local {
		em, err := emulator.Start(emulator.Options{Demo: true, WorkDelay: 100 * time.Millisecond})
		if err != nil {
			return nil, "", noop, err
		}
		cl, err := client.New("local-emulator", client.WithURL(em.URL), client.WithPollInterval(50*time.Millisecond))
		return cl, "local emulator " + em.URL + " (demo data)", func() { em.Close() }, err
	}
	cfg, err := config.Load(func(msg string) { fmt.Fprintln(c.stderr, msg) })
	if err != nil {
		return nil, "", noop, err
	}
	name := firstNonEmpty(c.profile, os.Getenv("TOLOKA_PROFILE"), cfg.Default)
	prof := &config.Profile{}
	if name != "" {
		p, ok := cfg.Profiles[name]
		if !ok && (c.profile != "" || os.Getenv("TOLOKA_PROFILE") != "") {
			return nil, "", noop, fmt.Errorf("no profile %q in %s (tolokash login --profile %s creates it)", name, config.Path(), name)
		}
		if ok {
			prof = p
		}
	}
	token := firstNonEmpty(c.token, os.Getenv("TOLOKA_TOKEN"), prof.Token)
	if token == "" {
		return nil, "", noop, nil
	}
	var opts []client.Option
	url := firstNonEmpty(c.url, os.Getenv("TOLOKA_URL"))
	env := firstNonEmpty(c.env, os.Getenv("TOLOKA_ENV"))
	switch {
	case url != "":
		opts = append(opts, client.WithURL(url))
	case env != "":
		e, err := client.EnvironmentByName(env)
		if err != nil {
			return nil, "", noop, err
		}
		opts = append(opts, client.WithEnvironment(e))
	case prof.URL != "":
		opts = append(opts, client.WithURL(prof.URL))
	case prof.Env != "":
		e, err := client.EnvironmentByName(prof.Env)
		if err != nil {
			return nil, "", noop, err
		}
		opts = append(opts, client.WithEnvironment(e))
	default:
		opts = append(opts, client.WithEnvironment(client.Production))
	}
	if a := firstNonEmpty(c.actAs, prof.ActUnderAccountID); a != "" {
		opts = append(opts, client.WithActUnderAccount(a))
	}
	if c.timeout > 0 {
		opts = append(opts, client.WithTimeout(c.timeout))
	}
	if c.retries >= 0 {
		opts = append(opts, client.WithRetries(c.retries))
	}
	cl, err := client.New(token, opts...)
	if err != nil {
		return nil, "", noop, err
	}
	return cl, cl.BaseURL(), noop, nil
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

const noTokenHelp = `no Toloka token: get an OAuth token or API key in your requester profile on Toloka, then
  tolokash login                 (saves it in a profile), or
  TOLOKA_TOKEN=... tolokash      (for one run), or try everything locally with
  tolokash --local`

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func (c *cli) start(rest []string) int {
	cl, where, stop, err := c.connect()
	defer stop()
	if err != nil {
		fmt.Fprintf(c.stderr, "tolokash: %v\n", err)
		return 2
	}
	interactive := isTerminal(c.stderr)
	color := !c.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(c.stdout)
	var scriptArgs []string
	if len(rest) > 1 {
		scriptArgs = rest[1:]
	}
	rt, err := runtime.New(runtime.Options{Client: cl, Stdout: c.stdout, Stderr: c.stderr, Args: scriptArgs,
		Interactive: interactive, Color: color})
	if err != nil {
		fmt.Fprintf(c.stderr, "tolokash: %v\n", err)
		return 1
	}
	if cl == nil {
		// Scripts that never touch the API still run; the first use of toloka explains.
		rt.RunString(context.Background(), `globalThis.toloka = new Proxy({}, {get(t, p) {
			if (typeof p === 'symbol' || p === 'then') return undefined;
			throw new Error(`+"`"+noTokenHelp+"`"+`) }})`)
	}
	ctx := context.Background()
	switch {
	case c.eval != "":
		v, err := rt.RunString(ctx, c.eval)
		if code := report(c.stderr, err); code != 0 {
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
		return report(c.stderr, err)
	case len(rest) > 0:
		return report(c.stderr, rt.RunFile(ctx, rest[0], scriptArgs))
	}
	terminal := isTerminal(c.stdin) && isTerminal(c.stdout)
	banner := ""
	if terminal {
		banner = fmt.Sprintf("tolokash %s", client.Version)
		if cl == nil {
			banner += "\n" + noTokenHelp
		} else {
			banner += " · " + where
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if req, err := cl.GetRequester(ctx); err == nil {
				banner += " · " + firstNonEmpty(req.PublicName["EN"], req.ID)
			}
			cancel()
		}
		banner += "\nType .help for commands, help(toloka) for the API."
	} else if cl == nil {
		fmt.Fprintln(c.stderr, noTokenHelp)
	}
	var secrets []string
	if tok := firstNonEmpty(c.token, os.Getenv("TOLOKA_TOKEN")); tok != "" {
		secrets = append(secrets, tok)
	}
	history := ""
	if terminal {
		history = config.StateDir() + "/history"
	}
	r := repl.New(repl.Options{Runtime: rt, In: c.stdin, Out: c.stdout, Err: c.stderr, Terminal: terminal, Color: color,
		HistoryPath: history, Secrets: secrets, Banner: banner})
	if err := r.Run(); err != nil {
		fmt.Fprintf(c.stderr, "tolokash: %v\n", err)
		return 1
	}
	return 0
}

// report prints a script error with its stack and gives the exit code.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var ee *runtime.ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	fmt.Fprintln(stderr, err)
	return 1
}

func (c *cli) printResult(rt *runtime.Runtime, v goja.Value, color bool) int {
	if c.output == "json" {
		vm := rt.VM()
		if obj, ok := v.(*goja.Object); ok {
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
		fmt.Fprintln(c.stdout, rt.Inspect(v, runtime.InspectOptions{Colors: color}))
	}
	return 0
}

func completion(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || args[0] != "bash" {
		fmt.Fprintln(stderr, "tolokash completion: only bash is supported: tolokash completion bash")
		return 2
	}
	fmt.Fprint(stdout, `# tolokash bash completion: source <(tolokash completion bash)
_tolokash() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "--local --env --url --token --profile --act-under-account --timeout --retries -e --output --no-color --help" -- "$cur"))
  elif [[ $COMP_CWORD == 1 ]]; then
    COMPREPLY=($(compgen -W "emulator login run version completion help" -- "$cur") $(compgen -f -X '!*.js' -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _tolokash tolokash
`)
	return 0
}

var _ = strings.TrimSpace
