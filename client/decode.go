package client

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/bits"
	"strings"
	"unicode/utf8"
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
