package emulator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"testing"
	"time"
)

// Answers follow the task: each field type, each kind of view, the truth a
// good crowd recovers, control tasks answered with each Toloker's accuracy,
// and the cheaters' habits.

// tbView is a Template Builder view with the given components.
func tbView(items ...jsonObj) jsonObj {
	var list []any
	for _, it := range items {
		list = append(list, it)
	}
	config, _ := json.Marshal(jsonObj{"view": jsonObj{"type": "view.list", "items": list}})
	return jsonObj{"type": "tb", "config": string(config), "lock": jsonObj{"core": "1.0.0"}}
}

func out(path string) jsonObj { return jsonObj{"type": "data.output", "path": path} }

func options(values ...any) []any {
	var list []any
	for _, v := range values {
		list = append(list, jsonObj{"value": v, "label": fmt.Sprint(v)})
	}
	return list
}

// answersOf runs a pool of n tasks of the project and returns the answers.
func (r *rig) answersOf(project string, inputs func(i int) jsonObj, n int) []jsonObj {
	r.t.Helper()
	pool := r.pool(project, nil)
	var tasks []any
	for i := 0; i < n; i++ {
		tasks = append(tasks, jsonObj{"pool_id": pool, "overlap": 1, "input_values": inputs(i)})
	}
	r.upload(tasks, true)
	r.waitClosed(pool, 10*time.Second)
	var answers []jsonObj
	for _, a := range submittedOnly(r.list("/api/v1/assignments?pool_id=" + pool)) {
		answers = append(answers, asList(a["solutions"])[0].(jsonObj)["output_values"].(jsonObj))
	}
	if len(answers) != n {
		r.t.Fatalf("%d answers to %d tasks", len(answers), n)
	}
	return answers
}

func image(i int) jsonObj { return jsonObj{"image": fmt.Sprintf("https://e.x/%d.jpg", i)} }

func TestAnswersFitEachKindOfField(t *testing.T) {
	r := startRig(t, Options{Seed: 31, Workers: 5})
	spec := jsonObj{
		"choice": jsonObj{"type": "string"}, "tags": jsonObj{"type": "array_string"}, "sel": jsonObj{"type": "string"},
		"ok": jsonObj{"type": "boolean"}, "code": jsonObj{"type": "string"}, "link": jsonObj{"type": "url"},
		"count": jsonObj{"type": "integer", "min_value": 2, "max_value": 5}, "score": jsonObj{"type": "float", "min_value": 0.5, "max_value": 1.5},
		"photo": jsonObj{"type": "file"}, "allowed": jsonObj{"type": "string", "allowed_values": []any{"u", "v"}},
		"note": jsonObj{"type": "string", "max_length": 12},
	}
	view := tbView(jsonObj{"type": "view.image", "url": jsonObj{"type": "data.input", "path": "image"}},
		jsonObj{"type": "field.button-radio-group", "data": out("choice"), "options": options("x", "y", "z")},
		jsonObj{"type": "field.checkbox-group", "data": out("tags"), "options": options("p", "q", "r")},
		jsonObj{"type": "field.select", "data": out("sel"), "options": options("s1", "s2")},
		jsonObj{"type": "field.checkbox", "data": out("ok")},
		jsonObj{"type": "field.text", "data": out("code"), "validation": jsonObj{"type": "condition.schema", "data": out("code"),
			"schema": jsonObj{"type": "string", "pattern": `^[A-Z]{3}-\d{2}$`}}},
		jsonObj{"type": "field.file", "data": out("photo")},
		jsonObj{"type": "field.radio-group", "data": out("allowed"), "options": options("u", "v", "w")}) // the spec wins: not w
	project := r.project(spec, view)
	code := regexp.MustCompile(`^[A-Z]{3}-\d{2}$`)
	in := func(v any, set ...any) bool { return inList(set, str(v)) }
	for _, a := range r.answersOf(project, image, 30) {
		tags, _ := a["tags"].([]any)
		tagsOK := tags != nil
		for _, x := range tags {
			tagsOK = tagsOK && in(x, "p", "q", "r")
		}
		link, err := url.Parse(str(a["link"]))
		count, score := a["count"].(float64), a["score"].(float64)
		_, isBool := a["ok"].(bool)
		attachment := ""
		if status, _ := r.call("GET", "/api/v1/attachments/"+str(a["photo"]), nil); status == 200 {
			attachment = "ok"
		}
		if !in(a["choice"], "x", "y", "z") || !tagsOK || !in(a["sel"], "s1", "s2") || !isBool || !code.MatchString(str(a["code"])) ||
			err != nil || link.Scheme != "https" || count != float64(int(count)) || count < 2 || count > 5 || score < 0.5 || score > 1.5 ||
			attachment == "" || !in(a["allowed"], "u", "v") || len([]rune(str(a["note"]))) > 12 || str(a["note"]) == "" {
			t.Fatalf("an answer that does not fit its fields: %v", a)
		}
	}
}

