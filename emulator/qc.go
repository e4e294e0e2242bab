package emulator

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// The events quality control sees, the observations it keeps, and what its
// rules do. Each collector of a pool (and of its project) keeps, per
// Toloker, the observations of its kind. Without history_size they are the
// collector's own, in the pool (pools cloned with the collector's uuid share
// them); with it, the Toloker's last history_size in the project, shared
// with the project's other collectors of the kind that have one (Toloka's
// "remember values", concepts/guide/remember-values.md). A ban a rule
// imposes clears that rule's history of the Toloker.

// qcConfig is one quality-control config of a pool or its project.
type qcConfig struct {
	typ     string // collector type
	key     string // where its observations are kept
	history int    // history_size, 0 for all
	params  map[string]any
	rules   []any
	pool    object
}

// ruleContext is what an action acts on.
type ruleContext struct {
	cfg   qcConfig
	pool  object
	user  string
	tally tally
	// targets are the assignments whose task suites CHANGE_OVERLAP changes.
	targets []object
}

// vote is one Toloker's answer to a real task, kept for majority votes.
type vote struct {
	User string `json:"u"`
	Key  string `json:"k"`
}

// maxHistory bounds what is kept of one history.
const maxHistory = 10000

func (st *state) configsOf(p object) []qcConfig {
	var out []qcConfig
	add := func(qc any, owner string) {
		m, _ := qc.(map[string]any)
		for i, c := range asList(m["configs"]) {
			cfg, _ := c.(map[string]any)
			cc, _ := cfg["collector_config"].(map[string]any)
			typ := str(cc["type"])
			params, _ := cc["parameters"].(map[string]any)
			h := intOf(params["history_size"], 0)
			key := "c:" + str(cc["uuid"])
			if str(cc["uuid"]) == "" {
				key = "c:" + owner + "#" + strconv.Itoa(i)
			}
			if h > 0 && collectors[typ].history {
				key = "p:" + str(p["project_id"]) + ":" + typ
			}
			out = append(out, qcConfig{typ: typ, key: key, history: h, params: params, rules: asList(cfg["rules"]), pool: p})
		}
	}
	add(p["quality_control"], "pool "+str(p["id"]))
	if project, ok := st.projects.get(str(p["project_id"])); ok {
		add(project["quality_control"], "project "+str(project["id"]))
	}
	return out
}

// observe records a collector's observations of a Toloker (once per event,
// where collectors share a history), counts its window and lets its rules act.
func (st *state) observe(c qcConfig, user string, ms []mark, extra tally, targets []object, recorded map[string]bool) {
	hk := c.key + "/" + user
	if len(ms) > 0 && !recorded[hk] {
		recorded[hk] = true
		h := append(st.crowd.History[hk], ms...)
		if len(h) > maxHistory {
			h = append([]mark(nil), h[len(h)-maxHistory:]...)
		}
		st.crowd.History[hk] = h
	}
	window := st.crowd.History[hk]
	if c.history > 0 && len(window) > c.history {
		window = window[len(window)-c.history:]
	}
	t := tally{}
	if spec := collectors[c.typ]; spec.count != nil {
		t = spec.count(st, window)
	}
	for k, v := range extra {
		t[k] = v
	}
	st.evaluate(c, user, t, targets)
}

// evaluate lets every rule of a collector whose conditions all hold act.
// Actions may cause events of their own (a rejection); qcDepth stops loops.
func (st *state) evaluate(c qcConfig, user string, t tally, targets []object) {
	if st.qcDepth > 4 {
		return
	}
	st.qcDepth++
	defer func() { st.qcDepth-- }()
	x := &ruleContext{cfg: c, pool: c.pool, user: user, tally: t, targets: targets}
	for _, r := range c.rules {
		rule, _ := r.(map[string]any)
		conds := asList(rule["conditions"])
		ok := len(conds) > 0
		for _, cond := range conds {
			cm, _ := cond.(map[string]any)
			ok = ok && holds(cm, t)
		}
		action, _ := rule["action"].(map[string]any)
		if spec, known := actions[str(action["type"])]; ok && known {
			params, _ := action["parameters"].(map[string]any)
			spec.do(st, x, params)
		}
	}
}

