package aggregation

import "math"

// Matrix is a dense row-major table of floats: probabilities of each task's
// labels, a worker's error matrix, and the like.
type Matrix struct {
	Rows, Cols int
	Data       []float64
}

func newMatrix(rows, cols int) Matrix {
	return Matrix{Rows: rows, Cols: cols, Data: make([]float64, rows*cols)}
}

// At is the value in row i, column j.
func (m Matrix) At(i, j int) float64 { return m.Data[i*m.Cols+j] }

// Row is row i, sharing the matrix's storage.
func (m Matrix) Row(i int) []float64 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

func (m Matrix) clone() Matrix {
	return Matrix{Rows: m.Rows, Cols: m.Cols, Data: append([]float64(nil), m.Data...)}
}

// argmaxRows is each row's column of the largest value, the first one on a
// tie, skipping NaN (pandas' idxmax); -1 for a row of NaN only.
func argmaxRows(m Matrix) []int32 {
	out := make([]int32, m.Rows)
	for i := range out {
		out[i] = argmax(m.Row(i))
	}
	return out
}

func argmax(row []float64) int32 {
	best := int32(-1)
	for j, v := range row {
		if math.IsNaN(v) {
			continue
		}
		if best < 0 || v > row[best] {
			best = int32(j)
		}
	}
	return best
}

// argmaxOrdered is argmax with ties going to the column that comes first in
// order (a permutation of the columns).
func argmaxOrdered(row []float64, order []int32) int32 {
	best := int32(-1)
	for _, j := range order {
		v := row[j]
		if math.IsNaN(v) {
			continue
		}
		if best < 0 || v > row[best] {
			best = j
		}
	}
	return best
}

// kahan is a compensated sum, as pandas' groupby sums add (so that sums
// crowd-kit finds equal come out equal here too).
type kahan struct{ sum, c float64 }

func (k *kahan) add(v float64) {
	y := v - k.c
	t := k.sum + y
	k.c = (t - k.sum) - y
	k.sum = t
}

// groupSum is pandas' groupby().sum() of one column: compensated, in row order.
func kahanAdd(sum, comp []float64, i int, v float64) {
	y := v - comp[i]
	t := sum[i] + y
	comp[i] = (t - sum[i]) - y
	sum[i] = t
}

const eps = 1e-10 // crowd-kit's _EPS: the floor for probabilities before a log

func clipLow(v, lo float64) float64 {
	if v < lo {
		return lo
	}
	return v
}
