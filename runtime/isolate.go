package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
)

// Isolated runs scripts the way an Untrusted Runtime does, but each in a
// child process of its own under an address-space limit (RLIMIT_AS) and a
// hard deadline: what the in-process bounds cannot promise (a built-in that
// makes gigabytes in one step, one that never looks at an interrupt, the
// process's heap shared with other runs) the operating system enforces. A
// child that runs out of its address space, or is still running at its
// deadline, is killed; the embedding program only sees the error.
//
// The child is a program whose main calls ServeIsolated first thing;
// tolokash's does, and by default the child is this very program.
type Isolated struct {
	// Command starts the child; default: this program (os.Executable()).
	Command []string
	// Client is how the child's toloka global connects; no toloka global
	// when Token is empty. Only these settings travel (over a pipe, never
	// on the command line or in the environment).
	Client IsolatedClient

	Stdout, Stderr io.Writer     // the script's output; default os.Stdout, os.Stderr
	TimeLimit      time.Duration // 0: none but the caller's context
	// MemoryLimit is the run's memory budget, as Options.MemoryLimit; the
	// child's address space may grow by twice as much (the Go heap holds
	// garbage beside live memory). 0 means DefaultUntrustedMemory.
	MemoryLimit int64

	addressSpace int64 // tests: the RLIMIT_AS headroom instead of 2 × MemoryLimit
}

// IsolatedClient is the connection of an isolated run's toloka global.
type IsolatedClient struct {
	Token, URL, Env string // Env: "production" or "sandbox" when URL is empty
	ActUnderAccount string
	Retries         int           // -1: the client's default
	Timeout         time.Duration // 0: the client's default
}

// isolatedEnv marks a process started as an isolated child.
const isolatedEnv = "TOLOKASH_ISOLATED_CHILD"

// isolatedRequest is what the parent sends the child on fd 3.
type isolatedRequest struct {
	Name, Source string
	Args         []string
	TimeLimit    time.Duration
	MemoryLimit  int64
	AddressSpace int64
	Client       IsolatedClient
}

// isolatedResult is what the child sends back on fd 4.
type isolatedResult struct {
	Value       any    `json:"value,omitempty"`
	Error       string `json:"error,omitempty"`
	Stack       string `json:"stack,omitempty"`
	Interrupt   bool   `json:"interrupt,omitempty"`
	ExitCode    int    `json:"exit_code,omitempty"`
	MemoryLimit int64  `json:"memory_limit,omitempty"` // set when the error is the memory budget's
	MemoryUsed  int64  `json:"memory_used,omitempty"`
	TimeLimit   bool   `json:"time_limit,omitempty"` // the run was stopped at its TimeLimit
	// APIError is the API's error the script did not catch, for errors.As
	// in the parent (it is all data).
	APIError *client.APIError `json:"api_error,omitempty"`
}

// Run runs src in a child process and returns its completion value as
// Runtime.Run does, passed through JSON on the way: bytes arrive as a
// base64 string, NaN and Infinity as their text. Errors match as
// Runtime.Run's do: errors.As with *client.APIError or *MemoryLimitError,
// errors.Is with ErrTimeLimit or the context's error.
func (iso *Isolated) Run(ctx context.Context, src string) (any, error) {
	return iso.run(ctx, isolatedRequest{Name: "<eval>", Source: src})
}

// RunFile runs the script at path in a child process, with args as
// process.argv[2:]. The parent reads the file: the child has no file access.
func (iso *Isolated) RunFile(ctx context.Context, path string, args []string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("run %s: %w", path, err)
	}
	abs, _ := filepath.Abs(path)
	_, err = iso.run(ctx, isolatedRequest{Name: abs, Source: string(src), Args: args})
	return err
}

