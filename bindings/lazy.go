package bindings

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/dop251/goja"
)

// lazyObject is an object from an API page that becomes JS values only as a
// script reads it. A page of a thousand assignments is seven thousand objects
// and arrays; built eagerly as ordinary goja objects (a map and a key list
// each), they cost more than fetching the page, and most scripts read a few
// members of each item. Reading every member of a lazy object still costs
// less than building it eagerly: its members live in one slice.
//
// It reads and writes as an ordinary object (members, key order, JSON.stringify,
// spreading, delete, `in`), through goja's dynamic objects. What those cannot
// do it cannot either: Object.freeze, seal and preventExtensions, accessors,
// and symbol-keyed members throw a TypeError; a spread copy `{...item}` is an
// ordinary object that can.
//
// The pager has checked the page's JSON before it reaches here, so a member
// read later cannot fail to parse.
type lazyObject struct {
	p       *jsonParser
	raw     []byte // the object's JSON
	indexed bool
	edited  bool // a member was deleted, or raw differs from what JS reads (a name given twice, array-index names)
	members []member
	byName  map[string]int // for large objects, built on demand
}

type member struct {
	name       string
	start, end int32      // the value's JSON in raw, for a member not yet read
	val        goja.Value // once read or set
}

// lazyIndexAbove is the member count from which lookups go through a map.
const lazyIndexAbove = 16

func (p *jsonParser) newLazy(raw []byte) *goja.Object {
	return p.vm.NewDynamicObject(&lazyObject{p: p, raw: raw})
}

