package client

import (
	"sort"
	"strings"
	"sync"
)

// Endpoints returns the endpoint table: one row per public method of
// toloka-kit's TolokaClient, sorted by name. The slice is a copy.
func Endpoints() []Endpoint {
	out := make([]Endpoint, len(table()))
	copy(out, table())
	return out
}

// Lookup finds a row by its toloka-kit name.
func Lookup(name string) (Endpoint, bool) {
	t := table()
	i := sort.Search(len(t), func(i int) bool { return t[i].Name >= name })
	if i < len(t) && t[i].Name == name {
		return t[i], true
	}
	return Endpoint{}, false
}

// table is built on first use, not at start: `tolokash -e 1` and `version`
// never need it, and building it is a sizable share of a cold start.
var table = sync.OnceValue(buildTable)

func id(name string) Param { return Param{Name: name, In: InPath, Type: "string", Required: true} }
func body(name, typ string) Param {
	return Param{Name: name, In: InBody, Type: typ, Required: true}
}
func query(name, typ, doc string) Param { return Param{Name: name, In: InQuery, Type: typ, Doc: doc} }

// enumQuery is a query option whose values are those of a schema enum.
func enumQuery(name, typ, doc, enum string) Param {
	return Param{Name: name, In: InQuery, Type: typ, Doc: doc, Enum: enum}
}

// search describes a searchable collection: its find method and lazy iterator.
type search struct {
	plural   string  // find_<plural>, get_<plural>
	path     string  // collection path
	args     []Param // path ids before the filters
	model    string
	eq       []Param
	cmp      []string // fields with _lt/_lte/_gt/_gte
	sorts    []string
	max, def int
	cursor   string
	items    string
}

