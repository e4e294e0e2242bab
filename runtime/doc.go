// Package runtime runs tolokash's JavaScript inside a Go program: a goja VM
// with CommonJS require, console, timers and promises, Buffer, URL, util and
// process, the stdlib (DataFrame, fs, csv, compress, toloka/aggregation) and
// the toloka global, every method of the Toloka API bound to a Go client.
//
// # Running a script
//
// New makes a runtime; Run evaluates a script and returns its value as plain
// Go values once the timers and promises it started are done:
//
//	rt, err := runtime.New(runtime.Options{Client: c, Stdout: os.Stdout})
//	defer rt.Close()
//	v, err := rt.Run(ctx, `
//		const pool = toloka.getPools({status: 'OPEN'}).first();
//		({pool: pool.id, tasks: toloka.getTasks({pool_id: pool.id}).count()})`)
//	fmt.Println(v.(map[string]any)["tasks"])
//
// The value is what JSON.stringify would make of the script's, as Go sees
// JSON: map[string]any, []any, string, bool, nil, and numbers as int64 when
// whole and float64 otherwise; a promise gives the value it settled with
// (Run lists every conversion). json.Marshal takes it as it is. RunFile runs
// a file as a CommonJS module with arguments in process.argv, as the
// tolokash command does.
//
// Calls of the API are synchronous in a script: one blocks the goroutine
// running the script, not the process. A runtime runs one script at a time;
// make one per goroutine, or take fresh ones from a Pool. A runtime keeps
// its globals from run to run (a script may define functions for Call), so
// scripts of different sources should not share one.
//
// # Go functions and values for scripts
//
// RegisterModule gives scripts a module of the program's own Go functions
// and values, Set a global, and Call calls a function a script defined:
//
//	rt.RegisterModule("store", map[string]any{
//		"save":    save, // func(ctx context.Context, a answer) error
//		"version": 2,
//	})
//	ok, err := rt.Call(ctx, "accept", assignment)
//
// Arguments convert to the Go parameters' types (an object to a struct by
// its json tags, an array to a slice), results back to JavaScript; an error
// returned throws in the script. A function whose first parameter is a
// context.Context gets the run's, which ends when the run is interrupted or
// its deadline passes: a Go function that can block should take one. Set
// lists the conversions.
//
// # Errors
//
// An exception a script does not catch ends the run with a *ScriptError,
// whose Error() is what a person reads (the line with a caret, the message,
// the JavaScript stack). It unwraps to the Go error behind the exception,
// so errors.As and errors.Is tell what happened:
//
//	_, err := rt.Run(ctx, src)
//	var apiErr *client.APIError
//	var se *runtime.ScriptError
//	switch {
//	case errors.As(err, &apiErr):
//		fmt.Println("Toloka says:", apiErr.Code, apiErr.Status, errors.Is(err, client.ErrNotFound))
//	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, runtime.ErrTimeLimit):
//		fmt.Println("too slow:", err)
//	case errors.As(err, &se):
//		fmt.Println("the script failed:", se.Message)
//	}
//
// A failed API call gives the call's *client.APIError (matching
// client.ErrNotFound and the other sentinels), also when the script
// rethrew it as another error's cause; an error a Go function returned
// gives that error. A run stopped before its end has ScriptError.Interrupt
// set and matches the cause that fired: context.DeadlineExceeded or
// context.Canceled (the caller's context), ErrTimeLimit (Options.TimeLimit),
// ErrInterrupted (Interrupt) or a *MemoryLimitError (the memory budget). A
// call of process.exit(n) with n > 0 is an *ExitError.
//
// # Scripts you do not trust
//
// Options.Untrusted switches off what reaches the host (files, the
// environment, modules on disk), gives each run a memory budget
// (MemoryLimit) and a shallower stack, and gives up on a run that does not
// stop at its TimeLimit. NewPool hands out a fresh runtime per script, and
// Isolated runs each in a child process under an address-space limit
// (the program calls ServeIsolated first thing in main):
//
//	pool := runtime.NewPool(func() (*runtime.Runtime, error) {
//		return runtime.New(runtime.Options{Untrusted: true, TimeLimit: 2 * time.Second, MemoryLimit: 64 << 20, Stdout: os.Stdout})
//	}, 2)
//	defer pool.Close()
//	v, err := pool.Run(context.Background(), `({sum: [1, 2, 3].reduce((a, b) => a + b), at: 'the end'})`)
//
// # Testing a program that embeds the runtime
//
// The emulator package serves an in-memory Toloka with simulated Tolokers
// on a loopback port, and client.WithURL points a client at it: no token,
// no network. In a program (an example, a demo mode) emulator.Start serves
// one until Close; in a test, emulatortest.Start(t, opts) does, with a fast
// crowd, and stops it when the test ends:
//
//	em, err := emulator.Start(emulator.Options{Demo: true})
//	defer em.Close()
//	c, err := client.New("any-token", client.WithURL(em.URL))
//
// # Escape hatches
//
// What the Go-typed methods do not cover is reached through goja's own
// types: RunString returns the goja.Value itself, VM the goja runtime (use
// it only between runs or inside a Go function a script called),
// RegisterModuleLoader takes a goja_nodejs loader, and Loop lets Go work on
// other goroutines settle promises on the runtime's event loop (Loop().Hold).
// The shell uses Eval, RunReady, Drain and Do to run entries and what they
// leave for later, Inspect and Show to print values as node's util.inspect
// does, and Declarations for help() and `tolokash types`.
package runtime