// index finds where each member's value is, without reading the values. A
// name given twice keeps its first place and its last value, as in JSON.parse.
func (l *lazyObject) index() {
	if l.indexed {
		return
	}
	l.indexed = true
	p := l.p
	savedData, savedI := p.data, p.i
	defer func() { p.data, p.i = savedData, savedI }()
	p.data, p.i = l.raw, 1
	p.space()
	if p.i >= len(p.data) || p.data[p.i] == '}' {
		return
	}
	for {
		p.space()
		name, err := p.key()
		if err != nil {
			panic(p.vm.NewTypeError("reading an API object: %v", err))
		}
		p.space()
		p.i++ // the ':'
		p.space()
		start := p.i
		p.skip()
		m := member{name: name, start: int32(start), end: int32(p.i)}
		if isArrayIndex(name) {
			l.edited = true
		}
		if i := l.lookup(name); i >= 0 {
			l.members[i] = m
			l.edited = true
		} else {
			if l.members == nil { // room for an item's dozen members, or a nested object's few
				l.members = make([]member, 0, min(16, 2+len(l.raw)/64))
			}
			l.members = append(l.members, m)
			if l.byName != nil {
				l.byName[name] = len(l.members) - 1
			}
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ',' {
			return
		}
		p.i++
	}
}

// lookup returns the index of the member called name, or -1.
func (l *lazyObject) lookup(name string) int {
	if len(l.members) > lazyIndexAbove {
		if l.byName == nil {
			l.byName = make(map[string]int, len(l.members))
			for i := range l.members {
				l.byName[l.members[i].name] = i
			}
		}
		if i, ok := l.byName[name]; ok {
			return i
		}
		return -1
	}
	for i := range l.members {
		if l.members[i].name == name {
			return i
		}
	}
	return -1
}

func (l *lazyObject) find(name string) int {
	l.index()
	return l.lookup(name)
}

func (l *lazyObject) Get(key string) goja.Value {
	i := l.find(key)
	if i < 0 {
		return nil
	}
	m := &l.members[i]
	if m.val == nil {
		m.val = l.p.lazyValue(l.raw[m.start:m.end])
	}
	return m.val
}

func (l *lazyObject) Set(key string, val goja.Value) bool {
	if i := l.find(key); i >= 0 {
		l.members[i].val = val
		return true
	}
	l.members = append(l.members, member{name: key, val: val})
	if l.byName != nil {
		l.byName[key] = len(l.members) - 1
	}
	return true
}

func (l *lazyObject) Has(key string) bool { return l.find(key) >= 0 }

func (l *lazyObject) Delete(key string) bool {
	if i := l.find(key); i >= 0 {
		l.members = slices.Delete(l.members, i, i+1)
		l.byName = nil
		l.edited = true
	}
	return true
}

// Keys lists the members in JS's order: those named by array indices first,
// in numeric order, then the rest in the order they came.
func (l *lazyObject) Keys() []string {
	l.index()
	keys := make([]string, len(l.members))
	indices := 0
	for i := range l.members {
		keys[i] = l.members[i].name
		if isArrayIndex(keys[i]) {
			indices++
		}
	}
	if indices > 0 {
		slices.SortStableFunc(keys, func(a, b string) int {
			ai, bi := isArrayIndex(a), isArrayIndex(b)
			switch {
			case ai && bi:
				x, _ := strconv.ParseUint(a, 10, 32)
				y, _ := strconv.ParseUint(b, 10, 32)
				return int(int64(x) - int64(y))
			case ai:
				return -1
			case bi:
				return 1
			}
			return 0
		})
	}
	return keys
}

// isArrayIndex reports whether s is a canonical array index (0 to 2³²−2),
// which JS lists before other member names.
func isArrayIndex(s string) bool {
	if s == "" || len(s) > 10 || len(s) > 1 && s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	n, err := strconv.ParseUint(s, 10, 64)
	return err == nil && n < 1<<32-1
}

// MarshalJSON is what Go sees when a script hands an API object to Go code
// that exports it (a DataFrame cell, say): its JSON as it stands now, with the
// script's changes.
func (l *lazyObject) MarshalJSON() ([]byte, error) {
	if l.pristine() {
		return l.raw, nil
	}
	out := []byte{'{'}
	for _, k := range l.Keys() {
		m := &l.members[l.lookup(k)]
		if m.val != nil && goja.IsUndefined(m.val) {
			continue // as JSON.stringify leaves it out
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		name, _ := json.Marshal(k)
		out = append(out, name...)
		out = append(out, ':')
		if m.val == nil {
			out = append(out, l.raw[m.start:m.end]...)
			continue
		}
		v, err := json.Marshal(m.val.Export())
		if err != nil {
			return nil, err
		}
		out = append(out, v...)
	}
	return append(out, '}'), nil
}

// pristine reports whether raw is still what a script reads: nothing read
// (a member read may be changed), written or deleted, and nothing in raw
// that JS reads differently.
func (l *lazyObject) pristine() bool {
	l.index()
	if l.edited {
		return false
	}
	for i := range l.members {
		if l.members[i].val != nil {
			return false
		}
	}
	return true
}

// lazyValue reads the JSON value raw, which the pager has checked, with its
// objects lazy.
func (p *jsonParser) lazyValue(raw []byte) goja.Value {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		return p.newLazy(raw)
	}
	savedData, savedI, savedLazy := p.data, p.i, p.lazy
	defer func() { p.data, p.i, p.lazy = savedData, savedI, savedLazy }()
	p.data, p.i, p.lazy = raw, 0, true
	v, err := p.value()
	if err != nil {
		panic(p.vm.NewTypeError("reading an API object: %v", err))
	}
	return v
}

// skip moves p.i past the value there without building it. The JSON is
// known to be valid.
func (p *jsonParser) skip() {
	depth := 0
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case '"':
			p.i++
			for p.i < len(p.data) && p.data[p.i] != '"' {
				if p.data[p.i] == '\\' {
					p.i++
				}
				p.i++
			}
			p.i++
		case '{', '[':
			depth++
			p.i++
		case '}', ']':
			depth--
			p.i++
		default:
			if depth == 0 { // a number or a literal: up to what follows it
				for p.i < len(p.data) && !isDelimiter(p.data[p.i]) {
					p.i++
				}
				return
			}
			p.i++
		}
		if depth == 0 {
			return
		}
	}
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// lazyItems makes a page's items lazy, each over its own copy of its JSON: a
// script that keeps one item of a page must not keep the whole page.
func lazyItems(p *jsonParser, items []json.RawMessage) []any {
	vals := make([]any, len(items))
	for i, raw := range items {
		vals[i] = p.lazyValue(bytes.Clone(raw))
	}
	return vals
}
