package client

import (
	"sort"
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
// never need it, and building it is a sizable share of a cold start. (A
// function, not a sync.OnceValue variable: the rows' Run functions call
// Lookup, and a variable's initializer may not lead back to itself.)
func table() []Endpoint {
	tableOnce.Do(func() { tableRows = buildTable() })
	return tableRows
}

var (
	tableOnce sync.Once
	tableRows []Endpoint
)

func id(name string) Param { return Param{Name: name, In: InPath, Type: "string", Required: true} }
func body(name, typ string) Param {
	return Param{Name: name, In: InBody, Type: typ, Required: true}
}
func query(name, typ, doc string) Param { return Param{Name: name, In: InQuery, Type: typ, Doc: doc} }

// enumQuery is a query option whose values are those of a schema enum.
func enumQuery(name, typ, doc, enum string) Param {
	return Param{Name: name, In: InQuery, Type: typ, Doc: doc, Enum: enum}
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

// stateChange makes the sync and async rows of a pool, training or project
// state change: the sync one runs the async one's request, waits for its
// operation and reads the result back.
func stateChange(name, kind, path, model, doc string, readBack ReadBack, resend Resend) []Endpoint {
	idp := id(kind + "_id")
	return []Endpoint{
		{Name: name, Kind: KindSync, Verb: "POST", Path: path, Args: []Param{idp}, Options: []Param{timeoutOpt},
			Result: model, Async: name + "_async", ReadBack: &readBack, Resend: resend, Run: runner("", runStateChange),
			Doc: doc + "; waits for the operation and returns the " + kind + "."},
		{Name: name + "_async", Kind: KindAsync, Verb: "POST", Path: path, Args: []Param{idp}, Resend: resend,
			Result: "Operation", Doc: doc + "; returns the operation (null when already done)."},
	}
}

// creates describes the three rows of an idempotent create (see
// Creation): create_task, create_tasks and create_tasks_async, say.
type creates struct {
	one, many   string // the argument's name for one object and for a list: task, tasks
	model, path string
	op          string // the operation type: TASK.BATCH_CREATE
	pooled      bool   // the objects belong to pools: pool options, and a list is read back pool by pool
	// For the docs: "Creates one task", "Creates tasks", "Starts creating tasks".
	does, doing, a, some string
}

func (c creates) rows() []Endpoint {
	row := func(name string, kind Kind, arg Param, result string, cr Creation, run *Runner, doc string) Endpoint {
		e := Endpoint{Name: name, Kind: kind, Verb: "POST", Path: c.path, Args: []Param{arg}, Options: createParams(arg.Type != c.model, c.pooled),
			Result: result, Create: &cr, Resend: ResendAlways, Run: run, Doc: doc}
		if kind == KindSync {
			e.Options = append(e.Options, timeoutOpt)
		}
		return e
	}
	idField := c.one + "_id"
	return []Endpoint{
		row("create_"+c.one, KindSync, body(c.one, c.model), c.model,
			Creation{Operation: c.op, IDField: idField, ReadBack: "get_" + c.one}, runner("", createSync),
			c.does+" "+c.a+" (idempotent by operation_id)."),
		row("create_"+c.many, KindSync, body(c.many, c.model+"[]"), c.model+"BatchCreateResult",
			Creation{Operation: c.op, IDField: idField, ReadBack: "get_" + c.many, ByPool: c.pooled},
			runner("sends a list longer than the client's batch size (WithUploadBatches) in batches, a few at once, each under an operation_id "+
				"derived from the call's, and keys the items and validation_errors of the result by the index in the whole list", createSync),
			c.does+" "+c.some+" (idempotent by operation_id): for each one given, what was made or why not, in the list's order."),
		row("create_"+c.many+"_async", KindAsync, body(c.many, c.model+"[]"), "Operation", Creation{Operation: c.op}, runner("", createAsync),
			"Starts "+c.doing+" "+c.some+"; returns the "+c.op+" operation."),
	}
}

func buildTable() []Endpoint {
	var t []Endpoint
	for _, s := range searches {
		t = append(t, s.rows()...)
	}
	add := func(e ...Endpoint) { t = append(t, e...) }
	getPool := ReadBack{Method: "get_pool", ID: "pool_id"}
	getTraining := ReadBack{Method: "get_training", ID: "training_id"}

	// Projects.
	add(
		Endpoint{Name: "create_project", Kind: KindSingle, Verb: "POST", Path: "/api/v1/projects", Args: []Param{body("project", "Project")},
			Result: "Project", Doc: "Creates a project."},
		Endpoint{Name: "get_project", Kind: KindSingle, Verb: "GET", Path: "/api/v1/projects/{project_id}", Args: []Param{id("project_id")},
			Result: "Project", Doc: "Gets a project by id."},
		Endpoint{Name: "update_project", Kind: KindSingle, Verb: "PUT", Path: "/api/v1/projects/{project_id}",
			Args: []Param{id("project_id"), body("project", "Project")}, Result: "Project", Doc: "Replaces a project with the given one."},
		Endpoint{Name: "check_update_project_for_major_version_change", Kind: KindSingle, Verb: "POST",
			Path: "/api/staging/projects/{project_id}/check", Args: []Param{id("project_id"), body("project", "Project")},
			Result: "string", Doc: "Tells whether updating the project is EQUAL, a NON_BREAKING_CHANGE or a BREAKING_CHANGE.",
			Run: runner("gives the answer's differenceLevel alone", checkProjectUpdate)},
		Endpoint{Name: "clone_project", Kind: KindComposite, Verb: "GET", Path: "/api/v1/projects/{project_id}",
			Args:    []Param{id("project_id")},
			Options: []Param{{Name: "reuse_controllers", In: InLocal, Type: "boolean", Doc: "share quality-control collectors with the original (default true)"}},
			Result:  "ProjectClone", Doc: "Copies a project with its trainings and pools (never tasks).",
			Run: runner("reads the project (get_project), creates its copy (create_project), then copies its trainings and its pools "+
				"(get_trainings, create_training, get_pools, create_pool), their quality control pointed at the copies; "+
				"a failure midway leaves a partial copy, which the error names", cloneProject)},
	)
	add(stateChange("archive_project", "project", "/api/v1/projects/{project_id}/archive", "Project", "Archives a project (all its pools must be archived)",
		ReadBack{Method: "get_project", ID: "parameters.project_id"}, ResendAlways)...)

	// Pools.
	add(
		Endpoint{Name: "create_pool", Kind: KindSingle, Verb: "POST", Path: "/api/v1/pools", Args: []Param{body("pool", "Pool")},
			Options: []Param{query("tier", "string", "storage tier (sent as storage_key)")}, Result: "Pool", Doc: "Creates a pool (closed).",
			Run: runner("refuses a pool of type TRAINING (create_training makes those); sends the tier option as storage_key", poolWrite)},
		Endpoint{Name: "get_pool", Kind: KindSingle, Verb: "GET", Path: "/api/v1/pools/{pool_id}", Args: []Param{id("pool_id")},
			Result: "Pool", Doc: "Gets a pool by id."},
		Endpoint{Name: "update_pool", Kind: KindSingle, Verb: "PUT", Path: "/api/v1/pools/{pool_id}",
			Args: []Param{id("pool_id"), body("pool", "Pool")}, Result: "Pool", Doc: "Replaces a pool with the given one.",
			Run: runner("refuses a pool of type TRAINING (create_training makes those); sends the tier option as storage_key", poolWrite)},
		Endpoint{Name: "patch_pool", Kind: KindSingle, Verb: "PATCH", Path: "/api/v1/pools/{pool_id}",
			Args: []Param{id("pool_id"), body("request", "PoolPatchRequest")}, Result: "Pool", Doc: "Changes a pool's priority."},
	)
	add(withBudgetGuard(stateChange("open_pool", "pool", "/api/v1/pools/{pool_id}/open", "Pool", "Opens a pool", getPool, ResendAlways))...)
	add(stateChange("close_pool", "pool", "/api/v1/pools/{pool_id}/close", "Pool", "Closes a pool", getPool, ResendAlways)...)
	add(stateChange("close_pool_for_update", "pool", "/api/v1/pools/{pool_id}/close-for-update", "Pool", "Closes a pool to change it", getPool, ResendAlways)...)
	add(stateChange("archive_pool", "pool", "/api/v1/pools/{pool_id}/archive", "Pool", "Archives a closed pool", getPool, ResendAlways)...)
	add(stateChange("clone_pool", "pool", "/api/v1/pools/{pool_id}/clone", "Pool", "Copies a pool without its tasks",
		ReadBack{Method: "get_pool", ID: "details.pool_id"}, ResendByVerb)...)

	// Trainings.
	add(
		Endpoint{Name: "create_training", Kind: KindSingle, Verb: "POST", Path: "/api/v1/trainings", Args: []Param{body("training", "Training")},
			Result: "Training", Doc: "Creates a training."},
		Endpoint{Name: "get_training", Kind: KindSingle, Verb: "GET", Path: "/api/v1/trainings/{training_id}", Args: []Param{id("training_id")},
			Result: "Training", Doc: "Gets a training by id."},
		Endpoint{Name: "update_training", Kind: KindSingle, Verb: "PUT", Path: "/api/v1/trainings/{training_id}",
			Args: []Param{id("training_id"), body("training", "Training")}, Result: "Training", Doc: "Replaces a training with the given one."},
	)
	add(stateChange("open_training", "training", "/api/v1/trainings/{training_id}/open", "Training", "Opens a training", getTraining, ResendAlways)...)
	add(stateChange("close_training", "training", "/api/v1/trainings/{training_id}/close", "Training", "Closes a training", getTraining, ResendAlways)...)
	add(stateChange("archive_training", "training", "/api/v1/trainings/{training_id}/archive", "Training", "Archives a closed training", getTraining, ResendAlways)...)
	add(stateChange("clone_training", "training", "/api/v1/trainings/{training_id}/clone", "Training", "Copies a training without its tasks",
		ReadBack{Method: "get_training", ID: "details.training_id"}, ResendByVerb)...)

	// Skills.
	add(
		Endpoint{Name: "create_skill", Kind: KindSingle, Verb: "POST", Path: "/api/v1/skills", Args: []Param{body("skill", "Skill")},
			Result: "Skill", Doc: "Creates a skill."},
		Endpoint{Name: "get_skill", Kind: KindSingle, Verb: "GET", Path: "/api/v1/skills/{skill_id}", Args: []Param{id("skill_id")},
			Result: "Skill", Doc: "Gets a skill by id."},
		Endpoint{Name: "update_skill", Kind: KindSingle, Verb: "PUT", Path: "/api/v1/skills/{skill_id}",
			Args: []Param{id("skill_id"), body("skill", "Skill")}, Result: "Skill", Doc: "Replaces a skill with the given one."},
	)

	// Tasks and task suites.
	add(creates{one: "task", many: "tasks", model: "Task", path: "/api/v1/tasks", op: "TASK.BATCH_CREATE", pooled: true,
		does: "Creates", doing: "creating", a: "one task", some: "tasks"}.rows()...)
	add(creates{one: "task_suite", many: "task_suites", model: "TaskSuite", path: "/api/v1/task-suites", op: "TASK_SUITE.BATCH_CREATE", pooled: true,
		does: "Creates", doing: "creating", a: "one task suite", some: "task suites"}.rows()...)
	add(
		Endpoint{Name: "get_task", Kind: KindSingle, Verb: "GET", Path: "/api/v1/tasks/{task_id}", Args: []Param{id("task_id")},
			Result: "Task", Doc: "Gets a task by id."},
		Endpoint{Name: "patch_task", Kind: KindSingle, Verb: "PATCH", Path: "/api/v1/tasks/{task_id}",
			Args: []Param{id("task_id"), body("patch", "TaskPatch")}, Result: "Task", Doc: "Changes a task's overlap or solutions."},
		Endpoint{Name: "patch_task_overlap_or_min", Kind: KindSingle, Verb: "PATCH", Path: "/api/v1/tasks/{task_id}/set-overlap-or-min",
			Args: []Param{id("task_id"), body("patch", "TaskOverlapPatch")}, Result: "Task",
			Doc: "Sets a task's overlap, or the least value still allowed."},
		Endpoint{Name: "get_task_suite", Kind: KindSingle, Verb: "GET", Path: "/api/v1/task-suites/{task_suite_id}", Args: []Param{id("task_suite_id")},
			Result: "TaskSuite", Doc: "Gets a task suite by id."},
		Endpoint{Name: "patch_task_suite", Kind: KindSingle, Verb: "PATCH", Path: "/api/v1/task-suites/{task_suite_id}",
			Args: []Param{id("task_suite_id"), body("patch", "TaskSuitePatch")}, Result: "TaskSuite",
			Doc: "Changes a task suite's overlap or issuing order.",
			Run: runner("sends the patch's open_pool in the query, not the body", patchTaskSuite)},
		Endpoint{Name: "patch_task_suite_overlap_or_min", Kind: KindSingle, Verb: "PATCH", Path: "/api/v1/task-suites/{task_suite_id}/set-overlap-or-min",
			Args: []Param{id("task_suite_id"), body("patch", "TaskSuiteOverlapPatch")}, Result: "TaskSuite",
			Doc: "Sets a task suite's overlap, or the least value still allowed."},
	)

	// Assignments and attachments.
	add(
		Endpoint{Name: "get_assignment", Kind: KindSingle, Verb: "GET", Path: "/api/v1/assignments/{assignment_id}", Args: []Param{id("assignment_id")},
			Result: "Assignment", Doc: "Gets an assignment by id."},
		Endpoint{Name: "patch_assignment", Kind: KindSingle, Verb: "PATCH", Path: "/api/v1/assignments/{assignment_id}",
			Args: []Param{id("assignment_id"), body("patch", "AssignmentPatch")}, Result: "Assignment", Doc: "Accepts or rejects an assignment.",
			Resend: ResendNever},
		Endpoint{Name: "accept_assignment", Kind: KindComposite, Verb: "PATCH", Path: "/api/v1/assignments/{assignment_id}",
			Args:   []Param{id("assignment_id"), {Name: "public_comment", In: InBody, Type: "string", Doc: "shown to the Toloker"}},
			Result: "Assignment", Doc: "Accepts a submitted assignment.", Resend: ResendNever, Run: setStatus("ACCEPTED")},
		Endpoint{Name: "reject_assignment", Kind: KindComposite, Verb: "PATCH", Path: "/api/v1/assignments/{assignment_id}",
			Args:   []Param{id("assignment_id"), {Name: "public_comment", In: InBody, Type: "string", Required: true, Doc: "why, shown to the Toloker"}},
			Result: "Assignment", Doc: "Rejects a submitted assignment.", Resend: ResendNever, Run: setStatus("REJECTED")},
		Endpoint{Name: "get_assignments_df", GoName: "AssignmentsTSV", Kind: KindTSV, Verb: "GET", Path: "/api/new/requester/pools/{pool_id}/assignments.tsv",
			Args: []Param{id("pool_id")},
			Options: []Param{enumQuery("status", "string[]", "ACTIVE, SUBMITTED, APPROVED, REJECTED, SKIPPED, EXPIRED (default APPROVED)", "GetAssignmentsTsvParameters.Status"),
				query("start_time_from", "datetime", "only assignments started after"), query("start_time_to", "datetime", "only assignments started before"),
				query("exclude_banned", "boolean", "leave out banned Tolokers"), enumQuery("field", "string[]", "ASSIGNMENT: columns wanted", "GetAssignmentsTsvParameters.Field"),
				{Name: "out", In: InLocal, Type: "string", Doc: "scripts: a file to write the export to instead of returning a DataFrame, in flat memory; " +
					"CSV or TSV by its name (.csv, .tsv, then .gz or .zst), cells as the DataFrame's toCSV writes them; returns the path"}},
			Result: "DataFrame", Doc: "Downloads the pool's assignments export (TSV) as a table: APPROVED ones only, unless options.status names others.",
			Run: runner("streams the export; asks for status APPROVED and toloka-kit's columns unless told otherwise, "+
				"the options under the server's names (startTimeFrom, startTimeTo, excludeBanned)", assignmentsExport)},
		Endpoint{Name: "get_attachment", Kind: KindSingle, Verb: "GET", Path: "/api/v1/attachments/{attachment_id}", Args: []Param{id("attachment_id")},
			Result: "Attachment", Doc: "Gets an attachment's metadata."},
		Endpoint{Name: "download_attachment", Kind: KindBytes, Verb: "GET", Path: "/api/v1/attachments/{attachment_id}/download",
			Args:   []Param{id("attachment_id"), {Name: "out", In: InLocal, Type: "string", Doc: "file path to write; bytes are returned when absent"}},
			Result: "bytes", Doc: "Downloads an attachment's content.",
			Run: runner("streams the content to out, or hands it back; a failure is retried only until the first byte arrives", downloadAttachment)},
	)

	// Aggregation and analytics.
	add(
		Endpoint{Name: "aggregate_solutions_by_pool", Kind: KindAsync, Verb: "POST", Path: "/api/v1/aggregated-solutions/aggregate-by-pool",
			Args: []Param{body("request", "PoolAggregatedSolutionRequest")}, Result: "Operation",
			Doc: "Starts aggregating a pool's answers; results through get_aggregated_solutions(operation id)."},
		Endpoint{Name: "aggregate_solutions_by_task", Kind: KindSingle, Verb: "POST", Path: "/api/v1/aggregated-solutions/aggregate-by-task",
			Args: []Param{body("request", "TaskAggregatedSolutionRequest")}, Result: "AggregatedSolution", Doc: "Aggregates one task's answers."},
		Endpoint{Name: "get_analytics", Kind: KindAsync, Verb: "POST", Path: "/api/staging/analytics-2",
			Args: []Param{body("stats", "AnalyticsRequest[]")}, Result: "Operation", Doc: "Starts computing pool metrics (at most 10)."},
	)

	// Operations.
	add(
		Endpoint{Name: "get_operation", Kind: KindSingle, Verb: "GET", Path: "/api/v1/operations/{operation_id}", Args: []Param{id("operation_id")},
			Result: "Operation", Doc: "Gets an operation by id.", HandWritten: true},
		Endpoint{Name: "get_operation_log", Kind: KindSingle, Verb: "GET", Path: "/api/v1/operations/{operation_id}/log", Args: []Param{id("operation_id")},
			Result: "OperationLogItem[]", Doc: "Gets the log of a task, task suite or bonus creation.", HandWritten: true},
		Endpoint{Name: "wait_operation", Kind: KindPoll, Verb: "GET", Path: "/api/v1/operations/{operation_id}",
			Args:    []Param{{Name: "op", In: InPath, Type: "Operation", Required: true, Doc: "the operation or its id"}},
			Options: []Param{timeoutOpt}, Result: "Operation", Doc: "Waits until an operation ends (SUCCESS or FAIL).", HandWritten: true,
			Run: runner("polls get_operation: soon at first, then less often, up to the client's poll interval; "+
				"a poll that fails is tried again until the timeout (default 10m)", runWaitOperation)},
	)

	// Bonuses, restrictions, user skills, users, requester.
	add(creates{one: "user_bonus", many: "user_bonuses", model: "UserBonus", path: "/api/v1/user-bonuses", op: "USER_BONUS.BATCH_CREATE",
		does: "Pays", doing: "paying", a: "a bonus", some: "bonuses"}.rows()...)
	add(
		Endpoint{Name: "get_user_bonus", Kind: KindSingle, Verb: "GET", Path: "/api/v1/user-bonuses/{user_bonus_id}", Args: []Param{id("user_bonus_id")},
			Result: "UserBonus", Doc: "Gets a bonus by id."},
		Endpoint{Name: "get_user_restriction", Kind: KindSingle, Verb: "GET", Path: "/api/v1/user-restrictions/{user_restriction_id}",
			Args: []Param{id("user_restriction_id")}, Result: "UserRestriction", Doc: "Gets a restriction by id."},
		Endpoint{Name: "set_user_restriction", Kind: KindSingle, Verb: "PUT", Path: "/api/v1/user-restrictions",
			Args: []Param{body("user_restriction", "UserRestriction")}, Result: "UserRestriction", Doc: "Restricts a Toloker's access."},
		Endpoint{Name: "delete_user_restriction", Kind: KindNoContent, Verb: "DELETE", Path: "/api/v1/user-restrictions/{user_restriction_id}",
			Args: []Param{id("user_restriction_id")}, Doc: "Lifts a restriction."},
		Endpoint{Name: "get_user_skill", Kind: KindSingle, Verb: "GET", Path: "/api/v1/user-skills/{user_skill_id}", Args: []Param{id("user_skill_id")},
			Result: "UserSkill", Doc: "Gets a Toloker's skill value by id."},
		Endpoint{Name: "set_user_skill", Kind: KindSingle, Verb: "PUT", Path: "/api/v1/user-skills",
			Args: []Param{body("request", "SetUserSkillRequest")}, Result: "UserSkill", Doc: "Sets a Toloker's skill value."},
		Endpoint{Name: "delete_user_skill", Kind: KindNoContent, Verb: "DELETE", Path: "/api/v1/user-skills/{user_skill_id}",
			Args: []Param{id("user_skill_id")}, Doc: "Removes a Toloker's skill value."},
		Endpoint{Name: "get_user", Kind: KindSingle, Verb: "GET", Path: "/api/v1/user-metadata/{user_id}", Args: []Param{id("user_id")},
			Result: "User", Doc: "Gets a Toloker's metadata."},
		Endpoint{Name: "get_requester", Kind: KindSingle, Verb: "GET", Path: "/api/v1/requester",
			Result: "Requester", Doc: "Gets your account: id, balance, public name."},
	)

	// Message threads.
	folders := Param{Name: "folders", In: InBody, Type: "string[]", Required: true, Doc: "INBOX, OUTBOX, AUTOMATIC_NOTIFICATION, IMPORTANT, UNREAD"}
	inFolders := runner("takes a list of folders, one folder, or {folders: [...]}; sends {folders: [...]}", setFolders)
	add(
		Endpoint{Name: "compose_message_thread", Kind: KindSingle, Verb: "POST", Path: "/api/v1/message-threads/compose",
			Args: []Param{body("compose", "MessageThreadCompose")}, Result: "MessageThread", Doc: "Sends a message to Tolokers.",
			Run: runner("sends a recipients_filter of one condition as {and: [condition]}, as toloka-kit does", composeMessageThread)},
		Endpoint{Name: "reply_message_thread", Kind: KindSingle, Verb: "POST", Path: "/api/v1/message-threads/{message_thread_id}/reply",
			Args: []Param{id("message_thread_id"), body("reply", "MessageThreadReply")}, Result: "MessageThread", Doc: "Replies in a thread."},
		Endpoint{Name: "add_message_thread_to_folders", Kind: KindSingle, Verb: "POST", Path: "/api/v1/message-threads/{message_thread_id}/add-to-folders",
			Args: []Param{id("message_thread_id"), folders}, Result: "MessageThread", Doc: "Adds a thread to folders.", Run: inFolders},
		Endpoint{Name: "remove_message_thread_from_folders", Kind: KindSingle, Verb: "POST", Path: "/api/v1/message-threads/{message_thread_id}/remove-from-folders",
			Args: []Param{id("message_thread_id"), folders}, Result: "MessageThread", Doc: "Removes a thread from folders.", Run: inFolders},
	)

	// Webhooks.
	add(
		Endpoint{Name: "upsert_webhook_subscriptions", Kind: KindSingle, Verb: "PUT", Path: "/api/v1/webhook-subscriptions",
			Args: []Param{body("subscriptions", "WebhookSubscription[]")}, Result: "WebhookSubscriptionBatchCreateResult",
			Doc: "Creates or updates webhook subscriptions."},
		Endpoint{Name: "get_webhook_subscription", Kind: KindSingle, Verb: "GET", Path: "/api/v1/webhook-subscriptions/{webhook_subscription_id}",
			Args: []Param{id("webhook_subscription_id")}, Result: "WebhookSubscription", Doc: "Gets a webhook subscription by id."},
		Endpoint{Name: "delete_webhook_subscription", Kind: KindNoContent, Verb: "DELETE", Path: "/api/v1/webhook-subscriptions/{webhook_subscription_id}",
			Args: []Param{id("webhook_subscription_id")}, Doc: "Deletes a webhook subscription."},
	)

	// Apps.
	ap := id("app_project_id")
	batch := []Param{ap, id("batch_id")}
	getAppProject := &ReadBack{Method: "get_app_project", ID: "app_project_id"}
	thenRead := runner("", sendThenReadBack)
	add(
		Endpoint{Name: "create_app_project", Kind: KindSingle, Verb: "POST", Path: "/api/app/v0/app-projects",
			Args: []Param{body("app_project", "AppProject")}, Result: "AppProject", Doc: "Creates an App project."},
		Endpoint{Name: "get_app_project", Kind: KindSingle, Verb: "GET", Path: "/api/app/v0/app-projects/{app_project_id}",
			Args: []Param{ap}, Result: "AppProject", Doc: "Gets an App project by id."},
		Endpoint{Name: "archive_app_project", Kind: KindComposite, Verb: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/archive",
			Args: []Param{ap}, Result: "AppProject", Doc: "Archives an App project.", Resend: ResendAlways, ReadBack: getAppProject, Run: thenRead},
		Endpoint{Name: "unarchive_app_project", Kind: KindComposite, Verb: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/unarchive",
			Args: []Param{ap}, Result: "AppProject", Doc: "Brings an App project back from the archive.", Resend: ResendAlways, ReadBack: getAppProject, Run: thenRead},
		Endpoint{Name: "get_app", Kind: KindSingle, Verb: "GET", Path: "/api/app/v0/apps/{app_id}", Args: []Param{id("app_id")},
			Options: []Param{query("lang", "string", "language of the texts")}, Result: "App", Doc: "Gets an App by id.",
			Run: runner("sends lang, empty when not given, as toloka-kit does", getApp)},
		Endpoint{Name: "create_app_item", Kind: KindSingle, Verb: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/items",
			Args: []Param{ap, body("app_item", "AppItem")}, Options: []Param{{Name: "force_new_original", In: InBody, Type: "boolean"}},
			Result: "AppItem", Doc: "Adds one item to an App project.",
			Run: runner("sends only the item's batch_id and input_data, and force_new_original", createAppItem)},
		Endpoint{Name: "create_app_items", Kind: KindSingle, Verb: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/items/bulk",
			Args: []Param{ap, body("request", "AppItemsCreateRequest")}, Result: "string[]", Doc: "Adds items to an App project; returns their ids."},
		Endpoint{Name: "get_app_item", Kind: KindSingle, Verb: "GET", Path: "/api/app/v0/app-projects/{app_project_id}/items/{app_item_id}",
			Args: []Param{ap, id("app_item_id")}, Result: "AppItem", Doc: "Gets an App item by id."},
		Endpoint{Name: "create_app_batch", Kind: KindSingle, Verb: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/batches",
			Args: []Param{ap, body("request", "AppBatchCreateRequest")}, Result: "AppBatch", Doc: "Creates a batch of App items."},
		Endpoint{Name: "get_app_batch", Kind: KindSingle, Verb: "GET", Path: "/api/app/v0/app-projects/{app_project_id}/batches/{batch_id}",
			Args: batch, Result: "AppBatch", Doc: "Gets an App batch by id."},
		Endpoint{Name: "patch_app_batch", Kind: KindSingle, Verb: "PATCH", Path: "/api/app/v0/app-projects/{app_project_id}/batches/{batch_id}",
			Args: append(append([]Param(nil), batch...), body("patch", "AppBatchPatch")), Result: "AppBatch", Doc: "Renames or reprioritises an App batch."},
		Endpoint{Name: "start_sync_batch_processing", Kind: KindSingle, Verb: "POST", Path: "/api/app/v0/app-projects/{app_project_id}/batches/sync",
			Args: []Param{ap, body("request", "SyncBatchCreateRequest")}, Result: "AppBatch", Doc: "Creates and processes a batch synchronously (synchronous Apps only)."},
	)
	for _, s := range []struct{ name, action, doc string }{
		{"archive_app_batch", "archive", "Archives an App batch (not while processing)."},
		{"unarchive_app_batch", "unarchive", "Brings an App batch back from the archive."},
		{"start_app_batch", "start", "Starts annotating an App batch."},
		{"stop_app_batch", "stop", "Stops a processing App batch."},
		{"resume_app_batch", "resume", "Resumes a stopped App batch."},
	} {
		add(Endpoint{Name: s.name, Kind: KindNoContent, Verb: "POST", Resend: ResendAlways,
			Path: "/api/app/v0/app-projects/{app_project_id}/batches/{batch_id}/" + s.action, Args: batch, Doc: s.doc})
	}

	sort.Slice(t, func(i, j int) bool { return t[i].Name < t[j].Name })
	return t
}
