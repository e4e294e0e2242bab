package aggregation

import (
	"context"
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
func (g *GLAD) Fit(ctx context.Context, a *Answers) error {
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
	obj := &objective{ctx: ctx, eval: func(x, grad []float64) float64 { return -s.qGrad(x, grad) }}
	norm := float64(a.Len() * K)
	for i := 0; i < g.NIter; i++ {
		last := q
		s.eStep()
		obj.valid = false // the posterior changed: the objective did too
		s.x = minimizeCG(obj, s.x, g.MStepTol, g.MStepMaxIter)
		if obj.err != nil {
			return obj.err
		}
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

	postGiven []float64 // per answer: the posterior of the label it gives
	postSum   []float64 // per task: the posterior's total
	partial   []float64 // per chunk of tasks: its share of q
	alphaGrad []float64 // per chunk: its share of the α gradient
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

// softplusPair is softplus(-z), softplus(z) and σ(z) from one exponential
// and one logarithm: with e = exp(-|z|), softplus(±z) = max(±z, 0) + ln(1+e).
// ln(1+e) rather than log1p(e) is off by at most one rounding in absolute
// terms, which the sums do not notice, and it is several times faster.
func softplusPair(z float64) (neg, pos, sig float64) {
	if z > 30 || z < -30 {
		return softplus(-z), softplus(z), expit(z)
	}
	e := math.Exp(-math.Abs(z))
	l := math.Log(1 + e)
	if z >= 0 {
		return l, z + l, 1 / (1 + e)
	}
	return l - z, l, e / (1 + e)
}

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
	if s.postGiven == nil {
		s.postGiven = make([]float64, a.Len())
		s.postSum = make([]float64, a.NumTasks)
	}
	for t := 0; t < a.NumTasks; t++ {
		row := s.posterior.Row(t)
		sum := 0.0
		for _, p := range row {
			sum += p
		}
		s.postSum[t] = sum
	}
	for r, t := range a.Task {
		s.postGiven[r] = s.posterior.At(int(t), int(a.Label[r]))
	}
}

// logNormPDF is ln of the standard normal density, computed as scipy's
// norm.pdf then log, so that far tails give -Inf as they do there.
func logNormPDF(z float64) float64 {
	return math.Log(math.Exp(-z*z/2) / math.Sqrt(2*math.Pi))
}

// q is the expected complete log likelihood with the priors on α and β.
func (s *gladState) q(x []float64) float64 { return s.qGrad(x, nil) }

// gladChunk is how many tasks one goroutine sums at a time. The chunks and
// the order their sums are added in are fixed, so results do not depend on
// how many processors there are.
const gladChunk = 4096

// qGrad is q, and when grad is not nil, the negated gradient (for a
// minimiser). Per answer it needs p, the posterior of the label given, and
// S, the task's posterior total (1 up to rounding):
//
//	Σ_c post_c·(δ_c·ln σ + (1-δ_c)·(ln(1-σ) - ln(K-1))) = p·ln σ + (S-p)·(ln(1-σ) - ln(K-1))
//	Σ_c post_c·(δ_c - σ) = p - S·σ
//
// with ln σ(z) = -softplus(-z), ln(1-σ(z)) = -softplus(-z) - z.
func (s *gladState) qGrad(x, grad []float64) float64 {
	a := s.a
	W, T := a.NumWorkers, a.NumTasks
	chunks := (T + gladChunk - 1) / gladChunk
	if len(s.partial) < chunks {
		s.partial = make([]float64, chunks)
	}
	withGrad := grad != nil
	if withGrad && len(s.alphaGrad) < chunks*W {
		s.alphaGrad = make([]float64, chunks*W)
	}
	forChunks(chunks, func(c int) {
		var ag []float64
		if withGrad {
			ag = s.alphaGrad[c*W : (c+1)*W]
			clear(ag)
		}
		total := 0.0
		for t := c * gladChunk; t < min(T, (c+1)*gladChunk); t++ {
			eb := math.Exp(x[W+t])
			sum := s.postSum[t]
			bg := 0.0
			for _, r := range s.byTask.of(t) {
				w := a.Worker[r]
				p := s.postGiven[r]
				ab := x[w] * eb
				spNeg, spPos, sig := softplusPair(ab)
				total += p*(-spNeg) + (sum-p)*(-spPos-s.logWrong)
				if withGrad {
					d := p - sum*sig
					ag[w] += d * eb
					bg += d * x[w] * eb
				}
			}
			if withGrad {
				grad[W+t] = bg
			}
		}
		s.partial[c] = total
	})
	total := 0.0
	for c := 0; c < chunks; c++ {
		total += s.partial[c]
	}
	for w := 0; w < W; w++ {
		total += logNormPDF(x[w] - s.alphaMean[w])
	}
	for t := 0; t < T; t++ {
		total += logNormPDF(x[W+t] - s.betaMean[t])
	}
	if math.IsNaN(total) {
		total = math.Inf(-1)
	}
	if withGrad {
		for w := 0; w < W; w++ {
			g := 0.0
			for c := 0; c < chunks; c++ {
				g += s.alphaGrad[c*W+w]
			}
			grad[w] = g
		}
		for w := 0; w < W; w++ {
			grad[w] -= x[w] - s.alphaMean[w]
		}
		for t := 0; t < T; t++ {
			grad[W+t] -= x[W+t] - s.betaMean[t]
		}
		for i := range grad {
			grad[i] = -grad[i]
		}
	}
	return total
}
