package emulator

import (
	"testing"
	"time"
)

// The actions that change overlap and review work, the collectors that
// drive them (ASSIGNMENTS_ASSESSMENT, USERS_ASSESSMENT, TRAINING), the
// comparison of conditions, and the validation of quality_control.

// taskOf is the id of an assignment's first task.
func taskOf(a jsonObj) string { return asList(a["tasks"])[0].(jsonObj)["id"].(string) }

func (r *rig) poolOpens(pool string) int {
	n := 0
	for _, op := range r.list("/api/v1/operations?type=POOL.OPEN") {
		if op["parameters"].(jsonObj)["pool_id"] == pool {
			n++
		}
	}
	return n
}

func TestRejectionRaisesOverlapAndReopensThePool(t *testing.T) {
	r := startRig(t, Options{Seed: 11, Workers: 4, Mishaps: -1})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"auto_accept_solutions": false, "quality_control": qc(rule("ASSIGNMENTS_ASSESSMENT", nil,
		"CHANGE_OVERLAP", jsonObj{"delta": 1, "open_pool": true}, cond("assessment_event", "EQ", "REJECT")))})
	r.upload(realTasks(pool, 4, 1), true)
	if p := r.waitClosed(pool, 10*time.Second); p["last_close_reason"] != "COMPLETED" {
		t.Fatalf("closed for %v", p["last_close_reason"])
	}
	as := r.list("/api/v1/assignments?pool_id=" + pool)
	r.must("PATCH", "/api/v1/assignments/"+str(as[1]["id"]), jsonObj{"status": "ACCEPTED", "public_comment": "ok"})
	if p := r.must("GET", "/api/v1/pools/"+pool, nil); p["status"] != "CLOSED" {
		t.Fatal("an acceptance is no REJECT event, and changes nothing")
	}
	rejected := as[0]
	r.must("PATCH", "/api/v1/assignments/"+str(rejected["id"]), jsonObj{"status": "REJECTED", "public_comment": "wrong"})
	// The pool reopens (a second POOL.OPEN); its status is not read here:
	// a crowd this fast may have done the task again and closed it already.
	task := r.must("GET", "/api/v1/tasks/"+taskOf(rejected), nil)
	if task["overlap"] != 2.0 || r.poolOpens(pool) != 2 {
		t.Fatalf("after the rejection: task %v, pool %v, %d POOL.OPEN operations", task, r.must("GET", "/api/v1/pools/"+pool, nil)["status"], r.poolOpens(pool))
	}
	r.waitClosed(pool, 10*time.Second)
	var again []jsonObj
	for _, a := range r.list("/api/v1/assignments?pool_id=" + pool) {
		if taskOf(a) == taskOf(rejected) && a["id"] != rejected["id"] {
			again = append(again, a)
		}
	}
	if len(again) != 1 || again[0]["user_id"] == rejected["user_id"] || again[0]["status"] != "SUBMITTED" {
		t.Fatalf("the task was done again by %v", again)
	}
}

func TestRejectionRaisesTheOverlapOfASuiteMadeByHand(t *testing.T) {
	r := startRig(t, Options{Seed: 12, Workers: 3, Mishaps: -1})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"auto_accept_solutions": false, "quality_control": qc(rule("ASSIGNMENTS_ASSESSMENT", nil,
		"CHANGE_OVERLAP", jsonObj{"delta": 1, "open_pool": true}, cond("rejected_assignments_count", "GTE", 1), cond("assessment_event", "EQ", "REJECT")))})
	suite := r.must("POST", "/api/v1/task-suites?async_mode=false&open_pool=true", jsonObj{"pool_id": pool, "overlap": 1,
		"tasks": realTasks(pool, 3, 1)})
	r.waitClosed(pool, 10*time.Second)
	a := r.list("/api/v1/assignments?pool_id=" + pool)[0]
	r.must("PATCH", "/api/v1/assignments/"+str(a["id"]), jsonObj{"status": "REJECTED", "public_comment": "wrong"})
	if s := r.must("GET", "/api/v1/task-suites/"+suite["id"].(string), nil); s["overlap"] != 2.0 {
		t.Fatalf("suite after a rejection: %v", s)
	}
	r.waitClosed(pool, 10*time.Second)
	if as := r.list("/api/v1/assignments?pool_id=" + pool); len(as) != 2 || as[1]["task_suite_id"] != suite["id"] || as[1]["user_id"] == a["user_id"] {
		t.Fatalf("the suite again: %v", as)
	}
}

