package stdlib

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Frame is a table: named columns of equal length.
type Frame struct {
	names []string
	cols  []*column
	index map[string]int
}

// newFrame is a frame of the named columns, empty until they are set.
func newFrame(names []string) *Frame {
	f := &Frame{names: names, cols: make([]*column, len(names)), index: map[string]int{}}
	for i, n := range names {
		f.index[n] = i
		f.cols[i] = nullColumn(0)
	}
	return f
}

// Len is the number of rows.
func (f *Frame) Len() int {
	if len(f.cols) == 0 {
		return 0
	}
	return f.cols[0].n
}

// Columns are the column names in order.
func (f *Frame) Columns() []string { return append([]string(nil), f.names...) }

// col returns a column or an error listing the columns there are.
func (f *Frame) col(name string) (*column, error) {
	i, ok := f.index[name]
	if !ok {
		return nil, fmt.Errorf("no column %q; the columns are: %s", name, strings.Join(f.names, ", "))
	}
	return f.cols[i], nil
}

// addColumn appends or replaces a column.
func (f *Frame) addColumn(name string, vals *column) {
	if i, ok := f.index[name]; ok {
		f.cols[i] = vals
		return
	}
	f.index[name] = len(f.names)
	f.names = append(f.names, name)
	f.cols = append(f.cols, vals)
}

// take builds a frame of the given rows, in that order.
func (f *Frame) take(rows []int) *Frame {
	out := newFrame(append([]string(nil), f.names...))
	for c, col := range f.cols {
		out.cols[c] = col.take(rows)
	}
	return out
}

// clone is a frame of the same columns, which it shares: columns never
// change, and a frame's names and index are its own.
func (f *Frame) clone() *Frame {
	out := newFrame(append([]string(nil), f.names...))
	copy(out.cols, f.cols)
	return out
}

// compare orders values: numbers, then strings, then booleans; nulls last.
func compare(a, b any) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return 1
		}
		return -1
	}
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
		return -1
	case string:
		switch y := b.(type) {
		case string:
			return strings.Compare(x, y)
		case float64:
			return 1
		}
		return -1
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
		return 1
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

// key renders values for grouping and joining; types stay apart (1 ≠ "1").
func key(vals ...any) string {
	var b strings.Builder
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			b.WriteString("n|")
		case string:
			b.WriteString("s" + strconv.Itoa(len(x)) + ":" + x + "|")
		case float64:
			b.WriteString("f" + strconv.FormatFloat(x, 'g', -1, 64) + "|")
		case bool:
			b.WriteString("b" + strconv.FormatBool(x) + "|")
		default:
			b.WriteString("o" + fmt.Sprint(x) + "|")
		}
	}
	return b.String()
}

// sortRows returns row numbers ordered by the columns (stable, nulls last).
func (f *Frame) sortRows(cols []*column, desc bool) []int {
	rows := seq(0, f.Len())
	slices.SortStableFunc(rows, func(i, j int) int {
		for _, col := range cols {
			c := col.compareRows(i, j)
			if c == 0 {
				continue
			}
			if desc && !col.null(i) && !col.null(j) {
				return -c
			}
			return c
		}
		return 0
	})
	return rows
}

// aggregate reduces values with one of count, sum, mean, min, max, first, mode, list.
func aggregate(how string, vals []any) (any, error) {
	switch how {
	case "count":
		n := 0
		for _, v := range vals {
			if v != nil {
				n++
			}
		}
		return float64(n), nil
	case "sum", "mean":
		sum, n := 0.0, 0
		for _, v := range vals {
			if x, ok := v.(float64); ok {
				sum += x
				n++
			}
		}
		if how == "sum" {
			return sum, nil
		}
		if n == 0 {
			return nil, nil
		}
		return sum / float64(n), nil
	case "min", "max":
		var best any
		for _, v := range vals {
			if v == nil {
				continue
			}
			if best == nil || (how == "min") == (compare(v, best) < 0) {
				best = v
			}
		}
		return best, nil
	case "first":
		for _, v := range vals {
			if v != nil {
				return v, nil
			}
		}
		return nil, nil
	case "list":
		return append([]any{}, vals...), nil
	case "mode":
		// The most frequent value that is not null; of values as frequent, the one that got there first.
		counts := map[string]int{}
		var best any
		bestN := 0
		for _, v := range vals {
			if v == nil {
				continue
			}
			k := key(v)
			counts[k]++
			if counts[k] > bestN {
				best, bestN = v, counts[k]
			}
		}
		return best, nil
	}
	return nil, fmt.Errorf("unknown aggregation %q (use count, sum, mean, min, max, first, mode or list)", how)
}

// describe summarises the numeric columns: count, mean, std, min, max.
func (f *Frame) describe() *Frame {
	out := newFrame([]string{"stat"})
	out.cols[0] = columnOf([]any{"count", "mean", "std", "min", "max"})
	for c, name := range f.names {
		xs := f.cols[c].numbers()
		if len(xs) == 0 {
			continue
		}
		mean, min, max := 0.0, math.Inf(1), math.Inf(-1)
		for _, x := range xs {
			mean += x
			min, max = math.Min(min, x), math.Max(max, x)
		}
		mean /= float64(len(xs))
		variance := 0.0
		for _, x := range xs {
			variance += (x - mean) * (x - mean)
		}
		std := 0.0
		if len(xs) > 1 {
			std = math.Sqrt(variance / float64(len(xs)-1))
		}
		out.addColumn(name, columnOf([]any{float64(len(xs)), mean, std, min, max}))
	}
	return out
}

// dtype names the kind of Go values a column holds.
func dtype(col []any) string {
	kind := ""
	for _, v := range col {
		var k string
		switch v.(type) {
		case nil:
			continue
		case float64:
			k = "number"
		case string:
			k = "string"
		case bool:
			k = "boolean"
		default:
			k = "object"
		}
		if kind == "" {
			kind = k
		} else if kind != k {
			return "mixed"
		}
	}
	if kind == "" {
		return "null"
	}
	return kind
}
