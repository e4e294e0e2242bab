package emulator

import (
	"testing"
	"time"
)

// Trainings gate pools; filters over profiles and skills decide who works.

// trainingSkillOf finds the project's training skill.
func (r *rig) trainingSkillOf() string {
	for _, s := range r.list("/api/v1/skills") {
		if s["training"] == true {
			return s["id"].(string)
		}
	}
	r.t.Fatal("no training skill")
	return ""
}

func TestTrainingGatesThePool(t *testing.T) {
	r := startRig(t, Options{Seed: 41, Workers: 10})
	project := r.choiceProject("a", "b", "c")
	training := r.must("POST", "/api/v1/trainings", jsonObj{"project_id": project, "private_name": "exam", "assignment_max_duration_seconds": 600,
		"training_tasks_in_task_suite_count": 3, "task_suites_required_to_pass": 2, "mix_tasks_in_creation_order": true})["id"].(string)
	lessons := goldenTasks(training, 6, "a", "b", "c")
	for _, x := range lessons {
		x.(jsonObj)["message_on_unknown_solution"] = "look again"
	}
	r.upload(lessons, false)
	r.must("POST", "/api/v1/trainings/"+training+"/open", nil)
	pool := r.pool(project, jsonObj{"quality_control": jsonObj{"configs": []any{},
		"training_requirement": jsonObj{"training_pool_id": training, "training_passing_skill_value": 70}}})
	r.upload(realTasks(pool, 40, 1), true)
	r.waitClosed(pool, 20*time.Second)

	skill := r.trainingSkillOf()
	values := r.skill(skill)
	lessonsBy := r.byUser(training)
	inPool := r.byUser(pool)
	passed := 0
	for _, user := range r.run.Server.WorkerIDs() {
		as := lessonsBy[user]
		n, right := 0.0, 0.0
		for _, a := range as {
			if a["status"] != "ACCEPTED" || a["reward"] != 0.0 {
				t.Errorf("a training assignment is %v, paid %v: trainings are not paid", a["status"], a["reward"])
			}
			first := asList(a["solutions"])
			if d := asList(a["first_declined_solution_attempt"]); len(d) > 0 {
				first = d
			}
			credits := goldenCredits(jsonObj{"tasks": a["tasks"], "solutions": first})
			if got := goldenCredits(a); len(d(a)) > 0 && !allOnes(got) || len(d(a)) == 0 && !allOnes(credits) {
				t.Errorf("a training assignment's solutions %v must end right, its first answers %v kept when wrong", got, credits)
			}
			for _, c := range credits {
				n, right = n+1, right+c
			}
		}
		value, has := values[user]
		if n > 0 && (!has || abs(value-100*right/n) > 1e-4) {
			t.Errorf("Toloker %s answered %v of %v training tasks right first, and has training skill %v (%v)", user[:8], right, n, value, has)
		}
		if len(inPool[user]) == 0 {
			continue
		}
		if !has || value < 70 {
			t.Errorf("Toloker %s worked in the pool with training skill %v", user[:8], value)
		}
		if len(as) != 2 || str(as[1]["submitted"]) > str(inPool[user][0]["created"]) {
			t.Errorf("Toloker %s worked in the pool without first doing the training's two suites", user[:8])
		}
		passed++
	}
	if passed == 0 || len(values) == passed {
		t.Fatalf("%d of %d trained Tolokers passed: the test shows nothing", passed, len(values))
	}
	t.Logf("%d of %d trained Tolokers passed the training and did the pool's work", passed, len(values))
}

func d(a jsonObj) []any { return asList(a["first_declined_solution_attempt"]) }

func allOnes(cs []float64) bool {
	for _, c := range cs {
		if c != 1 {
			return false
		}
	}
	return len(cs) > 0
}

func TestAClosedTrainingKeepsTheUntrainedOut(t *testing.T) {
	r := startRig(t, Options{Seed: 42, Workers: 4})
	project := r.choiceProject("a", "b")
	training := r.must("POST", "/api/v1/trainings", jsonObj{"project_id": project, "private_name": "exam",
		"training_tasks_in_task_suite_count": 2})["id"].(string)
	r.upload(goldenTasks(training, 2, "a", "b"), false)
	pool := r.pool(project, jsonObj{"quality_control": jsonObj{"configs": []any{},
		"training_requirement": jsonObj{"training_pool_id": training, "training_passing_skill_value": 50}}})
	r.upload(realTasks(pool, 5, 1), true)
	time.Sleep(100 * time.Millisecond)
	if as := r.list("/api/v1/assignments?pool_id=" + pool); len(as) != 0 {
		t.Fatalf("with the training closed, untrained Tolokers did %d assignments", len(as))
	}
	r.must("POST", "/api/v1/trainings/"+training+"/open", nil)
	r.waitClosed(pool, 10*time.Second)
}

