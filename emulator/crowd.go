package emulator

import (
	"sort"
	"strconv"
	"time"
)

// The crowd at work. Each Toloker's day is a chain of events on the crowd's
// clock: they look for work, take an assignment, and at its end submit it,
// skip it or walk away from it (it expires when its time limit passes).
// tick plays the events due in the order of their times, whatever the
// moments the ticker fires, and every choice is a draw named by who makes
// it about what: a seeded run plays out the same way twice.

// crowd is what the simulated crowd remembers besides its Tolokers. It is
// saved with the state.
type crowd struct {
	// History holds each collector's observations of each Toloker (qc.go).
	History map[string][]mark `json:"history,omitempty"`
	// Votes are the answers to real tasks a majority-vote collector waits
	// on, until the task's overlap is complete.
	Votes map[string][]vote `json:"votes,omitempty"`
	// Captchas counts, per pool and Toloker, the tasks since the last captcha.
	Captchas map[string]int `json:"captchas,omitempty"`
	// TrainingSkills is each project's training skill.
	TrainingSkills map[string]string `json:"training_skills,omitempty"`
	// Produced says whether an answer a Toloker typed, linked or uploaded was
	// right, for the tasks that later ask to judge it.
	Produced map[string]bool `json:"produced,omitempty"`
	// Expiring are assignments their Toloker walked away from, by deadline.
	Expiring []expiry `json:"expiring,omitempty"`
	// Wakes counts the moments new work appeared: it names the draws of the
	// Tolokers' arrivals.
	Wakes int `json:"wakes,omitempty"`
}

type expiry struct {
	At         int64  `json:"at"` // Unix nanoseconds
	Assignment string `json:"assignment"`
}

func newCrowd() *crowd {
	return &crowd{History: map[string][]mark{}, Votes: map[string][]vote{}, Captchas: map[string]int{},
		TrainingSkills: map[string]string{}, Produced: map[string]bool{}}
}

// fill makes the maps of a crowd read from a snapshot usable.
func (c *crowd) fill() *crowd {
	fresh := newCrowd()
	if c == nil {
		return fresh
	}
	if c.History == nil {
		c.History = fresh.History
	}
	if c.Votes == nil {
		c.Votes = fresh.Votes
	}
	if c.Captchas == nil {
		c.Captchas = fresh.Captchas
	}
	if c.TrainingSkills == nil {
		c.TrainingSkills = fresh.TrainingSkills
	}
	if c.Produced == nil {
		c.Produced = fresh.Produced
	}
	return c
}

// resume sets the crowd going at now: at the start, or after a snapshot's
// restore, whose Tolokers were busy or idle at times long gone.
func (st *state) resume(now time.Time) {
	t := now.UnixNano()
	for _, w := range st.workers {
		if w.Active != "" {
			w.FreeAt = max(w.FreeAt, t)
		} else if w.FreeAt < t {
			w.FreeAt = t + int64(st.lookAround(w))
		}
	}
	for i := range st.crowd.Expiring {
		st.crowd.Expiring[i].At = max(st.crowd.Expiring[i].At, t)
	}
}

// tickBudget bounds how long one tick holds the state: a crowd too fast to
// play in real time falls behind the wall clock (its events keep their order
// and their times) rather than keep the API's requests waiting.
const tickBudget = 20 * time.Millisecond

// tick plays the crowd's events up to now, then closes the pools whose work
// is done and moves the App batches along.
func (st *state) tick(now time.Time) {
	wall := st.clock
	defer func() { st.clock = wall }()
	limit := now.UnixNano()
	started := time.Now()
	for n := 1; n%64 != 0 || time.Since(started) < tickBudget; n++ {
		w := st.nextFree(limit)
		if x := st.crowd.Expiring; len(x) > 0 && x[0].At <= limit && (w == nil || x[0].At <= w.FreeAt) {
			st.crowd.Expiring = x[1:]
			st.at(x[0].At)
			st.expire(x[0].Assignment)
			continue
		}
		if w == nil {
			break
		}
		st.at(w.FreeAt)
		if w.Active != "" {
			st.finish(w)
		}
		if !st.takeWork(w) {
			w.FreeAt = st.clock().UnixNano() + int64(st.lookAround(w))
		}
	}
	st.clock = wall
	st.closeCompleted(now)
	st.tickApps(now)
}

// at sets the clock the state reads to an event's time.
func (st *state) at(nanos int64) {
	t := time.Unix(0, nanos)
	st.clock = func() time.Time { return t }
}

// nextFree is the Toloker whose event comes first, if it is due by limit.
func (st *state) nextFree(limit int64) *worker {
	var next *worker
	for _, w := range st.workers {
		if w.FreeAt <= limit && (next == nil || w.FreeAt < next.FreeAt) {
			next = w
		}
	}
	return next
}

