package runtime

import (
	"fmt"
	"strings"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/internal/decl"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// installHelp defines help(): topics, help on a value (toloka, a method,
// DataFrame, a frame, an iterator, an operation, a module, console) and a
// search (help('bonus')), all from Declarations.
func (r *Runtime) installHelp() {
	vm := r.vm
	fn := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		fmt.Fprintln(r.opts.Stdout, wrapHelp(r.HelpText(call.Argument(0)), r.width()))
		return goja.Undefined()
	}).(*goja.Object)
	fn.DefineDataProperty("name", vm.ToValue("help"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	vm.Set("help", fn)
}

// topics are what help() lists, by the type that describes each.
var topics = []struct{ label, typ, how string }{
	{"toloka", "TolokaClient", "help(toloka), help(toloka.getPool)"},
	{"DataFrame", "DataFrame", "help(DataFrame), help(df.groupBy)"},
	{"LazyIterator", "LazyIterator", "what toloka.get…() lists are"},
	{"Operation", "Operation", "what *Async methods return"},
	{"TolokaError", "TolokaError", "the API's errors"},
	{"require('fs')", "fs", "also require('csv'), require('compress')"},
	{"streaming", "toloka/streaming", "require('toloka/streaming'): Pipeline and observers"},
	{"metrics", "toloka/metrics", "require('toloka/metrics'): Balance, …, MetricCollector"},
	{"console", "Console", "and util: util.inspect, util.format"},
	{"process", "Process", "process.argv, process.exit"},
	{"globals", "globals:runtime", "setTimeout, print, sleep, …"},
}

// HelpText is what help(v) prints.
func (r *Runtime) HelpText(v goja.Value) string {
	reg := registry()
	if v == nil || goja.IsUndefined(v) {
		var b strings.Builder
		b.WriteString("help(x) tells about x. Topics:\n")
		for _, t := range topics {
			summary := ""
			if typ, ok := reg.Type(t.typ); ok {
				summary = firstLine(typ.Doc)
			}
			if t.typ == "globals:runtime" {
				summary = "functions and constants every script has"
			}
			if len([]rune(summary)) > 60 { // with the label, 78 columns
				summary = string([]rune(summary)[:59]) + "…"
			}
			fmt.Fprintf(&b, "  %-15s %s\n  %-15s   %s\n", t.label, summary, "", t.how)
		}
		b.WriteString("  help('word')    every method whose name or description has the word (help('bonus'))")
		return b.String()
	}
	if s, ok := v.Export().(string); ok {
		if _, isObj := v.(*goja.Object); !isObj {
			return r.search(s)
		}
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		return fmt.Sprintf("No help for %s. help() lists the topics.", r.inspect(v, InspectOptions{}, false))
	}
	// A toloka method knows its own help (route, options, defaults).
	if h, ok := goja.AssertFunction(obj.Get("help")); ok {
		if _, isFn := goja.AssertFunction(obj); isFn {
			if out, err := h(obj); err == nil {
				return strings.TrimRight(out.String(), "\n")
			}
		}
	}
	if text, ok := bindings.NamespaceHelp(obj); ok {
		return text
	}
	if name := r.TypeOf(obj); name != "" {
		if t, ok := reg.Type(name); ok {
			return decl.HelpType(t)
		}
	}
	for _, c := range r.containers() {
		if c.value == obj && !c.instance {
			return decl.HelpType(c.typ)
		}
	}
	if _, isFn := goja.AssertFunction(obj); isFn {
		if text, ok := r.memberHelp(obj); ok {
			return text
		}
	}
	return fmt.Sprintf("No help for %s. help() lists the topics.", r.inspect(v, InspectOptions{Depth: DepthNone}, false))
}

// TypeOf is the declared type of an object, from the tag its maker put on it
// or on its prototype (Symbol.for('tolokash.type')): TolokaClient,
// LazyIterator, Operation, DataFrame, GroupBy…; "" when it has none.
// Like Lookup, it runs no code of the script's: no getter, no proxy trap.
func (r *Runtime) TypeOf(obj *goja.Object) string {
	sym := jsvalue.Symbol(r.vm, jsvalue.Type)
	for o := unproxy(obj); o != nil; o = unproxy(o.Prototype()) {
		if d := symbolDescriptor(r.vm, o, sym); d != nil {
			if v := d.Get("value"); v != nil && !goja.IsUndefined(v) {
				return v.String()
			}
			return ""
		}
		if o.Prototype() == o {
			break
		}
	}
	return ""
}

// container is an object whose members are declared: a global (console,
// DataFrame), a class's prototype, a module's exports.
type container struct {
	typ      *decl.Type
	value    *goja.Object
	instance bool // the prototype: members of instances
}

func (r *Runtime) containers() []container {
	vm := r.vm
	var out []container
	for _, s := range registry().Sections() {
		for i := range s.Types {
			t, _ := registry().Type(s.Types[i].Name)
			if t == nil || t.Kind == decl.Functions {
				continue
			}
			var v goja.Value
			switch {
			case t.Kind == decl.Module:
				v = r.tryRequire(t.Name)
			case t.Global != "":
				v = vm.GlobalObject().Get(t.Global)
			}
			obj, ok := v.(*goja.Object)
			if !ok {
				continue
			}
			out = append(out, container{typ: t, value: obj})
			if t.Kind == decl.Class {
				if proto, ok := obj.Get("prototype").(*goja.Object); ok {
					out = append(out, container{typ: t, value: proto, instance: true})
				}
			}
			if t.Kind == decl.Module {
				out = append(out, r.moduleClasses(t.Name, obj)...)
			}
		}
	}
	return out
}

// moduleClasses are the classes a module exports (require('toloka/aggregation').DawidSkene)
// and their prototypes.
func (r *Runtime) moduleClasses(module string, exports *goja.Object) []container {
	var out []container
	for _, s := range registry().Sections() {
		for i := range s.Types {
			t, _ := registry().Type(s.Types[i].Name)
			if t == nil || t.Module != module || t.Kind != decl.Class {
				continue
			}
			ctor, ok := exports.Get(t.Name).(*goja.Object)
			if !ok {
				continue
			}
			out = append(out, container{typ: t, value: ctor})
			if proto, ok := ctor.Get("prototype").(*goja.Object); ok {
				out = append(out, container{typ: t, value: proto, instance: true})
			}
		}
	}
	return out
}

// tryRequire is require(name) for a module that may be switched off.
func (r *Runtime) tryRequire(name string) (v goja.Value) {
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	fn, ok := goja.AssertFunction(r.vm.Get("require"))
	if !ok {
		return nil
	}
	v, err := fn(goja.Undefined(), r.vm.ToValue(name))
	if err != nil {
		return nil
	}
	return v
}

// memberHelp finds a function among the declared members: by identity in a
// global, module or class, else by its name when one type alone has it.
func (r *Runtime) memberHelp(fn *goja.Object) (string, bool) {
	for _, c := range r.containers() {
		for _, m := range c.typ.Members {
			if m.Property || m.Static == c.instance && c.typ.Kind == decl.Class {
				continue
			}
			if v, ok := c.value.Get(m.Name).(*goja.Object); ok && v == fn {
				return decl.HelpMember(c.typ, m), true
			}
		}
	}
	name := ""
	if n := fn.Get("name"); n != nil {
		name = n.String()
	}
	if name == "" {
		return "", false
	}
	var found []string
	for _, s := range registry().Sections() {
		for i := range s.Types {
			t := &s.Types[i]
			for _, m := range t.Members {
				if m.Name == name && !m.Property && !m.Hidden {
					found = append(found, decl.HelpMember(t, m))
				}
			}
		}
	}
	if len(found) == 0 || len(found) > 3 {
		return "", false
	}
	return strings.Join(found, "\n\n"), true
}

// search is help('word'): every member whose name or description has it.
func (r *Runtime) search(word string) string {
	word = strings.TrimSpace(word)
	if word == "" {
		return r.HelpText(nil)
	}
	found := registry().Search(word)
	if len(found) == 0 {
		return fmt.Sprintf("Nothing mentions %q. help() lists the topics.", word)
	}
	return fmt.Sprintf("%d about %q:\n  %s", len(found), word, strings.Join(found, "\n  "))
}
