package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

// rig drives an emulator over loopback HTTP, as a requester's script does,
// and reads what the service hides (a Toloker's habit, a task's truth)
// from its state, under its lock.
type rig struct {
	t   *testing.T
	run *Running
	u   string
}

// startRig serves an emulator whose crowd works 2000 times as fast as a real
// one (5 ms an assignment), unless opts say otherwise.
func startRig(t *testing.T, opts Options) *rig {
	t.Helper()
	if opts.WorkDelay == 0 && opts.Pace == 0 {
		opts.WorkDelay, opts.Pace = DefaultWorkDelay, 2000
	}
	if opts.OperationDelay == 0 {
		opts.OperationDelay = 5 * time.Millisecond
	}
	run, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { run.Close() })
	return &rig{t: t, run: run, u: run.URL}
}

type jsonObj = map[string]any

func (r *rig) call(method, path string, body any) (int, jsonObj) {
	r.t.Helper()
	var in io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			r.t.Fatal(err)
		}
		in = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, r.u+path, in)
	req.Header.Set("Authorization", "OAuth local")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out jsonObj
	if len(bytes.TrimSpace(data)) > 0 && json.Unmarshal(data, &out) != nil {
		out = jsonObj{"$text": string(data)}
	}
	return resp.StatusCode, out
}

func (r *rig) must(method, path string, body any) jsonObj {
	r.t.Helper()
	status, out := r.call(method, path, body)
	if status/100 != 2 {
		r.t.Fatalf("%s %s: HTTP %d %v", method, path, status, out)
	}
	return out
}

// list reads every item of a find route, page by page, in id order.
func (r *rig) list(path string) []jsonObj {
	r.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var all []jsonObj
	last := ""
	for {
		q := path + sep + "sort=id&limit=100"
		if last != "" {
			q += "&id_gt=" + last
		}
		page := r.must("GET", q, nil)
		for _, x := range page["items"].([]any) {
			all = append(all, x.(jsonObj))
			last = str(x.(jsonObj)["id"])
		}
		if page["has_more"] != true {
			return all
		}
	}
}

// project makes a project with one url input ("image") and the output spec and view given.
func (r *rig) project(output jsonObj, view jsonObj) string {
	r.t.Helper()
	if view == nil {
		view = jsonObj{"type": "classic", "markup": "<img src={{image}}>"}
	}
	p := r.must("POST", "/api/v1/projects", jsonObj{"public_name": "crowd test",
		"task_spec": jsonObj{"input_spec": jsonObj{"image": jsonObj{"type": "url", "required": true}}, "output_spec": output, "view_spec": view}})
	return p["id"].(string)
}

// choiceProject is a project whose "label" is one of the options.
func (r *rig) choiceProject(options ...string) string {
	var allowed []any
	for _, o := range options {
		allowed = append(allowed, o)
	}
	return r.project(jsonObj{"label": jsonObj{"type": "string", "required": true, "allowed_values": allowed}}, nil)
}

// pool makes a pool of the project: reward 0.02, overlap 1, ten minutes an
// assignment, one real task a page; extra fields replace those.
func (r *rig) pool(projectID string, extra jsonObj) string {
	r.t.Helper()
	body := jsonObj{"project_id": projectID, "private_name": "crowd test", "reward_per_assignment": 0.02,
		"assignment_max_duration_seconds": 600, "will_expire": "2030-01-01T00:00:00", "defaults": jsonObj{"default_overlap_for_new_task_suites": 1},
		"mixer_config": jsonObj{"real_tasks_count": 1, "golden_tasks_count": 0, "training_tasks_count": 0}}
	for k, v := range extra {
		body[k] = v
	}
	return r.must("POST", "/api/v1/pools", body)["id"].(string)
}

// rule is one quality-control config of a collector and one rule.
func rule(collector string, params jsonObj, action string, actionParams jsonObj, conditions ...jsonObj) jsonObj {
	cc := jsonObj{"type": collector}
	if params != nil {
		cc["parameters"] = params
	}
	a := jsonObj{"type": action}
	if actionParams != nil {
		a["parameters"] = actionParams
	}
	return jsonObj{"collector_config": cc, "rules": []any{jsonObj{"conditions": conditions, "action": a}}}
}

