package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// The tests of issue #15: the emulator behaves like Toloka in ids, defaults,
// validation, life cycles, pace, faults and filters. Each speaks HTTP to an
// emulator on loopback, with the bodies toloka-kit sends.

// api sends one request and decodes the JSON answer (nil for none).
func api(t *testing.T, base, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "OAuth local")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(bytes.TrimSpace(data)) > 0 && json.Unmarshal(data, &out) != nil {
		out = map[string]any{"$text": string(data)}
	}
	return resp.StatusCode, out
}

// must sends a request that has to succeed and returns its answer.
func must(t *testing.T, base, method, path string, body any) map[string]any {
	t.Helper()
	status, out := api(t, base, method, path, body)
	if status/100 != 2 {
		t.Fatalf("%s %s: HTTP %d %v", method, path, status, out)
	}
	return out
}

// dummyProject is the project toloka-kit's functional tests create: a name, a
// description and a task spec with a one-line classic view.
func dummyProject(input string) map[string]any {
	return map[string]any{"public_name": "Test project", "public_description": "This is test project.",
		"task_spec": map[string]any{"input_spec": map[string]any{input: map[string]any{"type": "url", "required": true, "hidden": false}},
			"output_spec": map[string]any{"label": map[string]any{"type": "string", "required": true, "hidden": false, "allowed_values": []any{"true", "false"}}},
			"view_spec":   map[string]any{"type": "classic", "markup": "<dummy/>"}},
		"assignments_issuing_type": "AUTOMATED"}
}

// kitPool is the body toloka-kit sends for the functional tests' pool: no
// may_contain_adult_content, the kit's own defaults and an empty quality control.
func kitPool(projectID string) map[string]any {
	return map[string]any{"project_id": projectID, "private_name": "Test pool", "reward_per_assignment": 0.01,
		"assignment_max_duration_seconds": 100, "will_expire": "2030-01-01T00:00:00",
		"defaults": map[string]any{"default_overlap_for_new_task_suites": 1}, "quality_control": map[string]any{"configs": []any{}},
		"mixer_config": map[string]any{"real_tasks_count": 1, "golden_tasks_count": 0, "training_tasks_count": 0}}
}

// waitFor polls until cond holds or the deadline passes.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Defect 1: pools and trainings drew their ids from counters of their own.
func TestIDsAreUniqueAcrossKinds(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{})
	u := run.URL
	news := must(t, u, "POST", "/api/v1/projects", dummyProject("headline"))
	pets := must(t, u, "POST", "/api/v1/projects", dummyProject("image"))
	pool := must(t, u, "POST", "/api/v1/pools", kitPool(news["id"].(string)))
	training := must(t, u, "POST", "/api/v1/trainings", map[string]any{"project_id": pets["id"], "private_name": "exam",
		"training_tasks_in_task_suite_count": 1})
	skill := must(t, u, "POST", "/api/v1/skills", map[string]any{"name": "s"})
	ids := map[string]string{}
	for kind, o := range map[string]map[string]any{"project": news, "other project": pets, "pool": pool, "training": training, "skill": skill} {
		id := o["id"].(string)
		if other, ok := ids[id]; ok {
			t.Fatalf("the %s and the %s share id %s", kind, other, id)
		}
		ids[id] = kind
	}
	// A training task is validated against the training's project, and listed under it alone.
	task := must(t, u, "POST", "/api/v1/tasks?async_mode=false", map[string]any{"pool_id": training["id"], "overlap": 1,
		"infinite_overlap": false, "input_values": map[string]any{"image": "https://example.com/cat.jpg"}})
	must(t, u, "POST", "/api/v1/tasks?async_mode=false", map[string]any{"pool_id": pool["id"], "overlap": 1,
		"input_values": map[string]any{"headline": "https://example.com/news"}})
	page := must(t, u, "GET", "/api/v1/tasks?pool_id="+training["id"].(string), nil)
	items := page["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["id"] != task["id"] {
		t.Fatalf("tasks of the training: %v", items)
	}
}

