// Package bindings binds the Toloka client to JavaScript as the `toloka`
// global: every row of the client's endpoint table under its camelCase name and
// its toloka-kit snake_case name, with lazy iterators, operations and typed errors.
package bindings

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/jsvalue"
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
	// NoFiles refuses writing files (downloadAttachment to a path, getAssignmentsDf to out) for untrusted scripts.
	NoFiles bool
	// FixedServer keeps untrusted scripts on the embedder's server: withOptions
	// may not change url or env (the token would go elsewhere), and new
	// TolokaClient is refused.
	FixedServer bool
	// Reserve, when set, is asked before bytes are read into memory (an
	// attachment downloaded without a path): may the run take n more bytes?
	Reserve func(n int64) error
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
	trueVal   goja.Value
	falseVal  goja.Value
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
	b := &binder{vm: vm, opts: opts, errors: map[string]*goja.Object{}, trueVal: vm.ToValue(true), falseVal: vm.ToValue(false)}
	makeErrors, _ := goja.AssertFunction(parts.Get("errorClasses"))
	errsV, err := makeErrors(goja.Undefined(), vm.ToValue(errorClassNames()))
	if err != nil {
		return fmt.Errorf("bindings prelude: %w", err)
	}
	errs := errsV.ToObject(vm)
	for _, name := range errs.Keys() {
		ctor := errs.Get(name).ToObject(vm)
		b.errors[name] = ctor
		vm.Set(name, ctor)
	}
	b.iterator = parts.Get("LazyIterator").ToObject(vm)
	b.operation = parts.Get("Operation").ToObject(vm)
	vm.Set("LazyIterator", b.iterator)
	installStringify(vm)
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
	obj.DefineDataPropertySymbol(jsvalue.Symbol(vm, jsvalue.Inspect), inspect, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	// What help() and completion know it as (see Declarations).
	obj.DefineDataPropertySymbol(jsvalue.Symbol(vm, jsvalue.Type), vm.ToValue("TolokaClient"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
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

// newClient is `new TolokaClient({token, env, url, retries, timeout, act_under_account_id})`.
func (b *binder) newClient(call goja.ConstructorCall) *goja.Object {
	vm := b.vm
	if b.opts.FixedServer {
		panic(vm.NewTypeError("TolokaClient: new clients are switched off in this runtime; use toloka"))
	}
	arg := call.Argument(0)
	obj, ok := arg.(*goja.Object)
	if !ok {
		panic(vm.NewTypeError("TolokaClient: expected an options object {token, env or url, …}, got %s", jsvalue.Describe(arg)))
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
		return nil, vm.NewTypeError("%s: expected an options object, got %s", fn, jsvalue.Describe(v))
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
			d, err := client.ParseDuration(val.Export())
			if err != nil {
				return nil, vm.NewTypeError("%s: option timeout: expected milliseconds or a duration like '30s' (between 0 and 292 years), got %s", fn, jsvalue.Describe(val))
			}
			opts = append(opts, client.WithTimeout(d))
		case "act_under_account_id", "actUnderAccountId":
			opts = append(opts, client.WithActUnderAccount(val.String()))
		case "concurrency":
			n, ok := val.Export().(int64)
			if !ok || n < 1 {
				return nil, vm.NewTypeError("%s: option concurrency: expected a whole number of requests of at least 1, got %s", fn, jsvalue.Describe(val))
			}
			opts = append(opts, client.WithConcurrency(int(n)))
		default:
			return nil, vm.NewTypeError("%s: unknown option %q (known: token, env, url, retries, timeout, act_under_account_id, concurrency)", fn, k)
		}
	}
	return opts, nil
}