// takeWork gives w the first assignment an open pool has for them, starting
// at a pool of the highest priority drawn for them, so equal pools share the crowd.
func (st *state) takeWork(w *worker) bool {
	open := st.openPoolsByPriority()
	top := 0
	for top < len(open) && intOf(open[top]["priority"], 0) == intOf(open[0]["priority"], 0) {
		top++
	}
	start := 0
	if top > 1 {
		start = st.draw("pool", w.ID, strconv.Itoa(w.Taken)).IntN(top)
	}
	now := st.clock()
	for i := range open {
		p := open[i]
		if i < top {
			p = open[(start+i)%top]
		}
		if a, effort := st.issue(w, p, now); a != nil {
			st.begin(w, a, effort, now)
			return true
		}
	}
	return false
}

// begin starts w on assignment a and decides, by a draw, how it ends: most
// are submitted; a few are skipped or left to expire, as on Toloka, and an
// assignment that outlasts its time limit expires too.
func (st *state) begin(w *worker, a object, effort float64, now time.Time) {
	w.Taken++
	w.Looks = 0
	w.Active = str(a["id"])
	d := st.workTime(w, effort)
	skip, walk := st.mishapRates()
	u := st.chance("fate", w.ID, strconv.Itoa(w.Taken))
	switch {
	case w.Habit != habitFast && u < skip:
		w.Fate, d = fateSkip, d/3
	case w.Habit != habitFast && u < skip+walk:
		w.Fate, d = fateAbandon, d/3
	default:
		w.Fate = fateSubmit
		if st.crowdTime(d) > st.timeLimit(a) {
			w.Fate, d = fateAbandon, d/2
		}
	}
	w.FreeAt = now.UnixNano() + int64(d)
}

// mishapRates are the chances that an assignment is skipped, and that it is
// walked away from; a Toloker writes to the requester after twice the first.
func (st *state) mishapRates() (skip, walk float64) {
	m := st.opts.Mishaps
	if m == 0 {
		m = DefaultMishaps
	}
	if m < 0 {
		return 0, 0
	}
	return m, m / 2
}

// timeLimit is the crowd's time an assignment may take: its pool's
// assignment_max_duration_seconds (10 minutes where it has none).
func (st *state) timeLimit(a object) time.Duration {
	p, _ := st.poolOrTraining(str(a["pool_id"]))
	return time.Duration(intOf(p["assignment_max_duration_seconds"], 600)) * time.Second
}

// finish ends w's active assignment as was decided when it began.
func (st *state) finish(w *worker) {
	a, ok := st.assignments.get(w.Active)
	fate := w.Fate
	w.Active, w.Fate = "", ""
	if !ok || a["status"] != "ACTIVE" {
		return
	}
	switch fate {
	case fateSkip:
		st.skip(w, a)
	case fateAbandon:
		created, _ := time.Parse(timeLayout, str(a["created"]))
		at := created.Add(st.wallTime(st.timeLimit(a))).UnixNano()
		i := sort.Search(len(st.crowd.Expiring), func(i int) bool { return st.crowd.Expiring[i].At > at })
		st.crowd.Expiring = append(st.crowd.Expiring, expiry{})
		copy(st.crowd.Expiring[i+1:], st.crowd.Expiring[i:])
		st.crowd.Expiring[i] = expiry{At: at, Assignment: str(a["id"])}
	default:
		st.submit(w, a)
	}
}

// submit answers every task of w's assignment, submits it, and accepts it
// at once where the pool accepts automatically. The pool's quality control
// sees it; a training scores it.
func (st *state) submit(w *worker, a object) {
	pid := str(a["pool_id"])
	p, _ := st.poolOrTraining(pid)
	project, _ := st.projects.get(str(p["project_id"]))
	m := st.modelOf(project)
	var solutions []any
	credits := make([]float64, 0, len(asList(a["tasks"])))
	for _, t := range asList(a["tasks"]) {
		tm, _ := t.(map[string]any)
		out, credit := st.answerTask(w, m, tm, str(a["id"]), pid)
		solutions = append(solutions, object{"output_values": out})
		credits = append(credits, credit)
	}
	a["solutions"] = solutions
	a["status"] = "SUBMITTED"
	a["submitted"] = st.now()
	if _, ok := st.trainings.get(pid); ok {
		st.trainingSubmitted(w, a, p, credits)
		return
	}
	if boolOf(p["auto_accept_solutions"]) {
		st.accept(a, "")
	}
	st.onSubmit(w, a, p, credits)
	if w.honest() {
		if skip, _ := st.mishapRates(); st.chance("message", w.ID, strconv.Itoa(w.Taken)) < 2*skip/3 {
			st.tolokerWrites(w, a, p)
		}
	}
}

