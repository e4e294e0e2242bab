package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/tolokash/tolokash/internal/jsonenc"
)

// str reads a string into dst; null leaves it as it is.
func (d *decoder) str(dst *string) error {
	switch d.peek() {
	case '"':
		start := d.i + 1
		for i := start; i < len(d.b); i++ {
			switch c := d.b[i]; {
			case c == '"':
				d.i = i + 1
				if i-start <= internMaxLen {
					*dst = intern(d.b[start:i]).s
				} else {
					*dst = string(d.b[start:i])
				}
				return nil
			case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
				s, err := d.slowString()
				if err != nil {
					return err
				}
				*dst = s
				return nil
			}
		}
		return errTruncated
	case 'n':
		if d.null() {
			return nil
		}
	}
	return d.wrongType("a string")
}

// slowString reads a string with escapes, control characters or non-ASCII
// bytes by the standard rules.
func (d *decoder) slowString() (string, error) {
	end, err := skipString(d.b, d.i)
	if err != nil {
		return "", err
	}
	s, err := unquote(d.b[d.i:end])
	if err != nil {
		return "", err
	}
	d.i = end
	return s, nil
}

// unquote returns the text of the JSON string token v.
func unquote(v []byte) (string, error) {
	raw := v[1 : len(v)-1]
	plain := true
	for _, c := range raw {
		if c == '\\' || c < 0x20 {
			plain = false
			break
		}
	}
	if plain && utf8.Valid(raw) {
		return string(raw), nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", err
	}
	return s, nil
}

// number reads a JSON number's bytes.
func (d *decoder) number() ([]byte, bool) {
	d.space()
	i := jsonenc.NumberEnd(d.b, d.i)
	if i < 0 {
		return nil, false
	}
	if i < len(d.b) {
		switch d.b[i] {
		case ',', '}', ']', ' ', '\n', '\t', '\r':
		default:
			return nil, false
		}
	}
	n := d.b[d.i:i]
	d.i = i
	return n, true
}

// id reads an id: a string, or a number's digits, as MODELS.md §1.2 asks
// clients to take ids sent as numbers.
func (d *decoder) id(dst *string) error {
	if c := d.peek(); c == '-' || c >= '0' && c <= '9' {
		n, ok := d.number()
		if !ok {
			return d.wrongType("an id")
		}
		*dst = string(n)
		return nil
	}
	return d.str(dst)
}

// strPtr, boolPtr, intPtr and floatPtr read an optional scalar: nil for null.
func (d *decoder) strPtr(dst **string) error { return optional(d, dst, newString, d.str) }

// optional reads a value that may be null into *dst: nil for null, else a
// new *T (from alloc) that read fills.
func optional[T any](d *decoder, dst **T, alloc func() *T, read func(*T) error) error {
	if d.null() {
		*dst = nil
		return nil
	}
	v := alloc()
	if err := read(v); err != nil {
		return err
	}
	*dst = v
	return nil
}

func newString() *string { return new(string) }
func newFloat() *float64 { return new(float64) }

func (d *decoder) boolean(dst *bool) error {
	switch d.peek() {
	case 't':
		if d.literal("true") {
			*dst = true
			return nil
		}
	case 'f':
		if d.literal("false") {
			*dst = false
			return nil
		}
	case 'n':
		if d.null() {
			return nil
		}
	}
	return d.wrongType("true or false")
}

func (d *decoder) boolPtr(dst **bool) error { return optional(d, dst, d.newBool, d.boolean) }

// numberOr reads a number's bytes for a field that holds want; null gives
// none, and leaves the field as it is.
func (d *decoder) numberOr(want string) ([]byte, error) {
	if d.null() {
		return nil, nil
	}
	n, ok := d.number()
	if !ok {
		return nil, d.wrongType(want)
	}
	return n, nil
}

func (d *decoder) integer(dst *int) error {
	n, err := d.numberOr("an integer")
	if n == nil {
		return err
	}
	v, err := strconv.ParseInt(string(n), 10, strconv.IntSize)
	if err != nil {
		return fmt.Errorf("want an integer, got %s", n)
	}
	*dst = int(v)
	return nil
}

func (d *decoder) intPtr(dst **int) error { return optional(d, dst, d.newInt, d.integer) }

func (d *decoder) float(dst *float64) error {
	n, err := d.numberOr("a number")
	if n == nil {
		return err
	}
	v, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return fmt.Errorf("want a number, got %s", n)
	}
	*dst = v
	return nil
}

func (d *decoder) floatPtr(dst **float64) error { return optional(d, dst, newFloat, d.float) }

