package emulator

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// worker is a simulated Toloker.
type worker struct {
	ID       string
	Accuracy float64 // chance of a right answer on a golden task
	Country  string
}

func (st *state) hireWorkers(n int) {
	countries := []string{"US", "GB", "DE", "IN", "BR", "KE", "PH"}
	for i := 0; i < n; i++ {
		w := &worker{ID: st.hexID(32), Accuracy: st.opts.Accuracy - 0.2 + 0.4*st.rng.Float64(), Country: countries[i%len(countries)]}
		w.Accuracy = min(max(w.Accuracy, 0), 1)
		st.workers = append(st.workers, w)
		st.users.add(object{"id": w.ID, "country": w.Country, "languages": []string{"EN"}, "adult_allowed": i%2 == 0,
			"attributes": object{"client_type": "BROWSER", "device_category": "PERSONAL_COMPUTER", "os_family": "LINUX"}})
	}
}

// tick lets every Toloker do at most one assignment in each open pool, and moves App batches along.
func (st *state) tick(now time.Time) {
	for _, pid := range st.pools.ids {
		p, ok := st.pools.objs[pid]
		if !ok || p["status"] != "OPEN" {
			continue
		}
		for _, w := range st.workers {
			st.work(w, p)
		}
		if st.poolDone(p) {
			st.closePool(p, "COMPLETED")
		}
	}
	st.tickApps()
}

func (st *state) restricted(w *worker, p object) bool {
	banned := false
	st.restrictions.each(func(r object) bool {
		if str(r["user_id"]) != w.ID {
			return true
		}
		switch str(r["scope"]) {
		case "ALL_PROJECTS", "SYSTEM":
			banned = true
		case "PROJECT":
			banned = str(r["project_id"]) == str(p["project_id"])
		case "POOL":
			banned = str(r["pool_id"]) == str(p["id"])
		}
		if banned {
			if exp, ok := parseTime(str(r["will_expire"])); ok && exp < st.now() {
				banned = false
			}
		}
		return !banned
	})
	return banned
}

// work takes up to real_tasks_count tasks (or one task suite) and submits answers.
func (st *state) work(w *worker, p object) {
	if st.restricted(w, p) || !st.passesFilter(w, p) {
		return
	}
	pid := str(p["id"])
	done := st.doneBy(w.ID, pid)
	var tasks []object
	suiteID := ""
	for _, sid := range st.suites.index["pool_id"][pid] {
		s := st.suites.objs[sid]
		if s == nil || done[sid] || intOf(s["remaining_overlap"], 0) <= 0 && !boolOf(s["infinite_overlap"]) {
			continue
		}
		for _, t := range asList(s["tasks"]) {
			if to, ok := t.(map[string]any); ok {
				tasks = append(tasks, to)
			}
		}
		s["remaining_overlap"] = intOf(s["remaining_overlap"], 0) - 1
		suiteID = sid
		break
	}
	if suiteID == "" {
		per := 1
		if mc, ok := p["mixer_config"].(map[string]any); ok {
			per = max(1, intOf(mc["real_tasks_count"], 1)+intOf(mc["golden_tasks_count"], 0))
		}
		for _, tid := range st.tasks.index["pool_id"][pid] {
			t := st.tasks.objs[tid]
			if t == nil || done[tid] || intOf(t["remaining_overlap"], 0) <= 0 && !boolOf(t["infinite_overlap"]) {
				continue
			}
			tasks = append(tasks, t)
			if len(tasks) == per {
				break
			}
		}
		if len(tasks) == 0 {
			return
		}
		for _, t := range tasks {
			t["remaining_overlap"] = intOf(t["remaining_overlap"], 0) - 1
		}
		suiteID = st.orderedID()
	}
	project, _ := st.projects.get(str(p["project_id"]))
	aid := st.orderedID()
	var solutions, taskCopies []any
	for _, t := range tasks {
		tc := object{"id": t["id"], "pool_id": pid, "input_values": t["input_values"], "overlap": t["overlap"]}
		if ks, ok := t["known_solutions"]; ok {
			tc["known_solutions"] = ks
		}
		taskCopies = append(taskCopies, tc)
		solutions = append(solutions, object{"output_values": st.answer(w, project, t, aid, pid)})
	}
	now := st.now()
	a := object{"id": aid, "task_suite_id": suiteID, "pool_id": pid, "user_id": w.ID, "status": "SUBMITTED",
		"reward": p["reward_per_assignment"], "tasks": taskCopies, "solutions": solutions, "mixed": false, "automerged": false,
		"created": now, "submitted": now, "owner": st.owner()}
	if boolOf(p["auto_accept_solutions"]) {
		st.accept(a, "")
	}
	st.assignments.add(a)
	for _, t := range tasks {
		done[str(t["id"])] = true
	}
	done[suiteID] = true
}

