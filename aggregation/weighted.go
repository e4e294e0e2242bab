package aggregation

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// The weighted majority votes: each learns workers' skills one way and then
// votes with them (MajorityVote with skills).

// Wawa (Worker Agreement With Aggregate) scores each worker by agreement with
// the plain majority vote, then votes with those scores.
type Wawa struct {
	Skills []float64 // per worker, after Fit
	Labels []int32   // per task, after Predict
	Probas Matrix    // tasks × labels, after Predict
}

// Fit learns the skills.
func (w *Wawa) Fit(ctx context.Context, a *Answers) error {
	mv := NewMajorityVote()
	if err := mv.Fit(ctx, a, nil); err != nil {
		return err
	}
	w.Skills = mv.Skills
	return nil
}

// Predict votes on a's tasks with the fitted skills.
func (w *Wawa) Predict(ctx context.Context, a *Answers) error {
	if w.Skills == nil {
		return errNotFitted("Wawa")
	}
	return voteWith(ctx, a, w.Skills, &w.Labels, &w.Probas)
}

// FitPredict is Fit, then Predict on the same answers.
func (w *Wawa) FitPredict(ctx context.Context, a *Answers) error {
	if err := w.Fit(ctx, a); err != nil {
		return err
	}
	return w.Predict(ctx, a)
}

// GoldMajorityVote scores each worker by accuracy on tasks with known
// answers (golden tasks), then votes with those scores. Every worker to
// predict with must have answered a golden task.
type GoldMajorityVote struct {
	Skills []float64 // per worker, after Fit; NaN for workers without golden answers
	Labels []int32
	Probas Matrix
}

// Fit learns the skills from the known labels.
func (g *GoldMajorityVote) Fit(ctx context.Context, a *Answers, truth *Truth) error {
	acc, _, err := Accuracy(a, truth)
	if err != nil {
		return err
	}
	g.Skills = acc
	return nil
}

// Predict votes on a's tasks with the fitted skills.
func (g *GoldMajorityVote) Predict(ctx context.Context, a *Answers) error {
	if g.Skills == nil {
		return errNotFitted("GoldMajorityVote")
	}
	return voteWith(ctx, a, g.Skills, &g.Labels, &g.Probas)
}

// FitPredict is Fit, then Predict on the same answers.
func (g *GoldMajorityVote) FitPredict(ctx context.Context, a *Answers, truth *Truth) error {
	if err := g.Fit(ctx, a, truth); err != nil {
		return err
	}
	return g.Predict(ctx, a)
}

// ZeroBasedSkill starts every worker at chance (1/labels + Eps) and moves
// the skills towards their accuracy against the weighted vote, NIter times,
// with a learning rate that shrinks by LRReduceFactor every LRStepsToReduce
// iterations.
type ZeroBasedSkill struct {
	NIter           int
	LRInit          float64
	LRStepsToReduce int
	LRReduceFactor  float64
	Eps             float64

	Skills []float64
	Labels []int32
	Probas Matrix
}

// NewZeroBasedSkill returns a ZeroBasedSkill with crowd-kit's defaults.
func NewZeroBasedSkill() *ZeroBasedSkill {
	return &ZeroBasedSkill{NIter: 100, LRInit: 1, LRStepsToReduce: 20, LRReduceFactor: 0.5, Eps: 1e-5}
}

// Fit learns the skills.
func (z *ZeroBasedSkill) Fit(ctx context.Context, a *Answers) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if z.LRStepsToReduce == 0 {
		return fmt.Errorf("aggregation: ZeroBasedSkill: lr_steps_to_reduce must not be 0")
	}
	seen := make([]bool, a.NumLabels)
	distinct := 0
	for _, l := range a.Label {
		if !seen[l] {
			seen[l] = true
			distinct++
		}
	}
	skills := make([]float64, a.NumWorkers)
	for w := range skills {
		skills[w] = 1/float64(distinct) + z.Eps
	}
	lr := z.LRInit
	mv := NewMajorityVote()
	for it := 1; it <= z.NIter; it++ {
		if it%z.LRStepsToReduce == 0 {
			lr *= z.LRReduceFactor
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := mv.Fit(ctx, a, skills); err != nil {
			return err
		}
		for w := range skills {
			skills[w] += lr * (mv.Skills[w] - skills[w])
		}
	}
	z.Skills = skills
	return nil
}

// Predict votes on a's tasks with the fitted skills.
func (z *ZeroBasedSkill) Predict(ctx context.Context, a *Answers) error {
	if z.Skills == nil {
		return errNotFitted("ZeroBasedSkill")
	}
	return voteWith(ctx, a, z.Skills, &z.Labels, &z.Probas)
}

// FitPredict is Fit, then Predict on the same answers.
func (z *ZeroBasedSkill) FitPredict(ctx context.Context, a *Answers) error {
	if err := z.Fit(ctx, a); err != nil {
		return err
	}
	return z.Predict(ctx, a)
}

func voteWith(ctx context.Context, a *Answers, skills []float64, labels *[]int32, probas *Matrix) error {
	mv := NewMajorityVote()
	if err := mv.Fit(ctx, a, skills); err != nil {
		return err
	}
	*labels, *probas = mv.Labels, mv.Probas
	return nil
}

// ErrNotFitted is returned by Predict before Fit.
var ErrNotFitted = errors.New("not fitted: call Fit first")

func errNotFitted(name string) error { return fmt.Errorf("aggregation: %s: %w", name, ErrNotFitted) }

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
