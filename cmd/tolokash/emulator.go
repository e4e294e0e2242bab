package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tolokash/tolokash/emulator"
)

func runEmulator(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tolokash emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:7070", "address to listen on")
	workers := fs.Int("workers", 5, "simulated Tolokers")
	faults := fs.Float64("faults", 0, "share of requests answered with a fault (0..1): 500, 503, 429, reset, slow")
	seed := fs.Int64("seed", 1, "seed of the simulated work and faults")
	statePath := fs.String("state", "", "load state from this file at start and save it there at exit (zstd)")
	demo := fs.Bool("demo", false, "start with a demo project, pool and tasks")
	bigPool := fs.Int("demo-assignments", 0, "add a closed pool holding this many submitted assignments (for paging, exports and benchmarks)")
	workDelay := fs.Duration("work-delay", 200*time.Millisecond, "pace of the simulated Tolokers")
	verbose := fs.Bool("v", false, "log each request")
	token := fs.String("token", os.Getenv("TOLOKASH_EMULATOR_TOKEN"), "accept only this token (also TOLOKASH_EMULATOR_TOKEN); without it any token is accepted")
	if code, done := parseFlags(fs, args, "tolokash emulator [--addr HOST:PORT] [--token T] [--workers N] [--faults RATE] [--seed N] [--state FILE] [--demo] [--demo-assignments N]", stdout, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tolokash emulator: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *faults < 0 || *faults > 1 {
		fmt.Fprintf(stderr, "tolokash emulator: --faults %v is not between 0 and 1\n", *faults)
		return 2
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	opts := emulator.Options{Workers: *workers, Faults: *faults, Seed: *seed, WorkDelay: *workDelay,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})), Token: *token}
	warnExposed(stderr, *addr, *token != "")
	haveState := false
	if *statePath != "" {
		if _, err := os.Stat(*statePath); err == nil {
			haveState = true
		}
	}
	opts.Demo = *demo && !haveState
	if !haveState {
		opts.DemoAssignments = *bigPool
	}
	// Catch the signals before saying we listen: whoever reads that line may
	// stop us at once, and the state must still be saved.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	em, err := emulator.Listen(*addr, opts)
	if err != nil {
		fmt.Fprintf(stderr, "tolokash emulator: %v\n", err)
		return 1
	}
	if haveState {
		if err := em.Server.LoadState(*statePath); err != nil {
			fmt.Fprintf(stderr, "tolokash emulator: %v\n", err)
			em.Close()
			return 1
		}
	}
	fmt.Fprintf(stdout, "Toloka emulator listening on %s\n", em.URL)
	fmt.Fprintf(stdout, "Point a client at it with any token, e.g. TOLOKA_URL=%s TOLOKA_TOKEN=local\n", em.URL)
	<-ctx.Done()
	code := 0
	if err := em.Close(); err != nil {
		fmt.Fprintf(stderr, "tolokash emulator: stopping: %v\n", err)
		code = 1
	}
	if *statePath != "" {
		if err := em.Server.SaveState(*statePath); err != nil {
			fmt.Fprintf(stderr, "tolokash emulator: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "state saved to %s\n", *statePath)
	}
	return code
}

// warnExposed warns when the emulator listens beyond this machine: it speaks
// plain http, and without --token it takes any token from anyone.
func warnExposed(stderr io.Writer, addr string, token bool) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return // Listen reports it
	}
	if host == "localhost" {
		return
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return
	}
	where := host
	if host == "" || host == "0.0.0.0" || host == "::" {
		where = "every interface"
	}
	if token {
		fmt.Fprintf(stderr, "tolokash emulator: warning: listening on %s (%s): reachable from other machines over plain http, the token travels unencrypted\n", addr, where)
		return
	}
	fmt.Fprintf(stderr, "tolokash emulator: warning: listening on %s (%s): anyone who can reach it may use it with any token; --token T demands one\n", addr, where)
}
