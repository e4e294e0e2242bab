// crowd-kit's aggregation as a script uses it, written without type
// annotations: tsc --strict checks it against `tolokash types` by what the
// declarations say each call returns, and tolokash runs it as it is
// (runtime/typescript_test.go), so the declarations say what the module does.
const {MajorityVote, Wawa, GoldMajorityVote, ZeroBasedSkill, DawidSkene, OneCoinDawidSkene, GLAD, MMSR, KOS, MACE,
  BradleyTerry, NoisyBradleyTerry, metrics, consistency, golden_set_accuracy} = require('toloka/aggregation');
const agg = require('toloka/aggregation');

// Six tasks, five workers; w4 errs on every other task, w3 once.
const truth = ['cat', 'dog', 'cat', 'dog', 'cat', 'dog'];
const flip = (l = '') => (l === 'cat' ? 'dog' : 'cat');
const answers = DataFrame.fromRecords(truth.flatMap((label, t) => ['w0', 'w1', 'w2', 'w3', 'w4'].map((worker, w) => ({
  task: 't' + t, worker, label: (w === 4 && t % 2 === 0) || (w === 3 && t === 1) ? flip(label) : label,
}))));
const check = (ok = false, what = '') => { if (!ok) throw new Error('failed: ' + what); };

// Options as one object, positional in crowd-kit's order, or both.
const ds = new DawidSkene({n_iter: 20, tol: 1e-6, initial_error_strategy: 'assign'});
const labels = ds.fitPredict(answers);
check(labels.columns.join() === 'task,agg_label' && labels.length === 6, 'labels_');
check(ds.probas_.columns.includes('cat') && ds.errors_.length > 0 && ds.priors.get('prior').length === 2, 'probas_, errors_, priors');
check(ds.loss_history_.every((x) => typeof x === 'number'), 'loss_history_');
ds.n_iter = 5;
check(new DawidSkene(20).n_iter === 20 && new DawidSkene(20, {tol: 0.1}).tol === 0.1 && new DawidSkene(10, 1e-3, null, null).n_iter === 10, 'positional');
check(new DawidSkene().fit(answers, {t1: 'cat'}).labels.row(0).agg_label === 'cat', 'true_labels as an object');

// Every classification class, both names of the methods.
const mv = new MajorityVote();
check(mv.fit_predict_proba(answers).length === 6 && mv.skills_.columns.join() === 'worker,skill', 'MajorityVote');
check(new MajorityVote({on_missing_skill: 'value', default_skill: 0.5}).fitPredict(answers, {w0: 0.9, w1: 0.8}).length === 6, 'skills');
const wawa = new Wawa().fit(answers);
check(wawa.predict(answers).length === 6 && wawa.predictProba(answers).length === 6, 'Wawa');
check(new GoldMajorityVote().fit(answers, new Map([['t1', 'cat'], ['t2', 'dog']])).predict_proba(answers).length === 6, 'GoldMajorityVote');
check(new ZeroBasedSkill({lr_init: 0.5}).fitPredictProba(answers).length === 6, 'ZeroBasedSkill');
const oc = new OneCoinDawidSkene(10);
check(oc.fitPredict(answers).length === 6 && oc.skills.length === 5, 'OneCoinDawidSkene');
const glad = new GLAD({n_iter: 20, labels_priors: {cat: 0.5, dog: 0.5}, silent: true});
check(glad.fitPredict(answers).length === 6 && glad.alphas_.length === 5 && glad.betas_.length === 6, 'GLAD');
const mmsr = new MMSR({random_state: 0});
check(mmsr.fitPredictScore(answers).length === 6 && mmsr.predict_score(answers).length === 6, 'MMSR');
check(new KOS({n_iter: 10, random_state: 0}).fitPredict(answers).length === 6, 'KOS');
const mace = new MACE({n_restarts: 2, method: 'em', random_state: 1});
check(mace.fitPredict(answers).length === 6 && mace.thetas_.length === 5 && typeof mace.smoothing_ === 'number', 'MACE');
check(mace.spamming.every((row) => row.length === 2), 'MACE spamming');
check(String(mace).startsWith('MACE('), 'toString');

// Pairwise comparisons.
const pairs = new DataFrame({worker: ['w1', 'w2', 'w1'], left: ['a', 'b', 'a'], right: ['b', 'c', 'c'], label: ['a', 'b', 'a']});
const bt = new BradleyTerry({n_iter: 10});
check(bt.fitPredict(pairs).columns.join() === 'label,agg_score' && bt.scores_.length === 3, 'BradleyTerry');
check(new BradleyTerry(10).fit(pairs).scores.length === 3, 'BradleyTerry positional');
const nbt = new NoisyBradleyTerry({n_iter: 10, columns: {worker: 'worker', left: 'left', right: 'right', label: 'label'}});
check(nbt.fit_predict(pairs).length === 3 && nbt.biases_.length === 2, 'NoisyBradleyTerry');

// Metrics: a number, or a DataFrame when asked for one.
const mean = metrics.consistency(answers);
check(mean.toFixed(2).length > 0 && consistency(answers, {aggregator: new OneCoinDawidSkene()}) > 0, 'consistency');
check(agg.consistency(answers, {by_task: true}).columns.join() === 'task,consistency', 'consistency by task');
check(metrics.uncertainty(answers, {compute_by: 'worker'}) >= 0, 'uncertainty');
check(metrics.uncertainty(answers, {aggregate: false}).length === 6, 'uncertainty per task');
check(metrics.accuracyOnAggregates(answers) > 0 && metrics.accuracy_on_aggregates(answers, {by: 'worker'}).length === 5, 'accuracyOnAggregates');
check(agg.accuracyOnAggregates(answers, {aggregates: labels}) > 0, 'accuracyOnAggregates of aggregates');
const golden = {t1: 'cat', t2: 'dog'};
check(metrics.goldenSetAccuracy(answers, golden).columns.join() === 'worker,accuracy', 'goldenSetAccuracy');
check(golden_set_accuracy(answers, golden, {by: null}) > 0, 'goldenSetAccuracy as one number');
const withGolden = answers.withColumn('golden', (r) => (r.task === 't1' ? 'cat' : null));
check(metrics.goldenSetAccuracy(withGolden, {columns: {golden: 'golden'}}).length === 5, 'goldenSetAccuracy from a column');
