package bindings

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/streaming"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// require('toloka/streaming'): the classes are in streaming.js; a run is a
// client/streaming.Pipeline on a goroutine of its own, whose handlers call
// the script's callbacks on the event loop and wait for them (and for the
// Promise an async callback returns). The run holds the loop open; its
// Promise settles when the pipeline finishes or is stopped.

//go:embed streaming.js
var streamingSrc string

var streamingProgram = sync.OnceValue(func() *goja.Program {
	return goja.MustCompile("tolokash/streaming.js", streamingSrc, true)
})

// registerWorkflowModules makes require('toloka/streaming') and
// require('toloka/metrics') work.
func registerWorkflowModules(reg *require.Registry) {
	reg.RegisterNativeModule("toloka/streaming", func(vm *goja.Runtime, module *goja.Object) {
		module.Set("exports", loadJSModule(vm, streamingProgram(), streamingNatives(vm)))
	})
	reg.RegisterNativeModule("toloka/metrics", func(vm *goja.Runtime, module *goja.Object) {
		module.Set("exports", loadJSModule(vm, metricsProgram(), metricsNatives(vm)))
	})
}

func loadJSModule(vm *goja.Runtime, prg *goja.Program, native *goja.Object) goja.Value {
	v, err := vm.RunProgram(prg)
	if err != nil {
		panic(err)
	}
	factory, _ := goja.AssertFunction(v)
	exports, err := factory(goja.Undefined(), native)
	if err != nil {
		panic(err)
	}
	return exports
}

// commonNatives are the checks both modules' classes make.
func commonNatives(vm *goja.Runtime, module string) *goja.Object {
	n := vm.NewObject()
	n.Set("checkClient", func(where string, v goja.Value) {
		b := binderOf(vm)
		if b == nil {
			panic(vm.NewTypeError("%s: this runtime has no Toloka client (log in, or run with --local)", where))
		}
		b.clientOf(where, v)
	})
	n.Set("checkDuration", func(where string, v goja.Value) {
		if d, err := client.ParseDuration(v.Export()); err != nil || d < 0 {
			panic(vm.NewTypeError("%s: expected a duration like '30s' or milliseconds, got %s", where, jsvalue.Describe(v)))
		}
	})
	n.Set("suggest", func(name string, known []string) string { return client.Suggest(name, known) })
	n.Set("module", module)
	return n
}

func streamingNatives(vm *goja.Runtime) *goja.Object {
	n := commonNatives(vm, "toloka/streaming")
	n.Set("run", func(pipeline, observers *goja.Object) *goja.Object {
		b := binderOf(vm)
		if b == nil {
			panic(vm.NewTypeError("Pipeline.run: this runtime has no Toloka client"))
		}
		return b.runPipeline(pipeline, observers)
	})
	return n
}

