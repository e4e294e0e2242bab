package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/internal/testenv"
)

// The recorded exchanges come from toloka-kit's tests, whose answers are
// hand-written mocks over ids that do not exist here. The test brings the
// emulator to a matching state (a fixture of every kind of object), rewrites
// the ids of each recorded request to the fixture's, sends it, and checks the
// answer has the recorded status class and the recorded shape: the same JSON
// type, the same page envelope, and the same JSON kind for every key both have.

type recorded struct {
	Test     string `json:"test"`
	Context  string `json:"caller_context"`
	Template string `json:"path_template"`
	Request  struct {
		Method string                     `json:"method"`
		Path   string                     `json:"path"`
		Query  map[string]json.RawMessage `json:"query"`
		Body   json.RawMessage            `json:"body"`
	} `json:"request"`
	Response struct {
		Status int             `json:"status"`
		Body   json.RawMessage `json:"body"`
	} `json:"response"`
}

type fixture struct {
	s   *Server
	ids map[string]string // path parameter or body key → id of a fixture object
	// keep lets deleted fixtures come back before the next exchange.
	keep map[*collection]object
}

func newFixture(t *testing.T) *fixture {
	s := New(Options{Seed: 5, Workers: 3})
	t.Cleanup(s.Close)
	s.Close() // the fixture does the Tolokers' work itself, deterministically
	st := s.st
	f := &fixture{s: s, ids: map[string]string{}, keep: map[*collection]object{}}
	project := object{"id": st.numericID("project"), "public_name": "fixture", "status": "ACTIVE", "created": st.now(), "owner": st.owner(),
		"task_spec": object{"input_spec": object{"image": object{"type": "url", "required": true}},
			"output_spec": object{"color": object{"type": "string", "required": false}, "photo": object{"type": "file", "required": false}}}}
	st.projects.add(project)
	pool := object{"id": st.numericID("pool"), "project_id": project["id"], "private_name": "fixture", "status": "OPEN", "type": "REGULAR",
		"reward_per_assignment": json.Number("0.05"), "will_expire": "2030-01-01T00:00:00.000", "assignment_max_duration_seconds": 60,
		"may_contain_adult_content": false, "created": st.now(), "owner": st.owner(), "priority": 0,
		"defaults": object{"default_overlap_for_new_tasks": 2, "default_overlap_for_new_task_suites": 2}}
	st.pools.add(pool)
	for i := 0; i < 3; i++ {
		st.tasks.add(object{"id": st.orderedID(), "pool_id": pool["id"], "created": st.now(), "overlap": 3, "remaining_overlap": 3,
			"infinite_overlap": false, "input_values": object{"image": fmt.Sprintf("https://example.com/%d.png", i)}})
	}
	suite := object{"id": st.orderedID(), "pool_id": pool["id"], "created": st.now(), "overlap": 1, "remaining_overlap": 1, "infinite_overlap": false,
		"tasks": []any{object{"id": st.orderedID(), "input_values": object{"image": "https://example.com/s.png"}}}}
	st.suites.add(suite)
	st.workOnce(pool, time.Now())
	training := object{"id": st.numericID("training"), "project_id": project["id"], "private_name": "fixture training", "status": "CLOSED",
		"may_contain_adult_content": false, "assignment_max_duration_seconds": 60, "created": st.now(), "owner": st.owner()}
	st.trainings.add(training)
	skill := object{"id": st.numericID("skill"), "name": "fixture", "created": st.now(), "owner": st.owner()}
	st.skills.add(skill)
	worker := st.workers[0].ID
	userSkill := object{"id": st.numericID("user_skill"), "skill_id": skill["id"], "user_id": worker, "value": 80, "exact_value": json.Number("80.5"),
		"created": st.now(), "modified": st.now()}
	st.userSk.add(userSkill)
	restriction := object{"id": st.numericID("restriction"), "scope": "POOL", "pool_id": pool["id"], "user_id": st.workers[2].ID, "created": st.now()}
	st.restrictions.add(restriction)
	firstAssignment := st.assignments.objs[st.assignments.ids[0]].o
	bonus := object{"id": st.numericID("bonus"), "user_id": worker, "amount": json.Number("1.50"), "assignment_id": firstAssignment["id"],
		"created": st.now(), "public_title": object{"EN": "t"}, "public_message": object{"EN": "m"}}
	st.bonuses.add(bonus)
	me := object{"id": st.requester["id"], "role": "REQUESTER", "myself": true}
	thread := object{"id": st.numericID("thread"), "topic": object{"EN": "t"}, "folders": []any{"OUTBOX"}, "answerable": true,
		"interlocutors_inlined": true, "interlocutors": []any{me}, "messages_inlined": true, "created": st.now(),
		"messages": []any{object{"text": object{"EN": "hi"}, "from": me, "created": st.now()}}}
	st.threads.add(thread)
	webhook := object{"id": st.numericID("webhook"), "webhook_url": "https://example.com/hook", "event_type": "POOL_CLOSED", "pool_id": pool["id"], "created": st.now()}
	st.webhooks.add(webhook)
	attachment := str(st.attachments.ids[0])
	op := st.newOperation("", "SOLUTION.AGGREGATE", object{"pool_id": pool["id"]}, nil, false)
	for _, tid := range st.tasks.index["pool_id"][str(pool["id"])] {
		if res, ok := st.aggregateTask(str(pool["id"]), tid, "", []string{"color"}); ok {
			st.aggregations[str(op["id"])] = append(st.aggregations[str(op["id"])], res)
		}
	}
	st.opLogs[str(op["id"])] = []object{{"type": "TASK_CREATE", "success": true, "input": object{"__item_idx": "0"}, "output": object{"task_id": "x"}}}
	app := st.apps.objs[st.apps.ids[0]].o
	appProject := object{"id": st.numericID("app_project"), "app_id": app["id"], "name": "fixture", "parameters": object{"labels": []any{"a"}, "instruction": "i"},
		"status": "READY", "created": st.now(), "item_price": app["default_item_price"], "app": object{"id": app["id"], "name": app["name"]}, "read_only": false, "errors": []any{}, "parent_app_project_id": ""}
	st.appProjects.add(appProject)
	batch := st.appBatch(str(appProject["id"]), "fixture")
	item := st.appItem(str(appProject["id"]), str(batch["id"]), map[string]any{"text": "x"})

	for k, v := range map[string]any{"project_id": project["id"], "pool_id": pool["id"], "training_id": training["id"], "skill_id": skill["id"],
		"task_id": st.tasks.index["pool_id"][str(pool["id"])][0], "task_suite_id": suite["id"], "assignment_id": firstAssignment["id"],
		"attachment_id": attachment, "operation_id": op["id"], "user_id": worker, "user_skill_id": userSkill["id"],
		"user_restriction_id": restriction["id"], "user_bonus_id": bonus["id"], "message_thread_id": thread["id"],
		"webhook_subscription_id": webhook["id"], "app_project_id": appProject["id"], "app_id": app["id"], "batch_id": batch["id"],
		"app_item_id": item["id"], "training_pool_id": training["id"], "answer_weight_skill_id": skill["id"], "subject_id": pool["id"]} {
		f.ids[k] = str(v)
	}
	for c, o := range map[*collection]object{st.userSk: userSkill, st.restrictions: restriction, st.webhooks: webhook} {
		f.keep[c] = clone(o)
	}
	return f
}

