package aggregation

import (
	"fmt"
	"math"
)

// The metrics of crowd-kit's crowdkit.metrics: how consistent the answers
// are with their aggregates, how uncertain each task (or worker) is, and
// workers' accuracy against aggregates or known answers (Accuracy,
// AccuracyOnLabels).

// labelChances is, per answer and per label that appears (in the order
// labels first appear), how likely a worker of the answer's skill gives the
// answer if the true label is that one: the skill when they match, else the
// rest shared among the other labels.
func labelChances(a *Answers, skill func(w int32) float64, visit func(r int, l int32, p float64)) []int32 {
	order := inverse(firstSeen(a.Label, a.NumLabels))
	present := 0
	seen := make([]bool, a.NumLabels)
	for _, l := range a.Label {
		if !seen[l] {
			seen[l] = true
			present++
		}
	}
	order = order[:present]
	for r := range a.Task {
		s := skill(a.Worker[r])
		for _, l := range order {
			if a.Label[r] == l {
				visit(r, l, s)
			} else {
				visit(r, l, (1-s)/float64(present-1))
			}
		}
	}
	return order
}

// Consistency is, per task, the posterior probability of its aggregated
// label given the workers' skills (NaN where a skill is missing), and the
// mean over tasks: crowd-kit's consistency. labels are the aggregates per
// task (-1: none); skills per worker, as the aggregator that made the labels
// estimated them.
func Consistency(a *Answers, skills []float64, labels []int32) (perTask []float64, mean float64, err error) {
	if err := a.Validate(); err != nil {
		return nil, 0, err
	}
	if len(labels) != a.NumTasks {
		return nil, 0, fmt.Errorf("aggregation: consistency: %d aggregated labels for %d tasks", len(labels), a.NumTasks)
	}
	prod := newMatrix(a.NumTasks, a.NumLabels)
	for i := range prod.Data {
		prod.Data[i] = 1
	}
	order := labelChances(a, skillLookup(skills), func(r int, l int32, p float64) {
		prod.Data[int(a.Task[r])*prod.Cols+int(l)] *= p
	})
	perTask = make([]float64, a.NumTasks)
	for t := range perTask {
		row := prod.Row(t)
		denominator := 0.0
		for _, l := range order {
			denominator += row[l]
		}
		switch {
		case labels[t] < 0:
			perTask[t] = math.NaN()
		case denominator != 0:
			perTask[t] = row[labels[t]] / denominator
		default:
			perTask[t] = 0
		}
	}
	return perTask, nanMean(perTask), nil
}

// Uncertainty is the entropy of each task's (or, byWorker, each worker's)
// label distribution: the sum over its answers of each label's chance under
// the workers' skills (nil skills: each worker answers right), normalised;
// and the mean. crowd-kit's uncertainty.
func Uncertainty(a *Answers, skills []float64, byWorker bool) (perGroup []float64, mean float64, err error) {
	if err := a.Validate(); err != nil {
		return nil, 0, err
	}
	skill := func(int32) float64 { return 1 }
	if skills != nil {
		skill = skillLookup(skills)
		var missing []int32
		seen := map[int32]bool{}
		for _, w := range a.Worker {
			if math.IsNaN(skill(w)) && !seen[w] {
				seen[w] = true
				missing = append(missing, w)
			}
		}
		if len(missing) > 0 {
			return nil, 0, &MissingSkillsError{Answers: len(missing), Worker: missing[0]}
		}
	}
	group, n := a.Task, a.NumTasks
	if byWorker {
		group, n = a.Worker, a.NumWorkers
	}
	sums := newMatrix(n, a.NumLabels)
	comp := newMatrix(n, a.NumLabels)
	order := labelChances(a, skill, func(r int, l int32, p float64) {
		kahanAdd(sums.Data, comp.Data, int(group[r])*sums.Cols+int(l), p)
	})
	perGroup = make([]float64, n)
	pk := make([]float64, len(order))
	for g := range perGroup {
		row := sums.Row(g)
		total := 0.0
		for _, l := range order {
			total += row[l]
		}
		norm := 0.0
		for i, l := range order {
			pk[i] = row[l] / (total + 1e-6)
			norm += pk[i]
		}
		h := 0.0
		for _, p := range pk {
			p /= norm
			switch {
			case p > 0:
				h -= p * math.Log(p)
			case p < 0:
				h = math.Inf(-1)
			case p != 0:
				h = math.NaN()
			}
		}
		perGroup[g] = h
	}
	return perGroup, nanMean(perGroup), nil
}

func skillLookup(skills []float64) func(int32) float64 {
	return func(w int32) float64 {
		if int(w) < len(skills) {
			return skills[w]
		}
		return math.NaN()
	}
}

// nanMean is the mean of the numbers that are not NaN (pandas' mean).
func nanMean(v []float64) float64 {
	sum, n := 0.0, 0
	for _, x := range v {
		if !math.IsNaN(x) {
			sum += x
			n++
		}
	}
	return sum / float64(n)
}