func (iso *Isolated) run(ctx context.Context, req isolatedRequest) (any, error) {
	start := time.Now()
	req.TimeLimit = iso.TimeLimit
	req.MemoryLimit = iso.MemoryLimit
	if req.MemoryLimit <= 0 {
		req.MemoryLimit = DefaultUntrustedMemory
	}
	req.AddressSpace = iso.addressSpace
	if req.AddressSpace <= 0 {
		req.AddressSpace = 2 * req.MemoryLimit
	}
	req.Client = iso.Client
	command := iso.Command
	if len(command) == 0 {
		self, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("isolated run: %w", err)
		}
		command = []string{self}
	}
	stdout, stderr := iso.Stdout, iso.Stderr
	if stdout == nil {
		stdout = os.Stdout
	}
	if stderr == nil {
		stderr = os.Stderr
	}

	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("isolated run: %w", err)
	}
	resR, resW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, fmt.Errorf("isolated run: %w", err)
	}
	tail := &tailBuffer{max: 4096}
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = []string{isolatedEnv + "=1"} // nothing of the parent's environment
	if stdout == stderr {
		// One writer for both: exec would write to it from one goroutine
		// at a time, but not once stderr is also copied to tail.
		stdout = &lockedWriter{w: stdout}
		stderr = stdout
	}
	cmd.Stdout = stdout
	cmd.Stderr = io.MultiWriter(stderr, tail)
	cmd.ExtraFiles = []*os.File{reqR, resW}
	err = cmd.Start()
	reqR.Close()
	resW.Close()
	if err != nil {
		reqW.Close()
		resR.Close()
		return nil, fmt.Errorf("isolated run: starting %s: %w", command[0], err)
	}
	go func() {
		json.NewEncoder(reqW).Encode(req)
		reqW.Close()
	}()
	var res isolatedResult
	resDone := make(chan error, 1)
	go func() {
		defer resR.Close()
		dec := json.NewDecoder(resR)
		dec.UseNumber()
		resDone <- dec.Decode(&res)
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()

	// The child stops itself at its limits; past them and a grace it is killed.
	var deadline <-chan time.Time
	if iso.TimeLimit > 0 {
		t := time.NewTimer(iso.TimeLimit + StopGrace + 2*time.Second)
		defer t.Stop()
		deadline = t.C
	}
	var killed error
	var waitErr error
	select {
	case waitErr = <-waited:
	case <-deadline:
		killed = &stopError{msg: fmt.Sprintf("time limit exceeded: the run was stopped after %v", iso.TimeLimit), causes: []error{ErrTimeLimit}}
	case <-ctx.Done():
		killed = contextStop(ctx, start)
	}
	if killed != nil {
		cmd.Process.Kill()
		<-waited
		msg := killed.Error() + " (the isolated process was killed)"
		return nil, &ScriptError{Message: msg, Stack: msg, Interrupt: true, err: killed}
	}
	if err := <-resDone; err != nil {
		// No answer: the child died. Out of its address space, Go's runtime
		// says so on stderr before it exits.
		died := tail.String()
		if strings.Contains(died, "out of memory") || strings.Contains(died, "cannot allocate memory") ||
			strings.Contains(died, "failed to create new OS thread") {
			me := &MemoryLimitError{Limit: req.MemoryLimit, Used: -1}
			msg := fmt.Sprintf("memory limit exceeded: the isolated process ran out of its address space (%s beyond its start)", mib(req.AddressSpace))
			return nil, &ScriptError{Message: msg, Stack: msg, Interrupt: true, err: me}
		}
		return nil, fmt.Errorf("isolated run: the child process ended without an answer (%v): %s", waitErr, firstLines(died, 5))
	}
	if res.Error == "" && res.ExitCode == 0 {
		return numbers(res.Value), nil
	}
	if res.ExitCode != 0 {
		return nil, &ExitError{Code: res.ExitCode}
	}
	se := &ScriptError{Message: res.Error, Stack: res.Stack, Interrupt: res.Interrupt}
	switch {
	case res.MemoryLimit > 0:
		se.err = &MemoryLimitError{Limit: res.MemoryLimit, Used: res.MemoryUsed}
	case res.TimeLimit:
		se.err = ErrTimeLimit
	case res.APIError != nil:
		se.err = res.APIError
	}
	return nil, se
}