func TestAnswersFitClassicAndSideBySideViews(t *testing.T) {
	r := startRig(t, Options{Seed: 32, Workers: 5})
	classic := r.project(jsonObj{"animal": jsonObj{"type": "string"}, "cute": jsonObj{"type": "boolean"}},
		jsonObj{"type": "classic", "markup": `<img src="{{image}}">{{field type="radio" name="animal" value="cat" label="Cat"}}` +
			`{{field type="radio" name="animal" value="dog" label="Dog"}}{{field type="checkbox" name="cute"}}`})
	for _, a := range r.answersOf(classic, image, 20) {
		if a["animal"] != "cat" && a["animal"] != "dog" {
			t.Fatalf("a classic radio group's answer %v", a)
		}
	}
	sbs := r.must("POST", "/api/v1/projects", jsonObj{"public_name": "side by side", "task_spec": jsonObj{
		"input_spec":  jsonObj{"left": jsonObj{"type": "url"}, "right": jsonObj{"type": "url"}},
		"output_spec": jsonObj{"result": jsonObj{"type": "url"}},
		"view_spec": tbView(jsonObj{"type": "field.radio-group", "data": out("result"),
			"options": []any{jsonObj{"label": "Left", "value": jsonObj{"type": "data.input", "path": "left"}},
				jsonObj{"label": "Right", "value": jsonObj{"type": "data.input", "path": "right"}}}})}})["id"].(string)
	pair := func(i int) jsonObj {
		return jsonObj{"left": fmt.Sprintf("https://shop.x/%d/a", i), "right": fmt.Sprintf("https://shop.x/%d/b", i)}
	}
	seen := map[string]bool{}
	for i, a := range r.answersOf(sbs, pair, 20) {
		_ = i
		s := str(a["result"])
		if !regexp.MustCompile(`^https://shop\.x/\d+/[ab]$`).MatchString(s) {
			t.Fatalf("a side-by-side answer %v is not one of the two", a)
		}
		seen[s[len(s)-1:]] = true
	}
	if !seen["a"] || !seen["b"] {
		t.Errorf("side by side, only %v was ever chosen", seen)
	}
}

func TestMajorityOfAGoodCrowdRecoversTheTruth(t *testing.T) {
	r := startRig(t, Options{Seed: 33, Workers: 12})
	project := r.choiceProject("a", "b", "c")
	pool := r.pool(project, nil)
	r.upload(realTasks(pool, 60, 5), true)
	r.waitClosed(pool, 20*time.Second)
	truth := map[string]string{}
	for _, x := range r.must("GET", "/api/emulator/pools/"+pool+"/truth", nil)["items"].([]any) {
		truth[x.(jsonObj)["task_id"].(string)] = x.(jsonObj)["output_values"].(jsonObj)["label"].(string)
	}
	votes := map[string]map[string]int{}
	for _, a := range submittedOnly(r.list("/api/v1/assignments?pool_id=" + pool)) {
		task := taskOf(a)
		if votes[task] == nil {
			votes[task] = map[string]int{}
		}
		votes[task][labels(a)[0]]++
	}
	right, spread := 0, map[string]int{}
	for task, vs := range votes {
		best := ""
		for l, n := range vs {
			if best == "" || n > vs[best] || n == vs[best] && l < best {
				best = l
			}
		}
		if best == truth[task] {
			right++
		}
		spread[truth[task]]++
	}
	if len(truth) != 60 || len(votes) != 60 || right < 50 || len(spread) != 3 {
		t.Fatalf("the majority of 5 matches the truth on %d of %d tasks (truths %v); a crowd of 80 %% accuracy gets nearly all", right, len(votes), spread)
	}
	t.Logf("the majority of five answers matches the truth on %d of 60 tasks", right)
}

