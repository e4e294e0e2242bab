package aggregation

import (
	"context"
	"fmt"
	"math"
)

// MACE (Multi-Annotator Competence Estimation; Hovy et al., 2013): each
// worker either knows the answer or spams, picking labels by a strategy of
// its own. Fit by EM ("em") or variational Bayes ("vb", the default) from
// NRestarts starting points drawn with numpy's generator seeded by
// RandomState, keeping the one with the best likelihood.
//
// Compatibility: crowd-kit 1.4.1 stores the spamming strategies it learns
// with workers and labels in sorted order but reads them back by the order
// they first appear in the answers; Thetas is kept and read the same way, so
// that results agree with crowd-kit's. Ties between labels go to the label
// that first appears in the answers, as crowd-kit's probas columns come in
// that order.
type MACE struct {
	NRestarts    int
	NIter        int
	Method       string // "vb" or "em"
	Smoothing    float64
	DefaultNoise float64
	Alpha, Beta  float64 // the Beta prior on knowing (vb)
	RandomState  *int64

	Probas Matrix
	Labels []int32
	// Spamming is each worker's (knows, spams) probabilities, rows in the
	// order workers first appear; Thetas the spamming strategies over labels
	// (see the type's note on their order).
	Spamming, Thetas Matrix
	SmoothingUsed    float64 // crowd-kit's smoothing_: 0.01 / labels
}

// NewMACE returns a MACE with crowd-kit's defaults.
func NewMACE() *MACE {
	return &MACE{NRestarts: 10, NIter: 50, Method: "vb", Smoothing: 0.1, DefaultNoise: 0.5, Alpha: 0.5, Beta: 0.5,
		RandomState: Seed(0)}
}

type maceState struct {
	a                 *Answers
	faWorker, faLabel []int32 // first-appearance rank of each worker and label code
	labelOrder        []int32 // label codes in first-appearance order
	byTask            groups
	spam, theta       Matrix
	gold              Matrix // tasks × labels (by code)
	instance          []float64
	strategy, knowing Matrix // expected counts
}

// Fit runs the restarts.
func (m *MACE) Fit(ctx context.Context, a *Answers) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if m.Method != "vb" && m.Method != "em" {
		return fmt.Errorf("aggregation: MACE: unknown method %q; use \"vb\" or \"em\"", m.Method)
	}
	rng, err := randomFor(m.RandomState)
	if err != nil {
		return err
	}
	W, L := a.NumWorkers, a.NumLabels
	m.SmoothingUsed = 0.01 / float64(L)
	s := &maceState{a: a, faWorker: firstSeen(a.Worker, W), faLabel: firstSeen(a.Label, L), byTask: groupRows(a.Task, a.NumTasks)}
	s.labelOrder = inverse(s.faLabel)
	var bestSpam, bestTheta Matrix
	best := math.Inf(-1)
	found := false
	for restart := 0; restart < m.NRestarts; restart++ {
		m.initialize(s, rng)
		llh := s.eStep()
		for it := 0; it < m.NIter; it++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			if m.Method == "vb" {
				m.variationalMStep(s)
			} else {
				m.mStep(s)
			}
			llh = s.eStep()
		}
		if llh > best {
			best, found = llh, true
			bestSpam, bestTheta = s.spam.clone(), s.theta.clone()
		}
	}
	if !found {
		return fmt.Errorf("aggregation: MACE: no restart gave a finite likelihood")
	}
	s.spam, s.theta = bestSpam, bestTheta
	s.eStep()
	m.Spamming, m.Thetas = s.spam, s.theta
	m.Probas = newMatrix(a.NumTasks, L)
	m.Labels = make([]int32, a.NumTasks)
	for t := 0; t < a.NumTasks; t++ {
		row, gold := m.Probas.Row(t), s.gold.Row(t)
		total := 0.0
		for _, l := range s.labelOrder {
			total += gold[l]
		}
		for l := range row {
			row[l] = gold[l] / total
		}
		m.Labels[t] = argmaxOrdered(row, s.labelOrder)
	}
	return nil
}

// initialize draws the starting point: uniform on [1, 2+DefaultNoise),
// rows normalised, from a generator reseeded for each draw when the seed is
// fixed (so every restart starts alike, as in crowd-kit).
func (m *MACE) initialize(s *maceState, rng *legacyRandom) {
	W, L := s.a.NumWorkers, s.a.NumLabels
	draw := func(rows, cols int) Matrix {
		if m.RandomState != nil {
			rng, _ = randomFor(m.RandomState)
		}
		out := newMatrix(rows, cols)
		for i := range out.Data {
			out.Data[i] = rng.float64()*(1+m.DefaultNoise) + 1
		}
		for i := 0; i < rows; i++ {
			row := out.Row(i)
			sum := 0.0
			for _, v := range row {
				sum += v
			}
			for j := range row {
				row[j] /= sum
			}
		}
		return out
	}
	s.spam = draw(W, 2)
	s.theta = draw(W, L)
}

