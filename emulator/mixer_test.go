package emulator

import (
	"strings"
	"testing"
	"time"
)

// The mixer: pages as mixer_config says, suites made by hand as they are,
// reserved_for and unavailable_for obeyed.

// kinds counts an assignment's real and control tasks.
func kinds(a jsonObj) (real, golden int) {
	for _, t := range asList(a["tasks"]) {
		if len(asList(t.(jsonObj)["known_solutions"])) > 0 {
			golden++
		} else {
			real++
		}
	}
	return
}

func TestMixerPutsNineRealAndOneControlTaskOnAPage(t *testing.T) {
	r := startRig(t, Options{Seed: 21, Workers: 5, Mishaps: -1})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 9, "golden_tasks_count": 1, "training_tasks_count": 0}})
	r.upload(append(goldenTasks(pool, 5, "a", "b"), realTasks(pool, 40, 1)...), true)
	r.waitClosed(pool, 10*time.Second)
	total, short, positions := 0, 0, map[int]bool{}
	for _, a := range r.list("/api/v1/assignments?pool_id=" + pool) {
		real, golden := kinds(a)
		total += real
		if golden != 1 || real != 9 && real != 4 || a["mixed"] != true {
			t.Errorf("a page of %d real and %d control tasks (mixed %v)", real, golden, a["mixed"])
		}
		if real == 4 {
			short++
		}
		for i, task := range asList(a["tasks"]) {
			if len(asList(task.(jsonObj)["known_solutions"])) > 0 {
				positions[i] = true
			}
		}
	}
	if total != 40 || short != 1 {
		t.Errorf("%d real tasks on the pages, %d short pages; want 40 = 4×9 + 4, the last page short", total, short)
	}
	if len(positions) < 2 {
		t.Errorf("the control task is always at %v: shuffle_tasks_in_task_suite defaults to true", positions)
	}
}

func TestMixerMinimums(t *testing.T) {
	r := startRig(t, Options{Seed: 22, Workers: 4, Mishaps: -1})
	project := r.choiceProject("a", "b")
	strict := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 5, "golden_tasks_count": 0, "training_tasks_count": 0,
		"force_last_assignment": false}})
	lenient := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 5, "golden_tasks_count": 0, "training_tasks_count": 0}})
	rationed := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 1, "golden_tasks_count": 1, "training_tasks_count": 0}})
	r.upload(realTasks(strict, 12, 1), true)
	r.upload(realTasks(lenient, 12, 1), true)
	r.upload(append(goldenTasks(rationed, 2, "a"), realTasks(rationed, 20, 1)...), true)
	r.waitClosed(lenient, 10*time.Second)
	time.Sleep(100 * time.Millisecond) // twenty times an assignment's time: the others would be done by now
	pages := func(pool string) []int {
		var out []int
		for _, a := range r.list("/api/v1/assignments?pool_id=" + pool) {
			out = append(out, len(asList(a["tasks"])))
		}
		return out
	}
	if got := pages(strict); len(got) != 2 || got[0] != 5 || got[1] != 5 || r.must("GET", "/api/v1/pools/"+strict, nil)["status"] != "OPEN" {
		t.Errorf("force_last_assignment false: pages %v; the last two tasks wait, the pool stays open", got)
	}
	if got := pages(lenient); len(got) != 3 || got[0]+got[1]+got[2] != 12 {
		t.Errorf("force_last_assignment true: pages %v; want 5, 5 and the last 2", got)
	}
	perUser := map[string]int{}
	for _, a := range r.list("/api/v1/assignments?pool_id=" + rationed) {
		perUser[a["user_id"].(string)]++
	}
	for user, n := range perUser {
		if n > 2 {
			t.Errorf("Toloker %s got %d pages with one control task each, and there are two control tasks", user[:8], n)
		}
	}
	if len(perUser) != 4 {
		t.Errorf("%d Tolokers worked; all four had control tasks to do", len(perUser))
	}
}

