package bindings

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
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
	p   *jsonParser
	raw []byte // the object's JSON
	// parts, for an object made of JSON read apart (a batch create's items,
	// each a slice of the page it was read back in), holds the members'
	// values: a member not yet read is parts[start]. raw is then nil.
	parts   [][]byte
	indexed bool
	edited  bool // a member was deleted, or raw differs from what JS reads (a name given twice, array-index names)
	members []member
	byName  map[string]int // for large objects, built on demand
	like    *lazyObject    // a sibling read before, whose members are likely named as these are
	// sorted says the members are named by array indices in ascending
	// order (a batch create's items), found by a binary search: members
	// builds no map of such names.
	sorted bool
	// lastChild is the member last made a lazy object, the like of the next.
	lastChild *lazyObject
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

// index finds where each member's value is, without reading the values.
func (l *lazyObject) index() {
	if l.indexed {
		return
	}
	l.indexed = true
	var like []member
	if l.like != nil && l.like.indexed {
		like = l.like.members
	}
	l.like = nil
	members, byName, edited, err := l.p.members(l.raw, like)
	if err != nil {
		panic(l.p.vm.NewTypeError("reading an API object: %v", err))
	}
	l.members, l.byName, l.edited = members, byName, edited
	l.sorted = byName == nil && len(members) > lazyIndexAbove
}

// members finds the members of the object raw, which the pager has checked:
// each name, and where its value is, without reading the values, and for a
// large object a map of the names. A name given twice keeps its first place
// and its last value, as in JSON.parse; edited says whether raw holds such a
// name, or one JS lists out of order (array indices come first), so that raw
// is not what JS reads. It touches only the parser's key cache, so a parser
// without a VM can run it on another goroutine (prepareItems).
//
// like is the members of an object of the same shape, if there is one (the
// item before, in a page): names in the same places are taken from it after
// a compare of their bytes, instead of a lookup in the key cache.
func (p *jsonParser) members(raw []byte, like []member) (members []member, byName map[string]int, edited bool, err error) {
	savedData, savedI := p.data, p.i
	defer func() { p.data, p.i = savedData, savedI }()
	p.data, p.i = raw, 1
	p.space()
	if p.i >= len(p.data) || p.data[p.i] == '}' {
		return nil, nil, false, nil
	}
	if like != nil {
		members = make([]member, 0, len(like))
	} else { // room for an item's dozen members, or a nested object's few
		members = make([]member, 0, min(16, 2+len(raw)/40))
	}
	ascending := true
	for {
		p.space()
		var name string
		if k := len(members); k < len(like) && p.sameKey(like[k].name) {
			name = like[k].name
		} else if name, err = p.key(); err != nil {
			return nil, nil, false, err
		}
		p.space()
		p.i++ // the ':'
		p.space()
		start := p.i
		p.skip()
		m := member{name: name, start: int32(start), end: int32(p.i)}
		if isArrayIndex(name) {
			edited = true
			if ascending && (len(members) == 0 || indexBefore(members[len(members)-1].name, name)) {
				// Named by indices in ascending order (a batch create's
				// items), so far: no name can be given twice, and a look-up
				// is a binary search without a map.
				members = append(members, m)
				p.space()
				if p.i >= len(p.data) || p.data[p.i] != ',' {
					return members, byName, edited, nil
				}
				p.i++
				continue
			}
		}
		if ascending {
			ascending = false
			if len(members) > lazyIndexAbove {
				byName = make(map[string]int, 2*len(members))
				for i := range members {
					byName[members[i].name] = i
				}
			}
		}
		i := -1
		if byName != nil {
			if at, ok := byName[name]; ok {
				i = at
			}
		} else {
			i = lookupMember(members, name)
		}
		if i >= 0 {
			members[i] = m
			edited = true
		} else {
			members = append(members, m)
			if byName != nil {
				byName[name] = len(members) - 1
			} else if len(members) > lazyIndexAbove {
				byName = make(map[string]int, 2*len(members))
				for i := range members {
					byName[members[i].name] = i
				}
			}
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ',' {
			return members, byName, edited, nil
		}
		p.i++
	}
}

// rawOf is the JSON of a member not yet read.
func (l *lazyObject) rawOf(m *member) []byte {
	if l.parts != nil {
		return l.parts[m.start]
	}
	return l.raw[m.start:m.end]
}

// lookupMember is lookup by a walk, for a list being built.
func lookupMember(members []member, name string) int {
	for i := range members {
		if members[i].name == name {
			return i
		}
	}
	return -1
}

// lookup returns the index of the member called name, or -1.
func (l *lazyObject) lookup(name string) int {
	if l.sorted {
		if !isArrayIndex(name) {
			return -1
		}
		i, found := slices.BinarySearchFunc(l.members, name, func(m member, name string) int {
			switch {
			case m.name == name:
				return 0
			case indexBefore(m.name, name):
				return -1
			}
			return 1
		})
		if found {
			return i
		}
		return -1
	}
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
	return lookupMember(l.members, name)
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
		m.val = l.p.lazyValue(l.rawOf(m))
		if len(l.members) > lazyIndexAbove {
			// The members of a large object (a batch create's items, by
			// index) are mostly alike: each is indexed after the shape of
			// the one read before it, as a page's items are.
			if child := lazyOf(m.val); child != nil {
				child.like, l.lastChild = l.lastChild, child
			}
		}
	}
	return m.val
}

func (l *lazyObject) Set(key string, val goja.Value) bool {
	if i := l.find(key); i >= 0 {
		l.members[i].val = val
		return true
	}
	if n := len(l.members); l.sorted && !(isArrayIndex(key) && (n == 0 || indexBefore(l.members[n-1].name, key))) {
		l.sorted = false // out of order: looked up through a map from now on
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
	for i := range l.members {
		keys[i] = l.members[i].name
	}
	return jsKeyOrder(keys)
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
			out = append(out, l.rawOf(m)...)
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
	if l.parts != nil {
		return false // there is no raw to give
	}
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

// sameKey moves past the key at p.i if it is name, written plainly.
func (p *jsonParser) sameKey(name string) bool {
	end := p.i + 1 + len(name)
	if end >= len(p.data) || p.data[end] != '"' || string(p.data[p.i+1:end]) != name {
		return false
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '\\' || name[i] == '"' { // written with escapes: the key reads otherwise
			return false
		}
	}
	p.i = end + 1
	return true
}

// skip moves p.i past the value there without building it. The JSON is
// known to be valid.
func (p *jsonParser) skip() {
	depth := 0
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case '"':
			p.i = stringEnd(p.data, p.i+1) + 1
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

// stringEnd returns the index of the quote that ends the string whose
// contents start at b[i] (len(b) if none does), eight bytes at a time to
// the first quote or backslash (the has-zero-byte trick, whose lowest mark
// is exact).
func stringEnd(b []byte, i int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for {
		for i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			q, s := x^(0x22*lo), x^(0x5c*lo)
			if m := ((q-lo)&^q | (s-lo)&^s) & hi; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		for i < len(b) && b[i] != '"' && b[i] != '\\' {
			i++
		}
		if i >= len(b) || b[i] == '"' {
			return i
		}
		i += 2 // an escape and the byte it escapes
	}
}