// doneBy remembers, per worker and pool, which tasks and suites they already did.
func (st *state) doneBy(worker, pool string) map[string]bool {
	key := worker + "/" + pool
	if st.done == nil {
		st.done = map[string]map[string]bool{}
	}
	d := st.done[key]
	if d == nil {
		d = map[string]bool{}
		st.done[key] = d
	}
	return d
}

// passesFilter checks the pool's skill conditions a simulated Toloker can be judged on.
func (st *state) passesFilter(w *worker, p object) bool {
	f, ok := p["filter"]
	if !ok || f == nil {
		return true
	}
	return st.evalFilter(w, f)
}

func (st *state) evalFilter(w *worker, node any) bool {
	m, ok := node.(map[string]any)
	if !ok {
		return true
	}
	if and, ok := m["and"].([]any); ok {
		for _, c := range and {
			if !st.evalFilter(w, c) {
				return false
			}
		}
		return true
	}
	if or, ok := m["or"].([]any); ok {
		for _, c := range or {
			if st.evalFilter(w, c) {
				return true
			}
		}
		return len(or) == 0
	}
	if str(m["category"]) != "skill" {
		return true // profile and computed conditions: every simulated Toloker qualifies
	}
	value, has := st.skillValue(w.ID, str(m["key"]))
	want, wantNum := num(m["value"])
	if m["value"] == nil {
		return map[string]bool{"EQ": !has, "NE": has}[str(m["operator"])]
	}
	if !has || !wantNum {
		return false
	}
	switch str(m["operator"]) {
	case "EQ":
		return value == want
	case "NE":
		return value != want
	case "GT":
		return value > want
	case "GTE":
		return value >= want
	case "LT":
		return value < want
	case "LTE":
		return value <= want
	}
	return true
}

func (st *state) skillValue(user, skill string) (float64, bool) {
	var v float64
	found := false
	st.userSk.each(func(o object) bool {
		if str(o["user_id"]) == user && str(o["skill_id"]) == skill {
			v, found = num(o["exact_value"])
			return false
		}
		return true
	})
	return v, found
}

// answer makes output values valid for the project's output_spec; golden tasks
// are answered right with the worker's accuracy.
func (st *state) answer(w *worker, project object, task object, assignmentID, poolID string) object {
	out := object{}
	var golden map[string]any
	if ks := asList(task["known_solutions"]); len(ks) > 0 {
		if k, ok := ks[0].(map[string]any); ok {
			golden, _ = k["output_values"].(map[string]any)
		}
	}
	right := st.rng.Float64() < w.Accuracy
	for _, name := range sortedKeys(specOf(project, "output_spec")) {
		fs, _ := specOf(project, "output_spec")[name].(map[string]any)
		if gv, ok := golden[name]; ok && right {
			out[name] = gv
			continue
		}
		out[name] = st.randomValue(st.rng, w, fs, name, assignmentID, poolID)
	}
	return out
}

