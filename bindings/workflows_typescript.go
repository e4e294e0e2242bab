package bindings

import (
	"strings"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/decl"
)

// workflowSections declare toloka.async, toloka.parallel, the waits and
// estimates, require('toloka/streaming') and require('toloka/metrics'), for
// TypeScript, help() and completion.
func workflowSections() []decl.Section {
	return []decl.Section{
		{Name: "long-running work: toloka.async, parallel, waits, estimates", Raw: workflowTS, Types: workflowTypes()},
		{Name: "require('toloka/streaming')", Types: streamingTypes()},
		{Name: "require('toloka/metrics')", Raw: metricsTS, Types: metricsTypes()},
	}
}

const workflowTS = `interface ClientOptions {
  /** Requests in flight at most, across everything the client does (default 10). */
  concurrency?: number;
}
interface StatusWaitOptions {
  /** The status (or statuses) that end the wait; by default CLOSED, READY for an App project, COMPLETED for an App batch. */
  status?: string | string[];
  /** How long to wait at most ('2h', or milliseconds); no limit by default. */
  timeout?: string | number;
  /** How long between polls ('10s', or milliseconds; default 5 s). */
  interval?: string | number;
}
interface ParallelOptions {
  /** Calls in flight at most (default: the client's concurrency, 10). */
  concurrency?: number;
  /** A progress bar on a terminal (default true), or its label. */
  progress?: boolean | string;
}
`

