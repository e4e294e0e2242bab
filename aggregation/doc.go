// Package aggregation brings crowd-kit (Toloka's Python library for crowd
// answers) to Go: it turns the overlapping answers of a crowdsourcing job
// into one label per task, and judges the workers who gave them.
//
//   - classification: MajorityVote, Wawa, GoldMajorityVote, ZeroBasedSkill,
//     DawidSkene, OneCoinDawidSkene, GLAD, MMSR, KOS and MACE;
//   - pairwise comparisons: BradleyTerry and NoisyBradleyTerry;
//   - metrics: Accuracy (against known answers), AccuracyOnLabels (against
//     aggregates), Consistency and Uncertainty.
//
// The names, options, defaults and results are crowd-kit 1.4.1's: New*
// returns an aggregator with crowd-kit's defaults; its exported fields are
// the options (NIter for n_iter, Tol for tol, …) and, after Fit, the fitted
// values (Labels for labels_, Probas for probas_, Skills for skills_, …).
// The results equal crowd-kit's on crowd-kit's own test data and on generated
// data, to within 1e-9 (testdata/crowdkit holds the datasets, the script that
// ran crowd-kit on them and its outputs). Where crowd-kit optimises, this
// package takes scipy's steps (conjugate gradients for GLAD, L-BFGS-B for
// NoisyBradleyTerry, both with MINPACK's line search), and where it draws
// random numbers, numpy's (the legacy Mersenne Twister): the same seed gives
// the same result.
//
// # Input
//
// Answers hold answers as small integers, three int32 columns, so a million
// answers take 12 MB. FromStrings codes string columns; a Coder codes values
// of any comparable type. Codes follow the values' sorted order: crowd-kit
// breaks ties between labels towards the label that sorts first (its
// probability columns come sorted), and so does every aggregator here that
// breaks ties by code. MACE and KOS follow crowd-kit in using the order in
// which labels first appear in the rows instead, and say so.
//
//	answers, names, err := aggregation.FromStrings(images, workers, labels)
//	if err != nil {
//		return err
//	}
//	mv := aggregation.NewMajorityVote()
//	if err := mv.Fit(ctx, answers, nil); err != nil {
//		return err
//	}
//	for task, label := range mv.Labels {
//		fmt.Fprintf(out, "%s\t%s\n", names.Tasks[task], names.Labels[label])
//	}
//
// From JavaScript, require('toloka/aggregation') gives the same aggregators
// over DataFrames, with crowd-kit's names (package stdlib).
//
// # Where crowd-kit is odd
//
// Three of crowd-kit's aggregators do something their papers do not, and
// their results depend on it; this package does the same, so that results
// agree, and the types' comments describe it: MACE reads its spamming
// strategies back in a different order than it stores them, BradleyTerry
// stops after two iterations whenever Tol is above 0, and NoisyBradleyTerry's
// gradient puts two of its terms one place off. DawidSkene keeps its
// probabilities floored at 1e-10, as crowd-kit's do.
//
// # Cost
//
// Fit runs in time proportional to the answers (times the labels, for the
// EM methods) per iteration, in memory proportional to tasks × labels plus
// the (worker, label) pairs answered × labels, except MMSR, which like
// crowd-kit's works on dense worker × worker matrices (and so refuses more
// than MaxMMSRWorkers). Long fits stop when their context is done.
package aggregation
