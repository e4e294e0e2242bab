package client

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tolokash/tolokash/internal/jsonenc"
)

// Models decode in one pass. Each model has a generated decode method that
// walks its object with a decoder and reads every declared member straight
// into its field; the members it does not declare go to Extra. Every byte is
// read once and checked as it is read: what encoding/json would refuse, the
// decoder refuses too, naming the member (tasks[0].overlap).
//
// It replaced goccy/go-json plus a second scan for undeclared fields plus a
// third for ids sent as numbers, which read a nested model's bytes four or
// five times (`go test ./client -bench DecodeAssignmentPage`).

// decoder is a cursor over one JSON document.
type decoder struct {
	b []byte
	i int

	// Slabs for the optional scalars (*bool, *int) of the models: a page of
	// assignments has thousands, and one allocation per slab instead of per
	// field is a tenth fewer allocations. Each pointer has an element of its
	// own, so setting one changes no other.
	// Slabs start small, for a decoder that reads one model, and double.
	bools     []bool
	ints      []int
	slabBools int
	slabInts  int
}

func (d *decoder) newBool() *bool {
	if len(d.bools) == 0 {
		d.slabBools = min(max(2*d.slabBools, 4), 256)
		d.bools = make([]bool, d.slabBools)
	}
	p := &d.bools[0]
	d.bools = d.bools[1:]
	return p
}

func (d *decoder) newInt() *int {
	if len(d.ints) == 0 {
		d.slabInts = min(max(2*d.slabInts, 2), 64)
		d.ints = make([]int, d.slabInts)
	}
	p := &d.ints[0]
	d.ints = d.ints[1:]
	return p
}

// model is what the generator gives every model type.
type model interface {
	decode(d *decoder) error
}

// decodeDocument decodes b, which must hold one value and nothing after it.
func decodeDocument(b []byte, m model) error {
	d := &decoder{b: b}
	if err := m.decode(d); err != nil {
		return err
	}
	if d.space(); d.i != len(b) {
		return fmt.Errorf("unexpected %q after the object at offset %d", b[d.i], d.i)
	}
	return nil
}

// pathError is a decoding error with the path of the member it happened in.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

// atPath puts step (a member name or "[i]") in front of err's path.
func atPath(step string, err error) error {
	if pe, ok := err.(*pathError); ok {
		if strings.HasPrefix(pe.path, "[") {
			return &pathError{path: step + pe.path, err: pe.err}
		}
		return &pathError{path: step + "." + pe.path, err: pe.err}
	}
	return &pathError{path: step, err: err}
}

func (d *decoder) space() { d.i = skipSpace(d.b, d.i) }

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", d.i, fmt.Sprintf(format, args...))
}

// peek is the first byte of the next value (0 at the end).
func (d *decoder) peek() byte {
	d.space()
	if d.i >= len(d.b) {
		return 0
	}
	return d.b[d.i]
}

// null consumes a null if one is next.
func (d *decoder) null() bool { return d.peek() == 'n' && d.literal("null") }

// literal consumes lit if it is next and ends there (not truex).
func (d *decoder) literal(lit string) bool {
	rest := d.b[d.i:]
	if !bytes.HasPrefix(rest, []byte(lit)) {
		return false
	}
	if len(rest) > len(lit) {
		switch rest[len(lit)] {
		case ',', '}', ']', ' ', '\n', '\t', '\r':
		default:
			return false
		}
	}
	d.i += len(lit)
	return true
}

// Valid reports whether b holds one JSON value and nothing else but spaces,
// as json.Valid does (FuzzValid holds the two together), in one pass at a few
// times its speed. The bindings check a large answer with it before they
// read it lazily.
func Valid(b []byte) bool {
	d := &decoder{b: b}
	if _, err := d.skip(); err != nil {
		return false
	}
	d.space()
	return d.i == len(b)
}

// skip moves past the next value, checks it is JSON, and returns its bytes.
func (d *decoder) skip() ([]byte, error) {
	start := skipSpace(d.b, d.i)
	d.i = start
	if err := d.valid(0); err != nil {
		return nil, err
	}
	return d.b[start:d.i], nil
}

// valid moves past the next value, checking it as json.Valid would, in the
// same single pass.
func (d *decoder) valid(depth int) error {
	if depth > 10000 {
		return d.errorf("nested too deeply")
	}
	switch c := d.peek(); {
	case c == '{' || c == '[':
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		d.i++
		if d.peek() == end {
			d.i++
			return nil
		}
		for {
			if c == '{' {
				if d.peek() != '"' {
					return d.errorf("expected a key")
				}
				if err := d.validString(); err != nil {
					return err
				}
				if d.peek() != ':' {
					return d.errorf("expected ':'")
				}
				d.i++
			}
			if err := d.valid(depth + 1); err != nil {
				return err
			}
			switch d.peek() {
			case ',':
				d.i++
			case end:
				d.i++
				return nil
			default:
				return d.errorf("expected ',' or %q", end)
			}
		}
	case c == '"':
		return d.validString()
	case c == 't' && d.literal("true"), c == 'f' && d.literal("false"), c == 'n' && d.literal("null"):
		return nil
	case c == '-' || c >= '0' && c <= '9':
		if _, ok := d.number(); ok {
			return nil
		}
	}
	return d.errorf("invalid JSON")
}

