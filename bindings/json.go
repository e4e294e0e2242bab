package bindings

import (
	"errors"
	"fmt"
	"hash/maphash"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// fromJSON builds JS values straight from JSON text, keeping the order of keys
// and skipping goja's JSON.parse, which decodes token by token and is several
// times slower on API pages.
func fromJSON(vm *goja.Runtime, data []byte) (goja.Value, error) {
	return newJSONParser(vm).parse(data)
}

// newJSONParser makes a parser to reuse across the items of an iterator: its
// caches of keys and short strings then pay off across pages, where the same
// keys, statuses and ids repeat thousands of times.
func newJSONParser(vm *goja.Runtime) *jsonParser {
	return &jsonParser{vm: vm, keys: map[string]string{}, strs: new(stringCache)}
}

// Bounds of the caches, so a page of unique values cannot grow them without end.
const (
	maxCachedKeys = 2048
	maxCachedLen  = 40 // long enough for ids and timestamps
)

func (p *jsonParser) parse(data []byte) (goja.Value, error) {
	p.data, p.i = data, 0
	p.space()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.data) {
		return nil, p.errorf("unexpected %q after the value", p.data[p.i])
	}
	return v, nil
}

// stringCache holds the JS values of short strings met lately: statuses,
// labels, pool ids repeat thousands of times in a page. It is direct-mapped,
// by a hash of the bytes: a string unlike the last few costs a hash and a
// compare, where a map of every string met cost a lookup that missed the
// processor's cache as the map grew (and most ids never repeat).
type stringCache [1024]cachedString

type cachedString struct {
	s string
	v goja.Value
}

var stringSeed = maphash.MakeSeed()

func (c *stringCache) slot(b []byte) *cachedString {
	return &c[maphash.Bytes(stringSeed, b)%uint64(len(c))]
}

type jsonParser struct {
	vm          *goja.Runtime
	objectProto *goja.Object
	data        []byte
	i           int
	buf         []byte
	lazy        bool // objects become lazyObjects (checked JSON only)
	keys        map[string]string
	strs        *stringCache
}

