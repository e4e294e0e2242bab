package bindings

import (
	"context"
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/metrics"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// require('toloka/metrics'): the classes are in metrics.js; each holds a
// client/metrics metric (its cursors keep their place between calls) behind
// a handle, and measures on a goroutine, settling a Promise on the loop.

//go:embed metrics.js
var metricsSrc string

var metricsProgram = sync.OnceValue(func() *goja.Program {
	return goja.MustCompile("tolokash/metrics.js", metricsSrc, true)
})

// goMetric ties a Go metric to the handle a JS metric keeps.
type goMetric struct {
	m metrics.Metric
}

func metricsNatives(vm *goja.Runtime) *goja.Object {
	n := commonNatives(vm, "toloka/metrics")
	n.Set("newMetric", func(kind, id string, opts *goja.Object) *goja.Object { return newMetricHandle(vm, kind, id, opts) })
	n.Set("collect", func(handles []goja.Value, cb goja.Value, timeouts []goja.Value) *goja.Object {
		b := binderOf(vm)
		if b == nil {
			panic(vm.NewTypeError("MetricCollector.run: this runtime has no Toloka client"))
		}
		ms := make([]metrics.Metric, len(handles))
		for i, h := range handles {
			ms[i] = h.ToObject(vm).Get("_go").Export().(*goMetric).m
		}
		// toloka-kit asks each metric at most once per its timeout (10 s);
		// the collector here has one interval: the shortest of them.
		interval := time.Duration(0)
		for _, t := range timeouts {
			if d, err := client.ParseDuration(t.Export()); err == nil && d > 0 && (interval == 0 || d < interval) {
				interval = d
			}
		}
		return b.runCollector(ms, cb, interval)
	})
	return n
}

func newMetricHandle(vm *goja.Runtime, kind, id string, opts *goja.Object) *goja.Object {
	str := func(k string) string {
		if v := opts.Get(k); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
			return v.String()
		}
		return ""
	}
	join := opts.Get("join_events") != nil && opts.Get("join_events").ToBoolean()
	lag := time.Duration(0)
	if v := opts.Get("cursor_time_lag"); v != nil && !goja.IsUndefined(v) {
		d, err := client.ParseDuration(v.Export())
		if err != nil || d < 0 {
			panic(vm.NewTypeError("%s: option cursor_time_lag: expected a duration like '1m' or milliseconds, got %s", kind, jsvalue.Describe(v)))
		}
		lag = d
		if lag == 0 {
			lag = -1 // asked for none; the Go zero value means the default
		}
	}
	names := func(k string) map[string]string {
		v := opts.Get(k)
		if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
			return nil
		}
		out := map[string]string{}
		o := v.ToObject(vm)
		for _, key := range o.Keys() {
			out[key] = o.Get(key).String()
		}
		return out
	}
	var m metrics.Metric
	switch kind {
	case "Balance":
		m = &metrics.Balance{BalanceName: str("balance_name")}
	case "NewUserBonuses":
		m = &metrics.NewUserBonuses{CountName: str("count_name"), MoneyName: str("money_name"), JoinEvents: join, CursorTimeLag: lag}
	case "NewUserSkills":
		m = &metrics.NewUserSkills{SkillID: id, CountName: str("count_name"), ValueName: str("value_name"), JoinEvents: join, CursorTimeLag: lag}
	case "NewMessageThreads":
		m = &metrics.NewMessageThreads{CountName: str("count_name"), ProjectsName: names("projects_name"), PoolsName: names("pools_name"),
			JoinEvents: join, CursorTimeLag: lag}
	case "AssignmentEventsInPool":
		m = &metrics.AssignmentEventsInPool{PoolID: id, CreatedName: str("created_name"), SubmittedName: str("submitted_name"),
			AcceptedName: str("accepted_name"), RejectedName: str("rejected_name"), SkippedName: str("skipped_name"),
			ExpiredName: str("expired_name"), JoinEvents: join, CursorTimeLag: lag}
	case "PoolCompletedPercentage":
		m = &metrics.PoolCompletedPercentage{PoolID: id, PercentsName: str("percents_name")}
	case "AssignmentsInPool":
		m = &metrics.AssignmentsInPool{PoolID: id, SubmittedName: str("submitted_name"), AcceptedName: str("accepted_name"),
			RejectedName: str("rejected_name"), SkippedName: str("skipped_name")}
	case "TasksInPool":
		m = &metrics.TasksInPool{PoolID: id, TasksName: str("tasks_name")}
	case "SpentBudgetOnPool":
		m = &metrics.SpentBudgetOnPool{PoolID: id, MoneyName: str("money_name")}
	case "WorkersByFilterOnPool":
		hours := 0
		if v := opts.Get("interval_hours"); v != nil && !goja.IsUndefined(v) {
			hours = int(v.ToInteger())
		}
		m = &metrics.WorkersByFilterOnPool{PoolID: id, WorkersName: str("workers_name"), IntervalHours: hours}
	case "BansInPool":
		m = &metrics.BansInPool{PoolID: id, CountName: str("count_name"), FilterByComment: names("filter_by_comment"),
			JoinEvents: join, CursorTimeLag: lag}
	default:
		panic(vm.NewTypeError("toloka/metrics: no metric %s", kind))
	}
	gm := &goMetric{m: m}
	h := vm.NewObject()
	h.Set("_go", gm)
	setClient := func(v goja.Value) {
		b := binderOf(vm)
		if b == nil {
			panic(vm.NewTypeError("%s: this runtime has no Toloka client", kind))
		}
		m.SetClient(b.clientOf(kind, v))
	}
	if v := opts.Get("toloka_client"); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
		setClient(v)
	}
	h.Set("setClient", setClient)
	h.Set("lineNames", func() []string { return m.LineNames() })
	h.Set("lines", func() goja.Value {
		b := binderOf(vm)
		if b == nil {
			panic(vm.NewTypeError("%s: this runtime has no Toloka client", kind))
		}
		return b.goPromise(kind+".get_lines", func(ctx context.Context) func() goja.Value {
			lines, err := m.Lines(ctx)
			return func() goja.Value {
				if err != nil {
					panic(b.jsError(kind+".get_lines", err))
				}
				return linesValue(b.vm, lines)
			}
		})
	})
	return h
}

