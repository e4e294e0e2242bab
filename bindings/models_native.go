package bindings

import (
	"fmt"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/internal/schema"
)

// modelSet is the model classes of one VM: the Go half of what
// models.js builds. Classes are built when a script first names one, so that
// require('toloka') costs what the few classes a script uses cost.
type modelSet struct {
	vm    *goja.Runtime
	table *modelTable

	// By class index: the prototype, once built, and its behaviour.
	protos     []*goja.Object
	protoClass map[*goja.Object]int
	classHooks []classHooks
	// tb.BaseComponent and tb.RefComponent, once built.
	components [2]*schema.Class

	objectProto, uncheckedProto *goja.Object
	trueValue, falseValue       goja.Value
	extraSym                    *goja.Symbol
	defaults                    map[defaultKey]goja.Value

	// models.js's functions, from its api object.
	js struct {
		construct, unstructure, unstructureValue, classFor, enumFor goja.Callable
		special, api                                                *goja.Object
	}
	// The Go hooks models_special.js registers, by identity.
	overlapInit, overlapOut *goja.Object
	toJSON                  goja.Value

	ready  bool // models_special.js has run: hooks are known
	jsOnly bool // every object through models.js (TestModelsFastPathAgrees)
	// How many objects Go built and wrote itself, for the tests.
	fastBuilds, fastWrites int
	depth                  int // of the Go paths' recursion
	bufs                   [][]goja.Value
	flags                  []*bool
	namespaces             map[string]*goja.Object
	nsGuard                *goja.Object
}

// classHooks is what models_special.js adds to one class, as the Go paths
// need it: Go functions where the hook is Go's, else a call to JavaScript.
type classHooks struct {
	resolved bool
	// prepare is an init hook of Go's, run on the checked values before the
	// object is made, so that what it adds takes its place among the fields.
	prepare func(m *modelSet, mc *modelClass, vals []goja.Value, where string)
	jsInit  bool // an init hook only models.js runs
	out     func(m *modelSet, self, out *goja.Object)
	jsOut   goja.Callable
	fastOut bool // toJSON in Go: no prototype answers to a field's name
}

func newModelSet(vm *goja.Runtime) *modelSet {
	t := loadModelTable()
	m := &modelSet{vm: vm, table: t, protos: make([]*goja.Object, len(t.classes)), protoClass: map[*goja.Object]int{},
		classHooks: make([]classHooks, len(t.classes)),
		defaults:   map[defaultKey]goja.Value{}, namespaces: map[string]*goja.Object{},
		trueValue: vm.ToValue(true), falseValue: vm.ToValue(false)}
	m.objectProto = vm.Get("Object").ToObject(vm).Get("prototype").ToObject(vm)
	m.toJSON = vm.ToValue(func(call goja.FunctionCall) goja.Value {
		if self, ok := call.This.(*goja.Object); ok {
			// JSON.stringify calls toJSON(key); a script calls toJSON().
			asIs := len(call.Arguments) > 0 && goja.IsString(call.Arguments[0])
			if out, ok := m.unstructure(self, asIs); ok {
				return out
			}
		}
		return m.call(m.js.unstructure, call.This)
	})
	return m
}

// start runs models.js and models_special.js and returns the root
// namespace, require('toloka').
func (m *modelSet) start() *goja.Object {
	vm := m.vm
	factory, err := vm.RunProgram(modelsProgram())
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("models: %w", err)))
	}
	install, err := vm.RunProgram(specialProgram())
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("models: %w", err)))
	}
	build, _ := goja.AssertFunction(factory)
	apiV, err := build(goja.Undefined(), m.native(), install)
	if err != nil {
		panic(err)
	}
	api := apiV.ToObject(vm)
	m.js.api = api
	fn := func(name string) goja.Callable {
		f, ok := goja.AssertFunction(api.Get(name))
		if !ok {
			panic(vm.NewGoError(fmt.Errorf("models: models.js gives no %s", name)))
		}
		return f
	}
	m.js.construct, m.js.unstructure, m.js.unstructureValue = fn("construct"), fn("unstructure"), fn("unstructureValue")
	m.js.classFor, m.js.enumFor = fn("classFor"), fn("enumFor")
	m.js.special = api.Get("special").ToObject(vm)
	m.uncheckedProto = api.Get("Unchecked").ToObject(vm).Get("prototype").ToObject(vm)
	m.extraSym = api.Get("EXTRA").(*goja.Symbol)
	m.nsGuard = api.Get("namespaceGuard").ToObject(vm)
	m.ready = true
	return m.namespace("")
}

