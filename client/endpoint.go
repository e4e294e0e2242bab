package client

import "context"

// Kind says what a method returns, and so how a row with no Run of its own
// is carried out.
type Kind string

const (
	KindSingle    Kind = "single"    // one request; the JSON answer is the result
	KindFind      Kind = "find"      // one page: {items|content, has_more}
	KindIterator  Kind = "iterator"  // lazy paging over the matching find method
	KindAsync     Kind = "async"     // starts an operation and returns it (nil on 204)
	KindSync      Kind = "sync"      // starts an operation, waits, returns the resulting object(s)
	KindBytes     Kind = "bytes"     // raw body (attachment download)
	KindTSV       Kind = "tsv"       // the assignments TSV export, streamed
	KindNoContent Kind = "nocontent" // the answer body is ignored
	KindPoll      Kind = "poll"      // wait_operation: polls until the operation ends
	KindComposite Kind = "composite" // client-side orchestration (clone_project, archive_app_project)
)

// In says where a parameter travels.
type In string

const (
	InPath  In = "path"
	InQuery In = "query"
	InBody  In = "body"
	InLocal In = "local" // used by the client itself (batch_size, timeout), never sent as is
)

// Param describes one argument of a method.
type Param struct {
	Name     string // toloka-kit's name, snake_case (pool_id, pool, public_comment, status, …)
	In       In
	Type     string // "string", "integer", "number", "boolean", "datetime", "duration", "object", "array", "string[]", or a model name ("Pool", "Task[]")
	Required bool
	Doc      string
	// Enum names the values a query option takes (an enum of internal/schema,
	// "Pool.Status"); the client refuses others unless wrapped in Unchecked.
	Enum string
	// Repeated sends a list as the key repeated (requester_ids=1&requester_ids=2),
	// where the API takes other lists joined by commas (status=OPEN,CLOSED).
	Repeated bool
}

// Endpoint is one row of the endpoint table: one public method of
// toloka-kit's TolokaClient, and everything the client does to carry it out.
type Endpoint struct {
	Name    string  // toloka-kit's snake_case name: "get_pool"
	Kind    Kind    // what it returns
	Verb    string  // HTTP verb of its request: GET, POST, PUT, PATCH, DELETE
	Path    string  // full path template including /api: "/api/v1/pools/{pool_id}"
	Args    []Param // positional arguments, in toloka-kit's order
	Options []Param // keyword arguments: filters, sort, limit, creation parameters, batch_size…
	Result  string  // model of the result: "Pool", "Page<Pool>", "Operation", "Task[]", "bytes", "" for none
	Doc     string  // one line for help()

	// GoName is the typed Go method's name where the one derived from Name
	// would read badly (get_assignments_df: AssignmentsTSV). HandWritten
	// says that method is written by hand in package client, not generated.
	GoName      string
	HandWritten bool

	// Find and iterator rows.
	ItemsKey string   // "items" or "content"
	Sort     []string // find rows: the fields the sort option takes (each may be prefixed by - for descending)
	Cursor   string   // iterator rows: the field pages follow each other by (sort=id, then id_gt=<last id>)
	Find     string   // iterator rows: the find method whose pages it walks

	// Resend says whether the request may be sent again after a failure that
	// leaves unknown whether the server acted on it.
	Resend Resend

	// Async is the *_async row whose operation a sync row starts and waits for.
	Async string
	// ReadBack is the get a method reads its result with once its request or
	// operation is done (open_pool: get_pool).
	ReadBack *ReadBack
	// Create describes the idempotent creates (tasks, task suites, bonuses).
	Create *Creation

	// Run is the client-side logic of a row that does more than the one
	// request its Kind describes; nil for the others.
	Run *Runner
}

// Resend says whether a request may be sent again after a failure that
// leaves unknown whether the server acted on it: a lost answer, a reset
// connection, a 5xx. (A 429, or a failure before the request left, is always
// retried: the server did nothing.)
type Resend string

const (
	// ResendByVerb: GET, PUT, DELETE and PATCH are sent again (reading, or
	// setting fields twice, does what doing it once does); POST is not.
	ResendByVerb Resend = ""
	// ResendAlways: doing it twice does what doing it once does. A state
	// change answers 204 when it is already done; a create carries an
	// operation_id, and the server refuses the second one with
	// OPERATION_ALREADY_EXISTS, which the client follows to the first.
	ResendAlways Resend = "always"
	// ResendNever: the second one could fail where the first succeeded (a
	// status change: the client reads the object back instead).
	ResendNever Resend = "never"
)

// SafeToResend reports whether the row's request may be sent again after a
// failure that leaves unknown whether the server acted on it.
func (e *Endpoint) SafeToResend() bool {
	switch e.Resend {
	case ResendAlways:
		return true
	case ResendNever:
		return false
	}
	switch e.Verb {
	case "GET", "HEAD", "PUT", "DELETE", "PATCH":
		return true
	}
	return false
}

// ReadBack names the get a method reads its result with, and where the
// object's id comes from.
type ReadBack struct {
	Method string // a single-object get row: "get_pool"
	// ID is where the id is: an argument of the call ("pool_id"), or a
	// member of the finished operation: "details.pool_id" (what it made) or
	// "parameters.project_id" (what it acted on; the call's own project_id
	// when the server had nothing to do and started no operation).
	ID string
}

// Creation describes the idempotent creates of tasks, task suites and
// bonuses: each is sent with an operation_id (a fresh one unless given) and
// async_mode, its objects tagged with their index, and the sync ones read
// what the operation made back from its log.
type Creation struct {
	Operation string // the type of the operation it starts: "TASK.BATCH_CREATE"
	IDField   string // the member of a log entry's output naming the object made: "task_id"
	// ReadBack is the row the sync ones read the objects made with: a get
	// (one object) or an iterator (a list, read by id range).
	ReadBack string
	ByPool   bool // a list is read back pool by pool (pool_id is a filter of the iterator)
}

// Runner is the client-side logic of a row: what the method does beyond one
// request, in a line for help and the declarations, and the function that
// does it.
type Runner struct {
	Does string
	run  runFunc
}

// runFunc carries out a method whose arguments have been checked against its row.
type runFunc func(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error)

func runner(does string, run runFunc) *Runner { return &Runner{Does: does, run: run} }
