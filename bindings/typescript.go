package bindings

import (
	"reflect"
	"sort"
	"strings"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/decl"
)

// models maps the table's model names to the client's Go types, whose JSON
// tags give the TypeScript interfaces their fields.
var models = map[string]any{
	"Project": client.Project{}, "Pool": client.Pool{}, "Training": client.Training{}, "Skill": client.Skill{},
	"Task": client.Task{}, "TaskSuite": client.TaskSuite{}, "Assignment": client.Assignment{}, "Attachment": client.Attachment{},
	"AggregatedSolution": client.AggregatedSolution{}, "UserBonus": client.UserBonus{}, "UserRestriction": client.UserRestriction{},
	"UserSkill": client.UserSkill{}, "User": client.User{}, "Requester": client.Requester{}, "MessageThread": client.MessageThread{},
	"WebhookSubscription": client.WebhookSubscription{}, "App": client.App{}, "AppProject": client.AppProject{},
	"AppItem": client.AppItem{}, "AppBatch": client.AppBatch{}, "PoolPatchRequest": client.PoolPatchRequest{},
	"TaskPatch": client.TaskPatch{}, "TaskOverlapPatch": client.TaskOverlapPatch{}, "TaskSuiteOverlapPatch": client.TaskOverlapPatch{},
	"TaskSuitePatch": client.TaskSuitePatch{}, "AssignmentPatch": client.AssignmentPatch{},
	"PoolAggregatedSolutionRequest": client.PoolAggregatedSolutionRequest{}, "TaskAggregatedSolutionRequest": client.TaskAggregatedSolutionRequest{},
	"AnalyticsRequest": client.AnalyticsRequest{}, "SetUserSkillRequest": client.SetUserSkillRequest{},
	"MessageThreadCompose": client.MessageThreadCompose{}, "MessageThreadReply": client.MessageThreadReply{},
	"AppItemsCreateRequest": client.AppItemsCreateRequest{}, "AppBatchCreateRequest": client.AppBatchCreateRequest{},
	"SyncBatchCreateRequest": client.SyncBatchCreateRequest{}, "AppBatchPatch": client.AppBatchPatch{},
	"OperationLogItem": client.OperationLogItem{},
}

// present lists the fields the server always sends in a model it returns,
// so a result's pool.id or task.pool_id is a string, not string | undefined,
// and can be passed on. Everything else may be absent. What a script sends
// (Partial<Pool>) has no required fields: the server says what is missing.
var present = map[string][]string{
	"Project": {"id", "status"}, "Pool": {"id", "project_id", "status"}, "Training": {"id", "project_id", "status"},
	"Skill": {"id"}, "Task": {"id", "pool_id", "input_values"}, "TaskSuite": {"id", "pool_id", "tasks"},
	"Assignment": {"id", "pool_id", "task_suite_id", "user_id", "status", "tasks"}, "Attachment": {"id", "name"},
	"AggregatedSolution": {"task_id", "output_values"}, "UserBonus": {"id", "user_id"}, "UserRestriction": {"id", "user_id", "scope"},
	"UserSkill": {"id", "skill_id", "user_id", "value"}, "User": {"id"}, "Requester": {"id"}, "MessageThread": {"id"},
	"WebhookSubscription": {"id", "event_type", "pool_id"}, "App": {"id", "name"}, "AppProject": {"id", "app_id", "status"},
	"AppItem": {"id", "status"}, "AppBatch": {"id", "status"},
}

// Declarations describe what bindings add to the script environment, for
// TypeScript, help() and completion: the toloka client generated from the
// endpoint table, the models from the client's types, lazy iterators,
// operations and the error classes. A new generated part (model classes,
// say) is one more section in this list.
func Declarations() []decl.Section {
	return append([]decl.Section{
		{Name: "lazy iterators, operations and errors", Raw: preludeTS, Types: preludeTypes()},
		{Name: "the server's models", Types: modelTypes()},
		{Name: "the toloka client", Types: clientTypes()},
		{Name: "the model classes", Raw: modelDeclarations()},
	}, workflowSections()...) // workflows_typescript.go
}

