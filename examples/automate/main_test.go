package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/internal/testenv"
)

// TestAutomate runs the whole job against the emulator: every task made,
// every assignment accepted, every image labelled.
func TestAutomate(t *testing.T) {
	t.Setenv("TOLOKA_TOKEN", "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out strings.Builder
	if err := run(ctx, &out, 12); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`pool \d+: 12 tasks, 0 refused`),
		regexp.MustCompile(`pool \d+ closed: 36 assignments accepted`), // overlap 3
		regexp.MustCompile(`(?m)^https://example.com/pets/11.jpg\t(cat|dog)$`),
		regexp.MustCompile(`12 images labelled: (\d+ cat ?)?(\d+ dog)?\n`),
	} {
		if !want.MatchString(got) {
			t.Errorf("output does not match %s:\n%s", want, got)
		}
	}
}

// TestAutomateBuildsAndRuns: `go build ./examples/automate` gives a program
// that does the job as its comment says, against an emulator in the process.
func TestAutomateBuildsAndRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	goCmd := testenv.NeedTool(t, "go")
	bin := filepath.Join(t.TempDir(), "automate")
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-tasks", "4", "-wait", "1m")
	cmd.Env = append(os.Environ(), "TOLOKA_TOKEN=") // the emulator, never a real account
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("automate -tasks 4: %v\n%s", err, out)
	}
	if want := regexp.MustCompile(`pool \d+: 4 tasks, 0 refused\npool \d+ closed: 12 assignments accepted\n(.|\n)*4 images labelled`); !want.Match(out) {
		t.Errorf("output does not match %s:\n%s", want, out)
	}
}
