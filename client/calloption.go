package client

import "time"

//go:generate go run ./internal/gen/cmd

// CallOption sets a keyword argument of a typed method.
type CallOption func(*Call)

// Opt sets the keyword argument name (toloka-kit's name) to value.
func Opt(name string, value any) CallOption {
	return func(c *Call) {
		if c.Options == nil {
			c.Options = map[string]any{}
		}
		c.Options[name] = value
	}
}

// BatchSize sets how many items an iterator asks for per page.
func BatchSize(n int) CallOption { return Opt("batch_size", n) }

// OperationID makes a create idempotent under an id of your own (a UUID).
func OperationID(id string) CallOption { return Opt("operation_id", id) }

// AllowDefaults lets new tasks take the pool's default overlap.
func AllowDefaults() CallOption { return Opt("allow_defaults", true) }

// OpenPoolAfter opens the pool after the tasks are added.
func OpenPoolAfter() CallOption { return Opt("open_pool", true) }

// SkipInvalidItems creates the valid items and reports the others.
func SkipInvalidItems() CallOption { return Opt("skip_invalid_items", true) }

// SyncMode creates with one synchronous request instead of an operation.
func SyncMode() CallOption { return Opt("async_mode", false) }

// WaitFor bounds how long a sync method waits for its operation.
func WaitFor(d time.Duration) CallOption { return func(c *Call) { c.Timeout = d } }

// OnProgress is called with each polled state of the operation a method waits for.
func OnProgress(f func(*Operation)) CallOption { return func(c *Call) { c.Progress = f } }

func newCall(opts []CallOption, args ...any) Call {
	c := Call{Args: args}
	for _, o := range opts {
		o(&c)
	}
	return c
}

func mergeOptions(base, extra map[string]any) map[string]any {
	for k, v := range extra {
		base[k] = v
	}
	return base
}