func workflowTypes() []decl.Type {
	p := func(name, typ, doc string) decl.Param { return decl.Param{Name: name, Type: typ, Doc: doc} }
	opt := func(name, typ, doc string) decl.Param {
		return decl.Param{Name: name, Type: typ, Optional: true, Doc: doc}
	}
	waitOpts := opt("options", "StatusWaitOptions", "status, timeout, interval")
	estOpts := opt("options", "{ fee_rate?: number; tasks?: number }", "fee_rate: Toloka's fee as a share (default "+client.DefaultFeeRate+", assumed); tasks: for a pool not created yet")
	helpers := func(wrap func(string) string, async bool) []decl.Member {
		what := "Blocks until then, with a progress bar on a terminal."
		if async {
			what = "A Promise of it."
		}
		ms := []decl.Member{
			{Name: "waitPool", Params: []decl.Param{p("pool_id", "string", ""), waitOpts}, Returns: wrap("Pool"),
				Doc: "Waits until the pool's status is CLOSED (or options.status) and returns it. " + what + "\nThe bar shows the pool's completion from its analytics; a WaitTimeoutError ends a wait past options.timeout."},
			{Name: "waitTraining", Params: []decl.Param{p("training_id", "string", ""), waitOpts}, Returns: wrap("Training"),
				Doc: "Waits until the training's status is CLOSED (or options.status) and returns it. " + what},
			{Name: "waitAppProject", Params: []decl.Param{p("app_project_id", "string", ""), waitOpts}, Returns: wrap("AppProject"),
				Doc: "Waits until the App project is READY (or options.status) and returns it; ERROR ends the wait with an error. " + what},
			{Name: "waitAppBatch", Params: []decl.Param{p("app_project_id", "string", ""), p("batch_id", "string", ""), waitOpts}, Returns: wrap("AppBatch"),
				Doc: "Waits until the App batch is COMPLETED (or options.status) and returns it; ERROR, CANCELLED, NO_MONEY, … end the wait with an error. " + what},
			{Name: "estimatePoolCost", Params: []decl.Param{p("pool", "string | Partial<Pool>", "a pool id, or a pool"), estOpts}, Returns: wrap("CostEstimate"),
				Doc: "An estimate of what the pool costs: its tasks × overlap ÷ tasks per suite × reward per assignment, plus Toloka's fee (the rate is an assumption: " + client.DefaultFeeRate + ").\nopenPool(id, {max_cost}) and {check_balance: true} refuse to open a pool whose remaining work is estimated at more."},
		}
		var out []decl.Member
		for _, m := range ms {
			out = append(out, m)
			alias := m
			alias.Name, alias.Hidden, alias.Doc = snakeName(m.Name), true, "toloka-kit's style name of "+m.Name+"."
			out = append(out, alias)
		}
		return out
	}
	sync := helpers(func(t string) string { return t }, false)
	sync = append(sync,
		decl.Member{Name: "async", Property: true, Readonly: true, Returns: "AsyncTolokaClient",
			Doc: "Every method again, returning a Promise: the calls run at once, under the client's limit of requests in flight (concurrency, default 10).\nawait toloka.async.getPool(id); await Promise.all(ids.map(id => toloka.async.acceptAssignment(id, 'ok')))"},
		decl.Member{Name: "parallel", Returns: "Promise<R[]>", Doc: "Calls fn with each item, at most options.concurrency at a time, and resolves to the results in order (with a progress bar on a terminal).\nThe first error rejects, once the calls in flight are done. fn should return a Promise (toloka.async.…) for the calls to overlap.",
			Params: []decl.Param{p("items", "Iterable<T>", "a list, or a lazy iterator"), p("fn", "(item: T, index: number) => R | Promise<R>", ""), opt("options", "ParallelOptions", "concurrency, progress")},
			TS:     "parallel<T, R>(items: Iterable<T>, fn: (item: T, index: number) => R | Promise<R>, options?: ParallelOptions): Promise<R[]>;"},
	)
	async := decl.Type{Name: "AsyncTolokaClient", Kind: decl.Interface,
		Doc: "toloka.async: every method of the client returning a Promise, as toloka-kit's AsyncTolokaClient. The HTTP work runs off the event loop under the client's limit of requests in flight; a 429 answer slows the whole client down.\nLists come whole, as arrays (use toloka.get…() to walk a big one in constant memory)."}
	for _, ep := range client.Endpoints() {
		ret := tsResult(ep)
		if ep.Kind == client.KindIterator {
			ret = strings.TrimSuffix(strings.TrimPrefix(ret, "LazyIterator<"), ">") + "[]"
		}
		promise := func(t string) string { return "Promise<" + t + ">" }
		m := decl.Member{Name: JSName(ep.Name), Params: tsParams(ep), Returns: promise(ret), Doc: memberDoc(ep)}
		m.TS = tsWithOutAs(m.Name, ep, promise)
		async.Members = append(async.Members, m)
		if ep.Name != m.Name {
			alias := m
			alias.Name, alias.Hidden, alias.Doc = ep.Name, true, "toloka-kit's name of "+m.Name+"."
			alias.TS = tsWithOutAs(alias.Name, ep, promise)
			async.Members = append(async.Members, alias)
		}
	}
	async.Members = append(async.Members, helpers(func(t string) string { return "Promise<" + t + ">" }, true)...)
	cost := decl.Type{Name: "CostEstimate", Kind: decl.Interface, Doc: "What toloka.estimatePoolCost says a pool costs: an estimate (estimate: true), in the account's currency.",
		Members: []decl.Member{
			{Name: "pool_id", Property: true, Optional: true, Returns: "string"},
			{Name: "tasks", Property: true, Returns: "number", Doc: "Real tasks (golden and infinite-overlap ones aside)."},
			{Name: "task_suites", Property: true, Returns: "number"},
			{Name: "tasks_per_suite", Property: true, Returns: "number", Doc: "The mixer's real tasks per suite (1 without a mixer)."},
			{Name: "assignments", Property: true, Returns: "number", Doc: "Task suites to pay for: the tasks' overlap ÷ tasks per suite, rounded up."},
			{Name: "remaining_assignments", Property: true, Returns: "number", Doc: "Those still to be done (remaining overlap)."},
			{Name: "reward_per_assignment", Property: true, Returns: "number"},
			{Name: "fee_rate", Property: true, Returns: "number", Doc: "Toloka's fee as a share of the reward: assumed " + client.DefaultFeeRate + " unless given."},
			{Name: "reward", Property: true, Returns: "number"},
			{Name: "fee", Property: true, Returns: "number"},
			{Name: "total", Property: true, Returns: "number", Doc: "reward + fee, for every assignment."},
			{Name: "remaining", Property: true, Returns: "number", Doc: "total for the remaining assignments: what openPool's max_cost and check_balance compare."},
			{Name: "estimate", Property: true, Returns: "true"},
			{Name: "note", Property: true, Returns: "string", Doc: "How it was counted, and that the fee rate is assumed."},
		}}
	return []decl.Type{{Name: "TolokaClient", Kind: decl.Interface, Members: sync}, async, cost}
}

