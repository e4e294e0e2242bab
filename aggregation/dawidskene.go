package aggregation

import (
	"context"
	"fmt"
	"math"
	"sort"
)

// ErrorMatrices are workers' confusion matrices, a row per worker and label
// the worker gave, in order of worker then label: Row(i)[true] is the
// probability that Worker[i] answers Label[i] when the task's true label is
// true. For each true label, a worker's rows sum to 1. Rows cover only the
// labels a worker gave, as crowd-kit's errors_ does, so memory grows with
// the (worker, label) pairs seen, not with workers × labels².
type ErrorMatrices struct {
	Labels        int
	Worker, Label []int32
	Data          []float64 // Len() × Labels

	sorted bool
}

// NewErrorMatrices returns matrices without rows, for an initial error.
func NewErrorMatrices(labels int) *ErrorMatrices { return &ErrorMatrices{Labels: labels, sorted: true} }

// Len is the number of rows.
func (e *ErrorMatrices) Len() int { return len(e.Worker) }

// Row is row i, sharing storage.
func (e *ErrorMatrices) Row(i int) []float64 { return e.Data[i*e.Labels : (i+1)*e.Labels] }

// Set adds or replaces worker w's row for the label it gave.
func (e *ErrorMatrices) Set(w, given int32, row []float64) {
	if i := e.Find(w, given); i >= 0 {
		copy(e.Row(i), row)
		return
	}
	if n := e.Len(); n > 0 && (e.Worker[n-1] > w || e.Worker[n-1] == w && e.Label[n-1] > given) {
		e.sorted = false
	}
	e.Worker = append(e.Worker, w)
	e.Label = append(e.Label, given)
	e.Data = append(e.Data, make([]float64, e.Labels)...)
	copy(e.Data[len(e.Data)-e.Labels:], row)
}

// Find is the row of worker w for the label it gave, or -1.
func (e *ErrorMatrices) Find(w, given int32) int {
	e.sort()
	i := sort.Search(e.Len(), func(i int) bool {
		return e.Worker[i] > w || e.Worker[i] == w && e.Label[i] >= given
	})
	if i < e.Len() && e.Worker[i] == w && e.Label[i] == given {
		return i
	}
	return -1
}

func (e *ErrorMatrices) sort() {
	if e.sorted {
		return
	}
	order := make([]int, e.Len())
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		i, j := order[a], order[b]
		return e.Worker[i] < e.Worker[j] || e.Worker[i] == e.Worker[j] && e.Label[i] < e.Label[j]
	})
	out := &ErrorMatrices{Labels: e.Labels, sorted: true}
	for _, i := range order {
		out.Worker = append(out.Worker, e.Worker[i])
		out.Label = append(out.Label, e.Label[i])
		out.Data = append(out.Data, e.Row(i)...)
	}
	*e = *out
}

// Initial error strategies: how DawidSkene uses an initial error matrix.
const (
	InitialErrorAssign   = "assign"   // start from it instead of the first estimate
	InitialErrorAddition = "addition" // add it to the first estimate (prior counts)
)

// DawidSkene estimates each worker's confusion matrix and each task's label
// distribution together by expectation–maximisation (Dawid and Skene, 1979),
// starting from the majority vote. It stops after NIter iterations or when
// the evidence lower bound per answer improves by less than Tol.
type DawidSkene struct {
	NIter int
	Tol   float64
	// InitialErrorStrategy says how Fit uses an initial error matrix:
	// InitialErrorAssign, InitialErrorAddition, or "" to ignore it.
	InitialErrorStrategy string

	Probas      Matrix         // tasks × labels
	Priors      []float64      // per label: its mean probability over tasks
	Errors      *ErrorMatrices // per worker
	Labels      []int32        // per task: the most probable label
	LossHistory []float64      // the evidence lower bound per answer, each iteration
}

// NewDawidSkene returns a DawidSkene with crowd-kit's defaults.
func NewDawidSkene() *DawidSkene { return &DawidSkene{NIter: 100, Tol: 1e-5} }

