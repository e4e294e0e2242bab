package client

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
)

// A small JSON scanner for the hot paths of paging: splitting a page into its
// items and finding a few top-level members. It checks the structure it walks
// (objects, arrays, strings, where values end) but not the inside of the
// values it skips; whoever decodes an item checks that.

var errTruncated = errors.New("unexpected end of JSON")

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string whose opening quote is at b[i].
func skipString(b []byte, i int) (int, error) {
	for i++; ; {
		// Eight bytes at a time, looking for a quote with the has-zero-byte
		// trick: most strings in API objects are too short for IndexByte's
		// setup to pay off, and a byte loop is slower on the long ones.
		// The lowest mark is the first quote (special8).
		j := i
		for j+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[j:]) ^ 0x2222222222222222 // a quote becomes a zero byte
			if m := (x - 0x0101010101010101) &^ x & 0x8080808080808080; m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			j += 8
		}
		for j < len(b) && b[j] != '"' {
			j++
		}
		if j == len(b) {
			return 0, errTruncated
		}
		i = j
		escapes := 0 // a quote after an odd run of backslashes is escaped
		for k := i - 1; b[k] == '\\'; k-- {
			escapes++
		}
		if escapes%2 == 0 {
			return i + 1, nil
		}
		i++
	}
}

// special8 marks the bytes of the eight in x (little endian: the first in
// the lowest) that a string reader must look at — a quote, a backslash, a
// control character — by their high bits: the has-zero-byte and
// has-less-than tricks. It may mark a byte after a marked one that is not
// special, never one before: the lowest mark is the first such byte.
func special8(x uint64) uint64 {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q, s := x^(0x22*lo), x^(0x5c*lo)
	return ((q-lo)&^q | (s-lo)&^s | (x-0x20*lo)&^x) & hi
}

// structural marks the bytes a container scan must look at.
var structural = [256]bool{'"': true, '{': true, '}': true, '[': true, ']': true}

// skipValue returns the index after the value starting at or after b[i].
func skipValue(b []byte, i int) (int, error) {
	i = skipSpace(b, i)
	if i >= len(b) {
		return 0, errTruncated
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			if !structural[b[i]] {
				continue
			}
			switch b[i] {
			case '"':
				end, err := skipString(b, i)
				if err != nil {
					return 0, err
				}
				i = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
		}
		return 0, errTruncated
	}
	start := i
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\n', '\t', '\r':
			if i == start {
				return 0, fmt.Errorf("unexpected %q at offset %d", b[i], i)
			}
			return i, nil
		}
		i++
	}
	return i, nil
}

// eachMember calls fn with the raw key (without quotes, escapes kept) and raw
// value of every member of the object in b, in order, until fn returns false.
func eachMember(b []byte, fn func(key, value []byte) bool) error {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return fmt.Errorf("expected an object")
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return fmt.Errorf("expected a key at offset %d", i)
		}
		end, err := skipString(b, i)
		if err != nil {
			return err
		}
		key := b[i+1 : end-1]
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return fmt.Errorf("expected ':' at offset %d", i)
		}
		vstart := skipSpace(b, i+1)
		vend, err := skipValue(b, vstart)
		if err != nil {
			return err
		}
		if !fn(key, b[vstart:vend]) {
			return nil
		}
		i = skipSpace(b, vend)
		if i >= len(b) {
			return errTruncated
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			if rest := skipSpace(b, i+1); rest != len(b) {
				return fmt.Errorf("unexpected %q after the object", b[rest])
			}
			return nil
		default:
			return fmt.Errorf("expected ',' or '}' at offset %d", i)
		}
	}
}

// splitArray returns the elements of the array in b as slices of b.
func splitArray(b []byte) ([]json.RawMessage, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, fmt.Errorf("expected an array")
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return []json.RawMessage{}, nil
	}
	var out []json.RawMessage
	for {
		end, err := skipValue(b, i)
		if err != nil {
			return nil, err
		}
		if out == nil { // room for as many more elements as the first's size leaves place for
			out = make([]json.RawMessage, 0, min(len(b)/(end-i+1)+1, len(b)/16+1, 1<<20)) // at most 1.5× b
		}
		out = append(out, json.RawMessage(b[i:end:end]))
		i = skipSpace(b, end)
		if i >= len(b) {
			return nil, errTruncated
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case ']':
			return out, nil
		default:
			return nil, fmt.Errorf("expected ',' or ']' at offset %d", i)
		}
	}
}

// splitValidAt splits the array at the start of b, which may have more
// after it, checking that each element is JSON in the same pass, and returns
// the index after the array. It only says whether all is well: on an error,
// the caller reads the array the slow way for the words.
func splitValidAt(b []byte, sizeHint int) ([]json.RawMessage, int, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, 0, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return []json.RawMessage{}, i + 1, true
	}
	out := make([]json.RawMessage, 0, sizeHint)
	d := &decoder{b: b}
	for {
		d.i = i
		if d.valid(0) != nil {
			return nil, 0, false
		}
		out = append(out, json.RawMessage(b[i:d.i:d.i]))
		i = skipSpace(b, d.i)
		if i >= len(b) {
			return nil, 0, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case ']':
			return out, i + 1, true
		default:
			return nil, 0, false
		}
	}
}
