package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tk runs the command in-process with stdin and returns the exit code, stdout and stderr.
func tk(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	for _, k := range []string{"TOLOKA_TOKEN", "TOLOKA_ENV", "TOLOKA_URL", "TOLOKA_PROFILE"} {
		t.Setenv(k, "")
	}
	return dir
}

func TestEvalAndExitCodes(t *testing.T) {
	isolate(t)
	cases := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"-e", "1 + 1"}, 0, "2\n", ""},
		{[]string{"--local", "-e", "toloka.getPools({status: 'OPEN'}).first().private_name"}, 0, "demo pool\n", ""},
		{[]string{"--local", "--output", "json", "-e", "({a: [1, 'x'], b: null})"}, 0, "{\n  \"a\": [\n    1,\n    \"x\"\n  ],\n  \"b\": null\n}\n", ""},
		{[]string{"--local", "--output", "json", "-e", "toloka.getTasks().take(2).map(t => t.overlap)"}, 0, "[\n  3,\n  3\n]\n", ""},
		{[]string{"-e", "throw new TypeError('bad thing')"}, 1, "", "TypeError: bad thing\n\tat <eval>:1:7"},
		{[]string{"-e", "process.exit(7)"}, 7, "", ""},
		{[]string{"-e", "toloka.getRequester()"}, 1, "", "tolokash login"},
		{[]string{"--output", "yaml", "-e", "1"}, 2, "", "--output must be text or json"},
		{[]string{"--no-such-flag"}, 2, "", "flag provided but not defined"},
		{[]string{"--profile", "ghost", "-e", "1"}, 2, "", `no profile "ghost"`},
		{[]string{"run"}, 2, "", "which script?"},
		{[]string{"version"}, 0, "tolokash ", ""},
		{[]string{"--help"}, 0, "Usage:", ""},
	}
	for _, tc := range cases {
		code, out, errOut := tk(t, "", tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.err) {
			t.Errorf("tolokash %v: exit %d, stdout %q, stderr %q; want exit %d, %q, %q", tc.args, code, out, errOut, tc.code, tc.out, tc.err)
		}
	}
}

func TestScriptsWithArgsAndStdin(t *testing.T) {
	dir := isolate(t)
	script := filepath.Join(dir, "s.js")
	os.WriteFile(script, []byte("const pool = toloka.getPools().first();\nconsole.log(process.argv.slice(2).join('+'), pool.private_name);\n"), 0o644)
	for _, args := range [][]string{{"--local", script, "a", "b"}, {"--local", "run", script, "a", "b"}} {
		if code, out, errOut := tk(t, "", args...); code != 0 || out != "a+b demo pool\n" {
			t.Errorf("%v: exit %d %q %q", args, code, out, errOut)
		}
	}
	if code, out, _ := tk(t, "console.log(6 * 7)\n", "-"); code != 0 || out != "42\n" {
		t.Errorf("script from stdin: %d %q", code, out)
	}
	bad := filepath.Join(dir, "bad.js")
	os.WriteFile(bad, []byte("\n\nnull.x;\n"), 0o644)
	if code, _, errOut := tk(t, "", bad); code != 1 || !strings.Contains(errOut, "bad.js:3:") {
		t.Errorf("a script error names file:line: %d %q", code, errOut)
	}
}

// TestPipedREPL feeds the shell through a pipe: no prompts, multi-line entries,
// redeclared consts, await, `it` paging and errors that do not end the session.
func TestPipedREPL(t *testing.T) {
	isolate(t)
	input := strings.Join([]string{
		"const x = 1", "const x = 2", "x + 40",
		"function twice(a) {", "  return a * 2", "}", "twice(21)",
		"const r = await Promise.resolve(5)", "r * 2",
		"`multi", "line`.length",
		"toloka.getTasks({batch_size: 7})", "it", "it",
		"null.boom", "_ ",
		".exit", "'never reached'",
	}, "\n") + "\n"
	code, out, errOut := tk(t, input, "--local")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"42\n", "10\n", "Type \"it\" for more", "pets/19.jpg", "(no more items)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "toloka>") || strings.Contains(out, "never reached") {
		t.Errorf("no prompts on a pipe, nothing after .exit:\n%s", out)
	}
	if !strings.Contains(errOut, "Uncaught TypeError") {
		t.Errorf("errors go to stderr and the session goes on: %q", errOut)
	}
}

func TestProfilesAndLogin(t *testing.T) {
	dir := isolate(t)
	if code, out, errOut := tk(t, "secret-token-123\n", "login", "--profile", "work", "--url", "http://127.0.0.1:9"); code != 0 {
		t.Fatalf("login: %d %q %q", code, out, errOut)
	}
	path := filepath.Join(dir, "config", "tolokash", "config.json")
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("config file %v, mode %v", err, info.Mode())
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "secret-token-123") {
		t.Fatalf("the token is stored: %s", data)
	}
	// The profile is used (the URL points nowhere, so the call fails, naming the URL and not the token).
	code, _, errOut := tk(t, "", "--retries", "0", "--timeout", "1s", "-e", "toloka.getRequester()")
	if code != 1 || strings.Contains(errOut, "secret-token-123") || !strings.Contains(errOut, "127.0.0.1:9") {
		t.Errorf("profile connection: %d %q", code, errOut)
	}
	os.Chmod(path, 0o644)
	if _, _, errOut := tk(t, "", "-e", "1"); !strings.Contains(errOut, "can be read by other users") {
		t.Errorf("a readable config file gets a warning: %q", errOut)
	}
}
