// Package examples holds a Go program per way of using tolokash from Go:
// embed (the runtime with a module of the program's own), automate (a job
// done with the client) and review (code tested against the emulator).
// This test builds each and runs it as a person would, and holds the
// package overviews' code to the examples that go test runs.
package examples_test

import (
	"bufio"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProgramsBuildAndRun: `go run ./examples/NAME` works as each
// program's comment says, against an emulator in the process.
func TestProgramsBuildAndRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example programs")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./embed", "./automate", "./review")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // a regular expression the output must match
	}{
		{"embed", nil, 0, `the script says: 1 open pools, \[DEMO POOL\]\n(.|\n)*Toloka answered DOES_NOT_EXIST \(HTTP 404\)`},
		{"embed", []string{"no-such-script.js"}, 1, `open no-such-script.js: no such file or directory`},
		{"automate", []string{"-tasks", "4"}, 0, `pool \d+: 4 tasks, 0 refused\npool \d+ closed: 12 assignments accepted\n(.|\n)*4 images labelled`},
		{"review", nil, 0, `pool \d+: \d+ accepted, \d+ rejected`},
	} {
		cmd := exec.Command(filepath.Join(bin, tc.name), tc.args...)
		cmd.Env = append(os.Environ(), "TOLOKA_TOKEN=") // the emulator, never a real account
		out, err := cmd.CombinedOutput()
		code := cmd.ProcessState.ExitCode()
		if err != nil && code <= 0 {
			t.Errorf("%s %v: %v", tc.name, tc.args, err)
			continue
		}
		if code != tc.code || !regexp.MustCompile(tc.want).Match(out) {
			t.Errorf("%s %v: exit %d (want %d), output does not match %s:\n%s", tc.name, tc.args, code, tc.code, tc.want, out)
		}
	}
}

// documented are the packages whose overview is a guide with code.
var documented = []string{"runtime", "client", "emulator", "emulator/emulatortest", "stdlib", "aggregation"}

// TestPackageDocsRunAsWritten: every line of code in a package overview
// (go doc's first screen) is a line of an example that go test runs: a
// runnable Example function, or a program here whose test runs it. A line
// may end with a comment of its own, which the example need not have.
func TestPackageDocsRunAsWritten(t *testing.T) {
	corpus := exampleLines(t)
	for _, pkg := range documented {
		text := packageDoc(t, filepath.Join("..", pkg))
		blocks := 0
		for _, b := range new(comment.Parser).Parse(text).Content {
			code, ok := b.(*comment.Code)
			if !ok {
				continue
			}
			blocks++
			for _, line := range strings.Split(code.Text, "\n") {
				want := normalize(stripComment(line))
				if want == "" {
					continue
				}
				if !corpus.has(want) {
					t.Errorf("%s: this line of the package doc is in no example:\n\t%s", pkg, strings.TrimSpace(line))
				}
			}
		}
		if blocks == 0 {
			t.Errorf("%s: the package doc shows no code", pkg)
		}
	}
}

// packageDoc is the package comment of the package in dir.
func packageDoc(t *testing.T, dir string) string {
	t.Helper()
	pkgs, err := parser.ParseDir(token.NewFileSet(), dir, func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, p := range pkgs {
		for _, f := range p.Files {
			if f.Doc != nil {
				text.WriteString(f.Doc.Text())
			}
		}
	}
	return text.String()
}

type lines []string

func (ls lines) has(s string) bool {
	for _, l := range ls {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// exampleLines are the lines of every example go test runs: the Example
// functions' files and the programs here.
func exampleLines(t *testing.T) lines {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../*/example*_test.go", "../*/*/example*_test.go", "*/*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	var all lines
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			all = append(all, normalize(sc.Text()))
		}
		f.Close()
	}
	return all
}

var (
	spaces  = regexp.MustCompile(`\s+`)
	trailer = regexp.MustCompile(`(^|\s)//\s.*$`)
)

func stripComment(line string) string { return trailer.ReplaceAllString(line, "") }

func normalize(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }
