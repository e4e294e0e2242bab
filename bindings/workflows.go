package bindings

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/jsvalue"
	"github.com/tolokash/tolokash/internal/progress"
	"github.com/tolokash/tolokash/stdlib"
)

// What the toloka object has beyond the endpoint table, for work that goes
// on for a while: toloka.async (async.go), toloka.parallel, waits for a
// pool, training or App batch to reach a status, and a pool's estimated
// cost. Each has a camelCase and a snake_case name, as the methods do.

//go:embed workflows.js
var workflowsSrc string

var workflowsProgram = sync.OnceValue(func() *goja.Program {
	return goja.MustCompile("tolokash/workflows.js", workflowsSrc, true)
})

// helper is one function of the toloka object that is not a table row.
type helper struct {
	name, snake string
	fn          func(goja.FunctionCall) goja.Value
}

// installWorkflows adds the helpers and toloka.async (built when first read)
// to obj, the toloka object of client c, and remembers c as obj's client
// for require('toloka/streaming') and require('toloka/metrics').
func (b *binder) installWorkflows(obj *goja.Object, c *client.Client) {
	vm := b.vm
	b.rememberClient(obj, c)
	for _, h := range b.helpers(c, obj, false) {
		fn := vm.ToValue(h.fn)
		obj.Set(h.name, fn)
		obj.DefineDataProperty(h.snake, fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	}
	var async *goja.Object
	get := vm.ToValue(func() goja.Value {
		if async == nil {
			async = b.asyncObject(c, obj)
		}
		return async
	})
	obj.DefineAccessorProperty("async", get, nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// clientRegistry maps toloka objects to their Go clients, per VM.
type clientRegistry struct {
	mu      sync.Mutex
	clients map[*goja.Object]*client.Client
}

var binderKey = "tolokash.binder"

func (b *binder) rememberClient(obj *goja.Object, c *client.Client) {
	b.reg.mu.Lock()
	defer b.reg.mu.Unlock()
	if b.reg.clients == nil {
		b.reg.clients = map[*goja.Object]*client.Client{}
		// The modules find the binder of their VM here; the value is opaque to scripts.
		b.vm.GlobalObject().DefineDataPropertySymbol(jsvalue.Symbol(b.vm, binderKey), b.vm.ToValue(&binderRef{b}),
			goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	}
	b.reg.clients[obj] = c
}

// binderRef hides the binder from scripts that find the symbol: goja shows
// a Go value's exported members only, and it has none.
type binderRef struct{ b *binder }

// binderOf finds the binder installed in vm, if any.
func binderOf(vm *goja.Runtime) *binder {
	v := vm.GlobalObject().GetSymbol(jsvalue.Symbol(vm, binderKey))
	if v == nil {
		return nil
	}
	if r, ok := v.Export().(*binderRef); ok {
		return r.b
	}
	return nil
}

// clientOf is the Go client of a toloka object (toloka, or one made by new
// TolokaClient or withOptions).
func (b *binder) clientOf(fn string, v goja.Value) *client.Client {
	if o, ok := v.(*goja.Object); ok {
		b.reg.mu.Lock()
		c := b.reg.clients[o]
		b.reg.mu.Unlock()
		if c != nil {
			return c
		}
	}
	panic(b.vm.NewTypeError("%s: expected the toloka client (toloka, or one made by new TolokaClient or toloka.withOptions), got %s", fn, jsvalue.Describe(v)))
}

func (b *binder) helpers(c *client.Client, self *goja.Object, async bool) []helper {
	prefix := "toloka."
	if async {
		prefix = "toloka.async."
	}
	hs := []helper{
		{"waitPool", "wait_pool", b.waitHelper(c, prefix+"waitPool", "pool", async)},
		{"waitTraining", "wait_training", b.waitHelper(c, prefix+"waitTraining", "training", async)},
		{"waitAppProject", "wait_app_project", b.waitHelper(c, prefix+"waitAppProject", "app_project", async)},
		{"waitAppBatch", "wait_app_batch", b.waitHelper(c, prefix+"waitAppBatch", "app_batch", async)},
		{"estimatePoolCost", "estimate_pool_cost", b.estimateHelper(c, prefix+"estimatePoolCost", async)},
	}
	if !async {
		hs = append(hs, helper{"parallel", "parallel", b.parallelHelper(c)})
	}
	return hs
}

// options reads an options object, refusing members not in known (with the
// closest one named).
func (b *binder) options(fn string, v goja.Value, known ...string) map[string]goja.Value {
	vm := b.vm
	out := map[string]goja.Value{}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return out
	}
	o, ok := v.(*goja.Object)
	if !ok || o.ClassName() == "Array" {
		panic(vm.NewTypeError("%s: the options must be an object {…}, got %s", fn, jsvalue.Describe(v)))
	}
	for _, k := range o.Keys() {
		if !slices.Contains(known, k) {
			msg := fmt.Sprintf("%s: unknown option %s", fn, k)
			if s := client.Suggest(k, known); s != "" {
				msg += "; did you mean " + s + "?"
			} else {
				msg += " (known: " + strings.Join(known, ", ") + ")"
			}
			panic(vm.NewTypeError("%s", msg))
		}
		out[k] = o.Get(k)
	}
	return out
}

// idArg reads a positional id.
func (b *binder) idArg(fn, name string, v goja.Value) string {
	switch x := v.Export().(type) {
	case string:
		if x != "" {
			return x
		}
	case int64:
		return fmt.Sprint(x)
	}
	panic(b.vm.NewTypeError("%s: argument %s: expected a string id, got %s", fn, name, jsvalue.Describe(v)))
}

func (b *binder) durationOpt(fn, name string, v goja.Value) time.Duration {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return 0
	}
	d, err := client.ParseDuration(v.Export())
	if err != nil || d < 0 {
		panic(b.vm.NewTypeError("%s: option %s: expected a duration like '30s' or milliseconds, got %s", fn, name, jsvalue.Describe(v)))
	}
	return d
}

// waitHelper is toloka.waitPool(id, {status, timeout, interval}) and its
// kin: blocking with a progress bar on a terminal, or a Promise (async).
func (b *binder) waitHelper(c *client.Client, fn, kind string, async bool) func(goja.FunctionCall) goja.Value {
	vm := b.vm
	return func(call goja.FunctionCall) goja.Value {
		defer recoverGoPanic(vm, fn)
		args := []string{"pool_id"}
		switch kind {
		case "training":
			args = []string{"training_id"}
		case "app_project":
			args = []string{"app_project_id"}
		case "app_batch":
			args = []string{"app_project_id", "batch_id"}
		}
		ids := make([]string, len(args))
		for i, a := range args {
			ids[i] = b.idArg(fn, a, call.Argument(i))
		}
		opts := b.options(fn, call.Argument(len(args)), "status", "timeout", "interval")
		var w client.StatusWait
		var until []string // the statuses that end the wait; none: the usual end
		if s, ok := opts["status"]; ok && !goja.IsUndefined(s) {
			switch x := s.Export().(type) {
			case string:
				until = []string{x}
			case []any:
				for _, e := range x {
					until = append(until, fmt.Sprint(e))
				}
			default:
				panic(vm.NewTypeError("%s: option status: expected a status or a list of them, got %s", fn, jsvalue.Describe(s)))
			}
		}
		w.Timeout = b.durationOpt(fn, "timeout", opts["timeout"])
		w.Interval = b.durationOpt(fn, "interval", opts["interval"])
		run := func(ctx context.Context) (any, error) {
			switch kind {
			case "training":
				return c.WaitTraining(ctx, ids[0], w, statuses[client.TrainingStatus](until)...)
			case "app_project":
				return c.WaitAppProject(ctx, ids[0], w, until...)
			case "app_batch":
				return c.WaitAppBatch(ctx, ids[0], ids[1], w, until...)
			}
			return c.WaitPool(ctx, ids[0], w, statuses[client.PoolStatus](until)...)
		}
		toJS := func(v any, err error) goja.Value {
			if err != nil {
				panic(b.waitError(fn, err))
			}
			raw, _ := json.Marshal(v)
			out, perr := fromJSON(vm, raw)
			if perr != nil {
				panic(vm.NewGoError(perr))
			}
			return out
		}
		if async {
			return b.goPromise(fn, func(ctx context.Context) func() goja.Value {
				v, err := run(ctx)
				return func() goja.Value { return toJS(v, err) }
			})
		}
		if b.opts.Interactive {
			bar := progress.New(b.opts.Stderr, fmt.Sprintf("%s %s", kind, strings.Join(ids, "/")))
			defer bar.Done()
			w.Progress = func(s client.WaitState) {
				pct := s.Percent
				if pct < 0 {
					pct = 0
				}
				bar.Update(pct, fmt.Sprintf("%s · %v", s.Status, s.Elapsed.Round(time.Second)))
			}
		}
		return toJS(run(b.opts.Context()))
	}
}

// statuses are a script's statuses as a wait of Go takes them.
func statuses[S ~string](names []string) []S {
	out := make([]S, len(names))
	for i, n := range names {
		out[i] = S(n)
	}
	return out
}

// waitError is a wait's failure as a JS error: a WaitTimeoutError when the
// time ran out, a TolokaError with code UNWANTED_STATUS when the object
// reached a status it will not leave.
func (b *binder) waitError(fn string, err error) goja.Value {
	var se *client.StatusWaitError
	if !errors.As(err, &se) {
		return b.jsError(strings.TrimPrefix(fn, "toloka."), err)
	}
	vm := b.vm
	fields := vm.NewObject()
	fields.Set("method", strings.TrimPrefix(fn, "toloka."))
	fields.Set("status", se.Last)
	fields.Set("wanted", se.Want)
	class, code := "TolokaError", "UNWANTED_STATUS"
	if se.TimedOut {
		class, code = "WaitTimeoutError", "WAIT_TIMEOUT"
	}
	fields.Set("code", code)
	e, cerr := vm.New(b.errors[class], vm.ToValue(fn+": "+se.Error()), fields)
	if cerr != nil {
		return vm.NewGoError(err)
	}
	dropPreludeFrames(vm, e)
	stdlib.CarryGoError(vm, e, err) // an embedder gets the *client.StatusWaitError back
	return e
}

// costJSON is an estimate as scripts read it.
type costJSON struct {
	PoolID               string         `json:"pool_id,omitempty"`
	Tasks                int            `json:"tasks"`
	TaskSuites           int            `json:"task_suites"`
	TasksPerSuite        int            `json:"tasks_per_suite"`
	Assignments          int            `json:"assignments"`
	RemainingAssignments int            `json:"remaining_assignments"`
	RewardPerAssignment  client.Decimal `json:"reward_per_assignment"`
	FeeRate              client.Decimal `json:"fee_rate"`
	Reward               client.Decimal `json:"reward"`
	Fee                  client.Decimal `json:"fee"`
	Total                client.Decimal `json:"total"`
	Remaining            client.Decimal `json:"remaining"`
	Estimate             bool           `json:"estimate"`
	Note                 string         `json:"note"`
}

// estimateHelper is toloka.estimatePoolCost(pool or id, {fee_rate, tasks}).
func (b *binder) estimateHelper(c *client.Client, fn string, async bool) func(goja.FunctionCall) goja.Value {
	vm := b.vm
	return func(call goja.FunctionCall) goja.Value {
		defer recoverGoPanic(vm, fn)
		arg := call.Argument(0)
		var id string
		var opts client.EstimateOptions
		if o, ok := arg.(*goja.Object); ok && o.ClassName() != "String" {
			s, err := b.stringify(goja.Undefined(), o)
			if err != nil {
				panic(err)
			}
			pool := new(client.Pool)
			if err := json.Unmarshal([]byte(s.String()), pool); err != nil {
				panic(vm.NewTypeError("%s: argument pool: %v", fn, err))
			}
			opts.Pool, id = pool, pool.ID
		} else {
			id = b.idArg(fn, "pool", arg)
		}
		o := b.options(fn, call.Argument(1), "fee_rate", "tasks")
		if v, ok := o["fee_rate"]; ok && !goja.IsUndefined(v) {
			d, err := client.NewDecimal(v.String())
			if err != nil || d.Rat().Sign() < 0 {
				panic(vm.NewTypeError("%s: option fee_rate: expected a share like 0.3 (30 %%), got %s", fn, jsvalue.Describe(v)))
			}
			opts.FeeRate = d
		}
		if v, ok := o["tasks"]; ok && !goja.IsUndefined(v) {
			n, isInt := v.Export().(int64)
			if !isInt || n < 0 {
				panic(vm.NewTypeError("%s: option tasks: expected a number of tasks, got %s", fn, jsvalue.Describe(v)))
			}
			opts.Tasks = int(n)
		}
		if opts.Pool != nil && id == "" && opts.Tasks == 0 {
			panic(vm.NewTypeError("%s: a pool not created yet has no tasks to count: say how many with {tasks: n}", fn))
		}
		run := func(ctx context.Context) (*client.CostEstimate, error) { return c.EstimatePoolCost(ctx, id, opts) }
		toJS := func(e *client.CostEstimate, err error) goja.Value {
			if err != nil {
				panic(b.jsError(strings.TrimPrefix(fn, "toloka."), err))
			}
			raw, _ := json.Marshal(costJSON{PoolID: e.PoolID, Tasks: e.Tasks, TaskSuites: e.TaskSuites, TasksPerSuite: e.TasksPerSuite,
				Assignments: e.Assignments, RemainingAssignments: e.RemainingAssignments, RewardPerAssignment: e.RewardPerAssignment,
				FeeRate: e.FeeRate, Reward: e.Reward, Fee: e.Fee, Total: e.Total, Remaining: e.Remaining, Estimate: true, Note: e.Note()})
			v, _ := fromJSON(vm, raw)
			return v
		}
		if async {
			return b.goPromise(fn, func(ctx context.Context) func() goja.Value {
				e, err := run(ctx)
				return func() goja.Value { return toJS(e, err) }
			})
		}
		return toJS(run(b.opts.Context()))
	}
}

// parallelHelper is toloka.parallel(items, fn, {concurrency, progress}),
// written in workflows.js; Go gives it the client's limit and progress bars.
func (b *binder) parallelHelper(c *client.Client) func(goja.FunctionCall) goja.Value {
	vm := b.vm
	var impl goja.Callable
	return func(call goja.FunctionCall) goja.Value {
		if impl == nil {
			v, err := vm.RunProgram(workflowsProgram())
			if err != nil {
				panic(err)
			}
			factory, _ := goja.AssertFunction(v)
			lib, err := factory(goja.Undefined(), b.nativeHelpers())
			if err != nil {
				panic(err)
			}
			impl, _ = goja.AssertFunction(lib.ToObject(vm).Get("parallel"))
		}
		limit := c.Limiter().Max
		v, err := impl(goja.Undefined(), call.Argument(0), call.Argument(1), call.Argument(2), vm.ToValue(limit))
		if err != nil {
			panic(err)
		}
		return v
	}
}

// nativeHelpers are what workflows.js asks of Go: a progress bar drawn
// only on a terminal.
func (b *binder) nativeHelpers() *goja.Object {
	vm := b.vm
	n := vm.NewObject()
	n.Set("progress", func(label string, total goja.Value) *goja.Object {
		bar := &progress.Bar{}
		if b.opts.Interactive {
			bar = progress.New(b.opts.Stderr, label)
		}
		o := vm.NewObject()
		o.Set("update", func(done, total int64, failed int64) {
			pct, status := 0, fmt.Sprintf("%d done", done)
			if total > 0 {
				pct, status = int(100*done/total), fmt.Sprintf("%d/%d", done, total)
			}
			if failed > 0 {
				status += fmt.Sprintf(", %d failed", failed)
			}
			bar.Update(pct, status)
		})
		o.Set("done", bar.Done)
		return o
	})
	return n
}