func TestFiltersChooseTheTolokers(t *testing.T) {
	r := startRig(t, Options{Seed: 43, Workers: 20, Mishaps: -1})
	skill := r.newSkill("level")
	workers := r.run.Server.WorkerIDs()
	for i, w := range workers[:10] {
		r.must("PUT", "/api/v1/user-skills", jsonObj{"skill_id": skill, "user_id": w, "value": 10 * i})
	}
	profile := map[string]jsonObj{}
	for _, w := range workers {
		profile[w] = r.must("GET", "/api/v1/user-metadata/"+w, nil)
	}
	c := func(category, key, op string, value any) jsonObj {
		return jsonObj{"category": category, "key": key, "operator": op, "value": value}
	}
	born := float64(time.Date(1985, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	cases := []struct {
		name   string
		filter jsonObj
		ok     func(p jsonObj, level float64, has bool) bool
	}{
		{"German speakers", jsonObj{"and": []any{c("profile", "languages", "IN", "DE")}},
			func(p jsonObj, _ float64, _ bool) bool { return inList(asList(p["languages"]), "DE") }},
		{"the app", jsonObj{"and": []any{jsonObj{"or": []any{c("computed", "client_type", "EQ", "TOLOKA_APP")}}}},
			func(p jsonObj, _ float64, _ bool) bool {
				return p["attributes"].(jsonObj)["client_type"] == "TOLOKA_APP"
			}},
		{"outside the US, born before 1985", jsonObj{"and": []any{c("profile", "country", "NE", "US"), c("profile", "date_of_birth", "LT", born)}},
			func(p jsonObj, _ float64, _ bool) bool {
				return p["country"] != "US" && p["date_of_birth"].(float64) < born
			}},
		{"Windows or Android", jsonObj{"or": []any{c("computed", "os_family", "EQ", "WINDOWS"), c("computed", "os_family", "EQ", "ANDROID")}},
			func(p jsonObj, _ float64, _ bool) bool {
				os := p["attributes"].(jsonObj)["os_family"]
				return os == "WINDOWS" || os == "ANDROID"
			}},
		{"by IP in region 84", jsonObj{"and": []any{c("computed", "region_by_ip", "IN", 84)}},
			func(p jsonObj, _ float64, _ bool) bool { return p["attributes"].(jsonObj)["region_by_ip"] == 84.0 }},
		{"skill at least 50", jsonObj{"and": []any{c("skill", skill, "GTE", 50)}},
			func(_ jsonObj, level float64, has bool) bool { return has && level >= 50 }},
		{"no value of the skill", jsonObj{"and": []any{c("skill", skill, "EQ", nil)}},
			func(_ jsonObj, _ float64, has bool) bool { return !has }},
	}
	project := r.choiceProject("a", "b")
	levels := r.skill(skill)
	for _, tc := range cases {
		eligible := 0
		for _, w := range workers {
			level, has := levels[w]
			eligible += int(bit(tc.ok(profile[w], level, has)))
		}
		if eligible == 0 || eligible == len(workers) {
			t.Fatalf("%s: %d of %d Tolokers pass: the case shows nothing", tc.name, eligible, len(workers))
		}
		pool := r.pool(project, jsonObj{"filter": tc.filter})
		r.upload(realTasks(pool, 3*eligible, 1), true)
		r.waitClosed(pool, 10*time.Second)
		workedBy := map[string]bool{}
		for _, a := range r.list("/api/v1/assignments?pool_id=" + pool) {
			w := a["user_id"].(string)
			level, has := levels[w]
			if !tc.ok(profile[w], level, has) {
				t.Errorf("%s: Toloker %s worked, %v", tc.name, w[:8], profile[w])
			}
			workedBy[w] = true
		}
		t.Logf("%s: %d of %d Tolokers may work, %d did", tc.name, eligible, len(workers), len(workedBy))
	}
}