func snakeName(camel string) string {
	var b strings.Builder
	for _, r := range camel {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func streamingTypes() []decl.Type {
	p := func(name, typ, doc string) decl.Param { return decl.Param{Name: name, Type: typ, Doc: doc} }
	cbDoc := "the callback: a function of the events, or an object with handle(events), whose own members are saved with the cursors (or what its saveState() returns, given back to restoreState()); returns it"
	var obsMembers []decl.Member
	for _, t := range []string{"created", "submitted", "accepted", "rejected", "skipped", "expired", "any_event"} {
		snake := "on_" + t
		doc := "Calls callback with each batch of " + strings.ToUpper(t) + " events, in time order; returns callback."
		if t == "any_event" {
			doc = "Calls callback with the events of every type (a batch per type); returns callback."
		}
		m := decl.Member{Name: snake, Doc: doc, Returns: "C", Params: []decl.Param{p("callback", "C", cbDoc)},
			TS: snake + "<C extends AssignmentCallback>(callback: C): C;"}
		camel := JSName(snake)
		cm := m
		cm.Name, cm.TS = camel, camel+"<C extends AssignmentCallback>(callback: C): C;"
		m.Hidden = true
		obsMembers = append(obsMembers, cm, m)
	}
	obsMembers = append(obsMembers,
		decl.Member{Name: "register_callback", Returns: "C", Doc: "on_submitted and friends: callback for event_type.", Hidden: true,
			TS: "register_callback<C extends AssignmentCallback>(callback: C, event_type: AssignmentEventType): C;"},
		decl.Member{Name: "toloka_client", Property: true, Readonly: true, Returns: "TolokaClient"},
		decl.Member{Name: "pool_id", Property: true, Readonly: true, Returns: "string"},
		decl.Member{Name: "cursor_time_lag", Property: true, Readonly: true, Returns: "string | number",
			Doc: "How far behind the present events are read (default '1m', toloka-kit's): one stamped later is read at the next pass, so none is missed."})
	var poolMembers []decl.Member
	for _, s := range []string{"open", "closed", "archieved", "locked", "status_change"} {
		snake := "on_" + s
		m := decl.Member{Name: snake, Returns: "C", Doc: "Calls callback with the pool when it becomes " + strings.ToUpper(s) + "; returns callback.",
			TS: snake + "<C extends PoolCallback>(callback: C): C;"}
		if s == "status_change" {
			m.Doc = "Calls callback with the pool at every change of its status; returns callback."
		}
		if s == "archieved" {
			m.Doc += " (toloka-kit's spelling; onArchived too)"
		}
		cm := m
		cm.Name, cm.TS = JSName(snake), JSName(snake)+"<C extends PoolCallback>(callback: C): C;"
		m.Hidden = true
		poolMembers = append(poolMembers, cm, m)
	}
	poolMembers = append(poolMembers, decl.Member{Name: "onArchived", Hidden: true, TS: "onArchived<C extends PoolCallback>(callback: C): C;"})
	ctor := func(name, sig, doc string) decl.Member {
		return decl.Member{Name: name, Property: true, Returns: "{ new (" + sig + "): " + name + " }", Doc: doc}
	}
	return []decl.Type{
		{Name: "AssignmentEvent", Kind: decl.Interface, Doc: "An assignment that was created, submitted, accepted, rejected, skipped or expired (toloka-kit's AssignmentEvent).",
			Members: []decl.Member{
				{Name: "event_type", Property: true, Readonly: true, Returns: "AssignmentEventType"},
				{Name: "event_time", Property: true, Readonly: true, Returns: "string", Doc: "When it happened, as the server writes times."},
				{Name: "assignment", Property: true, Readonly: true, Returns: "Assignment"},
			}},
		{Name: "AssignmentsObserver", Kind: decl.Interface, Doc: "Hands a pool's assignment events to callbacks, in time order, each once (toloka-kit's AssignmentsObserver).\nnew AssignmentsObserver(toloka, poolId, {cursor_time_lag: '1m'}); pipeline.register(it).onSubmitted(events => …)",
			Members: obsMembers},
		{Name: "PoolStatusObserver", Kind: decl.Interface, Doc: "Calls callbacks when a pool's status changes (toloka-kit's PoolStatusObserver).", Members: poolMembers},
		{Name: "JSONLocalStorage", Kind: decl.Interface, Doc: "Keeps a pipeline's cursors in JSON files in a directory (written atomically; a lock keeps two runs of one pipeline apart).",
			Members: []decl.Member{{Name: "dirname", Property: true, Readonly: true, Returns: "string"}}},
		{Name: "Pipeline", Kind: decl.Interface,
			Doc: "Calls its observers once a period until every observed pool is closed and its events are delivered (toloka-kit's Pipeline).\nWith a storage, a stopped pipeline (pipeline.stop(), Ctrl-C or SIGTERM: the batch in hand is finished and saved first) resumes where it stopped; each callback sees each event once, unless it throws: then run() rejects and the batch comes again next run.\nOn a terminal it prints a status line each period.",
			Members: []decl.Member{
				{Name: "register", Returns: "O", Doc: "Adds an observer (one per pool and kind); returns it.", TS: "register<O extends AssignmentsObserver | PoolStatusObserver>(observer: O): O;"},
				{Name: "run", Returns: "Promise<void>", Doc: "Runs until the end; resolves then, or when stop() is called. A callback's error rejects it."},
				{Name: "stop", Returns: "void", Doc: "Ends the run after the batch in hand, its cursors saved."},
				{Name: "observersIter", Returns: "IterableIterator<AssignmentsObserver | PoolStatusObserver>", Doc: "The registered observers."},
				{Name: "observers_iter", Returns: "IterableIterator<AssignmentsObserver | PoolStatusObserver>", Hidden: true},
				{Name: "period", Property: true, Returns: "string | number"},
				{Name: "storage", Property: true, Returns: "JSONLocalStorage | null"},
				{Name: "name", Property: true, Returns: "string | null"},
			}},
		{Name: "toloka/streaming", Kind: decl.Module, Doc: "toloka-kit's streaming: a Pipeline of observers handing a pool's events to callbacks as they happen, resumable from a storage.",
			Members: []decl.Member{
				ctor("Pipeline", "options?: { period?: string | number; storage?: JSONLocalStorage; name?: string; iteration_mode?: 'FIRST_COMPLETED' | 'ALL_COMPLETED' }",
					"new Pipeline({period: '60s', storage, name}): calls its observers once a period (default 60 s)."),
				ctor("AssignmentsObserver", "toloka_client: TolokaClient, pool_id: string, options?: { cursor_time_lag?: string | number }",
					"new AssignmentsObserver(toloka, poolId): a pool's assignment events."),
				ctor("PoolStatusObserver", "toloka_client: TolokaClient, pool_id: string", "new PoolStatusObserver(toloka, poolId): a pool's status changes."),
				ctor("JSONLocalStorage", "dirname: string", "new JSONLocalStorage(dir): where a pipeline keeps its state."),
				{Name: "IterationMode", Property: true, Returns: "{ readonly ALL_COMPLETED: 'ALL_COMPLETED'; readonly FIRST_COMPLETED: 'FIRST_COMPLETED' }",
					Doc: "toloka-kit's iteration modes; passes run their observers in turn either way."},
				{Name: "AssignmentEvent", Property: true, Returns: "{ readonly Type: { readonly [T in AssignmentEventType]: T } }"},
			}},
	}
}

const metricsTS = `type AssignmentEventType = 'CREATED' | 'SUBMITTED' | 'ACCEPTED' | 'REJECTED' | 'SKIPPED' | 'EXPIRED';
type AssignmentCallback = ((events: AssignmentEvent[]) => void | Promise<void>) | { handle(events: AssignmentEvent[]): void | Promise<void> };
type PoolCallback = ((pool: Pool) => void | Promise<void>) | { handle(pool: Pool): void | Promise<void> };
/** A metric's points: line name → [when, value] pairs (money as numbers). */
type MetricLines = Record<string, [Date, number][]>;
interface MetricOptions {
  /** The client the metric asks (or bind_client later). */
  toloka_client?: TolokaClient;
  /** The least time between two asks by a MetricCollector (default '10s'). */
  timeout?: string | number;
}
interface CursorMetricOptions extends MetricOptions {
  /** How far behind the present new objects are counted (default '1m'). */
  cursor_time_lag?: string | number;
  /** One point for all the new objects of an ask, rather than one per instant. */
  join_events?: boolean;
}
`

func metricsTypes() []decl.Type {
	metric := decl.Type{Name: "Metric", Kind: decl.Interface,
		Doc: "One of toloka-kit's metrics: getLines() measures, with toloka-kit's line names.",
		Members: []decl.Member{
			{Name: "getLines", Returns: "Promise<MetricLines>", Doc: "Measures: {line_name: [[Date, value], …]}. A line absent or empty means nothing new, not zero."},
			{Name: "get_lines", Returns: "Promise<MetricLines>", Hidden: true},
			{Name: "getLineNames", Returns: "string[]", Doc: "The lines it gives."},
			{Name: "get_line_names", Returns: "string[]", Hidden: true},
			{Name: "setClient", Returns: "void", Params: []decl.Param{{Name: "toloka_client", Type: "TolokaClient"}}, Doc: "The client it asks."},
			{Name: "set_client", Returns: "void", Params: []decl.Param{{Name: "toloka_client", Type: "TolokaClient"}}, Hidden: true},
			{Name: "toloka_client", Property: true, Returns: "TolokaClient | null"},
			{Name: "beautiful_name", Property: true, Readonly: true, Returns: "string"},
		}}
	collector := decl.Type{Name: "MetricCollector", Kind: decl.Interface,
		Doc: "Asks its metrics again and again (each at most once per its timeout) and calls back with the points, once a second (toloka-kit's MetricCollector).",
		Members: []decl.Member{
			{Name: "run", Returns: "Promise<void>", Doc: "Collects until stop(); a metric's error is printed and it is asked again."},
			{Name: "stop", Returns: "void"},
			{Name: "metrics", Property: true, Readonly: true, Returns: "Metric[]"},
		}}
	type m struct{ name, args, lines, doc string }
	list := []m{
		{"Balance", "options?: MetricOptions & { balance_name?: string }", "toloka_requester_balance", "The account's balance."},
		{"NewUserBonuses", "options?: CursorMetricOptions & { count_name?: string; money_name?: string }", "bonus_count, bonus_money", "Bonuses paid since the first ask."},
		{"NewUserSkills", "skill_id: string, options?: CursorMetricOptions & { count_name?: string; value_name?: string }", "skill_values", "Values set for a skill since the first ask."},
		{"NewMessageThreads", "options?: CursorMetricOptions & { count_name?: string; projects_name?: Record<string, string>; pools_name?: Record<string, string> }", "messages_count", "Message threads since the first ask, in all and by project or pool."},
		{"AssignmentEventsInPool", "pool_id: string, options?: CursorMetricOptions & { created_name?: string; submitted_name?: string; accepted_name?: string; rejected_name?: string; skipped_name?: string; expired_name?: string }",
			"submitted_events_in_pool, accepted_events_in_pool, rejected_events_in_pool", "A pool's assignment events since the first ask."},
		{"PoolCompletedPercentage", "pool_id: string, options?: MetricOptions & { percents_name?: string }", "completion_percentage", "How much of a pool is done."},
		{"AssignmentsInPool", "pool_id: string, options?: MetricOptions & { submitted_name?: string; accepted_name?: string; rejected_name?: string; skipped_name?: string }",
			"submitted_assignments_in_pool, accepted_assignments_in_pool, rejected_assignments_in_pool", "A pool's assignments by status."},
		{"TasksInPool", "pool_id: string, options?: MetricOptions & { tasks_name?: string }", "tasks_count", "A pool's tasks."},
		{"SpentBudgetOnPool", "pool_id: string, options?: MetricOptions & { money_name?: string }", "spent_money", "What a pool has cost, without Toloka's fee."},
		{"WorkersByFilterOnPool", "pool_id: string, options?: MetricOptions & { workers_name?: string; interval_hours?: number }", "workers_count", "Tolokers fitting the pool's filter active lately."},
		{"BansInPool", "pool_id: string, options?: CursorMetricOptions & { count_name?: string; filter_by_comment?: Record<string, string> }", "bans_count", "Restrictions set in a pool since the first ask."},
	}
	mod := decl.Type{Name: "toloka/metrics", Kind: decl.Module, Doc: "toloka-kit's metrics and MetricCollector: an account and its pools followed over time.",
		Members: []decl.Member{
			{Name: "MetricCollector", Property: true, Returns: "{ new (metrics: Metric[], callback: (lines: MetricLines) => void | Promise<void>): MetricCollector }",
				Doc: "new MetricCollector([metrics], lines => …): no two metrics may give a line of one name."},
			{Name: "bind_client", Params: []decl.Param{{Name: "metrics", Type: "M"}, {Name: "toloka_client", Type: "TolokaClient"}}, Returns: "M",
				Doc: "Sets the client of every metric; returns them.", TS: "export function bind_client<M extends Metric[]>(metrics: M, toloka_client: TolokaClient): M;"},
			{Name: "bindClient", Params: []decl.Param{{Name: "metrics", Type: "M"}, {Name: "toloka_client", Type: "TolokaClient"}}, Returns: "M",
				Hidden: true, TS: "export function bindClient<M extends Metric[]>(metrics: M, toloka_client: TolokaClient): M;"},
			{Name: "BaseMetric", Property: true, Returns: "{ prototype: Metric }", Doc: "What every metric is an instance of."},
		}}
	for _, x := range list {
		mod.Members = append(mod.Members, decl.Member{Name: x.name, Property: true, Returns: "{ new (" + x.args + "): Metric }",
			Doc: x.doc + " Lines by default: " + x.lines + "."})
	}
	return []decl.Type{metric, collector, mod}
}