// preludeTS is what the model does not say: generic helpers the methods use.
const preludeTS = `interface Page<T> { items: T[]; has_more: boolean; }
interface AppPage<T> { content: T[]; has_more: boolean; }
interface BatchCreateResult<T> {
  items: Record<string, T>;
  validation_errors?: Record<string, Record<string, { code: string; message: string; params?: any[] }>>;
}
type TaskBatchCreateResult = BatchCreateResult<Task>;
type TaskSuiteBatchCreateResult = BatchCreateResult<TaskSuite>;
type UserBonusBatchCreateResult = BatchCreateResult<UserBonus>;
type WebhookSubscriptionBatchCreateResult = BatchCreateResult<WebhookSubscription>;
interface ProjectClone { project: Project; pools: Pool[]; trainings: Training[]; }
interface ClientOptions {
  token?: string; env?: 'production' | 'sandbox'; url?: string; retries?: number; timeout?: string | number;
  act_under_account_id?: string;
}
`

func method(name, ret, doc string, params ...decl.Param) decl.Member {
	return decl.Member{Name: name, Params: params, Returns: ret, Doc: doc}
}

func preludeTypes() []decl.Type {
	fn := func(sig string) decl.Param { return decl.Param{Name: "fn", Type: sig} }
	types := []decl.Type{
		{Name: "LazyIterator", Kind: decl.Class, Generic: "<T>", Implements: "IterableIterator<T>", Global: "LazyIterator",
			Doc: "A list the server sends page by page (toloka.getTasks(…)): pages are fetched only as items are read, so memory stays flat.\nUse it in for…of, or take(n), map, filter, toArray(), first(), count(). The shell prints its first page; it shows more.",
			Members: []decl.Member{
				{Name: "[Symbol.iterator]", TS: "[Symbol.iterator](): LazyIterator<T>;", Hidden: true},
				method("next", "IteratorResult<T>", "The next item: {value, done}."),
				{Name: "return", Params: []decl.Param{{Name: "value", Type: "any", Optional: true}}, Returns: "IteratorResult<T>", Doc: "Stops iterating and lets go of the pages fetched ahead."},
				method("take", "LazyIterator<T>", "The first n items, lazily.", decl.Param{Name: "n", Type: "number"}),
				{Name: "map", Returns: "LazyIterator<U>", Doc: "Each item through fn, lazily.", Params: []decl.Param{fn("(item: T, index: number) => U")},
					TS: "map<U>(fn: (item: T, index: number) => U): LazyIterator<U>;"},
				method("filter", "LazyIterator<T>", "The items fn keeps, lazily.", fn("(item: T, index: number) => boolean")),
				method("forEach", "void", "Calls fn with every item.", fn("(item: T, index: number) => void")),
				method("toArray", "T[]", "Every item in an array (fetches every page)."),
				method("first", "T | undefined", "The first item, or undefined; fetches one page."),
				method("count", "number", "How many items there are (fetches every page)."),
				{Name: "from", Static: true, Returns: "LazyIterator<U>", Doc: "A lazy iterator over any iterable.",
					Params: []decl.Param{{Name: "iterable", Type: "Iterable<U>"}}, TS: "static from<U>(iterable: Iterable<U>): LazyIterator<U>;"},
			}},
		{Name: "Operation", Kind: decl.Interface,
			Doc: "An operation the server runs in the background (opening a pool, creating tasks): *Async methods return one.\nop.wait() blocks until it ends and returns it finished; a failed one throws OperationFailedError.",
			Members: []decl.Member{
				{Name: "id", Property: true, Returns: "string"},
				{Name: "type", Property: true, Returns: "string", Doc: "POOL.OPEN, TASK.BATCH_CREATE, …"},
				{Name: "status", Property: true, Returns: "'PENDING' | 'RUNNING' | 'SUCCESS' | 'FAIL'"},
				{Name: "submitted", Property: true, Optional: true, Returns: "string"},
				{Name: "started", Property: true, Optional: true, Returns: "string"},
				{Name: "finished", Property: true, Optional: true, Returns: "string"},
				{Name: "progress", Property: true, Optional: true, Returns: "number", Doc: "0 to 100"},
				{Name: "parameters", Property: true, Optional: true, Returns: "Record<string, any>"},
				{Name: "details", Property: true, Optional: true, Returns: "Record<string, any>"},
				method("wait", "Operation", "Waits until the operation ends (SUCCESS or FAIL) and returns it; timeout like '5m' (default 10m).",
					decl.Param{Name: "options", Type: "{ timeout?: string | number }", Optional: true}),
				method("refresh", "Operation", "Gets the operation again, with its current status and progress."),
				method("log", "OperationLogItem[]", "The operation's log: one item per object created or failed."),
			}},
		{Name: "TolokaError", Kind: decl.Class, Extends: "Error", Global: "TolokaError",
			Doc: "An error the Toloka API answered with. Subclasses by code: " + strings.Join(errorClassNames(), ", ") + ".",
			Members: []decl.Member{
				{Name: "code", Property: true, Returns: "string", Doc: "The API's error code: DOES_NOT_EXIST, VALIDATION_ERROR, …"},
				{Name: "status", Property: true, Optional: true, Returns: "number", Doc: "The HTTP status"},
				{Name: "payload", Property: true, Returns: "any", Doc: "The details the server sent (invalid fields, quota…)"},
				{Name: "requestId", Property: true, Optional: true, Returns: "string", Doc: "Quote it to Toloka's support"},
				{Name: "method", Property: true, Returns: "string", Doc: "The client method that failed"},
			}},
	}
	for _, e := range errorClasses {
		types = append(types, decl.Type{Name: e.name, Kind: decl.Class, Extends: "TolokaError", Global: e.name, Doc: e.doc, Members: e.members})
	}
	return types
}