// array calls elem for every element of the array at the cursor; null is
// reported as nil=true so the caller can set its slice to nil.
func (d *decoder) array(elem func(i int) error) (isNull bool, err error) {
	if d.null() {
		return true, nil
	}
	if d.peek() != '[' {
		return false, d.wrongType("an array")
	}
	d.i++
	if d.peek() == ']' {
		d.i++
		return false, nil
	}
	for n := 0; ; n++ {
		if err := elem(n); err != nil {
			return false, atPath("["+strconv.Itoa(n)+"]", err)
		}
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return false, nil
		default:
			return false, d.errorf("expected ',' or ']'")
		}
	}
}

func (d *decoder) strings(dst *[]string) error {
	return list(d, dst, func(s *string) error {
		if d.peek() != '"' {
			return d.wrongType("a string")
		}
		return d.str(s)
	})
}

// list reads an array with read for each element into *dst; null makes it nil.
func list[T any](d *decoder, dst *[]T, read func(*T) error) error {
	out := []T{}
	isNull, err := d.array(func(int) error {
		var v T
		err := read(&v)
		out = append(out, v)
		return err
	})
	if isNull {
		out = nil
	}
	*dst = out
	return err
}

func (d *decoder) stringMap(dst *map[string]string) error {
	if d.null() {
		*dst = nil
		return nil
	}
	out := map[string]string{}
	var unused Extra
	err := d.object(&unused, func(k []byte) (bool, error) {
		var s string
		err := d.str(&s)
		out[string(k)] = s
		return true, err
	})
	*dst = out
	return err
}

// raw keeps a member's JSON as it came, after checking it is JSON.
func (d *decoder) raw(dst *json.RawMessage) error {
	v, err := d.skip()
	if err != nil {
		return err
	}
	*dst = bytes.Clone(v)
	return nil
}

// unmarshal hands the next value to a type that decodes itself (Decimal) or
// to encoding/json (the rare shapes the generator leaves to it).
func (d *decoder) unmarshal(dst any) error {
	start := skipSpace(d.b, d.i)
	end, err := skipValue(d.b, start)
	if err != nil {
		return err
	}
	d.i = end
	if u, ok := dst.(json.Unmarshaler); ok {
		return u.UnmarshalJSON(d.b[start:end])
	}
	return json.Unmarshal(d.b[start:end], dst)
}

// decodeVia hands the next value to a function that reads an interface type
// (a collector, an action or a filter, by its discriminator).
func decodeVia[T any](d *decoder, dst *T, read func([]byte) (T, error)) error {
	var zero T
	if d.null() {
		*dst = zero
		return nil
	}
	start := skipSpace(d.b, d.i)
	end, err := skipValue(d.b, start)
	if err != nil {
		return err
	}
	d.i = end
	v, err := read(d.b[start:end])
	*dst = v
	return err
}

// values reads free-form Values in the same pass.
func (d *decoder) values(dst *Values) error {
	if d.null() {
		*dst = nil
		return nil
	}
	p := freeParser{b: d.b, i: d.i}
	m, err := p.object()
	d.i = p.i
	if err != nil {
		return err
	}
	*dst = m
	return nil
}

func (d *decoder) valuesList(dst *[]Values) error { return list(d, dst, d.values) }

// decodeModel reads a pointer to a model, nil for null.
func decodeModel[T any, P interface {
	*T
	model
}](d *decoder, dst **T) error {
	if d.null() {
		*dst = nil
		return nil
	}
	m := P(new(T))
	if err := m.decode(d); err != nil {
		return err
	}
	*dst = (*T)(m)
	return nil
}

// decodeModelAny is decodeModel for a type parameter not known to be a
// model: a model decodes in the same pass, anything else by encoding/json.
func decodeModelAny[T any](d *decoder, dst **T) error {
	if d.null() {
		*dst = nil
		return nil
	}
	v := new(T)
	if m, ok := any(v).(model); ok {
		if err := m.decode(d); err != nil {
			return err
		}
	} else if err := d.unmarshal(v); err != nil {
		return err
	}
	*dst = v
	return nil
}

// decodeModels reads a list of pointers to models; a null element is nil.
func decodeModels[T any, P interface {
	*T
	model
}](d *decoder, dst *[]*T) error {
	out := []*T{}
	isNull, err := d.array(func(int) error {
		if d.null() {
			out = append(out, nil)
			return nil
		}
		m := P(new(T))
		out = append(out, (*T)(m))
		return m.decode(d)
	})
	if isNull {
		out = nil
	}
	*dst = out
	return err
}
