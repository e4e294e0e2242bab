package emulator

import (
	"strconv"
	"testing"
	"time"
)

// The quality-control collectors, each held to the service's semantics: the
// test replays, from the assignments the API lists, what the collector must
// have counted, and checks that its rules acted exactly where they should.

// submittedOnly keeps the assignments that were answered.
func submittedOnly(as []jsonObj) []jsonObj {
	var out []jsonObj
	for _, a := range as {
		switch a["status"] {
		case "SUBMITTED", "ACCEPTED", "REJECTED":
			out = append(out, a)
		}
	}
	return out
}

// noWorkAfter fails if the Toloker got an assignment after their restriction.
func noWorkAfter(t *testing.T, user string, as []jsonObj, r jsonObj) {
	t.Helper()
	for _, a := range as {
		if str(a["created"]) > str(r["created"]) {
			t.Errorf("Toloker %s got assignment %s at %s, after their restriction at %s", user[:8], a["id"], a["created"], r["created"])
		}
	}
}

func TestGoldenSetRestrictsAndSetsTheSkill(t *testing.T) {
	r := startRig(t, Options{Seed: 3, Workers: 12})
	skill := r.newSkill("golden")
	project := r.choiceProject("a", "b", "c")
	pool := r.pool(project, jsonObj{
		"mixer_config": jsonObj{"real_tasks_count": 2, "golden_tasks_count": 1, "training_tasks_count": 0},
		"quality_control": jsonObj{"configs": []any{jsonObj{"collector_config": jsonObj{"type": "GOLDEN_SET"}, "rules": []any{
			jsonObj{"conditions": []any{cond("golden_set_answers_count", "GTE", 1)},
				"action": jsonObj{"type": "SET_SKILL_FROM_OUTPUT_FIELD", "parameters": jsonObj{"skill_id": skill, "from_field": "golden_set_correct_answers_rate"}}},
			jsonObj{"conditions": []any{cond("golden_set_answers_count", "GTE", 3), cond("golden_set_correct_answers_rate", "LT", 60)},
				"action": jsonObj{"type": "RESTRICTION_V2", "parameters": jsonObj{"scope": "POOL", "duration_unit": "PERMANENT", "private_comment": "golden"}}},
		}}}}})
	r.upload(append(goldenTasks(pool, 10, "a", "b", "c"), realTasks(pool, 60, 2)...), true)
	r.waitClosed(pool, 30*time.Second)

	restricted, skills := r.restricted(), r.skill(skill)
	banned := 0
	for user, as := range r.byUser(pool) {
		count, right, fired := 0.0, 0.0, -1
		answered := submittedOnly(as)
		for i, a := range answered {
			for _, c := range goldenCredits(a) {
				count, right = count+1, right+c
			}
			if fired < 0 && count >= 3 && 100*right/count < 60 {
				fired = i
			}
		}
		res, isRestricted := restricted[user]
		switch {
		case fired >= 0 && !isRestricted:
			t.Errorf("Toloker %s answered %v of %v control tasks right by assignment %d, and is not restricted", user[:8], right, count, fired)
		case fired < 0 && isRestricted:
			t.Errorf("Toloker %s answered %v of %v control tasks right, and is restricted: %v", user[:8], right, count, res)
		case fired >= 0:
			banned++
			if fired != len(answered)-1 || res["scope"] != "POOL" || res["pool_id"] != pool || res["private_comment"] != "golden" || res["will_expire"] != nil {
				t.Errorf("Toloker %s: restricted by assignment %d of %d: %v", user[:8], fired, len(answered), res)
			}
			noWorkAfter(t, user, as, res)
		}
		if count > 0 && abs(skills[user]-100*right/count) > 1e-4 {
			t.Errorf("Toloker %s: skill %v, their control answers %v of %v right", user[:8], skills[user], right, count)
		}
	}
	if banned == 0 || banned == 12 {
		t.Fatalf("%d of 12 Tolokers restricted: the test shows nothing", banned)
	}
	t.Logf("%d of 12 Tolokers restricted for their control answers", banned)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestMajorityVoteCountsAgreementWithTheMajority(t *testing.T) {
	r := startRig(t, Options{Seed: 4, Workers: 10})
	skill := r.newSkill("majority")
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"quality_control": qc(
		rule("MAJORITY_VOTE", jsonObj{"answer_threshold": 2}, "SET_SKILL_FROM_OUTPUT_FIELD", jsonObj{"skill_id": skill, "from_field": "correct_answers_rate"},
			cond("total_answers_count", "GTE", 1)),
		rule("MAJORITY_VOTE", jsonObj{"answer_threshold": 2}, "RESTRICTION", jsonObj{"scope": "PROJECT", "duration_days": 1, "private_comment": "majority"},
			cond("total_answers_count", "GTE", 3), cond("incorrect_answers_rate", "GT", 50)))})
	r.upload(realTasks(pool, 40, 3), true)
	r.waitClosed(pool, 30*time.Second)

	votes := map[string]map[string]string{} // task → user → label
	for _, a := range submittedOnly(r.list("/api/v1/assignments?pool_id=" + pool)) {
		task := asList(a["tasks"])[0].(jsonObj)["id"].(string)
		if votes[task] == nil {
			votes[task] = map[string]string{}
		}
		votes[task][a["user_id"].(string)] = labels(a)[0]
	}
	total, matched := map[string]float64{}, map[string]float64{}
	for task, vs := range votes {
		if len(vs) != 3 {
			t.Fatalf("task %s has %d answers, overlap 3", task, len(vs))
		}
		count := map[string]int{}
		for _, l := range vs {
			count[l]++
		}
		for user, l := range vs {
			total[user]++
			if count[l] >= 2 {
				matched[user]++
			}
		}
	}
	restricted, skills := r.restricted(), r.skill(skill)
	for user, n := range total {
		if got, want := skills[user], 100*matched[user]/n; abs(got-want) > 1e-4 {
			t.Errorf("Toloker %s: skill %v, agreed with the majority on %v of %v tasks", user[:8], got, matched[user], n)
		}
		res, isRestricted := restricted[user]
		if n >= 3 && (n-matched[user])/n > 0.5 && !isRestricted {
			t.Errorf("Toloker %s disagreed on %v of %v tasks and is not restricted", user[:8], n-matched[user], n)
		}
		if isRestricted && (n < 3 || n-matched[user] < 2) {
			t.Errorf("Toloker %s restricted with %v of %v tasks disagreed", user[:8], n-matched[user], n)
		}
		if isRestricted {
			created, _ := time.Parse(timeLayout, str(res["created"]))
			expires, _ := time.Parse(timeLayout, str(res["will_expire"]))
			if d := expires.Sub(created); d < 43*time.Second || d > 44*time.Second || res["scope"] != "PROJECT" || res["project_id"] != project {
				t.Errorf("a ban for a day at pace 2000 lasts 43.2 s: %v", res)
			}
		}
	}
	if len(restricted) == 0 {
		t.Fatal("nobody disagreed with the majority enough to be restricted: the test shows nothing")
	}
	t.Logf("%d of %d Tolokers restricted for disagreeing with the majority", len(restricted), len(total))
}

