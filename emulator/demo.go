package emulator

import (
	"fmt"
	"time"
)

// demoPool adds a cats-or-dogs project and a closed pool of it, whose new
// tasks get overlap by default.
func (st *state) demoPool(projectName, poolName string, overlap int) object {
	project := object{"id": st.numericID("project"), "public_name": projectName, "public_description": "Is it a cat or a dog?",
		"status": "ACTIVE", "created": st.now(), "owner": st.owner(), "assignments_issuing_type": "AUTOMATED",
		"task_spec": object{
			"input_spec":  object{"image": object{"type": "url", "required": true}},
			"output_spec": object{"label": object{"type": "string", "required": true, "allowed_values": []any{"cat", "dog"}}},
			"view_spec":   object{"type": "classic", "markup": "<img src=\"{{image}}\">{{field type=\"radio\" name=\"label\" value=\"cat\"}}", "script": "", "styles": ""}}}
	projectForm.fill(project)
	pool := object{"id": st.numericID("pool"), "project_id": project["id"], "private_name": poolName, "status": "CLOSED", "type": "REGULAR",
		"may_contain_adult_content": false, "reward_per_assignment": jsonNumber("0.02"), "assignment_max_duration_seconds": 600,
		"will_expire": "2030-01-01T00:00:00.000", "defaults": object{"default_overlap_for_new_tasks": overlap, "default_overlap_for_new_task_suites": overlap},
		"auto_accept_solutions": false, "created": st.now(), "owner": st.owner()}
	poolForm.fill(pool)
	st.projects.add(project)
	st.pools.add(pool)
	return pool
}

// seedDemo gives a new user something to look at: an image classification
// project with a pool of 40 tasks (overlap 3) that opened a minute ago. Each
// Toloker has submitted an assignment for review already, and the rest of the
// work keeps the five of them busy for about four minutes at the default pace.
func (s *Server) seedDemo() {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	pool := st.demoPool("Cats or dogs (demo)", "demo pool", 3)
	for i := 0; i < 40; i++ {
		st.tasks.add(object{"id": st.orderedID(), "pool_id": pool["id"], "created": st.now(), "overlap": 3, "remaining_overlap": 3,
			"infinite_overlap": false, "input_values": object{"image": fmt.Sprintf("https://example.com/pets/%02d.jpg", i)}})
	}
	now := st.clock()
	st.openPool(pool)
	pool["last_started"] = now.Add(-time.Minute).UTC().Format(timeLayout)
	st.workOnce(pool, now.Add(-5*time.Second))
}

// seedAssignments adds a closed pool with n submitted assignments, each on a
// task of its own, shaped like the ones the simulated Tolokers submit.
func (s *Server) seedAssignments(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	pool := st.demoPool("Big pool (demo)", fmt.Sprintf("%d submitted assignments", n), 1)
	labels := []string{"cat", "dog"}
	for i := 0; i < n; i++ {
		now := st.now()
		task := object{"id": st.orderedID(), "pool_id": pool["id"], "created": now, "overlap": 1, "remaining_overlap": 0,
			"infinite_overlap": false, "input_values": object{"image": fmt.Sprintf("https://example.com/pets/%07d.jpg", i)}}
		st.tasks.add(task)
		worker := st.workers[i%len(st.workers)]
		st.assignments.add(object{"id": st.orderedID(), "pool_id": pool["id"], "task_suite_id": st.orderedID(), "user_id": worker.ID,
			"status": "SUBMITTED", "reward": jsonNumber("0.02"), "created": now, "submitted": now, "mixed": true, "automerged": false,
			"tasks":     []any{object{"id": task["id"], "input_values": task["input_values"], "overlap": 1}},
			"solutions": []any{object{"output_values": object{"label": labels[i%2]}}}})
	}
}