// linesValue is {line_name: [[Date, value], …]}, toloka-kit's lists of
// (datetime, value) pairs; money is a number.
func linesValue(vm *goja.Runtime, lines metrics.Lines) goja.Value {
	out := vm.NewObject()
	names := make([]string, 0, len(lines))
	for n := range lines {
		names = append(names, n)
	}
	sort.Strings(names)
	dateCtor := vm.Get("Date")
	for _, n := range names {
		pts := make([]any, len(lines[n]))
		for i, p := range lines[n] {
			d, err := vm.New(dateCtor, vm.ToValue(p.Time.UnixMilli()))
			if err != nil {
				panic(err)
			}
			var v any = p.Value
			if dec, ok := p.Value.(client.Decimal); ok {
				v, _ = strconv.ParseFloat(dec.String(), 64)
			}
			pts[i] = vm.NewArray(d, v)
		}
		out.Set(n, vm.NewArray(pts...))
	}
	return out
}

// runCollector runs a MetricCollector until stop(), calling cb on the loop
// with each second's points; a metric's failure is printed and it is asked
// again later, as toloka-kit logs and goes on.
func (b *binder) runCollector(ms []metrics.Metric, cb goja.Value, interval time.Duration) *goja.Object {
	vm := b.vm
	if b.opts.Loop == nil {
		panic(vm.NewTypeError("MetricCollector.run: this runtime has no event loop"))
	}
	ctx, cancel := context.WithCancel(b.opts.Loop.Context())
	col := &metrics.MetricCollector{Metrics: ms, Interval: interval}
	var failed error // what the callback threw: it ends the run, as in toloka-kit
	col.Callback = func(l metrics.Lines) {
		err := b.callOnLoop(ctx, func(vm *goja.Runtime) (goja.Value, error) {
			return callback(vm, cb, "call", linesValue(vm, l))
		})
		if err != nil && ctx.Err() == nil {
			failed = err
			cancel()
		}
	}
	col.OnError = func(m metrics.Metric, err error) {
		msg := fmt.Sprintf("MetricCollector: %s: %v", m.Name(), err)
		b.opts.Loop.Enqueue(func(*goja.Runtime) { fmt.Fprintln(b.opts.Stderr, msg) })
	}
	promise, resolve, reject := vm.NewPromise()
	hold := b.opts.Loop.Hold()
	var mu sync.Mutex
	var signalled func()
	remove := b.opts.Loop.OnStop(func(reason string, done func()) {
		mu.Lock()
		signalled = done
		mu.Unlock()
		cancel()
	})
	go func() {
		col.Run(ctx)
		remove()
		mu.Lock()
		done := signalled
		mu.Unlock()
		if done != nil {
			done() // the interrupt that follows drops the hold
			return
		}
		hold.Done(func(*goja.Runtime) {
			if failed != nil {
				reject(b.pipelineError(failed))
				return
			}
			resolve(goja.Undefined())
		})
	}()
	out := vm.NewObject()
	out.Set("promise", promise)
	out.Set("stop", func() { cancel() })
	return out
}