func modelTypes() []decl.Type {
	names := make([]string, 0, len(models))
	for n := range models {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []decl.Type
	for _, n := range names {
		t := decl.Type{Name: n, Kind: decl.Interface, Index: "[field: string]: any",
			Doc: "A " + n + " as the server sends it: unknown fields are kept."}
		always := map[string]bool{}
		for _, f := range present[n] {
			always[f] = true
		}
		rt := reflect.TypeOf(models[n])
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			t.Members = append(t.Members, decl.Member{Name: name, Property: true, Returns: goTS(f.Type), Optional: !always[name]})
		}
		out = append(out, t)
	}
	return out
}

func clientTypes() []decl.Type {
	c := decl.Type{Name: "TolokaClient", Kind: decl.Interface, Global: "toloka",
		Doc: "The Toloka API: every method of toloka-kit's TolokaClient, under its camelCase name and its snake_case one.\nIds are positional; toloka-kit's keyword arguments are one options object. Calls block until the answer is in."}
	for _, ep := range client.Endpoints() {
		m := decl.Member{Name: JSName(ep.Name), Params: tsParams(ep), Returns: tsResult(ep), Doc: memberDoc(ep)}
		m.TS = tsWithOut(m.Name, ep)
		c.Members = append(c.Members, m)
		if ep.Name != m.Name {
			alias := m
			alias.Name = ep.Name
			alias.Doc = "toloka-kit's name of " + m.Name + "."
			alias.Hidden = true
			alias.TS = tsWithOut(alias.Name, ep)
			c.Members = append(c.Members, alias)
		}
	}
	c.Members = append(c.Members, decl.Member{Name: "withOptions", Params: []decl.Param{{Name: "options", Type: "ClientOptions"}},
		Returns: "TolokaClient", Doc: "A client like this one with other options (retries, timeout, act_under_account_id, env or url)."})
	return []decl.Type{c,
		{Name: "TolokaClientConstructor", Kind: decl.Interface, Global: "TolokaClient",
			Doc:     "new TolokaClient({token, env: 'sandbox'}) makes another client (toloka is the session's).",
			Members: []decl.Member{{Name: "new", TS: "new (options: ClientOptions): TolokaClient;", Doc: "A client with its own token and server."}}},
	}
}

