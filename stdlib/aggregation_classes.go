package stdlib

import (
	"fmt"
	"math"
	"sync"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/aggregation"
)

// The classes of require('toloka/aggregation'), crowd-kit's options in its
// order and with its defaults, plus columns (tolokash's: which DataFrame
// columns hold the task, worker and label).

var columnsOption = aggOption{name: "columns", kind: optColumns,
	doc: "which columns hold the task, worker and label (tolokash's; crowd-kit's names or an assignments export's are found without it)"}

func nIter(def float64) aggOption {
	return aggOption{name: "n_iter", kind: optInt, def: def, doc: "the most iterations to run"}
}
func tol(def float64) aggOption {
	return aggOption{name: "tol", kind: optFloat, def: def, doc: "stop when the loss changes by less"}
}
func seed(def float64) aggOption {
	return aggOption{name: "random_state", kind: optSeed, def: def, doc: "the seed of the random draws (null: a new one each time)"}
}

var (
	classesOnce sync.Once
	classes     []*aggClass
)

func aggClasses() []*aggClass {
	classesOnce.Do(func() {
		classes = []*aggClass{
			{name: "MajorityVote", doc: "The label most answers give to a task; weighted by the workers' skills when given.",
				options: []aggOption{
					{name: "default_skill", kind: optFloat, nullable: true, doc: "the skill of a worker the skills leave out, with on_missing_skill 'value'"},
					{name: "on_missing_skill", kind: optChoice, def: "error", choices: []string{"error", "ignore", "value"},
						doc: "a worker without a skill: an error, left out, or default_skill"},
					columnsOption}, fitArgs: []string{"skills"}, proba: true,
				attrs: []string{"labels_", "probas_", "skills_"}, fit: fitMajorityVote},
			{name: "Wawa", doc: "Worker Agreement With Aggregate: a majority vote, each worker's agreement with it as skill, then a vote weighted by the skills.",
				options: []aggOption{columnsOption}, predict: true, proba: true,
				attrs: []string{"labels_", "probas_", "skills_"}, fit: fitWawa, vote: voteWithSkills},
			{name: "GoldMajorityVote", doc: "A vote weighted by each worker's accuracy on the tasks whose answers are known.",
				options: []aggOption{columnsOption}, fitArgs: []string{"true_labels"}, predict: true,
				proba: true, attrs: []string{"labels_", "probas_", "skills_"}, fit: fitGoldMajorityVote, vote: voteWithSkills},
			{name: "ZeroBasedSkill", doc: "Skills learned from zero by gradient steps towards each worker's agreement with the weighted vote, then a vote weighted by them.",
				options: []aggOption{nIter(100),
					{name: "lr_init", kind: optFloat, def: 1.0, doc: "the first learning rate"},
					{name: "lr_steps_to_reduce", kind: optInt, def: 20.0, doc: "steps between reductions of the learning rate"},
					{name: "lr_reduce_factor", kind: optFloat, def: 0.5, doc: "what a reduction multiplies the learning rate by"},
					{name: "eps", kind: optFloat, def: 1e-5, doc: "stop when the skills change by less"}, columnsOption}, predict: true, proba: true,
				attrs: []string{"labels_", "probas_", "skills_"}, fit: fitZeroBasedSkill, vote: voteWithSkills},
			{name: "DawidSkene", doc: "Dawid-Skene's expectation maximisation: each worker's confusion between labels, and the labels, learned together.",
				options: []aggOption{nIter(100), tol(1e-5),
					{name: "initial_error_strategy", kind: optChoice, choices: []string{"assign", "addition"}, nullable: true,
						doc: "how initial_error starts the errors: replacing them, or added to them"},
					columnsOption}, fitArgs: []string{"true_labels", "initial_error"}, proba: true,
				attrs: []string{"labels_", "probas_", "priors_", "errors_", "loss_history_"}, fit: fitDawidSkene},
			{name: "OneCoinDawidSkene", doc: "Dawid-Skene with one accuracy per worker, the same for every label.",
				options: []aggOption{nIter(100), tol(1e-5), columnsOption}, proba: true,
				attrs: []string{"labels_", "probas_", "priors_", "errors_", "skills_", "loss_history_"}, fit: fitOneCoin},
			{name: "GLAD", doc: "Generative model of Labels, Abilities and Difficulties: each worker's ability and each task's difficulty, learned with the labels.",
				options: []aggOption{nIter(100), tol(1e-5),
					{name: "silent", kind: optBool, def: true, doc: "crowd-kit's progress bar off (there is none here)"},
					{name: "labels_priors", kind: optSeries, doc: "the prior of each label (label → prior); null: equal"},
					{name: "alphas_priors_mean", kind: optSeries, doc: "the prior mean of each worker's ability (worker → alpha); null: 1"},
					{name: "betas_priors_mean", kind: optSeries, doc: "the prior mean of each task's ease (task → beta); null: 1"},
					{name: "m_step_max_iter", kind: optInt, def: 25.0, doc: "the most gradient steps of an M-step"},
					{name: "m_step_tol", kind: optFloat, def: 1e-2, doc: "the tolerance of an M-step"}, columnsOption}, proba: true,
				attrs: []string{"labels_", "probas_", "alphas_", "betas_", "priors_", "loss_history_"}, fit: fitGLAD},
			{name: "MMSR", doc: "Matrix Mean-Subsequence-Reduced: skills from how workers agree, robust to adversaries, then a vote weighted by them.",
				options: []aggOption{nIter(10000), tol(1e-10), seed(0), columnsOption}, predict: true, score: true,
				attrs: []string{"labels_", "scores_", "skills_", "loss_history_"}, fit: fitMMSR, vote: voteMMSR},
			{name: "KOS", doc: "Karger-Oh-Shah's message passing between tasks and workers, for two labels.",
				options: []aggOption{nIter(100), seed(0), columnsOption},
				attrs:   []string{"labels_"}, fit: fitKOS},
			{name: "MACE", doc: "Multi-Annotator Competence Estimation: how often each worker spams, and what, learned with the labels.",
				options: []aggOption{
					{name: "n_restarts", kind: optInt, def: 10.0, doc: "how many times to start again from random values"}, nIter(50),
					{name: "method", kind: optChoice, def: "vb", choices: []string{"vb", "em"}, doc: "variational Bayes or expectation maximisation"},
					{name: "smoothing", kind: optFloat, def: 0.1, doc: "added to the counts before they are normalised"},
					{name: "default_noise", kind: optFloat, def: 0.5, doc: "the noise of the starting values"},
					{name: "alpha", kind: optFloat, def: 0.5, doc: "the first parameter of the beta prior of spamming"},
					{name: "beta", kind: optFloat, def: 0.5, doc: "the second parameter of the beta prior of spamming"},
					seed(0),
					{name: "verbose", kind: optInt, def: 0.0, doc: "crowd-kit's progress output (there is none here)"}, columnsOption}, proba: true,
				attrs: []string{"labels_", "probas_", "thetas_", "spamming_", "smoothing_"}, fit: fitMACE},
			{name: "BradleyTerry", doc: "Bradley-Terry: a score per item from which of two items each worker prefers.",
				options:  []aggOption{{name: "n_iter", kind: optInt, required: true, doc: "the most iterations to run"}, tol(1e-5), columnsOption},
				pairwise: true, attrs: []string{"scores_", "loss_history_"}, fit: fitBradleyTerry},
			{name: "NoisyBradleyTerry", doc: "Bradley-Terry with each worker's skill and bias (towards the left item).",
				options: []aggOption{nIter(100), tol(1e-5),
					{name: "regularization_ratio", kind: optFloat, def: 1e-5, doc: "the weight of the regulariser"}, seed(0), columnsOption},
				pairwise: true, attrs: []string{"scores_", "skills_", "biases_"}, fit: fitNoisyBradleyTerry},
		}
	})
	return classes
}

