package emulator

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// Skips, expiries and messages at a few percent, and a seeded run that plays
// out the same way twice.

func TestSkipsExpiriesAndMessagesHappen(t *testing.T) {
	r := startRig(t, Options{Seed: 51, Workers: 10})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"assignment_max_duration_seconds": 60})
	r.upload(realTasks(pool, 300, 1), true)
	r.waitClosed(pool, 30*time.Second)
	count := map[string]int{}
	answered := map[string]int{}
	for _, a := range r.list("/api/v1/assignments?pool_id=" + pool) {
		count[str(a["status"])]++
		created, _ := time.Parse(timeLayout, str(a["created"]))
		switch a["status"] {
		case "SKIPPED":
			if skipped, err := time.Parse(timeLayout, str(a["skipped"])); err != nil || skipped.Before(created) || a["solutions"] != nil {
				t.Errorf("a skipped assignment: %v", a)
			}
		case "EXPIRED": // at the time limit: 60 s of the crowd's time, 30 ms at pace 2000
			expired, _ := time.Parse(timeLayout, str(a["expired"]))
			if d := expired.Sub(created); d < 29*time.Millisecond || d > 31*time.Millisecond {
				t.Errorf("an assignment expired %v after it was issued, its time limit 30 ms: %v", d, a)
			}
		default:
			answered[taskOf(a)]++
		}
	}
	total := count["SKIPPED"] + count["EXPIRED"] + count["ACCEPTED"]
	if count["SKIPPED"] < total/100 || count["SKIPPED"] > total/15 || count["EXPIRED"] == 0 || count["EXPIRED"] > total/20 {
		t.Errorf("of %d assignments: %v; a few percent are skipped, fewer expire", total, count)
	}
	for task, n := range answered {
		if n != 1 {
			t.Errorf("task %s answered %d times, overlap 1: a skipped or expired assignment's task goes to someone else", task, n)
		}
	}
	if len(answered) != 300 {
		t.Errorf("%d of 300 tasks answered", len(answered))
	}

	var inbox []jsonObj
	for _, th := range r.list("/api/v1/message-threads?folder=INBOX") {
		inbox = append(inbox, th)
	}
	if len(inbox) == 0 || len(inbox) > 20 {
		t.Fatalf("%d threads from Tolokers after 300 assignments; a few percent write", len(inbox))
	}
	th := inbox[0]
	meta := th["meta"].(jsonObj)
	from := asList(th["messages"])[0].(jsonObj)["from"].(jsonObj)
	if meta["pool_id"] != pool || meta["project_id"] != project || !inList(asList(th["folders"]), "UNREAD") || from["role"] != "USER" {
		t.Fatalf("a Toloker's thread: %v", th)
	}
	if a := r.must("GET", "/api/v1/assignments/"+str(meta["assignment_id"]), nil); a["user_id"] != from["id"] {
		t.Errorf("the thread is about assignment %v of another Toloker", a)
	}
	replied := r.must("POST", "/api/v1/message-threads/"+str(th["id"])+"/reply", jsonObj{"text": jsonObj{"EN": "Thanks, noted"}})
	if inList(asList(replied["folders"]), "UNREAD") || len(asList(replied["messages"])) != 2 {
		t.Errorf("a replied thread: %v", replied)
	}
	t.Logf("%v; %d threads from Tolokers", count, len(inbox))
}