// revive puts a removed object back where it was.
func revive(c *collection, o object) {
	for i, id := range c.ids {
		if id == str(o["id"]) && c.entries[i].removed {
			e := c.entries[i] // the index's lists hold it too
			e.o, e.removed = o, false
			e.enc.Store(nil)
			c.objs[id] = e
			return
		}
	}
	c.add(o)
}

// prepare puts the fixture in the state the recorded request expects.
func (f *fixture) prepare(method, path string) string {
	st := f.s.st
	for c, o := range f.keep {
		if _, ok := c.objs[str(o["id"])]; !ok {
			revive(c, clone(o))
		}
	}
	pool, _ := st.pools.get(f.ids["pool_id"])
	training, _ := st.trainings.get(f.ids["training_id"])
	batch, _ := st.appBatches.get(f.ids["batch_id"])
	appProject, _ := st.appProjects.get(f.ids["app_project_id"])
	set := func(o object, status string) { o["status"] = status }
	if pool["status"] == "ARCHIVED" {
		set(pool, "OPEN") // an earlier exchange archived it; later ones add tasks to it
	}
	if training["status"] == "ARCHIVED" {
		set(training, "CLOSED")
	}
	switch {
	case strings.HasSuffix(path, "/pools/"+f.ids["pool_id"]+"/open"):
		set(pool, "CLOSED")
	case strings.Contains(path, "/pools/") && (strings.HasSuffix(path, "/close") || strings.HasSuffix(path, "/close-for-update")):
		set(pool, "OPEN")
	case strings.Contains(path, "/pools/") && strings.HasSuffix(path, "/archive"):
		set(pool, "CLOSED")
	case strings.Contains(path, "/trainings/") && strings.HasSuffix(path, "/open"):
		set(training, "CLOSED")
	case strings.Contains(path, "/trainings/") && strings.HasSuffix(path, "/close"):
		set(training, "OPEN")
	case strings.Contains(path, "/trainings/") && strings.HasSuffix(path, "/archive"):
		set(training, "CLOSED")
	case strings.Contains(path, "/projects/") && strings.HasSuffix(path, "/archive"):
		// A project of its own, with nothing left to archive first.
		p := clone(st.projects.objs[f.ids["project_id"]].o)
		p["id"] = st.numericID("project")
		st.projects.add(p)
		return strings.Replace(path, f.ids["project_id"], str(p["id"]), 1)
	case strings.HasSuffix(path, "/batches/"+f.ids["batch_id"]+"/start"):
		set(batch, "NEW")
	case strings.HasSuffix(path, "/stop"):
		set(batch, "PROCESSING")
	case strings.HasSuffix(path, "/resume"):
		set(batch, "STOPPED")
	case strings.Contains(path, "/batches/") && strings.HasSuffix(path, "/archive"):
		set(batch, "COMPLETED")
	case strings.Contains(path, "/batches/") && strings.HasSuffix(path, "/unarchive"):
		batch["_before"] = "COMPLETED"
		set(batch, "ARCHIVE")
	case strings.HasSuffix(path, "/unarchive"):
		appProject["_before"] = "READY"
		set(appProject, "ARCHIVED")
	case strings.HasSuffix(path, "/archive"):
		set(appProject, "READY")
	case method == "PATCH" && strings.Contains(path, "/assignments/"):
		a, _ := st.assignments.get(f.ids["assignment_id"])
		a["status"] = "SUBMITTED"
	}
	return path
}