func (c *aggCall) setLabels(labels []int32) { c.set("labels_", labelsFrame(c.in, labels)) }
func (c *aggCall) setWorkers(attr, name string, v []float64) {
	c.set(attr, seriesFrame("worker", c.in.workers.Keys(), name, v))
}
func (c *aggCall) setProbas(attr string, m aggregation.Matrix) error {
	f, err := probasFrame(c.in, m)
	if err != nil {
		return err
	}
	c.set(attr, f)
	return nil
}

func fitMajorityVote(c *aggCall) (aggResult, error) {
	mv := &aggregation.MajorityVote{OnMissingSkill: c.str("on_missing_skill")}
	if v, ok := c.opt["default_skill"].(float64); ok {
		mv.DefaultSkill = &v
	}
	var skills []float64
	if v := c.arg(0); v != nil {
		var err error
		if skills, err = c.d.numbersBy(v, c.in.workers, "worker", []string{"skill"}, c.where+": skills"); err != nil {
			return aggResult{}, err
		}
	}
	if err := mv.Fit(c.ctx, c.in.answers, skills); err != nil {
		return aggResult{}, err
	}
	c.setLabels(mv.Labels)
	c.setWorkers("skills_", "skill", mv.Skills)
	return aggResult{labels: mv.Labels, skills: mv.Skills}, c.setProbas("probas_", mv.Probas)
}

