package aggregation

import (
	"context"
	"fmt"
	"math"
)

// Pairs are pairwise comparisons: worker Worker[i] compared items Left[i]
// and Right[i] and preferred Label[i], which is one of the two. Items are
// numbered in sorted order, as crowd-kit's np.unique numbers them.
type Pairs struct {
	Worker, Left, Right, Label []int32

	NumWorkers, NumItems int
}

// Len is the number of comparisons.
func (p *Pairs) Len() int { return len(p.Worker) }

// Validate checks lengths, ranges, and that each label is its left or right item.
func (p *Pairs) Validate() error {
	if p == nil {
		return fmt.Errorf("aggregation: no comparisons")
	}
	n := len(p.Worker)
	if len(p.Left) != n || len(p.Right) != n || len(p.Label) != n {
		return fmt.Errorf("aggregation: comparisons have %d workers, %d left, %d right and %d labels; want one of each per row",
			n, len(p.Left), len(p.Right), len(p.Label))
	}
	for i := 0; i < n; i++ {
		if p.Worker[i] < 0 || int(p.Worker[i]) >= p.NumWorkers {
			return fmt.Errorf("aggregation: comparison %d: worker code %d is outside 0..%d", i, p.Worker[i], p.NumWorkers-1)
		}
		for _, v := range []int32{p.Left[i], p.Right[i], p.Label[i]} {
			if v < 0 || int(v) >= p.NumItems {
				return fmt.Errorf("aggregation: comparison %d: item code %d is outside 0..%d", i, v, p.NumItems-1)
			}
		}
		if p.Label[i] != p.Left[i] && p.Label[i] != p.Right[i] {
			return fmt.Errorf("aggregation: comparison %d: the label is neither the left nor the right item", i)
		}
	}
	return nil
}

// BradleyTerry scores items by the Bradley–Terry model, fitted by the
// minorisation–maximisation iteration (Hunter, 2004) from equal scores,
// NIter times. Scores sum to 1.
//
// Compatibility: crowd-kit 1.4.1 compares each iterate with itself, so with
// Tol above 0 it stops after the second iteration; this does the same, and
// keeps no loss history, as crowd-kit keeps none.
type BradleyTerry struct {
	NIter int
	Tol   float64

	Scores      []float64 // per item
	LossHistory []float64
}

// NewBradleyTerry returns a BradleyTerry; crowd-kit has no default NIter.
func NewBradleyTerry(nIter int) *BradleyTerry { return &BradleyTerry{NIter: nIter, Tol: 1e-5} }

// Fit scores the items.
func (bt *BradleyTerry) Fit(ctx context.Context, p *Pairs) error {
	if err := p.Validate(); err != nil {
		return err
	}
	n := p.NumItems
	bt.LossHistory = []float64{}
	if n == 0 {
		bt.Scores = []float64{}
		return nil
	}
	wins := make([]float64, n*n) // wins[i*n+j]: how often i beat j
	for r := range p.Label {
		if p.Label[r] == p.Left[r] {
			wins[int(p.Left[r])*n+int(p.Right[r])]++
		}
		if p.Label[r] == p.Right[r] {
			wins[int(p.Right[r])*n+int(p.Left[r])]++
		}
	}
	total := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			total[i] += wins[i*n+j]
		}
	}
	z := make([]float64, n*n)
	score := make([]float64, n)
	for i := range score {
		score[i] = 1
	}
	next := make([]float64, n)
	for i := range next {
		next[i] = 1 / float64(n)
	}
	for it := 0; it < bt.NIter; it++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if t := wins[i*n+j] + wins[j*n+i]; t > 0 {
					z[i*n+j] = t / (score[j] + score[i])
				}
			}
		}
		sum := 0.0
		for j := 0; j < n; j++ {
			col := 0.0
			for i := 0; i < n; i++ {
				col += z[i*n+j]
			}
			next[j] = total[j] / col
			sum += next[j]
		}
		for j := range next {
			next[j] /= sum
		}
		copy(score, next)
		if it > 0 && 0 < bt.Tol { // crowd-kit's loss is always 0 from here on
			break
		}
	}
	bt.Scores = next
	return nil
}

