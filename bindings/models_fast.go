package bindings

import (
	"github.com/dop251/goja"
)

// The model classes' hot paths in Go: building an object from its options and
// writing it as JSON. A script builds 100k tasks; in goja every function call,
// loop and property read of models.js's general code costs, so the common
// case (an options object of known keys and values of the right types) is
// done here, by checkers compiled once per field type (models_check.go).
// Whatever these do not accept at once (a wrong value, an unknown key,
// unchecked(), a class with an expanded field, a value models.js converts)
// goes to models.js, which gives the same result or the error naming the
// class, the key and the suggestion.
// So Go only ever says "this is fine, and here is the result models.js would
// give"; TestModelsFastPathAgrees holds it to that.
//
// Reading an options object twice (once here, once in models.js after a
// refusal) would show only in getters with side effects.

// construct is construct() of models.js for a simple class: the arguments
// split into positional values and options, then build. into is the object
// `new` made, or nil.
func (m *modelSet) construct(mc *modelClass, args []goja.Value, into *goja.Object) (goja.Value, bool) {
	if !m.fastBuild(mc) {
		return nil, false
	}
	var opts *goja.Object
	pos := args
	if n := len(args); n > 0 {
		if last, ok := args[n-1].(*goja.Object); ok {
			if m.isProxy(last) || m.isUnchecked(last) {
				return nil, false
			}
			if m.isPlain(last) {
				keys := true
				if n <= len(mc.positional) {
					for _, k := range last.Keys() {
						if _, ok := mc.keyword[k]; !ok {
							keys = false
							break
						}
					}
				}
				if keys {
					opts, pos = last, args[:n-1]
				}
			}
		}
	}
	if len(pos) > len(mc.positional) {
		return nil, false
	}
	return m.build(mc, pos, opts, into)
}

// build is build() of models.js for a simple class.
func (m *modelSet) build(mc *modelClass, pos []goja.Value, opts *goja.Object, into *goja.Object) (goja.Value, bool) {
	if !m.fastBuild(mc) || m.depth > maxDepth {
		return nil, false // a cycle of plain objects is models.js's RangeError
	}
	m.depth++
	defer func() { m.depth-- }()
	vals := m.scratch(len(mc.fields))
	defer clear(vals)
	for i, p := range pos {
		if !goja.IsUndefined(p) {
			vals[mc.positional[i]] = p
		}
	}
	if opts != nil {
		for _, k := range opts.Keys() {
			v := opts.Get(k)
			if v == nil {
				v = goja.Undefined()
			}
			i, ok := mc.keyword[k]
			if !ok {
				if !m.isTag(mc, k, v) {
					return nil, false
				}
				continue
			}
			if vals[i] != nil && !goja.IsUndefined(vals[i]) {
				return nil, false
			}
			vals[i] = v
		}
	}
	for i := range mc.fields {
		f := &mc.fields[i]
		if f.def != "" && (vals[i] == nil || goja.IsUndefined(vals[i])) {
			vals[i] = m.defaultValue(mc, i)
		}
	}
	for i := range mc.fields {
		if v := vals[i]; !isNothing(v) {
			c, ok := mc.fields[i].check(m, v, nil)
			if !ok {
				return nil, false
			}
			if c != nil {
				vals[i] = c
			}
		}
	}
	if h := m.hooks(mc); h.prepare != nil {
		h.prepare(m, mc, vals, mc.display)
	}
	// The members go in before the prototype: setting one on an object with a
	// prototype looks up the chain for a setter first.
	self, proto := into, m.protos[mc.idx]
	if self == nil {
		self = m.vm.CreateObject(nil)
	} else {
		proto = self.Prototype()
		_ = self.SetPrototype(nil)
	}
	for i := range mc.fields {
		if v := vals[i]; v != nil && !goja.IsUndefined(v) {
			self.Set(mc.fields[i].name, v)
		}
	}
	_ = self.SetPrototype(proto)
	m.fastBuilds++
	return self, true
}