// runPipeline starts a run of pipeline and returns {promise, stop}.
func (b *binder) runPipeline(pipeline, observers *goja.Object) *goja.Object {
	vm := b.vm
	if b.opts.Loop == nil {
		panic(vm.NewTypeError("Pipeline.run: this runtime has no event loop"))
	}
	p := &streaming.Pipeline{}
	p.Period, _ = client.ParseDuration(pipeline.Get("period").Export())
	if name := pipeline.Get("name"); name != nil && !goja.IsNull(name) && !goja.IsUndefined(name) {
		p.Name = name.String()
	}
	if st := pipeline.Get("storage"); st != nil && !goja.IsNull(st) && !goja.IsUndefined(st) {
		if b.opts.NoFiles {
			panic(vm.NewTypeError("Pipeline.run: JSONLocalStorage writes files, and file access is switched off in this runtime"))
		}
		p.Storage = streaming.JSONLocalStorage{Dir: st.ToObject(vm).Get("dirname").String()}
	}
	list, _ := observers.Export().([]any)
	if len(list) == 0 {
		panic(vm.NewTypeError("Pipeline.run: no observers registered"))
	}
	for i := range list {
		o := observers.Get(fmt.Sprint(i)).ToObject(vm)
		c := b.clientOf("Pipeline.run", o.Get("toloka_client"))
		poolID := o.Get("pool_id").String()
		callbacks := o.Get("_callbacks").ToObject(vm)
		kind := o.GetSymbol(jsvalue.Symbol(vm, jsvalue.Type))
		k := kind.String() + "(pool " + poolID + ")"
		var obs streaming.Observer
		switch {
		case kind != nil && kind.String() == "AssignmentsObserver":
			ao := streaming.NewAssignmentsObserver(c, poolID)
			lag, _ := client.ParseDuration(o.Get("cursor_time_lag").Export())
			if lag == 0 {
				lag = -1 // '0s' asked for no lag; the Go zero value means the default
			}
			ao.SetCursorTimeLag(lag)
			for _, t := range streaming.EventTypes {
				for j, cb := range callbackList(vm, callbacks, string(t)) {
					ao.On(t, &jsHandler{b: b, cb: cb, where: fmt.Sprintf("%s on_%s callback %d", k, lower(string(t)), j+1)})
				}
			}
			obs = ao
		default:
			po := streaming.NewPoolStatusObserver(c, poolID)
			for _, s := range []client.PoolStatus{client.PoolOpen, client.PoolClosed, client.PoolArchived, client.PoolLocked} {
				for j, cb := range callbackList(vm, callbacks, string(s)) {
					po.On(s, &jsHandler{b: b, cb: cb, where: fmt.Sprintf("%s on_%s callback %d", k, lower(string(s)), j+1)})
				}
			}
			obs = po
		}
		if err := p.Register(obs); err != nil {
			panic(vm.NewTypeError("Pipeline.run: %v", err))
		}
	}
	if b.opts.Interactive {
		p.Status = func(s streaming.Status) {
			line := s.String()
			b.opts.Loop.Enqueue(func(*goja.Runtime) { fmt.Fprintln(b.opts.Stderr, line) })
		}
	}
	promise, resolve, reject := vm.NewPromise()
	hold := b.opts.Loop.Hold()
	ctx := b.opts.Loop.Context()
	var mu sync.Mutex
	var signalled func() // set when a Ctrl-C or SIGTERM stopped the run
	remove := b.opts.Loop.OnStop(func(reason string, done func()) {
		mu.Lock()
		signalled = done
		mu.Unlock()
		p.Stop()
	})
	go func() {
		err := p.Run(ctx)
		remove()
		mu.Lock()
		done := signalled
		mu.Unlock()
		if done != nil { // a signal came: the run ended (stopped, or done just then)
			// The run is saved: now the script is interrupted, which drops
			// the hold (releasing it first would end the wait for the run
			// before the interrupt lands).
			done()
			return
		}
		hold.Done(func(vm *goja.Runtime) {
			switch {
			case err == nil || errors.Is(err, streaming.ErrStopped):
				resolve(goja.Undefined())
			default:
				reject(b.pipelineError(err))
			}
		})
	}()
	out := vm.NewObject()
	out.Set("promise", promise)
	out.Set("stop", func() { p.Stop() })
	return out
}

// pipelineError is what a run's Promise rejects with: what a callback threw,
// as it threw it, or the client's error as a TolokaError.
func (b *binder) pipelineError(err error) goja.Value {
	var thrown *jsThrown
	if errors.As(err, &thrown) {
		return thrown.value
	}
	return b.jsError("Pipeline.run", err)
}

