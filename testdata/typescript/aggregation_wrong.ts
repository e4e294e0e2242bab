// Mistakes the declarations of require('toloka/aggregation') must refuse, one
// a line: tsc must report every line marked WRONG, and tolokash, running the
// line alone, must throw (runtime/typescript_test.go).
const a = require('toloka/aggregation');
const df = new DataFrame({task: ['t1', 't1'], worker: ['w1', 'w2'], label: ['cat', 'dog']});
new a.DawidSkene({n_iters: 20});                               // WRONG n_iters
new a.DawidSkene({n_iter: '20'});                              // WRONG a string
new a.DawidSkene({initial_error_strategy: 'assigned'});        // WRONG assigned
new a.MajorityVote({on_missing_skill: 'skip'});                // WRONG skip
new a.DawidSkene().fitPredictProbas(df);                       // WRONG fitPredictProbas
new a.DawidSkene().predict(df);                                // WRONG DawidSkene has no predict
new a.BradleyTerry();                                          // WRONG n_iter is required
new a.BradleyTerry({n_iter: 5}).fitPredictProba(df);           // WRONG pairwise: no probabilities
new a.Wawa({task: 'INPUT:text'});                              // WRONG columns go in columns
new a.GLAD(100, 1e-5, true, {cat: 0.5, dog: 0.5});             // WRONG an object last is the options
new a.DawidSkene(20, 1e-5, null, null, null);                  // WRONG too many arguments
new a.MajorityVote().fit(df, 0.5);                             // WRONG skills are a Series
a.metrics.consistency(df).print();                             // WRONG a number has no print
a.metrics.consistency(df, {by_task: true}).toFixed(2);         // WRONG a DataFrame has no toFixed
a.metrics.uncertainty(df, {compute_by: 'tasks'});              // WRONG tasks
a.metrics.consistency(df, {aggregator: new a.DawidSkene()});   // WRONG DawidSkene learns no skills
a.metrics.accuracyOnAggregates(df, {by: 'task'});              // WRONG by task
a.metrics.goldenSetAccuracy(df, {t1: 'cat'}, {by: 'label'});   // WRONG by label
a.metrics.accuracy_on_aggregates(df, {aggregator: new a.BradleyTerry(5)}); // WRONG a pairwise aggregator
a.metrics.kappa(df);                                           // WRONG kappa
new a.Glad();                                                  // WRONG Glad