func TestFastResponsesAreCaught(t *testing.T) {
	// A real crowd's times at a hundred times the pace: the timestamps'
	// milliseconds are a tenth of a second of the crowd's time.
	r := startRig(t, Options{Seed: 5, Workers: 8, WorkDelay: DefaultWorkDelay, Pace: 100})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"quality_control": qc(rule("ASSIGNMENT_SUBMIT_TIME",
		jsonObj{"history_size": 5, "fast_submit_threshold_seconds": 4}, "RESTRICTION_V2",
		jsonObj{"scope": "PROJECT", "duration": 1, "duration_unit": "DAYS", "private_comment": "fast"}, cond("fast_submitted_count", "GTE", 2)))})
	r.upload(realTasks(pool, 40, 2), true)
	r.waitClosed(pool, 60*time.Second)
	restricted, habits := r.restricted(), r.habits()
	for user, as := range r.byUser(pool) {
		var fast []bool
		fired := -1
		answered := submittedOnly(as)
		for i, a := range answered {
			created, _ := time.Parse(timeLayout, str(a["created"]))
			submitted, _ := time.Parse(timeLayout, str(a["submitted"]))
			fast = append(fast, submitted.Sub(created)*100 < 4*time.Second)
			n := 0
			for _, f := range fast[max(0, len(fast)-5):] {
				n += int(bit(f))
			}
			if fired < 0 && n >= 2 {
				fired = i
			}
		}
		res, isRestricted := restricted[user]
		if (fired >= 0) != isRestricted || isRestricted && (fired != len(answered)-1 || res["private_comment"] != "fast") {
			t.Errorf("Toloker %s (habit %q): fast %v, restriction %v", user[:8], habits[user], fast, res)
		}
		if habits[user] == habitFast && len(answered) >= 2 && !isRestricted {
			t.Errorf("the bot %s answered %d times and is not restricted", user[:8], len(answered))
		}
		if isRestricted {
			noWorkAfter(t, user, as, res)
		}
	}
	if len(restricted) == 0 {
		t.Fatal("no fast responses caught")
	}
	t.Logf("%d Tolokers restricted for fast responses", len(restricted))
}