// at is what a worker's answer weighs for each true label: knowing times the
// strategy's share of the label given, plus spamming when it is the one.
func (s *maceState) strategyOf(w, l int32) float64 {
	return s.theta.At(int(s.faWorker[w]), int(s.faLabel[l]))
}

// eStep computes the label marginals and the expected counts, and returns
// the log marginal likelihood.
func (s *maceState) eStep() float64 {
	a := s.a
	T, W, L := a.NumTasks, a.NumWorkers, a.NumLabels
	s.gold = newMatrix(T, L)
	s.instance = make([]float64, T)
	llh := 0.0
	for t := 0; t < T; t++ {
		row := s.gold.Row(t)
		for _, k := range s.labelOrder {
			p := 1.0
			for _, r := range s.byTask.of(t) {
				w := int(s.faWorker[a.Worker[r]])
				v := s.spam.At(w, 0) * s.strategyOf(a.Worker[r], a.Label[r])
				if a.Label[r] == k {
					v += s.spam.At(w, 1) * 1
				} else {
					v += s.spam.At(w, 1) * 0
				}
				p *= v
			}
			row[k] = p / float64(L)
		}
		for _, k := range s.labelOrder {
			s.instance[t] += row[k]
		}
		llh += math.Log(s.instance[t] + 1e-8)
	}
	s.strategy = newMatrix(W, L) // by worker code, label code: crowd-kit's sorted groupby
	s.knowing = newMatrix(W, 2)  // by first appearance
	comp := newMatrix(W, L)
	knowComp := newMatrix(W, 2)
	for r := range a.Task {
		t, w, l := int(a.Task[r]), a.Worker[r], a.Label[r]
		fw := int(s.faWorker[w])
		spam0, spam1 := s.spam.At(fw, 0), s.spam.At(fw, 1)
		theta := s.strategyOf(w, l)
		marginal := 0.0
		for _, k := range s.labelOrder {
			d := 0.0
			if l == k {
				d = 1
			}
			marginal += s.gold.At(t, int(k)) / (spam0*theta + spam1*d)
		}
		marginal = marginal * spam0 * theta / s.instance[t]
		kahanAdd(s.strategy.Data, comp.Data, int(w)*L+int(l), marginal)
		kahanAdd(s.knowing.Data, knowComp.Data, fw*2, marginal)
		knows := s.gold.At(t, int(l)) * spam1 / (spam0*theta + spam1) / s.instance[t]
		kahanAdd(s.knowing.Data, knowComp.Data, fw*2+1, knows)
	}
	return llh
}

func (m *MACE) mStep(s *maceState) {
	s.spam = smoothRows(s.knowing, func(v float64, _ int) float64 { return v + m.SmoothingUsed })
	s.theta = smoothRows(s.strategy, func(v float64, _ int) float64 { return v + m.SmoothingUsed })
}

func (m *MACE) variationalMStep(s *maceState) {
	s.spam = variationalRows(s.knowing, func(j int) float64 {
		if j == 0 {
			return m.Alpha
		}
		return m.Beta
	})
	s.theta = variationalRows(s.strategy, func(int) float64 { return 10 })
}

// smoothRows normalises each row of f(x), leaving 0 where the row sums to
// about 0 (numpy's isclose).
func smoothRows(x Matrix, f func(v float64, j int) float64) Matrix {
	out := newMatrix(x.Rows, x.Cols)
	for i := 0; i < x.Rows; i++ {
		row, src := out.Row(i), x.Row(i)
		sum := 0.0
		for j, v := range src {
			row[j] = f(v, j)
			sum += row[j]
		}
		if math.Abs(sum) <= 1e-8 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] /= sum
		}
	}
	return out
}

// variationalRows is exp(ψ(x+h)) / exp(ψ(Σ(x+h))) per row.
func variationalRows(x Matrix, prior func(j int) float64) Matrix {
	out := newMatrix(x.Rows, x.Cols)
	for i := 0; i < x.Rows; i++ {
		row, src := out.Row(i), x.Row(i)
		sum := 0.0
		for j, v := range src {
			sum += v + prior(j)
		}
		norm := math.Exp(digamma(sum))
		if math.Abs(norm) <= 1e-8 {
			continue
		}
		for j, v := range src {
			row[j] = math.Exp(digamma(v+prior(j))) / norm
		}
	}
	return out
}

// digamma is ψ(x), the derivative of ln Γ: recurrence up to x ≥ 10, then
// the asymptotic series; negative x by reflection.
func digamma(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, -1):
		return math.NaN()
	case math.IsInf(x, 1):
		return x
	case x <= 0 && x == math.Floor(x):
		return math.NaN()
	case x < 0:
		return digamma(1-x) - math.Pi/math.Tan(math.Pi*x)
	}
	shift := 0.0
	for x < 10 {
		shift += 1 / x
		x++
	}
	z := 1 / (x * x)
	series := z * (1.0/12 + z*(-1.0/120+z*(1.0/252+z*(-1.0/240+z*(1.0/132+z*(-691.0/32760+z*(1.0/12)))))))
	return math.Log(x) - 0.5/x - series - shift
}