func TestLosingAccessGivesTheWorkToOthers(t *testing.T) {
	r := startRig(t, Options{Seed: 13, Workers: 4, Mishaps: -1})
	skill := r.newSkill("access")
	for _, w := range r.run.Server.WorkerIDs() {
		r.must("PUT", "/api/v1/user-skills", jsonObj{"skill_id": skill, "user_id": w, "value": 80})
	}
	project := r.choiceProject("a", "b")
	again := func(reason string, extra ...jsonObj) jsonObj {
		return rule("USERS_ASSESSMENT", nil, "CHANGE_OVERLAP", jsonObj{"delta": 1, "open_pool": true},
			append([]jsonObj{cond("pool_access_revoked_reason", "EQ", reason)}, extra...)...)
	}
	banPool := r.pool(project, jsonObj{"quality_control": qc(again("RESTRICTION"))})
	skillPool := r.pool(project, jsonObj{"quality_control": qc(again("SKILL_CHANGE", cond("skill_id", "EQ", skill))),
		"filter": jsonObj{"and": []any{jsonObj{"category": "skill", "key": skill, "operator": "GTE", "value": 50}}}})
	r.upload(realTasks(banPool, 8, 1), true)
	r.upload(realTasks(skillPool, 8, 1), true)
	r.waitClosed(banPool, 10*time.Second)
	r.waitClosed(skillPool, 10*time.Second)

	check := func(pool, user string) {
		t.Helper()
		var theirs []string
		for _, a := range r.list("/api/v1/assignments?pool_id=" + pool) {
			if a["user_id"] == user {
				theirs = append(theirs, taskOf(a))
			}
		}
		if len(theirs) == 0 {
			t.Fatalf("Toloker %s did nothing in pool %s", user[:8], pool)
		}
		r.waitClosed(pool, 10*time.Second)
		for _, task := range theirs {
			var by []string
			for _, a := range r.list("/api/v1/assignments?pool_id=" + pool) {
				if taskOf(a) == task {
					by = append(by, a["user_id"].(string))
				}
			}
			if len(by) != 2 || by[1] == user {
				t.Errorf("pool %s: task %s of the Toloker who lost access done by %v", pool, task, by)
			}
		}
	}
	user := r.list("/api/v1/assignments?pool_id=" + banPool)[0]["user_id"].(string)
	r.must("PUT", "/api/v1/user-restrictions", jsonObj{"scope": "PROJECT", "project_id": project, "user_id": user, "private_comment": "banned"})
	check(banPool, user)

	user = r.list("/api/v1/assignments?pool_id=" + skillPool)[0]["user_id"].(string)
	before := len(r.list("/api/v1/assignments?pool_id=" + skillPool))
	r.must("PUT", "/api/v1/user-skills", jsonObj{"skill_id": skill, "user_id": user, "value": 90}) // still passes
	if after := len(r.list("/api/v1/assignments?pool_id=" + skillPool)); after != before {
		t.Fatal("a skill change that keeps the Toloker in the pool changes nothing")
	}
	r.must("PUT", "/api/v1/user-skills", jsonObj{"skill_id": skill, "user_id": user, "value": 10})
	check(skillPool, user)
}

