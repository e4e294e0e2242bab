package main

import (
	"bytes"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/emulator"
)

// TestTokenNeverShown runs sessions that fail in every way a token could leak
// through (API errors, network errors, printing the client, help, script
// errors) and greps everything they and the emulator wrote for a canary token.
func TestTokenNeverShown(t *testing.T) {
	const canary = "CANARY-7f3a9-token-should-never-be-seen"
	dir := isolate(t)
	bin := filepath.Join(dir, "tolokash")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	var emuLog bytes.Buffer
	em, err := emulator.Start(emulator.Options{Logger: slog.New(slog.NewTextHandler(&emuLog, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	defer em.Close()
	script := filepath.Join(dir, "fail.js")
	os.WriteFile(script, []byte("toloka.createTasks([{pool_id: 'nope', input_values: {}}]);\n"), 0o644)
	// An error shows the line it happened on: here the line holds the token.
	literal := filepath.Join(dir, "literal.js")
	os.WriteFile(literal, []byte("new TolokaClient({token: '"+canary+"', url: 'http://127.0.0.1:1', retries: 0}).getRequester();\n"), 0o644)
	runs := [][]string{
		{"--url", em.URL, "-e", "toloka.getPool('no-such-pool')"},
		{"--url", em.URL, "-e", "console.log(toloka); console.log(String(toloka)); console.error(JSON.stringify({c: toloka})); toloka"},
		{"--url", em.URL, "-e", "toloka.withOptions({retries: 0})"},
		{"--url", em.URL, script},
		{"--url", em.URL, literal},
		{"--url", em.URL, "-e", "toloka.getRequester(); '" + canary + "'.x.y"},
		{"--url", "http://127.0.0.1:1", "--retries", "0", "-e", "toloka.getRequester()"},
		{"--token", canary, "--url", em.URL, "-e", "toloka.findPools({sort: ['bad']})"},
		{"--help"},
		{"--token", canary, "--help"},
		{"--url", em.URL, "-e", "help(toloka.getPool)"},
	}
	var all bytes.Buffer
	for _, args := range runs {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "TOLOKA_TOKEN="+canary, "NO_COLOR=1")
		out, _ := cmd.CombinedOutput()
		all.Write(out)
		if bytes.Contains(out, []byte("CANARY")) {
			t.Errorf("tolokash %s showed the token:\n%s", strings.Join(args, " "), out)
		}
	}
	if bytes.Contains(emuLog.Bytes(), []byte("CANARY")) {
		t.Errorf("the emulator logged the token:\n%s", emuLog.String())
	}
	for _, want := range []string{"DoesNotExistError", "<redacted>", "connection refused", "sort"} {
		if !bytes.Contains(all.Bytes(), []byte(want)) {
			t.Errorf("the sessions should have failed visibly (%q missing):\n%s", want, all.String())
		}
	}
}