// numbers turns the json.Numbers of a decoded result into int64 or float64,
// as goja's Export gives them.
func numbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = numbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = numbers(e)
		}
	}
	return v
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// tailBuffer keeps the first and the last max bytes written to it: Go's
// fatal errors say what happened on their first line, then dump stacks.
type tailBuffer struct {
	mu         sync.Mutex
	max        int
	head, tail []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := t.max - len(t.head); room > 0 {
		t.head = append(t.head, p[:min(room, len(p))]...)
	}
	t.tail = append(t.tail, p...)
	if len(t.tail) > t.max {
		t.tail = append([]byte(nil), t.tail[len(t.tail)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.head) + "\n…\n" + string(t.tail)
}

// ServeIsolated makes this process an isolated child when Isolated started
// it as one: it runs the script it is sent and exits. Otherwise it returns
// at once. Call it first thing in main.
func ServeIsolated() {
	if os.Getenv(isolatedEnv) != "1" {
		return
	}
	os.Exit(serveIsolated(os.NewFile(3, "request"), os.NewFile(4, "result")))
}

func serveIsolated(reqFile, resFile *os.File) int {
	var req isolatedRequest
	if err := json.NewDecoder(reqFile).Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "isolated child: reading the request: %v\n", err)
		return 2
	}
	reqFile.Close()
	os.Unsetenv(isolatedEnv)
	if err := limitAddressSpace(req.AddressSpace); err != nil {
		fmt.Fprintf(os.Stderr, "isolated child: %v\n", err)
		return 2
	}
	// The Go heap collects eagerly near the budget, so the address space
	// holds live memory rather than garbage.
	debug.SetMemoryLimit(req.MemoryLimit + 64<<20)
	res := runIsolatedRequest(req)
	if err := json.NewEncoder(resFile).Encode(res); err != nil {
		fmt.Fprintf(os.Stderr, "isolated child: writing the result: %v\n", err)
		return 2
	}
	resFile.Close()
	return 0
}

func runIsolatedRequest(req isolatedRequest) isolatedResult {
	fail := func(err error) isolatedResult { return isolatedResult{Error: err.Error(), Stack: err.Error()} }
	opts := Options{Untrusted: true, TimeLimit: req.TimeLimit, MemoryLimit: req.MemoryLimit, Args: req.Args}
	if req.Client.Token != "" {
		copts := []client.Option{}
		if req.Client.URL != "" {
			copts = append(copts, client.WithURL(req.Client.URL))
		} else {
			env, err := client.EnvironmentByName(req.Client.Env)
			if err != nil {
				return fail(err)
			}
			copts = append(copts, client.WithEnvironment(env))
		}
		if req.Client.ActUnderAccount != "" {
			copts = append(copts, client.WithActUnderAccount(req.Client.ActUnderAccount))
		}
		if req.Client.Retries >= 0 {
			copts = append(copts, client.WithRetries(req.Client.Retries))
		}
		if req.Client.Timeout > 0 {
			copts = append(copts, client.WithTimeout(req.Client.Timeout))
		}
		c, err := client.New(req.Client.Token, copts...)
		if err != nil {
			return fail(err)
		}
		opts.Client = c
	}
	rt, err := New(opts)
	if err != nil {
		return fail(err)
	}
	defer rt.Close()
	v, err := rt.runSource(context.Background(), req.Name, req.Source, req.Args)
	var res isolatedResult
	var ee *ExitError
	var se *ScriptError
	var me *MemoryLimitError
	switch {
	case errors.As(err, &ee):
		res.ExitCode = ee.Code
	case errors.As(err, &se):
		res.Error, res.Stack, res.Interrupt = se.Message, se.Stack, se.Interrupt
	case err != nil:
		res.Error, res.Stack = err.Error(), err.Error()
	default:
		res.Value = v
	}
	if errors.As(err, &me) {
		res.MemoryLimit, res.MemoryUsed = me.Limit, me.Used
	}
	res.TimeLimit = errors.Is(err, ErrTimeLimit)
	errors.As(err, &res.APIError)
	if b, jerr := json.Marshal(res.Value); jerr != nil || bytes.Equal(b, []byte("null")) && res.Value != nil {
		res.Value = fmt.Sprint(res.Value) // a value JSON cannot carry (NaN, Infinity) as its text
	}
	return res
}

// runSource runs src as Run does, or, named by a file's path, as the
// body of a CommonJS module (module, exports, __filename) as RunFile does.
func (r *Runtime) runSource(ctx context.Context, name, src string, args []string) (any, error) {
	if name == "<eval>" {
		return r.Run(ctx, src)
	}
	r.setArgv(name, args)
	err := r.run(ctx, runToIdle, func(vm *goja.Runtime) error {
		f, err := vm.RunScript(name, "(function (exports, require, module, __filename, __dirname) {"+src+"\n})")
		if err != nil {
			return err
		}
		fn, _ := goja.AssertFunction(f)
		module := vm.NewObject()
		exports := vm.NewObject()
		module.Set("exports", exports)
		_, err = fn(goja.Undefined(), exports, vm.Get("require"), module, vm.ToValue(name), vm.ToValue(filepath.Dir(name)))
		return err
	})
	return nil, exitedCleanly(err)
}
