// Text classification, as toloka-kit's notebook does it ("Is this headline clickbait?"):
// a project, a pool with golden tasks, the work, and then the notebook's aggregation step,
// Dawid-Skene over the answers to the main tasks, with crowd-kit's names; and how each
// Toloker did on the golden tasks.
//   tolokash --local scripts/examples/text_classification.js [--pool ID] [--out labels.csv]
const {waitFor, arg, pool} = require('./lib.js');
const {DawidSkene, MajorityVote, metrics} = require('toloka/aggregation');

const headlines = [
  ['You Will Never Believe What This Cat Did Next', 'clickbait'],
  ['Central bank holds interest rates steady', 'notclickbait'],
  ['17 Things Only 90s Kids Will Understand', 'clickbait'],
  ['Parliament passes the budget after a long debate', 'notclickbait'],
  ['This One Trick Will Change How You Sleep', 'clickbait'],
  ['City council approves new bus routes', 'notclickbait'],
  ['Doctors Hate Her: See Why', 'clickbait'],
  ['Storm closes schools across the region', 'notclickbait'],
  ['What Happened Next Will Shock You', 'clickbait'],
  ['Quarterly earnings beat analyst forecasts', 'notclickbait'],
  ['We Tried Every Pizza In Town So You Don\'t Have To', 'clickbait'],
  ['New museum wing opens to the public', 'notclickbait'],
];

let poolId = arg('pool');
if (!poolId) {
  const project = toloka.createProject({
    public_name: 'Is this headline clickbait?', public_description: 'Read a headline and say whether it is clickbait',
    public_instructions: 'Clickbait headlines tease instead of telling the news.',
    task_spec: {
      input_spec: {headline: {type: 'string'}},
      output_spec: {category: {type: 'string', allowed_values: ['clickbait', 'notclickbait']}},
      view_spec: {type: 'classic', markup: '<p>{{headline}}</p>{{field type="radio" name="category" value="clickbait" label="Clickbait"}}' +
        '{{field type="radio" name="category" value="notclickbait" label="Not clickbait"}}', script: '', styles: ''},
    },
  });
  const p = pool(project.id, 'Is this headline clickbait?', {defaults: {default_overlap_for_new_tasks: 3, default_overlap_for_new_task_suites: 3}});
  // The first four headlines are golden tasks: their answers are known.
  const tasks = headlines.map(([headline, category], i) => Object.assign(
    {pool_id: p.id, overlap: 3, input_values: {headline}},
    i < 4 ? {known_solutions: [{output_values: {category}, correctness_weight: 1}]} : {}));
  toloka.createTasks(tasks, {allow_defaults: true, open_pool: true});
  waitFor('the work', () => toloka.getPool(p.id).status === 'CLOSED', {every: 300});
  for (const a of toloka.getAssignments({pool_id: p.id, status: 'SUBMITTED'})) toloka.acceptAssignment(a.id, 'Thanks');
  poolId = p.id;
}

// The notebook's aggregation step: the accepted answers to the main tasks (golden ones carry
// their known answer in GOLDEN:category), aggregated by Dawid-Skene.
const df = toloka.getAssignmentsDf(poolId, {status: ['APPROVED']});
const answers = df.filter(row => row['GOLDEN:category'] === null);
console.log(`answers count: ${answers.length}`);
const columns = {task: 'INPUT:headline', worker: 'ASSIGNMENT:worker_id', label: 'OUTPUT:category'};
const ds = new DawidSkene({n_iter: 20, columns});
const predicted = ds.fitPredict(answers);
predicted.print();
const mv = new MajorityVote({columns}).fitPredict(answers);
const same = predicted.join(mv.rename({agg_label: 'mv_label'}), 'task').filter(r => r.agg_label === r.mv_label).length;
console.log(`DawidSkene labelled ${predicted.length} headlines in ${ds.loss_history.length} iterations; ` +
  `majority vote agrees on ${same}`);

// Toloker quality: accuracy on the golden tasks, from the same export.
metrics.goldenSetAccuracy(df).sort('accuracy', {desc: true}).print();

const out = arg('out');
if (out) {
  predicted.toCSV(out);
  console.log(`wrote ${out}`);
}