// outcome runs a pool with rules, control tasks and a training, after the
// crowd has been idle a while, and tells
// what happened in it by each Toloker's place in the crowd (ids differ from
// run to run of a test, but not their order).
func outcome(t *testing.T, seed int64, idle time.Duration) string {
	r := startRig(t, Options{Seed: seed, Workers: 12})
	time.Sleep(idle) // the crowd looks around for work meanwhile
	place := map[string]int{}
	for i, w := range r.run.Server.WorkerIDs() {
		place[w] = i
	}
	skill := r.newSkill("golden")
	project := r.choiceProject("a", "b", "c")
	training := r.must("POST", "/api/v1/trainings", jsonObj{"project_id": project, "private_name": "exam",
		"training_tasks_in_task_suite_count": 2})["id"].(string)
	r.upload(goldenTasks(training, 4, "a", "b", "c"), false)
	r.must("POST", "/api/v1/trainings/"+training+"/open", nil)
	pool := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 3, "golden_tasks_count": 1, "training_tasks_count": 0},
		"quality_control": jsonObj{"training_requirement": jsonObj{"training_pool_id": training, "training_passing_skill_value": 50},
			"configs": qc(
				rule("GOLDEN_SET", nil, "SET_SKILL_FROM_OUTPUT_FIELD", jsonObj{"skill_id": skill, "from_field": "golden_set_correct_answers_rate"},
					cond("golden_set_answers_count", "GTE", 1)),
				rule("MAJORITY_VOTE", jsonObj{"answer_threshold": 2}, "RESTRICTION_V2", jsonObj{"scope": "PROJECT", "duration_unit": "PERMANENT"},
					cond("total_answers_count", "GTE", 3), cond("correct_answers_rate", "LT", 50)),
				rule("SKIPPED_IN_ROW_ASSIGNMENTS", nil, "RESTRICTION_V2", jsonObj{"scope": "POOL", "duration_unit": "PERMANENT"},
					cond("skipped_in_row_count", "GTE", 2)))["configs"]}})
	r.upload(append(goldenTasks(pool, 20, "a", "b", "c"), realTasks(pool, 40, 3)...), true)
	// Wait as the notebooks do, asking for the completion now and then: each
	// question is an operation, made at moments no two runs share.
	r.waitFor("the pool to close", 30*time.Second, func() bool {
		r.must("POST", "/api/staging/analytics-2", []any{jsonObj{"subject": "POOL", "subject_id": pool, "name": "completion_percentage"}})
		return r.must("GET", "/api/v1/pools/"+pool, nil)["status"] == "CLOSED"
	})
	var lines []string
	for _, p := range []string{training, pool} {
		for user, as := range r.byUser(p) {
			var seq []string
			for _, a := range as {
				var inputs []string
				for _, task := range asList(a["tasks"]) {
					image := task.(jsonObj)["input_values"].(jsonObj)["image"].(string)
					inputs = append(inputs, image[strings.LastIndex(image, "/")+1:])
				}
				seq = append(seq, fmt.Sprintf("%s %v %v", a["status"], inputs, labels(a)))
			}
			lines = append(lines, fmt.Sprintf("pool %s Toloker %d: %s", p, place[user], strings.Join(seq, "; ")))
		}
	}
	for user, res := range r.restricted() {
		lines = append(lines, fmt.Sprintf("Toloker %d restricted: %s %v", place[user], res["scope"], res["private_comment"]))
	}
	for user, v := range r.skill(skill) {
		lines = append(lines, fmt.Sprintf("Toloker %d skill %v", place[user], v))
	}
	for user, v := range r.skill(r.trainingSkillOf()) {
		lines = append(lines, fmt.Sprintf("Toloker %d training skill %v", place[user], v))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestASeededRunPlaysOutTheSameWayTwice(t *testing.T) {
	first := outcome(t, 61, 0)
	second := outcome(t, 61, 50*time.Millisecond)
	if first != second {
		a, b := strings.Split(first, "\n"), strings.Split(second, "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("the same seed, two outcomes; first difference at line %d:\n%s\n%s", i, a[i], b[i])
			}
		}
		t.Fatalf("the same seed, two outcomes of %d and %d lines", len(a), len(b))
	}
	if other := outcome(t, 62, 0); reflect.DeepEqual(other, first) {
		t.Fatal("another seed, the same outcome")
	}
	t.Logf("%d lines of outcome, the same twice", strings.Count(first, "\n")+1)
}