func fitWawa(c *aggCall) (aggResult, error) {
	var w aggregation.Wawa
	if err := w.Fit(c.ctx, c.in.answers); err != nil {
		return aggResult{}, err
	}
	c.setWorkers("skills_", "skill", w.Skills)
	return aggResult{skills: w.Skills}, nil
}

func fitGoldMajorityVote(c *aggCall) (aggResult, error) {
	truth, err := c.truth(0, true)
	if err != nil {
		return aggResult{}, err
	}
	var g aggregation.GoldMajorityVote
	if err := g.Fit(c.ctx, c.in.answers, truth); err != nil {
		return aggResult{}, err
	}
	c.setWorkers("skills_", "skill", g.Skills)
	return aggResult{skills: g.Skills}, nil
}

// truth is the true labels given as argument i, else the golden column
// when required or named in the columns option; nil when there are none.
func (c *aggCall) truth(i int, required bool) (*aggregation.Truth, error) {
	if v := c.arg(i); v != nil {
		return c.d.truthFrom(v, c.in, c.where+": true_labels")
	}
	if c.in.golden != nil && (required || c.in.cols.goldenGiven) {
		return c.in.golden, nil
	}
	if required {
		return nil, fmt.Errorf("give the true labels (a DataFrame of task and label, or {task: label}) or a golden column (columns: {golden: 'GOLDEN:label'})")
	}
	return nil, nil
}

func fitZeroBasedSkill(c *aggCall) (aggResult, error) {
	z := &aggregation.ZeroBasedSkill{NIter: c.int("n_iter"), LRInit: c.float("lr_init"), LRStepsToReduce: c.int("lr_steps_to_reduce"),
		LRReduceFactor: c.float("lr_reduce_factor"), Eps: c.float("eps")}
	if err := z.Fit(c.ctx, c.in.answers); err != nil {
		return aggResult{}, err
	}
	c.setWorkers("skills_", "skill", z.Skills)
	return aggResult{skills: z.Skills}, nil
}

// voteWithSkills is predict for the weighted votes: MajorityVote with the
// skills fit learned.
func voteWithSkills(c *aggCall) (aggResult, error) {
	mv := aggregation.NewMajorityVote()
	if err := mv.Fit(c.ctx, c.in.answers, c.skillsFor()); err != nil {
		return aggResult{}, err
	}
	c.setLabels(mv.Labels)
	return aggResult{labels: mv.Labels, skills: c.skillsFor()}, c.setProbas("probas_", mv.Probas)
}

