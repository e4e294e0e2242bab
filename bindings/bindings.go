// Package bindings binds the Toloka client to JavaScript as the `toloka`
// global: every row of the client's endpoint table under its camelCase name and
// its toloka-kit snake_case name, with lazy iterators, operations and typed errors.
package bindings

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/progress"
	"github.com/tolokash/tolokash/runtime/loop"
	"github.com/tolokash/tolokash/stdlib"
)

// Options configures Install.
type Options struct {
	// Context returns the context of the run in progress; calls use it, so
	// cancelling it aborts the HTTP call. Nil means context.Background.
	Context     func() context.Context
	Stderr      io.Writer // progress bars
	Interactive bool      // show progress bars while sync methods wait
	// NoFiles refuses writing files (downloadAttachment to a path) for untrusted scripts.
	NoFiles bool
	// FixedServer keeps untrusted scripts on the embedder's server: withOptions
	// may not change url or env (the token would go elsewhere), and new
	// TolokaClient is refused.
	FixedServer bool
	// Loop runs the callbacks of work done on other goroutines: toloka.async,
	// toloka.parallel, streaming pipelines and metrics need it (workflows.go).
	Loop *loop.Loop
}

//go:embed prelude.js
var preludeSrc string

// prelude is compiled on first use, so programs that never bind a client
// (tolokash -e 1) do not pay for it at start.
var prelude = sync.OnceValue(func() *goja.Program { return goja.MustCompile("tolokash/prelude.js", preludeSrc, true) })

// binder holds what every bound function of one VM shares.
type binder struct {
	vm        *goja.Runtime
	opts      Options
	errors    map[string]*goja.Object
	iterator  *goja.Object // LazyIterator constructor
	operation *goja.Object // Operation constructor
	stringify goja.Callable
	reg       clientRegistry // toloka objects' clients, for the streaming and metrics modules
}