// rewrite replaces recorded ids by the fixture's, in a path template, a query and a body.
func (f *fixture) rewritePath(template string) string {
	out := template
	for k, v := range f.ids {
		out = strings.ReplaceAll(out, "{"+k+"}", v)
	}
	return out
}

func (f *fixture) rewriteValue(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = f.rewriteValue(k, e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = f.rewriteValue(key, e)
		}
		return x
	}
	if id, ok := f.ids[key]; ok {
		return id
	}
	if key == "recipients_ids" {
		return f.ids["user_id"]
	}
	return v
}

func kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number, float64:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

// compareShape reports keys whose JSON kinds differ, and recorded keys the answer lacks.
func compareShape(got, want any, path string, mismatches, missing map[string]int) {
	gm, ok1 := got.(map[string]any)
	wm, ok2 := want.(map[string]any)
	if ok1 && ok2 {
		for k, wv := range wm {
			gv, ok := gm[k]
			if !ok {
				missing[path+k]++
				continue
			}
			compareShape(gv, wv, path+k+".", mismatches, missing)
		}
		return
	}
	gk, wk := kind(got), kind(want)
	key := strings.TrimSuffix(path, ".")
	if i := strings.LastIndexAny(key, ". "); i >= 0 {
		key = key[i+1:]
	}
	if gk == "string" && wk == "number" && (key == "id" || strings.HasSuffix(key, "_id")) || freeForm(path) {
		return
	}
	if gk != wk && gk != "null" && wk != "null" {
		mismatches[fmt.Sprintf("%s: %s, recorded %s", strings.TrimSuffix(path, "."), gk, wk)]++
		return
	}
	if gl, ok := got.([]any); ok && len(gl) > 0 {
		if wl, ok := want.([]any); ok && len(wl) > 0 {
			compareShape(gl[0], wl[0], path+"0.", mismatches, missing)
		}
	}
}