// plainString returns the contents of the string at p.i when it holds no
// escape, without moving p.i; ok is false otherwise.
func (p *jsonParser) plainString() (raw []byte, ok bool) {
	for j := p.i + 1; j < len(p.data); j++ {
		switch c := p.data[j]; {
		case c == '"':
			return p.data[p.i+1 : j], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("JSON at offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *jsonParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value() (goja.Value, error) {
	if p.i >= len(p.data) {
		return nil, p.errorf("unexpected end")
	}
	switch c := p.data[p.i]; {
	case c == '{' && p.lazy:
		start := p.i
		p.skip()
		return p.newLazy(p.data[start:p.i]), nil
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		if raw, ok := p.plainString(); ok && len(raw) <= maxCachedLen {
			p.i += len(raw) + 2
			slot := p.strs.slot(raw)
			if slot.v != nil && slot.s == string(raw) {
				return slot.v, nil
			}
			s := string(raw)
			v := p.vm.ToValue(s)
			slot.s, slot.v = s, v
			return v, nil
		}
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return p.vm.ToValue(s), nil
	case c == 't' && p.lit("true"):
		return p.vm.ToValue(true), nil
	case c == 'f' && p.lit("false"):
		return p.vm.ToValue(false), nil
	case c == 'n' && p.lit("null"):
		return goja.Null(), nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return nil, p.errorf("unexpected %q", p.data[p.i])
}

func (p *jsonParser) lit(s string) bool {
	if len(p.data)-p.i >= len(s) && string(p.data[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

func (p *jsonParser) object() (goja.Value, error) {
	p.i++
	p.space()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return p.vm.NewObject(), nil
	}
	// The object gets its members before its prototype: setting a property
	// on an ordinary object first looks for a setter up the prototype chain,
	// a map lookup per member. (It also makes "__proto__" an own property,
	// as JSON.parse does.)
	if p.objectProto == nil {
		p.objectProto = p.vm.NewObject().Prototype()
	}
	obj := p.vm.CreateObject(nil)
	for {
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, p.errorf("expected a key")
		}
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, p.errorf("expected ':'")
		}
		p.i++
		p.space()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		obj.Set(key, v)
		p.space()
		if p.i >= len(p.data) {
			return nil, p.errorf("unexpected end in an object")
		}
		if p.data[p.i] == ',' {
			p.i++
			continue
		}
		if p.data[p.i] == '}' {
			p.i++
			obj.SetPrototype(p.objectProto)
			return obj, nil
		}
		return nil, p.errorf("expected ',' or '}'")
	}
}

// key reads an object key, shared with every earlier occurrence of it.
func (p *jsonParser) key() (string, error) {
	raw, ok := p.plainString()
	if !ok {
		k, err := p.str()
		return jsName(k), err
	}
	p.i += len(raw) + 2
	if k, ok := p.keys[string(raw)]; ok {
		return k, nil
	}
	k := jsName(string(raw))
	if len(p.keys) < maxCachedKeys {
		p.keys[string(raw)] = k
	}
	return k, nil
}

// jsName is a member name as JS has it: a byte that is not UTF-8 reads as
// U+FFFD, as in JSON.parse.
func jsName(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r) // RuneError for a bad byte
		i += n
	}
	return b.String()
}

func (p *jsonParser) array() (goja.Value, error) {
	p.i++
	var items []any
	p.space()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return p.vm.NewArray(), nil
	}
	for {
		p.space()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		p.space()
		if p.i >= len(p.data) {
			return nil, p.errorf("unexpected end in an array")
		}
		if p.data[p.i] == ',' {
			p.i++
			continue
		}
		if p.data[p.i] == ']' {
			p.i++
			return p.vm.NewArray(items...), nil
		}
		return nil, p.errorf("expected ',' or ']'")
	}
}

func (p *jsonParser) number() (goja.Value, error) {
	start := p.i
	isFloat := false
	for p.i < len(p.data) {
		c := p.data[p.i]
		if c >= '0' && c <= '9' || c == '-' || c == '+' {
			p.i++
		} else if c == '.' || c == 'e' || c == 'E' {
			isFloat = true
			p.i++
		} else {
			break
		}
	}
	text := string(p.data[start:p.i])
	if !isFloat && text != "-0" { // -0 is a float in JS
		if n, err := strconv.ParseInt(text, 10, 64); err == nil && n > -(1<<53) && n < 1<<53 {
			return p.vm.ToValue(n), nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) { // out of range is ±Infinity or 0, as in JS
		return nil, p.errorf("bad number %q", text)
	}
	return p.vm.ToValue(f), nil
}

// str reads a JSON string, unescaping into a reused buffer.
func (p *jsonParser) str() (string, error) {
	p.i++
	start := p.i
	for p.i < len(p.data) {
		c := p.data[p.i]
		if c == '"' {
			s := string(p.data[start:p.i])
			p.i++
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.i++
	}
	p.buf = append(p.buf[:0], p.data[start:p.i]...)
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '"':
			p.i++
			return string(p.buf), nil
		case c == '\\':
			if p.i+1 >= len(p.data) {
				return "", p.errorf("unexpected end in a string")
			}
			p.i++
			switch e := p.data[p.i]; e {
			case '"', '\\', '/':
				p.buf = append(p.buf, e)
			case 'b':
				p.buf = append(p.buf, '\b')
			case 'f':
				p.buf = append(p.buf, '\f')
			case 'n':
				p.buf = append(p.buf, '\n')
			case 'r':
				p.buf = append(p.buf, '\r')
			case 't':
				p.buf = append(p.buf, '\t')
			case 'u':
				r, ok := p.hex4(p.i + 1)
				if !ok {
					return "", p.errorf("bad \\u escape")
				}
				p.i += 4
				if utf16.IsSurrogate(r) {
					if r2, ok := p.hex4(p.i + 3); ok && p.i+2 < len(p.data) && p.data[p.i+1] == '\\' && p.data[p.i+2] == 'u' {
						r = utf16.DecodeRune(r, r2)
						p.i += 6
					} else {
						r = utf8.RuneError
					}
				}
				p.buf = utf8.AppendRune(p.buf, r)
			default:
				return "", p.errorf("bad escape \\%c", e)
			}
			p.i++
		case c < 0x20:
			return "", p.errorf("control character in a string")
		default:
			p.buf = append(p.buf, c)
			p.i++
		}
	}
	return "", p.errorf("unexpected end in a string")
}

func (p *jsonParser) hex4(at int) (rune, bool) {
	if at+4 > len(p.data) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(p.data[at:at+4]), 16, 32)
	return rune(n), err == nil
}

// FromJSON builds JS values from JSON text, keeping key order (exported for benchmarks and embedders).
func FromJSON(vm *goja.Runtime, data []byte) (goja.Value, error) { return fromJSON(vm, data) }