// Defect 2: what the OpenAPI description gives as defaults is filled in and
// read back, for every kind of object a requester creates.
func TestServerDefaultsAreFilledIn(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{})
	u := run.URL
	project := must(t, u, "POST", "/api/v1/projects", map[string]any{"public_name": "p",
		"task_spec": map[string]any{"input_spec": map[string]any{"url": map[string]any{"type": "url"}},
			"output_spec": map[string]any{"label": map[string]any{"type": "string"}}}})
	pid := project["id"].(string)
	pool := must(t, u, "POST", "/api/v1/pools", kitPool(pid))
	training := must(t, u, "POST", "/api/v1/trainings", map[string]any{"project_id": pid, "private_name": "t", "training_tasks_in_task_suite_count": 2})
	skill := must(t, u, "POST", "/api/v1/skills", map[string]any{"name": "s"})
	task := must(t, u, "POST", "/api/v1/tasks?async_mode=false", map[string]any{"pool_id": pool["id"], "overlap": 1,
		"input_values": map[string]any{"url": "https://e.x/1"}, "known_solutions": []any{map[string]any{"output_values": map[string]any{"label": "a"}}}})
	suite := must(t, u, "POST", "/api/v1/task-suites?async_mode=false", map[string]any{"pool_id": pool["id"], "overlap": 1,
		"tasks": []any{map[string]any{"input_values": map[string]any{"url": "https://e.x/2"}}}})
	thread := must(t, u, "POST", "/api/v1/message-threads/compose", map[string]any{"recipients_select_type": "ALL",
		"topic": map[string]any{"EN": "t"}, "text": map[string]any{"EN": "x"}})
	checks := []struct {
		what, path string
		obj        map[string]any
		want       map[string]any
	}{
		{"project", "/api/v1/projects/" + pid, project, map[string]any{"assignments_issuing_type": "AUTOMATED", "assignments_automerge_enabled": false}},
		{"pool", "/api/v1/pools/" + pool["id"].(string), pool, map[string]any{"auto_accept_solutions": true,
			"auto_close_after_complete_delay_seconds": 0.0, "priority": 0.0}},
		{"training", "/api/v1/trainings/" + training["id"].(string), training, map[string]any{"inherited_instructions": false,
			"mix_tasks_in_creation_order": true, "shuffle_tasks_in_task_suite": true}},
		{"skill", "/api/v1/skills/" + skill["id"].(string), skill, map[string]any{"hidden": true}},
		{"task", "/api/v1/tasks/" + task["id"].(string), task, map[string]any{"infinite_overlap": false}},
		{"task suite", "/api/v1/task-suites/" + suite["id"].(string), suite, map[string]any{"infinite_overlap": false, "issuing_order_override": 0.0}},
		{"message thread", "", thread, map[string]any{"answerable": true}},
	}
	for _, c := range checks {
		read := c.obj
		if c.path != "" {
			read = must(t, u, "GET", c.path, nil)
		}
		for k, v := range c.want {
			if c.obj[k] != v || read[k] != v {
				t.Errorf("%s %s: created %v, read %v; the service says %v", c.what, k, c.obj[k], read[k], v)
			}
		}
	}
	mixer := pool["mixer_config"].(map[string]any)
	if mixer["force_last_assignment"] != true || mixer["shuffle_tasks_in_task_suite"] != true || mixer["mix_tasks_in_creation_order"] != false {
		t.Errorf("mixer_config defaults: %v", mixer)
	}
	if w := task["known_solutions"].([]any)[0].(map[string]any)["correctness_weight"]; w != 1.0 {
		t.Errorf("known_solutions correctness_weight %v, want 1", w)
	}
	users := must(t, u, "GET", "/api/v1/user-metadata/"+firstWorker(t, run), nil)
	bonus := must(t, u, "POST", "/api/v1/user-bonuses?async_mode=false", map[string]any{"user_id": users["id"], "amount": 0.5})
	if bonus["without_message"] != false {
		t.Errorf("bonus without_message %v, want false", bonus["without_message"])
	}
}