// skip ends an assignment the Toloker chose not to do: SKIPPED, its overlap
// given back for someone else (not them) to take.
func (st *state) skip(w *worker, a object) {
	a["status"] = "SKIPPED"
	a["skipped"] = st.now()
	st.giveBack(a)
	if p, ok := st.pools.get(str(a["pool_id"])); ok {
		st.onSkip(w, a, p)
	}
}

// expire ends an assignment whose time ran out.
func (st *state) expire(id string) {
	a, ok := st.assignments.get(id)
	if !ok || a["status"] != "ACTIVE" {
		return
	}
	a["status"] = "EXPIRED"
	a["expired"] = st.now()
	st.giveBack(a)
}

// giveBack returns a skipped or expired assignment's overlap to its suite
// made by hand or to its tasks, and calls the crowd to it.
func (st *state) giveBack(a object) {
	pid := str(a["pool_id"])
	if _, ok := st.trainings.get(pid); ok {
		return
	}
	if s, ok := st.suites.get(str(a["task_suite_id"])); ok {
		countUp(s)
	} else {
		for _, t := range asList(a["tasks"]) {
			tm, _ := t.(map[string]any)
			if task, ok := st.tasks.get(str(tm["id"])); ok {
				countUp(task)
				st.rewind(pid, str(task["id"]))
			}
		}
	}
	st.wake()
}

// wake tells the idle Tolokers that new work may be there: each comes to
// look after a while of their own, counted from this moment, so the crowd
// reaches new work the same way whenever it appears.
func (st *state) wake() {
	st.crowd.Wakes++
	now := st.clock().UnixNano()
	n := strconv.Itoa(st.crowd.Wakes)
	for _, w := range st.workers {
		if w.Active == "" {
			w.Looks = 0
			u := st.chance("arrive", w.ID, n)
			w.FreeAt = now + int64(max(time.Duration(float64(st.meanWork())*(0.2+0.8*u)), time.Microsecond))
		}
	}
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

// workOnce has every Toloker do an assignment in p, submitted at the given
// time: the fixtures' and the demo's history.
func (st *state) workOnce(p object, at time.Time) {
	wall := st.clock
	defer func() { st.clock = wall }()
	for _, w := range st.workers {
		st.at(at.Add(-st.workTime(w, 1)).UnixNano())
		if a, _ := st.issue(w, p, st.clock()); a != nil {
			w.Taken++
			st.at(at.UnixNano())
			st.submit(w, a)
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
	for _, x := range st.crowd.Expiring {
		if a, ok := st.assignments.get(x.Assignment); ok {
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
		if now.Sub(st.completed[id]) >= st.wallTime(delay) {
			st.closePool(p, "COMPLETED")
		}
	}
}

// poolDone says whether a pool has finite-overlap work and all of it is used
// up. Infinite-overlap tasks (golden and training tasks) never run out, so
// they neither keep a pool open nor close it on their own.
func (st *state) poolDone(p object) bool {
	pid := str(p["id"])
	pt := st.tasksOf(pid)
	if st.realCursor(pt) < len(pt.real) {
		return false
	}
	finite := len(pt.real) > 0
	for _, ids := range [][]string{pt.golden, pt.training} {
		for _, id := range ids {
			if t, _ := st.tasks.get(id); t != nil && !boolOf(t["infinite_overlap"]) {
				if !exhausted(t) {
					return false
				}
				finite = true
			}
		}
	}
	for _, sid := range st.suites.index["pool_id"][pid] {
		s, _ := st.suites.get(sid)
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

// Topics and texts of the messages Tolokers write about their tasks.
var tolokerMessages = [][2]string{
	{"Question about the task", "Hello! In one of the tasks the picture did not load. What should I answer?"},
	{"Unclear instructions", "Could you explain what to choose when both options fit?"},
	{"Was my answer rejected fairly?", "Good day, I think I followed the instructions. Could you check my work again?"},
	{"Thank you", "Interesting tasks, thank you. Will there be more?"},
}

// tolokerWrites starts a message thread from w to the requester about an
// assignment, in the requester's inbox and unread.
func (st *state) tolokerWrites(w *worker, a object, p object) {
	msg := tolokerMessages[st.draw("message text", w.ID, strconv.Itoa(w.Taken)).IntN(len(tolokerMessages))]
	them := object{"id": w.ID, "role": "USER"}
	me := object{"id": st.requester["id"], "role": "REQUESTER", "myself": true}
	st.threads.add(object{"id": st.numericID("thread"), "topic": object{"EN": msg[0]}, "answerable": true,
		"folders": []any{"INBOX", "UNREAD"}, "interlocutors_inlined": true, "interlocutors": []any{them, me}, "messages_inlined": true,
		"messages": []any{object{"text": object{"EN": msg[1]}, "from": them, "created": st.now()}},
		"meta":     object{"pool_id": p["id"], "project_id": p["project_id"], "assignment_id": a["id"]}, "created": st.now()})
}
