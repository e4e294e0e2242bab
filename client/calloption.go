package client

import "time"

//go:generate go run ./internal/gen/cmd

// The options of the typed methods.
//
// A typed method takes the options its row of the endpoint table allows and
// no others. Its option type (CreateTasksOption, OpenPoolOption, …, or
// CallOption for a method with no option of its own) is satisfied only by
// the constructors of those options, so a wrong option is a compile error:
//
//	c.CreateTasks(ctx, tasks, client.AllowDefaults()) // compiles
//	c.GetPool(ctx, id, client.AllowDefaults())        // does not: AllowDefaults is not a CallOption
//
// Each constructor returns the type of the methods it fits: OperationID a
// CreateOption (every create), WaitFor a WaitOption (every method that waits
// for an operation), CaptureResponse a CallOption (every method but the
// iterators). The option types and what satisfies which are generated from
// the table (zz_generated.go; gen.OptionFuncs names each row option's
// constructor); the constructors are here. Invoke takes any option by its
// toloka-kit name, as the JavaScript bindings do.

// option is what every option of a typed method is: a change to its Call.
type option interface{ apply(*Call) }

// newCall makes the Call of a typed method from its options and arguments.
func newCall[O option](opts []O, args ...any) Call {
	c := Call{Args: args}
	for _, o := range opts {
		if any(o) != nil {
			o.apply(&c)
		}
	}
	return c
}

// set sets the keyword argument name (toloka-kit's name) to value.
func (c *Call) set(name string, value any) {
	if c.Options == nil {
		c.Options = map[string]any{}
	}
	c.Options[name] = value
}

func setOption(name string, value any) func(*Call) {
	return func(c *Call) { c.set(name, value) }
}

func mergeOptions(base, extra map[string]any) map[string]any {
	for k, v := range extra {
		base[k] = v
	}
	return base
}

// CaptureResponse has the method fill *r with what its last HTTP answer
// said beyond its body (status, headers, request id, rate limits), as
// go-github's *Response does. r is written when the method returns.
func CaptureResponse(r *Response) CallOption {
	return callOptionFunc(func(c *Call) { c.Response = r })
}

// OperationID makes a create idempotent under an id of your own (a UUID):
// sent again, it creates nothing twice.
func OperationID(id string) CreateOption { return createOptionFunc(setOption("operation_id", id)) }

// SyncMode creates with one synchronous request instead of an operation
// (async_mode=false).
func SyncMode() CreateOption { return createOptionFunc(setOption("async_mode", false)) }

// AllowDefaults lets new tasks and task suites take the pool's default overlap.
func AllowDefaults() TaskCreateOption {
	return taskCreateOptionFunc(setOption("allow_defaults", true))
}

// OpenPoolAfter opens the pool once the tasks or task suites are added.
func OpenPoolAfter() TaskCreateOption { return taskCreateOptionFunc(setOption("open_pool", true)) }

// SkipInvalidItems creates the valid items of a list and reports the
// others, instead of refusing the whole list.
func SkipInvalidItems() BatchCreateOption {
	return batchCreateOptionFunc(setOption("skip_invalid_items", true))
}

// WaitFor bounds how long a method waits for its operation (10 minutes
// unless set).
func WaitFor(d time.Duration) WaitOption { return waitOptionFunc(func(c *Call) { c.Timeout = d }) }

// OnProgress is called with each polled state of the operation a method
// waits for.
func OnProgress(f func(*Operation)) WaitOption {
	return waitOptionFunc(func(c *Call) { c.Progress = f })
}

// WaitTimeout is WaitFor, under the name WaitOperation's option had.
//
// Deprecated: use WaitFor, which every method that waits takes.
func WaitTimeout(d time.Duration) WaitOption { return WaitFor(d) }

// WaitProgress is OnProgress, under the name WaitOperation's option had.
//
// Deprecated: use OnProgress, which every method that waits takes.
func WaitProgress(f func(*Operation)) WaitOption { return OnProgress(f) }

// BatchSize sets how many items an iterator asks for in a page.
func BatchSize(n int) IteratorOption { return iteratorOptionFunc(setOption("batch_size", n)) }

// Tier sets the storage tier of a new pool (sent as storage_key).
func Tier(tier string) CreatePoolOption { return createPoolOptionFunc(setOption("tier", tier)) }

// ReuseControllers says whether a project's copy shares the original's
// quality-control collectors (true unless set).
func ReuseControllers(reuse bool) CloneProjectOption {
	return cloneProjectOptionFunc(setOption("reuse_controllers", reuse))
}

// Lang sets the language of an App's texts.
func Lang(lang string) GetAppOption { return getAppOptionFunc(setOption("lang", lang)) }

// ForceNewOriginal makes an App item new even when one with the same input
// exists.
func ForceNewOriginal() CreateAppItemOption {
	return createAppItemOptionFunc(setOption("force_new_original", true))
}
