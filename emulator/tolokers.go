package emulator

import (
	"math"
	"sort"
	"time"
)

// worker is a simulated Toloker. Each works at a pace of their own: an
// assignment takes them the emulator's mean time per assignment, scaled by
// their Speed and varied from one assignment to the next, and between
// assignments they look around for a while before they find the next.
type worker struct {
	ID       string
	Accuracy float64 // chance of a right answer on a golden task
	Country  string
	// Speed scales the time this Toloker spends on an assignment: 0.7 is
	// quicker than most, 1.5 slower. 0 (in a snapshot from before) means 1.
	Speed float64 `json:",omitempty"`
	// FreeAt (Unix nanoseconds) is when the Toloker is next free: when the
	// active assignment is done, or when a look around for work ends.
	FreeAt int64 `json:",omitempty"`
	// Active is the assignment they are doing (status ACTIVE), if any.
	Active string `json:",omitempty"`
}

// speedSpread and workSpread are the log-normal spreads of the Tolokers' own
// speeds and of one assignment's time around a Toloker's mean.
const speedSpread, workSpread = 0.35, 0.4

func (st *state) hireWorkers(n int) {
	countries := []string{"US", "GB", "DE", "IN", "BR", "KE", "PH"}
	for i := 0; i < n; i++ {
		w := &worker{ID: st.hexID(32), Accuracy: st.opts.Accuracy - 0.2 + 0.4*st.rng.Float64(), Country: countries[i%len(countries)],
			Speed: st.logNormal(speedSpread)}
		w.Accuracy = min(max(w.Accuracy, 0), 1)
		st.workers = append(st.workers, w)
		st.users.add(object{"id": w.ID, "country": w.Country, "languages": []string{"EN"}, "adult_allowed": i%2 == 0,
			"attributes": object{"client_type": "BROWSER", "device_category": "PERSONAL_COMPUTER", "os_family": "LINUX"}})
	}
}

// logNormal draws a factor with mean 1 whose logarithm has the given spread.
func (st *state) logNormal(sigma float64) float64 {
	return math.Exp(sigma*st.rng.NormFloat64() - sigma*sigma/2)
}

// meanWork is how long an average Toloker spends on one assignment.
func (st *state) meanWork() time.Duration { return st.opts.meanWork() }

func (o Options) meanWork() time.Duration { return time.Duration(float64(o.WorkDelay) / o.Pace) }

// workTime is how long w takes over the next assignment.
func (st *state) workTime(w *worker) time.Duration {
	speed := w.Speed
	if speed <= 0 {
		speed = 1
	}
	d := time.Duration(float64(st.meanWork()) * speed * st.logNormal(workSpread))
	return max(d, st.meanWork()/20, time.Microsecond)
}

// lookAround is how long an idle Toloker takes to come back for work: so
// Tolokers reach a newly opened pool one by one, not all at its first instant.
func (st *state) lookAround() time.Duration {
	return time.Duration(float64(st.meanWork()) * (0.2 + 0.8*st.rng.Float64()))
}

// tick moves the simulated crowd on to now: Tolokers whose assignment is done
// submit it, free ones take the next, pools whose work is all done close, and
// App batches move along.
func (st *state) tick(now time.Time) {
	at := now.UnixNano()
	var open []object
	for _, w := range st.workers {
		if w.FreeAt > at {
			continue
		}
		if w.Active != "" {
			st.submit(w, now)
		}
		if open == nil {
			open = st.openPoolsByPriority()
		}
		if !st.takeWork(w, open, now) {
			w.FreeAt = at + int64(st.lookAround())
		}
	}
	st.closeCompleted(now)
	st.tickApps(now)
}

// openPoolsByPriority lists the open pools a Toloker looks at, higher
// priority first, so a busy crowd serves those first.
func (st *state) openPoolsByPriority() []object {
	open := []object{}
	for _, id := range sortedKeys(st.open) {
		if p, ok := st.pools.get(id); ok && p["status"] == "OPEN" {
			open = append(open, p)
		}
	}
	sort.SliceStable(open, func(i, j int) bool { return intOf(open[i]["priority"], 0) > intOf(open[j]["priority"], 0) })
	return open
}

