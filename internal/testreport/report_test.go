package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture runs testreport on the module in testdata/fixture, with env added
// to the environment, and answers its output and exit status.
func fixture(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	var out, errOut bytes.Buffer
	code := run(filepath.Join("testdata", "fixture"), append(args, "--", "-count=1", "./..."), &out, &errOut)
	if errOut.Len() > 0 {
		t.Logf("stderr: %s", errOut.String())
	}
	return out.String(), code
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestEndsWithACountNamingEverySkip(t *testing.T) {
	out, code := fixture(t, nil)
	want := "tests: 5 passed, 0 failed, 3 skipped: " +
		"example.com/fixture TestNeedsATool (needs: tmux (not on PATH)); " +
		"example.com/fixture TestNeedsACheckout (needs: FIXTURE_TOLOKA_KIT (set it to a toloka-kit checkout)); " +
		"example.com/fixture TestSubtests/skips (needs: tmux)"
	if code != 0 || lastLine(out) != want {
		t.Errorf("exit %d, last line\n%s\nwant\n%s\nwhole output:\n%s", code, lastLine(out), want, out)
	}
	if !strings.HasPrefix(out, "ok  \texample.com/fixture\t") || strings.Count(out, "\n") != 2 {
		t.Errorf("a passing run prints the package's ok line and the count, nothing else:\n%s", out)
	}
}

func TestCIAllowsOnlySkipsForWhatItLacks(t *testing.T) {
	out, code := fixture(t, nil, "-ci")
	if code != 0 || strings.Contains(out, "On CI") {
		t.Errorf("skips that name what they need, none of it provided: exit %d\n%s", code, out)
	}

	out, code = fixture(t, nil, "-ci", "-provided", "git,tmux")
	if code != 1 || !strings.Contains(out, "TestNeedsATool skipped for tmux, which CI installs") ||
		!strings.Contains(out, "TestSubtests/skips skipped for tmux") || strings.Contains(out, "  example.com/fixture TestNeedsACheckout") {
		t.Errorf("a skip for what CI installs: exit %d\n%s", code, out)
	}
	if !strings.HasPrefix(lastLine(out), "tests: 5 passed, 0 failed, 3 skipped") {
		t.Errorf("the count is still the last line:\n%s", out)
	}

	out, code = fixture(t, []string{"FIXTURE_BARE_SKIP=1"}, "-ci")
	if code != 1 || !strings.Contains(out, "TestSkipsWithoutSaying skipped without saying what it needs (the data is not here)") {
		t.Errorf("a skip without needs: exit %d\n%s", code, out)
	}

	if _, code = fixture(t, []string{"FIXTURE_BARE_SKIP=1"}); code != 0 {
		t.Errorf("without -ci a skip is reported, not failed: exit %d", code)
	}
}

func TestPrintsWhatFailed(t *testing.T) {
	out, code := fixture(t, []string{"FIXTURE_FAIL=1"})
	if code != 1 {
		t.Errorf("exit %d, want go test's 1", code)
	}
	for _, want := range []string{"fixture_test.go:26: a failed test's lines are all printed", "fixture_test.go:28: asked to fail", "--- FAIL: TestFails", "FAIL\texample.com/fixture"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "=== RUN") || strings.Contains(out, "is not printed") {
		t.Errorf("only failed tests' own output is printed:\n%s", out)
	}
	if !strings.HasPrefix(lastLine(out), "tests: 4 passed, 1 failed, 3 skipped") {
		t.Errorf("last line: %s", lastLine(out))
	}
}

func TestBuildFailureFails(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/broken\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken_test.go"), []byte("package broken\n\nfunc f() { undefined() }\n"), 0o644)
	var out, errOut bytes.Buffer
	code := run(dir, []string{"--", "./..."}, &out, &errOut)
	all := out.String() + errOut.String()
	if code == 0 || !strings.Contains(all, "undefined") || lastLine(out.String()) != "tests: 0 passed, 0 failed, 0 skipped" {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
}

func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run("", []string{"-no-such-flag"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "usage: testreport") {
		t.Errorf("exit %d, stderr %s", code, errOut.String())
	}
}

func TestWordBeforeDashDashIsRefused(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run("", []string{"-ci", "-provided", "tmux", "npm", "--", "./testdata/pass"}, &out, &errOut)
	if code != 2 || !strings.Contains(errOut.String(), `"npm" before --`) {
		t.Errorf("exit %d, stderr %s", code, errOut.String())
	}
}
