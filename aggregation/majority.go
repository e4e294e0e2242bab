package aggregation

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// What MajorityVote does with an answer from a worker whose skill is not given.
const (
	MissingSkillError  = "error"  // fail (the default)
	MissingSkillIgnore = "ignore" // drop the answer; fail if a task has none left
	MissingSkillValue  = "value"  // weigh it by DefaultSkill
)

// MajorityVote gives each task the label with the most votes, or, given
// workers' skills, the largest sum of skills. Ties go to the label with the
// smallest code (the one that sorts first), as crowd-kit's idxmax does.
type MajorityVote struct {
	// OnMissingSkill is MissingSkillError (also when empty), MissingSkillIgnore
	// or MissingSkillValue.
	OnMissingSkill string
	// DefaultSkill weighs the answers of workers without a skill when
	// OnMissingSkill is MissingSkillValue; crowd-kit's default_skill.
	DefaultSkill *float64

	Labels []int32   // per task: the label with the largest share, -1 if none
	Probas Matrix    // tasks × labels: each label's share of the task's votes
	Skills []float64 // per worker: accuracy against Labels; NaN without answers
}

// NewMajorityVote returns a MajorityVote with crowd-kit's defaults.
func NewMajorityVote() *MajorityVote { return &MajorityVote{OnMissingSkill: MissingSkillError} }

// Fit votes. skills (per worker; NaN for unknown) weighs the votes; nil
// counts each vote once.
func (mv *MajorityVote) Fit(ctx context.Context, a *Answers, skills []float64) error {
	if err := a.Validate(); err != nil {
		return err
	}
	rows, weights, err := mv.weigh(a, skills)
	if err != nil {
		return err
	}
	mv.Probas = voteShares(a, rows, weights)
	mv.Labels = argmaxRows(mv.Probas)
	mv.Skills = accuracyOf(a, rows, singleTruth(mv.Labels)).perWorker
	return nil
}

// weigh picks the rows that vote and their weights (nil: one each).
func (mv *MajorityVote) weigh(a *Answers, skills []float64) ([]int32, []float64, error) {
	mode := mv.OnMissingSkill
	if mode == "" {
		mode = MissingSkillError
	}
	if skills == nil {
		return nil, nil, nil
	}
	if mode != MissingSkillValue && mv.DefaultSkill != nil {
		return nil, nil, fmt.Errorf("aggregation: default_skill is used but on_missing_skill is %q, not \"value\"", mode)
	}
	skillOf := func(w int32) float64 {
		if int(w) < len(skills) {
			return skills[w]
		}
		return math.NaN()
	}
	switch mode {
	case MissingSkillError:
		missing, first := 0, int32(-1)
		for _, w := range a.Worker {
			if math.IsNaN(skillOf(w)) {
				if missing == 0 {
					first = w
				}
				missing++
			}
		}
		if missing > 0 {
			return nil, nil, &MissingSkillsError{Answers: missing, Worker: first}
		}
		weights := make([]float64, a.Len())
		for r, w := range a.Worker {
			weights[r] = skillOf(w)
		}
		return nil, weights, nil
	case MissingSkillIgnore:
		var rows []int32
		var weights []float64
		left := make([]bool, a.NumTasks)
		had := make([]bool, a.NumTasks)
		for r, w := range a.Worker {
			had[a.Task[r]] = true
			if s := skillOf(w); !math.IsNaN(s) {
				rows = append(rows, int32(r))
				weights = append(weights, s)
				left[a.Task[r]] = true
			}
		}
		dropped := 0
		for t := range had {
			if had[t] && !left[t] {
				dropped++
			}
		}
		if dropped > 0 {
			return nil, nil, fmt.Errorf("aggregation: %d tasks have no answers from workers with known skills; "+
				"give a skill to at least one worker of every task, or use on_missing_skill \"value\"", dropped)
		}
		return rows, weights, nil
	case MissingSkillValue:
		if mv.DefaultSkill == nil {
			return nil, nil, fmt.Errorf("aggregation: on_missing_skill \"value\" needs default_skill")
		}
		weights := make([]float64, a.Len())
		for r, w := range a.Worker {
			if s := skillOf(w); !math.IsNaN(s) {
				weights[r] = s
			} else {
				weights[r] = *mv.DefaultSkill
			}
		}
		return nil, weights, nil
	}
	return nil, nil, fmt.Errorf("aggregation: unknown on_missing_skill %q; use \"error\", \"ignore\" or \"value\"", mode)
}

// MissingSkillsError says that answers come from workers without a skill.
type MissingSkillsError struct {
	Answers int   // how many
	Worker  int32 // the first such worker
}

