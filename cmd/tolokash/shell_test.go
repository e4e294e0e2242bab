package main

import (
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The shell as a person uses it, in a pseudo-terminal (what it writes) or in
// tmux (what the screen shows): issue #20's list, one test each.

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// plainText is terminal output without escape sequences and carriage returns.
func plainText(s string) string { return strings.ReplaceAll(ansi.ReplaceAllString(s, ""), "\r", "") }

// TestShellHelpAndPrinting: help(toloka) works at the prompt, results print
// six levels deep as util.inspect does, and config changes depth and page
// size for this session and the next (kept in the config file).
func TestShellHelpAndPrinting(t *testing.T) {
	dir := isolate(t)
	term, cmd := startTerminal(t, nil, "--local", "--no-color")
	term.waitFor("toloka> ")
	term.send("help(toloka)\r")
	screen := plainText(term.waitFor("tells more about one."))
	if !strings.Contains(screen, "toloka.getPool(pool_id) → Pool") || strings.Contains(screen, "TypeError") {
		t.Errorf("help(toloka): %q", screen)
	}
	term.send("({solutions: [{output_values: {label: 'cat', extra: {x: {y: 1}}}}]})\r")
	screen = plainText(term.waitFor("\n}"))
	if !strings.Contains(screen, "extra: { x: { y: 1 } }") || strings.Contains(screen, "[Object]") {
		t.Errorf("a result six levels deep: %q", screen)
	}
	term.send("[help, new Map([['a', 1]]), Symbol('s'), 10n]\r")
	screen = plainText(term.waitFor("10n ]"))
	if !strings.Contains(screen, "[ [Function: help], Map(1) { 'a' => 1 }, Symbol(s), 10n ]") {
		t.Errorf("functions, maps, symbols and bigints: %q", screen)
	}
	term.send("config.set('depth', 1)\r")
	term.waitFor(`Setting "depth" has been changed`)
	term.send("config.set('pageSize', 5)\r")
	term.waitFor("toloka> ")
	term.send("({a: {b: {c: 1}}})\r")
	screen = plainText(term.waitFor("} }"))
	if !strings.Contains(screen, "{ a: { b: [Object] } }") {
		t.Errorf("depth 1: %q", screen)
	}
	term.send("toloka.getTasks()\r")
	screen = plainText(term.waitFor(`Type "it" for more`))
	if n := strings.Count(screen, "input_values"); n != 5 {
		t.Errorf("a page of pageSize 5 holds %d items:\n%s", n, screen)
	}
	term.send(".exit\r")
	exits(t, cmd)

	data, err := os.ReadFile(filepath.Join(dir, "config", "tolokash", "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Shell struct {
			Depth    int `json:"depth"`
			PageSize int `json:"page_size"`
		} `json:"shell"`
	}
	if json.Unmarshal(data, &file); file.Shell.Depth != 1 || file.Shell.PageSize != 5 {
		t.Errorf("the settings are not kept: %s", data)
	}
	term, cmd = startTerminal(t, nil, "--local", "--no-color")
	term.waitFor("toloka> ")
	term.send("[config.get('depth'), config.get('pageSize')].join()\r")
	term.waitFor("1,5")
	term.send("config.reset('depth'); config.get('depth')\r")
	term.waitFor("\n6\r\n")
	term.send(".exit\r")
	exits(t, cmd)
}

// TestShellCtrlC: Ctrl-C on a typed line clears it and does not count
// toward leaving; twice on an empty line leaves.
func TestShellCtrlC(t *testing.T) {
	isolate(t)
	term, cmd := startTerminal(t, nil, "--local", "--no-color")
	term.waitFor("toloka> ")
	term.send("const kept = 41\r")
	term.waitFor("toloka> ")
	term.send("half typed")
	term.waitFor("half typed")
	term.send("\x03")
	screen := term.waitFor("toloka> ")
	if strings.Contains(screen, "To exit") {
		t.Errorf("Ctrl-C on a typed line: %q", screen)
	}
	term.send("more typing")
	term.waitFor("more typing")
	term.send("\x03") // a second Ctrl-C on a typed line: still no exit
	term.waitFor("toloka> ")
	term.send("kept + 1\r")
	// The prompt must be back before the Ctrl-C: one that comes while the
	// line is still being evaluated ends the evaluation instead (under
	// load the two came apart, and "To exit" never showed).
	if screen := term.waitFor("\n42\r\n"); !strings.Contains(screen[strings.Index(screen, "\n42\r\n"):], "toloka> ") {
		term.waitFor("toloka> ")
	}
	term.send("\x03")
	term.waitFor("To exit, press Ctrl+C again")
	term.send("\x03")
	exits(t, cmd)
}

// TestShellCompletesFromValuesAndDeclaredTypes: after a call Tab completes
// from what the method is declared to return, never from the globals; after
// require('fs') from the module; toloka. lists its camelCase methods only.
func TestShellCompletesFromValuesAndDeclaredTypes(t *testing.T) {
	isolate(t)
	term, cmd := startTerminal(t, nil, "--local", "--no-color")
	term.waitFor("toloka> ")
	term.send("toloka.getPools().to\t")
	term.waitFor("toloka.getPools().toArray")
	term.send("()[0].private_name\r")
	term.waitFor("demo pool")
	term.send("require('fs').readL\t")
	term.waitFor("require('fs').readLines")
	term.send("\x15")
	term.send("toloka.getPool('100000001').project_\t")
	term.waitFor("project_id")
	term.send("\x15")
	term.send("var df = new DataFrame({a: [1]})\r")
	term.waitFor("toloka> ")
	term.send("df.groupBy('a').ag\t")
	term.waitFor("df.groupBy('a').agg")
	term.send("\x15")
	term.send("toloka.\t\t")
	screen := plainText(term.waitFor("withOptions"))
	for _, absent := range []string{"get_pool", "hasOwnProperty", "__proto__", "toString"} {
		if strings.Contains(screen, absent) {
			t.Errorf("toloka.<Tab> lists %s:\n%s", absent, screen)
		}
	}
	if !strings.Contains(screen, "getPool") || !strings.Contains(screen, "createTasks") {
		t.Errorf("toloka.<Tab> lacks methods:\n%s", screen)
	}
	term.send("\x15")
	// A call whose result is not declared completes nothing (no call is made to find out).
	term.send("var calls = 0; function f() { calls++; return {x: 1} }\r")
	term.waitFor("toloka> ")
	term.send("f().\t\t\x15calls\r")
	term.waitFor("\n0\r\n")
	term.send(".exit\r")
	exits(t, cmd)
}

// TestShellEditorCommands: .editor ends at Ctrl-D even on an unterminated
// last line; .load asks for a file; .save writes the session; .break drops
// an entry being typed.
func TestShellEditorCommands(t *testing.T) {
	dir := isolate(t)
	term, cmd := startTerminal(t, nil, "--local", "--no-color")
	term.waitFor("toloka> ")
	term.send(".editor\r")
	term.waitFor("Entering editor mode")
	term.send("const z = 5\rz * 2\x04")
	term.waitFor("\n10\r\n")
	term.send(".load\r")
	term.waitFor(".load: which file?")
	term.send("function open(x) {\r")
	term.waitFor("... ")
	term.send(".break\r")
	term.waitFor("toloka> ")
	term.send("typeof open\r")
	term.waitFor("undefined")
	saved := filepath.Join(dir, "session.js")
	term.send(".save " + saved + "\r")
	term.waitFor("Session saved to")
	term.send(".save\r")
	term.waitFor(".save: where?")
	term.send(".exit\r")
	exits(t, cmd)
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(data); !strings.Contains(s, "const z = 5\nz * 2") || !strings.Contains(s, "typeof open") || strings.Contains(s, "function open") {
		t.Errorf("saved session:\n%s", s)
	}
}

// TestShellColorsWhatIsTyped: keywords, strings and numbers are colored as
// they are typed.
func TestShellColorsWhatIsTyped(t *testing.T) {
	isolate(t)
	term, cmd := startTerminal(t, nil, "--local")
	term.waitFor("toloka> ")
	term.send("const s = 'x' + 42")
	screen := term.waitFor("42")
	for _, want := range []string{"\x1b[35mconst", "\x1b[32m'x'", "\x1b[33m42"} {
		if !strings.Contains(screen, want) {
			t.Errorf("typed input lacks %q: %q", want, screen)
		}
	}
	term.send("\x15.exit\r")
	exits(t, cmd)
}

// TestShellStartsAtOnceWithASilentServer: against a server that accepts
// connections and never answers, the prompt comes without asking it
// anything, and the first call reports the problem.
func TestShellStartsAtOnceWithASilentServer(t *testing.T) {
	isolate(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var accepted atomic.Int32
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conns = append(conns, c) // held open, never answered
		}
	}()
	term, cmd := startTerminal(t, nil, "--url", "http://"+ln.Addr().String(), "--token", "silent-server-token", "--timeout", "1s", "--retries", "0", "--no-color")
	term.waitFor("toloka> ")
	if n := accepted.Load(); n != 0 {
		t.Errorf("the shell asked the server %d times before its prompt", n)
	}
	term.send("toloka.getRequester()\r")
	screen := plainText(term.waitFor("timeout"))
	if !strings.Contains(screen, "Uncaught Error: toloka.getRequester:") {
		t.Errorf("the first call should report the silent server: %q", screen)
	}
	term.send(".exit\r")
	exits(t, cmd)
}

