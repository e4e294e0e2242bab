package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
)

// TestEmulatorCommand runs the built binary: it serves, answers a client, and
// saves its state at exit so the next start has it.
func TestEmulatorCommand(t *testing.T) {
	dir := t.TempDir()
	bin := binary(t)
	state := filepath.Join(dir, "toloka.state")
	start := func() (*exec.Cmd, string) {
		cmd := exec.Command(bin, "emulator", "--addr", "127.0.0.1:0", "--state", state, "--demo", "--work-delay", "5ms")
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		if !sc.Scan() {
			t.Fatal("no output")
		}
		line := sc.Text()
		url := line[strings.LastIndex(line, " ")+1:]
		go func() {
			for sc.Scan() { // drain, so the command never blocks on a full pipe
			}
		}()
		return cmd, url
	}
	cmd, url := start()
	c, err := client.New("local", client.WithURL(url))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	page, err := c.FindPools(ctx, client.PoolFilter{})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("demo pool: %+v %v", page, err)
	}
	skill, err := c.CreateSkill(ctx, &client.Skill{Name: "survives restarts"})
	if err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit: %v", err)
	}
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("no state file: %v", err)
	}

	cmd, url = start()
	defer func() { cmd.Process.Signal(syscall.SIGINT); cmd.Wait() }()
	c, _ = client.New("local", client.WithURL(url))
	got, err := c.GetSkill(ctx, skill.ID)
	if err != nil || got.Name != "survives restarts" {
		t.Fatalf("after restart: %+v %v", got, err)
	}
	if page, err = c.FindPools(ctx, client.PoolFilter{}); err != nil || len(page.Items) != 1 {
		t.Fatalf("--demo must not seed again over a loaded state: %+v %v", page, err)
	}
}