// native is what models.js asks of Go.
func (m *modelSet) native() *goja.Object {
	vm := m.vm
	t := m.table
	o := vm.NewObject()
	o.Set("classJSON", func(id string) string { return t.byID[id].descJSON() })
	o.Set("enumJSON", func(id string) string { return t.enumByID[id].json })
	o.Set("component", func(typ string) string { return t.components[typ] })
	o.Set("help", func(id string) string { return modelHelp(id) })
	o.Set("newClass", func(idx int, desc goja.Value) *goja.Object { return m.newClass(idx, desc) })
	o.Set("where", func(v goja.Value) string {
		if obj, ok := v.(*goja.Object); ok {
			if ns, ok := obj.Export().(*modelNamespace); ok {
				if ns.layout.path == "" {
					return "require('toloka')"
				}
				return ns.layout.path
			}
		}
		return "object"
	})
	o.Set("toJSON", m.toJSON)
	m.overlapInit = vm.ToValue(func(self *goja.Object, _ goja.Value, where string) goja.Value {
		overlapInit(m, self, where)
		return goja.Undefined()
	}).(*goja.Object)
	m.overlapOut = vm.ToValue(func(self, out *goja.Object) *goja.Object {
		overlapOut(m, self, out)
		return out
	}).(*goja.Object)
	o.Set("overlapInit", m.overlapInit)
	o.Set("overlapOut", m.overlapOut)
	return o
}