func TestCaptchasAreCounted(t *testing.T) {
	r := startRig(t, Options{Seed: 6, Workers: 8})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 10, "golden_tasks_count": 0, "training_tasks_count": 0},
		"quality_control": jsonObj{"captcha_frequency": "HIGH", "configs": qc(rule("CAPTCHA", jsonObj{"history_size": 3}, "RESTRICTION_V2",
			jsonObj{"scope": "ALL_PROJECTS", "duration_unit": "PERMANENT"}, cond("stored_results_count", "GTE", 2), cond("fail_rate", "GTE", 50)))["configs"]}})
	r.upload(realTasks(pool, 300, 1), true)
	r.waitClosed(pool, 30*time.Second)
	restricted, habits := r.restricted(), r.habits()
	solves := map[string]float64{"": 0.98, habitRandom: 0.9, habitConstant: 0.9, habitFast: 0.35}
	st := r.run.Server.st
	for user, as := range r.byUser(pool) {
		var solved []bool
		fired := -1
		taken := map[string]int{} // the Toloker's count of assignments taken names the draw
		for i, a := range as {
			taken[str(a["id"])] = i + 1
		}
		answered := submittedOnly(as)
		for i, a := range answered { // ten tasks a page: one captcha a page at HIGH
			r.run.Server.mu.Lock()
			solved = append(solved, st.chance("captcha", user, strconv.Itoa(taken[str(a["id"])]), "0") < solves[habits[user]])
			r.run.Server.mu.Unlock()
			window := solved[max(0, len(solved)-3):]
			failed := 0
			for _, s := range window {
				failed += 1 - int(bit(s))
			}
			if fired < 0 && len(window) >= 2 && 100*failed >= 50*len(window) {
				fired = i
			}
		}
		if _, isRestricted := restricted[user]; (fired >= 0) != isRestricted || isRestricted && fired != len(answered)-1 {
			t.Errorf("Toloker %s (habit %q) solved %v; restricted: %v", user[:8], habits[user], solved, isRestricted)
		}
	}
	if len(restricted) == 0 {
		t.Fatal("nobody failed captchas")
	}
	t.Logf("%d Tolokers restricted for failed captchas", len(restricted))
}

// waitRestricted waits until n Tolokers are restricted.
func (r *rig) waitRestricted(n int) {
	r.t.Helper()
	r.waitFor("the restrictions", 30*time.Second, func() bool { return len(r.restricted()) >= n })
}

func TestIncomeIsCappedPerDay(t *testing.T) {
	r := startRig(t, Options{Seed: 7, Workers: 5})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"quality_control": qc(rule("INCOME", nil, "RESTRICTION_V2",
		jsonObj{"scope": "POOL", "duration_unit": "PERMANENT", "private_comment": "earned enough"}, cond("income_sum_for_last_24_hours", "GTE", 0.05)))})
	r.upload(realTasks(pool, 40, 1), true)
	r.waitRestricted(5)
	time.Sleep(20 * time.Millisecond) // four times an assignment's time: nobody works
	for user, as := range r.byUser(pool) {
		if n := len(submittedOnly(as)); n != 3 {
			t.Errorf("Toloker %s submitted %d assignments at 0.02: the third takes them to 0.06 ≥ 0.05, and the ban", user[:8], n)
		}
	}
	// A restriction deleted lets the Toloker back at once. The ban cleared
	// the rule's history of them (concepts/guide/income.md: "the history of
	// the Toloker's responses is not saved after the ban is lifted"), so they
	// earn 0.06 afresh, three assignments, before the rule bans them again.
	var lifted jsonObj
	for _, res := range r.restricted() {
		lifted = res
		break
	}
	user := lifted["user_id"].(string)
	r.must("DELETE", "/api/v1/user-restrictions/"+str(lifted["id"]), nil)
	r.waitFor("the Toloker back at work and banned again", 10*time.Second, func() bool {
		_, again := r.restricted()[user]
		return again && len(submittedOnly(r.byUser(pool)[user])) == 6
	})
	time.Sleep(20 * time.Millisecond)
	if n := len(submittedOnly(r.byUser(pool)[user])); n != 6 {
		t.Errorf("Toloker %s submitted %d assignments, banned, unbanned and banned again: want 3 + 3", user[:8], n)
	}
	r.must("POST", "/api/v1/pools/"+pool+"/close", nil)
}

