package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/creack/pty"

	"github.com/tolokash/tolokash/internal/testenv"
)

// terminal drives the built binary in a real pseudo-terminal.
type terminal struct {
	t   *testing.T
	f   *os.File
	mu  sync.Mutex
	buf bytes.Buffer
}

func (term *terminal) send(s string) { term.f.WriteString(s) }

// waitFor waits until the screen output (since the last mark) contains want.
func (term *terminal) waitFor(want string) string {
	term.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		term.mu.Lock()
		s := term.buf.String()
		term.mu.Unlock()
		if strings.Contains(s, want) {
			term.mu.Lock()
			term.buf.Reset()
			term.mu.Unlock()
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	term.mu.Lock()
	defer term.mu.Unlock()
	term.t.Fatalf("the terminal never showed %q; it shows:\n%s", want, term.buf.String())
	return ""
}

// waitForResult waits for a result and then for the prompt after it (which
// may have come in the same read). Between the two the shell evaluates with
// the terminal out of raw mode, and a key sent then (a Ctrl-D) would be the
// tty's line discipline's, not the shell's.
func (term *terminal) waitForResult(result string) {
	term.t.Helper()
	s := term.waitFor(result)
	if !strings.Contains(s[strings.Index(s, result):], "toloka> ") {
		term.waitFor("toloka> ")
	}
}

// binary is the command under test: TestMain put the test binary on $PATH
// under the name tolokash.
func binary(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("tolokash")
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// startTerminal runs tolokash with args in a pseudo-terminal of 40x120.
func startTerminal(t *testing.T, env []string, args ...string) (*terminal, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), append([]string{"TERM=xterm"}, env...)...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close(); cmd.Process.Kill(); cmd.Wait() })
	term := &terminal{t: t, f: f}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := f.Read(b)
			term.mu.Lock()
			term.buf.Write(b[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return term, cmd
}

// exits waits for the command to end with status 0.
func exits(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		// Kill it and let the Wait above return, so that the terminal's
		// cleanup (which waits too) does not wait on the same command.
		cmd.Process.Kill()
		<-done
		t.Fatal("did not exit")
	}
}