// isTag reports whether k: v is the class's own discriminator, which the
// API's JSON carries and construction skips.
func (m *modelSet) isTag(mc *modelClass, k string, v goja.Value) bool {
	for _, t := range mc.c.Tags {
		if t.Key == k && goja.IsString(v) && v.String() == t.Value {
			return true
		}
	}
	return false
}

// defaultValue is a field's default: primitives shared, objects new each time
// (as JSON.parse(JSON.stringify(d)) in models.js).
func (m *modelSet) defaultValue(mc *modelClass, i int) goja.Value {
	def := mc.fields[i].def
	if def[0] == '[' || def[0] == '{' {
		v, err := fromJSON(m.vm, []byte(def))
		if err != nil {
			panic(err) // the description's JSON is checked by its tests
		}
		return v
	}
	key := defaultKey{mc.idx, i}
	if v, ok := m.defaults[key]; ok {
		return v
	}
	v, err := fromJSON(m.vm, []byte(def))
	if err != nil {
		panic(err)
	}
	m.defaults[key] = v
	return v
}

type defaultKey struct{ class, field int }

// unstructure is unstructure() of models.js for an object whose members are
// all its class's fields; ok false leaves the object to models.js. With
// asIs (JSON.stringify is asking) it may return self itself, when its own
// members already are the JSON, as most tasks' are: JSON.stringify then
// writes it without a copy. (A replacer given to JSON.stringify sees the
// object rather than a copy of it.)
func (m *modelSet) unstructure(self *goja.Object, asIs bool) (goja.Value, bool) {
	idx := m.classOf(self)
	if idx < 0 || m.depth > maxDepth {
		return nil, false
	}
	mc := m.table.classes[idx]
	h := m.hooks(mc)
	if !h.fastOut {
		return nil, false
	}
	if extra := self.GetSymbol(m.extraSym); extra != nil && !goja.IsUndefined(extra) {
		return nil, false
	}
	m.depth++
	defer func() { m.depth-- }()
	vals := m.scratch(len(mc.fields))
	defer clear(vals)
	// models.js reads self[name] for each field, enumerable or not, and
	// refuses enumerable members that are not fields.
	names := self.GetOwnPropertyNames()
	last := -1
	for _, k := range names {
		i, ok := mc.byName[k]
		if !ok {
			return nil, false
		}
		vals[i] = self.Get(k)
		if i < last {
			asIs = false
		}
		last = i
	}
	// JSON.stringify writes only the enumerable members.
	asIs = asIs && len(self.Keys()) == len(names)
	asIs = asIs && mc.asIs && h.jsOut == nil && (h.out == nil || overlapAsIs(mc, vals))
	// Every value is checked before any is written, so that models.js, given
	// the object after all, starts from scratch.
	for i := range mc.fields {
		v := vals[i]
		if mc.fields[i].arg || isNothing(v) {
			asIs = asIs && (v == nil || goja.IsUndefined(v) || mc.fields[i].req)
			continue
		}
		var clean *bool
		if asIs {
			clean = m.flag(true)
		}
		c, ok := mc.fields[i].check(m, v, clean)
		if clean != nil {
			asIs = *clean
		}
		if !ok {
			return nil, false
		}
		if c != nil {
			asIs = false
			vals[i] = c
		}
	}
	m.fastWrites++
	if asIs {
		return self, true
	}
	out := m.vm.NewObject()
	for i := range mc.fields {
		f := &mc.fields[i]
		v := vals[i]
		if f.arg || v == nil || goja.IsUndefined(v) || goja.IsNull(v) && !f.req {
			continue
		}
		if u := m.unstructureValue(v); !goja.IsUndefined(u) {
			out.Set(f.wire, u)
		}
	}
	for _, t := range mc.c.Tags {
		out.Set(t.Key, t.Value)
	}
	switch {
	case h.out != nil:
		h.out(m, self, out)
	case h.jsOut != nil:
		return m.call(h.jsOut, self, out), true
	}
	return out, true
}

// scratch is a slice for the values of one object, one per depth of the
// recursion, kept from call to call: building 100k tasks allocates none.
func (m *modelSet) scratch(n int) []goja.Value {
	for len(m.bufs) <= m.depth {
		m.bufs = append(m.bufs, nil)
	}
	b := m.bufs[m.depth]
	if cap(b) < n {
		b = make([]goja.Value, n)
		m.bufs[m.depth] = b
	}
	b = b[:n]
	clear(b)
	return b
}

