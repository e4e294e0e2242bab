package stdlib

import (
	"strconv"
	"unsafe"
)

// builder makes a column one value at a time. The column stays typed while
// its values are of one kind (nulls go with any), and becomes kindAny at the
// first value of another kind. Strings are interned, each distinct value
// held once and rows holding its number, until the column shows itself to
// be mostly distinct values (ids, links), when rows hold their strings.
type builder struct {
	c         column
	interning bool
	intern    map[string]uint32 // while interning: value → its number
	last      string            // the string appended last and its number:
	lastCode  uint32            // an export lists a task's answers together
	hint      int               // rows expected
	check     int               // the row count at which interning is judged next
	arena     *arena            // where the strings are copied
}

// internJudged is when a column's strings are first judged: past it, a
// column with more distinct values than half its rows stops interning (and
// is judged again each time its rows double).
const internJudged = 4096

// newBuilder makes a builder that copies its strings into text (a new
// arena when nil); the builders of one table share one.
func newBuilder(text *arena) *builder {
	if text == nil {
		text = &arena{}
	}
	return &builder{arena: text, check: internJudged}
}

// reserve makes room for n rows in all.
func (b *builder) reserve(n int) {
	b.hint = n
	c := &b.c
	switch c.kind {
	case kindNumber:
		c.nums = grown(c.nums, n)
	case kindString:
		if b.interning {
			c.codes = grown(c.codes, n)
		} else {
			c.refs = grown(c.refs, n)
		}
	case kindAny:
		c.vals = grown(c.vals, n)
	}
}

func grown[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s
	}
	return append(make([]T, 0, n), s...)
}

// become makes a column of nulls (so far) a column of kind k: the rows so
// far stay null.
func (b *builder) become(k kind) {
	c := &b.c
	size := max(b.hint, c.n+1)
	switch k {
	case kindNumber:
		c.nums = make([]float64, c.n, size)
	case kindString:
		b.interning, b.intern = true, map[string]uint32{}
		c.codes = make([]uint32, c.n, size)
	case kindAny:
		c.vals = make([]any, c.n, size)
	}
	if k != kindAny {
		for r := range c.n {
			c.nulls.add(r)
		}
	}
	c.kind = k
}

// want readies the column for a value of kind k, and reports whether it
// stays typed.
func (b *builder) want(k kind) bool {
	switch b.c.kind {
	case k:
		return true
	case kindNull:
		b.become(k)
		return true
	case kindAny:
		return false
	}
	b.toAny()
	return false
}

// toAny turns the column into Go values.
func (b *builder) toAny() {
	vals := make([]any, b.c.n, max(b.hint, b.c.n+1))
	for r := range vals {
		vals[r] = b.c.at(r)
	}
	b.c = column{kind: kindAny, n: b.c.n, vals: vals}
	b.interning, b.intern = false, nil
}

func (b *builder) null() {
	c := &b.c
	switch c.kind {
	case kindNumber:
		c.nums = append(c.nums, 0)
	case kindString:
		if b.interning {
			c.codes = append(c.codes, 0)
		} else {
			c.refs = append(c.refs, 0)
		}
	case kindAny:
		c.vals = append(c.vals, nil)
		c.n++
		return
	}
	if c.kind != kindNull {
		c.nulls.add(c.n)
	}
	c.n++
}

// nulls appends n nulls.
func (b *builder) nulls(n int) {
	if b.c.kind == kindNull {
		b.c.n += n
		return
	}
	for range n {
		b.null()
	}
}

func (b *builder) number(x float64) {
	if !b.want(kindNumber) {
		b.any(x)
		return
	}
	b.c.nums = append(b.c.nums, x)
	b.c.n++
}

func (b *builder) boolean(x bool) {
	if !b.want(kindBool) {
		b.any(x)
		return
	}
	if x {
		b.c.flags.add(b.c.n)
	}
	b.c.n++
}

// str appends s, which the column may keep.
func (b *builder) str(s string) {
	if !b.want(kindString) {
		b.any(s)
		return
	}
	if !b.interning {
		b.c.refs = append(b.c.refs, b.arena.addString(s))
		b.c.n++
		return
	}
	code, ok := lookup(b, s)
	if !ok {
		code = b.add(s)
	}
	b.interned(code)
}

// text appends the string of s's bytes, copied only when the column has
// not got it already.
func (b *builder) text(s []byte) {
	if !b.want(kindString) {
		b.any(string(s))
		return
	}
	if !b.interning {
		b.c.refs = append(b.c.refs, b.arena.add(s))
		b.c.n++
		return
	}
	code, ok := lookup(b, s)
	if !ok {
		code = b.add(b.arena.get(b.arena.add(s)))
	}
	b.interned(code)
}

// lookup finds s's number among the values interned: the value before
// first, which exports repeat, then a short list by comparison, which is
// quicker than hashing, then the map.
func lookup[T string | []byte](b *builder, s T) (uint32, bool) {
	strs := b.c.strs
	if len(strs) > 0 && string(s) == b.last {
		return b.lastCode, true
	}
	if len(strs) <= 8 {
		for i, v := range strs {
			if string(s) == v {
				return uint32(i), true
			}
		}
		return 0, false
	}
	code, ok := b.intern[string(s)] // no allocation for a look-up
	return code, ok
}