func TestRecordedExchangesHaveTheRecordedShape(t *testing.T) {
	files := testenv.Recordings(t)
	f := newFixture(t)
	mismatches, missing, exactDiff := map[string]int{}, map[string]int{}, map[string]int{}
	var sent, skipped, statusDiff, errorsReplayed int
	for _, file := range files {
		for _, line := range bytes.Split(file.Data, []byte("\n")) {
			var e recorded
			if len(bytes.TrimSpace(line)) == 0 || json.Unmarshal(line, &e) != nil || e.Context != "client" {
				continue
			}
			if e.Response.Status >= 400 {
				if reason := f.replayError(t, e); reason != "" {
					skipped++
					t.Logf("error mock not replayed: %s", reason)
				} else {
					errorsReplayed++
				}
				continue
			}
			if reason := invalidMock(e.Test); reason != "" {
				skipped++
				t.Logf("not replayed: %s", reason)
				continue
			}
			f.s.mu.Lock()
			path := f.prepare(e.Request.Method, f.rewritePath(e.Template))
			f.s.mu.Unlock()
			q := make([]string, 0, len(e.Request.Query))
			for k, raw := range e.Request.Query {
				var s string
				if json.Unmarshal(raw, &s) != nil {
					continue
				}
				switch {
				case k == "operation_id":
					continue // a fresh one, so repeats are not refused as duplicates
				case f.ids[k] != "":
					s = f.ids[k]
				case strings.HasSuffix(k, "_gt") || strings.HasSuffix(k, "_gte") || strings.HasSuffix(k, "_lt") || strings.HasSuffix(k, "_lte"):
					continue // the mocks' ranges would select nothing here
				}
				q = append(q, k+"="+urlQueryEscape(s))
			}
			sort.Strings(q)
			var body []byte
			if len(e.Request.Body) > 0 && string(e.Request.Body) != "null" {
				d := json.NewDecoder(bytes.NewReader(e.Request.Body))
				d.UseNumber()
				var v any
				_ = d.Decode(&v)
				body, _ = json.Marshal(f.rewriteValue("", v))
			}
			req := httptest.NewRequest(e.Request.Method, path+"?"+strings.Join(q, "&"), bytes.NewReader(body))
			req.Header.Set("Authorization", "OAuth x")
			rec := httptest.NewRecorder()
			f.s.ServeHTTP(rec, req)
			sent++
			if rec.Code != e.Response.Status {
				exactDiff[fmt.Sprintf("%s %s: %d, recorded %d", e.Request.Method, e.Template, rec.Code, e.Response.Status)]++
			}
			if rec.Code/100 != 2 {
				statusDiff++
				t.Errorf("%s %s (%s): HTTP %d, recorded %d: %s", e.Request.Method, e.Template, e.Test, rec.Code, e.Response.Status, excerptBytes(rec.Body.Bytes()))
				continue
			}
			var got, want any
			gd := json.NewDecoder(rec.Body)
			gd.UseNumber()
			_ = gd.Decode(&got)
			wd := json.NewDecoder(bytes.NewReader(e.Response.Body))
			wd.UseNumber()
			_ = wd.Decode(&want)
			if wm, ok := want.(map[string]any); ok && (wm["$text"] != nil || wm["$base64"] != nil) {
				continue // the TSV export and attachment bytes are not JSON
			}
			compareShape(got, want, e.Template+" ", mismatches, missing)
		}
	}
	// Exact statuses are only logged: the mocks are hand-written and disagree with
	// each other (GETs answered 201, a state change 204 on a pool that was not in
	// that state); the emulator follows ENDPOINTS.md §2.8.
	t.Logf("%d kinds of exchange answered with another 2xx status than the mock", len(exactDiff))
	for m, n := range mismatches {
		t.Errorf("kind mismatch %s (%d times)", m, n)
	}
	var lacking []string
	for k, n := range missing {
		lacking = append(lacking, fmt.Sprintf("%s ×%d", k, n))
	}
	sort.Strings(lacking)
	t.Logf("%d error mocks replayed with their status and code", errorsReplayed)
	t.Logf("%d recorded requests sent: %d answered 2xx as recorded; %d mocks not replayed; %d keys of mock answers not produced (optional fields the mocks set):\n%s",
		sent, sent-statusDiff, skipped, len(lacking), strings.Join(lacking, "\n"))
	if sent < 1000 {
		t.Errorf("only %d exchanges sent", sent)
	}
}