// NoisyBradleyTerry adds to Bradley–Terry a bias and a skill per worker: a
// worker answers by the model with probability σ(γ) and otherwise picks the
// left item with probability σ(q). Fitted by L-BFGS-B (scipy's, step for
// step) from a random start drawn with numpy's generator seeded by
// RandomState; Scores, Biases and Skills are σ of the fitted values.
//
// Compatibility: crowd-kit 1.4.1's gradient writes the derivatives for q
// and γ one place early in its vector (and assigns rather than adds them).
// The optimiser follows that gradient, so this does too: otherwise the
// results would not agree with crowd-kit's.
type NoisyBradleyTerry struct {
	NIter               int
	Tol                 float64
	RegularizationRatio float64
	RandomState         *int64

	Scores []float64 // per item
	Biases []float64 // per worker
	Skills []float64 // per worker
}

// NewNoisyBradleyTerry returns a NoisyBradleyTerry with crowd-kit's defaults.
func NewNoisyBradleyTerry() *NoisyBradleyTerry {
	return &NoisyBradleyTerry{NIter: 100, Tol: 1e-5, RegularizationRatio: 1e-5, RandomState: Seed(0)}
}

// Fit fits the model.
func (nb *NoisyBradleyTerry) Fit(ctx context.Context, p *Pairs) error {
	if err := p.Validate(); err != nil {
		return err
	}
	rng, err := randomFor(nb.RandomState)
	if err != nil {
		return err
	}
	L, W := p.NumItems, p.NumWorkers
	x0 := make([]float64, 1+L+2*W)
	for i := range x0 {
		x0[i] = rng.float64()
	}
	obj := &objective{ctx: ctx, eval: func(x, grad []float64) float64 { return nb.loss(p, x, grad) }}
	ftol := float64(float32(nb.Tol)) // crowd-kit passes np.float32(tol)
	x := minimizeLBFGS(obj, x0, ftol, 1e-5, nb.NIter, 15000, 10, 20)
	if obj.err != nil {
		return obj.err
	}
	nb.Scores = make([]float64, L)
	for i := range nb.Scores {
		nb.Scores[i] = expit(x[1+i])
	}
	nb.Biases = make([]float64, W)
	nb.Skills = make([]float64, W)
	for w := 0; w < W; w++ {
		nb.Biases[w] = expit(x[1+L+w])
		nb.Skills[w] = expit(x[1+L+W+w])
	}
	return nil
}

// loss is the negative log likelihood with the regularisation, and its
// gradient as crowd-kit computes it. x is [anchor, item scores..., worker
// biases q..., worker skills γ...].
func (nb *NoisyBradleyTerry) loss(p *Pairs, x, grad []float64) float64 {
	L, W := p.NumItems, p.NumWorkers
	total := 0.0
	clear(grad)
	for r := range p.Worker {
		w := int(p.Worker[r])
		left, right := 1+int(p.Left[r]), 1+int(p.Right[r])
		y := -1.0
		if p.Label[r] == p.Left[r] {
			y = 1
		}
		si, sj := x[left], x[right]
		q, gamma := x[1+w+L], x[1+w+L+W]
		total += math.Log(expit(gamma)*expit(y*(si-sj)) + (1-expit(gamma))*expit(y*q))

		e := math.Exp(y * -(si - sj))
		eg := math.Exp(-gamma) + 1
		grad[left] += (y * e) / (eg * ((e + 1) * (e + 1)) * (1/(eg*(e+1)) + (1-1/eg)/(math.Exp(-q*y)+1)))
		d := y * (si - sj)
		grad[right] += -(y * (math.Exp(q*y) + 1) * math.Exp(d+gamma)) /
			((math.Exp(d) + 1) * (math.Exp(d+gamma+q*y) + math.Exp(d+gamma) + math.Exp(d+q*y) + math.Exp(q*y)))
		den := math.Exp(y*(si+q)+gamma) + math.Exp(si*y+gamma) + math.Exp(y*(si+q)) + math.Exp(y*(sj+q))
		grad[L+w] = (y * math.Exp(q*y) * (math.Exp(si*y) + math.Exp(sj*y))) / ((math.Exp(q*y) + 1) * den)
		grad[L+W+w] = (math.Exp(gamma) * (math.Exp(si*y) - math.Exp(y*(sj+q)))) / ((math.Exp(gamma) + 1) * den)
	}
	below, above := 0.0, 0.0
	for i := 1; i <= L; i++ {
		below += math.Log(expit(x[0] - x[i]))
		above += math.Log(expit(x[i] - x[0]))
	}
	reg := below + above
	tanhSum := 0.0
	for i := 1; i <= L; i++ {
		t := math.Tanh((x[i] - x[0]) / 2)
		grad[i] -= nb.RegularizationRatio * t
		tanhSum += t
	}
	grad[0] += nb.RegularizationRatio * tanhSum
	for i := range grad {
		grad[i] = -grad[i]
	}
	return -total + nb.RegularizationRatio*reg
}