func fitDawidSkene(c *aggCall) (aggResult, error) {
	ds := &aggregation.DawidSkene{NIter: c.int("n_iter"), Tol: c.float("tol"), InitialErrorStrategy: c.str("initial_error_strategy")}
	truth, err := c.truth(0, false)
	if err != nil {
		return aggResult{}, err
	}
	if truth != nil {
		for i, l := range truth.Label {
			if l < 0 {
				return aggResult{}, fmt.Errorf("true_labels: task %v's label is not among the labels of the answers",
					c.in.tasks.Keys()[truth.Task[i]])
			}
		}
	}
	var initial *aggregation.ErrorMatrices
	if v := c.arg(1); v != nil {
		if initial, err = c.initialError(); err != nil {
			return aggResult{}, err
		}
	}
	if err := ds.Fit(c.ctx, c.in.answers, truth, initial); err != nil {
		return aggResult{}, err
	}
	c.setLabels(ds.Labels)
	c.set("priors_", seriesFrame("label", c.in.labels.Keys(), "prior", ds.Priors))
	c.set("errors_", errorsFrame(c.in, ds.Errors))
	c.set("loss_history_", ds.LossHistory)
	return aggResult{labels: ds.Labels}, c.setProbas("probas_", ds.Probas)
}

// initialError reads DawidSkene's initial_error: a DataFrame with worker
// and label columns and a column per true label.
func (c *aggCall) initialError() (*aggregation.ErrorMatrices, error) {
	where := c.where + ": initial_error"
	f := c.d.frameOf(c.args[1], where)
	wc, ok1 := f.index["worker"]
	lc, ok2 := f.index["label"]
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s: expected worker and label columns and a column per true label; it has: %v", where, f.names)
	}
	a := c.in.answers
	m := aggregation.NewErrorMatrices(a.NumLabels)
	trueCols := map[int]int32{}
	for i, name := range f.names {
		if i == wc || i == lc {
			continue
		}
		l, ok := lookupValue(c.in.labels, name)
		if !ok {
			return nil, fmt.Errorf("%s: column %q is not a label of the answers", where, name)
		}
		trueCols[i] = l
	}
	for r := 0; r < f.Len(); r++ {
		w, okW := lookupValue(c.in.workers, f.cols[wc].at(r))
		l, okL := lookupValue(c.in.labels, f.cols[lc].at(r))
		if !okW || !okL {
			continue // workers and labels the answers lack play no part
		}
		row := make([]float64, a.NumLabels)
		for col, tl := range trueCols {
			v, ok := f.cols[col].at(r).(float64)
			if !ok {
				return nil, fmt.Errorf("%s: row %d, column %q: %v is not a number", where, r, f.names[col], f.cols[col].at(r))
			}
			row[tl] = v
		}
		m.Set(w, l, row)
	}
	return m, nil
}

func fitOneCoin(c *aggCall) (aggResult, error) {
	oc := &aggregation.OneCoinDawidSkene{NIter: c.int("n_iter"), Tol: c.float("tol")}
	if err := oc.Fit(c.ctx, c.in.answers); err != nil {
		return aggResult{}, err
	}
	c.setLabels(oc.Labels)
	c.set("priors_", seriesFrame("label", c.in.labels.Keys(), "prior", oc.Priors))
	c.set("errors_", errorsFrame(c.in, oc.Errors))
	c.setWorkers("skills_", "skill", oc.Skills)
	c.set("loss_history_", oc.LossHistory)
	return aggResult{labels: oc.Labels, skills: oc.Skills}, c.setProbas("probas_", oc.Probas)
}

func fitGLAD(c *aggCall) (aggResult, error) {
	g := &aggregation.GLAD{NIter: c.int("n_iter"), Tol: c.float("tol"), MStepMaxIter: c.int("m_step_max_iter"), MStepTol: c.float("m_step_tol")}
	complete := func(name string, coder *valueCoder, key string, valueCols []string) ([]float64, error) {
		v, _ := c.opt[name].(goja.Value)
		if v == nil {
			return nil, nil
		}
		vals, err := c.d.numbersBy(v, coder, key, valueCols, c.where+": "+name)
		if err != nil {
			return nil, err
		}
		for i, x := range vals {
			if math.IsNaN(x) {
				return nil, fmt.Errorf("%s gives nothing for %s %v", name, key, coder.Keys()[i])
			}
		}
		return vals, nil
	}
	var err error
	if g.LabelsPriors, err = complete("labels_priors", c.in.labels, "label", []string{"prior"}); err != nil {
		return aggResult{}, err
	}
	if g.AlphasPriorsMean, err = complete("alphas_priors_mean", c.in.workers, "worker", []string{"alpha"}); err != nil {
		return aggResult{}, err
	}
	if g.BetasPriorsMean, err = complete("betas_priors_mean", c.in.tasks, "task", []string{"beta"}); err != nil {
		return aggResult{}, err
	}
	if err := g.Fit(c.ctx, c.in.answers); err != nil {
		return aggResult{}, err
	}
	c.setLabels(g.Labels)
	c.setWorkers("alphas_", "alpha", g.Alphas)
	c.set("betas_", seriesFrame("task", c.in.tasks.Keys(), "beta", g.Betas))
	c.set("priors_", seriesFrame("label", c.in.labels.Keys(), "prior", g.Priors))
	c.set("loss_history_", g.LossHistory)
	return aggResult{labels: g.Labels}, c.setProbas("probas_", g.Probas)
}

