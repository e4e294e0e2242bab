// Command testreport runs `go test -json` with the arguments it is given and
// prints what a plain `go test` prints (a line per package, the output of
// every failed test), then one last line counting the tests that passed,
// failed and skipped, naming each skip with its reason, so no skip goes
// unnoticed. `make test` runs it:
//
//	go run ./internal/testreport [-ci] [-provided tmux,…] -- -race ./...
//
// With -ci (.ci/run), a skip fails the run unless its message says what the
// test needs, "needs: WHAT" (internal/testenv writes it), and WHAT is not one
// of -provided: the things CI installs, so a skip for one of them means the
// installation failed. Its exit status is go test's when that failed, else 1
// when a skip broke the rule, else 0.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	// Ctrl-C reaches go test too (same process group); it stops, and the
	// report of what ran so far is still printed.
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	os.Exit(run("", os.Args[1:], os.Stdout, os.Stderr))
}

// run runs go test in dir ("" for the current directory) and reports.
func run(dir string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("testreport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	ci := fs.Bool("ci", false, `fail when a test skips without saying "needs: WHAT", or needs what -provided lists`)
	provided := fs.String("provided", "", "comma-separated things CI installs (tmux,…): a test skipping for one fails the run under -ci")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: testreport [-ci] [-provided LIST] -- [go test flags] [packages]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	// Everything for go test comes after "--". A word before it is a
	// mistake: "-provided tmux npm" would hand npm to go test as a package.
	if rest, dd := fs.Args(), slices.Index(args, "--"); dd >= 0 && len(rest) != len(args)-dd-1 {
		fmt.Fprintf(stderr, "testreport: %q before --: -provided takes one comma-separated list (tmux,npm)\n", rest[0])
		fs.Usage()
		return 2
	}
	r := &report{out: stdout, module: modulePath(dir), pending: map[testKey][]string{}}
	if *ci {
		r.policy = &policy{provided: map[string]bool{}}
		for _, p := range strings.Split(*provided, ",") {
			if p = strings.TrimSpace(p); p != "" {
				r.policy.provided[p] = true
			}
		}
	}

	cmd := exec.Command("go", append([]string{"test", "-json"}, fs.Args()...)...)
	cmd.Dir = dir
	cmd.Stderr = stderr
	events, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(stderr, "testreport:", err)
		return 2
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(stderr, "testreport:", err)
		return 2
	}
	sc := bufio.NewScanner(events)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20) // a test may print long lines
	for sc.Scan() {
		r.line(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(stderr, "testreport: reading go test's output:", err)
		io.Copy(io.Discard, events) // let go test finish rather than block on a full pipe
	}
	err = cmd.Wait()
	violations := r.finish()
	switch {
	case err != nil:
		if exit, ok := err.(*exec.ExitError); ok && exit.ExitCode() > 0 {
			return exit.ExitCode()
		}
		fmt.Fprintln(stderr, "testreport: go test:", err)
		return 1
	case violations > 0 || sc.Err() != nil:
		return 1
	}
	return 0
}

// modulePath reads the module path from dir's go.mod, to shorten package
// names in the summary; "" when there is none.
func modulePath(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return ""
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("module ")); ok {
			return strings.Trim(string(bytes.TrimSpace(rest)), `"`)
		}
	}
	return ""
}
