package emulator

import "fmt"

// Trainings (concepts/guide/train.md). A project's trainings share one
// training skill, made with the first of them. A pool whose quality_control
// has a training_requirement admits only Tolokers whose training skill is at
// least training_passing_skill_value; a Toloker without the skill who may
// work in the pool (filters, restrictions) takes the training first, if it
// is open. The training skill is the share of right first answers to its
// tasks, set once they have done task_suites_required_to_pass suites, or all
// it has. A Toloker who answers a training task wrong is shown the hint and
// gives the right answer: the assignment keeps the first answers in
// first_declined_solution_attempt. Training assignments are not paid.

// trainingSkill is the project's training skill, made when first needed.
func (st *state) trainingSkill(projectID string) string {
	if id, ok := st.crowd.TrainingSkills[projectID]; ok {
		if _, ok := st.skills.get(id); ok {
			return id
		}
	}
	name := projectID
	if p, ok := st.projects.get(projectID); ok {
		name = str(p["public_name"])
	}
	s := object{"id": st.numericID("skill"), "name": "Training: " + name, "training": true,
		"private_comment": fmt.Sprintf("The training skill of project %s", projectID), "created": st.now(), "owner": st.owner()}
	skillForm.fill(s)
	st.skills.add(s)
	st.crowd.TrainingSkills[projectID] = str(s["id"])
	return str(s["id"])
}

// trainingFirst applies pool p's training requirement to w: ok says whether
// w may have work from p now, and training, when not nil, is where the work
// must come from first.
func (st *state) trainingFirst(w *worker, p object) (training object, ok bool) {
	qc, _ := p["quality_control"].(map[string]any)
	req, has := qc["training_requirement"].(map[string]any)
	if !has {
		return nil, true
	}
	if _, isTraining := st.trainings.get(str(p["id"])); isTraining {
		return nil, true
	}
	pass, _ := num(req["training_passing_skill_value"])
	t, found := st.trainings.get(str(req["training_pool_id"]))
	project := str(p["project_id"])
	if found {
		project = str(t["project_id"])
	}
	if v, has := st.skillValue(w.ID, st.trainingSkill(project)); has {
		return nil, v >= pass
	}
	if !found || t["status"] != "OPEN" {
		return nil, false
	}
	return t, true
}

// trainingSubmitted scores a training assignment: the first answers count,
// the wrong ones are corrected by the hint, and once the training is passed
// through the Toloker gets the training skill.
func (st *state) trainingSubmitted(w *worker, a, t object, credits []float64) {
	tasks, solutions := asList(a["tasks"]), asList(a["solutions"])
	var first []any
	for i, c := range credits {
		if c < 0 || c >= 1 {
			continue
		}
		if first == nil {
			first = asList(cloneValue(solutions))
		}
		sol, _ := solutions[i].(map[string]any)
		out, _ := sol["output_values"].(map[string]any)
		tm, _ := tasks[i].(map[string]any)
		for f := range out {
			if v, ok := knownValue(tm, f); ok {
				out[f] = v
			}
		}
	}
	if first != nil {
		a["first_declined_solution_attempt"] = first
	}
	st.accept(a, "")
	key := "t:" + str(t["id"]) + "/" + w.ID
	for _, c := range credits {
		if c >= 0 {
			st.crowd.History[key] = append(st.crowd.History[key], mark{V: c, K: 1})
		}
	}
	st.crowd.History[key] = append(st.crowd.History[key], mark{V: 1, K: 2})
	var answers []mark
	suites := 0
	for _, m := range st.crowd.History[key] {
		if m.K == 2 {
			suites++
		} else {
			answers = append(answers, m)
		}
	}
	required := intOf(t["task_suites_required_to_pass"], 0)
	if (required <= 0 || suites < required) && st.moreTraining(w, t) || len(answers) == 0 {
		return
	}
	st.putSkill(st.trainingSkill(str(t["project_id"])), w.ID, 100*sum(answers)/float64(len(answers)))
}

// moreTraining says whether the training has tasks or suites w has not done.
func (st *state) moreTraining(w *worker, t object) bool {
	tid := str(t["id"])
	done := st.doneBy(w.ID, tid)
	if _, sid, _ := st.nextSuitePeek(tid, done, w.ID); sid != "" {
		return true
	}
	for _, id := range st.tasksOf(tid).training {
		if task, _ := st.tasks.get(id); task != nil && !done[id] && allowedFor(task, w.ID) {
			return true
		}
	}
	return false
}

// nextSuitePeek finds a training's suite made by hand that w has not done.
func (st *state) nextSuitePeek(tid string, done map[string]bool, user string) ([]object, string, bool) {
	for _, sid := range st.suites.index["pool_id"][tid] {
		if s, _ := st.suites.get(sid); s != nil && !done[sid] && allowedFor(s, user) {
			return nil, sid, true
		}
	}
	return nil, "", false
}
