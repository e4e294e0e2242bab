package stdlib

import (
	"math"
	"strings"
)

// kind is what a column holds.
type kind uint8

const (
	kindNull   kind = iota // nulls only
	kindNumber             // float64s
	kindString             // strings
	kindBool               // booleans
	kindAny                // anything else, as Go values: lists, objects, or values of several kinds
)

// column is one column of a frame, its values stored by kind: numbers
// unboxed, booleans as bits, strings held once per column when they repeat
// (an export repeats its labels, statuses and workers on every row) and
// otherwise packed into shared blocks of text, and nulls as bits beside
// them. A cell boxed in an interface took 16 bytes and often an allocation
// of its own; a number here takes 8, a repeated string 4, any other string
// 8 and its bytes. None of these holds a pointer per row for the collector
// to follow. Only a column whose values differ in kind, or are lists or
// objects, holds them as Go values (kindAny, where nil is null).
//
// Columns never change once built (builder makes them), so frames share
// them: select, rename or withColumn copy no cells.
type column struct {
	kind  kind
	n     int
	nulls bitset    // the null rows of a typed column; empty when there are none
	nums  []float64 // kindNumber
	flags bitset    // kindBool: the true rows
	strs  []string  // kindString, interned: each distinct value once
	codes []uint32  // kindString, interned: row r is strs[codes[r]]
	refs  []uint64  // kindString otherwise: where row r's string is in text
	text  *arena
	vals  []any // kindAny
}

// bitset is a set of rows.
type bitset []uint64

func (b bitset) has(i int) bool { return i>>6 < len(b) && b[i>>6]&(1<<(i&63)) != 0 }

func (b *bitset) add(i int) {
	for i>>6 >= len(*b) {
		*b = append(*b, 0)
	}
	(*b)[i>>6] |= 1 << (i & 63)
}

func (c *column) Len() int { return c.n }

// null reports whether row r is null.
func (c *column) null(r int) bool {
	switch c.kind {
	case kindNull:
		return true
	case kindAny:
		return c.vals[r] == nil
	}
	return c.nulls.has(r)
}

// str is row r of a string column (which must not be null).
func (c *column) str(r int) string {
	if c.codes != nil {
		return c.strs[c.codes[r]]
	}
	return c.text.get(c.refs[r])
}

// at is row r as a Go value: nil, string, float64, bool, or (kindAny) a
// list or an object.
func (c *column) at(r int) any {
	if c.null(r) {
		return nil
	}
	switch c.kind {
	case kindNumber:
		return c.nums[r]
	case kindString:
		return c.str(r)
	case kindBool:
		return c.flags.has(r)
	}
	return c.vals[r]
}

// values is the column as Go values.
func (c *column) values() []any {
	out := make([]any, c.n)
	for r := range out {
		out[r] = c.at(r)
	}
	return out
}

// take is a column of the given rows, in that order.
func (c *column) take(rows []int) *column {
	out := &column{kind: c.kind, n: len(rows)}
	switch c.kind {
	case kindNull:
		return out
	case kindAny:
		out.vals = make([]any, len(rows))
		for i, r := range rows {
			out.vals[i] = c.vals[r]
		}
		return out
	}
	if len(c.nulls) > 0 {
		for i, r := range rows {
			if c.nulls.has(r) {
				out.nulls.add(i)
			}
		}
	}
	switch c.kind {
	case kindNumber:
		out.nums = make([]float64, len(rows))
		for i, r := range rows {
			out.nums[i] = c.nums[r]
		}
	case kindBool:
		for i, r := range rows {
			if c.flags.has(r) {
				out.flags.add(i)
			}
		}
	case kindString:
		if c.codes != nil { // the distinct values stay shared
			out.strs = c.strs
			out.codes = make([]uint32, len(rows))
			for i, r := range rows {
				out.codes[i] = c.codes[r]
			}
			break
		}
		out.text = c.text
		out.refs = make([]uint64, len(rows))
		for i, r := range rows {
			out.refs[i] = c.refs[r]
		}
	}
	return out
}

// compareRows orders rows i and j of the column as compare orders their
// values: nulls last.
func (c *column) compareRows(i, j int) int {
	ni, nj := c.null(i), c.null(j)
	switch {
	case ni || nj:
		return compareNulls(ni, nj)
	case c.kind == kindNumber:
		return compareNumbers(c.nums[i], c.nums[j])
	case c.kind == kindString:
		if c.codes != nil && c.codes[i] == c.codes[j] {
			return 0
		}
		return strings.Compare(c.str(i), c.str(j))
	case c.kind == kindBool:
		return compare(c.flags.has(i), c.flags.has(j))
	}
	return compare(c.vals[i], c.vals[j])
}

func compareNulls(a, b bool) int {
	switch {
	case a && b:
		return 0
	case a:
		return 1
	}
	return -1
}

func compareNumbers(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// dtype names what the column holds, as DataFrame's dtypes says it.
func (c *column) dtype() string {
	switch c.kind {
	case kindNumber:
		return "number"
	case kindString:
		return "string"
	case kindBool:
		return "boolean"
	case kindAny:
		return dtype(c.vals)
	}
	return "null"
}

// numbers are the column's numbers, nulls and other values left out.
func (c *column) numbers() []float64 {
	switch c.kind {
	case kindNumber:
		if len(c.nulls) == 0 {
			return c.nums
		}
		var xs []float64
		for r, x := range c.nums {
			if !c.nulls.has(r) {
				xs = append(xs, x)
			}
		}
		return xs
	case kindAny:
		var xs []float64
		for _, v := range c.vals {
			if x, ok := v.(float64); ok {
				xs = append(xs, x)
			}
		}
		return xs
	}
	return nil
}

// numberKey is x as a map key: the numbers a frame tells apart are the
// ones key writes differently, so every NaN is one key, and 0 and -0 two.
func numberKey(x float64) uint64 {
	if math.IsNaN(x) {
		return math.Float64bits(math.NaN())
	}
	return math.Float64bits(x)
}
