package emulator

import (
	"encoding/json"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"
)

// The mixer: what a Toloker gets when they ask a pool for work. Task suites
// made by hand are served as they are; otherwise smart mixing puts together
// a page of real, control (golden) and training tasks as mixer_config says.
// Tasks and suites obey reserved_for and unavailable_for, and nobody gets a
// task or suite twice.

// The kinds of task the mixer tells apart: a task with known solutions is a
// control task, and a training task when it also has a hint.
const (
	kindReal = iota
	kindGolden
	kindTraining
)

func kindOf(t object, training, mixed bool) int {
	switch {
	case training:
		return kindTraining
	case !mixed || len(asList(t["known_solutions"])) == 0:
		return kindReal
	case str(t["message_on_unknown_solution"]) != "":
		return kindTraining
	}
	return kindGolden
}

// poolTasks are a pool's tasks sorted by what the mixer does with them,
// found once and kept (not saved) while the pool's settings stay as they are.
type poolTasks struct {
	real     []string // finite-overlap real tasks, in upload order (which is id order)
	cursor   int      // index in real of the first with overlap left
	extra    []string // infinite-overlap real tasks
	golden   []string
	training []string
	isTrain  bool // the pool is a training
	mixed    bool // the pool has a mixer_config
}

func (pt *poolTasks) add(t object) {
	id := str(t["id"])
	switch kindOf(t, pt.isTrain, pt.mixed) {
	case kindGolden:
		pt.golden = append(pt.golden, id)
	case kindTraining:
		pt.training = append(pt.training, id)
	default:
		if boolOf(t["infinite_overlap"]) {
			pt.extra = append(pt.extra, id)
		} else {
			pt.real = append(pt.real, id)
		}
	}
}

// tasksOf sorts a pool's tasks, once.
func (st *state) tasksOf(pid string) *poolTasks {
	if pt := st.mixes[pid]; pt != nil {
		return pt
	}
	pt := &poolTasks{}
	if _, ok := st.trainings.get(pid); ok {
		pt.isTrain = true
	} else if p, ok := st.pools.get(pid); ok {
		_, pt.mixed = p["mixer_config"].(map[string]any)
	}
	for _, id := range st.tasks.index["pool_id"][pid] {
		if t, _ := st.tasks.get(id); t != nil {
			pt.add(t)
		}
	}
	st.mixes[pid] = pt
	return pt
}

// resetCursor makes the mixer sort a pool's tasks afresh: a task's overlap
// or known solutions, or the pool's mixer, changed.
func (st *state) resetCursor(pid string) { delete(st.mixes, pid) }

// realCursor moves past the real tasks whose overlap is used up.
func (st *state) realCursor(pt *poolTasks) int {
	for pt.cursor < len(pt.real) {
		if t, _ := st.tasks.get(pt.real[pt.cursor]); t != nil && !exhausted(t) {
			break
		}
		pt.cursor++
	}
	return pt.cursor
}

// rewind puts the cursor back to a task whose overlap came back.
func (st *state) rewind(pid, taskID string) {
	if pt := st.mixes[pid]; pt != nil {
		if i := sort.SearchStrings(pt.real, taskID); i < len(pt.real) && pt.real[i] == taskID && i < pt.cursor {
			pt.cursor = i
		}
	}
}

// mixer is a pool's mixer_config (or a training's settings) with the
// service's defaults: the min_* counts default to the counts.
type mixer struct {
	real, golden, training          int
	minReal, minGolden, minTraining int
	forceLast, inOrder, shuffle     bool
}

func mixerOf(p object, training bool) mixer {
	if training {
		n := max(intOf(p["training_tasks_in_task_suite_count"], 1), 1)
		return mixer{training: n, minTraining: 1, forceLast: true, inOrder: p["mix_tasks_in_creation_order"] != false,
			shuffle: p["shuffle_tasks_in_task_suite"] != false}
	}
	mc, ok := p["mixer_config"].(map[string]any)
	if !ok { // no smart mixing: one task a page, in upload order
		return mixer{real: 1, minReal: 1, forceLast: true, inOrder: true}
	}
	m := mixer{real: intOf(mc["real_tasks_count"], 0), golden: intOf(mc["golden_tasks_count"], 0), training: intOf(mc["training_tasks_count"], 0),
		forceLast: mc["force_last_assignment"] != false, inOrder: boolOf(mc["mix_tasks_in_creation_order"]), shuffle: mc["shuffle_tasks_in_task_suite"] != false}
	m.minReal = intOf(mc["min_real_tasks_count"], m.real)
	m.minGolden = intOf(mc["min_golden_tasks_count"], m.golden)
	m.minTraining = intOf(mc["min_training_tasks_count"], m.training)
	return m
}

