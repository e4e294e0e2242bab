package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"
)

// TestKeptEncodingsFollowEveryChange reads every collection over and over
// while a crowd works a pool whose rules act, and the requester accepts,
// rejects, changes overlaps, reopens and edits; then it checks that every
// encoding kept is the object's encoding now, and that what is served is.
// Without the encodings dropped on a change (entry.changing) it fails.
func TestKeptEncodingsFollowEveryChange(t *testing.T) {
	r := startRig(t, Options{Seed: 23, Workers: 8, WorkDelay: DefaultWorkDelay, Pace: 500})
	skill := r.newSkill("golden")
	project := r.choiceProject("a", "b", "c")
	pool := r.pool(project, jsonObj{"auto_accept_solutions": false,
		"mixer_config": jsonObj{"real_tasks_count": 2, "golden_tasks_count": 1, "training_tasks_count": 0},
		"quality_control": jsonObj{"configs": []any{
			jsonObj{"collector_config": jsonObj{"type": "GOLDEN_SET"}, "rules": []any{
				jsonObj{"conditions": []any{cond("golden_set_answers_count", "GTE", 1)},
					"action": jsonObj{"type": "SET_SKILL_FROM_OUTPUT_FIELD", "parameters": jsonObj{"skill_id": skill, "from_field": "golden_set_correct_answers_rate"}}},
				jsonObj{"conditions": []any{cond("golden_set_answers_count", "GTE", 3), cond("golden_set_correct_answers_rate", "LT", 30)},
					"action": jsonObj{"type": "RESTRICTION_V2", "parameters": jsonObj{"scope": "POOL", "duration_unit": "PERMANENT"}}}}},
			rule("ASSIGNMENTS_ASSESSMENT", nil, "CHANGE_OVERLAP", jsonObj{"delta": 1, "open_pool": true}, cond("assessment_event", "EQ", "REJECT")),
		}}})

	// A reader walks every find route and gets objects by id until stopped,
	// so encodings are kept all along; any answer but 200 is an error (a
	// stale encoding used answers 500: see TestMain).
	finds := []string{"/api/v1/projects", "/api/v1/pools", "/api/v1/tasks", "/api/v1/task-suites", "/api/v1/assignments",
		"/api/v1/operations", "/api/v1/skills", "/api/v1/user-skills", "/api/v1/user-restrictions", "/api/v1/message-threads"}
	stop, done := make(chan struct{}), make(chan error, 1)
	go func() {
		done <- func() error {
			for rounds := 0; ; rounds++ {
				select {
				case <-stop:
					if rounds < 3 {
						return fmt.Errorf("the reader walked the collections only %d times", rounds)
					}
					return nil
				default:
				}
				for _, f := range finds {
					items, err := walkPages(r.u + f)
					if err != nil {
						return err
					}
					for i, it := range items {
						if i%7 == 0 && (f == "/api/v1/assignments" || f == "/api/v1/tasks") {
							if _, err := get(r.u + f + "/" + str(it["id"])); err != nil {
								return err
							}
						}
					}
				}
			}
		}()
	}()

	r.upload(append(goldenTasks(pool, 20, "a", "b", "c"), realTasks(pool, 60, 2)...), true)
	r.waitClosed(pool, 30*time.Second)
	as := r.list("/api/v1/assignments?pool_id=" + pool + "&status=SUBMITTED")
	if len(as) < 4 {
		t.Fatalf("%d submitted assignments", len(as))
	}
	r.must("PATCH", "/api/v1/assignments/"+str(as[0]["id"]), jsonObj{"status": "ACCEPTED", "public_comment": "ok"})
	r.must("PATCH", "/api/v1/assignments/"+str(as[1]["id"]), jsonObj{"status": "REJECTED", "public_comment": "no"}) // reopens the pool
	tasks := r.list("/api/v1/tasks?pool_id=" + pool)
	r.must("PATCH", "/api/v1/tasks/"+str(tasks[len(tasks)-1]["id"]), jsonObj{"overlap": 3})
	r.must("PATCH", "/api/v1/pools/"+pool, jsonObj{"priority": 7})
	r.waitClosed(pool, 30*time.Second)
	r.must("PATCH", "/api/v1/assignments/"+str(as[2]["id"]), jsonObj{"status": "ACCEPTED", "public_comment": "ok"})
	time.Sleep(50 * time.Millisecond) // a round of reading after the last change
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r.run.Server.Close() // the crowd stops: nothing changes from here on

	s := r.run.Server
	s.mu.Lock()
	kept, all := 0, 0
	for name, c := range s.st.collections() {
		for id, e := range c.objs {
			all++
			if k := e.enc.Load(); k != nil {
				kept++
				if fresh := encodeObject(e.o); !bytes.Equal(k.json, fresh) {
					t.Errorf("%s %s: kept %s\nbut it is now %s", name, id, k.json, fresh)
				}
				if v := indexedValue(e.o, c.indexField()); k.indexed != v {
					t.Errorf("%s %s: kept %s %q, but it is now %q", name, id, c.indexField(), k.indexed, v)
				}
			}
		}
	}
	s.mu.Unlock()
	if kept < all/2 {
		t.Fatalf("only %d encodings of %d objects kept: the test shows nothing", kept, all)
	}
	t.Logf("%d encodings of %d objects kept, each equal to a fresh one", kept, all)
	// What is served now: each page equal to its objects encoded afresh.
	for _, f := range finds {
		rec, err := get(r.u + f + "?limit=100")
		if err != nil {
			t.Fatal(err)
		}
		var fresh []byte
		s.mu.Lock()
		for _, route := range []struct {
			path string
			c    *collection
			sp   searchSpec
		}{{"/api/v1/projects", s.st.projects, projectSearch}, {"/api/v1/pools", s.st.pools, poolSearch}, {"/api/v1/tasks", s.st.tasks, taskSearch},
			{"/api/v1/task-suites", s.st.suites, suiteSearch}, {"/api/v1/assignments", s.st.assignments, assignmentSearch},
			{"/api/v1/operations", s.st.operations, operationSearch}, {"/api/v1/skills", s.st.skills, skillSearch},
			{"/api/v1/user-skills", s.st.userSk, userSkillSearch}, {"/api/v1/user-restrictions", s.st.restrictions, restrictionSearch},
			{"/api/v1/message-threads", s.st.threads, threadSearch}} {
			if route.path == f {
				items, more, _ := route.sp.find(map[string][]string{"limit": {"100"}}, route.c, route.c.all())
				var objs []object
				for _, e := range items {
					objs = append(objs, e.o)
				}
				if objs == nil {
					objs = []object{}
				}
				fresh = encodeJSON(map[string]any{route.sp.items: objs, "has_more": more})
			}
		}
		s.mu.Unlock()
		if !bytes.Equal(rec, fresh) {
			t.Errorf("GET %s served\n%s\nbut its objects are now\n%s", f, rec, fresh)
		}
	}
}

