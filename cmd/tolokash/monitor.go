package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/tolokash/tolokash/internal/monitor"
)

const monitorUsage = `Usage: tolokash monitor [flags] [POOL_ID…]

A live dashboard of pools: status, completion, assignments by status,
spending against the estimated budget, answers a minute, ETA and recent bans,
redrawn every --interval; q or Ctrl-C quits. Without pool ids, the open pools.
--once prints one snapshot (--output json for scripts). The connection flags
are the shell's (--local, --env, --url, --token, --profile, …).

Flags:
`

// monitorCmd is `tolokash monitor`: it takes the connection flags of the
// shell, and its own.
func monitorCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, retries: -1}
	fs := c.flags()
	once, interval := monitorFlags(fs)
	if err := fs.Parse(args); err != nil {
		w, code := stdout, 0
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "tolokash monitor: %v\n\n", err)
			w, code = stderr, 2
		}
		fmt.Fprint(w, monitorUsage)
		fs.SetOutput(w)
		fs.PrintDefaults()
		return code
	}
	if c.output != "text" && c.output != "json" {
		fmt.Fprintf(stderr, "tolokash monitor: --output must be text or json, not %q\n", c.output)
		return 2
	}
	if c.output == "json" && !*once {
		fmt.Fprintln(stderr, "tolokash monitor: --output json is for --once (a live dashboard is drawn, not printed)")
		return 2
	}
	if *interval < 100*time.Millisecond {
		fmt.Fprintf(stderr, "tolokash monitor: --interval %v is too short (100ms at least)\n", *interval)
		return 2
	}
	conn, err := c.connect()
	defer conn.stop()
	if err != nil {
		fmt.Fprintf(stderr, "tolokash monitor: %v\n", err)
		var ue *usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	if conn.client == nil {
		fmt.Fprintln(stderr, "tolokash monitor: "+noTokenHelp)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ids := fs.Args()
	if len(ids) == 0 {
		if ids, err = monitor.OpenPools(ctx, conn.client, 5); err != nil {
			fmt.Fprintf(stderr, "tolokash monitor: %v\n", err)
			return 1
		}
	}
	col := &monitor.Collector{Client: conn.client, PoolIDs: ids}
	if *once {
		snap, err := col.Snapshot(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "tolokash monitor: %s\n", redact(err.Error(), []string{conn.token}))
			return 1
		}
		if c.output == "json" {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			enc.Encode(snap)
			return 0
		}
		fmt.Fprint(stdout, monitor.Render(snap, monitor.Style{Width: termWidth(stdout), Header: conn.where}))
		return 0
	}
	return liveMonitor(ctx, col, c, conn, *interval)
}

// monitorFlags adds the monitor's own flags to the shell's.
func monitorFlags(fs *flag.FlagSet) (once *bool, interval *time.Duration) {
	return fs.Bool("once", false, "monitor: one snapshot, then exit"), fs.Duration("interval", 5*time.Second, "monitor: time between refreshes")
}

func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil {
			return cols
		}
	}
	return 100
}

// liveMonitor redraws the dashboard until q, Ctrl-C or SIGTERM. On a
// terminal it draws on the alternate screen with keys read raw; elsewhere
// it prints a snapshot per refresh.
func liveMonitor(ctx context.Context, col *monitor.Collector, c *cli, conn *connection, interval time.Duration) int {
	out, ok := c.stdout.(*os.File)
	terminal := ok && isTerminal(out)
	color := terminal && !c.noColor && os.Getenv("NO_COLOR") == ""
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	header := fmt.Sprintf("q quits · every %v · %s", interval, conn.where)
	if terminal {
		if in, ok := c.stdin.(*os.File); ok && isTerminal(in) {
			if old, err := term.MakeRaw(int(in.Fd())); err == nil {
				defer term.Restore(int(in.Fd()), old)
				go readQuit(in, cancel)
			}
		}
		fmt.Fprint(out, "\x1b[?1049h\x1b[?25l") // the alternate screen, no cursor
		defer fmt.Fprint(out, "\x1b[?25h\x1b[?1049l")
	}
	errs := 0
	for {
		snap, err := col.Snapshot(ctx)
		switch {
		case ctx.Err() != nil:
			return 0
		case err != nil:
			errs++
			msg := redact(err.Error(), []string{conn.token})
			if terminal {
				fmt.Fprintf(out, "\x1b[H\x1b[2J%s\r\n(retrying in %v; q quits)", msg, interval)
			} else {
				fmt.Fprintf(c.stderr, "tolokash monitor: %s\n", msg)
			}
			if errs >= 5 && !terminal {
				return 1
			}
		default:
			errs = 0
			text := monitor.Render(snap, monitor.Style{Width: termWidth(c.stdout), Color: color, Header: header})
			if terminal {
				// Raw mode: lines end in CR LF; the screen is redrawn whole.
				fmt.Fprint(out, "\x1b[H\x1b[2J"+strings.ReplaceAll(strings.TrimRight(text, "\n"), "\n", "\r\n"))
			} else {
				fmt.Fprintln(c.stdout, text)
			}
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return 0
		case <-t.C:
		}
	}
}

// readQuit ends the monitor at q, Q, Ctrl-C or Ctrl-D typed in raw mode.
func readQuit(in *os.File, quit func()) {
	b := make([]byte, 16)
	for {
		n, err := in.Read(b)
		if err != nil {
			quit()
			return
		}
		for _, c := range b[:n] {
			if c == 'q' || c == 'Q' || c == 3 || c == 4 {
				quit()
				return
			}
		}
	}
}
