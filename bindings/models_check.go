package bindings

import (
	"math"
	"reflect"
	"regexp"
	"strconv"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/internal/schema"
)

// The checkers of the Go paths (models_fast.go), compiled once per field
// type, and what they ask of a value: plain, a list, a model object, a
// Template Builder component.

// checker is a field type compiled: what check() of models.js does, as ok
// (the value is right) and conv (what check() returns instead of v, or nil
// for v itself); ok false leaves the value to models.js. Given clean, it also
// clears it when JSON.stringify would not write v as unstructureValue would
// (see clean), in the same walk.
type checker func(m *modelSet, v goja.Value, clean *bool) (conv goja.Value, ok bool)

var decimalText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func (t *modelTable) checker(ty *schema.Type) checker {
	c := t.checkerOf(ty)
	return func(m *modelSet, v goja.Value, clean *bool) (goja.Value, bool) {
		if m.isUnchecked(v) {
			unclean(clean)
			return nil, true
		}
		return c(m, v, clean)
	}
}

func unclean(clean *bool) {
	if clean != nil {
		*clean = false
	}
}

func (t *modelTable) checkerOf(ty *schema.Type) checker {
	switch ty.Kind {
	case schema.Str, schema.UUID, schema.Datetime:
		// A Date for a datetime is left to models.js.
		return func(_ *modelSet, v goja.Value, _ *bool) (goja.Value, bool) { return nil, goja.IsString(v) }
	case schema.Int:
		return func(_ *modelSet, v goja.Value, _ *bool) (goja.Value, bool) {
			if !goja.IsNumber(v) {
				return nil, false
			}
			f := v.ToFloat()
			return nil, !math.IsInf(f, 0) && !math.IsNaN(f) && math.Trunc(f) == f
		}
	case schema.Float:
		return func(_ *modelSet, v goja.Value, _ *bool) (goja.Value, bool) { return nil, isFinite(v) }
	case schema.Decimal:
		return func(_ *modelSet, v goja.Value, _ *bool) (goja.Value, bool) {
			if isFinite(v) {
				return nil, true
			}
			if goja.IsString(v) && decimalText.MatchString(v.String()) {
				return v.ToNumber(), true
			}
			return nil, false
		}
	case schema.Bool:
		return func(m *modelSet, v goja.Value, _ *bool) (goja.Value, bool) {
			return nil, v == m.trueValue || v == m.falseValue
		}
	case schema.Any:
		return func(m *modelSet, v goja.Value, clean *bool) (goja.Value, bool) {
			if _, fn := goja.AssertFunction(v); fn {
				return nil, false
			}
			if _, sym := v.(*goja.Symbol); sym {
				return nil, false
			}
			if clean != nil && *clean && !m.clean(v) {
				*clean = false
			}
			return nil, true
		}
	case schema.Dict:
		return func(m *modelSet, v goja.Value, clean *bool) (goja.Value, bool) {
			o, ok := v.(*goja.Object)
			if !ok || !m.isPlain(o) {
				return nil, false
			}
			if clean != nil && *clean && !m.clean(v) {
				*clean = false
			}
			return nil, true
		}
	case schema.Component:
		return func(m *modelSet, v goja.Value, clean *bool) (goja.Value, bool) {
			o, ok := v.(*goja.Object)
			unclean(clean)
			return nil, ok && m.isComponent(o)
		}
	case schema.EnumKind:
		values := t.enumByID[ty.Enum.ID()].values
		return func(_ *modelSet, v goja.Value, _ *bool) (goja.Value, bool) {
			return nil, goja.IsString(v) && values[v.String()]
		}
	case schema.List:
		elem := t.checker(ty.Elem)
		return func(m *modelSet, v goja.Value, clean *bool) (goja.Value, bool) {
			o, ok := v.(*goja.Object)
			if !ok || !m.isArray(o) {
				return nil, false
			}
			if clean != nil && hasToJSON(o) {
				*clean = false
			}
			n := int(o.Get("length").ToInteger())
			var out []any // a copy only when an element changes
			for i := range n {
				x := o.Get(index(i))
				if x == nil {
					x = goja.Undefined()
				}
				c, ok := elem(m, x, clean)
				if !ok {
					return nil, false
				}
				if c != nil && out == nil {
					out = make([]any, n)
					for j := range i {
						out[j] = o.Get(index(j))
					}
				}
				if out != nil {
					if c == nil {
						c = x
					}
					out[i] = c
				}
			}
			if out != nil {
				return m.vm.NewArray(out...), true
			}
			return nil, true
		}
	case schema.Map:
		elem := t.checker(ty.Elem)
		return func(m *modelSet, v goja.Value, clean *bool) (goja.Value, bool) {
			o, ok := v.(*goja.Object)
			if !ok || !m.isPlain(o) {
				return nil, false
			}
			if clean != nil && o.Prototype() != nil && m.objectToJSON() {
				*clean = false
			}
			// Every own member, not only the enumerable ones models.js
			// checks: a non-enumerable one that fails sends the object to
			// models.js, which is slower but right.
			for _, k := range o.GetOwnPropertyNames() {
				if k == "toJSON" {
					unclean(clean)
				}
				x := o.Get(k)
				if x == nil {
					x = goja.Undefined()
				}
				// A converted member needs models.js's copy (Object.assign).
				if c, ok := elem(m, x, clean); !ok || c != nil {
					return nil, false
				}
			}
			return nil, true
		}
	case schema.ClassKind:
		target := t.byID[ty.Class.ID()]
		return func(m *modelSet, v goja.Value, clean *bool) (goja.Value, bool) {
			o, ok := v.(*goja.Object)
			if !ok {
				return nil, false
			}
			unclean(clean)
			if idx := m.classOf(o); idx >= 0 {
				return nil, m.table.classes[idx].c.IsA(target.c)
			}
			if !m.isPlain(o) {
				return nil, false
			}
			return m.build(target, nil, o, nil)
		}
	case schema.Union:
		// As models.js: the alternatives of the value's shape, tried in order.
		alts := make([]checker, len(ty.Alts))
		for i, a := range ty.Alts {
			alts[i] = t.checker(a)
		}
		return func(m *modelSet, v goja.Value, clean *bool) (goja.Value, bool) {
			for i, a := range ty.Alts {
				fits, sure := m.shapeFits(a, v)
				if !sure {
					return nil, false
				}
				if fits {
					return alts[i](m, v, clean)
				}
			}
			return nil, false
		}
	}
	return func(*modelSet, goja.Value, *bool) (goja.Value, bool) { return nil, false }
}