// Fit runs the EM. truth (may be nil) pins golden tasks to their known label
// at every step; initialError (may be nil) seeds the first error estimate as
// InitialErrorStrategy says.
func (ds *DawidSkene) Fit(ctx context.Context, a *Answers, truth *Truth, initialError *ErrorMatrices) error {
	if err := a.Validate(); err != nil {
		return err
	}
	pin, err := goldenPins(truth, a)
	if err != nil {
		return err
	}
	if initialError != nil && ds.InitialErrorStrategy != "" {
		if err := checkInitialError(a, initialError, ds.InitialErrorStrategy); err != nil {
			return err
		}
	}
	if a.Len() == 0 {
		*ds = DawidSkene{NIter: ds.NIter, Tol: ds.Tol, InitialErrorStrategy: ds.InitialErrorStrategy,
			Errors: NewErrorMatrices(a.NumLabels), LossHistory: []float64{}}
		return nil
	}
	e := newEM(a)
	probas := voteShares(a, nil, nil)
	pinProbas(probas, pin)
	priors := columnMeans(probas)
	errs := e.mStep(probas, initialError, ds.InitialErrorStrategy)
	loss := math.Inf(-1)
	ds.LossHistory = []float64{}
	if ds.NIter > 0 {
		e.sumLogErrors(errs)
	}
	for i := 0; i < ds.NIter; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		probas = e.eStep(priors)
		pinProbas(probas, pin)
		priors = columnMeans(probas)
		errs = e.mStep(probas, nil, "")
		e.sumLogErrors(errs)
		newLoss := e.lowerBound(probas, priors) / float64(a.Len())
		ds.LossHistory = append(ds.LossHistory, newLoss)
		if newLoss-loss < ds.Tol {
			break
		}
		loss = newLoss
	}
	ds.Probas, ds.Priors, ds.Errors = probas, priors, errs
	ds.Labels = argmaxRows(probas)
	return nil
}

// em holds what DawidSkene's steps share.
type em struct {
	a      *Answers
	byTask groups
	// observed has a row per (worker, label) answered; rowOf[r] is answer
	// r's row in it.
	observed *ErrorMatrices
	rowOf    []int32
	// logSums[t*L+c] is the sum over task t's answers of ln P(answer | true c),
	// for the latest errors: the E-step and the lower bound both need it.
	logSums []float64
	lnErr   []float64
}

func newEM(a *Answers) *em {
	e := &em{a: a, byTask: groupRows(a.Task, a.NumTasks), logSums: make([]float64, a.NumTasks*a.NumLabels),
		rowOf: make([]int32, a.Len())}
	// The answered pairs in (worker, label) order: answers by worker, then
	// a slot per label, renumbered.
	L := a.NumLabels
	byWorker := groupRows(a.Worker, a.NumWorkers)
	slot := make([]int32, L)
	e.observed = &ErrorMatrices{Labels: L, sorted: true}
	for w := 0; w < a.NumWorkers; w++ {
		rs := byWorker.of(w)
		for _, r := range rs {
			slot[a.Label[r]] = 1
		}
		for l := range slot {
			if slot[l] != 0 {
				slot[l] = int32(e.observed.Len())
				e.observed.Worker = append(e.observed.Worker, int32(w))
				e.observed.Label = append(e.observed.Label, int32(l))
			} else {
				slot[l] = -1
			}
		}
		for _, r := range rs {
			e.rowOf[r] = slot[a.Label[r]]
		}
		clear(slot)
	}
	return e
}

// blank is a zeroed copy of the observed rows.
func (e *em) blank() *ErrorMatrices {
	return &ErrorMatrices{Labels: e.observed.Labels, Worker: e.observed.Worker, Label: e.observed.Label,
		Data: make([]float64, e.observed.Len()*e.observed.Labels), sorted: true}
}

// mStep estimates the error matrices from label probabilities: for each
// worker, the probability mass of each true label behind each label it gave,
// floored at 1e-10 and normalised per true label.
func (e *em) mStep(probas Matrix, initial *ErrorMatrices, strategy string) *ErrorMatrices {
	a, L := e.a, e.a.NumLabels
	m := e.blank()
	comp := make([]float64, len(m.Data))
	for r := range a.Task {
		base := int(e.rowOf[r]) * L
		for c, p := range probas.Row(int(a.Task[r])) {
			kahanAdd(m.Data, comp, base+c, p)
		}
	}
	if initial != nil {
		initial.sort()
		switch strategy {
		case InitialErrorAssign:
			m = &ErrorMatrices{Labels: L, Worker: initial.Worker, Label: initial.Label,
				Data: append([]float64(nil), initial.Data...), sorted: true}
		case InitialErrorAddition:
			m = addErrors(m, initial)
		}
	}
	normalizeErrors(m)
	return m
}