func (b *builder) add(s string) uint32 {
	code := uint32(len(b.c.strs))
	b.c.strs = append(b.c.strs, s)
	b.intern[s] = code
	return code
}

func (b *builder) interned(code uint32) {
	b.c.codes = append(b.c.codes, code)
	b.last, b.lastCode = b.c.strs[code], code
	b.c.n++
	if b.c.n >= b.check {
		b.check = 2 * b.c.n
		if 2*len(b.c.strs) > b.c.n {
			b.stopInterning()
		}
	}
}

// stopInterning gives each row its string: the values are mostly distinct,
// and numbering them would only cost.
func (b *builder) stopInterning() {
	c := &b.c
	refs := make([]uint64, c.n, max(b.hint, 2*c.n))
	for r, code := range c.codes {
		if !c.nulls.has(r) {
			refs[r] = b.arena.addString(c.strs[code])
		}
	}
	c.refs, c.text, c.strs, c.codes = refs, b.arena, nil, nil
	b.interning, b.intern = false, nil
}

// any appends a value the column holds as it is.
func (b *builder) any(v any) {
	if b.c.kind != kindAny {
		if b.c.kind == kindNull {
			b.become(kindAny)
		} else {
			b.toAny()
		}
	}
	b.c.vals = append(b.c.vals, v)
	b.c.n++
}

// value appends a Go value: nil, string, float64, bool, or a list or object.
func (b *builder) value(v any) {
	switch x := v.(type) {
	case nil:
		b.null()
	case float64:
		b.number(x)
	case string:
		b.str(x)
	case bool:
		b.boolean(x)
	default:
		b.any(v)
	}
}

// from appends row r of src.
func (b *builder) from(src *column, r int) {
	switch {
	case src.null(r):
		b.null()
	case src.kind == kindNumber:
		b.number(src.nums[r])
	case src.kind == kindString:
		b.str(src.str(r))
	case src.kind == kindBool:
		b.boolean(src.flags.has(r))
	default:
		b.value(src.vals[r])
	}
}

// cell appends a cell of CSV or TSV text, typed as the table format says
// (csv.go): quoted is a string; unquoted, empty is null, true and false are
// booleans, a number is a number, and anything else a string.
func (b *builder) cell(s []byte, quoted bool) {
	switch {
	case quoted:
		b.text(s)
	case len(s) == 0:
		b.null()
	case string(s) == "true":
		b.boolean(true)
	case string(s) == "false":
		b.boolean(false)
	default:
		if looksNumeric(s) {
			if x, err := strconv.ParseFloat(string(s), 64); err == nil {
				b.number(x)
				return
			}
		}
		b.text(s)
	}
}

// column is the column built.
func (b *builder) column() *column {
	c := b.c
	b.c, b.intern = column{}, nil
	return &c
}

// columnOf is a column of Go values.
func columnOf(vals []any) *column {
	b := newBuilder(nil)
	b.reserve(len(vals))
	for _, v := range vals {
		b.value(v)
	}
	return b.column()
}

// nullColumn is a column of n nulls.
func nullColumn(n int) *column { return &column{kind: kindNull, n: n} }

// arena holds a column's strings (a table's, when it is read), many to a
// block of text: a string apiece was an allocation per cell, and millions
// of small objects and pointers for the collector to walk. A row keeps a
// string's place, a ref: the block, the offset and the length, or with
// bigRef set, the string's index in big. Blocks are only appended to, so a
// string made over one (get) stays what it was.
type arena struct {
	blocks [][]byte
	big    []string // strings longer than a block holds
}

const (
	arenaBlock = 64 << 10        // bytes in a block: an offset in 16 bits
	arenaMax   = arenaBlock / 16 // the longest string a block takes: a length in 16 bits
	bigRef     = 1 << 63
)

// add copies s in and returns its ref.
func (a *arena) add(s []byte) uint64 { return put(a, s) }

// addString is add for a string.
func (a *arena) addString(s string) uint64 { return put(a, s) }

func put[T string | []byte](a *arena, s T) uint64 {
	switch {
	case len(s) == 0:
		return 0
	case len(s) > arenaMax:
		a.big = append(a.big, string(s))
		return bigRef | uint64(len(a.big)-1)
	}
	last := len(a.blocks) - 1
	if last < 0 || cap(a.blocks[last])-len(a.blocks[last]) < len(s) {
		a.blocks = append(a.blocks, make([]byte, 0, arenaBlock))
		last++
	}
	at := len(a.blocks[last])
	a.blocks[last] = append(a.blocks[last], s...)
	return uint64(last)<<32 | uint64(at)<<16 | uint64(len(s))
}

// get is the string at ref.
func (a *arena) get(ref uint64) string {
	switch n := int(ref & 0xffff); {
	case ref&bigRef != 0:
		return a.big[ref&^bigRef]
	case n == 0:
		return ""
	default:
		return unsafe.String(&a.blocks[ref>>32][ref>>16&0xffff], n)
	}
}