// memberDoc is a method's description with its route and, one per line, its
// options with what they default to and allow.
func memberDoc(ep client.Endpoint) string {
	var b strings.Builder
	b.WriteString(ep.Doc)
	b.WriteString("\n" + ep.Verb + " " + ep.Path + "   (toloka-kit: " + ep.Name + ")")
	for _, line := range ep.Behaviour() {
		b.WriteString("\n" + line)
	}
	for _, o := range ep.Options {
		b.WriteString("\noptions." + o.Name + " (" + tsType(o.Type) + ")")
		if o.Doc != "" {
			b.WriteString(": " + o.Doc)
		}
	}
	return b.String()
}

func tsParams(ep client.Endpoint) []decl.Param {
	var params []decl.Param
	for _, p := range ep.Args {
		typ := tsType(p.Type)
		if p.In == client.InBody {
			typ = modelArgType(p.Type) // the API's JSON, or a model class (models_typescript.go)
		}
		if p.Type == "Operation" {
			typ = "Operation | string"
		}
		params = append(params, decl.Param{Name: p.Name, Type: typ, Optional: !p.Required, Doc: p.Doc})
	}
	if len(ep.Options) > 0 {
		var fields []string
		for _, o := range ep.Options {
			fields = append(fields, o.Name+"?: "+tsType(o.Type))
		}
		params = append(params, decl.Param{Name: "options", Type: "{ " + strings.Join(fields, "; ") + " }", Optional: true,
			Doc: "see the options above"})
	}
	return params
}

// tsWithOut declares the export (getAssignmentsDf) twice: with options.out
// it writes that file and returns its path, without it returns a DataFrame.
// Other methods are declared from their parameters ("").
func tsWithOut(name string, ep client.Endpoint) string {
	return tsWithOutAs(name, ep, func(t string) string { return t })
}

// tsWithOutAs is tsWithOut with each result type wrapped (a Promise for
// toloka.async).
func tsWithOutAs(name string, ep client.Endpoint, wrap func(string) string) string {
	if ep.Kind != client.KindTSV {
		return ""
	}
	options := func(out string) string {
		var fields []string
		for _, o := range ep.Options {
			if o.Name == "out" {
				fields = append(fields, out)
			} else {
				fields = append(fields, o.Name+"?: "+tsType(o.Type))
			}
		}
		return "{ " + strings.Join(fields, "; ") + " }"
	}
	params := tsParams(ep)
	args := decl.Params(params[:len(params)-1])
	return name + "(" + args + ", options: " + options("out: string") + "): " + wrap("string") + ";\n" +
		name + "(" + args + ", options?: " + options("out?: undefined") + "): " + wrap(tsResult(ep)) + ";"
}

func tsResult(ep client.Endpoint) string {
	switch ep.Kind {
	case client.KindIterator:
		return "LazyIterator<" + strings.TrimSuffix(ep.Result, "[]") + ">"
	case client.KindNoContent:
		return "void"
	case client.KindAsync:
		return "Operation | null"
	case client.KindBytes:
		return "Buffer | string"
	case client.KindFind:
		if ep.ItemsKey == "content" {
			return "AppPage<" + strings.TrimSuffix(strings.TrimPrefix(ep.Result, "Page<"), ">") + ">"
		}
	}
	return tsType(ep.Result)
}

func tsType(t string) string {
	switch t {
	case "", "any":
		return "any"
	case "string", "datetime":
		return "string"
	case "integer", "number":
		return "number"
	case "boolean":
		return "boolean"
	case "duration":
		return "string | number"
	case "string[]":
		return "string[] | string"
	case "bytes":
		return "Uint8Array"
	case "object":
		return "Record<string, any>"
	}
	return t
}

func goTS(t reflect.Type) string {
	switch t.String() {
	case "client.Decimal":
		return "number"
	case "client.Timestamp":
		return "string"
	case "json.RawMessage":
		return "any"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return goTS(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "number"
	case reflect.Slice:
		return goTS(t.Elem()) + "[]"
	case reflect.Map:
		return "Record<string, " + goTS(t.Elem()) + ">"
	case reflect.Struct:
		if _, ok := models[t.Name()]; ok {
			return t.Name()
		}
		return "Record<string, any>"
	case reflect.Interface:
		return "any"
	}
	return "any"
}