// addErrors is the sum of two sets of rows, rows missing from one counting 0.
func addErrors(x, y *ErrorMatrices) *ErrorMatrices {
	out := &ErrorMatrices{Labels: x.Labels, sorted: true}
	i, j := 0, 0
	for i < x.Len() || j < y.Len() {
		var w, l int32
		switch {
		case j == y.Len() || i < x.Len() && (x.Worker[i] < y.Worker[j] || x.Worker[i] == y.Worker[j] && x.Label[i] < y.Label[j]):
			w, l = x.Worker[i], x.Label[i]
			out.Data = append(out.Data, x.Row(i)...)
			i++
		case i == x.Len() || x.Worker[i] != y.Worker[j] || x.Label[i] != y.Label[j]:
			w, l = y.Worker[j], y.Label[j]
			out.Data = append(out.Data, y.Row(j)...)
			j++
		default:
			w, l = x.Worker[i], x.Label[i]
			row := append([]float64(nil), x.Row(i)...)
			for c, v := range y.Row(j) {
				row[c] += v
			}
			out.Data = append(out.Data, row...)
			i++
			j++
		}
		out.Worker = append(out.Worker, w)
		out.Label = append(out.Label, l)
	}
	return out
}

func normalizeErrors(m *ErrorMatrices) {
	L := m.Labels
	sums := make([]float64, L)
	for start := 0; start < m.Len(); {
		end := start
		for end < m.Len() && m.Worker[end] == m.Worker[start] {
			end++
		}
		clear(sums)
		for i := start; i < end; i++ {
			row := m.Row(i)
			for c := range row {
				row[c] = clipLow(row[c], eps)
				sums[c] += row[c]
			}
		}
		for i := start; i < end; i++ {
			row := m.Row(i)
			for c := range row {
				row[c] /= sums[c]
			}
		}
		start = end
	}
}

// sumLogErrors fills logSums for errs.
func (e *em) sumLogErrors(errs *ErrorMatrices) {
	a, L := e.a, e.a.NumLabels
	if len(e.lnErr) < len(errs.Data) {
		e.lnErr = make([]float64, len(errs.Data))
	}
	for i, v := range errs.Data {
		e.lnErr[i] = math.Log(v)
	}
	rowOf := e.rowOf
	if errs.Len() != e.observed.Len() || errs.Len() > 0 && &errs.Worker[0] != &e.observed.Worker[0] {
		// Rows laid out otherwise (from an initial error): look each up.
		rowOf = make([]int32, a.Len())
		for r := range rowOf {
			rowOf[r] = int32(errs.Find(a.Worker[r], a.Label[r]))
		}
	}
	comp := make([]float64, L)
	for t := 0; t < a.NumTasks; t++ {
		sums := e.logSums[t*L : (t+1)*L]
		clear(sums)
		clear(comp)
		for _, r := range e.byTask.of(t) {
			base := int(rowOf[r]) * L
			for c := 0; c < L; c++ {
				kahanAdd(sums, comp, c, e.lnErr[base+c])
			}
		}
	}
}

// eStep computes each task's label distribution from the priors and the
// errors behind logSums: likelihoods in base 2 logs, shifted so the largest
// is 0 before exponentiating, then normalised.
func (e *em) eStep(priors []float64) Matrix {
	a, L := e.a, e.a.NumLabels
	probas := newMatrix(a.NumTasks, L)
	logPrior := make([]float64, L)
	for c, p := range priors {
		logPrior[c] = math.Log2(clipLow(p, eps))
	}
	for t := 0; t < a.NumTasks; t++ {
		row := probas.Row(t)
		best := math.Inf(-1)
		for c := range row {
			row[c] = logPrior[c] + e.logSums[t*L+c]/math.Ln2
			best = math.Max(best, row[c])
		}
		total := 0.0
		for c := range row {
			row[c] = math.Exp2(row[c] - best)
			total += row[c]
		}
		for c := range row {
			row[c] /= total
		}
	}
	return probas
}

// lowerBound is the evidence lower bound: the expected joint log likelihood
// under probas plus their entropy. Like crowd-kit, it floors probas at 1e-10
// in place, which the fitted probabilities keep.
func (e *em) lowerBound(probas Matrix, priors []float64) float64 {
	a, L := e.a, e.a.NumLabels
	lnPrior := make([]float64, L)
	for c, p := range priors {
		lnPrior[c] = math.Log(clipLow(p, eps))
	}
	joint, entropy := 0.0, 0.0
	for t := 0; t < a.NumTasks; t++ {
		n := float64(len(e.byTask.of(t)))
		row := probas.Row(t)
		for c := range row {
			joint += row[c] * (e.logSums[t*L+c] + n*lnPrior[c])
		}
		for c := range row {
			row[c] = clipLow(row[c], eps)
			entropy -= math.Log(row[c]) * row[c]
		}
	}
	return joint + entropy
}