// get reads a 200 answer.
func get(u string) ([]byte, error) {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "OAuth local")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != 200 {
		err = fmt.Errorf("GET %s: HTTP %d %s", u, resp.StatusCode, b)
	}
	return b, err
}

// walkPages reads every page of a find route in id order.
func walkPages(u string) ([]jsonObj, error) {
	var all []jsonObj
	last := ""
	for {
		q := u + "?sort=id&limit=50"
		if last != "" {
			q += "&id_gt=" + last
		}
		b, err := get(q)
		if err != nil {
			return nil, err
		}
		var page struct {
			Items   []jsonObj `json:"items"`
			HasMore bool      `json:"has_more"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			return nil, fmt.Errorf("GET %s: %w", q, err)
		}
		for _, it := range page.Items {
			all = append(all, it)
			last = str(it["id"])
		}
		if !page.HasMore {
			return all, nil
		}
	}
}

// TestStoredAnswersAreEncodedAsBefore checks that a page or object joined
// from kept encodings is byte for byte what encoding the answer whole writes.
func TestStoredAnswersAreEncodedAsBefore(t *testing.T) {
	c := newCollection("pool_id")
	for i := range 3 {
		c.add(object{"id": fmt.Sprintf("a%d", i), "pool_id": "1", "n": json.Number("1.50"), "s": "<é\u2028>",
			"tasks": []any{object{"z": nil, "a": []any{true, "x"}}}})
	}
	for _, key := range []string{"items", "content"} {
		for _, more := range []bool{false, true} {
			for n := range 4 {
				entries := c.entries[:n]
				objs := []object{}
				for _, e := range entries {
					objs = append(objs, e.o)
				}
				parts, ok := takeEncodings(&storedPage{key: key, items: entries, hasMore: more})
				want := encodeJSON(map[string]any{key: objs, "has_more": more})
				if got := parts.join(); !ok || !bytes.Equal(got, want) {
					t.Errorf("%s, %d items, has_more %v: joined\n%s\nencoded whole\n%s", key, n, more, got, want)
				}
			}
		}
	}
	parts, ok := takeEncodings(storedObject{c.entries[1]})
	if got, want := parts.join(), encodeJSON(c.entries[1].o); !ok || !bytes.Equal(got, want) {
		t.Errorf("an object: joined\n%s\nencoded whole\n%s", got, want)
	}
}

// TestKeptEncodingsFollowAppBatches reads an App batch and its items while
// the emulator works through them (the batches change as collection.each
// hands them out; see tickApps) until the batch reads COMPLETED.
func TestKeptEncodingsFollowAppBatches(t *testing.T) {
	r := startRig(t, Options{Seed: 5})
	p := r.must("POST", "/api/app/v0/app-projects", jsonObj{"app_id": "9lZaMl363jahzra1rrYr", "name": "pets", "parameters": jsonObj{"labels": []any{"cat", "dog"}}})
	var items []any
	for i := range 40 {
		items = append(items, jsonObj{"url": fmt.Sprintf("https://e.x/%d.jpg", i)})
	}
	base := "/api/app/v0/app-projects/" + str(p["id"])
	b := r.must("POST", base+"/batches", jsonObj{"name": "b", "items": items})
	list := func() (status string, done int) {
		for _, x := range r.must("GET", base+"/batches", nil)["content"].([]any) {
			status = str(x.(jsonObj)["status"])
		}
		for _, x := range r.must("GET", base+"/items?limit=100", nil)["content"].([]any) {
			if x.(jsonObj)["status"] == "COMPLETED" {
				done++
			}
		}
		return status, done
	}
	if status, done := list(); status != "NEW" || done != 0 {
		t.Fatalf("a new batch reads %s with %d items done", status, done)
	}
	r.must("POST", base+"/batches/"+str(b["id"])+"/start", nil)
	seen := map[string]bool{}
	r.waitFor("the batch to read COMPLETED", 10*time.Second, func() bool {
		status, done := list()
		seen[fmt.Sprintf("%s %d", status, done)] = true
		return status == "COMPLETED" && done == 40
	})
	if len(seen) < 3 {
		t.Errorf("the batch read only %v on its way", seen)
	}
}
