package aggregation

import (
	"context"
	"math"
)

// OneCoinDawidSkene is DawidSkene with one number per worker instead of a
// confusion matrix: a worker answers right with probability Skills[w] and
// otherwise picks any wrong label alike.
type OneCoinDawidSkene struct {
	NIter int
	Tol   float64

	Probas      Matrix
	Priors      []float64
	Skills      []float64 // per worker: the mean probability of the labels it gave
	Errors      *ErrorMatrices
	Labels      []int32
	LossHistory []float64
}

// NewOneCoinDawidSkene returns a OneCoinDawidSkene with crowd-kit's defaults.
func NewOneCoinDawidSkene() *OneCoinDawidSkene { return &OneCoinDawidSkene{NIter: 100, Tol: 1e-5} }

// Fit runs the EM.
func (oc *OneCoinDawidSkene) Fit(ctx context.Context, a *Answers) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.Len() == 0 {
		*oc = OneCoinDawidSkene{NIter: oc.NIter, Tol: oc.Tol, Errors: NewErrorMatrices(a.NumLabels), LossHistory: []float64{}}
		return nil
	}
	e := newEM(a)
	probas := voteShares(a, nil, nil)
	priors := columnMeans(probas)
	skills := oneCoinSkills(a, probas)
	errs := e.oneCoinErrors(skills)
	loss := math.Inf(-1)
	oc.LossHistory = []float64{}
	if oc.NIter > 0 {
		e.sumLogErrors(errs)
	}
	for i := 0; i < oc.NIter; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		probas = e.eStep(priors)
		priors = columnMeans(probas)
		skills = oneCoinSkills(a, probas)
		errs = e.oneCoinErrors(skills)
		e.sumLogErrors(errs)
		newLoss := e.lowerBound(probas, priors) / float64(a.Len())
		oc.LossHistory = append(oc.LossHistory, newLoss)
		if newLoss-loss < oc.Tol {
			break
		}
		loss = newLoss
	}
	oc.Probas, oc.Priors, oc.Skills, oc.Errors = probas, priors, skills, errs
	oc.Labels = argmaxRows(probas)
	return nil
}

// oneCoinSkills is each worker's mean probability of the labels it gave.
func oneCoinSkills(a *Answers, probas Matrix) []float64 {
	sum := make([]float64, a.NumWorkers)
	comp := make([]float64, a.NumWorkers)
	count := make([]float64, a.NumWorkers)
	for r := range a.Task {
		w := a.Worker[r]
		kahanAdd(sum, comp, int(w), probas.At(int(a.Task[r]), int(a.Label[r])))
		count[w]++
	}
	for w := range sum {
		sum[w] /= count[w]
	}
	return sum
}

// oneCoinErrors spreads each skill into a confusion matrix: the skill on the
// diagonal, the rest shared by the wrong labels; kept within [1e-10, 1-1e-10].
func (e *em) oneCoinErrors(skills []float64) *ErrorMatrices {
	m := e.blank()
	L := m.Labels
	for i := 0; i < m.Len(); i++ {
		w, l := m.Worker[i], int(m.Label[i])
		row := m.Row(i)
		for c := range row {
			v := (1 - skills[w]) / float64(L-1)
			if c == l {
				v = skills[w]
			}
			row[c] = math.Min(clipLow(v, eps), 1-eps)
		}
	}
	return m
}