func TestMixerOrderAndShuffle(t *testing.T) {
	r := startRig(t, Options{Seed: 23, Workers: 3, Mishaps: -1})
	project := r.choiceProject("a", "b")
	ordered := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 3, "golden_tasks_count": 0, "training_tasks_count": 0,
		"mix_tasks_in_creation_order": true, "shuffle_tasks_in_task_suite": false}})
	mixed := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 3, "golden_tasks_count": 0, "training_tasks_count": 0}})
	r.upload(realTasks(ordered, 30, 1), true)
	r.upload(realTasks(mixed, 30, 1), true)
	r.waitClosed(ordered, 10*time.Second)
	r.waitClosed(mixed, 10*time.Second)
	index := func(a jsonObj) []string {
		var out []string
		for _, task := range asList(a["tasks"]) {
			image := task.(jsonObj)["input_values"].(jsonObj)["image"].(string)
			out = append(out, image[strings.LastIndex(image, "/r")+2:])
		}
		return out
	}
	consecutive := func(ix []string) bool {
		for i := 1; i < len(ix); i++ {
			if taskNumber(ix[i]) != taskNumber(ix[i-1])+1 {
				return false
			}
		}
		return true
	}
	for _, a := range r.list("/api/v1/assignments?pool_id=" + ordered) {
		if ix := index(a); !consecutive(ix) {
			t.Errorf("in creation order, not shuffled: a page has tasks %v", ix)
		}
	}
	apart := 0
	for _, a := range r.list("/api/v1/assignments?pool_id=" + mixed) {
		if !consecutive(index(a)) {
			apart++
		}
	}
	if apart == 0 {
		t.Error("mixed at random (the default), every page still had consecutive tasks in order")
	}
}

func taskNumber(s string) int {
	n := 0
	for _, c := range strings.TrimSuffix(s, ".jpg") {
		n = 10*n + int(c-'0')
	}
	return n
}

func TestSuitesMadeByHandAreServedAsTheyAre(t *testing.T) {
	r := startRig(t, Options{Seed: 24, Workers: 3, Mishaps: -1})
	project := r.choiceProject("a", "b")
	pool := r.pool(project, nil)
	var suites []jsonObj
	for i := 0; i < 4; i++ {
		suites = append(suites, r.must("POST", "/api/v1/task-suites?async_mode=false", jsonObj{"pool_id": pool, "overlap": 2,
			"tasks": realTasks(pool, 3, 1)}))
	}
	r.must("POST", "/api/v1/pools/"+pool+"/open", nil)
	r.waitClosed(pool, 10*time.Second)
	byID := map[string]jsonObj{}
	for _, s := range suites {
		byID[s["id"].(string)] = s
	}
	as := r.list("/api/v1/assignments?pool_id=" + pool)
	if len(as) != 8 {
		t.Fatalf("%d assignments for 4 suites of overlap 2", len(as))
	}
	for _, a := range as {
		s := byID[str(a["task_suite_id"])]
		if s == nil || a["mixed"] != false {
			t.Fatalf("assignment %v of no suite made by hand", a)
		}
		for i, task := range asList(a["tasks"]) {
			if task.(jsonObj)["id"] != asList(s["tasks"])[i].(jsonObj)["id"] {
				t.Errorf("assignment %s: task %d is not the suite's", a["id"], i)
			}
		}
	}
}

func TestReservedForAndUnavailableFor(t *testing.T) {
	r := startRig(t, Options{Seed: 25, Workers: 4, Mishaps: -1})
	workers := r.run.Server.WorkerIDs()
	project := r.choiceProject("a", "b")
	pool := r.pool(project, nil)
	tasks := realTasks(pool, 16, 1)
	for i, x := range tasks {
		if i < 8 {
			x.(jsonObj)["unavailable_for"] = []any{workers[0], workers[1]} // a Toloker never checks their own work
		} else {
			x.(jsonObj)["reserved_for"] = []any{workers[2]}
		}
	}
	r.upload(tasks, true)
	r.waitClosed(pool, 10*time.Second)
	for _, a := range r.list("/api/v1/assignments?pool_id=" + pool) {
		image := asList(a["tasks"])[0].(jsonObj)["input_values"].(jsonObj)["image"].(string)
		i := taskNumber(image[strings.LastIndex(image, "/r")+2:])
		user := a["user_id"].(string)
		if i < 8 && (user == workers[0] || user == workers[1]) || i >= 8 && user != workers[2] {
			t.Errorf("task %d went to Toloker %s", i, user[:8])
		}
	}
}