// objectToJSON reports whether a script gave Object.prototype a toJSON
// (then no object literal is written as it is).
func (m *modelSet) objectToJSON() bool { return hasToJSON(m.objectProto) }

// hasToJSON reports whether JSON.stringify would call o.toJSON.
func hasToJSON(o *goja.Object) bool {
	t := o.Get("toJSON")
	return t != nil && !goja.IsUndefined(t)
}

func isFinite(v goja.Value) bool {
	if !goja.IsNumber(v) {
		return false
	}
	f := v.ToFloat()
	return !math.IsInf(f, 0) && !math.IsNaN(f)
}

// shapeFits is shapeFits of models.js: whether v has the shape of t,
// whatever its contents; sure is false where Go cannot tell.
func (m *modelSet) shapeFits(t *schema.Type, v goja.Value) (fits, sure bool) {
	o, isObj := v.(*goja.Object)
	if isObj && m.isProxy(o) {
		return false, false
	}
	switch t.Kind {
	case schema.Any:
		return true, true
	case schema.Component:
		return isObj && m.isComponent(o), true
	case schema.Str, schema.UUID, schema.EnumKind:
		return goja.IsString(v), true
	case schema.Int, schema.Float:
		return goja.IsNumber(v), true
	case schema.Decimal:
		return goja.IsNumber(v) || goja.IsString(v), true
	case schema.Bool:
		return v == m.trueValue || v == m.falseValue, true
	case schema.Datetime:
		if isObj && o.ClassName() == "Date" {
			return false, false
		}
		return goja.IsString(v), true
	case schema.Dict, schema.Map:
		return isObj && m.isPlain(o), true
	case schema.List:
		return isObj && m.isArray(o), true
	case schema.ClassKind:
		if !isObj {
			return false, true
		}
		if m.isPlain(o) {
			return true, true
		}
		idx := m.classOf(o)
		return idx >= 0 && m.table.classes[idx].c.IsA(t.Class), true
	}
	// A union inside a union does not occur in the description.
	return false, false
}

// index is the property name of an array index, without allocating for the
// short lists models have.
func index(i int) string {
	if i < len(indexNames) {
		return indexNames[i]
	}
	return strconv.Itoa(i)
}

var indexNames = func() []string {
	out := make([]string, 256)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}()

var proxyType = reflect.TypeOf(goja.Proxy{})

func (m *modelSet) isProxy(o *goja.Object) bool { return o.ExportType() == proxyType }

// isPlain is isPlain of models.js: an object literal or the API's JSON. A
// Proxy is left to models.js.
func (m *modelSet) isPlain(o *goja.Object) bool {
	if m.isProxy(o) {
		return false
	}
	p := o.Prototype()
	return p == m.objectProto || p == nil
}

// isArray is Array.isArray, for what is not a Proxy.
func (m *modelSet) isArray(o *goja.Object) bool { return o.ClassName() == "Array" && !m.isProxy(o) }

func (m *modelSet) isUnchecked(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	return ok && m.uncheckedProto != nil && o.Prototype() == m.uncheckedProto
}

// classOf is the model class of an instance (the nearest class prototype on
// its chain, as v[DESC] finds it), or -1.
func (m *modelSet) classOf(o *goja.Object) int {
	for p := o.Prototype(); p != nil; p = p.Prototype() {
		if idx, ok := m.protoClass[p]; ok {
			return idx
		}
	}
	return -1
}

// isComponent is isComponent of models.js: an instance of tb.BaseComponent
// or tb.RefComponent (not built yet: then nothing is one).
func (m *modelSet) isComponent(o *goja.Object) bool {
	idx := m.classOf(o)
	if idx < 0 {
		return false
	}
	c := m.table.classes[idx].c
	return m.components[0] != nil && c.IsA(m.components[0]) || m.components[1] != nil && c.IsA(m.components[1])
}
