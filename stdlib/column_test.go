package stdlib

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestExportColumnsAreTyped: an export read into a frame holds each column
// by its kind: numbers unboxed, repeated strings once (interned), distinct
// strings packed in blocks, an empty column as nulls alone, and only a
// column whose values differ in kind as Go values; and every value reads
// back as it was written.
func TestExportColumnsAreTyped(t *testing.T) {
	var tsv strings.Builder
	tsv.WriteString("INPUT:image\tOUTPUT:label\tGOLDEN:label\tOUTPUT:ok\tOUTPUT:answer\tASSIGNMENT:reward\n")
	for i := range 10_000 {
		answer := []string{"1", "cat", ""}[i%3] // a number, a string, a null
		fmt.Fprintf(&tsv, "https://x/%05d.png\t%s\t\t%v\t%s\t0.0%d\n", i, []string{"cat", "dog", `"bird	or ""plane"""`}[i%3], i%2 == 0, answer, 1+i%9)
	}
	f, err := readTable(strings.NewReader(tsv.String()), '\t', "export")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for i, c := range f.cols {
		k := []string{"null", "number", "string", "boolean", "any"}[c.kind]
		switch {
		case c.kind == kindString && c.codes != nil:
			k += ", interned"
		case c.kind == kindString:
			k += ", in blocks"
		}
		kinds[f.names[i]] = k
	}
	want := map[string]string{"INPUT:image": "string, in blocks", "OUTPUT:label": "string, interned", "GOLDEN:label": "null",
		"OUTPUT:ok": "boolean", "OUTPUT:answer": "any", "ASSIGNMENT:reward": "number"}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("columns held as %v, want %v", kinds, want)
	}
	if n := len(f.cols[1].strs); n != 3 {
		t.Errorf("the labels are held %d times, want once each (3)", n)
	}
	for _, r := range []int{0, 1, 2, 4095, 4096, 9999} {
		got := fmt.Sprintf("%#v", []any{f.cols[0].at(r), f.cols[1].at(r), f.cols[2].at(r), f.cols[3].at(r), f.cols[4].at(r), f.cols[5].at(r)})
		answer := []any{1.0, "cat", nil}[r%3]
		want := fmt.Sprintf("%#v", []any{fmt.Sprintf("https://x/%05d.png", r), []string{"cat", "dog", `bird	or "plane"`}[r%3], nil, r%2 == 0, answer, float64(1+r%9) / 100})
		if got != want {
			t.Errorf("row %d: %s, want %s", r, got, want)
		}
	}
	var out bytes.Buffer
	if err := writeTable(&out, f, '\t'); err != nil {
		t.Fatal(err)
	}
	if out.String() != tsv.String() {
		t.Errorf("written back differently from the first difference on: %q", out.String()[commonPrefix(out.String(), tsv.String()):][:80])
	}
}

func commonPrefix(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// TestBuilderKeepsEveryValue: a column built value by value holds what it
// was given whatever comes when: nulls before and after, a change of kind,
// strings that stop being interned once mostly distinct, and rows taken,
// concatenated, sorted and grouped from it.
func TestBuilderKeepsEveryValue(t *testing.T) {
	var vals []any
	for i := range 9000 { // distinct past the first rows: interning stops
		switch {
		case i%7 == 0:
			vals = append(vals, nil)
		case i < 100:
			vals = append(vals, "same")
		default:
			vals = append(vals, fmt.Sprintf("v%d", i))
		}
	}
	cases := map[string][]any{
		"strings, then distinct": vals,
		"nulls then numbers":     {nil, nil, 1.0, -0.0, math.NaN(), nil, math.Inf(1)},
		"numbers then a string":  {1.0, nil, "x", 2.0},
		"booleans and nulls":     {nil, true, false, nil, true},
		"a list among strings":   {"a", []any{1.0, "b"}, nil, map[string]any{"k": "v"}},
		"nulls alone":            {nil, nil},
		"nothing":                {},
	}
	for name, in := range cases {
		c := columnOf(in)
		if c.n != len(in) || key(c.values()...) != key(in...) {
			t.Errorf("%s: holds %v, want %v", name, head(c.values()), head(in))
			continue
		}
		rows := []int{}
		for r := len(in) - 1; r >= 0; r -= 3 {
			rows = append(rows, r)
		}
		var want []any
		for _, r := range rows {
			want = append(want, in[r])
		}
		if got := c.take(rows).values(); key(got...) != key(want...) {
			t.Errorf("%s: take %v gives %v, want %v", name, head(rows), head(got), head(want))
		}
		both := concat([]*Frame{{names: []string{"c"}, cols: []*column{c}, index: map[string]int{"c": 0}},
			{names: []string{"c"}, cols: []*column{c}, index: map[string]int{"c": 0}}})
		if got := both.cols[0].values(); key(got...) != key(append(slices.Clone(in), in...)...) {
			t.Errorf("%s: concat holds %v", name, head(got))
		}
		// Groups as key() tells values apart, numbered as they first appear.
		g := c.groups()
		seen := map[string]uint32{}
		for r, v := range in {
			id, ok := seen[key(v)]
			if !ok {
				id = uint32(len(seen))
				seen[key(v)] = id
				if g.first[id] != r {
					t.Errorf("%s: group %d first appears at row %d, not %d", name, id, r, g.first[id])
				}
			}
			if g.of[r] != id {
				t.Errorf("%s: row %d (%v) is in group %d, want %d", name, r, v, g.of[r], id)
				break
			}
		}
	}
	if c := columnOf(vals); c.kind != kindString || c.codes != nil {
		t.Errorf("a column of mostly distinct strings is still interned")
	}
}

func head[T any](s []T) []T { return s[:min(len(s), 8)] }