func cond(key, op string, value any) jsonObj {
	return jsonObj{"key": key, "operator": op, "value": value}
}

func qc(configs ...jsonObj) jsonObj {
	var list []any
	for _, c := range configs {
		list = append(list, c)
	}
	return jsonObj{"configs": list}
}

// realTasks are n tasks with an overlap, and goldens control tasks whose
// known answer is the i-th of answers in turn, with infinite overlap.
func realTasks(pool string, n, overlap int) []any {
	var out []any
	for i := 0; i < n; i++ {
		out = append(out, jsonObj{"pool_id": pool, "overlap": overlap, "input_values": jsonObj{"image": fmt.Sprintf("https://e.x/%s/r%d.jpg", pool, i)}})
	}
	return out
}

func goldenTasks(pool string, n int, answers ...string) []any {
	var out []any
	for i := 0; i < n; i++ {
		out = append(out, jsonObj{"pool_id": pool, "overlap": nil, "infinite_overlap": true,
			"input_values":    jsonObj{"image": fmt.Sprintf("https://e.x/%s/g%d.jpg", pool, i)},
			"known_solutions": []any{jsonObj{"output_values": jsonObj{"label": answers[i%len(answers)]}}}})
	}
	return out
}

// upload creates tasks synchronously (opening the pool, if open says so).
func (r *rig) upload(tasks []any, open bool) {
	r.t.Helper()
	r.must("POST", fmt.Sprintf("/api/v1/tasks?async_mode=false&open_pool=%v", open), tasks)
}

// waitClosed waits until the pool is closed.
func (r *rig) waitClosed(pool string, d time.Duration) jsonObj {
	r.t.Helper()
	deadline := time.Now().Add(d)
	for {
		p := r.must("GET", "/api/v1/pools/"+pool, nil)
		if p["status"] == "CLOSED" {
			return p
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("pool %s still %s after %v", pool, p["status"], d)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitFor polls until cond holds.
func (r *rig) waitFor(what string, d time.Duration, cond func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			r.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// byUser groups a pool's assignments by Toloker, each in the order issued.
func (r *rig) byUser(pool string) map[string][]jsonObj {
	out := map[string][]jsonObj{}
	for _, a := range r.list("/api/v1/assignments?pool_id=" + pool) {
		u := a["user_id"].(string)
		out[u] = append(out[u], a)
	}
	return out
}

// restricted lists the users with a restriction (of any scope) and its comment.
func (r *rig) restricted() map[string]jsonObj {
	out := map[string]jsonObj{}
	for _, x := range r.list("/api/v1/user-restrictions") {
		out[x["user_id"].(string)] = x
	}
	return out
}

// skill reads every Toloker's value of a skill.
func (r *rig) skill(id string) map[string]float64 {
	out := map[string]float64{}
	for _, x := range r.list("/api/v1/user-skills?skill_id=" + id) {
		out[x["user_id"].(string)] = x["exact_value"].(float64)
	}
	return out
}

func (r *rig) newSkill(name string) string {
	return r.must("POST", "/api/v1/skills", jsonObj{"name": name})["id"].(string)
}

// habits are the Tolokers' hidden habits, by id ("" for honest).
func (r *rig) habits() map[string]string {
	s := r.run.Server
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for _, w := range s.st.workers {
		out[w.ID] = w.Habit
	}
	return out
}

// answers pairs each task of an assignment with its answer's label.
func labels(a jsonObj) []string {
	var out []string
	for _, s := range asList(a["solutions"]) {
		out = append(out, str(s.(jsonObj)["output_values"].(jsonObj)["label"]))
	}
	return out
}

// goldenCredits are an assignment's answers to control tasks: 1 right, 0 wrong.
func goldenCredits(a jsonObj) []float64 {
	var out []float64
	sols := asList(a["solutions"])
	for i, t := range asList(a["tasks"]) {
		ks := asList(t.(jsonObj)["known_solutions"])
		if len(ks) == 0 || i >= len(sols) {
			continue
		}
		want := ks[0].(jsonObj)["output_values"].(jsonObj)["label"]
		got := sols[i].(jsonObj)["output_values"].(jsonObj)["label"]
		out = append(out, bit(got == want))
	}
	return out
}

func sortedUsers[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
