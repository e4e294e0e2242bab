// Package client is a Go client of the Toloka requester API: every method of
// toloka-kit's TolokaClient, under Go names, with Go types.
//
// # Making a client
//
// New takes an OAuth token or API key and where to send it:
// WithEnvironment(Production) or WithEnvironment(Sandbox) for Toloka, or
// WithURL for another server (an emulator in tests, a proxy). Other options
// set retries, timeouts, TLS, a logger, and the account to act under.
//
//	c, err := client.New(token, client.WithEnvironment(client.Sandbox))
//
// A Client is safe for concurrent use; one per program is enough.
//
// # Calling the API
//
// A method takes a context first, then ids and the object to send, then
// toloka-kit's keyword arguments as options. Each method takes the options
// its toloka-kit form takes and no others: CreateTasks takes a
// CreateTasksOption (AllowDefaults, OpenPoolAfter, OperationID, WaitFor, …),
// GetPool only a CallOption, so a wrong option is a compile error rather
// than a failure at run time:
//
//	created, err := c.CreateTasks(ctx, tasks, client.AllowDefaults(), client.OpenPoolAfter(), client.OperationID(opID))
//	pool, err = c.GetPool(ctx, pool.ID)
//
// Lists are iterators (iter.Seq2) that page through everything in constant
// memory, fetching the next page while the caller works through this one;
// a filter struct says what to list, and the Find methods give one page
// (Page) for a filter, sort and limit:
//
//	for a, err := range c.Assignments(ctx, client.AssignmentFilter{PoolID: poolID, Status: []client.AssignmentStatus{client.AssignmentSubmitted}}) {
//		if err != nil {
//			return accepted, err
//		}
//		if _, err := c.AcceptAssignment(ctx, a.ID, "Well done"); err != nil {
//			return accepted, err
//		}
//		accepted++
//	}
//
// Methods that start an operation wait for it (OpenPool, ArchivePool,
// CreateTasks over the asynchronous route; WaitFor bounds the wait) and
// return what it made; their Async forms return the *Operation, which
// WaitOperation waits for. Calls are retried on 408, 429, 500, 502, 503,
// 504 and network errors with backoff, honouring Retry-After and the API's
// quotas (WithRetries, WithRetryQuotas, WithRetryPolicy); a request that
// may have reached the server is sent again only where doing it twice does
// what doing it once does, as each method's doc says.
//
// # Creating many objects
//
// CreateTasks, CreateTaskSuites and CreateUserBonuses send an operation id,
// so a retry creates nothing twice (OperationID sets your own), and send
// long lists in batches (WithUploadBatches). The result follows the list
// given: Items[i] is what its i-th object made, and Errors[i] says why it
// was refused (an *ItemError naming the fields), with SkipInvalidItems:
//
//	created, err := c.CreateTasks(ctx, tasks, client.AllowDefaults(), client.SkipInvalidItems())
//	for i, task := range created.Items {
//		if err := created.Errors[i]; err != nil {
//			fmt.Println("refused:", err)
//			continue
//		}
//		fmt.Println("made", task.InputValues["image"])
//	}
//
// # Waiting for the crowd, and the budget
//
// WaitPool, WaitTraining, WaitAppProject and WaitAppBatch poll an object
// until it has one of the statuses given, typed as the object's status is
// (none given: its usual end, a pool CLOSED), as StatusWait says: how often,
// for how long, and a Progress callback. Before a pool opens, MaxCost
// (with FeeRate, and CheckBalance for the account's balance) has OpenPool
// refuse with a *BudgetError, sending nothing, when EstimatePoolCost puts
// its remaining work above the limit:
//
//	_, err = c.OpenPool(ctx, poolID, client.MaxCost("1.00"))
//	pool, err := c.WaitPool(ctx, poolID, client.StatusWait{Interval: 50 * time.Millisecond, Timeout: time.Minute}, client.PoolClosed)
//
// # Values
//
// Projects, pools, tasks, assignments and the rest are Go structs whose
// json tags are the API's names. They keep the fields they do not know
// (Extra), so reading an object, changing it and writing it back loses
// nothing; money is a Decimal that keeps the server's digits; timestamps
// keep the server's text. Statuses, scopes, kinds and the other enums are
// typed constants (PoolOpen, AssignmentSubmitted, UserRestrictionScopePool,
// OperationTypePoolOpen), and optional fields are pointers, made with Ptr:
//
//	pool.AutoAcceptSolutions = client.Ptr(false)
//
// Template Builder views, filters and quality-control rules have their own
// packages: tb, filter, collectors, conditions and actions.
//
// # Errors
//
// An error answer of the API is a *APIError (status, code, message,
// payload, request id, and the method called); errors.Is matches it against
// the sentinel of its code's class: ErrNotFound for DOES_NOT_EXIST,
// ErrValidation, ErrConflict, ErrTooManyRequests and so on.
//
//	_, err = c.GetPool(ctx, "404")
//	var apiErr *client.APIError
//	if errors.As(err, &apiErr) {
//		fmt.Println(apiErr.Method, apiErr.Code, apiErr.Status, apiErr.Message)
//	}
//	if errors.Is(err, client.ErrNotFound) {
//		fmt.Println("no such pool")
//	}
//
// A bad argument found before sending is an *ArgError, a failed operation
// an *OperationFailedError, a wait that ran out a *WaitTimeoutError, and a
// batched create that stopped part way a *BatchError saying which items
// were made and how to finish. The token never appears in an error, a log
// line or fmt's output.
//
// # Responses
//
// CaptureResponse has a method report what its last HTTP answer said beyond
// the body, as go-github's Response does: the status, the headers, the
// request id to quote to support, the rate limits, and how many requests
// and tries it took:
//
//	var resp client.Response
//	requester, err := c.GetRequester(ctx, client.CaptureResponse(&resp))
//
// # Every method by its toloka-kit name
//
// Each method is one row of the endpoint table (Endpoints): its toloka-kit
// name, route, arguments, options and result. Invoke calls any row by name
// with JSON-ready arguments and options by their toloka-kit names; the
// typed methods, their option types and the JavaScript bindings (package
// bindings) are all made from the table, so none can miss a method.
//
// # Testing code that uses the client
//
// Package emulator is an in-memory Toloka with simulated Tolokers; pointed
// at it with WithURL, the client needs no token and no network. A program
// starts one with emulator.Start; a test with emulatortest.Start(t, opts),
// which has a fast crowd and stops the emulator when the test ends:
//
//	em, err := emulator.Start(emulator.Options{Demo: true})
//	c, err := client.New("any-token", client.WithURL(em.URL))
package client