func TestControlTasksAreAnsweredWithEachTolokersAccuracy(t *testing.T) {
	r := startRig(t, Options{Seed: 34, Workers: 3, Cheaters: -1, Mishaps: -1})
	project := r.choiceProject("a", "b", "c", "d")
	pool := r.pool(project, jsonObj{"mixer_config": jsonObj{"real_tasks_count": 1, "golden_tasks_count": 1, "training_tasks_count": 0}})
	r.upload(append(goldenTasks(pool, 300, "a", "b", "c", "d"), realTasks(pool, 300, 1)...), true)
	r.waitClosed(pool, 30*time.Second)
	accuracy := map[string]float64{}
	s := r.run.Server
	s.mu.Lock()
	for _, w := range s.st.workers {
		accuracy[w.ID] = w.Accuracy
	}
	s.mu.Unlock()
	for user, as := range r.byUser(pool) {
		n, right := 0.0, 0.0
		for _, a := range as {
			for _, c := range goldenCredits(a) {
				n, right = n+1, right+c
			}
		}
		if n < 60 || abs(right/n-accuracy[user]) > 0.1 {
			t.Errorf("Toloker %s of accuracy %.2f answered %v of %v control tasks right", user[:8], accuracy[user], right, n)
		}
	}
}

func TestCheatersHaveTheirHabits(t *testing.T) {
	r := startRig(t, Options{Seed: 35, Workers: 10, Cheaters: 0.3, Mishaps: -1, WorkDelay: DefaultWorkDelay, Pace: 200})
	habits := r.habits()
	project := r.choiceProject("a", "b", "c")
	pool := r.pool(project, nil)
	r.upload(realTasks(pool, 60, 3), true)
	r.waitClosed(pool, 30*time.Second)
	truth := map[string]string{}
	for _, x := range r.must("GET", "/api/emulator/pools/"+pool+"/truth", nil)["items"].([]any) {
		truth[x.(jsonObj)["task_id"].(string)] = x.(jsonObj)["output_values"].(jsonObj)["label"].(string)
	}
	kinds := map[string]int{}
	var honestTime, fastTime []time.Duration
	for user, as := range r.byUser(pool) {
		answered := submittedOnly(as)
		given, right := map[string]int{}, 0
		for _, a := range answered {
			l := labels(a)[0]
			given[l]++
			if l == truth[taskOf(a)] {
				right++
			}
			created, _ := time.Parse(timeLayout, str(a["created"]))
			submitted, _ := time.Parse(timeLayout, str(a["submitted"]))
			if habits[user] == "" {
				honestTime = append(honestTime, submitted.Sub(created))
			} else if habits[user] == habitFast {
				fastTime = append(fastTime, submitted.Sub(created))
			}
		}
		kinds[habits[user]]++
		share := float64(right) / float64(len(answered))
		switch habits[user] {
		case habitConstant:
			if len(given) != 1 {
				t.Errorf("the Toloker who always answers the same gave %v", given)
			}
		case habitRandom, habitFast:
			if share > 0.6 || len(given) < 3 {
				t.Errorf("a %s cheater got %.2f right with answers %v", habits[user], share, given)
			}
		default:
			if share < 0.6 {
				t.Errorf("an honest Toloker got only %.2f right", share)
			}
		}
	}
	if kinds[habitFast] != 1 || kinds[habitRandom] != 1 || kinds[habitConstant] != 1 {
		t.Fatalf("a crowd of 10 with 30 %% cheaters: %v", kinds)
	}
	if mean(fastTime) > mean(honestTime)/3 {
		t.Errorf("the bot took %v an assignment, the honest %v", mean(fastTime), mean(honestTime))
	}
}

func mean(ds []time.Duration) time.Duration {
	var total time.Duration
	for _, d := range ds {
		total += d
	}
	return total / time.Duration(max(len(ds), 1))
}