func (e *MissingSkillsError) Error() string {
	return fmt.Sprintf("aggregation: %d answers come from workers without a skill (worker code %d is one); "+
		"give every worker a skill or use on_missing_skill \"ignore\" or \"value\"", e.Answers, e.Worker)
}

// voteShares sums the weights (nil: 1 each) of each task's labels over rows
// (nil: all) and divides by the task's total. Sums are compensated and taken
// in row order, as pandas' groupby sum does, so ties crowd-kit sees are ties here.
func voteShares(a *Answers, rows []int32, weights []float64) Matrix {
	p := newMatrix(a.NumTasks, a.NumLabels)
	n := a.Len()
	if rows != nil {
		n = len(rows)
	}
	row := func(i int) int {
		if rows != nil {
			return int(rows[i])
		}
		return i
	}
	if weights == nil {
		for i := 0; i < n; i++ {
			r := row(i)
			p.Data[int(a.Task[r])*p.Cols+int(a.Label[r])]++
		}
	} else {
		comp := make([]float64, len(p.Data))
		for i := 0; i < n; i++ {
			r := row(i)
			kahanAdd(p.Data, comp, int(a.Task[r])*p.Cols+int(a.Label[r]), weights[i])
		}
	}
	for t := 0; t < p.Rows; t++ {
		r := p.Row(t)
		total := 0.0
		for _, v := range r {
			total += v
		}
		for j := range r {
			r[j] /= total
		}
	}
	return p
}

// accuracy is the share of right answers among distinct (task, worker,
// label) answers on tasks with known labels: per worker (NaN for workers
// without such answers) and in total. crowd-kit's get_accuracy.
type accuracy struct {
	perWorker []float64
	total     float64
}

func accuracyOf(a *Answers, rows []int32, truth truthSets) accuracy {
	right := make([]float64, a.NumWorkers)
	count := make([]float64, a.NumWorkers)
	byTask := groupRowsSubset(a, rows)
	var seen map[uint64]struct{}
	var totalRight, total float64
	for t := 0; t < a.NumTasks; t++ {
		if !truth.has(int32(t)) {
			continue
		}
		rs := byTask.of(t)
		big := len(rs) > 64
		if big {
			clear(seen)
			if seen == nil {
				seen = map[uint64]struct{}{}
			}
		}
		for i, r := range rs {
			w, l := a.Worker[r], a.Label[r]
			if big {
				k := uint64(uint32(w))<<32 | uint64(uint32(l))
				if _, dup := seen[k]; dup {
					continue
				}
				seen[k] = struct{}{}
			} else if slices.ContainsFunc(rs[:i], func(q int32) bool { return a.Worker[q] == w && a.Label[q] == l }) {
				continue
			}
			count[w]++
			total++
			if truth.right(int32(t), l) {
				right[w]++
				totalRight++
			}
		}
	}
	for w := range right {
		right[w] /= count[w] // NaN where count is 0
	}
	return accuracy{perWorker: right, total: totalRight / total}
}

// groupRowsSubset groups rows (nil: all) by task, in row order.
func groupRowsSubset(a *Answers, rows []int32) groups {
	if rows == nil {
		return groupRows(a.Task, a.NumTasks)
	}
	tasks := make([]int32, len(rows))
	for i, r := range rows {
		tasks[i] = a.Task[r]
	}
	g := groupRows(tasks, a.NumTasks)
	for i, j := range g.rows {
		g.rows[i] = rows[j]
	}
	return g
}

// Accuracy is each worker's share of right answers on the tasks truth knows
// (NaN for workers with none) and the share over all of them: crowd-kit's
// get_accuracy, behind its accuracy_on_aggregates and golden set accuracy.
// Repeated answers (same task, worker and label) count once.
func Accuracy(a *Answers, truth *Truth) (perWorker []float64, total float64, err error) {
	if err := a.Validate(); err != nil {
		return nil, 0, err
	}
	ts, err := newTruthSets(truth, a.NumTasks, a.NumLabels)
	if err != nil {
		return nil, 0, err
	}
	acc := accuracyOf(a, nil, ts)
	return acc.perWorker, acc.total, nil
}

// AccuracyOnLabels is Accuracy against one label per task (-1: none), such
// as an aggregator's Labels.
func AccuracyOnLabels(a *Answers, labels []int32) (perWorker []float64, total float64, err error) {
	if err := a.Validate(); err != nil {
		return nil, 0, err
	}
	if len(labels) != a.NumTasks {
		return nil, 0, fmt.Errorf("aggregation: %d labels for %d tasks", len(labels), a.NumTasks)
	}
	acc := accuracyOf(a, nil, singleTruth(labels))
	return acc.perWorker, acc.total, nil
}