func firstWorker(t *testing.T, run *emulator.Running) string {
	t.Helper()
	return run.Server.WorkerIDs()[0]
}

// Defect 2, as learn_the_basics meets it: a pool created without
// auto_accept_solutions accepts the work, so the export's default (APPROVED)
// has every answer.
func TestWorkIsAcceptedByDefault(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Seed: 4})
	u := run.URL
	project := must(t, u, "POST", "/api/v1/projects", dummyProject("image"))
	pool := must(t, u, "POST", "/api/v1/pools", kitPool(project["id"].(string)))
	pid := pool["id"].(string)
	var tasks []any
	for i := 0; i < 10; i++ {
		tasks = append(tasks, map[string]any{"pool_id": pid, "overlap": 3, "input_values": map[string]any{"image": fmt.Sprintf("https://e.x/%d", i)}})
	}
	must(t, u, "POST", "/api/v1/tasks?async_mode=false&open_pool=true", tasks)
	waitFor(t, "the pool to close", 20*time.Second, func() bool {
		return must(t, u, "GET", "/api/v1/pools/"+pid, nil)["status"] == "CLOSED"
	})
	req, _ := http.NewRequest("GET", u+"/api/new/requester/pools/"+pid+"/assignments.tsv", nil)
	req.Header.Set("Authorization", "OAuth local")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rows := strings.Count(strings.TrimSpace(string(data)), "\n"); rows != 30 {
		t.Fatalf("the export's default APPROVED rows: %d, want 30 (10 tasks × overlap 3)", rows)
	}
}

// Defect 3: the emulator demands what the service demands and nothing more.
func TestValidationAsksWhatTheServiceAsks(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{})
	u := run.URL
	pid := must(t, u, "POST", "/api/v1/projects", dummyProject("url"))["id"].(string)
	// toloka-kit's functional tests: production takes these.
	must(t, u, "POST", "/api/v1/pools", kitPool(pid))
	must(t, u, "POST", "/api/v1/trainings", map[string]any{"project_id": pid, "private_name": "t", "training_tasks_in_task_suite_count": 1})
	for _, field := range []string{"project_id", "private_name", "reward_per_assignment", "will_expire", "assignment_max_duration_seconds", "defaults"} {
		body := kitPool(pid)
		delete(body, field)
		status, out := api(t, u, "POST", "/api/v1/pools", body)
		payload, _ := out["payload"].(map[string]any)
		if status != 400 || out["code"] != "VALIDATION_ERROR" || payload[field] == nil {
			t.Errorf("a pool without %s: HTTP %d %v", field, status, out)
		}
	}
	body := kitPool(pid)
	body["defaults"] = map[string]any{"default_overlap_for_new_tasks": 3}
	if status, out := api(t, u, "POST", "/api/v1/pools", body); status != 400 || out["payload"].(map[string]any)["defaults.default_overlap_for_new_task_suites"] == nil {
		t.Errorf("defaults without default_overlap_for_new_task_suites: HTTP %d %v", status, out)
	}
	status, out := api(t, u, "POST", "/api/v1/trainings", map[string]any{"project_id": pid, "private_name": "t"})
	if status != 400 || out["payload"].(map[string]any)["training_tasks_in_task_suite_count"] == nil {
		t.Errorf("a training without training_tasks_in_task_suite_count: HTTP %d %v", status, out)
	}
	status, out = api(t, u, "POST", "/api/v1/aggregated-solutions/aggregate-by-pool", map[string]any{"pool_id": "1", "fields": []any{map[string]any{"name": "label"}}})
	if status != 400 || out["payload"].(map[string]any)["type"] == nil {
		t.Errorf("an aggregation without its type: HTTP %d %v", status, out)
	}
}

