package emulator

import (
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// Encoding answers is most of the emulator's work: a page of a thousand
// assignments, a create's log of ten thousand entries. The stored objects are
// maps of a few known kinds, so this appends them straight into one buffer,
// keys sorted as encoding/json sorts them and byte for byte what it would
// write (HTML left unescaped); anything else goes to encoding/json.

var encodeBufs = sync.Pool{New: func() any { return new(encodeState) }}

type encodeState struct {
	keys [][]string // sorted key lists, one per nesting depth, reused
}

// appendJSON appends v, encoded, to dst.
func appendJSON(dst []byte, v any) []byte {
	e := encodeBufs.Get().(*encodeState)
	dst = e.value(dst, v, 0)
	encodeBufs.Put(e)
	return dst
}

func (e *encodeState) value(dst []byte, v any, depth int) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case string:
		return appendString(dst, x)
	case bool:
		return strconv.AppendBool(dst, x)
	case json.Number:
		if x == "" {
			return append(dst, '0')
		}
		if isNumber(string(x)) {
			return append(dst, x...)
		}
	case int:
		return strconv.AppendInt(dst, int64(x), 10)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case map[string]any:
		if x == nil {
			return append(dst, "null"...)
		}
		for len(e.keys) <= depth {
			e.keys = append(e.keys, nil)
		}
		keys := e.keys[depth][:0]
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		e.keys[depth] = keys
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, k)
			dst = append(dst, ':')
			dst = e.value(dst, x[k], depth+1)
		}
		clear(keys) // let the strings go
		return append(dst, '}')
	case []any:
		if x == nil {
			return append(dst, "null"...)
		}
		dst = append(dst, '[')
		for i, el := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = e.value(dst, el, depth+1)
		}
		return append(dst, ']')
	case []object:
		if x == nil {
			return append(dst, "null"...)
		}
		dst = append(dst, '[')
		for i, el := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = e.value(dst, el, depth+1)
		}
		return append(dst, ']')
	case []string:
		if x == nil {
			return append(dst, "null"...)
		}
		dst = append(dst, '[')
		for i, el := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, el)
		}
		return append(dst, ']')
	}
	return appendStd(dst, v)
}

// appendStd encodes what the fast path does not know (floats, structs, a
// malformed json.Number) with encoding/json, so the output stays its output.
func appendStd(dst []byte, v any) []byte {
	b, err := marshalNoHTMLEscape(v)
	if err != nil {
		return append(dst, "null"...) // nothing stored is unencodable; say nothing rather than half
	}
	return append(dst, b...)
}

// appendString writes s as encoding/json does with HTML escaping off.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

const hex = "0123456789abcdef"

// isNumber reports whether s is a JSON number, as encoding/json checks a json.Number.
func isNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		n := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == n {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		n := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == n {
			return false
		}
	}
	return i == len(s)
}
