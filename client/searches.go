package client

import (
	"strconv"
	"strings"
)

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
		def = ", default " + strconv.Itoa(s.def)
	}
	find := Endpoint{
		Name: "find_" + s.plural, Kind: KindFind, Verb: "GET", Path: s.path, Args: s.args,
		Options: append(s.filters(),
			query("sort", "string[]", "sort keys, - for descending: "+strings.Join(s.sorts, ", ")),
			query("limit", "integer", "page size, at most "+strconv.Itoa(s.max)+def)),
		Result: "Page<" + s.model + ">", ItemsKey: items, Sort: s.sorts,
		Doc: "Finds " + strings.ReplaceAll(s.plural, "_", " ") + " matching the filters: one page, with has_more.",
	}
	get := Endpoint{
		Name: "get_" + s.plural, Kind: KindIterator, Verb: "GET", Path: s.path, Args: s.args,
		Options: append(s.filters(), Param{Name: "batch_size", In: InLocal, Type: "integer", Doc: "items per page request"}),
		Result:  s.model + "[]", ItemsKey: items, Cursor: cursor, Find: find.Name,
		Doc: "Iterates over all " + strings.ReplaceAll(s.plural, "_", " ") + " matching the filters, fetching pages lazily.",
	}
	return []Endpoint{find, get}
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
			query("scope", "string", "MY, COMPANY or REQUESTER_LIST"),
			{Name: "requester_ids", In: InQuery, Type: "string[]", Repeated: true}},
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
