package client

// Kind says what a method returns and how it is carried out.
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
	Type     string // "string", "integer", "number", "boolean", "datetime", "object", "array", "string[]", or a model name ("Pool", "Task[]")
	Required bool
	Doc      string
	// Enum names the values a query option takes (an enum of internal/schema,
	// "Pool.Status"); the client refuses others unless wrapped in Unchecked.
	Enum string
}

// Endpoint is one row of the endpoint table: one public method of toloka-kit's TolokaClient.
type Endpoint struct {
	Name     string  // toloka-kit's snake_case name: "get_pool"
	Kind     Kind    // what it returns
	Method   string  // HTTP verb of the (first) request
	Path     string  // full path template including /api: "/api/v1/pools/{pool_id}"
	Args     []Param // positional arguments, in toloka-kit's order
	Options  []Param // keyword arguments: filters, sort, limit, creation parameters, batch_size…
	Result   string  // model of the result: "Pool", "Page<Pool>", "Operation", "Task[]", "bytes", "" for none
	ItemsKey string  // "items" or "content" (find and iterator kinds)
	Cursor   string  // iterator kind: the cursor field (id, task_id, created)
	Find     string  // iterator kind: the find method it pages
	Async    string  // sync kind: the *_async method it is built on, when there is one
	Doc      string  // one line for help()
}
