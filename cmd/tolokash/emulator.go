package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tolokash/tolokash/emulator"
)

func runEmulator(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tolokash emulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:7070", "address to listen on")
	workers := fs.Int("workers", 5, "simulated Tolokers")
	faults := fs.Float64("faults", 0, "share of requests answered with a fault (0..1), of the --fault-kinds")
	faultKinds := fs.String("fault-kinds", "", "comma-separated kinds of fault to inject (default all):"+faultKindsHelp())
	latency := fs.Duration("latency", 0, "delay every answer by about this much, as the network to Toloka does (e.g. 40ms)")
	jitter := fs.Duration("latency-jitter", 0, "give or take this much on each answer's --latency (default a quarter of it)")
	pace := fs.Float64("pace", 1, "speed of the simulated Tolokers against a real crowd's (10: ten times as fast)")
	seed := fs.Int64("seed", 1, "seed of the simulated work and faults")
	statePath := fs.String("state", "", "load state from this file at start and save it there at exit (zstd)")
	demo := fs.Bool("demo", false, "start with a demo project, pool and tasks")
	bigPool := fs.Int("demo-assignments", 0, "add a closed pool holding this many submitted assignments (for paging, exports and benchmarks)")
	workDelay := fs.Duration("work-delay", emulator.DefaultWorkDelay, "mean time a simulated Toloker spends on a one-task page with one choice (each has a pace of their own; typing, more tasks take longer)")
	accuracy := fs.Float64("accuracy", 0.8, "the honest Tolokers' mean hidden accuracy (each within 0.15 of it)")
	cheaters := fs.Float64("cheaters", emulator.DefaultCheaters, "share of the simulated Tolokers who cheat (0..1)")
	mishaps := fs.Float64("mishaps", emulator.DefaultMishaps, "share of assignments skipped; half as many expire, two thirds as many bring a message (0..1)")
	verbose := fs.Bool("v", false, "log each request")
	token := fs.String("token", os.Getenv("TOLOKASH_EMULATOR_TOKEN"), "accept only this token (also TOLOKASH_EMULATOR_TOKEN); without it any token is accepted")
	if code, done := parseFlags(fs, args, emulatorSynopsis, stdout, stderr); done {
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
	crowd, err := crowdOptions(*workers, *pace, *workDelay)
	if err == nil {
		err = crowdMakeUp(&crowd, *accuracy, *cheaters, *mishaps)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tolokash emulator: %v\n", err)
		return 2
	}
	kinds, err := parseFaultKinds(*faultKinds)
	if err != nil {
		fmt.Fprintf(stderr, "tolokash emulator: --fault-kinds: %v\n", err)
		return 2
	}
	if *latency < 0 {
		fmt.Fprintf(stderr, "tolokash emulator: --latency %v is negative\n", *latency)
		return 2
	}
	if *jitter < 0 {
		fmt.Fprintf(stderr, "tolokash emulator: --latency-jitter %v is negative\n", *jitter)
		return 2
	}
	if !flagSet(fs, "latency-jitter") {
		*jitter = *latency / 4
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	opts := crowd
	opts.Faults, opts.FaultKinds, opts.Seed, opts.Latency, opts.LatencyJitter = *faults, kinds, *seed, *latency, *jitter
	opts.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	opts.Token = *token
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
	if *faults > 0 {
		fmt.Fprintf(stdout, "%d faults injected\n", em.Server.FaultsInjected())
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

// crowdOptions checks the simulated crowd's flags, which `tolokash emulator`
// and `tolokash --local` share.
func crowdOptions(workers int, pace float64, workDelay time.Duration) (emulator.Options, error) {
	switch {
	case workers < 1:
		return emulator.Options{}, fmt.Errorf("--workers %d: there must be at least one simulated Toloker", workers)
	case pace <= 0 || math.IsInf(pace, 0) || math.IsNaN(pace):
		return emulator.Options{}, fmt.Errorf("--pace %v: give a positive factor (2 is twice as fast, 0.5 half)", pace)
	case workDelay <= 0:
		return emulator.Options{}, fmt.Errorf("--work-delay %v: give a positive duration (e.g. 10s)", workDelay)
	}
	return emulator.Options{Workers: workers, Pace: pace, WorkDelay: workDelay}, nil
}

// crowdMakeUp checks the crowd's accuracy, share of cheaters and of mishaps.
func crowdMakeUp(o *emulator.Options, accuracy, cheaters, mishaps float64) error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"accuracy", accuracy}, {"cheaters", cheaters}, {"mishaps", mishaps}} {
		if !(f.v >= 0 && f.v <= 1) {
			return fmt.Errorf("--%s %v is not between 0 and 1", f.name, f.v)
		}
	}
	if accuracy == 0 {
		return fmt.Errorf("--accuracy 0: give the crowd's mean accuracy, above 0")
	}
	o.Accuracy = accuracy
	o.Cheaters, o.Mishaps = cheaters, mishaps
	if cheaters == 0 {
		o.Cheaters = -1 // the emulator's 0 is its default
	}
	if mishaps == 0 {
		o.Mishaps = -1
	}
	return nil
}

// emulatorSynopsis is the head of `tolokash emulator --help`: the usage, and
// what the simulated crowd does and does not do.
const emulatorSynopsis = `tolokash emulator [--addr HOST:PORT] [--token T] [--workers N] [--pace F | --work-delay D] [--accuracy F] [--cheaters F] [--mishaps F] [--faults RATE [--fault-kinds LIST]] [--latency D] [--seed N] [--state FILE] [--demo] [--demo-assignments N]

The simulated crowd works the open pools as Toloka's does; a script that
sets a pool up and waits for it sees the same outcome twice for the same
--seed. It simulates:
  Tolokers with profiles, devices and skills that pool filters select on, a
    hidden accuracy, a pace of their own, and habits: some cheat (bots that
    click at random in a fraction of the time, random clickers, Tolokers who
    always give the same answer)
  answers that fit the output spec and the view: choices from allowed_values
    or the view's radio groups, checkbox groups and selects (Template Builder
    and classic), text matching a pattern, numbers within bounds, booleans,
    URLs, files; each task has a hidden true answer (its known solution, or
    one drawn from its input: GET /api/emulator/pools/ID/truth shows them)
  quality control with the service's semantics: every collector, condition
    and action, with restrictions, skills, overlap and reviews where Toloka
    shows them; trainings that gate pools; the mixer (mixer_config,
    reserved_for, unavailable_for); captchas
  skipped and expired assignments and messages from Tolokers, at a few percent
Time runs --pace times as fast for the crowd: time limits, fast-response
thresholds, bans and the last 24 hours of income are in the crowd's time.
It does not simulate: dynamic overlap and pricing, speed/quality balance,
checkpoints, retries of trainings, task distribution functions, traits,
the per-language verified skills, or Tolokers' replies to messages.`

// parseFaultKinds reads --fault-kinds: names joined by commas.
func parseFaultKinds(list string) ([]string, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	var kinds []string
	for _, k := range strings.Split(list, ",") {
		kinds = append(kinds, strings.TrimSpace(k))
	}
	return kinds, emulator.CheckFaultKinds(kinds)
}

// faultKindsHelp lists every fault kind for the flag's help.
func faultKindsHelp() string {
	var b strings.Builder
	for _, k := range emulator.FaultKindNames {
		fmt.Fprintf(&b, "\n  %-12s %s", k.Name, k.Does)
	}
	return b.String()
}

// flagSet reports whether the command line gave the flag.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