func TestRejectAndApproveAllByControlAnswers(t *testing.T) {
	r := startRig(t, Options{Seed: 14, Workers: 8, Mishaps: -1})
	project := r.choiceProject("a", "b", "c")
	pool := r.pool(project, jsonObj{"auto_accept_solutions": false,
		"mixer_config": jsonObj{"real_tasks_count": 1, "golden_tasks_count": 1, "training_tasks_count": 0},
		"quality_control": jsonObj{"configs": []any{jsonObj{"collector_config": jsonObj{"type": "GOLDEN_SET"}, "rules": []any{
			jsonObj{"conditions": []any{cond("golden_set_answers_count", "GTE", 2), cond("golden_set_correct_answers_rate", "LT", 50)},
				"action": jsonObj{"type": "REJECT_ALL_ASSIGNMENTS", "parameters": jsonObj{"public_comment": "control tasks"}}},
			jsonObj{"conditions": []any{cond("golden_set_answers_count", "GTE", 2), cond("golden_set_correct_answers_rate", "GTE", 50)},
				"action": jsonObj{"type": "APPROVE_ALL_ASSIGNMENTS"}}}}}}})
	r.upload(append(goldenTasks(pool, 8, "a", "b", "c"), realTasks(pool, 30, 1)...), true)
	r.waitClosed(pool, 20*time.Second)
	rejected, accepted := 0, 0
	for user, as := range r.byUser(pool) {
		var pending []string
		count, right := 0.0, 0.0
		want := map[string]string{}
		for _, a := range as {
			pending = append(pending, str(a["id"]))
			want[str(a["id"])] = "SUBMITTED"
			for _, c := range goldenCredits(a) {
				count, right = count+1, right+c
			}
			if count >= 2 {
				verdict := "ACCEPTED"
				if 100*right/count < 50 {
					verdict = "REJECTED"
				}
				for _, id := range pending {
					want[id] = verdict
				}
				pending = nil
			}
		}
		for _, a := range as {
			if got := str(a["status"]); got != want[str(a["id"])] || got == "REJECTED" && a["public_comment"] != "control tasks" {
				t.Errorf("Toloker %s: assignment %s is %s (%v), want %s", user[:8], a["id"], got, a["public_comment"], want[str(a["id"])])
			}
			rejected += int(bit(a["status"] == "REJECTED"))
			accepted += int(bit(a["status"] == "ACCEPTED"))
		}
	}
	if rejected == 0 || accepted == 0 {
		t.Fatalf("%d rejected, %d accepted by the rules: the test shows nothing", rejected, accepted)
	}
	// The analytics count what the rules did.
	op := r.must("POST", "/api/staging/analytics-2", []any{
		jsonObj{"subject": "POOL", "subject_id": pool, "name": "rejected_assignments_count"},
		jsonObj{"subject": "POOL", "subject_id": pool, "name": "approved_assignments_count"}})
	values := op["details"].(jsonObj)["value"].([]any)
	if got := []any{values[0].(jsonObj)["result"], values[1].(jsonObj)["result"]}; got[0] != float64(rejected) || got[1] != float64(accepted) {
		t.Errorf("analytics count %v rejected and approved, the rules made %d and %d", got, rejected, accepted)
	}
}

func TestTrainingTasksInAPoolAreCounted(t *testing.T) {
	r := startRig(t, Options{Seed: 15, Workers: 6, Mishaps: -1})
	skill := r.newSkill("trained")
	project := r.choiceProject("a", "b", "c")
	pool := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 1, "golden_tasks_count": 0, "training_tasks_count": 1},
		"quality_control": qc(rule("TRAINING", nil, "SET_SKILL_FROM_OUTPUT_FIELD", jsonObj{"skill_id": skill, "from_field": "correct_answers_rate"},
			cond("total_answers_count", "GTE", 2)))})
	training := goldenTasks(pool, 6, "a", "b", "c")
	for _, x := range training {
		x.(jsonObj)["message_on_unknown_solution"] = "look again"
	}
	r.upload(append(training, realTasks(pool, 24, 1)...), true)
	r.waitClosed(pool, 20*time.Second)
	skills := r.skill(skill)
	for user, as := range r.byUser(pool) {
		count, right := 0.0, 0.0
		for _, a := range submittedOnly(as) {
			if len(asList(a["tasks"])) != 2 {
				t.Fatalf("a page of 1 real and 1 training task has %d tasks", len(asList(a["tasks"])))
			}
			for _, c := range goldenCredits(a) {
				count, right = count+1, right+c
			}
		}
		_, has := skills[user]
		if count >= 2 && (!has || abs(skills[user]-100*right/count) > 1e-4) || count < 2 && has {
			t.Errorf("Toloker %s: %v of %v training answers right, skill %v (%v)", user[:8], right, count, skills[user], has)
		}
	}
}