// takeWork gives w the first assignment an open pool has for them, starting
// at a random pool of the highest priority so that equal pools share the crowd.
func (st *state) takeWork(w *worker, open []object, now time.Time) bool {
	top := 0
	for top < len(open) && intOf(open[top]["priority"], 0) == intOf(open[0]["priority"], 0) {
		top++
	}
	start := 0
	if top > 1 {
		start = st.rng.IntN(top)
	}
	for i := range open {
		p := open[i]
		if i < top {
			p = open[(start+i)%top]
		}
		if a := st.issue(w, p, now); a != nil {
			w.Active = str(a["id"])
			w.FreeAt = now.UnixNano() + int64(st.workTime(w))
			return true
		}
	}
	return false
}

// issue builds an ACTIVE assignment for w in pool p: the next task suite, or
// as many tasks as the mixer puts on a page. It is nil when p has nothing for w.
func (st *state) issue(w *worker, p object, now time.Time) object {
	if st.restricted(w, p) || !st.passesFilter(w, p) {
		return nil
	}
	pid := str(p["id"])
	done := st.doneBy(w.ID, pid)
	tasks, suiteID, mixed := st.nextSuite(pid, done)
	if suiteID == "" {
		per := 1
		if mc, ok := p["mixer_config"].(map[string]any); ok {
			per = max(1, intOf(mc["real_tasks_count"], 1)+intOf(mc["golden_tasks_count"], 0)+intOf(mc["training_tasks_count"], 0))
		}
		tasks = st.nextTasks(pid, done, per)
		if len(tasks) == 0 {
			return nil
		}
		for _, t := range tasks {
			countDown(t)
		}
		suiteID, mixed = st.orderedID(), true
	}
	var copies []any
	for _, t := range tasks {
		tc := object{"id": t["id"], "pool_id": pid, "input_values": t["input_values"], "overlap": t["overlap"],
			"infinite_overlap": boolOf(t["infinite_overlap"])}
		if ks, ok := t["known_solutions"]; ok {
			tc["known_solutions"] = ks
		}
		copies = append(copies, tc)
		done[str(t["id"])] = true
	}
	done[suiteID] = true
	a := object{"id": st.orderedID(), "task_suite_id": suiteID, "pool_id": pid, "user_id": w.ID, "status": "ACTIVE",
		"reward": p["reward_per_assignment"], "tasks": copies, "mixed": mixed, "automerged": false,
		"created": now.UTC().Format(timeLayout), "owner": st.owner()}
	st.assignments.add(a)
	return a
}

// countDown lowers a task's or suite's remaining overlap for an assignment
// issued; an infinite overlap has nothing to count, and nothing goes below 0.
func countDown(o object) {
	if !boolOf(o["infinite_overlap"]) {
		o["remaining_overlap"] = max(0, intOf(o["remaining_overlap"], 0)-1)
	}
}

func exhausted(o object) bool {
	return !boolOf(o["infinite_overlap"]) && intOf(o["remaining_overlap"], 0) <= 0
}

// nextSuite finds the first task suite of the pool w has not done that still
// has overlap, and counts it down.
func (st *state) nextSuite(pid string, done map[string]bool) ([]object, string, bool) {
	for _, sid := range st.suites.index["pool_id"][pid] {
		s := st.suites.objs[sid]
		if s == nil || done[sid] || exhausted(s) {
			continue
		}
		var tasks []object
		for _, t := range asList(s["tasks"]) {
			if to, ok := t.(map[string]any); ok {
				tasks = append(tasks, to)
			}
		}
		countDown(s)
		return tasks, sid, boolOf(s["mixed"])
	}
	return nil, "", false
}

// nextTasks finds up to per tasks of the pool, in upload order, that w has
// not done and that still have overlap. Finite-overlap tasks run out in upload
// order, so their scan starts at the pool's cursor; infinite-overlap ones
// (golden and training tasks) never run out and are kept in a list of their own.
func (st *state) nextTasks(pid string, done map[string]bool, per int) []object {
	ids := st.tasks.index["pool_id"][pid]
	var finite, infinite []object
	for i := st.cursor(pid); i < len(ids) && len(finite) < per; i++ {
		if t := st.tasks.objs[ids[i]]; t != nil && !done[ids[i]] && !exhausted(t) {
			finite = append(finite, t)
		}
	}
	for _, id := range st.infiniteTasks(pid) {
		if t := st.tasks.objs[id]; t != nil && !done[id] && boolOf(t["infinite_overlap"]) && len(infinite) < per {
			infinite = append(infinite, t)
		}
	}
	out := append(finite, infinite...)
	sort.SliceStable(out, func(i, j int) bool { return str(out[i]["id"]) < str(out[j]["id"]) }) // ids sort in upload order
	return out[:min(per, len(out))]
}

