package bindings

import (
	"bytes"
	"math"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// JSON.stringify of an API object that is still lazy writes it from the
// JSON it was read from, in Go, exactly as goja's JSON.stringify writes
// what JSON.parse makes of that JSON: no spaces; members in JS's order
// (array indices first, a name given twice in its first place with its
// last value); strings escaped as JS escapes them; numbers as JS prints
// them. goja's own builds a JS value for every member first and quotes
// every string a UTF-16 unit at a time, which made stringifying a
// 500-byte assignment cost 15 µs, sixty times fetching it.
//
// Members a script has read or set are written from their JS values. Whatever
// else could make the output differ — a replacer or an indent, a toJSON
// anywhere (on Object.prototype or Array.prototype, or a member holding a
// function), an object the script made, a cycle — goes to goja's
// JSON.stringify, as everything did before. FuzzLazyMatchesJSONParse holds
// the two together.

// installStringify replaces vm's JSON.stringify with one that takes the
// lazy path when it can.
func installStringify(vm *goja.Runtime) {
	json := vm.Get("JSON").ToObject(vm)
	orig, ok := goja.AssertFunction(json.Get("stringify"))
	if !ok {
		return
	}
	objectProto := vm.Get("Object").ToObject(vm).Get("prototype").ToObject(vm)
	arrayProto := vm.Get("Array").ToObject(vm).Get("prototype").ToObject(vm)
	w := &jsonWriter{vm: vm, p: &jsonParser{vm: vm, keys: map[string]string{}}}
	stringify := func(call goja.FunctionCall) goja.Value {
		if l := lazyOf(call.Argument(0)); l != nil && absent(call.Argument(1)) && absent(call.Argument(2)) &&
			!callable(call.Argument(0).(*goja.Object).Get("toJSON")) &&
			!callable(objectProto.Get("toJSON")) && !callable(arrayProto.Get("toJSON")) {
			w.out, w.stack = w.out[:0], w.stack[:0]
			if w.lazy(l) {
				return vm.ToValue(string(w.out))
			}
		}
		v, err := orig(call.This, call.Arguments...)
		if err != nil {
			panic(err)
		}
		return v
	}
	fn := vm.ToValue(stringify).(*goja.Object)
	fn.DefineDataProperty("name", vm.ToValue("stringify"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	fn.DefineDataProperty("length", vm.ToValue(3), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	json.DefineDataProperty("stringify", fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

var lazyType = reflect.TypeOf((*lazyObject)(nil))

// lazyOf is the lazy object behind v, or nil.
func lazyOf(v goja.Value) *lazyObject {
	if o, ok := v.(*goja.Object); ok && o.ExportType() == lazyType {
		return o.Export().(*lazyObject)
	}
	return nil
}

func absent(v goja.Value) bool { return v == nil || goja.IsUndefined(v) || goja.IsNull(v) }

func callable(v goja.Value) bool {
	_, ok := goja.AssertFunction(v)
	return ok
}

// jsonWriter writes JSON as goja's JSON.stringify does. Each method reports
// whether it could; if not, what it wrote is to be thrown away.
type jsonWriter struct {
	vm    *goja.Runtime
	p     *jsonParser // for the numbers and the members of raw objects
	out   []byte
	stack []*lazyObject  // the objects being written, to find a cycle
	made  []*goja.Object // the script's objects and arrays being written, likewise
}

// lazy writes a lazy object: its members as they stand. (Its toJSON, if it
// has one, is the caller's to look for: an object never read has none.)
func (w *jsonWriter) lazy(l *lazyObject) bool {
	for _, s := range w.stack {
		if s == l {
			return false // a cycle: goja's stringify throws
		}
	}
	w.stack = append(w.stack, l)
	defer func() { w.stack = w.stack[:len(w.stack)-1] }()
	l.index()
	w.out = append(w.out, '{')
	n := 0
	write := func(m *member) bool {
		mark := len(w.out)
		if n > 0 {
			w.out = append(w.out, ',')
		}
		w.quote(m.name)
		w.out = append(w.out, ':')
		if m.val == nil {
			if !w.raw(l.rawOf(m)) {
				return false
			}
		} else if written, ok := w.value(m.val); !ok {
			return false
		} else if !written {
			w.out = w.out[:mark] // undefined, a function, a symbol: left out
			return true
		}
		n++
		return true
	}
	if !l.edited {
		for i := range l.members {
			if !write(&l.members[i]) {
				return false
			}
		}
	} else {
		for _, k := range l.Keys() {
			if !write(&l.members[l.lookup(k)]) {
				return false
			}
		}
	}
	w.out = append(w.out, '}')
	return true
}

// value writes a JS value; written is false for what JSON.stringify leaves
// out of an object (undefined, functions, symbols).
func (w *jsonWriter) value(v goja.Value) (written, ok bool) {
	switch {
	case v == nil || goja.IsUndefined(v):
		return false, true
	case goja.IsNull(v):
		w.out = append(w.out, "null"...)
		return true, true
	}
	switch x := v.(type) {
	case *goja.Symbol:
		return false, true
	case *goja.Object:
		if callable(x) {
			return false, true
		}
		if callable(x.Get("toJSON")) {
			return false, false // its own, or its prototype's: goja's stringify calls it
		}
		if l := lazyOf(x); l != nil {
			return true, w.lazy(l)
		}
		switch x.ExportType() {
		case arrayType:
			return true, w.enter(x) && w.array(x) && w.leave()
		case plainType:
			return true, x.ClassName() == "Object" && w.enter(x) && w.object(x) && w.leave()
		}
		return false, false // a Proxy, a Map, a boxed primitive…: goja's stringify writes it
	case goja.String:
		w.quoteUTF16(x)
		return true, true
	}
	switch v.ExportType().Kind() {
	case reflect.Bool:
		if v.ToBoolean() {
			w.out = append(w.out, "true"...)
		} else {
			w.out = append(w.out, "false"...)
		}
	case reflect.Int64:
		w.out = append(w.out, v.String()...)
	case reflect.Float64:
		if f := v.ToFloat(); math.IsNaN(f) || math.IsInf(f, 0) {
			w.out = append(w.out, "null"...)
		} else {
			w.out = append(w.out, v.String()...)
		}
	default:
		return false, false // a BigInt: goja's stringify throws
	}
	return true, true
}

// arrayType and plainType are what goja exports an ordinary array and an
// ordinary object as: not a Proxy, a lazy object or a host object.
var (
	arrayType = reflect.TypeOf([]any(nil))
	plainType = reflect.TypeOf(map[string]any(nil))
)

// enter notes that the script's object o is being written; it reports
// false for a cycle, which goja's stringify throws on. The depth is bounded
// as goja's stringify bounds it, by the Go stack it runs on: past it, goja's
// writes it (or says why not).
func (w *jsonWriter) enter(o *goja.Object) bool {
	if len(w.made) >= 1000 {
		return false
	}
	for _, s := range w.made {
		if s == o {
			return false
		}
	}
	w.made = append(w.made, o)
	return true
}

func (w *jsonWriter) leave() bool {
	w.made = w.made[:len(w.made)-1]
	return true
}

// object writes an ordinary object the script made (its toJSON, if any, is
// the caller's to look for): its own enumerable members in JS's order,
// read as JSON.stringify reads them, getters included.
func (w *jsonWriter) object(o *goja.Object) bool {
	w.out = append(w.out, '{')
	n := 0
	for _, k := range o.Keys() {
		if !isASCII(k) { // a name goja holds in UTF-16 may not survive as Go text
			return false
		}
		mark := len(w.out)
		if n > 0 {
			w.out = append(w.out, ',')
		}
		w.quote(k)
		w.out = append(w.out, ':')
		written, ok := w.value(o.Get(k))
		if !ok {
			return false
		}
		if !written {
			w.out = w.out[:mark] // undefined, a function, a symbol: left out
			continue
		}
		n++
	}
	w.out = append(w.out, '}')
	return true
}

// array writes a JS array, which a script may have changed since it was
// read: its elements up to its length, a hole or what an object leaves out
// as null.
func (w *jsonWriter) array(a *goja.Object) bool {
	n := int(a.Get("length").ToInteger())
	w.out = append(w.out, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			w.out = append(w.out, ',')
		}
		start := len(w.out)
		written, ok := w.value(a.Get(strconv.Itoa(i)))
		if !ok {
			return false
		}
		if !written {
			w.out = append(w.out, "null"...)
		}
		if i == 0 && n > 64 { // room for the rest, sized like the first: a list of 100k tasks grows once
			w.out = slices.Grow(w.out, (len(w.out)-start+1)*(n-1)*9/8)
		}
	}
	w.out = append(w.out, ']')
	return true
}

// raw writes the JSON value raw (checked JSON, spaces trimmed) as
// JSON.stringify writes what JSON.parse makes of it.
func (w *jsonWriter) raw(raw []byte) bool {
	switch c := raw[0]; {
	case c == '"':
		w.rawString(raw)
	case c == '{':
		if w.simpleObject(raw) {
			return true
		}
		members, _, edited, err := w.p.members(raw, nil)
		if err != nil {
			return false
		}
		l := lazyObject{raw: raw, indexed: true, edited: edited, members: members}
		return w.lazy(&l)
	case c == '[':
		w.out = append(w.out, '[')
		p := w.p
		savedData, savedI := p.data, p.i
		defer func() { p.data, p.i = savedData, savedI }()
		p.data, p.i = raw, 1
		p.space()
		for first := true; p.i < len(raw) && raw[p.i] != ']'; first = false {
			if !first {
				w.out = append(w.out, ',')
				p.i++ // the ','
				p.space()
			}
			start := p.i
			p.skip()
			if !w.raw(raw[start:p.i]) {
				return false
			}
			p.space()
		}
		w.out = append(w.out, ']')
	case c == 't' || c == 'f' || c == 'n':
		w.out = append(w.out, raw...)
	default:
		w.rawNumber(raw)
	}
	return true
}

// simpleObject writes the raw object when JS reads its members in the
// order they come — a few, none named by an array index or twice, no name
// escaped — without finding its members first; it reports whether it did.
func (w *jsonWriter) simpleObject(raw []byte) bool {
	var names [8][]byte
	n := 0
	p := w.p
	savedData, savedI, mark := p.data, p.i, len(w.out)
	defer func() { p.data, p.i = savedData, savedI }()
	p.data, p.i = raw, 1
	p.space()
	w.out = append(w.out, '{')
	for p.i < len(raw) && raw[p.i] != '}' {
		if n > 0 {
			p.i++ // the ','
			p.space()
		}
		name, ok := p.plainString()
		if !ok || n == len(names) || isArrayIndex(string(name)) || !utf8.Valid(name) {
			w.out = w.out[:mark]
			return false
		}
		for _, seen := range names[:n] {
			if string(seen) == string(name) {
				w.out = w.out[:mark]
				return false
			}
		}
		names[n] = name
		if n++; n > 1 {
			w.out = append(w.out, ',')
		}
		w.out = append(w.out, raw[p.i:p.i+len(name)+2]...)
		w.out = append(w.out, ':')
		p.i += len(name) + 2
		p.space()
		p.i++ // the ':'
		p.space()
		start := p.i
		p.skip()
		if !w.raw(raw[start:p.i]) {
			w.out = w.out[:mark]
			return false
		}
		p.space()
	}
	w.out = append(w.out, '}')
	return true
}

// rawNumber writes a number as JS prints the value JSON.parse makes of it.
func (w *jsonWriter) rawNumber(raw []byte) {
	if plainInteger(raw) || plainDecimal(raw) {
		w.out = append(w.out, raw...) // what JS prints for it
		return
	}
	p := w.p
	savedData, savedI := p.data, p.i
	p.data, p.i = raw, 0
	v, err := p.number()
	p.data, p.i = savedData, savedI
	if err != nil {
		w.out = append(w.out, "null"...)
		return
	}
	w.value(v)
}

// plainDecimal reports whether raw is a number with a fraction written as
// JS prints it: at most 15 significant digits (so no shorter digits read
// back as the same double), no exponent, no trailing zero, not below 1e-6
// (which JS writes with an exponent).
func plainDecimal(raw []byte) bool {
	i := 0
	if raw[0] == '-' {
		i = 1
	}
	dot := -1
	digits, leading := 0, true
	for j := i; j < len(raw); j++ {
		switch c := raw[j]; {
		case c == '.' && dot < 0:
			dot = j
		case c >= '0' && c <= '9':
			if c != '0' {
				leading = false
			}
			if !leading {
				digits++
			}
		default:
			return false
		}
	}
	switch {
	case dot < 0 || dot == len(raw)-1 || raw[len(raw)-1] == '0' || digits == 0 || digits > 15:
		return false
	case raw[i] == '0' && dot != i+1: // a leading zero
		return false
	case raw[i] == '0' && dot+7 < len(raw) && string(raw[dot+1:dot+7]) == "000000": // below 1e-6
		return false
	}
	return true
}

// plainInteger reports whether raw is an integer written as JS prints it:
// no exponent, fraction or leading zero, not -0, and within 15 digits.
func plainInteger(raw []byte) bool {
	if len(raw) > 15 {
		return false
	}
	i := 0
	if raw[0] == '-' {
		i = 1
	}
	if i == len(raw) || raw[i] == '0' && len(raw) > i+1 || raw[i] == '0' && i == 1 {
		return false
	}
	for _, c := range raw[i:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// rawString writes a JSON string as JSON.stringify writes the string
// JSON.parse makes of it: as it is when it holds no escape and is UTF-8,
// else read as the parser reads it and quoted again.
func (w *jsonWriter) rawString(raw []byte) {
	body := raw[1 : len(raw)-1]
	if bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body) {
		w.out = append(w.out, raw...)
		return
	}
	p := w.p
	savedData, savedI := p.data, p.i
	p.data, p.i = raw, 0
	s, err := p.str()
	p.data, p.i = savedData, savedI
	if err != nil {
		s = string(body)
	}
	w.quote(s)
}

// quote writes a Go string as JSON.stringify writes the JS string made of
// it (a byte that is not UTF-8 is U+FFFD there).
func (w *jsonWriter) quote(s string) {
	w.out = append(w.out, '"')
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				w.char(r)
			}
			w.out = append(w.out, '"')
			return
		}
		w.out = append(w.out, s[i])
	}
	w.out = append(w.out, '"')
}

// quoteUTF16 writes a JS string, a lone surrogate escaped as \udxxx.
func (w *jsonWriter) quoteUTF16(s goja.String) {
	w.out = append(w.out, '"')
	n := s.Length()
	for i := 0; i < n; i++ {
		r := rune(s.CharAt(i))
		if utf16.IsSurrogate(r) {
			if i+1 < n {
				if pair := utf16.DecodeRune(r, rune(s.CharAt(i+1))); pair != utf8.RuneError {
					w.out = utf8.AppendRune(w.out, pair)
					i++
					continue
				}
			}
			w.out = append(w.out, '\\', 'u', hexDigits[r>>12], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
			continue
		}
		w.char(r)
	}
	w.out = append(w.out, '"')
}

const hexDigits = "0123456789abcdef"

// char writes one character of a string as JSON.stringify escapes it.
func (w *jsonWriter) char(r rune) {
	switch r {
	case '"', '\\':
		w.out = append(w.out, '\\', byte(r))
	case '\b':
		w.out = append(w.out, '\\', 'b')
	case '\t':
		w.out = append(w.out, '\\', 't')
	case '\n':
		w.out = append(w.out, '\\', 'n')
	case '\f':
		w.out = append(w.out, '\\', 'f')
	case '\r':
		w.out = append(w.out, '\\', 'r')
	default:
		if r < 0x20 {
			w.out = append(w.out, '\\', 'u', '0', '0', hexDigits[r>>4], hexDigits[r&0xF])
		} else {
			w.out = utf8.AppendRune(w.out, r)
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// argJSON writes an argument's JSON in Go, as JSON.stringify would, when it
// is made of what jsonWriter writes (plain objects and arrays, primitives,
// API objects, no toJSON): a list of 100k tasks is written straight into
// the bytes the client sends, without a JS string of it first. It reports
// false when JSON.stringify has to write it.
func argJSON(vm *goja.Runtime, v goja.Value) ([]byte, bool) {
	w := &jsonWriter{vm: vm, p: &jsonParser{vm: vm, keys: map[string]string{}}}
	written, ok := w.value(v)
	if !ok || !written {
		return nil, false
	}
	return w.out, true
}
