package client

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/tolokash/tolokash/internal/jsonenc"
)

// Values are free-form fields: a task's input_values, a solution's
// output_values, an App item's data. Numbers come out as json.Number, so an
// id-like 12345678901234567890 or a price 0.10 keeps its digits.
type Values map[string]any

// UnmarshalJSON reads an object of any JSON values in one pass.
func (v *Values) UnmarshalJSON(b []byte) error {
	p := freeParser{b: b}
	p.space()
	if p.i < len(b) && b[p.i] == 'n' {
		if err := p.literal("null"); err != nil {
			return err
		}
		*v = nil
		return p.end()
	}
	m, err := p.object()
	if err != nil {
		return err
	}
	*v = m
	return p.end()
}

// freeParser turns JSON into maps, slices, strings, json.Number, bools and nil.
type freeParser struct {
	b []byte
	i int
}

func (p *freeParser) errorf(format string, args ...any) error {
	return fmt.Errorf("free-form value at offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *freeParser) space() { p.i = skipSpace(p.b, p.i) }

func (p *freeParser) end() error {
	p.space()
	if p.i != len(p.b) {
		return p.errorf("unexpected %q after the value", p.b[p.i])
	}
	return nil
}

func (p *freeParser) literal(s string) error {
	if len(p.b)-p.i < len(s) || string(p.b[p.i:p.i+len(s)]) != s {
		return p.errorf("invalid literal")
	}
	p.i += len(s)
	return nil
}

func (p *freeParser) value() (any, error) {
	p.space()
	if p.i >= len(p.b) {
		return nil, p.errorf("unexpected end")
	}
	switch c := p.b[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		if raw, ok := p.shortPlain(); ok {
			return intern(raw).boxed, nil
		}
		return p.str()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return nil, p.errorf("unexpected %q", p.b[p.i])
}

func (p *freeParser) object() (map[string]any, error) {
	p.space()
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		return nil, p.errorf("expected an object")
	}
	p.i++
	m := map[string]any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return m, nil
	}
	for {
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != '"' {
			return nil, p.errorf("expected a key")
		}
		var k string
		var err error
		if raw, ok := p.shortPlain(); ok {
			k = intern(raw).s
		} else if k, err = p.str(); err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.b) || p.b[p.i] != ':' {
			return nil, p.errorf("expected ':'")
		}
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		m[k] = v
		p.space()
		if p.i >= len(p.b) {
			return nil, p.errorf("unexpected end in an object")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return m, nil
		default:
			return nil, p.errorf("expected ',' or '}'")
		}
	}
}

func (p *freeParser) array() ([]any, error) {
	p.i++
	out := []any{}
	p.space()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return out, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p.space()
		if p.i >= len(p.b) {
			return nil, p.errorf("unexpected end in an array")
		}
		switch p.b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return out, nil
		default:
			return nil, p.errorf("expected ',' or ']'")
		}
	}
}

// shortPlain consumes a short string without escapes or non-ASCII bytes,
// which is the kind worth interning, and returns its contents.
func (p *freeParser) shortPlain() ([]byte, bool) {
	b := p.b
	for i := p.i + 1; i < len(b) && i <= p.i+1+internMaxLen; i++ {
		switch c := b[i]; {
		case c == '"':
			raw := b[p.i+1 : i]
			p.i = i + 1
			return raw, true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, false
		}
	}
	return nil, false
}

func (p *freeParser) str() (string, error) {
	start := p.i
	end, err := skipString(p.b, p.i)
	if err != nil {
		return "", p.errorf("unterminated string")
	}
	p.i = end
	s, err := unquote(p.b[start:end])
	if err != nil {
		return "", p.errorf("%v", err)
	}
	return s, nil
}

func (p *freeParser) number() (json.Number, error) {
	end := jsonenc.NumberEnd(p.b, p.i)
	if end < 0 {
		return "", p.errorf("invalid number")
	}
	n := json.Number(p.b[p.i:end])
	p.i = end
	return n, nil
}

// List is a free-form list (a field's allowed values): numbers come out as
// json.Number, as in Values.
type List []any

// UnmarshalJSON reads the list keeping the digits of its numbers.
func (l *List) UnmarshalJSON(b []byte) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v []any
	if err := d.Decode(&v); err != nil {
		return err
	}
	*l = v
	return nil
}