// allowedFor says whether a task or suite may go to user: reserved_for names
// the only Tolokers who may get it, unavailable_for those who may not.
func allowedFor(o object, user string) bool {
	if r := asList(o["reserved_for"]); len(r) > 0 && !inList(r, user) {
		return false
	}
	return !inList(asList(o["unavailable_for"]), user)
}

// issue gives w an assignment in pool p, or in the training p asks them to
// pass first, with the effort it takes; nil when there is nothing for them.
func (st *state) issue(w *worker, p object, now time.Time) (object, float64) {
	if st.restricted(w, p) || !st.passesFilter(w, p) {
		return nil, 0
	}
	training, ok := st.trainingFirst(w, p)
	if !ok {
		return nil, 0
	}
	if training != nil {
		p = training
	}
	pid := str(p["id"])
	pt := st.tasksOf(pid)
	done := st.doneBy(w.ID, pid)
	tasks, suiteID, mixed := st.nextSuite(pid, done, w.ID, pt.isTrain)
	if suiteID == "" {
		tasks = st.mix(w, p, pt, done)
		if len(tasks) == 0 {
			return nil, 0
		}
		if !pt.isTrain {
			for _, t := range tasks {
				countDown(t)
			}
		}
		suiteID, mixed = st.orderedID(), true
	}
	project, _ := st.projects.get(str(p["project_id"]))
	effort := float64(len(tasks)) * st.modelOf(project).effort
	var copies []any
	for _, t := range tasks {
		tc := object{"id": t["id"], "pool_id": pid, "input_values": t["input_values"], "overlap": t["overlap"],
			"infinite_overlap": boolOf(t["infinite_overlap"])}
		for _, f := range []string{"known_solutions", "message_on_unknown_solution"} {
			if v, ok := t[f]; ok {
				tc[f] = v
			}
		}
		copies = append(copies, tc)
		done[str(t["id"])] = true
	}
	done[suiteID] = true
	reward := p["reward_per_assignment"]
	if pt.isTrain {
		reward = json.Number("0") // trainings are not paid
	}
	a := object{"id": st.orderedID(), "task_suite_id": suiteID, "pool_id": pid, "user_id": w.ID, "status": "ACTIVE",
		"reward": reward, "tasks": copies, "mixed": mixed, "automerged": false,
		"created": now.UTC().Format(timeLayout), "owner": st.owner()}
	st.assignments.add(a)
	return a, effort
}

// countDown lowers a task's or suite's remaining overlap for an assignment
// issued; an infinite overlap has nothing to count, and nothing goes below 0.
func countDown(o object) {
	if !boolOf(o["infinite_overlap"]) {
		o["remaining_overlap"] = max(0, intOf(o["remaining_overlap"], 0)-1)
	}
}

// countUp gives an assignment's share of overlap back (it was skipped or
// expired), never above the overlap.
func countUp(o object) {
	if !boolOf(o["infinite_overlap"]) {
		o["remaining_overlap"] = min(intOf(o["overlap"], 1), intOf(o["remaining_overlap"], 0)+1)
	}
}

func exhausted(o object) bool {
	return !boolOf(o["infinite_overlap"]) && intOf(o["remaining_overlap"], 0) <= 0
}

// nextSuite finds the first task suite made by hand that w has not done,
// may get and that still has overlap, and counts it down.
func (st *state) nextSuite(pid string, done map[string]bool, user string, training bool) ([]object, string, bool) {
	for _, sid := range st.suites.index["pool_id"][pid] {
		s, _ := st.suites.get(sid)
		if s == nil || done[sid] || !training && exhausted(s) || !allowedFor(s, user) {
			continue
		}
		var tasks []object
		for _, t := range asList(s["tasks"]) {
			if to, ok := t.(map[string]any); ok {
				tasks = append(tasks, to)
			}
		}
		if !training {
			countDown(s)
		}
		return tasks, sid, boolOf(s["mixed"])
	}
	return nil, "", false
}