func TestConditionsCompare(t *testing.T) {
	tl := tally{"skill_id": "100000001", "total_answers_count": 4, "correct_answers_rate": 75.0, "assessment_event": "REJECT", "next_assignment_available": false}
	cases := []struct {
		key, op string
		value   any
		want    bool
	}{
		{"total_answers_count", "EQ", 4, true}, {"total_answers_count", "NE", 4, false}, {"total_answers_count", "GT", 3, true},
		{"total_answers_count", "GTE", 4, true}, {"total_answers_count", "LT", 4, false}, {"total_answers_count", "LTE", 4, true},
		{"total_answers_count", "GTE", "4", true}, {"total_answers_count", "GT", "10", false}, // numbers sent as text
		{"correct_answers_rate", "LT", 75.5, true}, {"correct_answers_rate", "GT", 75.5, false},
		{"skill_id", "EQ", "100000001", true}, {"skill_id", "EQ", "100000002", false}, // ids are text, not numbers
		{"assessment_event", "EQ", "REJECT", true}, {"assessment_event", "EQ", "ACCEPT", false}, {"assessment_event", "NE", "ACCEPT", true},
		{"next_assignment_available", "EQ", false, true}, {"next_assignment_available", "EQ", true, false},
		{"incorrect_answers_rate", "LT", 100, false}, // not counted yet: nothing holds
		{"total_answers_count", "ABOUT", 4, false},
	}
	for _, c := range cases {
		if got := holds(jsonObj{"key": c.key, "operator": c.op, "value": c.value}, tl); got != c.want {
			t.Errorf("%s %s %v: %v, want %v", c.key, c.op, c.value, got, c.want)
		}
	}
}

func TestQualityControlIsValidated(t *testing.T) {
	r := startRig(t, Options{})
	project := r.choiceProject("a", "b")
	cases := []struct {
		config jsonObj
		field  string
	}{
		{rule("GOLD_SET", nil, "SET_SKILL", jsonObj{"skill_id": "1", "skill_value": 1}, cond("total_answers_count", "GT", 1)),
			"quality_control.configs.0.collector_config.type"},
		{rule("GOLDEN_SET", nil, "SET_SKILL", jsonObj{"skill_id": "1", "skill_value": 1}, cond("fast_submitted_count", "GT", 1)),
			"quality_control.configs.0.rules.0.conditions.0.key"},
		{rule("GOLDEN_SET", nil, "SET_SKILL", jsonObj{"skill_id": "1", "skill_value": 1}, cond("total_answers_count", "MORE", 1)),
			"quality_control.configs.0.rules.0.conditions.0.operator"},
		{rule("GOLDEN_SET", nil, "BAN", nil, cond("total_answers_count", "GT", 1)), "quality_control.configs.0.rules.0.action.type"},
		{rule("GOLDEN_SET", nil, "SET_SKILL", jsonObj{"skill_id": "1"}, cond("total_answers_count", "GT", 1)),
			"quality_control.configs.0.rules.0.action.parameters.skill_value"},
		{rule("GOLDEN_SET", nil, "RESTRICTION_V2", jsonObj{"scope": "WORLD"}, cond("total_answers_count", "GT", 1)),
			"quality_control.configs.0.rules.0.action.parameters.scope"},
		{rule("ASSIGNMENTS_ASSESSMENT", nil, "CHANGE_OVERLAP", jsonObj{"delta": 1}, cond("assessment_event", "EQ", "REJECTED")),
			"quality_control.configs.0.rules.0.conditions.0.value"},
	}
	for _, c := range cases {
		status, out := r.call("POST", "/api/v1/pools", jsonObj{"project_id": project, "private_name": "p", "reward_per_assignment": 0.02,
			"assignment_max_duration_seconds": 60, "will_expire": "2030-01-01T00:00:00", "defaults": jsonObj{"default_overlap_for_new_task_suites": 1},
			"quality_control": qc(c.config)})
		payload, _ := out["payload"].(jsonObj)
		if status != 400 || out["code"] != "VALIDATION_ERROR" || payload[c.field] == nil {
			t.Errorf("%v: HTTP %d %v; want a VALIDATION_ERROR naming %s", c.config, status, out, c.field)
		}
	}
}