func (s search) filters() []Param {
	ps := append([]Param(nil), s.eq...)
	for _, f := range s.cmp {
		typ := "string"
		switch f {
		case "created", "submitted", "accepted", "rejected", "skipped", "expired", "finished", "modified", "last_started":
			typ = "datetime"
		case "overlap":
			typ = "integer"
		}
		for _, op := range []string{"lt", "lte", "gt", "gte"} {
			ps = append(ps, query(f+"_"+op, typ, f+" "+map[string]string{"lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}[op]))
		}
	}
	return ps
}

func (s search) rows() []Endpoint {
	items, cursor := s.items, s.cursor
	if items == "" {
		items = "items"
	}
	if cursor == "" {
		cursor = "id"
	}
	def := ""
	if s.def > 0 {
		def = ", default " + itoa(s.def)
	}
	find := Endpoint{
		Name: "find_" + s.plural, Kind: KindFind, Method: "GET", Path: s.path, Args: s.args,
		Options: append(s.filters(),
			query("sort", "string[]", "sort keys, - for descending: "+strings.Join(s.sorts, ", ")),
			query("limit", "integer", "page size, at most "+itoa(s.max)+def)),
		Result: "Page<" + s.model + ">", ItemsKey: items,
		Doc: "Finds " + strings.ReplaceAll(s.plural, "_", " ") + " matching the filters: one page, with has_more.",
	}
	get := Endpoint{
		Name: "get_" + s.plural, Kind: KindIterator, Method: "GET", Path: s.path, Args: s.args,
		Options: append(s.filters(), Param{Name: "batch_size", In: InLocal, Type: "integer", Doc: "items per page request"}),
		Result:  s.model + "[]", ItemsKey: items, Cursor: cursor, Find: find.Name,
		Doc: "Iterates over all " + strings.ReplaceAll(s.plural, "_", " ") + " matching the filters, fetching pages lazily.",
	}
	return []Endpoint{find, get}
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	if s == "" {
		return "0"
	}
	return s
}

var searches = []search{
	{plural: "projects", path: "/api/v1/projects", model: "Project",
		eq: []Param{enumQuery("status", "string", "ACTIVE or ARCHIVED", "Project.ProjectStatus")}, cmp: []string{"id", "created"},
		sorts: []string{"id", "created", "public_name", "private_comment"}, max: 300, def: 20},
	{plural: "pools", path: "/api/v1/pools", model: "Pool",
		eq:  []Param{enumQuery("status", "string", "OPEN, CLOSED, ARCHIVED or LOCKED", "Pool.Status"), query("project_id", "string", "")},
		cmp: []string{"id", "created", "last_started"}, sorts: []string{"id", "created", "last_started"}, max: 300, def: 20},
	{plural: "trainings", path: "/api/v1/trainings", model: "Training",
		eq:  []Param{enumQuery("status", "string", "OPEN, CLOSED, ARCHIVED or LOCKED", "Training.Status"), query("project_id", "string", "")},
		cmp: []string{"id", "created", "last_started"}, sorts: []string{"id", "created", "last_started"}, max: 300},
	{plural: "skills", path: "/api/v1/skills", model: "Skill",
		eq: []Param{query("name", "string", "")}, cmp: []string{"id", "created"}, sorts: []string{"id", "created"}, max: 100},
	{plural: "assignments", path: "/api/v1/assignments", model: "Assignment",
		eq: []Param{enumQuery("status", "string[]", "one or more of ACTIVE, SUBMITTED, ACCEPTED, REJECTED, SKIPPED, EXPIRED", "Assignment.Status"),
			query("task_id", "string", ""), query("task_suite_id", "string", ""), query("pool_id", "string", ""), query("user_id", "string", "")},
		cmp:   []string{"id", "created", "submitted", "accepted", "rejected", "skipped", "expired"},
		sorts: []string{"id", "created", "submitted", "accepted", "rejected", "skipped", "expired"}, max: 100000, def: 50},
	{plural: "aggregated_solutions", path: "/api/v1/aggregated-solutions/{operation_id}", args: []Param{id("operation_id")},
		model: "AggregatedSolution", cmp: []string{"task_id"}, sorts: []string{"task_id"}, max: 100000, def: 50, cursor: "task_id"},
	{plural: "tasks", path: "/api/v1/tasks", model: "Task",
		eq:  []Param{query("pool_id", "string", ""), query("overlap", "integer", "")},
		cmp: []string{"id", "created", "overlap"}, sorts: []string{"id", "created"}, max: 100000, def: 50},
	{plural: "task_suites", path: "/api/v1/task-suites", model: "TaskSuite",
		eq:  []Param{query("task_id", "string", ""), query("pool_id", "string", ""), query("overlap", "integer", "")},
		cmp: []string{"id", "created", "overlap"}, sorts: []string{"id", "created"}, max: 100000, def: 50},
	{plural: "attachments", path: "/api/v1/attachments", model: "Attachment",
		eq: []Param{query("name", "string", ""), enumQuery("type", "string", "ASSIGNMENT_ATTACHMENT", "Attachment.Type"), query("user_id", "string", ""),
			query("assignment_id", "string", ""), query("pool_id", "string", ""), query("owner_id", "string", ""), query("owner_company_id", "string", "")},
		cmp: []string{"id", "created"}, sorts: []string{"id", "created"}, max: 100},
	{plural: "user_skills", path: "/api/v1/user-skills", model: "UserSkill",
		eq:  []Param{query("user_id", "string", ""), query("skill_id", "string", "")},
		cmp: []string{"id", "created", "modified"}, sorts: []string{"id", "created", "modified"}, max: 1000},
	{plural: "user_restrictions", path: "/api/v1/user-restrictions", model: "UserRestriction",
		eq: []Param{enumQuery("scope", "string", "SYSTEM, ALL_PROJECTS, PROJECT or POOL", "UserRestriction.Scope"), query("user_id", "string", ""),
			query("project_id", "string", ""), query("pool_id", "string", "")},
		cmp: []string{"id", "created"}, sorts: []string{"id", "created"}, max: 500},
	{plural: "user_bonuses", path: "/api/v1/user-bonuses", model: "UserBonus",
		eq:  []Param{query("user_id", "string", ""), query("assignment_id", "string", ""), query("private_comment", "string", "")},
		cmp: []string{"id", "created"}, sorts: []string{"id", "created"}, max: 300},
	{plural: "message_threads", path: "/api/v1/message-threads", model: "MessageThread",
		eq: []Param{enumQuery("folder", "string[]", "INBOX, OUTBOX, AUTOMATIC_NOTIFICATION, IMPORTANT, UNREAD", "Folder"),
			enumQuery("folder_ne", "string[]", "folders to exclude", "Folder")},
		cmp: []string{"id", "created"}, sorts: []string{"id", "created"}, max: 300, def: 50},
	{plural: "webhook_subscriptions", path: "/api/v1/webhook-subscriptions", model: "WebhookSubscription",
		eq:  []Param{enumQuery("event_type", "string", "", "WebhookSubscription.EventType"), query("pool_id", "string", "")},
		cmp: []string{"id", "created"}, sorts: []string{"id", "created"}, max: 300, cursor: "created"},
	{plural: "operations", path: "/api/v1/operations", model: "Operation",
		eq: []Param{enumQuery("type", "string", "e.g. POOL.OPEN, TASK.BATCH_CREATE", "OperationType"),
			enumQuery("status", "string", "PENDING, RUNNING, SUCCESS or FAIL", "Operation.Status")},
		cmp: []string{"id", "submitted", "finished"}, sorts: []string{"id", "submitted", "finished"}, max: 500, def: 50},
	{plural: "app_projects", path: "/api/app/v0/app-projects", model: "AppProject", items: "content",
		eq: []Param{query("app_id", "string", ""), query("parent_app_project_id", "string", ""),
			query("status", "string", "CREATING, READY, ARCHIVED or ERROR"), query("after_id", "string", ""),
			query("scope", "string", "MY, COMPANY or REQUESTER_LIST"), query("requester_ids", "string[]", "")},
		cmp: []string{"id", "name", "created"}, sorts: []string{"id", "name", "created"}, max: 5000},
	{plural: "apps", path: "/api/app/v0/apps", model: "App", items: "content",
		eq:  []Param{query("after_id", "string", ""), query("lang", "string", "")},
		cmp: []string{"id"}, sorts: []string{"id"}, max: 1000},
	{plural: "app_items", path: "/api/app/v0/app-projects/{app_project_id}/items", args: []Param{id("app_project_id")},
		model: "AppItem", items: "content",
		eq:  []Param{query("after_id", "string", ""), query("batch_id", "string", ""), query("status", "string", "")},
		cmp: []string{"id", "created", "finished"}, sorts: []string{"id", "created", "finished", "status"}, max: 1000},
	{plural: "app_batches", path: "/api/app/v0/app-projects/{app_project_id}/batches", args: []Param{id("app_project_id")},
		model: "AppBatch", items: "content",
		eq:  []Param{query("after_id", "string", ""), query("status", "string", "")},
		cmp: []string{"id", "name", "created"}, sorts: []string{"id", "name", "created", "status"}, max: 1000},
}

// createParams are the query parameters of the task, task suite and bonus creates.
func createParams(batch, tasks bool) []Param {
	ps := []Param{
		query("operation_id", "string", "idempotency key (a UUID); a fresh one when not given"),
		query("async_mode", "boolean", "true (default): through an operation; false: one synchronous request"),
	}
	if tasks {
		ps = append(ps, query("allow_defaults", "boolean", "use the pool's default overlap"),
			query("open_pool", "boolean", "open the pool after adding"))
	}
	if batch {
		ps = append(ps, query("skip_invalid_items", "boolean", "create the valid items and report the invalid ones"))
	}
	return ps
}

var timeoutOpt = Param{Name: "timeout", In: InLocal, Type: "duration", Doc: "how long to wait for the operation"}

// stateChange makes the sync and async rows of a pool/training/project state change.
func stateChange(name, kind, path, model, doc string) []Endpoint {
	idp := id(kind + "_id")
	return []Endpoint{
		{Name: name, Kind: KindSync, Method: "POST", Path: path, Args: []Param{idp}, Options: []Param{timeoutOpt},
			Result: model, Async: name + "_async", Doc: doc + "; waits for the operation and returns the " + kind + "."},
		{Name: name + "_async", Kind: KindAsync, Method: "POST", Path: path, Args: []Param{idp},
			Result: "Operation", Doc: doc + "; returns the operation (null when already done)."},
	}
}

func buildTable() []Endpoint {
	var t []Endpoint
	for _, s := range searches {
		t = append(t, s.rows()...)
	}
	add := func(e ...Endpoint) { t = append(t, e...) }

	// Projects.
	add(
		Endpoint{Name: "create_project", Kind: KindSingle, Method: "POST", Path: "/api/v1/projects", Args: []Param{body("project", "Project")},
			Result: "Project", Doc: "Creates a project."},
		Endpoint{Name: "get_project", Kind: KindSingle, Method: "GET", Path: "/api/v1/projects/{project_id}", Args: []Param{id("project_id")},
			Result: "Project", Doc: "Gets a project by id."},
		Endpoint{Name: "update_project", Kind: KindSingle, Method: "PUT", Path: "/api/v1/projects/{project_id}",
			Args: []Param{id("project_id"), body("project", "Project")}, Result: "Project", Doc: "Replaces a project with the given one."},
		Endpoint{Name: "check_update_project_for_major_version_change", Kind: KindSingle, Method: "POST",
			Path: "/api/staging/projects/{project_id}/check", Args: []Param{id("project_id"), body("project", "Project")},
			Result: "string", Doc: "Tells whether updating the project is EQUAL, a NON_BREAKING_CHANGE or a BREAKING_CHANGE."},
		Endpoint{Name: "clone_project", Kind: KindComposite, Method: "GET", Path: "/api/v1/projects/{project_id}",
			Args:    []Param{id("project_id")},
			Options: []Param{{Name: "reuse_controllers", In: InLocal, Type: "boolean", Doc: "share quality-control collectors with the original (default true)"}},
			Result:  "ProjectClone", Doc: "Copies a project with its trainings and pools (never tasks)."},
	)
	add(stateChange("archive_project", "project", "/api/v1/projects/{project_id}/archive", "Project", "Archives a project (all its pools must be archived)")...)

	// Pools.
	add(
		Endpoint{Name: "create_pool", Kind: KindSingle, Method: "POST", Path: "/api/v1/pools", Args: []Param{body("pool", "Pool")},
			Options: []Param{query("tier", "string", "storage tier (sent as storage_key)")}, Result: "Pool", Doc: "Creates a pool (closed)."},
		Endpoint{Name: "get_pool", Kind: KindSingle, Method: "GET", Path: "/api/v1/pools/{pool_id}", Args: []Param{id("pool_id")},
			Result: "Pool", Doc: "Gets a pool by id."},
		Endpoint{Name: "update_pool", Kind: KindSingle, Method: "PUT", Path: "/api/v1/pools/{pool_id}",
			Args: []Param{id("pool_id"), body("pool", "Pool")}, Result: "Pool", Doc: "Replaces a pool with the given one."},
		Endpoint{Name: "patch_pool", Kind: KindSingle, Method: "PATCH", Path: "/api/v1/pools/{pool_id}",
			Args: []Param{id("pool_id"), body("request", "PoolPatchRequest")}, Result: "Pool", Doc: "Changes a pool's priority."},
	)
	add(withBudgetGuard(stateChange("open_pool", "pool", "/api/v1/pools/{pool_id}/open", "Pool", "Opens a pool"))...)
	add(stateChange("close_pool", "pool", "/api/v1/pools/{pool_id}/close", "Pool", "Closes a pool")...)
	add(stateChange("close_pool_for_update", "pool", "/api/v1/pools/{pool_id}/close-for-update", "Pool", "Closes a pool to change it")...)
	add(stateChange("archive_pool", "pool", "/api/v1/pools/{pool_id}/archive", "Pool", "Archives a closed pool")...)
	add(stateChange("clone_pool", "pool", "/api/v1/pools/{pool_id}/clone", "Pool", "Copies a pool without its tasks")...)

	// Trainings.
	add(
		Endpoint{Name: "create_training", Kind: KindSingle, Method: "POST", Path: "/api/v1/trainings", Args: []Param{body("training", "Training")},
			Result: "Training", Doc: "Creates a training."},
		Endpoint{Name: "get_training", Kind: KindSingle, Method: "GET", Path: "/api/v1/trainings/{training_id}", Args: []Param{id("training_id")},
			Result: "Training", Doc: "Gets a training by id."},
		Endpoint{Name: "update_training", Kind: KindSingle, Method: "PUT", Path: "/api/v1/trainings/{training_id}",
			Args: []Param{id("training_id"), body("training", "Training")}, Result: "Training", Doc: "Replaces a training with the given one."},
	)
	add(stateChange("open_training", "training", "/api/v1/trainings/{training_id}/open", "Training", "Opens a training")...)
	add(stateChange("close_training", "training", "/api/v1/trainings/{training_id}/close", "Training", "Closes a training")...)
	add(stateChange("archive_training", "training", "/api/v1/trainings/{training_id}/archive", "Training", "Archives a closed training")...)
	add(stateChange("clone_training", "training", "/api/v1/trainings/{training_id}/clone", "Training", "Copies a training without its tasks")...)

	// Skills.
	add(
		Endpoint{Name: "create_skill", Kind: KindSingle, Method: "POST", Path: "/api/v1/skills", Args: []Param{body("skill", "Skill")},
			Result: "Skill", Doc: "Creates a skill."},
		Endpoint{Name: "get_skill", Kind: KindSingle, Method: "GET", Path: "/api/v1/skills/{skill_id}", Args: []Param{id("skill_id")},
			Result: "Skill", Doc: "Gets a skill by id."},
		Endpoint{Name: "update_skill", Kind: KindSingle, Method: "PUT", Path: "/api/v1/skills/{skill_id}",
			Args: []Param{id("skill_id"), body("skill", "Skill")}, Result: "Skill", Doc: "Replaces a skill with the given one."},
	)

	// Tasks and task suites.
	add(
		Endpoint{Name: "create_task", Kind: KindSync, Method: "POST", Path: "/api/v1/tasks", Args: []Param{body("task", "Task")},
			Options: append(createParams(false, true), timeoutOpt), Result: "Task", Doc: "Creates one task (idempotent by operation_id)."},
		Endpoint{Name: "create_tasks", Kind: KindSync, Method: "POST", Path: "/api/v1/tasks", Args: []Param{body("tasks", "Task[]")},
			Options: append(createParams(true, true), timeoutOpt), Result: "TaskBatchCreateResult",
			Doc: "Creates tasks (idempotent by operation_id); items and validation_errors keyed by input index."},
		Endpoint{Name: "create_tasks_async", Kind: KindAsync, Method: "POST", Path: "/api/v1/tasks", Args: []Param{body("tasks", "Task[]")},
			Options: createParams(true, true), Result: "Operation", Doc: "Starts creating tasks; returns the TASK.BATCH_CREATE operation."},
		Endpoint{Name: "get_task", Kind: KindSingle, Method: "GET", Path: "/api/v1/tasks/{task_id}", Args: []Param{id("task_id")},
			Result: "Task", Doc: "Gets a task by id."},
		Endpoint{Name: "patch_task", Kind: KindSingle, Method: "PATCH", Path: "/api/v1/tasks/{task_id}",
			Args: []Param{id("task_id"), body("patch", "TaskPatch")}, Result: "Task", Doc: "Changes a task's overlap or solutions."},
		Endpoint{Name: "patch_task_overlap_or_min", Kind: KindSingle, Method: "PATCH", Path: "/api/v1/tasks/{task_id}/set-overlap-or-min",
			Args: []Param{id("task_id"), body("patch", "TaskOverlapPatch")}, Result: "Task",
			Doc: "Sets a task's overlap, or the least value still allowed."},
		Endpoint{Name: "create_task_suite", Kind: KindSync, Method: "POST", Path: "/api/v1/task-suites", Args: []Param{body("task_suite", "TaskSuite")},
			Options: append(createParams(false, true), timeoutOpt), Result: "TaskSuite", Doc: "Creates one task suite (idempotent by operation_id)."},
		Endpoint{Name: "create_task_suites", Kind: KindSync, Method: "POST", Path: "/api/v1/task-suites", Args: []Param{body("task_suites", "TaskSuite[]")},
			Options: append(createParams(true, true), timeoutOpt), Result: "TaskSuiteBatchCreateResult",
			Doc: "Creates task suites (idempotent by operation_id); items and validation_errors keyed by input index."},
		Endpoint{Name: "create_task_suites_async", Kind: KindAsync, Method: "POST", Path: "/api/v1/task-suites", Args: []Param{body("task_suites", "TaskSuite[]")},
			Options: createParams(true, true), Result: "Operation", Doc: "Starts creating task suites; returns the TASK_SUITE.BATCH_CREATE operation."},
		Endpoint{Name: "get_task_suite", Kind: KindSingle, Method: "GET", Path: "/api/v1/task-suites/{task_suite_id}", Args: []Param{id("task_suite_id")},
			Result: "TaskSuite", Doc: "Gets a task suite by id."},
		Endpoint{Name: "patch_task_suite", Kind: KindSingle, Method: "PATCH", Path: "/api/v1/task-suites/{task_suite_id}",
			Args: []Param{id("task_suite_id"), body("patch", "TaskSuitePatch")}, Result: "TaskSuite",
			Doc: "Changes a task suite's overlap or issuing order (open_pool goes to the query)."},
		Endpoint{Name: "patch_task_suite_overlap_or_min", Kind: KindSingle, Method: "PATCH", Path: "/api/v1/task-suites/{task_suite_id}/set-overlap-or-min",
			Args: []Param{id("task_suite_id"), body("patch", "TaskSuiteOverlapPatch")}, Result: "TaskSuite",
			Doc: "Sets a task suite's overlap, or the least value still allowed."},
	)

	// Assignments and attachments.
	add(
		Endpoint{Name: "get_assignment", Kind: KindSingle, Method: "GET", Path: "/api/v1/assignments/{assignment_id}", Args: []Param{id("assignment_id")},
			Result: "Assignment", Doc: "Gets an assignment by id."},
		Endpoint{Name: "patch_assignment", Kind: KindSingle, Method: "PATCH", Path: "/api/v1/assignments/{assignment_id}",
			Args: []Param{id("assignment_id"), body("patch", "AssignmentPatch")}, Result: "Assignment", Doc: "Accepts or rejects an assignment."},
		Endpoint{Name: "accept_assignment", Kind: KindComposite, Method: "PATCH", Path: "/api/v1/assignments/{assignment_id}",
			Args:   []Param{id("assignment_id"), {Name: "public_comment", In: InBody, Type: "string", Doc: "shown to the Toloker"}},
			Result: "Assignment", Doc: "Accepts a submitted assignment."},
		Endpoint{Name: "reject_assignment", Kind: KindComposite, Method: "PATCH", Path: "/api/v1/assignments/{assignment_id}",
			Args:   []Param{id("assignment_id"), {Name: "public_comment", In: InBody, Type: "string", Required: true, Doc: "why, shown to the Toloker"}},
			Result: "Assignment", Doc: "Rejects a submitted assignment."},
		Endpoint{Name: "get_assignments_df", Kind: KindTSV, Method: "GET", Path: "/api/new/requester/pools/{pool_id}/assignments.tsv",
			Args: []Param{id("pool_id")},
			Options: []Param{enumQuery("status", "string[]", "ACTIVE, SUBMITTED, APPROVED, REJECTED, SKIPPED, EXPIRED (default APPROVED)", "GetAssignmentsTsvParameters.Status"),
				query("start_time_from", "datetime", "only assignments started after"), query("start_time_to", "datetime", "only assignments started before"),
				query("exclude_banned", "boolean", "leave out banned Tolokers"), enumQuery("field", "string[]", "ASSIGNMENT: columns wanted", "GetAssignmentsTsvParameters.Field")},
			Result: "DataFrame", Doc: "Downloads the pool's assignments export (TSV) as a table: APPROVED ones only, unless options.status names others."},
		Endpoint{Name: "get_attachment", Kind: KindSingle, Method: "GET", Path: "/api/v1/attachments/{attachment_id}", Args: []Param{id("attachment_id")},
			Result: "Attachment", Doc: "Gets an attachment's metadata."},
		Endpoint{Name: "download_attachment", Kind: KindBytes, Method: "GET", Path: "/api/v1/attachments/{attachment_id}/download",
			Args:   []Param{id("attachment_id"), {Name: "out", In: InLocal, Type: "string", Doc: "file path to write; bytes are returned when absent"}},
			Result: "bytes", Doc: "Downloads an attachment's content."},
	)

	// Aggregation and analytics.
	add(
		Endpoint{Name: "aggregate_solutions_by_pool", Kind: KindAsync, Method: "POST", Path: "/api/v1/aggregated-solutions/aggregate-by-pool",
			Args: []Param{body("request", "PoolAggregatedSolutionRequest")}, Result: "Operation",
			Doc: "Starts aggregating a pool's answers; results through get_aggregated_solutions(operation id)."},
		Endpoint{Name: "aggregate_solutions_by_task", Kind: KindSingle, Method: "POST", Path: "/api/v1/aggregated-solutions/aggregate-by-task",
			Args: []Param{body("request", "TaskAggregatedSolutionRequest")}, Result: "AggregatedSolution", Doc: "Aggregates one task's answers."},
		Endpoint{Name: "get_analytics", Kind: KindAsync, Method: "POST", Path: "/api/staging/analytics-2",
			Args: []Param{body("stats", "AnalyticsRequest[]")}, Result: "Operation", Doc: "Starts computing pool metrics (at most 10)."},
	)

	// Operations.
	add(
		Endpoint{Name: "get_operation", Kind: KindSingle, Method: "GET", Path: "/api/v1/operations/{operation_id}", Args: []Param{id("operation_id")},
			Result: "Operation", Doc: "Gets an operation by id."},
		Endpoint{Name: "get_operation_log", Kind: KindSingle, Method: "GET", Path: "/api/v1/operations/{operation_id}/log", Args: []Param{id("operation_id")},
			Result: "OperationLogItem[]", Doc: "Gets the log of a task, task suite or bonus creation."},
		Endpoint{Name: "wait_operation", Kind: KindPoll, Method: "GET", Path: "/api/v1/operations/{operation_id}",
			Args:    []Param{{Name: "op", In: InPath, Type: "Operation", Required: true, Doc: "the operation or its id"}},
			Options: []Param{timeoutOpt}, Result: "Operation", Doc: "Waits until an operation ends (SUCCESS or FAIL)."},
	)

	// Bonuses, restrictions, user skills, users, requester.
	add(
		Endpoint{Name: "create_user_bonus", Kind: KindSync, Method: "POST", Path: "/api/v1/user-bonuses", Args: []Param{body("user_bonus", "UserBonus")},
			Options: append(createParams(false, false), timeoutOpt), Result: "UserBonus", Doc: "Pays a bonus (idempotent by operation_id)."},
		Endpoint{Name: "create_user_bonuses", Kind: KindSync, Method: "POST", Path: "/api/v1/user-bonuses", Args: []Param{body("user_bonuses", "UserBonus[]")},
			Options: append(createParams(true, false), timeoutOpt), Result: "UserBonusBatchCreateResult",
			Doc: "Pays bonuses (idempotent by operation_id); items and validation_errors keyed by input index."},
		Endpoint{Name: "create_user_bonuses_async", Kind: KindAsync, Method: "POST", Path: "/api/v1/user-bonuses", Args: []Param{body("user_bonuses", "UserBonus[]")},
			Options: createParams(true, false), Result: "Operation", Doc: "Starts paying bonuses; returns the USER_BONUS.BATCH_CREATE operation."},
		Endpoint{Name: "get_user_bonus", Kind: KindSingle, Method: "GET", Path: "/api/v1/user-bonuses/{user_bonus_id}", Args: []Param{id("user_bonus_id")},
			Result: "UserBonus", Doc: "Gets a bonus by id."},
		Endpoint{Name: "get_user_restriction", Kind: KindSingle, Method: "GET", Path: "/api/v1/user-restrictions/{user_restriction_id}",
			Args: []Param{id("user_restriction_id")}, Result: "UserRestriction", Doc: "Gets a restriction by id."},
		Endpoint{Name: "set_user_restriction", Kind: KindSingle, Method: "PUT", Path: "/api/v1/user-restrictions",
			Args: []Param{body("user_restriction", "UserRestriction")}, Result: "UserRestriction", Doc: "Restricts a Toloker's access."},
		Endpoint{Name: "delete_user_restriction", Kind: KindNoContent, Method: "DELETE", Path: "/api/v1/user-restrictions/{user_restriction_id}",
			Args: []Param{id("user_restriction_id")}, Doc: "Lifts a restriction."},
		Endpoint{Name: "get_user_skill", Kind: KindSingle, Method: "GET", Path: "/api/v1/user-skills/{user_skill_id}", Args: []Param{id("user_skill_id")},
			Result: "UserSkill", Doc: "Gets a Toloker's skill value by id."},
		Endpoint{Name: "set_user_skill", Kind: KindSingle, Method: "PUT", Path: "/api/v1/user-skills",
			Args: []Param{body("request", "SetUserSkillRequest")}, Result: "UserSkill", Doc: "Sets a Toloker's skill value."},
		Endpoint{Name: "delete_user_skill", Kind: KindNoContent, Method: "DELETE", Path: "/api/v1/user-skills/{user_skill_id}",
			Args: []Param{id("user_skill_id")}, Doc: "Removes a Toloker's skill value."},
		Endpoint{Name: "get_user", Kind: KindSingle, Method: "GET", Path: "/api/v1/user-metadata/{user_id}", Args: []Param{id("user_id")},
			Result: "User", Doc: "Gets a Toloker's metadata."},
		Endpoint{Name: "get_requester", Kind: KindSingle, Method: "GET", Path: "/api/v1/requester",
			Result: "Requester", Doc: "Gets your account: id, balance, public name."},
	)

	// Message threads.
	folders := Param{Name: "folders", In: InBody, Type: "string[]", Required: true, Doc: "INBOX, OUTBOX, AUTOMATIC_NOTIFICATION, IMPORTANT, UNREAD"}
	add(
		Endpoint{Name: "compose_message_thread", Kind: KindSingle, Method: "POST", Path: "/api/v1/message-threads/compose",
			Args: []Param{body("compose", "MessageThreadCompose")}, Result: "MessageThread", Doc: "Sends a message to Tolokers."},
		Endpoint{Name: "reply_message_thread", Kind: KindSingle, Method: "POST", Path: "/api/v1/message-threads/{message_thread_id}/reply",
			Args: []Param{id("message_thread_id"), body("reply", "MessageThreadReply")}, Result: "MessageThread", Doc: "Replies in a thread."},
		Endpoint{Name: "add_message_thread_to_folders", Kind: KindSingle, Method: "POST", Path: "/api/v1/message-threads/{message_thread_id}/add-to-folders",
			Args: []Param{id("message_thread_id"), folders}, Result: "MessageThread", Doc: "Adds a thread to folders."},
		Endpoint{Name: "remove_message_thread_from_folders", Kind: KindSingle, Method: "POST", Path: "/api/v1/message-threads/{message_thread_id}/remove-from-folders",
			Args: []Param{id("message_thread_id"), folders}, Result: "MessageThread", Doc: "Removes a thread from folders."},
	)

	// Webhooks.
	add(
		Endpoint{Name: "upsert_webhook_subscriptions", Kind: KindSingle, Method: "PUT", Path: "/api/v1/webhook-subscriptions",
			Args: []Param{body("subscriptions", "WebhookSubscription[]")}, Result: "WebhookSubscriptionBatchCreateResult",
			Doc: "Creates or updates webhook subscriptions."},
		Endpoint{Name: "get_webhook_subscription", Kind: KindSingle, Method: "GET", Path: "/api/v1/webhook-subscriptions/{webhook_subscription_id}",
			Args: []Param{id("webhook_subscription_id")}, Result: "WebhookSubscription", Doc: "Gets a webhook subscription by id."},
		Endpoint{Name: "delete_webhook_subscription", Kind: KindNoContent, Method: "DELETE", Path: "/api/v1/webhook-subscriptions/{webhook_subscription_id}",
			Args: []Param{id("webhook_subscription_id")}, Doc: "Deletes a webhook subscription."},
	)

	// Apps.
	ap := id("app_project_id")
	batch := []Param{ap, id("batch_id")}
	add(
		Endpoint{Name: "create_app_project", Kind: KindSingle, Method: "POST", Path: "/api/app/v0/app-projects",
			Args: []Param{body("app_project", "AppProject")}, Result: "AppProject", Doc: "Creates an App project."},
		Endpoint{Name: "get_app_project", Kind: KindSingle, Method: "GET", Path: "/api/app/v0/app-projects/{app_project_id}",
			Args: []Param{ap}, Result: "AppProject", Doc: "Gets an App project by id."},
		Endpoint{Name: "archive_app_project", Kind: KindComposite, Method: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/archive",
			Args: []Param{ap}, Result: "AppProject", Doc: "Archives an App project."},
		Endpoint{Name: "unarchive_app_project", Kind: KindComposite, Method: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/unarchive",
			Args: []Param{ap}, Result: "AppProject", Doc: "Brings an App project back from the archive."},
		Endpoint{Name: "get_app", Kind: KindSingle, Method: "GET", Path: "/api/app/v0/apps/{app_id}", Args: []Param{id("app_id")},
			Options: []Param{query("lang", "string", "language of the texts")}, Result: "App", Doc: "Gets an App by id."},
		Endpoint{Name: "create_app_item", Kind: KindSingle, Method: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/items",
			Args: []Param{ap, body("app_item", "AppItem")}, Options: []Param{{Name: "force_new_original", In: InBody, Type: "boolean"}},
			Result: "AppItem", Doc: "Adds one item to an App project."},
		Endpoint{Name: "create_app_items", Kind: KindSingle, Method: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/items/bulk",
			Args: []Param{ap, body("request", "AppItemsCreateRequest")}, Result: "string[]", Doc: "Adds items to an App project; returns their ids."},
		Endpoint{Name: "get_app_item", Kind: KindSingle, Method: "GET", Path: "/api/app/v0/app-projects/{app_project_id}/items/{app_item_id}",
			Args: []Param{ap, id("app_item_id")}, Result: "AppItem", Doc: "Gets an App item by id."},
		Endpoint{Name: "create_app_batch", Kind: KindSingle, Method: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/batches",
			Args: []Param{ap, body("request", "AppBatchCreateRequest")}, Result: "AppBatch", Doc: "Creates a batch of App items."},
		Endpoint{Name: "get_app_batch", Kind: KindSingle, Method: "GET", Path: "/api/app/v0/app-projects/{app_project_id}/batches/{batch_id}",
			Args: batch, Result: "AppBatch", Doc: "Gets an App batch by id."},
		Endpoint{Name: "patch_app_batch", Kind: KindSingle, Method: "PATCH", Path: "/api/app/v0/app-projects/{app_project_id}/batches/{batch_id}",
			Args: append(append([]Param(nil), batch...), body("patch", "AppBatchPatch")), Result: "AppBatch", Doc: "Renames or reprioritises an App batch."},
		Endpoint{Name: "start_sync_batch_processing", Kind: KindSingle, Method: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/batches/sync",
			Args: []Param{ap, body("request", "SyncBatchCreateRequest")}, Result: "AppBatch", Doc: "Creates and processes a batch synchronously (synchronous Apps only)."},
	)
	for _, s := range []struct{ name, verb, doc string }{
		{"archive_app_batch", "archive", "Archives an App batch (not while processing)."},
		{"unarchive_app_batch", "unarchive", "Brings an App batch back from the archive."},
		{"start_app_batch", "start", "Starts annotating an App batch."},
		{"stop_app_batch", "stop", "Stops a processing App batch."},
		{"resume_app_batch", "resume", "Resumes a stopped App batch."},
	} {
		add(Endpoint{Name: s.name, Kind: KindNoContent, Method: "POST",
			Path: "/api/app/v0/app-projects/{app_project_id}/batches/{batch_id}/" + s.verb, Args: batch, Doc: s.doc})
	}

	sort.Slice(t, func(i, j int) bool { return t[i].Name < t[j].Name })
	return t
}