func TestSkippedInARowAreCaught(t *testing.T) {
	r := startRig(t, Options{Seed: 8, Workers: 6, Mishaps: 0.3})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"quality_control": qc(rule("SKIPPED_IN_ROW_ASSIGNMENTS", nil, "RESTRICTION_V2",
		jsonObj{"scope": "POOL", "duration_unit": "PERMANENT", "private_comment": "skips"}, cond("skipped_in_row_count", "GTE", 2)))})
	r.upload(realTasks(pool, 60, 1), true)
	r.waitFor("the pool to close or everyone to be restricted", 30*time.Second, func() bool {
		return r.must("GET", "/api/v1/pools/"+pool, nil)["status"] == "CLOSED" || len(r.restricted()) == 6
	})
	r.call("POST", "/api/v1/pools/"+pool+"/close", nil)
	time.Sleep(50 * time.Millisecond)
	restricted := r.restricted()
	skipped := 0
	for user, as := range r.byUser(pool) {
		row, fired := 0, -1
		var seen []string
		for i, a := range as {
			seen = append(seen, str(a["status"]))
			switch a["status"] {
			case "SKIPPED":
				row++
				skipped++
			case "SUBMITTED", "ACCEPTED":
				row = 0
			}
			if fired < 0 && row >= 2 {
				fired = i
			}
		}
		res, isRestricted := restricted[user]
		if (fired >= 0) != isRestricted {
			t.Errorf("Toloker %s: %v; restriction %v", user[:8], seen, res)
		}
		if isRestricted {
			noWorkAfter(t, user, as, res)
		}
	}
	if skipped == 0 || len(restricted) == 0 {
		t.Fatalf("%d skipped, %d restricted: the test shows nothing", skipped, len(restricted))
	}
	t.Logf("%d assignments skipped, %d Tolokers restricted", skipped, len(restricted))
}

func TestAnswerCountLimitsTolokers(t *testing.T) {
	r := startRig(t, Options{Seed: 9, Workers: 5})
	skill := r.newSkill("did two")
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"quality_control": jsonObj{"configs": []any{jsonObj{"collector_config": jsonObj{"type": "ANSWER_COUNT"},
		"rules": []any{
			jsonObj{"conditions": []any{cond("assignments_accepted_count", "GTE", 2)}, "action": jsonObj{"type": "SET_SKILL", "parameters": jsonObj{"skill_id": skill, "skill_value": 1}}},
			jsonObj{"conditions": []any{cond("assignments_accepted_count", "GTE", 2)}, "action": jsonObj{"type": "RESTRICTION_V2",
				"parameters": jsonObj{"scope": "POOL", "duration_unit": "PERMANENT"}}}}}}}})
	r.upload(realTasks(pool, 30, 1), true)
	r.waitRestricted(5)
	r.must("POST", "/api/v1/pools/"+pool+"/close", nil)
	time.Sleep(50 * time.Millisecond)
	skills := r.skill(skill)
	for user, as := range r.byUser(pool) {
		if n := len(submittedOnly(as)); n != 2 || skills[user] != 1 {
			t.Errorf("Toloker %s submitted %d assignments and has skill %v; want 2 and 1", user[:8], n, skills[user])
		}
	}
}