// mix puts a page together for w by the pool's mixer. A page short of real
// tasks is issued only as the pool's last (force_last_assignment); one short
// of control or training tasks not at all, as on Toloka.
func (st *state) mix(w *worker, p object, pt *poolTasks, done map[string]bool) []object {
	mc := mixerOf(p, pt.isTrain)
	r := st.draw("mix", w.ID, strconv.Itoa(w.Taken))
	usable := func(t object) bool {
		id := str(t["id"])
		return !done[id] && (pt.isTrain || !exhausted(t)) && allowedFor(t, w.ID)
	}
	real := choose(st.realCandidates(pt, usable, mc), mc.real, mc.inOrder, r)
	if mc.real > 0 && len(real) < mc.minReal {
		if len(real) == 0 || !mc.forceLast || st.realLeft(pt, mc.minReal) >= mc.minReal {
			return nil
		}
	}
	golden := choose(st.candidates(pt.golden, usable, mc.golden, mc.inOrder), mc.golden, mc.inOrder, r)
	training := choose(st.candidates(pt.training, usable, mc.training, mc.inOrder), mc.training, mc.inOrder, r)
	if len(golden) < mc.minGolden || len(training) < mc.minTraining {
		return nil
	}
	page := append(append(real, golden...), training...)
	if mc.shuffle {
		r.Shuffle(len(page), func(i, j int) { page[i], page[j] = page[j], page[i] })
	} else {
		sort.SliceStable(page, func(i, j int) bool { return str(page[i]["id"]) < str(page[j]["id"]) })
	}
	return page
}

// window is how many candidates the mixer draws n tasks from when it mixes
// at random: the earliest ones, so a pool of a million tasks costs what a
// small one does.
func window(n int) int { return max(4*n, 24) }

// realCandidates are the real tasks w may get next: finite ones from the
// cursor on, and infinite ones, in upload order.
func (st *state) realCandidates(pt *poolTasks, usable func(object) bool, mc mixer) []object {
	if mc.real == 0 {
		return nil
	}
	limit := mc.real
	if !mc.inOrder {
		limit = window(mc.real)
	}
	var out []object
	for i := st.realCursor(pt); i < len(pt.real) && len(out) < limit; i++ {
		if t, _ := st.tasks.get(pt.real[i]); t != nil && usable(t) {
			out = append(out, t)
		}
	}
	if extra := st.candidates(pt.extra, usable, mc.real, mc.inOrder); len(extra) > 0 {
		out = append(out, extra...)
		sort.SliceStable(out, func(i, j int) bool { return str(out[i]["id"]) < str(out[j]["id"]) })
		out = out[:min(len(out), limit)]
	}
	return out
}

// candidates are up to a window of the listed tasks w may get.
func (st *state) candidates(ids []string, usable func(object) bool, n int, inOrder bool) []object {
	if n == 0 {
		return nil
	}
	limit := n
	if !inOrder {
		limit = window(n)
	}
	var out []object
	for _, id := range ids {
		if t, _ := st.tasks.get(id); t != nil && usable(t) {
			if out = append(out, t); len(out) == limit {
				break
			}
		}
	}
	return out
}

// choose takes n of the candidates: the first ones, or n drawn at random.
func choose(cands []object, n int, inOrder bool, r *rand.Rand) []object {
	if len(cands) <= n {
		return cands
	}
	if !inOrder {
		r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	}
	return cands[:n]
}

// realLeft counts the pool's real tasks with overlap left, up to need: when
// fewer than a page's minimum are left, the last page may be short.
func (st *state) realLeft(pt *poolTasks, need int) int {
	if len(pt.extra) > 0 {
		return need
	}
	n := 0
	for i := st.realCursor(pt); i < len(pt.real) && n < need; i++ {
		if t, _ := st.tasks.get(pt.real[i]); t != nil && !exhausted(t) {
			n++
		}
	}
	return n
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
