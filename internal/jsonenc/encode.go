// Package jsonenc appends JSON for the generic values both the emulator and
// the client encode in bulk (maps of any, lists, strings, numbers), byte for
// byte what encoding/json writes with HTML escaping off: map keys sorted,
// U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD. Encoding pages of a
// thousand stored objects, or a create of 100k tasks, went through
// reflection and a key sort with allocations for every map; this appends
// into one buffer. Values of other kinds go to encoding/json.
package jsonenc

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

var encodeBufs = sync.Pool{New: func() any { return new(encodeState) }}

type encodeState struct {
	keys [][]string // sorted key lists, one per nesting depth, reused
	err  error      // the first value encoding/json refused
}

// Append appends v, encoded, to dst. It fails where encoding/json fails (a
// NaN, an invalid json.Number, a channel), and dst is then not to be used.
func Append(dst []byte, v any) ([]byte, error) {
	e := encodeBufs.Get().(*encodeState)
	dst = e.value(dst, v, 0)
	err := e.err
	e.err = nil
	encodeBufs.Put(e)
	return dst, err
}

func (e *encodeState) value(dst []byte, v any, depth int) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case string:
		return AppendString(dst, x)
	case bool:
		return strconv.AppendBool(dst, x)
	case json.Number:
		if x == "" {
			return append(dst, '0')
		}
		if isNumber(string(x)) {
			return append(dst, x...)
		}
		return e.std(dst, v) // encoding/json's error for it
	case int:
		return strconv.AppendInt(dst, int64(x), 10)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			break // encoding/json's error
		}
		return AppendFloat(dst, x)
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
			dst = AppendString(dst, k)
			dst = append(dst, ':')
			dst = e.value(dst, x[k], depth+1)
		}
		clear(keys) // let the strings go
		return append(dst, '}')
	case []any:
		return appendList(dst, x, func(b []byte, el any) []byte { return e.value(b, el, depth+1) })
	case []map[string]any:
		return appendList(dst, x, func(b []byte, el map[string]any) []byte { return e.value(b, el, depth+1) })
	case []string:
		return AppendStrings(dst, x)
	}
	return e.std(dst, v)
}

// AppendStrings writes a list of strings; nil is null.
func AppendStrings(dst []byte, list []string) []byte { return appendList(dst, list, AppendString) }

func appendList[T any](dst []byte, list []T, each func([]byte, T) []byte) []byte {
	if list == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, el := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = each(dst, el)
	}
	return append(dst, ']')
}

// std encodes what the fast path does not know (structs, other maps,
// types with their own MarshalJSON) with encoding/json, so the output stays
// its output.
func (e *encodeState) std(dst []byte, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		if e.err == nil {
			e.err = err
		}
		return append(dst, "null"...)
	}
	return append(dst, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// AppendFloat writes f as encoding/json does: the shortest form, in
// exponent notation below 1e-6 and from 1e21 on, with e-07 shortened to e-7.
func AppendFloat(dst []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// AppendString writes s as encoding/json does with HTML escaping off.
func AppendString(dst []byte, s string) []byte {
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
func isNumber(s string) bool { return NumberEnd(s, 0) == len(s) }

// NumberEnd returns the index just after the JSON number that starts at
// b[i], or -1 when none does: an optional minus, an integer part without
// leading zeros, then an optional fraction and exponent. The encoder checks
// json.Number values with it, and the client's decoders read numbers with it.
func NumberEnd[T ~string | ~[]byte](b T, i int) int {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		n := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == n {
			return -1
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		n := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == n {
			return -1
		}
	}
	return i
}