func callbackList(vm *goja.Runtime, callbacks *goja.Object, key string) []goja.Value {
	v := callbacks.Get(key)
	if v == nil || goja.IsUndefined(v) {
		return nil
	}
	arr := v.ToObject(vm)
	n := int(arr.Get("length").ToInteger())
	out := make([]goja.Value, n)
	for i := range out {
		out[i] = arr.Get(fmt.Sprint(i))
	}
	return out
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// jsHandler is a script's callback as a pipeline handler: a function, or an
// object with a handle() method, whose state (its own data members, or what
// its saveState() returns) is saved with the cursors.
type jsHandler struct {
	b     *binder
	cb    goja.Value
	where string
}

var (
	_ streaming.Handler     = (*jsHandler)(nil)
	_ streaming.PoolHandler = (*jsHandler)(nil)
	_ streaming.Stateful    = (*jsHandler)(nil)
)

// HandleEvents calls the callback with the events as toloka-kit's
// AssignmentEvent objects: {event_type, event_time, assignment}.
func (h *jsHandler) HandleEvents(ctx context.Context, events []streaming.AssignmentEvent) error {
	return h.b.callOnLoop(ctx, func(vm *goja.Runtime) (goja.Value, error) {
		parser := newJSONParser(vm)
		list := make([]any, len(events))
		for i, e := range events {
			o := vm.NewObject()
			o.Set("event_type", string(e.Type))
			o.Set("event_time", string(e.Time))
			o.Set("assignment", parser.lazyValue(e.Assignment))
			list[i] = o
		}
		return callback(vm, h.cb, "handle", vm.NewArray(list...))
	})
}

// HandlePool calls the callback with the pool.
func (h *jsHandler) HandlePool(ctx context.Context, pool *client.Pool) error {
	raw, err := json.Marshal(pool)
	if err != nil {
		return err
	}
	return h.b.callOnLoop(ctx, func(vm *goja.Runtime) (goja.Value, error) {
		v, err := fromJSON(vm, raw)
		if err != nil {
			return nil, err
		}
		return callback(vm, h.cb, "handle", v)
	})
}

// SaveState keeps an object callback's state: saveState() when it has one,
// else its own data members that JSON can hold (functions, and the toloka
// client it may keep, aside). A function has none.
func (h *jsHandler) SaveState() (json.RawMessage, error) {
	var out json.RawMessage
	err := h.b.callOnLoop(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
		if _, isFn := goja.AssertFunction(h.cb); isFn {
			return nil, nil
		}
		o := h.cb.ToObject(vm)
		var state goja.Value = o
		if save, ok := goja.AssertFunction(o.Get("saveState")); ok {
			v, err := save(o)
			if err != nil {
				return nil, err
			}
			state = v
		} else {
			plain := vm.NewObject()
			for _, k := range o.Keys() {
				v := o.Get(k)
				if _, isFn := goja.AssertFunction(v); isFn || h.b.isClient(v) {
					continue
				}
				plain.Set(k, v)
			}
			state = plain
		}
		s, err := h.b.stringify(goja.Undefined(), state)
		if err != nil {
			return nil, err
		}
		if !goja.IsUndefined(s) {
			out = json.RawMessage(s.String())
		}
		return nil, nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: saving its state: %w", h.where, err)
	}
	return out, nil
}

// RestoreState gives a resumed run's callback object its saved state:
// restoreState(state) when it has one, else the members assigned back.
func (h *jsHandler) RestoreState(raw json.RawMessage) error {
	return h.b.callOnLoop(context.Background(), func(vm *goja.Runtime) (goja.Value, error) {
		if _, isFn := goja.AssertFunction(h.cb); isFn {
			return nil, nil
		}
		state, err := fromJSON(vm, raw)
		if err != nil {
			return nil, err
		}
		o := h.cb.ToObject(vm)
		if restore, ok := goja.AssertFunction(o.Get("restoreState")); ok {
			return restore(o, state)
		}
		if so, ok := state.(*goja.Object); ok {
			for _, k := range so.Keys() {
				o.Set(k, so.Get(k))
			}
		}
		return nil, nil
	})
}

// isClient says whether v is a toloka client object.
func (b *binder) isClient(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	b.reg.mu.Lock()
	defer b.reg.mu.Unlock()
	_, ok = b.reg.clients[o]
	return ok
}
