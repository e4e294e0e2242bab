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

	"github.com/creack/pty"
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

func TestREPLInATerminal(t *testing.T) {
	dir := isolate(t)
	bin := filepath.Join(dir, "tolokash")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--local", "--no-color")
	cmd.Env = append(os.Environ(), "TERM=xterm", "TOLOKA_TOKEN=CANARY-TOKEN-42")
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
	term.waitFor("42")

	term.send("while (true) {}\r")
	time.Sleep(200 * time.Millisecond)
	term.send("\x03")
	term.waitFor("interrupted by Ctrl+C")
	term.send("1 + 1\r")
	term.waitFor("2")

	term.send("const secret = 'CANARY-TOKEN-42'\r")
	term.waitFor("toloka> ")
	term.send("'login please'\r")
	term.waitFor("toloka> ")

	term.send("\x03")
	term.waitFor("To exit, press Ctrl+C again")
	term.send("\x04")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Ctrl+D must exit cleanly: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Ctrl+D did not exit")
	}

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
