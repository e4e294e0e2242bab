package stdlib

import (
	"fmt"
	"math"
	"strconv"

	"github.com/tolokash/tolokash/aggregation"
)

// From the aggregation package's results to DataFrames, with the names
// crowd-kit gives its Series and DataFrames: the index becomes the first
// column (task, worker or label), the values the rest.

// columnName is a label as a column name, as String(label) writes it in JS.
func columnName(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func number(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return v
}

// seriesFrame is a Series as a DataFrame: one row per key with a number
// (rows without one, NaN, are left out, as pandas' groupby leaves them).
func seriesFrame(keyName string, keys []any, valueName string, values []float64) *Frame {
	f := newFrame([]string{keyName, valueName})
	for i, v := range values {
		if math.IsNaN(v) {
			continue
		}
		f.cols[0] = append(f.cols[0], keys[i])
		f.cols[1] = append(f.cols[1], v)
	}
	ensureColumns(f)
	return f
}

// labelsFrame is labels_: task, agg_label; null where a task has no label.
func labelsFrame(in *aggInput, labels []int32) *Frame {
	f := newFrame([]string{"task", "agg_label"})
	f.cols[0] = append([]any(nil), in.tasks.Keys()...)
	f.cols[1] = make([]any, len(labels))
	for t, l := range labels {
		if l >= 0 {
			f.cols[1][t] = in.labels.Keys()[l]
		}
	}
	ensureColumns(f)
	return f
}

// probasFrame is probas_ (or scores_): the task, then a column per label.
func probasFrame(in *aggInput, m aggregation.Matrix) (*Frame, error) {
	names := []string{"task"}
	for _, l := range in.labels.Keys() {
		name := columnName(l)
		if name == "task" {
			return nil, fmt.Errorf("a label is called \"task\", as the task column is")
		}
		names = append(names, name)
	}
	f := newFrame(names)
	f.cols[0] = append([]any(nil), in.tasks.Keys()...)
	for j := 0; j < m.Cols; j++ {
		col := make([]any, m.Rows)
		for i := range col {
			col[i] = number(m.At(i, j))
		}
		f.cols[j+1] = col
	}
	ensureColumns(f)
	return f, nil
}

// errorsFrame is DawidSkene's errors_: worker, label (the one given), then
// a column per true label; one row per label a worker gave.
func errorsFrame(in *aggInput, e *aggregation.ErrorMatrices) *Frame {
	names := []string{"worker", "label"}
	for _, l := range in.labels.Keys() {
		names = append(names, columnName(l))
	}
	f := newFrame(names)
	for i := 0; i < e.Len(); i++ {
		f.cols[0] = append(f.cols[0], in.workers.Keys()[e.Worker[i]])
		f.cols[1] = append(f.cols[1], in.labels.Keys()[e.Label[i]])
		for c, v := range e.Row(i) {
			f.cols[2+c] = append(f.cols[2+c], number(v))
		}
	}
	ensureColumns(f)
	return f
}

// ensureColumns gives every column of an empty frame an empty slice.
func ensureColumns(f *Frame) {
	for i := range f.cols {
		if f.cols[i] == nil {
			f.cols[i] = []any{}
		}
	}
}

// rows is a matrix as nested arrays, as numpy arrays come out of crowd-kit.
func rows(m aggregation.Matrix) [][]float64 {
	out := make([][]float64, m.Rows)
	for i := range out {
		out[i] = append([]float64(nil), m.Row(i)...)
	}
	return out
}
