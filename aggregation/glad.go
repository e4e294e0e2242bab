package aggregation

import (
	"fmt"
	"math"
)

// GLAD (Generative model of Labels, Abilities, and Difficulties; Whitehill
// et al., 2009) gives each worker an ability α and each task an inverse
// difficulty β: a worker answers right with probability σ(α·e^β), else picks
// any wrong label alike. EM: the E-step finds each task's label
// distribution, the M-step fits α and β by conjugate gradients (scipy's CG,
// step for step) with standard normal priors around the prior means.
type GLAD struct {
	NIter int
	Tol   float64
	// LabelsPriors is each label's prior probability; nil: uniform.
	LabelsPriors []float64
	// AlphasPriorsMean and BetasPriorsMean centre the priors of α (per
	// worker) and β (per task); nil: 1 for all.
	AlphasPriorsMean, BetasPriorsMean []float64
	MStepMaxIter                      int
	MStepTol                          float64

	Probas      Matrix
	Labels      []int32
	Alphas      []float64 // per worker
	Betas       []float64 // per task
	Priors      []float64 // per label
	LossHistory []float64
}

// NewGLAD returns a GLAD with crowd-kit's defaults.
func NewGLAD() *GLAD { return &GLAD{NIter: 100, Tol: 1e-5, MStepMaxIter: 25, MStepTol: 1e-2} }

// Fit runs the EM.
func (g *GLAD) Fit(a *Answers) error {
	if err := a.Validate(); err != nil {
		return err
	}
	W, T, K := a.NumWorkers, a.NumTasks, a.NumLabels
	if a.Len() > 0 && K < 2 {
		return fmt.Errorf("aggregation: GLAD needs at least two labels, the answers have %d", K)
	}
	priors := g.LabelsPriors
	if priors == nil {
		priors = make([]float64, K)
		for i := range priors {
			priors[i] = 1 / float64(K)
		}
	} else if len(priors) != K {
		return fmt.Errorf("aggregation: GLAD: labels_priors has %d values for %d labels", len(priors), K)
	}
	alphaMean, err := fillOrCheck(g.AlphasPriorsMean, W, "alphas_priors_mean", "workers")
	if err != nil {
		return err
	}
	betaMean, err := fillOrCheck(g.BetasPriorsMean, T, "betas_priors_mean", "tasks")
	if err != nil {
		return err
	}
	s := &gladState{a: a, byTask: groupRows(a.Task, T), priors: priors, alphaMean: alphaMean, betaMean: betaMean,
		logWrong: math.Log(float64(K - 1)), posterior: newMatrix(T, K), x: make([]float64, W+T)}
	for i := range s.x {
		s.x[i] = 1
	}
	s.eStep()
	q := s.q(s.x)
	g.LossHistory = []float64{}
	obj := &objective{eval: func(x, grad []float64) float64 { return -s.qGrad(x, grad) }}
	norm := float64(a.Len() * K)
	for i := 0; i < g.NIter; i++ {
		last := q
		s.eStep()
		obj.valid = false // the posterior changed: the objective did too
		s.x = minimizeCG(obj, s.x, g.MStepTol, g.MStepMaxIter)
		q = s.q(s.x) / norm
		g.LossHistory = append(g.LossHistory, q)
		if q-last < g.Tol {
			break
		}
	}
	g.Probas = s.posterior
	g.Labels = argmaxRows(s.posterior)
	g.Alphas = append([]float64(nil), s.x[:W]...)
	g.Betas = append([]float64(nil), s.x[W:]...)
	g.Priors = append([]float64(nil), priors...)
	return nil
}

func fillOrCheck(v []float64, n int, name, what string) ([]float64, error) {
	if v == nil {
		v = make([]float64, n)
		for i := range v {
			v[i] = 1
		}
		return v, nil
	}
	if len(v) != n {
		return nil, fmt.Errorf("aggregation: GLAD: %s has %d values for %d %s", name, len(v), n, what)
	}
	return v, nil
}