// replayError brings about the error condition a mock answered with and checks
// the emulator answers it with the same status and code; it returns why not
// when the condition is not one the emulator has.
func (f *fixture) replayError(t *testing.T, e recorded) string {
	var want struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(e.Response.Body, &want)
	body := e.Request.Body
	send := func(s *Server, path, query string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(e.Request.Method, path+"?"+query, bytes.NewReader(body))
		req.Header.Set("Authorization", "OAuth x")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	var rec *httptest.ResponseRecorder
	switch {
	case want.Code == "OPERATION_ALREADY_EXISTS":
		// The same operation sent twice: the second is refused.
		var v any
		d := json.NewDecoder(bytes.NewReader(e.Request.Body))
		d.UseNumber()
		_ = d.Decode(&v)
		body, _ = json.Marshal(f.rewriteValue("", v))
		q := "operation_id=" + f.s.st.uuid() + "&async_mode=true&allow_defaults=true"
		send(f.s, e.Request.Path, q)
		rec = send(f.s, e.Request.Path, q)
	case want.Code == "EMPTY_POOL":
		f.s.mu.Lock()
		st := f.s.st
		empty := clone(st.pools.objs[f.ids["pool_id"]].o)
		empty["id"], empty["status"] = st.numericID("pool"), "CLOSED"
		st.pools.add(empty)
		f.s.mu.Unlock()
		rec = send(f.s, "/api/v1/pools/"+str(empty["id"])+"/open", "")
	case e.Response.Status == 500:
		// A server failure: an emulator whose every answer is an injected 500.
		faulty := New(Options{Faults: 1, FaultKinds: []string{"500"}})
		defer faulty.Close()
		rec = send(faulty, f.rewritePath(e.Template), "")
		want.Code = "" // the mocks' 500s have no body, ours has INTERNAL_ERROR
	default:
		return fmt.Sprintf("%s %s answered %d %s to a valid request: a condition of the mock's own (a phone not confirmed, a server-side rule) the emulator does not model", e.Request.Method, e.Template, e.Response.Status, want.Code)
	}
	var got struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &got)
	if rec.Code != e.Response.Status || want.Code != "" && got.Code != want.Code {
		t.Errorf("%s %s (%s): HTTP %d %s, recorded %d %s", e.Request.Method, e.Template, e.Test, rec.Code, got.Code, e.Response.Status, want.Code)
	}
	return ""
}

// invalidMocks are recorded requests the real API documents as invalid; the
// emulator rightly refuses them, so they are not replayed.
var invalidMocks = map[string]string{
	"test_app.py::test_create_app_project[":                   "toloka-kit's test posts an App object (param_spec, input_spec…) as the App project",
	"test_analytics_request.py::test_send_analytics_request[": "toloka-kit's test asks for 12 metrics in one request; the API takes at most 10",
	"test_creation.py::test_create_tasks_with_error[":         "the mock creates the valid tasks of a batch without skip_invalid_items; the OpenAPI says such a batch creates nothing (400)",
}

func invalidMock(test string) string {
	for k, reason := range invalidMocks {
		if strings.Contains(test, k) {
			return reason
		}
	}
	return ""
}

// freeForm are keys whose values are the user's own data, so their kinds differ
// from one object to another; ids are strings here even where a mock wrote a number.
func freeForm(path string) bool {
	for _, k := range []string{"filter", "input_values", "output_values", "input_data", "output_data", "parameters", "details", "payload", "metadata", "value", "result"} {
		if strings.Contains(path, "."+k+".") || strings.Contains(path, " "+k+".") || strings.HasPrefix(path, k+".") {
			return true
		}
	}
	return false
}

func excerptBytes(b []byte) string {
	if len(b) > 300 {
		b = b[:300]
	}
	return string(b)
}

func urlQueryEscape(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", " ", "%20", "#", "%23", ":", "%3A", ",", "%2C").Replace(s)
}

var _ = http.StatusOK