func fitMMSR(c *aggCall) (aggResult, error) {
	m := &aggregation.MMSR{NIter: c.int("n_iter"), Tol: c.float("tol"), RandomState: c.seed("random_state")}
	if err := m.Fit(c.ctx, c.in.answers); err != nil {
		return aggResult{}, err
	}
	c.setWorkers("skills_", "skill", m.Skills)
	c.set("loss_history_", m.LossHistory)
	return aggResult{skills: m.Skills}, nil
}

func voteMMSR(c *aggCall) (aggResult, error) {
	mv := aggregation.NewMajorityVote()
	if err := mv.Fit(c.ctx, c.in.answers, c.skillsFor()); err != nil {
		return aggResult{}, err
	}
	c.setLabels(mv.Labels)
	return aggResult{labels: mv.Labels, skills: c.skillsFor()}, c.setProbas("scores_", mv.Probas)
}

func fitKOS(c *aggCall) (aggResult, error) {
	k := &aggregation.KOS{NIter: c.int("n_iter"), RandomState: c.seed("random_state")}
	if err := k.Fit(c.ctx, c.in.answers); err != nil {
		return aggResult{}, err
	}
	c.setLabels(k.Labels)
	return aggResult{labels: k.Labels}, nil
}

func fitMACE(c *aggCall) (aggResult, error) {
	m := &aggregation.MACE{NRestarts: c.int("n_restarts"), NIter: c.int("n_iter"), Method: c.str("method"),
		Smoothing: c.float("smoothing"), DefaultNoise: c.float("default_noise"), Alpha: c.float("alpha"), Beta: c.float("beta"),
		RandomState: c.seed("random_state")}
	if err := m.Fit(c.ctx, c.in.answers); err != nil {
		return aggResult{}, err
	}
	c.setLabels(m.Labels)
	c.set("thetas_", rows(m.Thetas))
	c.set("spamming_", rows(m.Spamming))
	c.set("smoothing_", m.SmoothingUsed)
	return aggResult{labels: m.Labels}, c.setProbas("probas_", m.Probas)
}

func fitBradleyTerry(c *aggCall) (aggResult, error) {
	bt := &aggregation.BradleyTerry{NIter: c.int("n_iter"), Tol: c.float("tol")}
	if err := bt.Fit(c.ctx, c.in.pairs); err != nil {
		return aggResult{}, err
	}
	c.set("scores_", seriesFrame("label", c.in.labels.Keys(), "agg_score", bt.Scores))
	c.set("loss_history_", bt.LossHistory)
	return aggResult{}, nil
}

func fitNoisyBradleyTerry(c *aggCall) (aggResult, error) {
	nb := &aggregation.NoisyBradleyTerry{NIter: c.int("n_iter"), Tol: c.float("tol"),
		RegularizationRatio: c.float("regularization_ratio"), RandomState: c.seed("random_state")}
	if err := nb.Fit(c.ctx, c.in.pairs); err != nil {
		return aggResult{}, err
	}
	c.set("scores_", seriesFrame("label", c.in.labels.Keys(), "agg_score", nb.Scores))
	c.setWorkers("skills_", "skill", nb.Skills)
	c.setWorkers("biases_", "bias", nb.Biases)
	return aggResult{}, nil
}