type gladState struct {
	a                   *Answers
	byTask              groups
	priors              []float64
	alphaMean, betaMean []float64
	logWrong            float64 // ln(K-1): a wrong answer is one of K-1 labels
	posterior           Matrix
	x                   []float64 // α per worker, then β per task
}

// softplus is ln(1+e^x), with crowd-kit's cut-offs at ±30.
func softplus(x float64) float64 {
	switch {
	case x > 30:
		return x
	case x < -30:
		return 0
	}
	return math.Log1p(math.Exp(x))
}

func expit(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// eStep computes each task's label distribution from α, β and the priors.
func (s *gladState) eStep() {
	a, K := s.a, s.posterior.Cols
	W := a.NumWorkers
	comp := make([]float64, K)
	for t := 0; t < a.NumTasks; t++ {
		row := s.posterior.Row(t)
		clear(row)
		clear(comp)
		eb := math.Exp(s.x[W+t])
		for _, r := range s.byTask.of(t) {
			ab := s.x[a.Worker[r]] * eb
			right := -softplus(-ab)
			wrong := -softplus(ab) - s.logWrong
			l := int(a.Label[r])
			for c := 0; c < K; c++ {
				if c == l {
					kahanAdd(row, comp, c, right)
				} else {
					kahanAdd(row, comp, c, wrong)
				}
			}
		}
		best := math.Inf(-1)
		for c := range row {
			row[c] += math.Log(s.priors[c])
			best = math.Max(best, row[c])
		}
		if math.IsInf(best, 0) {
			best = 0
		}
		sum := 0.0
		for c := range row {
			sum += math.Exp(row[c] - best)
		}
		lse := math.Log(sum) + best
		for c := range row {
			row[c] = math.Exp(row[c] - lse)
		}
	}
}

// logNormPDF is ln of the standard normal density, computed as scipy's
// norm.pdf then log, so that far tails give -Inf as they do there.
func logNormPDF(z float64) float64 {
	return math.Log(math.Exp(-z*z/2) / math.Sqrt(2*math.Pi))
}

// q is the expected complete log likelihood with the priors on α and β.
func (s *gladState) q(x []float64) float64 { return s.qGrad(x, nil) }

// qGrad is q, and when grad is not nil, its gradient.
func (s *gladState) qGrad(x, grad []float64) float64 {
	a := s.a
	W := a.NumWorkers
	if grad != nil {
		clear(grad)
	}
	total := 0.0
	for t := 0; t < a.NumTasks; t++ {
		eb := math.Exp(x[W+t])
		post := s.posterior.Row(t)
		for _, r := range s.byTask.of(t) {
			w := a.Worker[r]
			l := int(a.Label[r])
			ab := x[w] * eb
			right := -softplus(-ab)
			wrong := -softplus(ab) - s.logWrong
			for c, p := range post {
				if c == l {
					total += p * right
				} else {
					total += p * wrong
				}
			}
			if grad != nil {
				sig := expit(ab)
				d := 0.0
				for c, p := range post {
					if c == l {
						d += p * (1 - sig)
					} else {
						d += p * (0 - sig)
					}
				}
				grad[w] += d * eb
				grad[W+t] += d * x[w] * eb
			}
		}
	}
	for w := 0; w < W; w++ {
		total += logNormPDF(x[w] - s.alphaMean[w])
	}
	for t := 0; t < a.NumTasks; t++ {
		total += logNormPDF(x[W+t] - s.betaMean[t])
	}
	if math.IsNaN(total) {
		total = math.Inf(-1)
	}
	if grad != nil {
		for w := 0; w < W; w++ {
			grad[w] -= x[w] - s.alphaMean[w]
		}
		for t := 0; t < a.NumTasks; t++ {
			grad[W+t] -= x[W+t] - s.betaMean[t]
		}
		for i := range grad {
			grad[i] = -grad[i]
		}
	}
	return total
}