// Defect 4: infinite-overlap tasks neither keep a pool open nor count below zero.
func TestPoolWithGoldenTasksCompletes(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Seed: 2, Workers: 4})
	u := run.URL
	pid := must(t, u, "POST", "/api/v1/projects", dummyProject("image"))["id"].(string)
	body := kitPool(pid)
	body["mixer_config"] = map[string]any{"real_tasks_count": 1, "golden_tasks_count": 1, "training_tasks_count": 0}
	pool := must(t, u, "POST", "/api/v1/pools", body)["id"].(string)
	var tasks []any
	for i := 0; i < 3; i++ { // golden tasks, sent as toloka-kit sends an infinite overlap
		tasks = append(tasks, map[string]any{"pool_id": pool, "overlap": nil, "infinite_overlap": true,
			"input_values":    map[string]any{"image": fmt.Sprintf("https://e.x/g%d", i)},
			"known_solutions": []any{map[string]any{"output_values": map[string]any{"label": "true"}}}})
	}
	for i := 0; i < 6; i++ {
		tasks = append(tasks, map[string]any{"pool_id": pool, "overlap": 2, "input_values": map[string]any{"image": fmt.Sprintf("https://e.x/%d", i)}})
	}
	must(t, u, "POST", "/api/v1/tasks?async_mode=false&open_pool=true", tasks)
	waitFor(t, "the pool to complete", 20*time.Second, func() bool {
		p := must(t, u, "GET", "/api/v1/pools/"+pool, nil)
		return p["status"] == "CLOSED" && p["last_close_reason"] == "COMPLETED"
	})
	for _, x := range must(t, u, "GET", "/api/v1/tasks?limit=100&pool_id="+pool, nil)["items"].([]any) {
		task := x.(map[string]any)
		if r, ok := task["remaining_overlap"].(float64); ok && r < 0 || task["infinite_overlap"] == false && task["remaining_overlap"] != 0.0 {
			t.Errorf("task %v after the pool completed: remaining_overlap %v", task["input_values"], task["remaining_overlap"])
		}
	}
}

// Defect 5: the Tolokers take time over their work. By default it takes them
// seconds, so a pool is OPEN for a while after it opens.
func TestTolokersTakeTime(t *testing.T) {
	run, err := emulator.Start(emulator.Options{OperationDelay: time.Millisecond}) // the default pace
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	c := newClient(t, run)
	ctx := context.Background()
	pool := newPool(t, c, 5, 1)
	opened, err := c.OpenPool(ctx, pool)
	if err != nil || opened.Status != client.PoolOpen {
		t.Fatalf("open_pool answered %+v %v", opened, err)
	}
	time.Sleep(300 * time.Millisecond)
	p, _ := c.GetPool(ctx, pool)
	page, _ := c.FindAssignments(ctx, client.AssignmentFilter{PoolID: pool, Status: []client.AssignmentStatus{client.AssignmentSubmitted, client.AssignmentAccepted}})
	if p.Status != client.PoolOpen || len(page.Items) != 0 {
		t.Fatalf("300 ms after opening, the pool is %s with %d assignments submitted: real Tolokers take seconds", p.Status, len(page.Items))
	}
}

// newPool makes a project and a closed pool of n tasks of the given overlap,
// whose work waits for review.
func newPool(t *testing.T, c *client.Client, n, overlap int) string {
	t.Helper()
	ctx := context.Background()
	project, err := c.CreateProject(ctx, &client.Project{PublicName: "pace", TaskSpec: &client.TaskSpec{
		InputSpec: map[string]*client.FieldSpec{"n": {Type: "integer"}}, OutputSpec: map[string]*client.FieldSpec{"ok": {Type: "boolean"}}}})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := c.CreatePool(ctx, &client.Pool{ProjectID: project.ID, PrivateName: "pace", RewardPerAssignment: client.MustDecimal("0.01"),
		AssignmentMaxDurationSeconds: ptr(60), WillExpire: "2030-01-01T00:00:00", AutoAcceptSolutions: ptr(false),
		Defaults: &client.PoolDefaults{DefaultOverlapForNewTaskSuites: ptr(1)}})
	if err != nil {
		t.Fatal(err)
	}
	var tasks []*client.Task
	for i := 0; i < n; i++ {
		tasks = append(tasks, &client.Task{PoolID: pool.ID, Overlap: ptr(overlap), InputValues: map[string]any{"n": i}})
	}
	if n == 0 {
		return pool.ID
	}
	if _, err := c.CreateTasks(ctx, tasks, client.SyncMode()); err != nil {
		t.Fatal(err)
	}
	return pool.ID
}