// flag is a bool for a checker to clear, one per depth, so that passing its
// address allocates nothing.
func (m *modelSet) flag(v bool) *bool {
	for len(m.flags) <= m.depth {
		m.flags = append(m.flags, new(bool))
	}
	*m.flags[m.depth] = v
	return m.flags[m.depth]
}

// maxDepth bounds the Go paths' recursion: deeper (or cyclic) values go to
// models.js, whose stack goja bounds.
const maxDepth = 64

// clean reports whether JSON.stringify writes v as it would write what
// unstructureValue makes of it: primitives, and lists and object literals of
// them (no Date, model object, unchecked() or toJSON).
func (m *modelSet) clean(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return true
	}
	if _, fn := goja.AssertFunction(o); fn || m.depth > maxDepth || m.isProxy(o) {
		return false
	}
	switch o.ClassName() {
	case "Array":
		if hasToJSON(o) {
			return false
		}
		m.depth++
		defer func() { m.depth-- }()
		n := int(o.Get("length").ToInteger())
		for i := range n {
			if x := o.Get(index(i)); x != nil && !m.clean(x) {
				return false
			}
		}
		return true
	case "Object":
		if !m.isPlain(o) || o.Prototype() != nil && m.objectToJSON() {
			return false
		}
		m.depth++
		defer func() { m.depth-- }()
		for _, k := range o.GetOwnPropertyNames() { // enumerable or not: clean is never wrongly true
			if k == "toJSON" {
				return false
			}
			if x := o.Get(k); x != nil && !m.clean(x) {
				return false
			}
		}
		return true
	}
	return false
}

// unstructureValue is unstructureValue of models.js. What is not a primitive,
// a list, an object literal or a model object goes to models.js.
func (m *modelSet) unstructureValue(v goja.Value) goja.Value {
	o, ok := v.(*goja.Object)
	if !ok {
		return v
	}
	if _, fn := goja.AssertFunction(o); fn {
		return v
	}
	if m.isUnchecked(o) {
		return m.unstructureValue(o.Get("value"))
	}
	if m.isProxy(o) || m.depth > maxDepth {
		return m.call(m.js.unstructureValue, o)
	}
	m.depth++
	defer func() { m.depth-- }()
	switch o.ClassName() {
	case "Object":
	case "Array":
		n := int(o.Get("length").ToInteger())
		out := make([]any, n)
		for i := range n {
			x := o.Get(index(i))
			if x == nil {
				x = goja.Undefined()
			}
			u := m.unstructureValue(x)
			if goja.IsUndefined(u) {
				u = goja.Null()
			}
			out[i] = u
		}
		return m.vm.NewArray(out...)
	default:
		return m.call(m.js.unstructureValue, o) // a Date, a Map, …
	}
	if m.classOf(o) >= 0 {
		out, ok := m.unstructure(o, false)
		if !ok {
			out = m.call(m.js.unstructure, o)
		}
		if obj, ok := out.(*goja.Object); ok && len(obj.Keys()) == 0 {
			return goja.Undefined()
		}
		return out
	}
	if p := o.Prototype(); p != m.objectProto && p != nil {
		return m.call(m.js.unstructureValue, o)
	}
	if fn, ok := goja.AssertFunction(o.Get("toJSON")); ok {
		r, err := fn(o)
		if err != nil {
			panic(err)
		}
		return r
	}
	out := m.vm.NewObject()
	for _, k := range o.Keys() {
		x := o.Get(k)
		if x == nil {
			continue
		}
		if u := m.unstructureValue(x); !goja.IsUndefined(u) {
			out.Set(k, u)
		}
	}
	return out
}

// call calls a function of models.js; its exception goes on as the script's.
func (m *modelSet) call(fn goja.Callable, args ...goja.Value) goja.Value {
	r, err := fn(goja.Undefined(), args...)
	if err != nil {
		panic(err)
	}
	return r
}