func bit(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// onSubmit shows a submitted assignment to the pool's collectors.
func (st *state) onSubmit(w *worker, a, p object, credits []float64) {
	cfgs := st.configsOf(p)
	qc, _ := p["quality_control"].(map[string]any)
	if len(cfgs) == 0 && qc["captcha_frequency"] == nil {
		return
	}
	recorded := map[string]bool{}
	created, _ := time.Parse(timeLayout, str(a["created"]))
	took := st.crowdTime(st.clock().Sub(created))
	tasks := asList(a["tasks"])
	targets := []object{a}
	for _, c := range cfgs {
		var ms []mark
		var extra tally
		switch c.typ {
		case "GOLDEN_SET":
			for i, t := range tasks {
				if credits[i] >= 0 {
					ms = append(ms, mark{V: credits[i], K: kindOf(t.(map[string]any), false, true)})
				}
			}
			if len(ms) == 0 {
				continue
			}
		case "ASSIGNMENT_SUBMIT_TIME": // without a threshold nothing is fast
			limit, _ := num(c.params["fast_submit_threshold_seconds"])
			ms = []mark{{V: bit(took < time.Duration(limit*float64(time.Second)))}}
		case "INCOME":
			reward, _ := num(a["reward"])
			ms = []mark{{V: reward, T: st.clock().UnixNano()}}
		case "ANSWER_COUNT":
			ms = []mark{{V: 1}}
		case "SKIPPED_IN_ROW_ASSIGNMENTS":
			st.observe(c, w.ID, []mark{{V: 0}}, nil, targets, recorded)
			continue
		case "TRAINING":
			for i, t := range tasks {
				if credits[i] >= 0 && kindOf(t.(map[string]any), false, true) == kindTraining {
					ms = append(ms, mark{V: credits[i], K: 1})
				}
			}
			ms = append(ms, mark{V: 1, K: 2})
			extra = tally{"next_assignment_available": st.hasMoreFor(w, p)}
		default:
			continue
		}
		st.observe(c, w.ID, ms, extra, targets, recorded)
	}
	st.captcha(w, a, p, cfgs)
	st.majority(a, p, cfgs)
}

// hasMoreFor says whether the pool has another page for w now.
func (st *state) hasMoreFor(w *worker, p object) bool {
	pid := str(p["id"])
	pt := st.tasksOf(pid)
	done := st.doneBy(w.ID, pid)
	if _, sid, _ := st.peekSuite(pid, done, w.ID); sid != "" {
		return true
	}
	return len(st.mix(w, p, pt, done)) > 0
}

// peekSuite is nextSuite without taking the suite.
func (st *state) peekSuite(pid string, done map[string]bool, user string) ([]object, string, bool) {
	for _, sid := range st.suites.index["pool_id"][pid] {
		if s, _ := st.suites.get(sid); s != nil && !done[sid] && !exhausted(s) && allowedFor(s, user) {
			return nil, sid, true
		}
	}
	return nil, "", false
}

// captchaEvery is how many tasks pass between captchas at each frequency.
var captchaEvery = map[string]int{"LOW": 20, "MEDIUM": 10, "HIGH": 10}

// captcha shows w a captcha each time their tasks in the pool pass the
// pool's captcha_frequency; honest Tolokers solve nearly all, bots few.
func (st *state) captcha(w *worker, a, p object, cfgs []qcConfig) {
	qc, _ := p["quality_control"].(map[string]any)
	every := captchaEvery[str(qc["captcha_frequency"])]
	if every == 0 {
		return
	}
	key := str(p["id"]) + "/" + w.ID
	st.crowd.Captchas[key] += len(asList(a["tasks"]))
	solves := map[string]float64{"": 0.98, habitRandom: 0.9, habitConstant: 0.9, habitFast: 0.35}[w.Habit]
	for i := 0; st.crowd.Captchas[key] >= every; i++ {
		st.crowd.Captchas[key] -= every
		solved := st.chance("captcha", w.ID, strconv.Itoa(w.Taken), strconv.Itoa(i)) < solves
		recorded := map[string]bool{} // each captcha is an observation of its own
		for _, c := range cfgs {
			if c.typ == "CAPTCHA" {
				st.observe(c, w.ID, []mark{{V: bit(solved)}}, nil, []object{a}, recorded)
			}
		}
	}
}

// majority keeps the answers to the assignment's real tasks for the pool's
// majority-vote collectors. When a task's overlap is complete and at least
// answer_threshold Tolokers agree on its required fields (and no other
// answer as many), each of its Tolokers is observed to match it or not.
func (st *state) majority(a, p object, cfgs []qcConfig) {
	var mvs []qcConfig
	for _, c := range cfgs {
		if c.typ == "MAJORITY_VOTE" {
			mvs = append(mvs, c)
		}
	}
	if len(mvs) == 0 {
		return
	}
	project, _ := st.projects.get(str(p["project_id"]))
	var required []string
	for _, f := range st.modelOf(project).fields {
		if f.required {
			required = append(required, f.name)
		}
	}
	for i, t := range asList(a["tasks"]) {
		task, ok := st.tasks.get(str(t.(map[string]any)["id"]))
		if !ok || boolOf(task["infinite_overlap"]) || len(asList(task["known_solutions"])) > 0 {
			continue
		}
		sol, _ := item(a["solutions"], i).(map[string]any)
		out, _ := sol["output_values"].(map[string]any)
		picked := map[string]any{}
		for _, f := range required {
			picked[f] = out[f]
		}
		key, _ := json.Marshal(picked)
		id := str(task["id"])
		votes := append(st.crowd.Votes[id], vote{User: str(a["user_id"]), Key: string(key)})
		if len(votes) < intOf(task["overlap"], 1) {
			st.crowd.Votes[id] = votes
			continue
		}
		delete(st.crowd.Votes, id)
		counts := map[string]int{}
		for _, v := range votes {
			counts[v.Key]++
		}
		best, tie := "", false
		for _, k := range sortedKeys(counts) {
			switch {
			case best == "" || counts[k] > counts[best]:
				best, tie = k, false
			case counts[k] == counts[best]:
				tie = true
			}
		}
		recorded := map[string]bool{}
		for _, c := range mvs {
			// Without answer_threshold, the majority is more than half.
			if threshold := intOf(c.params["answer_threshold"], len(votes)/2+1); tie || counts[best] < threshold {
				continue
			}
			for _, v := range votes {
				st.observe(c, v.User, []mark{{V: bit(v.Key == best)}}, nil, nil, recorded)
			}
		}
	}
}

// onSkip shows a skipped assignment to the pool's collectors.
func (st *state) onSkip(w *worker, a, p object) {
	recorded := map[string]bool{}
	for _, c := range st.configsOf(p) {
		if c.typ == "SKIPPED_IN_ROW_ASSIGNMENTS" {
			st.observe(c, w.ID, []mark{{V: 1}}, nil, []object{a}, recorded)
		}
	}
}

// onReview shows the requester's (or a rule's) review of an assignment:
// ACCEPTANCE_RATE observes the Toloker, ASSIGNMENTS_ASSESSMENT the task suite.
func (st *state) onReview(a object, was, now string) {
	p, ok := st.pools.get(str(a["pool_id"]))
	if !ok {
		return
	}
	event := map[string]string{"ACCEPTED": "ACCEPT", "REJECTED": "REJECT"}[now]
	if was == "REJECTED" && now == "ACCEPTED" {
		event = "ACCEPT_AFTER_REJECT"
	}
	recorded := map[string]bool{}
	user := str(a["user_id"])
	for _, c := range st.configsOf(p) {
		switch c.typ {
		case "ACCEPTANCE_RATE":
			st.observe(c, user, []mark{{V: bit(now == "ACCEPTED")}}, nil, []object{a}, recorded)
		case "ASSIGNMENTS_ASSESSMENT":
			count := map[string]int{}
			if _, bySuite := st.suites.get(str(a["task_suite_id"])); bySuite {
				for _, id := range st.assignments.index["pool_id"][str(p["id"])] {
					if o, _ := st.assignments.get(id); o != nil && o["task_suite_id"] == a["task_suite_id"] {
						count[str(o["status"])]++
					}
				}
			} else { // a mixed suite is this assignment's alone
				count[now]++
			}
			st.evaluate(c, user, tally{"pending_assignments_count": count["SUBMITTED"], "accepted_assignments_count": count["ACCEPTED"],
				"rejected_assignments_count": count["REJECTED"], "assessment_event": event}, []object{a})
		}
	}
}

// onRestricted tells USERS_ASSESSMENT of the pools the Toloker worked in,
// and that the restriction takes in, that they lost access to them.
func (st *state) onRestricted(r object) {
	user := str(r["user_id"])
	st.revoked(user, func(p object) bool { return covers(r, p) }, tally{"pool_access_revoked_reason": "RESTRICTION"})
}

// onSkillChanged tells USERS_ASSESSMENT of the pools whose filter the
// Toloker passed before a skill changed and no longer does.
func (st *state) onSkillChanged(user, skill string, before float64, had bool) {
	old := func(u, s string) (float64, bool) {
		if s == skill {
			return before, had
		}
		return st.skillValue(u, s)
	}
	st.revoked(user, func(p object) bool {
		return st.matches(user, p["filter"], old) && !st.matches(user, p["filter"], st.skillValue)
	}, tally{"pool_access_revoked_reason": "SKILL_CHANGE", "skill_id": skill})
}

// revoked evaluates USERS_ASSESSMENT in each pool user worked in that lost
// them, with their submitted and accepted assignments there as the targets.
func (st *state) revoked(user string, lost func(object) bool, t tally) {
	for _, key := range sortedKeys(st.done) {
		pid, ok := strings.CutPrefix(key, user+"/")
		p, isPool := st.pools.get(pid)
		if !ok || !isPool || !lost(p) {
			continue
		}
		var cfgs []qcConfig
		for _, c := range st.configsOf(p) {
			if c.typ == "USERS_ASSESSMENT" {
				cfgs = append(cfgs, c)
			}
		}
		if len(cfgs) == 0 {
			continue
		}
		var targets []object
		for _, id := range st.assignments.index["pool_id"][pid] {
			if a, _ := st.assignments.get(id); a != nil && str(a["user_id"]) == user && (a["status"] == "SUBMITTED" || a["status"] == "ACCEPTED") {
				targets = append(targets, a)
			}
		}
		for _, c := range cfgs {
			st.evaluate(c, user, t, targets)
		}
	}
}