// Defect 5 and 9: each assignment is ACTIVE while a Toloker works on it, then
// SUBMITTED; the times vary from one assignment and one Toloker to the next,
// the mean follows WorkDelay and Pace, and the analytics report it.
func TestAssignmentsTakeTheirTime(t *testing.T) {
	// 50 ms each, by honest Tolokers (a bot takes a fraction of the time)
	run := emulatortest.Start(t, emulator.Options{Seed: 9, Workers: 6, WorkDelay: time.Second, Pace: 20, Cheaters: -1})
	c := newClient(t, run)
	ctx := context.Background()
	pool := newPool(t, c, 30, 2)
	if p, err := c.OpenPool(ctx, pool); err != nil || p.Status != client.PoolOpen {
		t.Fatalf("open_pool answered %+v %v", p, err)
	}
	sawActive := false
	waitFor(t, "the pool to complete", 30*time.Second, func() bool {
		page, err := c.FindAssignments(ctx, client.AssignmentFilter{PoolID: pool, Status: []client.AssignmentStatus{client.AssignmentActive}})
		if err == nil && len(page.Items) > 0 && !sawActive {
			sawActive = true
			// The export lists work in progress, which has no answers yet.
			if status, out := api(t, run.URL, "GET", "/api/new/requester/pools/"+pool+"/assignments.tsv?status=ACTIVE,SUBMITTED", nil); status != 200 {
				t.Errorf("the export of ACTIVE assignments: HTTP %d %v", status, out)
			}
		}
		p, _ := c.GetPool(ctx, pool)
		return p.Status == client.PoolClosed
	})
	if !sawActive {
		t.Error("no assignment was ever ACTIVE")
	}
	var total time.Duration
	n := 0
	durations := map[time.Duration]bool{}
	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: pool}) {
		if err != nil {
			t.Fatal(err)
		}
		if a.Status == "SKIPPED" || a.Status == "EXPIRED" { // a few, as on Toloka
			continue
		}
		created, _ := time.Parse("2006-01-02T15:04:05.999", string(a.Created))
		submitted, err := time.Parse("2006-01-02T15:04:05.999", string(a.Submitted))
		if err != nil || a.Status != "SUBMITTED" || a.Mixed == nil || !*a.Mixed {
			t.Fatalf("assignment %+v", a)
		}
		total += submitted.Sub(created)
		durations[submitted.Sub(created)] = true
		n++
	}
	mean := total / time.Duration(n)
	if n != 60 || mean < 20*time.Millisecond || mean > 150*time.Millisecond || len(durations) < 10 {
		t.Fatalf("%d assignments took %v on average in %d different times; WorkDelay 1s at pace 20 means about 50 ms, spread", n, mean, len(durations))
	}
	op, err := c.GetAnalytics(ctx, []*client.AnalyticsRequest{{Subject: "POOL", SubjectID: pool, Name: "avg_submit_assignment_millis"}})
	if err != nil {
		t.Fatal(err)
	}
	if op, err = c.WaitOperation(ctx, op); err != nil {
		t.Fatal(err)
	}
	if op.Details == nil || len(op.Details.Value) != 1 {
		t.Fatalf("analytics details %s", op.Raw())
	}
	var millis float64
	if err := json.Unmarshal(op.Details.Value[0].Result, &millis); err != nil {
		t.Fatalf("avg_submit_assignment_millis %s: %v", op.Details.Value[0].Result, err)
	}
	if got := time.Duration(millis) * time.Millisecond; got < mean-2*time.Millisecond || got > mean+2*time.Millisecond {
		t.Errorf("avg_submit_assignment_millis %v, the assignments' mean %v", got, mean)
	}
}
