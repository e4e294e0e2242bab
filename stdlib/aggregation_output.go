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
	var ks, vs []any
	for i, v := range values {
		if math.IsNaN(v) {
			continue
		}
		ks, vs = append(ks, keys[i]), append(vs, v)
	}
	f := newFrame([]string{keyName, valueName})
	f.cols[0], f.cols[1] = columnOf(ks), columnOf(vs)
	return f
}

// labelsFrame is labels_: task, agg_label; null where a task has no label.
func labelsFrame(in *aggInput, labels []int32) *Frame {
	agg := make([]any, len(labels))
	for t, l := range labels {
		if l >= 0 {
			agg[t] = in.labels.Keys()[l]
		}
	}
	f := newFrame([]string{"task", "agg_label"})
	f.cols[0], f.cols[1] = columnOf(in.tasks.Keys()), columnOf(agg)
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
	f.cols[0] = columnOf(in.tasks.Keys())
	for j := 0; j < m.Cols; j++ {
		b := newBuilder(nil)
		b.reserve(m.Rows)
		for i := range m.Rows {
			b.value(number(m.At(i, j)))
		}
		f.cols[j+1] = b.column()
	}
	return f, nil
}

// errorsFrame is DawidSkene's errors_: worker, label (the one given), then
// a column per true label; one row per label a worker gave.
func errorsFrame(in *aggInput, e *aggregation.ErrorMatrices) *Frame {
	names := []string{"worker", "label"}
	for _, l := range in.labels.Keys() {
		names = append(names, columnName(l))
	}
	cols := make([]*builder, len(names))
	for i := range cols {
		cols[i] = newBuilder(nil)
	}
	for i := 0; i < e.Len(); i++ {
		cols[0].value(in.workers.Keys()[e.Worker[i]])
		cols[1].value(in.labels.Keys()[e.Label[i]])
		for c, v := range e.Row(i) {
			cols[2+c].value(number(v))
		}
	}
	f := newFrame(names)
	for i, b := range cols {
		f.cols[i] = b.column()
	}
	return f
}

// rows is a matrix as nested arrays, as numpy arrays come out of crowd-kit.
func rows(m aggregation.Matrix) [][]float64 {
	out := make([][]float64, m.Rows)
	for i := range out {
		out[i] = append([]float64(nil), m.Row(i)...)
	}
	return out
}