func columnMeans(m Matrix) []float64 {
	out := make([]float64, m.Cols)
	for i := 0; i < m.Rows; i++ {
		for j, v := range m.Row(i) {
			out[j] += v
		}
	}
	for j := range out {
		out[j] /= float64(m.Rows)
	}
	return out
}

// goldenPins gives each golden task the label its probabilities are pinned
// to (-1: none). With several known labels, the one that first appears last
// among the known labels wins, as crowd-kit overwrites label by label.
func goldenPins(truth *Truth, a *Answers) ([]int32, error) {
	if truth == nil || len(truth.Task) == 0 {
		return nil, nil
	}
	if len(truth.Task) != len(truth.Label) {
		return nil, fmt.Errorf("aggregation: true labels: %d tasks but %d labels", len(truth.Task), len(truth.Label))
	}
	for i := range truth.Task {
		if truth.Task[i] < 0 || int(truth.Task[i]) >= a.NumTasks || truth.Label[i] < 0 || int(truth.Label[i]) >= a.NumLabels {
			return nil, fmt.Errorf("aggregation: true label %d: task %d or label %d is out of range", i, truth.Task[i], truth.Label[i])
		}
	}
	order := firstSeen(truth.Label, a.NumLabels)
	pin := make([]int32, a.NumTasks)
	for i := range pin {
		pin[i] = -1
	}
	for i, t := range truth.Task {
		l := truth.Label[i]
		if pin[t] < 0 || order[l] > order[pin[t]] {
			pin[t] = l
		}
	}
	return pin, nil
}

func pinProbas(probas Matrix, pin []int32) {
	for t, l := range pin {
		if l >= 0 {
			row := probas.Row(t)
			clear(row)
			row[l] = 1
		}
	}
}

// checkInitialError applies crowd-kit's checks: "assign" needs a row for
// every (worker, label) in the answers, and if every value is at most 1, the
// rows must be probabilities that sum to 1 for each worker and true label.
func checkInitialError(a *Answers, m *ErrorMatrices, strategy string) error {
	L := a.NumLabels
	if m.Labels != L || len(m.Label) != len(m.Worker) || len(m.Data) != m.Len()*L {
		return fmt.Errorf("aggregation: initial error has %d rows of %d labels (%d values); the answers have %d labels",
			m.Len(), m.Labels, len(m.Data), L)
	}
	for i := range m.Worker {
		if m.Worker[i] < 0 || int(m.Worker[i]) >= a.NumWorkers || m.Label[i] < 0 || int(m.Label[i]) >= L {
			return fmt.Errorf("aggregation: initial error row %d: worker %d or label %d is out of range", i, m.Worker[i], m.Label[i])
		}
	}
	switch strategy {
	case InitialErrorAddition:
		return nil
	case InitialErrorAssign:
	default:
		return fmt.Errorf("aggregation: unknown initial_error_strategy %q; use \"assign\" or \"addition\"", strategy)
	}
	missing := map[int32]bool{}
	for r := range a.Task {
		if m.Find(a.Worker[r], a.Label[r]) < 0 {
			missing[a.Worker[r]] = true
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("aggregation: initial_error lacks the error matrices of %d workers of the answers; "+
			"\"assign\" needs a row for every (worker, label) answered", len(missing))
	}
	for _, v := range m.Data {
		if !(v <= 1) {
			return nil // counts, not probabilities
		}
	}
	sums := make([]float64, L)
	for start := 0; start < m.Len(); {
		end := start
		for end < m.Len() && m.Worker[end] == m.Worker[start] {
			end++
		}
		clear(sums)
		for i := start; i < end; i++ {
			for c, v := range m.Row(i) {
				sums[c] += v
			}
		}
		for _, s := range sums {
			if math.Abs(s-1) > 1e-8+1e-5 {
				return fmt.Errorf("aggregation: the sum of each worker's error matrix in initial_error should be 1.0 " +
					"for every true label (or give counts above 1)")
			}
		}
		start = end
	}
	return nil
}
