package examples

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
)

// reviewLog records every review request (PATCH of an assignment) an
// emulator answers, with the answer's status.
type reviewLog struct {
	mu      sync.Mutex
	answers map[string][]int // assignment id → statuses answered
}

func (l *reviewLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.answers {
		n += len(s)
	}
	return n
}

type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }

var assignmentPath = regexp.MustCompile(`^/api/v1/assignments/([^/]+)$`)

// TestStreamingPipelineSurvivesAStop runs streaming_pipeline.js (toloka-kit's
// streaming notebook) as a process against an emulator, stops it with
// SIGTERM once it has reviewed a few found items, and runs it again: it
// resumes from its saved state and finishes, and every assignment of the
// find-items pool has been reviewed exactly once — one review request each,
// none refused — across the two runs.
func TestStreamingPipelineSurvivesAStop(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "tolokash")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/tolokash").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	// The notebook's ChangeOverlap rule gives a task another assignment for
	// each rejected one: 20 Tolokers are enough for every task to reach its
	// overlap. A Toloker who walks away leaves the assignment to expire at the
	// pool's five-minute limit on the crowd's clock, which Pace keeps short.
	em := emulator.New(emulator.Options{Workers: 20, Pace: 160, OperationDelay: 5 * time.Millisecond, Seed: 3})
	defer em.Close()
	reviews := &reviewLog{answers: map[string][]int{}}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{ResponseWriter: w, status: 200}
		em.ServeHTTP(rec, r)
		if m := assignmentPath.FindStringSubmatch(r.URL.Path); m != nil && r.Method == http.MethodPatch {
			reviews.mu.Lock()
			reviews.answers[m[1]] = append(reviews.answers[m[1]], rec.status)
			reviews.mu.Unlock()
		}
	}))
	defer ts.Close()
	state := filepath.Join(t.TempDir(), "state")
	run := func(stopAfter int) (string, int) {
		cmd := exec.Command(bin, "streaming_pipeline.js", "--state", state, "--period", "100ms", "--lag", "50ms")
		cmd.Env = append(os.Environ(), "TOLOKA_URL="+ts.URL, "TOLOKA_TOKEN=test-token", "NO_COLOR=1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		if stopAfter > 0 {
			deadline := time.After(2 * time.Minute)
		wait:
			for reviews.count() < stopAfter {
				select {
				case <-done:
					break wait
				case <-deadline:
					cmd.Process.Kill()
					t.Fatalf("no %d reviews in two minutes:\n%s", stopAfter, out.String())
				case <-time.After(5 * time.Millisecond):
				}
			}
			cmd.Process.Signal(syscall.SIGTERM)
		}
		select {
		case <-done:
		case <-time.After(3 * time.Minute):
			cmd.Process.Kill()
			<-done
			t.Fatalf("the script did not end:\n%s", out.String())
		}
		return out.String(), cmd.ProcessState.ExitCode()
	}

	out, code := run(3)
	t.Logf("first run, stopped after %d reviews (exit %d):\n%s", reviews.count(), code, out)
	if code != 143 || !strings.Contains(out, "created: find items pool") {
		t.Fatalf("the first run should be stopped by SIGTERM (exit 143), got %d", code)
	}
	first := reviews.count()
	var setup struct {
		FindItemsPool string `json:"find_items_pool"`
	}
	data, err := os.ReadFile(filepath.Join(state, "setup.json"))
	if err != nil || json.Unmarshal(data, &setup) != nil || setup.FindItemsPool == "" {
		t.Fatalf("setup.json: %v %s", err, data)
	}
	if _, err := os.Stat(filepath.Join(state, "find-verify-compare.json")); err != nil {
		t.Fatalf("the stopped pipeline saved no state: %v", err)
	}

	out, code = run(0)
	t.Logf("second run (exit %d):\n%s", code, out)
	if code != 0 || !strings.Contains(out, "resuming from") || !strings.Contains(out, "pipeline finished") {
		t.Fatalf("the second run should resume and finish, exit %d", code)
	}

	c, err := client.New("test-token", client.WithURL(ts.URL))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	skipped := 0
	for a, err := range c.Assignments(context.Background(), client.AssignmentFilter{PoolID: setup.FindItemsPool}) {
		if err != nil {
			t.Fatal(err)
		}
		switch a.Status {
		case "SKIPPED", "EXPIRED":
			skipped++ // a Toloker's mishap: nothing was submitted, nothing to review
			continue
		case "ACCEPTED", "REJECTED":
		default:
			t.Errorf("assignment %s is %s, not reviewed", a.ID, a.Status)
		}
		ids = append(ids, a.ID)
	}
	reviews.mu.Lock()
	defer reviews.mu.Unlock()
	if len(ids) < 12 || first >= len(ids) {
		t.Fatalf("%d found items, %d reviewed before the stop: the stop was not in the middle", len(ids), first)
	}
	for _, id := range ids {
		if got := reviews.answers[id]; len(got) != 1 || got[0] != 200 {
			t.Errorf("assignment %s: review requests answered %v; want exactly one, 200", id, got)
		}
	}
	if len(reviews.answers) != len(ids) {
		t.Errorf("%d assignments got review requests, %d are found items", len(reviews.answers), len(ids))
	}
	t.Logf("%d found items, each reviewed once: %d before the stop, %d after; %d skipped or expired", len(ids), first, len(ids)-first, skipped)
}