// cursor is the index of the pool's first finite-overlap task with overlap left.
func (st *state) cursor(pid string) int {
	ids := st.tasks.index["pool_id"][pid]
	c := st.cursors[pid]
	for c < len(ids) {
		if t := st.tasks.objs[ids[c]]; t != nil && !boolOf(t["infinite_overlap"]) && !exhausted(t) {
			break
		}
		c++
	}
	st.cursors[pid] = c
	return c
}

// infiniteTasks lists the pool's infinite-overlap tasks, found once and kept.
func (st *state) infiniteTasks(pid string) []string {
	list, ok := st.infinite[pid]
	if !ok {
		for _, id := range st.tasks.index["pool_id"][pid] {
			if t := st.tasks.objs[id]; t != nil && boolOf(t["infinite_overlap"]) {
				list = append(list, id)
			}
		}
		st.infinite[pid] = list
	}
	return list
}

// resetCursor makes the next scan of a pool start from its first task again:
// a task's overlap changed.
func (st *state) resetCursor(pid string) {
	delete(st.cursors, pid)
	delete(st.infinite, pid)
}

// submit finishes w's active assignment: answers, SUBMITTED, and accepted at
// once where the pool accepts automatically.
func (st *state) submit(w *worker, now time.Time) {
	a, ok := st.assignments.get(w.Active)
	w.Active = ""
	if !ok || a["status"] != "ACTIVE" {
		return
	}
	pid := str(a["pool_id"])
	p, _ := st.poolOrTraining(pid)
	project, _ := st.projects.get(str(p["project_id"]))
	var solutions []any
	for _, t := range asList(a["tasks"]) {
		tm, _ := t.(map[string]any)
		solutions = append(solutions, object{"output_values": st.answer(w, project, tm, str(a["id"]), pid)})
	}
	a["solutions"] = solutions
	a["status"] = "SUBMITTED"
	a["submitted"] = now.UTC().Format(timeLayout)
	if boolOf(p["auto_accept_solutions"]) {
		st.accept(a, "")
	}
}

// workOnce has every Toloker do an assignment in p, submitted at the given
// time: the fixtures' and the demo's history.
func (st *state) workOnce(p object, at time.Time) {
	for _, w := range st.workers {
		if a := st.issue(w, p, at.Add(-st.workTime(w))); a != nil {
			w.Active = str(a["id"])
			st.submit(w, at)
		}
	}
}

// closeCompleted closes, as COMPLETED, every open pool whose finite-overlap
// tasks are all done and submitted, once its auto_close_after_complete_delay_seconds have passed.
func (st *state) closeCompleted(now time.Time) {
	active := map[string]bool{}
	for _, w := range st.workers {
		if a, ok := st.assignments.get(w.Active); ok && w.Active != "" {
			active[str(a["pool_id"])] = true
		}
	}
	for _, id := range sortedKeys(st.open) {
		p, ok := st.pools.get(id)
		if !ok || p["status"] != "OPEN" {
			delete(st.open, id)
			continue
		}
		if active[id] || !st.poolDone(p) {
			delete(st.completed, id)
			continue
		}
		if _, ok := st.completed[id]; !ok {
			st.completed[id] = now
		}
		delay := time.Duration(intOf(p["auto_close_after_complete_delay_seconds"], 0)) * time.Second
		if now.Sub(st.completed[id]) >= delay {
			st.closePool(p, "COMPLETED")
		}
	}
}

// poolDone says whether a pool has finite-overlap work and all of it is used
// up. Infinite-overlap tasks (golden and training tasks) never run out, so
// they neither keep a pool open nor close it on their own.
func (st *state) poolDone(p object) bool {
	pid := str(p["id"])
	ids := st.tasks.index["pool_id"][pid]
	if st.cursor(pid) < len(ids) {
		return false
	}
	finite := len(ids) > len(st.infiniteTasks(pid))
	for _, sid := range st.suites.index["pool_id"][pid] {
		s := st.suites.objs[sid]
		if s == nil || boolOf(s["infinite_overlap"]) {
			continue
		}
		if !exhausted(s) {
			return false
		}
		finite = true
	}
	return finite
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