// tmuxShell runs the shell in a tmux session of 120x40 and returns a way to
// type keys and one to read the screen.
func tmuxShell(t *testing.T, args ...string) (keys func(...string), screenShows func(string) string) {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	dir := isolate(t)
	sock := filepath.Join(dir, "tmux.sock")
	run := func(args ...string) string {
		out, err := exec.Command(tmux, append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("new-session", "-d", "-x", "120", "-y", "40", "-e", "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"-e", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), binary(t)+" "+strings.Join(args, " "))
	t.Cleanup(func() { exec.Command(tmux, "-S", sock, "kill-server").Run() })
	keys = func(k ...string) { run(append([]string{"send-keys"}, k...)...) }
	screenShows = func(want string) string {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		var screen string
		for time.Now().Before(deadline) {
			screen = run("capture-pane", "-p")
			if strings.Contains(screen, want) {
				return screen
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q:\n%s", want, screen)
		return ""
	}
	return keys, screenShows
}

// TestShellRecallsAMultiLineEntryWhole: Up brings back a function typed over
// three lines as it was typed, each line under its prompt, and it can be
// edited and run again.
func TestShellRecallsAMultiLineEntryWhole(t *testing.T) {
	keys, screenShows := tmuxShell(t, "--local", "--no-color")
	screenShows("toloka>")
	keys("function add(a, b) {", "Enter", "  return a + b", "Enter", "}", "Enter")
	screenShows("toloka> function add(a, b) {\n...   return a + b\n... }")
	keys("clear", "Enter") // the screen's earlier lines go away
	keys("C-l")
	keys("Up", "Up")
	screen := screenShows("... }")
	if !strings.Contains(screen, "toloka> function add(a, b) {\n...   return a + b\n... }") {
		t.Errorf("the recalled entry:\n%s", screen)
	}
	// Up again inside the entry moves to its middle line: edit it there.
	keys("Up", "End", " * 10")
	screenShows("return a + b * 10")
	keys("Enter", "add(1, 2)", "Enter")
	screenShows("\n21\n")
}

// TestShellRunsTimersBetweenPrompts: setTimeout does not hold the prompt;
// when it fires its output and its errors appear above the prompt, and what
// was being typed is still there.
func TestShellRunsTimersBetweenPrompts(t *testing.T) {
	keys, screenShows := tmuxShell(t, "--local", "--no-color")
	screenShows("toloka>")
	keys("setTimeout(() => console.log('fired'), 1500); 'set'", "Enter")
	screenShows("\nset\n")
	keys("6 * 7", "Enter")
	screen := screenShows("42")
	if strings.Contains(screen, "\nfired\n") {
		t.Fatalf("the timer fired before the next prompt was used (took more than 1.5 s?):\n%s", screen)
	}
	keys("half typed")
	screen = screenShows("\nfired\n")
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if last := lines[len(lines)-1]; last != "toloka> half typed" {
		t.Errorf("the prompt after the timer's output: %q\n%s", last, screen)
	}
	keys("C-u", "setTimeout(() => { throw new Error('from a timer') }, 10)", "Enter")
	screenShows("Uncaught Error: from a timer")
	keys("'still here'", "Enter")
	screenShows("still here")
}

// TestShellFillsTheTerminalWidth: on a wide terminal, tables and frames use
// the width instead of cutting cells at 30 characters.
func TestShellFillsTheTerminalWidth(t *testing.T) {
	isolate(t)
	term, cmd := startTerminal(t, nil, "--local", "--no-color")
	term.waitFor("toloka> ")
	long := strings.Repeat("w", 70)
	term.send("new DataFrame({text: ['" + long + "'], n: [1]})\r")
	if screen := plainText(term.waitFor("[1 rows × 2 columns]")); !strings.Contains(screen, "0  "+long) {
		t.Errorf("a 70-character cell on a 120-column terminal: %q", screen)
	}
	term.send("console.table([{text: '" + long + "'}])\r")
	if screen := plainText(term.waitFor("└")); !strings.Contains(screen, long) {
		t.Errorf("console.table: %q", screen)
	}
	term.send(".exit\r")
	exits(t, cmd)
}
