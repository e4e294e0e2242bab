package aggregation

import (
	"context"
	"fmt"
	"math"
)

// KOS (Karger, Oh and Shah, 2011) is message passing for two labels: tasks
// and workers exchange evidence along the answers NIter times, starting from
// random reliabilities drawn from N(1, 1) with numpy's generator seeded by
// RandomState. The label that first appears in the rows counts as +1.
// crowd-kit fails on a task whose evidence sums to exactly 0; here such a
// task gets that first label.
type KOS struct {
	NIter       int
	RandomState *int64 // nil: seeded from the clock

	Labels []int32
}

// NewKOS returns a KOS with crowd-kit's defaults.
func NewKOS() *KOS { return &KOS{NIter: 100, RandomState: Seed(0)} }

const kosMax = 1e300 // stop before the messages overflow

// Fit runs the message passing.
func (k *KOS) Fit(ctx context.Context, a *Answers) error {
	if err := a.Validate(); err != nil {
		return err
	}
	rng, err := randomFor(k.RandomState)
	if err != nil {
		return err
	}
	if a.Len() == 0 {
		k.Labels = []int32{}
		return nil
	}
	order := inverse(firstSeen(a.Label, a.NumLabels))
	present := 0
	seen := make([]bool, a.NumLabels)
	for _, l := range a.Label {
		if !seen[l] {
			seen[l] = true
			present++
		}
	}
	if present != 2 {
		return fmt.Errorf("aggregation: KOS is for two labels only; the answers have %d", present)
	}
	plus, minus := order[0], order[1]
	n := a.Len()
	sign := make([]float64, n)
	for r, l := range a.Label {
		if l == plus {
			sign[r] = 1
		} else {
			sign[r] = -1
		}
	}
	rel := make([]float64, n)
	for r := range rel {
		rel[r] = 1 + 1*rng.normal()
	}
	byTask := groupRows(a.Task, a.NumTasks)
	byWorker := groupRows(a.Worker, a.NumWorkers)
	inferred := make([]float64, n)
	mult := make([]float64, n)
	sums := make([]float64, max(a.NumTasks, a.NumWorkers))
	// pass sends each answer the sum of the others in its group: out[r] =
	// Σ over r's group of sign·in, minus r's own term. If any sum is too
	// large, nothing changes and the passing stops.
	pass := func(g groups, in, out []float64) bool {
		for r := range mult {
			mult[r] = sign[r] * in[r]
		}
		groups := len(g.start) - 1
		for i := 0; i < groups; i++ {
			var s kahan
			for _, r := range g.of(i) {
				s.add(mult[r])
			}
			if math.Abs(s.sum) > kosMax {
				return false
			}
			sums[i] = s.sum
		}
		for i := 0; i < groups; i++ {
			for _, r := range g.of(i) {
				out[r] = sums[i] - mult[r]
			}
		}
		return true
	}
	for it := 0; it < k.NIter; it++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !pass(byTask, rel, inferred) || !pass(byWorker, inferred, rel) {
			break
		}
	}
	k.Labels = make([]int32, a.NumTasks)
	for t := range k.Labels {
		var s kahan
		for _, r := range byTask.of(t) {
			s.add(sign[r] * rel[r])
		}
		switch {
		case s.sum < 0:
			k.Labels[t] = minus
		case s.sum > 0 || len(byTask.of(t)) > 0:
			k.Labels[t] = plus
		default:
			k.Labels[t] = -1
		}
	}
	return nil
}
