package emulator_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// Defect 6: each fault kind can be chosen by name, and a 503 can come as
// Toloka's JSON error, which clients retry, as well as a proxy's HTML page.
func TestFaultKindsByName(t *testing.T) {
	for _, c := range []struct {
		kind, contentType, body string
		status                  int
	}{
		{"503-json", "application/json", `"code":"REMOTE_SERVICE_UNAVAILABLE"`, 503},
		{"503-html", "text/html", "<html>", 503},
		{"500", "application/json", `"code":"INTERNAL_ERROR"`, 500},
		{"429", "application/json", `"code":"TOO_MANY_REQUESTS"`, 429},
	} {
		run := emulatortest.Start(t, emulator.Options{Faults: 1, FaultKinds: []string{c.kind}})
		req, _ := http.NewRequest("GET", run.URL+"/api/v1/requester", nil)
		req.Header.Set("Authorization", "OAuth x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.kind, err)
		}
		var body strings.Builder
		fmt.Fprint(&body, readAll(resp))
		if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.contentType) || !strings.Contains(body.String(), c.body) {
			t.Errorf("fault %s: HTTP %d %s %s", c.kind, resp.StatusCode, resp.Header.Get("Content-Type"), body.String())
		}
	}
	if err := emulator.CheckFaultKinds([]string{"500", "rest"}); err == nil || !strings.Contains(err.Error(), `"rest"`) ||
		!strings.Contains(err.Error(), "did you mean reset?") || !strings.Contains(err.Error(), "reset-after") {
		t.Errorf("an unknown kind: %v", err)
	}
	if err := emulator.CheckFaultKinds([]string{"500", "503", "503-json", "503-html", "429", "reset", "reset-after", "slow"}); err != nil {
		t.Errorf("every kind: %v", err)
	}
}

func readAll(resp *http.Response) string {
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// Defect 7: a filter value outside the API's enum is refused, naming the
// parameter and the values it takes, instead of matching nothing.
func TestEnumFiltersAreChecked(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Demo: true})
	u := run.URL
	for _, q := range []string{"/api/v1/assignments?status=submitted", "/api/v1/assignments?status=DONE",
		"/api/v1/assignments?status=SUBMITTED,DONE", "/api/v1/pools?status=open", "/api/v1/projects?status=CLOSED",
		"/api/v1/operations?type=POOL.START", "/api/v1/operations?status=DONE", "/api/v1/user-restrictions?scope=GLOBAL",
		"/api/v1/message-threads?folder=SPAM", "/api/v1/webhook-subscriptions?event_type=CLOSED",
		"/api/v1/attachments?type=IMAGE", "/api/new/requester/pools/" + demoPool(t, u) + "/assignments.tsv?status=ACCEPTED"} {
		param := q[strings.LastIndex(q, "?")+1 : strings.Index(q, "=")]
		status, out := api(t, u, "GET", q, nil)
		payload, _ := out["payload"].(map[string]any)
		e, _ := payload[param].(map[string]any)
		if status != 400 || out["code"] != "VALIDATION_ERROR" || e["code"] != "UNKNOWN_ENUM_VALUE" || !strings.Contains(fmt.Sprint(e["message"]), param+"=") {
			t.Errorf("GET %s: HTTP %d %v", q, status, out)
		}
		if len(e["params"].([]any)) < 1 {
			t.Errorf("GET %s: the error names no allowed values: %v", q, e)
		}
	}
	if _, out := api(t, u, "GET", "/api/v1/assignments?status=submitted", nil); !strings.Contains(fmt.Sprint(out), "ACTIVE, SUBMITTED, ACCEPTED, REJECTED, SKIPPED, EXPIRED") {
		t.Errorf("the allowed statuses are not named: %v", out)
	}
	for _, q := range []string{"/api/v1/assignments?status=SUBMITTED,ACCEPTED", "/api/v1/assignments?status=SUBMITTED,%20ACCEPTED",
		"/api/v1/pools?status=OPEN", "/api/v1/message-threads?folder=INBOX,UNREAD", "/api/v1/operations?type=POOL.OPEN&status=SUCCESS"} {
		must(t, u, "GET", q, nil)
	}
}

func demoPool(t *testing.T, u string) string {
	t.Helper()
	return must(t, u, "GET", "/api/v1/pools?status=OPEN", nil)["items"].([]any)[0].(map[string]any)["id"].(string)
}

// Defect 8: --latency holds every answer back about so long, as the network does.
func TestLatency(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Latency: 40 * time.Millisecond, LatencyJitter: 10 * time.Millisecond})
	var least, most time.Duration = time.Hour, 0
	for i := 0; i < 8; i++ {
		start := time.Now()
		must(t, run.URL, "GET", "/api/v1/requester", nil)
		d := time.Since(start)
		least, most = min(least, d), max(most, d)
	}
	if least < 30*time.Millisecond {
		t.Fatalf("the quickest of 8 answers took %v; the latency is 40 ms ± 10 ms", least)
	}
	// A client that gives up is let go at once, not after the delay.
	slow := emulatortest.Start(t, emulator.Options{Latency: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", slow.URL+"/api/v1/requester", nil)
	req.Header.Set("Authorization", "OAuth x")
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("a 5 s latency answered within 50 ms")
	}
	done := make(chan struct{})
	go func() { slow.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("the emulator held an abandoned request for its whole latency")
	}
}

// Defect 9: create_tasks(open_pool=true) opens the pool through a POOL.OPEN
// operation that get_operations lists; suites a requester uploads are not mixed.
func TestOpeningAlongLeavesAnOperation(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Seed: 3})
	c := newClient(t, run)
	ctx := context.Background()
	pool := newPool(t, c, 0, 1)
	suite := []*client.TaskSuite{{PoolID: pool, Overlap: ptr(1), Tasks: []*client.Task{{InputValues: map[string]any{"n": 1}}}}}
	if _, err := c.CreateTaskSuites(ctx, suite, client.OpenPoolAfter()); err != nil {
		t.Fatal(err)
	}
	var opens []*client.Operation
	for op, err := range c.Operations(ctx, client.OperationFilter{Type: client.OperationTypePoolOpen}) {
		if err != nil {
			t.Fatal(err)
		}
		opens = append(opens, op)
	}
	if len(opens) != 1 || opens[0].Parameters == nil || opens[0].Parameters.PoolID != pool {
		t.Fatalf("POOL.OPEN operations: %+v", opens)
	}
	waitFor(t, "the suite's assignment", 10*time.Second, func() bool {
		page, _ := c.FindAssignments(ctx, client.AssignmentFilter{PoolID: pool, Status: []client.AssignmentStatus{client.AssignmentSubmitted}})
		if len(page.Items) == 0 {
			return false
		}
		if a := page.Items[0]; a.Mixed == nil || *a.Mixed {
			t.Fatalf("an assignment of an uploaded suite says mixed %v", a.Mixed)
		}
		return true
	})
}