func TestAcceptanceRateBansForRejections(t *testing.T) {
	r := startRig(t, Options{Seed: 10, Workers: 3, Cheaters: -1})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"auto_accept_solutions": false, "quality_control": qc(rule("ACCEPTANCE_RATE", jsonObj{"history_size": 10},
		"RESTRICTION_V2", jsonObj{"scope": "ALL_PROJECTS", "duration": 2, "duration_unit": "DAYS", "private_comment": "rejected"},
		cond("total_assignments_count", "GTE", 2), cond("rejected_assignments_rate", "GT", 40)))})
	r.upload(realTasks(pool, 15, 1), true)
	r.waitClosed(pool, 30*time.Second)
	byUser := r.byUser(pool)
	var users []string
	for _, u := range sortedUsers(byUser) {
		if len(submittedOnly(byUser[u])) >= 3 {
			users = append(users, u)
		}
	}
	if len(users) < 2 {
		t.Fatalf("%d Tolokers did three assignments", len(users))
	}
	bad, good := submittedOnly(byUser[users[0]]), submittedOnly(byUser[users[1]])
	review := func(a jsonObj, status string) {
		r.must("PATCH", "/api/v1/assignments/"+str(a["id"]), jsonObj{"status": status, "public_comment": "reviewed"})
	}
	review(bad[0], "REJECTED")
	if len(r.restricted()) != 0 {
		t.Fatal("one review is not enough: the rule needs total_assignments_count ≥ 2")
	}
	for _, a := range good {
		review(a, "ACCEPTED")
	}
	review(bad[1], "REJECTED")
	restricted := r.restricted()
	res, ok := restricted[users[0]]
	if len(restricted) != 1 || !ok || res["scope"] != "ALL_PROJECTS" || res["private_comment"] != "rejected" {
		t.Fatalf("after two rejections in two reviews: %v", restricted)
	}
	created, _ := time.Parse(timeLayout, str(res["created"]))
	expires, _ := time.Parse(timeLayout, str(res["will_expire"]))
	if d := expires.Sub(created); d < 86*time.Second || d > 87*time.Second {
		t.Errorf("two days at pace 2000 are 86.4 s: the ban lasts %v", d)
	}
	// A rejection turned into an acceptance is ACCEPT_AFTER_REJECT.
	review(bad[0], "ACCEPTED")
	if a := r.must("GET", "/api/v1/assignments/"+str(bad[0]["id"]), nil); a["status"] != "ACCEPTED" {
		t.Fatalf("accepted after the rejection: %v", a["status"])
	}
}

// A ban with a duration ends on the crowd's clock, and the Toloker is back:
// a rule that suspends everyone for ten minutes of the crowd's time after
// each assignment (300 ms at the rig's pace) spaces each Toloker's
// assignments by at least that, and the pool still completes.
func TestATimedBanEnds(t *testing.T) {
	r := startRig(t, Options{Seed: 10, Workers: 2, Mishaps: -1})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"quality_control": qc(rule("ANSWER_COUNT", nil, "RESTRICTION_V2",
		jsonObj{"scope": "POOL", "duration": 10, "duration_unit": "MINUTES", "private_comment": "a pause"},
		cond("assignments_accepted_count", "GTE", 1)))})
	r.upload(realTasks(pool, 6, 1), true)
	r.waitClosed(pool, 20*time.Second)
	pause := 10 * time.Minute / 2000
	bans := map[string]int{}
	for _, res := range r.list("/api/v1/user-restrictions?pool_id=" + pool) {
		created, _ := time.Parse(timeLayout, str(res["created"]))
		expires, err := time.Parse(timeLayout, str(res["will_expire"]))
		if err != nil || expires.Sub(created) < pause-time.Millisecond || expires.Sub(created) > pause+time.Millisecond {
			t.Errorf("restriction %v from %v to %v: want %v", res["id"], res["created"], res["will_expire"], pause)
		}
		bans[res["user_id"].(string)]++
	}
	for user, as := range r.byUser(pool) {
		if len(as) < 2 || bans[user] != len(as) {
			t.Fatalf("Toloker %s did %d assignments and was suspended %d times: want one after each, and back", user[:8], len(as), bans[user])
		}
		for i := 1; i < len(as); i++ {
			submitted, _ := time.Parse(timeLayout, str(as[i-1]["submitted"]))
			next, _ := time.Parse(timeLayout, str(as[i]["created"]))
			if gap := next.Sub(submitted); gap < pause {
				t.Errorf("Toloker %s back %v after a suspension of %v", user[:8], gap, pause)
			}
		}
	}
}
