package emulator

import (
	"math"
	"strconv"
	"time"
)

// What the rules' actions do, where the service shows it: user
// restrictions, user skills, task overlap and assignment statuses. The API's
// own handlers share these, so a restriction or a review the requester makes
// is the same event to quality control as one a rule makes.

// addRestriction stores a restriction and tells quality control that the
// Toloker lost access; the crowd looks again, as a Toloker may be free now.
func (st *state) addRestriction(r object) object {
	r["id"] = st.numericID("restriction")
	r["created"] = st.now()
	st.restrictions.add(r)
	st.onRestricted(r)
	return r
}

// ruleRestriction bans (scope PROJECT, ALL_PROJECTS) or suspends (POOL) the
// Toloker for d of the crowd's time, or for ever when d is 0, unless a
// restriction as long is in force already. The ban clears the rule's history
// of them, so a Toloker back from a ban starts afresh.
func (st *state) ruleRestriction(x *ruleContext, p map[string]any, d time.Duration) {
	r := object{"scope": str(p["scope"]), "user_id": x.user}
	switch str(p["scope"]) {
	case "PROJECT":
		r["project_id"] = x.pool["project_id"]
	case "POOL":
		r["pool_id"] = x.pool["id"]
	}
	if c, ok := p["private_comment"]; ok && c != nil {
		r["private_comment"] = c
	}
	if d > 0 {
		r["will_expire"] = st.clock().Add(st.wallTime(d)).UTC().Format(timeLayout)
	}
	if st.restrictedAlready(r) {
		return
	}
	delete(st.crowd.History, x.cfg.key+"/"+x.user)
	st.addRestriction(r)
}

// restrictedAlready says whether a restriction in force has r's scope and
// target and lasts at least as long.
func (st *state) restrictedAlready(r object) bool {
	now := st.now()
	for _, id := range st.restrictions.index["user_id"][str(r["user_id"])] {
		o, ok := st.restrictions.get(id)
		if !ok || o["scope"] != r["scope"] || str(o["project_id"]) != str(r["project_id"]) || str(o["pool_id"]) != str(r["pool_id"]) {
			continue
		}
		until, lasts := parseTime(str(o["will_expire"]))
		if lasts && until <= now {
			continue // over
		}
		if want, ok := parseTime(str(r["will_expire"])); !lasts || ok && until >= want {
			return true
		}
	}
	return false
}

// ruleSkill sets a skill a rule names, if it exists.
func (st *state) ruleSkill(x *ruleContext, skill string, value float64) {
	if _, ok := st.skills.get(skill); ok {
		st.putSkill(skill, x.user, min(max(value, 0), 100))
	}
}

// putSkill sets a Toloker's value of a skill (created or updated): value is
// the exact value, rounded for "value". A change may take the Toloker out of
// a pool (USERS_ASSESSMENT) or into one (the crowd looks again).
func (st *state) putSkill(skill, user string, value float64) object {
	before, had := st.skillValue(user, skill)
	var found object
	for _, id := range st.userSk.index["user_id"][user] {
		if o, ok := st.userSk.get(id); ok && str(o["skill_id"]) == skill {
			found = o
			break
		}
	}
	if found == nil {
		found = object{"id": st.numericID("user_skill"), "skill_id": skill, "user_id": user, "created": st.now()}
		st.userSk.add(found)
	}
	found["value"] = int(math.Round(value))
	found["exact_value"] = jsonNumber(strconv.FormatFloat(math.Round(value*1e6)/1e6, 'f', -1, 64))
	found["modified"] = st.now()
	if !had || before != value {
		st.onSkillChanged(user, skill, before, had)
		st.wake()
	}
	return found
}

// changeOverlap changes the overlap of the target assignments' task suites
// (a suite made by hand, or the tasks of a mixed one) by delta, never below
// what was issued, and opens the pool again if asked to.
func (st *state) changeOverlap(x *ruleContext, delta int, open bool) {
	pid := str(x.pool["id"])
	changed := false
	bump := func(o object, suite bool) {
		if boolOf(o["infinite_overlap"]) {
			return
		}
		issued := st.issued(o, suite)
		o["overlap"] = max(intOf(o["overlap"], 1)+delta, issued)
		setRemaining(o, issued)
		changed = true
	}
	for _, a := range x.targets {
		if s, ok := st.suites.get(str(a["task_suite_id"])); ok {
			bump(s, true)
			continue
		}
		for _, t := range asList(a["tasks"]) {
			if task, ok := st.tasks.get(str(t.(map[string]any)["id"])); ok {
				bump(task, false)
				st.rewind(pid, str(task["id"]))
			}
		}
	}
	if !changed {
		return
	}
	if open && x.pool["status"] == "CLOSED" {
		st.openAlong(pid)
	}
	st.wake()
}

// reviewAll accepts or rejects every submitted assignment of the Toloker in the pool.
func (st *state) reviewAll(x *ruleContext, status, comment string) {
	for _, id := range st.assignments.index["pool_id"][str(x.pool["id"])] {
		if a, _ := st.assignments.get(id); a != nil && str(a["user_id"]) == x.user && a["status"] == "SUBMITTED" {
			st.review(a, status, comment)
		}
	}
}

// review accepts (paying the reward) or rejects an assignment, and shows
// the review to quality control.
func (st *state) review(a object, status, comment string) {
	was := str(a["status"])
	if status == "ACCEPTED" {
		st.accept(a, comment)
	} else {
		a["status"] = "REJECTED"
		a["rejected"] = st.now()
		a["public_comment"] = comment
	}
	st.onReview(a, was, status)
}