// newClass makes the constructor of class idx: a native one, so that
// toloka.Task({…}) runs no JavaScript unless Go leaves the object to
// models.js (desc is models.js's descriptor, for construct(d, args)).
func (m *modelSet) newClass(idx int, desc goja.Value) *goja.Object {
	vm := m.vm
	mc := m.table.classes[idx]
	var ctor *goja.Object
	ctor = vm.ToValue(func(call goja.ConstructorCall) *goja.Object {
		var into *goja.Object // new Task(…): the object goja made for it
		if call.NewTarget == ctor {
			into = call.This
		}
		if v, ok := m.construct(mc, call.Arguments, into); ok {
			return v.(*goja.Object)
		}
		args := make([]any, len(call.Arguments))
		for i, a := range call.Arguments {
			args[i] = a
		}
		return m.call(m.js.construct, desc, vm.NewArray(args...)).ToObject(vm)
	}).(*goja.Object)
	_ = ctor.DefineDataProperty("name", vm.ToValue(schema.Short(mc.c.Name)), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	proto := ctor.Get("prototype").ToObject(vm)
	m.protos[idx] = proto
	m.protoClass[proto] = idx
	switch mc.id {
	case "project.template_builder.base.BaseComponent":
		m.components[0] = mc.c
	case "project.template_builder.base.RefComponent":
		m.components[1] = mc.c
	}
	return ctor
}

// fastBuild reports whether Go may build objects of mc.
func (m *modelSet) fastBuild(mc *modelClass) bool {
	if !mc.simple || m.protos[mc.idx] == nil || m.jsOnly {
		return false
	}
	h := m.hooks(mc)
	return h.resolved && !h.jsInit
}

// hooks finds what models_special.js added to mc, once it has run.
func (m *modelSet) hooks(mc *modelClass) *classHooks {
	h := &m.classHooks[mc.idx]
	if h.resolved || !m.ready || m.protos[mc.idx] == nil || m.jsOnly {
		return h
	}
	h.resolved = true
	if v := m.js.special.Get("init").ToObject(m.vm).Get(mc.id); v != nil && !goja.IsUndefined(v) {
		if obj, ok := v.(*goja.Object); ok && obj == m.overlapInit {
			h.prepare = overlapPrepare
		} else {
			h.jsInit = true
		}
	}
	h.fastOut = true
	if v := m.js.special.Get("unstructure").ToObject(m.vm).Get(mc.id); v != nil && !goja.IsUndefined(v) {
		if obj, ok := v.(*goja.Object); ok && obj == m.overlapOut {
			h.out = overlapOut
		} else if fn, ok := goja.AssertFunction(v); ok {
			h.jsOut = fn
		} else {
			h.fastOut = false
		}
	}
	// models.js reads self[name]: a field not set would find a prototype's member.
	for _, f := range mc.fields {
		if v := m.protos[mc.idx].Get(f.name); v != nil && !goja.IsUndefined(v) {
			h.fastOut = false
		}
	}
	return h
}

// The overlap of a task or task suite is one setting in two fields: a number,
// or infinite. models_special.js registers these hooks for Task, TaskSuite and
// TaskSuitePatch; Go runs them without a call into JavaScript. A finite
// overlap sets infinite_overlap: false, in its place before overlap, so that
// the object's members are in the order its JSON has them.
func overlapRule(m *modelSet, overlap, infinite goja.Value, where string) (finite bool) {
	if isNothing(overlap) {
		if infinite != nil && infinite.StrictEquals(m.falseValue) {
			panic(m.vm.NewTypeError("%s: a finite overlap needs a value for overlap", where))
		}
		return false
	}
	if infinite != nil && infinite.StrictEquals(m.trueValue) {
		panic(m.vm.NewTypeError("%s: infinite_overlap: true takes no overlap", where))
	}
	return true
}

// overlapPrepare is the hook on the values of an object Go builds.
func overlapPrepare(m *modelSet, mc *modelClass, vals []goja.Value, where string) {
	o, i := mc.byName["overlap"], mc.byName["infinite_overlap"]
	if overlapRule(m, vals[o], vals[i], where) {
		vals[i] = m.falseValue
	}
}

// overlapInit is the hook on an object models.js built.
func overlapInit(m *modelSet, self *goja.Object, where string) {
	infinite := self.Get("infinite_overlap")
	if !overlapRule(m, self.Get("overlap"), infinite, where) {
		return
	}
	self.Set("infinite_overlap", false)
	if infinite != nil && !goja.IsUndefined(infinite) {
		return
	}
	// New, it went last: the fields after it go after it again.
	mc := m.table.classes[m.classOf(self)]
	after := mc.byName["infinite_overlap"]
	for _, k := range self.GetOwnPropertyNames() {
		if i, ok := mc.byName[k]; ok && i > after {
			v := self.Get(k)
			_ = self.Delete(k)
			self.Set(k, v)
		}
	}
}

func overlapOut(_ *modelSet, self, out *goja.Object) {
	o, i := self.Get("overlap"), self.Get("infinite_overlap")
	if o == nil || goja.IsUndefined(o) {
		o = goja.Null()
	}
	if i == nil || goja.IsUndefined(i) {
		i = goja.Null()
	}
	if !goja.IsNull(o) || !goja.IsNull(i) {
		out.Set("overlap", o)
		out.Set("infinite_overlap", i)
	}
}

// overlapAsIs reports whether overlapOut would leave an object's JSON as its
// members are: both set, or neither.
func overlapAsIs(mc *modelClass, vals []goja.Value) bool {
	o, i := vals[mc.byName["overlap"]], vals[mc.byName["infinite_overlap"]]
	return isNothing(o) == isNothing(i) && (o == nil || goja.IsUndefined(o)) == (i == nil || goja.IsUndefined(i))
}

func isNothing(v goja.Value) bool { return v == nil || goja.IsUndefined(v) || goja.IsNull(v) }