func (st *state) randomValue(rng *rand.Rand, w *worker, fs map[string]any, name, assignmentID, poolID string) any {
	typ := str(fs["type"])
	if strings.HasPrefix(typ, "array_") {
		inner := object{}
		for k, v := range fs {
			inner[k] = v
		}
		inner["type"] = strings.TrimPrefix(typ, "array_")
		return []any{st.randomValue(rng, w, inner, name, assignmentID, poolID)}
	}
	switch typ {
	case "string":
		if allowed := asList(fs["allowed_values"]); len(allowed) > 0 {
			return allowed[rng.IntN(len(allowed))]
		}
		words := []string{"good", "bad", "cat", "dog", "yes", "no", "blue", "red"}
		return words[rng.IntN(len(words))]
	case "integer":
		lo, hi := intOf(fs["min_value"], 0), intOf(fs["max_value"], 10)
		if allowed := asList(fs["allowed_values"]); len(allowed) > 0 {
			return allowed[rng.IntN(len(allowed))]
		}
		return lo + rng.IntN(max(1, hi-lo+1))
	case "float":
		lo, _ := num(fs["min_value"])
		hi, ok := num(fs["max_value"])
		if !ok {
			hi = lo + 1
		}
		return json.Number(fmt.Sprintf("%.3f", lo+(hi-lo)*rng.Float64()))
	case "boolean":
		return rng.IntN(2) == 0
	case "url":
		return fmt.Sprintf("https://example.com/%s/%d", w.ID[:8], rng.IntN(1000))
	case "coordinates":
		return fmt.Sprintf("%.5f,%.5f", 55+rng.Float64(), 37+rng.Float64())
	case "file":
		return st.uploadAttachment(w, name, assignmentID, poolID)
	case "json":
		return object{"worker": w.ID[:8]}
	}
	return nil
}

// uploadAttachment stores a small file a Toloker "uploaded" and returns its id.
func (st *state) uploadAttachment(w *worker, field, assignmentID, poolID string) string {
	id := st.orderedID()
	content := []byte(fmt.Sprintf("file %s from Toloker %s for %s\n", field, w.ID, assignmentID))
	st.files[id] = content
	st.attachments.add(object{"id": id, "attachment_type": "ASSIGNMENT_ATTACHMENT", "name": field + "-" + id[:10] + ".txt",
		"media_type": "text/plain", "created": st.now(), "owner": st.owner(),
		"details": object{"user_id": w.ID, "assignment_id": assignmentID, "pool_id": poolID}})
	return id
}

func (st *state) poolDone(p object) bool {
	pid := str(p["id"])
	any := false
	for _, tid := range st.tasks.index["pool_id"][pid] {
		t := st.tasks.objs[tid]
		any = true
		if t != nil && (intOf(t["remaining_overlap"], 0) > 0 || boolOf(t["infinite_overlap"])) {
			return false
		}
	}
	for _, sid := range st.suites.index["pool_id"][pid] {
		s := st.suites.objs[sid]
		any = true
		if s != nil && (intOf(s["remaining_overlap"], 0) > 0 || boolOf(s["infinite_overlap"])) {
			return false
		}
	}
	return any
}

// accept moves a submitted assignment to ACCEPTED and pays its reward.
func (st *state) accept(a object, comment string) {
	a["status"] = "ACCEPTED"
	a["accepted"] = st.now()
	if comment != "" {
		a["public_comment"] = comment
	}
	if r, ok := ratOf(a["reward"]); ok {
		st.balance.Sub(st.balance, r)
	}
}

func (st *state) patchAssignment(r *http.Request) (int, any, *apiError) {
	id := r.PathValue("id")
	a, ok := st.assignments.get(id)
	if !ok {
		return 0, nil, notFound("Assignment", id)
	}
	p, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	status := str(p["status"])
	comment := str(p["public_comment"])
	switch status {
	case "ACCEPTED", "REJECTED":
		if a["status"] != "SUBMITTED" {
			return 0, nil, conflict("INAPPROPRIATE_STATUS", fmt.Sprintf("Assignment %s is %s; only SUBMITTED assignments can be %s", id, a["status"], strings.ToLower(status)))
		}
		if status == "ACCEPTED" {
			st.accept(a, comment)
		} else {
			if comment == "" {
				return 0, nil, fieldErrorsOne("public_comment", "VALUE_REQUIRED", "A rejection needs a comment")
			}
			a["status"] = "REJECTED"
			a["rejected"] = st.now()
			a["public_comment"] = comment
		}
	case "":
		if comment != "" {
			a["public_comment"] = comment
		}
	default:
		return 0, nil, fieldErrorsOne("status", "VALUE_NOT_ALLOWED", "status must be ACCEPTED or REJECTED")
	}
	return 200, a, nil
}

func (st *state) requesterJSON() object {
	r := clone(st.requester)
	r["balance"] = money(st.balance)
	return r
}
