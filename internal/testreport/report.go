package main

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

type testKey struct{ pkg, test string }

// report turns go test's events into plain go test output and a summary.
type report struct {
	out     io.Writer
	module  string               // trimmed from package paths in the summary
	policy  *policy              // nil unless -ci
	pending map[testKey][]string // output of tests still running
	passed  int
	failed  int
	skips   []skip
}

// skip is a test that skipped, and the reason it gave.
type skip struct {
	pkg, test string
	reason    string // its last log line, or the one naming what it needs
	needs     string // WHAT of "needs: WHAT", or ""
}

// policy is -ci's rule on skips.
type policy struct {
	provided map[string]bool // what CI installs
}

// needs finds internal/testenv.NeedsMarker, which starts a skip message, and
// the word after it.
var needs = regexp.MustCompile(`^needs: (\S+)`)

// logLine is a test's log line: its file and line, then the message.
var logLine = regexp.MustCompile(`^\s+\S+\.go:\d+: `)

// repeats are package output lines that the package's ok line repeats.
var repeats = map[string]bool{"PASS\n": true, "testing: warning: no tests to run\n": true}

// line handles one line of go test's standard output.
func (r *report) line(b []byte) {
	var e event
	if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &e) != nil {
		fmt.Fprintf(r.out, "%s\n", b) // not an event (a build tool's output): as it came
		return
	}
	r.add(e)
}

func (r *report) add(e event) {
	if e.Test == "" {
		// A package's own output: its ok/FAIL line, build errors, a panic
		// outside any test. What plain go test leaves out is left out:
		// "PASS" and the no-tests warning only repeat the ok line.
		if (e.Action == "output" || e.Action == "build-output") && !repeats[e.Output] {
			io.WriteString(r.out, e.Output)
		}
		return
	}
	k := testKey{e.Package, e.Test}
	switch e.Action {
	case "output":
		r.pending[k] = append(r.pending[k], e.Output)
	case "pass":
		r.passed++
		delete(r.pending, k)
	case "fail":
		r.failed++
		for _, l := range r.pending[k] {
			if !strings.HasPrefix(l, "=== ") { // RUN, PAUSE, CONT, NAME: -v's bookkeeping
				io.WriteString(r.out, l)
			}
		}
		delete(r.pending, k)
	case "skip":
		r.skips = append(r.skips, skipOf(e.Package, e.Test, r.pending[k]))
		delete(r.pending, k)
	}
}

// skipOf finds why a test skipped in its output: the line naming what it
// needs, or else its last log line.
func skipOf(pkg, test string, output []string) skip {
	s := skip{pkg: pkg, test: test}
	for i := len(output) - 1; i >= 0; i-- {
		l := strings.TrimSpace(logLine.ReplaceAllString(output[i], ""))
		if l == "" || strings.HasPrefix(l, "--- SKIP") || strings.HasPrefix(l, "=== ") {
			continue
		}
		if m := needs.FindStringSubmatch(l); m != nil {
			s.reason, s.needs = l, m[1]
			return s
		}
		if s.reason == "" {
			s.reason = l
		}
	}
	if s.reason == "" {
		s.reason = "no reason given"
	}
	return s
}

// finish prints the skips that break -ci's rule, then the summary line, and
// answers how many broke it.
func (r *report) finish() (violations int) {
	if r.policy != nil {
		for _, s := range r.skips {
			var why string
			switch {
			case s.needs == "":
				why = "skipped without saying what it needs (" + s.reason + ")"
			case r.policy.provided[s.needs]:
				why = "skipped for " + s.needs + ", which CI installs (" + s.reason + ")"
			default:
				continue
			}
			if violations == 0 {
				fmt.Fprintln(r.out, `On CI a test may skip only for something CI does not have, and must say "needs: WHAT" (testdata/README.md):`)
			}
			violations++
			fmt.Fprintf(r.out, "  %s %s %s\n", r.short(s.pkg), s.test, why)
		}
	}
	fmt.Fprintf(r.out, "tests: %d passed, %d failed, %d skipped", r.passed, r.failed, len(r.skips))
	for i, s := range r.skips {
		sep := "; "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(r.out, "%s%s %s (%s)", sep, r.short(s.pkg), s.test, s.reason)
	}
	fmt.Fprintln(r.out)
	return violations
}

// short is a package path without the module's prefix (the module's own
// package keeps its whole path).
func (r *report) short(pkg string) string {
	if r.module == "" {
		return pkg
	}
	return strings.TrimPrefix(pkg, r.module+"/")
}