// Install defines the globals toloka, TolokaClient, help and the error classes in vm.
func Install(vm *goja.Runtime, c *client.Client, opts Options) error {
	if opts.Context == nil {
		opts.Context = context.Background
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	v, err := vm.RunProgram(prelude())
	if err != nil {
		return fmt.Errorf("bindings prelude: %w", err)
	}
	parts := v.ToObject(vm)
	b := &binder{vm: vm, opts: opts, errors: map[string]*goja.Object{}}
	errs := parts.Get("errors").ToObject(vm)
	for _, name := range errs.Keys() {
		ctor := errs.Get(name).ToObject(vm)
		b.errors[name] = ctor
		vm.Set(name, ctor)
	}
	b.iterator = parts.Get("LazyIterator").ToObject(vm)
	b.operation = parts.Get("Operation").ToObject(vm)
	vm.Set("LazyIterator", b.iterator)
	b.stringify, _ = goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
	toloka, err := b.clientObject(c)
	if err != nil {
		return err
	}
	vm.Set("toloka", toloka)
	vm.Set("TolokaClient", b.newClient)
	return nil
}

// JSName is the camelCase name of a toloka-kit method: get_pool → getPool.
func JSName(snake string) string {
	parts := strings.Split(snake, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// clientObject builds a `toloka` object for c: every method under both names,
// withOptions, and a printed form without the token.
func (b *binder) clientObject(c *client.Client) (*goja.Object, error) {
	vm := b.vm
	obj := vm.NewObject()
	for _, ep := range client.Endpoints() {
		fn := vm.ToValue(b.method(c, ep, obj)).(*goja.Object)
		camel := JSName(ep.Name)
		help := strings.TrimRight(helpText(ep), "\n")
		fn.DefineDataProperty("help", vm.ToValue(func() string { return help }), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		fn.DefineDataProperty("name", vm.ToValue(camel), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		obj.Set(camel, fn)
		if camel != ep.Name {
			obj.DefineDataProperty(ep.Name, fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE) // alias, left out of listings
		}
	}
	desc := c.String()
	obj.Set("withOptions", func(call goja.FunctionCall) goja.Value {
		opts, err := b.clientOptions("withOptions", call.Argument(0), false)
		if err != nil {
			panic(err)
		}
		derived, cerr := c.With(opts...)
		if cerr != nil {
			panic(vm.NewTypeError("toloka.withOptions: %v", cerr))
		}
		o, cerr := b.clientObject(derived)
		if cerr != nil {
			panic(stdlib.NewError(vm, cerr))
		}
		return o
	})
	obj.DefineDataProperty("with_options", obj.Get("withOptions"), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	obj.DefineDataProperty("toString", vm.ToValue(func() string { return desc }), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	inspect := vm.ToValue(func() string { return desc })
	obj.DefineDataPropertySymbol(symbolFor(vm, "tolokash.inspect"), inspect, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	// What help() and completion know it as (see Declarations).
	obj.DefineDataPropertySymbol(symbolFor(vm, "tolokash.type"), vm.ToValue("TolokaClient"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	obj.DefineDataProperty("toJSON", vm.ToValue(func() string { return desc }), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	// toloka.Pool, toloka.filter, …: the model classes (models.go), built
	// when a script first reads one of them.
	for _, name := range modelRoots {
		get := vm.ToValue(func() goja.Value { return Models(vm).Get(name) })
		obj.DefineAccessorProperty(name, get, nil, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
	b.installWorkflows(obj, c) // toloka.async, parallel, waitPool, estimatePoolCost (workflows.go)
	// A name that is not a method reads as undefined (typeof toloka.x is
	// 'undefined'); calling it is goja's TypeError, which the runtime shows
	// as "toloka.getPoool is not a function; did you mean getPool?".
	return obj, nil
}

func symbolFor(vm *goja.Runtime, name string) *goja.Symbol {
	f, _ := goja.AssertFunction(vm.Get("Symbol").ToObject(vm).Get("for"))
	v, _ := f(goja.Undefined(), vm.ToValue(name))
	return v.(*goja.Symbol)
}

// newClient is `new TolokaClient({token, env, url, retries, timeout, act_under_account_id})`.
func (b *binder) newClient(call goja.ConstructorCall) *goja.Object {
	vm := b.vm
	if b.opts.FixedServer {
		panic(vm.NewTypeError("TolokaClient: new clients are switched off in this runtime; use toloka"))
	}
	arg := call.Argument(0)
	obj, ok := arg.(*goja.Object)
	if !ok {
		panic(vm.NewTypeError("TolokaClient: expected an options object {token, env or url, …}, got %s", describe(arg)))
	}
	token := ""
	if t := obj.Get("token"); t != nil && !goja.IsUndefined(t) {
		token = t.String()
	}
	opts, err := b.clientOptions("TolokaClient", arg, true)
	if err != nil {
		panic(err)
	}
	c, cerr := client.New(token, opts...)
	if cerr != nil {
		panic(vm.NewTypeError("TolokaClient: %s", strings.TrimPrefix(cerr.Error(), "toloka client: ")))
	}
	o, cerr := b.clientObject(c)
	if cerr != nil {
		panic(stdlib.NewError(vm, cerr))
	}
	return o
}

func (b *binder) clientOptions(fn string, v goja.Value, withTarget bool) ([]client.Option, *goja.Object) {
	vm := b.vm
	var opts []client.Option
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, vm.NewTypeError("%s: expected an options object, got %s", fn, describe(v))
	}
	for _, k := range obj.Keys() {
		val := obj.Get(k)
		if b.opts.FixedServer && (k == "env" || k == "environment" || k == "url") {
			return nil, vm.NewTypeError("%s: option %s: changing the server is switched off in this runtime", fn, k)
		}
		switch k {
		case "token":
		case "env", "environment":
			env, err := client.EnvironmentByName(val.String())
			if err != nil {
				return nil, vm.NewTypeError("%s: option %s: %v", fn, k, err)
			}
			opts = append(opts, client.WithEnvironment(env))
		case "url":
			opts = append(opts, client.WithURL(val.String()))
		case "retries":
			opts = append(opts, client.WithRetries(int(val.ToInteger())))
		case "timeout":
			d, err := durationOf(val)
			if err != nil {
				return nil, vm.NewTypeError("%s: option timeout: %v", fn, err)
			}
			opts = append(opts, client.WithTimeout(d))
		case "act_under_account_id", "actUnderAccountId":
			opts = append(opts, client.WithActUnderAccount(val.String()))
		case "concurrency":
			n, ok := val.Export().(int64)
			if !ok || n < 1 {
				return nil, vm.NewTypeError("%s: option concurrency: expected a whole number of requests of at least 1, got %s", fn, describe(val))
			}
			opts = append(opts, client.WithConcurrency(int(n)))
		default:
			return nil, vm.NewTypeError("%s: unknown option %q (known: token, env, url, retries, timeout, act_under_account_id, concurrency)", fn, k)
		}
	}
	return opts, nil
}

func durationOf(v goja.Value) (time.Duration, error) {
	switch x := v.Export().(type) {
	case string:
		return time.ParseDuration(x)
	case int64:
		return time.Duration(x) * time.Millisecond, nil
	case float64:
		return time.Duration(x * float64(time.Millisecond)), nil
	}
	return 0, fmt.Errorf("expected milliseconds or a duration like '30s', got %s", v)
}

func describe(v goja.Value) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return "nothing"
	case goja.IsNull(v):
		return "null"
	}
	switch x := v.Export().(type) {
	case string:
		if len(x) > 40 {
			x = x[:40] + "…"
		}
		return fmt.Sprintf("a string %q", x)
	case bool:
		return "a boolean"
	case int64, float64:
		return "a number " + v.String()
	case []any:
		return "a list"
	}
	if o, ok := v.(*goja.Object); ok {
		if _, fn := goja.AssertFunction(o); fn {
			return "a function"
		}
		if o.ClassName() == "Array" {
			return "a list"
		}
	}
	return "an object"
}

// method binds one row of the table.
func (b *binder) method(c *client.Client, ep client.Endpoint, self *goja.Object) func(goja.FunctionCall) goja.Value {
	return b.methodWith(c, ep, self, b.callSync)
}

// methodWith checks a call's arguments and hands them to exec, which
// carries it out: callSync here, a goroutine and a Promise for toloka.async.
func (b *binder) methodWith(c *client.Client, ep client.Endpoint, self *goja.Object,
	exec func(c *client.Client, ep client.Endpoint, cl client.Call, outPath string, self *goja.Object) goja.Value) func(goja.FunctionCall) goja.Value {
	vm := b.vm
	name := "toloka." + JSName(ep.Name)
	return func(call goja.FunctionCall) goja.Value {
		defer recoverGoPanic(vm, name)
		args := call.Arguments
		cl := client.Call{Options: map[string]any{}}
		if len(args) > len(ep.Args)+1 {
			panic(vm.NewTypeError("%s: expected at most %d arguments (%s), got %d", name, len(ep.Args)+1, signature(ep), len(args)))
		}
		var outPath string
		for i, p := range ep.Args {
			var v goja.Value
			if i < len(args) {
				v = args[i]
			}
			if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
				cl.Args = append(cl.Args, nil)
				continue
			}
			if _, isSymbol := v.(*goja.Symbol); isSymbol { // its Export is its description: "x" would pass for an id
				panic(vm.NewTypeError("%s: argument %s: expected %s, got a symbol", name, p.Name, describeParam(p)))
			}
			switch {
			case p.In == client.InLocal: // download_attachment's file path
				s, ok := v.Export().(string)
				if !ok {
					panic(vm.NewTypeError("%s: argument %s: expected a file path, got %s", name, p.Name, describe(v)))
				}
				outPath = s
				cl.Args = append(cl.Args, nil)
			case p.Type == "Operation":
				if o, ok := v.(*goja.Object); ok && o.ClassName() != "String" {
					cl.Args = append(cl.Args, o.Get("id").String())
				} else {
					cl.Args = append(cl.Args, v.String())
				}
			case p.In == client.InPath:
				switch x := v.Export().(type) {
				case string:
					cl.Args = append(cl.Args, x)
				case int64:
					cl.Args = append(cl.Args, fmt.Sprint(x))
				default:
					panic(vm.NewTypeError("%s: argument %s: expected a string id, got %s", name, p.Name, describe(v)))
				}
			case p.Type == "string":
				s, ok := v.Export().(string)
				if !ok {
					panic(vm.NewTypeError("%s: argument %s: expected a string, got %s", name, p.Name, describe(v)))
				}
				cl.Args = append(cl.Args, s)
			default:
				wantList := strings.HasSuffix(p.Type, "[]")
				o, isObj := v.(*goja.Object)
				isList := isObj && o.ClassName() == "Array"
				if !isObj || wantList != isList {
					what := "a " + p.Type + " object"
					if wantList {
						what = "a list"
					}
					panic(vm.NewTypeError("%s: argument %s: expected %s, got %s", name, p.Name, what, describe(v)))
				}
				if p.Type == "string[]" {
					cl.Args = append(cl.Args, o.Export())
					continue
				}
				s, err := b.stringify(goja.Undefined(), v)
				if err != nil {
					panic(err)
				}
				cl.Args = append(cl.Args, json.RawMessage(s.String()))
			}
		}
		if len(args) == len(ep.Args)+1 {
			opt := args[len(ep.Args)]
			o, ok := opt.(*goja.Object)
			if !ok || o.ClassName() == "Array" {
				if !goja.IsUndefined(opt) && !goja.IsNull(opt) {
					panic(vm.NewTypeError("%s: the last argument holds the options and must be an object {…}, got %s", name, describe(opt)))
				}
			} else {
				for _, k := range o.Keys() {
					cl.Options[k] = b.optionValue(o.Get(k))
				}
			}
		}
		return exec(c, ep, cl, outPath, self)
	}
}

// callSync makes the call and waits for its answer.
func (b *binder) callSync(c *client.Client, ep client.Endpoint, cl client.Call, outPath string, self *goja.Object) goja.Value {
	var bar *progress.Bar
	if ep.Kind == client.KindSync && b.opts.Interactive {
		bar = progress.New(b.opts.Stderr, JSName(ep.Name))
		cl.Progress = func(op *client.Operation) { bar.Update(op.Progress, op.Status) }
	}
	if ep.Kind == client.KindBytes && outPath != "" {
		return b.download(c, ep, cl, outPath)
	}
	ctx := b.opts.Context()
	res, err := c.Invoke(ctx, ep.Name, cl)
	bar.Done()
	if err != nil {
		panic(b.jsError(JSName(ep.Name), err))
	}
	return b.result(ep, res, self)
}

// optionValue is an option as the client takes it: unchecked(v) from
// require('toloka') becomes client.Unchecked, which skips the enum check.
func (b *binder) optionValue(v goja.Value) any {
	if o, ok := v.(*goja.Object); ok {
		if tag := o.GetSymbol(symbolFor(b.vm, "tolokash.unchecked")); tag != nil && tag.ToBoolean() {
			return client.Unchecked{Value: o.Get("value").Export()}
		}
	}
	return v.Export()
}

// describeParam says what an argument should be, for errors.
func describeParam(p client.Param) string {
	switch {
	case p.In == client.InPath, p.Type == "Operation":
		return "a string id"
	case p.Type == "string":
		return "a string"
	case strings.HasSuffix(p.Type, "[]"):
		return "a list"
	}
	return "a " + p.Type + " object"
}

func (b *binder) result(ep client.Endpoint, res *client.Result, self *goja.Object) goja.Value {
	vm := b.vm
	switch ep.Kind {
	case client.KindNoContent:
		return goja.Undefined()
	case client.KindIterator:
		ctx := b.opts.Context
		pager := res.Pager
		parser := newJSONParser(vm)
		pull := func() goja.Value {
			items, err := pager.NextPage(ctx())
			if err == io.EOF {
				return goja.Null()
			}
			if err != nil {
				panic(b.jsError(JSName(ep.Name), err))
			}
			return vm.NewArray(lazyItems(parser, items)...)
		}
		it, err := vm.New(b.iterator, vm.ToValue(pull), vm.ToValue(pager.Close))
		if err != nil {
			panic(err)
		}
		return it
	case client.KindAsync:
		if res.Operation == nil {
			return goja.Null()
		}
		raw, _ := json.Marshal(res.Operation)
		return b.operationValue(raw, self)
	case client.KindBytes:
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		if err != nil {
			panic(b.jsError(JSName(ep.Name), err))
		}
		bufCtor := vm.Get("Buffer")
		if bufCtor == nil {
			return vm.ToValue(vm.NewArrayBuffer(data)) // a VM without Buffer (embedders) gets the bytes as an ArrayBuffer
		}
		from, _ := goja.AssertFunction(bufCtor.ToObject(vm).Get("from"))
		buf, err := from(goja.Undefined(), vm.ToValue(vm.NewArrayBuffer(data)))
		if err != nil {
			panic(err)
		}
		return buf
	case client.KindTSV:
		defer res.Body.Close()
		df, err := stdlib.DataFrameFromTSV(vm, res.Body)
		if err != nil {
			panic(stdlib.NewError(vm, fmt.Errorf("toloka.getAssignmentsDf: %w", err)))
		}
		return df
	}
	if len(bytes.TrimSpace(res.JSON)) == 0 {
		return goja.Undefined()
	}
	if ep.Result == "Operation" {
		return b.operationValue(res.JSON, self)
	}
	v, err := fromJSON(vm, res.JSON)
	if err != nil {
		panic(stdlib.NewError(vm, fmt.Errorf("%s: %w", ep.Name, err)))
	}
	return v
}

func (b *binder) operationValue(raw []byte, self *goja.Object) goja.Value {
	fields, err := fromJSON(b.vm, raw)
	if err != nil {
		panic(stdlib.NewError(b.vm, err))
	}
	op, err := b.vm.New(b.operation, fields, self)
	if err != nil {
		panic(err)
	}
	return op
}

// download streams an attachment into path through a temporary file, so a
// failure leaves no half-written file behind.
func (b *binder) download(c *client.Client, ep client.Endpoint, cl client.Call, path string) goja.Value {
	vm := b.vm
	if b.opts.NoFiles {
		panic(vm.NewTypeError("toloka.downloadAttachment: writing to %q: file access is switched off in this runtime; call it without a path to get the bytes", path))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		panic(stdlib.NewError(vm, fmt.Errorf("toloka.downloadAttachment: %w", err)))
	}
	defer os.Remove(tmp.Name())
	cl.Out = tmp
	if _, err := c.Invoke(b.opts.Context(), ep.Name, cl); err != nil {
		tmp.Close()
		panic(b.jsError(JSName(ep.Name), err))
	}
	if err := tmp.Close(); err != nil {
		panic(stdlib.NewError(vm, fmt.Errorf("toloka.downloadAttachment: %w", err)))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		panic(stdlib.NewError(vm, fmt.Errorf("toloka.downloadAttachment: %w", err)))
	}
	return vm.ToValue(path)
}

// jsError turns a Go error into the JS exception scripts can catch by class.
func (b *binder) jsError(method string, err error) goja.Value {
	vm := b.vm
	var ae *client.ArgError
	if errors.As(err, &ae) {
		return vm.NewTypeError("toloka.%s: %s", method, ae.Detail())
	}
	fields := vm.NewObject()
	fields.Set("method", method)
	class := "TolokaError"
	message := err.Error()
	var apiErr *client.APIError
	var failed *client.OperationFailedError
	var timeout *client.WaitTimeoutError
	switch {
	case errors.As(err, &apiErr):
		class = map[string]string{"VALIDATION_ERROR": "ValidationError", "DOES_NOT_EXIST": "DoesNotExistError",
			"CONFLICT_STATE": "ConflictStateError", "ACCESS_DENIED": "AccessDeniedError", "AUTHENTICATION_ERROR": "AuthenticationError",
			"TOO_MANY_REQUESTS": "TooManyRequestsError", "INTERNAL_ERROR": "InternalError",
			"REMOTE_SERVICE_UNAVAILABLE": "RemoteServiceUnavailableError"}[apiErr.Code]
		if class == "" {
			class = "TolokaError"
			if errors.Is(err, client.ErrIncorrectAction) {
				class = "IncorrectActionsError"
			}
		}
		fields.Set("code", apiErr.Code)
		if apiErr.Status != 0 {
			fields.Set("status", apiErr.Status)
		}
		fields.Set("requestId", apiErr.RequestID)
		fields.Set("payload", goja.Null())
		if len(apiErr.Payload) > 0 {
			if p, err := fromJSON(vm, apiErr.Payload); err == nil {
				fields.Set("payload", p)
			}
		}
		if fs := apiErr.InvalidFields(); fs != nil {
			fields.Set("invalidFields", fs)
		}
		if apiErr.Quota != "" {
			fields.Set("quota", string(apiErr.Quota))
		}
	case errors.As(err, &failed):
		class = "OperationFailedError"
		fields.Set("code", "OPERATION_FAILED")
		raw, _ := json.Marshal(failed.Operation)
		op, _ := fromJSON(vm, raw)
		fields.Set("operation", op)
	case errors.As(err, &timeout):
		class = "WaitTimeoutError"
		fields.Set("code", "WAIT_TIMEOUT")
		raw, _ := json.Marshal(timeout.Operation)
		op, _ := fromJSON(vm, raw)
		fields.Set("operation", op)
	default:
		// Not an answer of the API (the network, a timeout): say which call.
		return stdlib.NewError(vm, fmt.Errorf("toloka.%s: %w", method, err))
	}
	e, cerr := vm.New(b.errors[class], vm.ToValue(message), fields)
	if cerr != nil {
		return stdlib.NewError(vm, err)
	}
	dropPreludeFrames(vm, e)
	return e
}

// dropPreludeFrames leaves the error classes' own constructor (in
// prelude.js) out of an error's stack: the stack starts at the call.
func dropPreludeFrames(vm *goja.Runtime, e *goja.Object) {
	st := e.Get("stack")
	if st == nil || goja.IsUndefined(st) {
		return
	}
	lines := strings.Split(st.String(), "\n")
	kept := lines[:0]
	for _, l := range lines {
		if !strings.Contains(l, "tolokash/prelude.js") {
			kept = append(kept, l)
		}
	}
	e.DefineDataProperty("stack", vm.ToValue(strings.Join(kept, "\n")), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}