// validString moves past a string, checking its escapes and that it holds no
// control characters (bytes are otherwise taken as they are, as by json.Valid).
func (d *decoder) validString() error {
	b := d.b
	for i := d.i + 1; ; i++ {
		// Eight bytes at a time, to the first that needs a look.
		for i+8 <= len(b) {
			if m := special8(binary.LittleEndian.Uint64(b[i:])); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		for i < len(b) && b[i] != '"' && b[i] != '\\' && b[i] >= 0x20 {
			i++
		}
		if i >= len(b) {
			return errTruncated
		}
		switch c := b[i]; {
		case c == '"':
			d.i = i + 1
			return nil
		case c < 0x20:
			return d.errorf("control character in a string")
		}
		i++ // a backslash
		if i >= len(b) {
			return errTruncated
		}
		switch b[i] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		case 'u':
			if i+4 >= len(b) {
				return errTruncated
			}
			for _, h := range b[i+1 : i+5] {
				if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
					return d.errorf("invalid escape in a string")
				}
			}
			i += 4
		default:
			return d.errorf("invalid escape in a string")
		}
	}
}

// wrongType describes the value at the cursor that is not what the field holds.
func (d *decoder) wrongType(want string) error {
	start := skipSpace(d.b, d.i)
	end, err := skipValue(d.b, start)
	if err != nil {
		return err
	}
	v := d.b[start:end]
	if len(v) > 40 {
		return fmt.Errorf("want %s, got %s…", want, v[:40])
	}
	return fmt.Errorf("want %s, got %s", want, v)
}

// object walks the object at the cursor. field decodes a declared member and
// reports whether it is declared; the others are kept in *extra, and so are
// declared ones whose value omitempty would drop ("", [], {}, null), so that
// writing the model back gives the server what it sent.
func (d *decoder) object(extra *Extra, field func(key []byte) (bool, error)) error {
	if d.peek() != '{' {
		return d.wrongType("an object")
	}
	d.i++
	var kept Extra
	if d.peek() == '}' {
		d.i++
		*extra = nil
		return nil
	}
	for {
		if d.peek() != '"' {
			return d.errorf("expected a key")
		}
		key, err := d.key()
		if err != nil {
			return err
		}
		if d.peek() != ':' {
			return d.errorf("expected ':' after %q", key)
		}
		d.i++
		start := skipSpace(d.b, d.i)
		d.i = start
		known, err := field(key)
		if err != nil {
			return atPath(string(key), err)
		}
		var v []byte
		if known {
			if v = d.b[start:d.i]; !isEmptyValue(v) {
				v = nil
			}
		} else if v, err = d.skip(); err != nil {
			return atPath(string(key), err)
		}
		if v != nil {
			if kept == nil {
				kept = Extra{}
			}
			kept[string(key)] = json.RawMessage(bytes.Clone(v)) // not a slice of b: that may be a whole page
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			*extra = kept
			return nil
		default:
			return d.errorf("expected ',' or '}' after %q", key)
		}
	}
}

// key reads a member name: a slice of the input unless it has escapes or
// non-ASCII bytes (invalid UTF-8 becomes U+FFFD, as in encoding/json).
func (d *decoder) key() ([]byte, error) {
	start := d.i + 1
	for i := start; i < len(d.b); i++ {
		switch c := d.b[i]; {
		case c == '"':
			d.i = i + 1
			return d.b[start:i], nil
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			s, err := d.slowString()
			return []byte(s), err
		}
	}
	return nil, errTruncated
}

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

func (d *decoder) strPtr(dst **string) error {
	if d.null() {
		*dst = nil
		return nil
	}
	s := new(string)
	if err := d.str(s); err != nil {
		return err
	}
	*dst = s
	return nil
}

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

func (d *decoder) boolPtr(dst **bool) error {
	if d.null() {
		*dst = nil
		return nil
	}
	v := d.newBool()
	if err := d.boolean(v); err != nil {
		return err
	}
	*dst = v
	return nil
}

func (d *decoder) integer(dst *int) error {
	if d.null() {
		return nil
	}
	n, ok := d.number()
	if !ok {
		return d.wrongType("an integer")
	}
	v, err := strconv.ParseInt(string(n), 10, strconv.IntSize)
	if err != nil {
		return fmt.Errorf("want an integer, got %s", n)
	}
	*dst = int(v)
	return nil
}

func (d *decoder) intPtr(dst **int) error {
	if d.null() {
		*dst = nil
		return nil
	}
	v := d.newInt()
	if err := d.integer(v); err != nil {
		return err
	}
	*dst = v
	return nil
}

func (d *decoder) float(dst *float64) error {
	if d.null() {
		return nil
	}
	n, ok := d.number()
	if !ok {
		return d.wrongType("a number")
	}
	v, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return fmt.Errorf("want a number, got %s", n)
	}
	*dst = v
	return nil
}

func (d *decoder) floatPtr(dst **float64) error {
	if d.null() {
		*dst = nil
		return nil
	}
	v := new(float64)
	if err := d.float(v); err != nil {
		return err
	}
	*dst = v
	return nil
}

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
	out := []string{}
	isNull, err := d.array(func(int) error {
		var s string
		if d.peek() != '"' {
			return d.wrongType("a string")
		}
		err := d.str(&s)
		out = append(out, s)
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

func (d *decoder) valuesList(dst *[]Values) error {
	out := []Values{}
	isNull, err := d.array(func(int) error {
		var v Values
		err := d.values(&v)
		out = append(out, v)
		return err
	})
	if isNull {
		out = nil
	}
	*dst = out
	return err
}

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
