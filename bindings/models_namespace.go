package bindings

import (
	"slices"

	"github.com/dop251/goja"
)

// modelNamespace is require('toloka') and each namespace under it (filter,
// project.template_builder, …): its members are listed from the description
// and each class is built when first read. A name it lacks reads on to its
// prototype, models.js's guard, which throws with the closest name
// (collectors.GOLDENSET → did you mean GoldenSet?).
type modelNamespace struct {
	m      *modelSet
	layout *modelNamespaceLayout
	values []goja.Value // by member, once read
	help   goja.Value
	// What a script sets (or deletes: nil) on a namespace, and then the
	// names in order.
	changed map[string]goja.Value
	order   []string
}

// namespace returns the namespace at path, made on first use.
func (m *modelSet) namespace(path string) *goja.Object {
	if o, ok := m.namespaces[path]; ok {
		return o
	}
	layout := m.table.namespaces[path]
	ns := &modelNamespace{m: m, layout: layout, values: make([]goja.Value, len(layout.members))}
	o := m.vm.NewDynamicObject(ns)
	_ = o.SetPrototype(m.nsGuard)
	m.namespaces[path] = o
	return o
}

func (n *modelNamespace) Get(key string) goja.Value {
	if v, ok := n.changed[key]; ok {
		return v
	}
	if i, ok := n.layout.index[key]; ok {
		return n.member(i)
	}
	switch {
	case key == "help":
		if n.help == nil {
			path := n.layout.path
			n.help = n.m.vm.ToValue(func() string { return modelHelp(path) })
		}
		return n.help
	case n.layout.path == "" && (key == "unchecked" || key == "Unchecked"):
		return n.m.js.api.Get(key)
	}
	return nil
}

func (n *modelNamespace) member(i int) goja.Value {
	if v := n.values[i]; v != nil {
		return v
	}
	m := n.m
	mem := n.layout.members[i]
	var v goja.Value
	switch mem.kind {
	case "class":
		v = m.call(m.js.classFor, m.vm.ToValue(mem.ref))
	case "enum":
		v = m.call(m.js.enumFor, m.vm.ToValue(mem.ref))
	default:
		v = m.namespace(mem.ref)
	}
	n.values[i] = v
	return v
}

func (n *modelNamespace) Has(key string) bool {
	if v, ok := n.changed[key]; ok {
		return v != nil
	}
	_, ok := n.layout.index[key]
	return ok || key == "help" || n.layout.path == "" && (key == "unchecked" || key == "Unchecked")
}

// Set and Delete change the namespace as they would an object: a new name
// goes last; help and Unchecked stay out of Keys.
func (n *modelNamespace) Set(key string, v goja.Value) bool {
	n.changing()
	if !n.Has(key) && !slices.Contains(n.order, key) {
		n.order = append(n.order, key)
	}
	n.changed[key] = v
	return true
}

func (n *modelNamespace) Delete(key string) bool {
	n.changing()
	n.order = slices.DeleteFunc(n.order, func(k string) bool { return k == key })
	n.changed[key] = nil
	return true
}

func (n *modelNamespace) changing() {
	if n.changed == nil {
		n.changed = map[string]goja.Value{}
		n.order = n.Keys()
	}
}

// Keys lists the members as models.js always has: help and Unchecked are
// not enumerable.
func (n *modelNamespace) Keys() []string {
	if n.changed != nil {
		return slices.Clone(n.order)
	}
	keys := make([]string, 0, len(n.layout.members)+1)
	for _, mem := range n.layout.members {
		keys = append(keys, mem.name)
	}
	if n.layout.path == "" {
		keys = append(keys, "unchecked")
	}
	return keys
}

// NamespaceHelp is help() on a namespace of the model classes
// (help(toloka.conditions), help(require('toloka'))); ok is false for any
// other value.
func NamespaceHelp(v goja.Value) (text string, ok bool) {
	obj, isObj := v.(*goja.Object)
	if !isObj {
		return "", false
	}
	ns, isNS := obj.Export().(*modelNamespace)
	if !isNS {
		return "", false
	}
	return modelHelp(ns.layout.path), true
}
