package aggregation

import (
	"context"
	"fmt"
	"math"
)

// ErrorMatrices are workers' confusion matrices: Row(w, observed)[true] is
// the probability that worker w answers observed when the task's true label
// is true. A worker's rows cover the labels it gave (Has); for each true
// label they sum to 1 over those rows.
type ErrorMatrices struct {
	Workers, Labels int
	Data            []float64 // Workers × Labels (observed) × Labels (true)
	Has             []bool    // Workers × Labels: whether the row is there
}

// NewErrorMatrices returns empty matrices (no rows) for an initial error.
func NewErrorMatrices(workers, labels int) *ErrorMatrices {
	return &ErrorMatrices{Workers: workers, Labels: labels,
		Data: make([]float64, workers*labels*labels), Has: make([]bool, workers*labels)}
}

// Row is worker w's row for the observed label, sharing storage.
func (e *ErrorMatrices) Row(w, observed int) []float64 {
	i := (w*e.Labels + observed) * e.Labels
	return e.Data[i : i+e.Labels]
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
			Errors: NewErrorMatrices(0, 0), LossHistory: []float64{}}
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
	// logSums[t*L+c] is the sum over task t's answers of ln P(answer | true c),
	// for the latest errors: the E-step and the lower bound both need it.
	logSums []float64
	lnErr   []float64
}

func newEM(a *Answers) *em {
	return &em{a: a, byTask: groupRows(a.Task, a.NumTasks),
		logSums: make([]float64, a.NumTasks*a.NumLabels), lnErr: make([]float64, a.NumWorkers*a.NumLabels*a.NumLabels)}
}

// mStep estimates the error matrices from label probabilities: for each
// worker, the probability mass of each true label behind each label it gave,
// floored at 1e-10 and normalised per true label.
func (e *em) mStep(probas Matrix, initial *ErrorMatrices, strategy string) *ErrorMatrices {
	a, L := e.a, e.a.NumLabels
	m := NewErrorMatrices(a.NumWorkers, L)
	comp := make([]float64, len(m.Data))
	for r := range a.Task {
		w, l := int(a.Worker[r]), int(a.Label[r])
		m.Has[w*L+l] = true
		base := (w*L + l) * L
		for c, p := range probas.Row(int(a.Task[r])) {
			kahanAdd(m.Data, comp, base+c, p)
		}
	}
	if initial != nil {
		switch strategy {
		case InitialErrorAssign:
			copy(m.Data, initial.Data)
			copy(m.Has, initial.Has)
			for i, has := range m.Has {
				if !has {
					clear(m.Data[i*L : (i+1)*L])
				}
			}
		case InitialErrorAddition:
			for i, has := range initial.Has {
				if has {
					m.Has[i] = true
					for c := 0; c < L; c++ {
						m.Data[i*L+c] += initial.Data[i*L+c]
					}
				}
			}
		}
	}
	normalizeErrors(m)
	return m
}

func normalizeErrors(m *ErrorMatrices) {
	L := m.Labels
	sums := make([]float64, L)
	for w := 0; w < m.Workers; w++ {
		clear(sums)
		for l := 0; l < L; l++ {
			if !m.Has[w*L+l] {
				continue
			}
			row := m.Row(w, l)
			for c := range row {
				row[c] = clipLow(row[c], eps)
				sums[c] += row[c]
			}
		}
		for l := 0; l < L; l++ {
			if m.Has[w*L+l] {
				row := m.Row(w, l)
				for c := range row {
					row[c] /= sums[c]
				}
			}
		}
	}
}

// sumLogErrors fills logSums for errs.
func (e *em) sumLogErrors(errs *ErrorMatrices) {
	a, L := e.a, e.a.NumLabels
	for i, has := range errs.Has {
		if has {
			for c := 0; c < L; c++ {
				e.lnErr[i*L+c] = math.Log(errs.Data[i*L+c])
			}
		}
	}
	comp := make([]float64, L)
	for t := 0; t < a.NumTasks; t++ {
		sums := e.logSums[t*L : (t+1)*L]
		clear(sums)
		clear(comp)
		for _, r := range e.byTask.of(t) {
			base := (int(a.Worker[r])*L + int(a.Label[r])) * L
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
	if m.Workers != a.NumWorkers || m.Labels != L || len(m.Data) != m.Workers*L*L || len(m.Has) != m.Workers*L {
		return fmt.Errorf("aggregation: initial error is for %d workers and %d labels; the answers have %d and %d",
			m.Workers, m.Labels, a.NumWorkers, L)
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
		if !m.Has[int(a.Worker[r])*L+int(a.Label[r])] {
			missing[a.Worker[r]] = true
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("aggregation: initial_error lacks the error matrices of %d workers of the answers; "+
			"\"assign\" needs a row for every (worker, label) answered", len(missing))
	}
	probabilities := true
	for i, has := range m.Has {
		if has {
			for _, v := range m.Data[i*L : (i+1)*L] {
				if !(v <= 1) {
					probabilities = false
				}
			}
		}
	}
	if !probabilities {
		return nil
	}
	for w := 0; w < m.Workers; w++ {
		any := false
		for c := 0; c < L; c++ {
			sum := 0.0
			for l := 0; l < L; l++ {
				if m.Has[w*L+l] {
					any = true
					sum += m.Row(w, l)[c]
				}
			}
			if any && math.Abs(sum-1) > 1e-8+1e-5 {
				return fmt.Errorf("aggregation: the sum of each worker's error matrix in initial_error should be 1.0 " +
					"for every true label (or give counts above 1)")
			}
		}
	}
	return nil
}
