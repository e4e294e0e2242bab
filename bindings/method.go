package bindings

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/jsvalue"
	"github.com/tolokash/tolokash/internal/progress"
)

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
					panic(vm.NewTypeError("%s: argument %s: expected a file path, got %s", name, p.Name, jsvalue.Describe(v)))
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
					panic(vm.NewTypeError("%s: argument %s: expected a string id, got %s", name, p.Name, jsvalue.Describe(v)))
				}
			case p.Type == "string":
				s, ok := v.Export().(string)
				if !ok {
					panic(vm.NewTypeError("%s: argument %s: expected a string, got %s", name, p.Name, jsvalue.Describe(v)))
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
					panic(vm.NewTypeError("%s: argument %s: expected %s, got %s", name, p.Name, what, jsvalue.Describe(v)))
				}
				if p.Type == "string[]" {
					cl.Args = append(cl.Args, o.Export())
					continue
				}
				if raw, ok := argJSON(vm, v); ok {
					cl.Args = append(cl.Args, json.RawMessage(raw))
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
					panic(vm.NewTypeError("%s: the last argument holds the options and must be an object {…}, got %s", name, jsvalue.Describe(opt)))
				}
			} else {
				for _, k := range o.Keys() {
					if ep.Kind == client.KindTSV && k == "out" { // the export written to a file, here
						outPath = b.exportPath(name, o.Get(k))
						continue
					}
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
		cl.Progress = func(op *client.Operation) { bar.Update(op.Progress, string(op.Status)) }
	}
	if ep.Kind == client.KindBytes && outPath != "" {
		return b.download(c, ep, cl, outPath)
	}
	ctx := b.opts.Context()
	cl.ItemsApart = true // a batch create's objects become lazy JS objects where they were read
	res, err := c.Invoke(ctx, ep.Name, cl)
	bar.Done()
	if err != nil {
		panic(b.jsError(JSName(ep.Name), err))
	}
	if ep.Kind == client.KindTSV && outPath != "" {
		return b.saveExport("toloka."+JSName(ep.Name), res, outPath)
	}
	return b.result(ep, res, self)
}

// optionValue is an option as the client takes it: unchecked(v) from
// require('toloka') becomes client.Unchecked, which skips the enum check.
func (b *binder) optionValue(v goja.Value) any {
	if o, ok := v.(*goja.Object); ok {
		if tag := o.GetSymbol(jsvalue.Symbol(b.vm, jsvalue.Unchecked)); tag != nil && tag.ToBoolean() {
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