func TestREPLInATerminal(t *testing.T) {
	dir := isolate(t)
	bin := binary(t)
	cmd := exec.Command(bin, "--local", "--no-color")
	cmd.Env = append(os.Environ(), "TERM=xterm", "TOLOKA_TOKEN=AQAD-CANARY-42")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	term := &terminal{t: t, f: f}
	go func() {
		b := make([]byte, 4096)
		for {
			n, err := f.Read(b)
			term.mu.Lock()
			term.buf.Write(b[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	term.waitFor("toloka> ")

	term.send("toloka.getPo\t")
	term.waitFor("toloka.getPool")
	term.send("\t")
	screen := term.waitFor("getPools")
	if !strings.Contains(screen, "getPool") {
		t.Errorf("completion candidates: %q", screen)
	}
	term.send("\x15") // clear the line

	term.send("const pools = toloka.getPools()\r")
	term.waitFor("toloka> ")
	term.send("poo\t")
	term.waitFor("pools")
	term.send("\x15")

	term.send("function add(a, b) {\r")
	term.waitFor("... ")
	term.send("return a + b\r}\r")
	term.waitFor("toloka> ")
	term.send("add(40, 2)\r")
	term.waitFor("\n42\r\n")

	term.send("while (true) {}\r")
	time.Sleep(200 * time.Millisecond)
	term.send("\x03")
	term.waitFor("interrupted by Ctrl+C")
	term.send("1 + 1\r")
	term.waitFor("\n2\r\n")

	// The token itself (no secret-looking word on the line) and a line that looks like it sets one.
	term.send("const secret = 'AQAD-CANARY-42'\r")
	term.waitFor("toloka> ")
	term.send("'login please'\r")
	term.waitFor("toloka> ")

	term.send("\x03")
	term.waitFor("To exit, press Ctrl+C again")
	term.send("\x04")
	exits(t, cmd)

	history, err := os.ReadFile(filepath.Join(dir, "state", "tolokash", "history"))
	if err != nil {
		t.Fatal(err)
	}
	h := string(history)
	if strings.Contains(h, "CANARY") || strings.Contains(h, "login") {
		t.Errorf("the history holds a secret:\n%s", h)
	}
	if !strings.Contains(h, `"add(40, 2)"`) || !strings.Contains(h, `"function add(a, b) {\nreturn a + b\n}"`) {
		t.Errorf("the history lacks entries (a multi-line one kept whole):\n%s", h)
	}
	info, _ := os.Stat(filepath.Join(dir, "state", "tolokash", "history"))
	if info.Mode().Perm() != 0o600 {
		t.Errorf("history mode %v, want 0600", info.Mode().Perm())
	}
}

// TestREPLPagingAwaitEditor covers `it` paging, top-level await, .editor
// paste mode and history recalled in the next session.
func TestREPLPagingAwaitEditor(t *testing.T) {
	isolate(t)
	term, cmd := startTerminal(t, nil, "--local", "--no-color")
	banner := term.waitFor("toloka> ")
	if !strings.Contains(banner, "local emulator http://127.0.0.1:") || !strings.Contains(banner, "tolokash ") {
		t.Errorf("banner: %q", banner)
	}

	term.send("var n = 0; var lazy = {[Symbol.for('tolokash.iterator')]: true, next() { return n < 30 ? {value: n++, done: false} : {done: true} }}\r")
	term.waitFor("toloka> ")
	term.send("lazy\r")
	page := term.waitFor(`Type "it" for more`)
	if !strings.Contains(page, "19") || strings.Contains(page, " 20,") {
		t.Errorf("first page: %q", page)
	}
	term.send("it\r")
	// The echo of "it" redraws the prompt: wait for the page, then the next prompt.
	page = term.waitFor("29")
	if i := strings.LastIndex(page, "29"); !strings.Contains(page[i:], "toloka> ") {
		page += term.waitFor("toloka> ")
	}
	if !strings.Contains(page, "29") || strings.Contains(page, "for more") {
		t.Errorf("second page: %q", page)
	}

	term.send("const v = await new Promise(r => setTimeout(() => r(6), 10))\r")
	term.waitFor("toloka> ")
	term.send("v * 7\r")
	term.waitFor("\n42\r\n")

	term.send(".editor\r")
	term.waitFor("Entering editor mode")
	term.send("function sq(x) {\r  return x * x\r}\rsq(9)\r\x04")
	term.waitFor("\n81\r\n")

	term.send("const multi = {\r")
	term.waitFor("... ")
	term.send("a: 1 }\r")
	term.waitFor("toloka> ")
	term.send(".exit\r")
	exits(t, cmd)

	// The next session recalls the multi-line entry whole with the up arrow.
	term, cmd = startTerminal(t, nil, "--local", "--no-color")
	term.waitFor("toloka> ")
	term.send("\x1b[A\x1b[A\r") // up twice: past .exit to the object literal
	term.waitFor("toloka> ")
	term.send("multi.a + 1\r")
	term.waitForResult("\n2\r\n")
	term.send("\x04")
	exits(t, cmd)
}

// TestREPLWithoutToken starts the shell with no token and no --local: it says
// how to get one and evaluates everything else.
func TestREPLWithoutToken(t *testing.T) {
	isolate(t)
	term, cmd := startTerminal(t, nil, "--no-color")
	screen := term.waitFor("toloka> ")
	if !strings.Contains(screen, "no Toloka token") || !strings.Contains(screen, "tolokash --local") {
		t.Errorf("banner: %q", screen)
	}
	term.send("toloka.getPools()\r")
	term.waitFor("tolokash login")
	term.send("3 * 3\r")
	term.waitForResult("\n9\r\n")
	term.send("\x04")
	exits(t, cmd)
}

// TestTmuxSmoke drives the shell the way a person does, through tmux. It is
// skipped ("needs: tmux") where tmux is not installed; CI installs it.
func TestTmuxSmoke(t *testing.T) {
	tmux := testenv.NeedTool(t, "tmux")
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
		"-e", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), binary(t)+" --local --no-color")
	t.Cleanup(func() { exec.Command(tmux, "-S", sock, "kill-server").Run() })
	screenShows := func(want string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		var screen string
		for time.Now().Before(deadline) {
			screen = run("capture-pane", "-p")
			if strings.Contains(screen, want) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q:\n%s", want, screen)
	}
	screenShows("toloka>") // capture-pane trims trailing spaces
	run("send-keys", "const p = toloka.getPools().first()", "Enter")
	run("send-keys", "p.private_", "Tab")
	screenShows("p.private_name")
	run("send-keys", "Enter")
	screenShows("demo pool")
	run("send-keys", "while (true) {}", "Enter")
	time.Sleep(100 * time.Millisecond)
	run("send-keys", "C-c")
	screenShows("interrupted")
	run("send-keys", ".exit", "Enter")
}

// TestREPLColorsAndInterruptingCalls checks that results are colored on a
// terminal unless NO_COLOR is set, and that Ctrl+C stops a loop of API calls.
func TestREPLColorsAndInterruptingCalls(t *testing.T) {
	isolate(t)
	term, cmd := startTerminal(t, nil, "--local")
	term.waitFor("toloka> ")
	term.send("({s: 'str', n: 1})\r")
	if screen := term.waitFor("toloka> "); !strings.Contains(screen, "\x1b[") {
		t.Errorf("no colors on a terminal: %q", screen)
	}
	term.send("let calls = 0; while (true) { toloka.getPools().first(); calls++ }\r")
	time.Sleep(300 * time.Millisecond)
	term.send("\x03")
	term.waitFor("interrupted by Ctrl+C")
	term.send("calls > 0\r")
	term.waitFor("true")
	term.send(".exit\r")
	exits(t, cmd)

	term, cmd = startTerminal(t, []string{"NO_COLOR=1"}, "--local")
	term.waitFor("toloka> ")
	term.send("({s: 'str', n: 1})\r")
	if screen := term.waitFor("toloka> "); strings.Contains(screen, "\x1b[3") || !strings.Contains(screen, "str") {
		t.Errorf("NO_COLOR: %q", screen)
	}
	term.send(".exit\r")
	exits(t, cmd)
}

// TestHelpFitsANarrowTerminal: help(toloka) in a 72-column tmux pane wraps
// its listing between words under each entry, so the terminal never cuts a
// line (capture-pane -J joins what the terminal wrapped: no line is longer
// than the pane).
func TestHelpFitsANarrowTerminal(t *testing.T) {
	tmux := testenv.NeedTool(t, "tmux")
	dir := isolate(t)
	sock := filepath.Join(dir, "tmux.sock")
	run := func(args ...string) string {
		out, err := exec.Command(tmux, append([]string{"-S", sock}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	run("new-session", "-d", "-x", "72", "-y", "40", "-e", "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"-e", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), binary(t)+" --local --no-color")
	t.Cleanup(func() { exec.Command(tmux, "-S", sock, "kill-server").Run() })
	run("set-option", "-g", "history-limit", "5000")
	var screen string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if screen = run("capture-pane", "-p"); strings.Contains(screen, "toloka>") {
			break
		}
	}
	run("send-keys", "help(toloka)", "Enter")
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if screen = run("capture-pane", "-p", "-J", "-S", "-"); strings.Contains(screen, "tells more about one") {
			break
		}
	}
	if !strings.Contains(screen, "tells more about one") {
		t.Fatalf("help(toloka) did not finish:\n%s", screen)
	}
	for _, line := range strings.Split(screen, "\n") {
		if n := utf8.RuneCountInString(line); n > 72 {
			t.Errorf("a line of %d columns in a 72-column terminal: %q", n, line)
		}
	}
	if !strings.Contains(screen, "→ AppBatch\n      Waits until the App batch") {
		t.Errorf("a long entry has its description under it:\n%s", screen)
	}
	run("send-keys", ".exit", "Enter")
}
