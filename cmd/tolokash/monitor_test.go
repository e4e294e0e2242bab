package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/internal/testenv"
)

// TestMonitorOnceJSON: tolokash monitor --once --output json prints one
// snapshot of the open pools (the demo pool of --local) for scripts.
func TestMonitorOnceJSON(t *testing.T) {
	isolate(t)
	var out, errOut bytes.Buffer
	if code := run([]string{"monitor", "--local", "--once", "--output", "json"}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var snap struct {
		Balance float64 `json:"balance"`
		Pools   []struct {
			ID, Name, Status string
			Completion       int            `json:"completion_percentage"`
			Assignments      map[string]int `json:"assignments"`
			Budget           float64        `json:"budget_estimate"`
			PerMinute        []int          `json:"answers_per_minute"`
			Bans             []any          `json:"recent_bans"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &snap); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	if snap.Balance != 1000 || len(snap.Pools) != 1 {
		t.Fatalf("snapshot %+v", snap)
	}
	p := snap.Pools[0]
	// The demo pool: 40 tasks of overlap 3 at 0.02, five answers submitted a moment ago.
	if p.Name != "demo pool" || p.Status != "OPEN" || p.Assignments["SUBMITTED"] != 5 || p.Budget != 3.12 || len(p.PerMinute) != 30 ||
		p.PerMinute[29]+p.PerMinute[28] < 5 || p.Bans == nil {
		t.Errorf("pool %+v", p)
	}
	for _, args := range [][]string{{"monitor", "--local", "--output", "json"}, {"monitor", "--local", "--interval", "1ms"}, {"monitor", "--output", "xml"}} {
		var e bytes.Buffer
		if code := run(args, nil, &bytes.Buffer{}, &e); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, e.String())
		}
	}
}

// TestMonitorInTmux draws the dashboard in a real terminal: the pool, a
// bar, the sparkline, redrawn as the crowd works, at the terminal's width;
// q quits and gives the screen back.
func TestMonitorInTmux(t *testing.T) {
	tmux := testenv.NeedTool(t, "tmux")
	dir := isolate(t)
	sock := filepath.Join(dir, "tmux.sock")
	tm := func(args ...string) (string, error) {
		out, err := exec.Command(tmux, append([]string{"-S", sock}, args...)...).CombinedOutput()
		return string(out), err
	}
	if out, err := tm("new-session", "-d", "-x", "90", "-y", "30", "-e", "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"-e", "XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		binary(t)+" monitor --local --pace 5 --interval 300ms; echo monitor-ended; sleep 30"); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command(tmux, "-S", sock, "kill-server").Run() })
	screenShows := func(want ...string) string {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		var screen string
		for time.Now().Before(deadline) {
			screen, _ = tm("capture-pane", "-p")
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(screen, w)
			}
			if ok {
				return screen
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("the screen never showed %q:\n%s", want, screen)
		return ""
	}
	first := screenShows("tolokash monitor", "“demo pool”", "OPEN", "assignments", "answers/min", "q quits", "█")
	for _, line := range strings.Split(first, "\n") {
		if n := len([]rune(line)); n > 90 {
			t.Errorf("a line of %d columns in a terminal of 90: %q", n, line)
		}
	}
	// The crowd works on: the counts move between redraws.
	deadline := time.Now().Add(30 * time.Second)
	for {
		screen, _ := tm("capture-pane", "-p")
		if lineWith(screen, "assignments") != lineWith(first, "assignments") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the dashboard never changed:\n%s", screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm("send-keys", "q")
	screen := screenShows("monitor-ended")
	if strings.Contains(screen, "answers/min") {
		t.Errorf("the dashboard stayed on the screen after q:\n%s", screen)
	}
}

func lineWith(screen, word string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, word) {
			return l
		}
	}
	return ""
}
