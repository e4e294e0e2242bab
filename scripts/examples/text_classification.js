// toloka-kit's notebook "Text classification" (examples/5.nlp/text_classification), ported
// line by line with the model classes: is a headline clickbait? A training with hints, a pool
// that admits only Tolokers who passed it, control tasks, quality rules and a mixer, then the
// notebook's aggregation step: crowd-kit's Dawid-Skene over the answers to the real tasks, and
// each Toloker's accuracy on the control tasks.
//   tolokash --local --pace 200 --workers 30 scripts/examples/text_classification.js [--out labels.csv]
const tb = require('toloka/template_builder');
const {DawidSkene, MajorityVote, metrics} = require('toloka/aggregation');
const {arg} = require('./lib.js');

let project = new toloka.Project({
  public_name: 'Is this headline clickbait?',
  public_description: 'Look at the a news headline and decide if it is clickbait or not.',
});

const text_viewer = tb.TextViewV1(tb.JoinHelperV1(['Headline: ', tb.InputData('headline')]));
const radio_group_field = tb.ButtonRadioGroupFieldV1(
  tb.OutputData('category'),
  [
    tb.GroupFieldOption('clickbait', 'Clickbait'),
    tb.GroupFieldOption('notclickbait', 'Not clickbait'),
  ],
  {validation: tb.RequiredConditionV1({hint: 'you need to select one answer'})},
);
const task_width_plugin = tb.TolokaPluginV1({
  layout: tb.TolokaPluginV1.TolokaPluginLayout({
    kind: 'scroll',
    task_width: 300,
  }),
});
const hot_keys_plugin = tb.HotkeysPluginV1({
  key_1: tb.SetActionV1(tb.OutputData('category'), 'clickbait'),
  key_2: tb.SetActionV1(tb.OutputData('category'), 'notclickbait'),
});
const project_interface = toloka.project.TemplateBuilderViewSpec({
  view: tb.ListViewV1([text_viewer, radio_group_field]),
  plugins: [task_width_plugin, hot_keys_plugin],
});

const input_specification = {headline: toloka.project.StringSpec()};
// The notebook leaves the labels open; naming them tells Toloka (and the emulator's crowd) what to answer.
const output_specification = {category: toloka.project.StringSpec({allowed_values: ['clickbait', 'notclickbait']})};
project.task_spec = toloka.project.task_spec.TaskSpec({
  input_spec: input_specification,
  output_spec: output_specification,
  view_spec: project_interface,
});
project.public_instructions = `<h2>About the task</h2>
In this task you need to classify headlines on 2 categories: Clickbait or Not clickbait.<br>
<h2>What is Clickbait headline?</h2>
Clickbait refers to the practice of writing sensationalized or misleading headlines.`;
project = toloka.createProject(project);

// The notebook downloads two data sets of headlines; here are a few of each kind.
const clickbait = ['You Will Not Believe What This Cat Did', 'Ten Tricks Doctors Hate', 'This One Weird Habit Changes Everything',
  'What Happened Next Will Shock You', 'The Secret Celebrities Do Not Want You To Know'];
const news = ['Senate passes the budget bill', 'Central bank keeps rates unchanged', 'Storm closes airports in the north',
  'City council approves new bus routes', 'Researchers publish a study of river pollution'];
const n = Number(arg('tasks', '60'));
const dataset = Array.from({length: n}, (_, i) => i % 2
  ? {headline: `${clickbait[i % clickbait.length]} (${i})`, category: 'clickbait'}
  : {headline: `${news[i % news.length]} (${i})`, category: 'notclickbait'});
const training_dataset = dataset.slice(0, 10), golden_dataset = dataset.slice(10, 30), main_dataset = dataset.slice(30);

let training = new toloka.Training({
  project_id: project.id,
  private_name: 'clickbait training',
  may_contain_adult_content: false,
  assignment_max_duration_seconds: 60 * 30,
  mix_tasks_in_creation_order: false,
  shuffle_tasks_in_task_suite: false,
  training_tasks_in_task_suite_count: 10,
  task_suites_required_to_pass: 10,
  retry_training_after_days: 10,
  inherited_instructions: true,
});
training = toloka.createTraining(training);

const training_tasks = training_dataset.map((row) => toloka.Task({
  pool_id: training.id,
  input_values: {headline: row.headline},
  known_solutions: [toloka.task.BaseTask.KnownSolution({output_values: {category: row.category}})],
  message_on_unknown_solution: row.category,
}));
let result = toloka.createTasks(training_tasks, {allow_defaults: true});
console.log(`training ${training.id}: ${Object.keys(result.items).length} tasks`);

const {filter, collectors, conditions, actions} = toloka;
let pool = new toloka.Pool({
  project_id: project.id,
  // Give the pool any convenient name. You are the only one who will see it.
  private_name: 'Is this headline clickbait?',
  may_contain_adult_content: false,
  // Set the price per task page.
  reward_per_assignment: 0.01,
  will_expire: new Date(Date.now() + 365 * 86400e3),
  // Overlap. This is the number of Tolokers who will complete the same task.
  defaults: toloka.Pool.Defaults({default_overlap_for_new_task_suites: 3}),
  // Time allowed for completing a task page
  assignment_max_duration_seconds: 120,
  filter: filter.Languages.in('EN').and(        // Python's Languages.in_('EN') & (… | …)
    filter.ClientType.eq('TOLOKA_APP').or(filter.ClientType.eq('BROWSER')),
  ),
});
pool.setTrainingRequirement({training_pool_id: training.id, training_passing_skill_value: 90});
pool.quality_control.add_action({
  collector: collectors.AssignmentSubmitTime({history_size: 5, fast_submit_threshold_seconds: 30}),
  conditions: [conditions.FastSubmittedCount.gte(2)],
  action: actions.RestrictionV2({
    scope: 'POOL',
    duration_unit: 'PERMANENT',
    private_comment: 'bad quality',
  }),
});
pool.quality_control.add_action({
  collector: collectors.GoldenSet({history_size: 10}),
  conditions: [
    conditions.GoldenSetCorrectAnswersRate.lte(90.0),
    conditions.GoldenSetAnswersCount.gte(1),
  ],
  action: actions.RestrictionV2({
    scope: 'POOL',
    duration_unit: 'PERMANENT',
    private_comment: 'bad quality',
  }),
});
pool.setMixerConfig({
  real_tasks_count: 4,
  golden_tasks_count: 1,
});
pool = toloka.createPool(pool);
console.log(`pool ${pool.id}: training requirement ${pool.quality_control.training_requirement.training_pool_id}, ${pool.quality_control.configs.length} rules, mixer ${pool.mixer_config.real_tasks_count}+${pool.mixer_config.golden_tasks_count}`);

const golden_tasks = golden_dataset.map((row) => toloka.task.Task({
  pool_id: pool.id,
  input_values: {headline: row.headline},
  known_solutions: [toloka.task.BaseTask.KnownSolution({output_values: {category: row.category}})],
  infinite_overlap: true,
}));
const tasks = main_dataset.map((row) => toloka.task.Task({
  pool_id: pool.id,
  input_values: {headline: row.headline},
}));
const created_tasks = toloka.createTasks([...golden_tasks, ...tasks], {allow_defaults: true});
console.log(`created ${Object.keys(created_tasks.items).length} tasks (${golden_tasks.length} control)`);

training = toloka.openTraining(training.id);
console.log(`training ${training.status}`);
pool = toloka.openPool(pool.id);
console.log(`pool ${pool.status}`);

toloka.waitPool(pool.id, {interval: Number(arg('every', '500'))}); // the notebook's wait_pool_for_close
console.log('Pool was closed.');

// The notebook's aggregation step: the answers to the real tasks (control tasks carry their
// known answer in GOLDEN:category), aggregated by Dawid-Skene with crowd-kit's names.
const df = toloka.getAssignmentsDf(pool.id, {status: ['APPROVED', 'SUBMITTED']});
const answers = df.filter((row) => row['GOLDEN:category'] === null);
console.log(`answers count: ${answers.length}`);
const columns = {task: 'INPUT:headline', worker: 'ASSIGNMENT:worker_id', label: 'OUTPUT:category'};
const ds = new DawidSkene({n_iter: 20, columns});
const predicted = ds.fitPredict(answers);
predicted.head(5).print();
const mv = new MajorityVote({columns}).fitPredict(answers);
const same = predicted.join(mv.rename({agg_label: 'mv_label'}), 'task').filter((r) => r.agg_label === r.mv_label).length;
const truth = Object.fromEntries(dataset.map((row) => [row.headline, row.category]));
const right = predicted.filter((r) => truth[r.task] === r.agg_label).length;
console.log(`DawidSkene labelled ${predicted.length} headlines in ${ds.loss_history.length} iterations, ` +
  `${right} as labelled; majority vote agrees on ${same}`);

// Toloker quality: accuracy on the control tasks, from the same export.
metrics.goldenSetAccuracy(df).sort('accuracy', {desc: true}).head(5).print();

const out = arg('out');
if (out) {
  predicted.toCSV(out);
  console.log(`wrote ${out}`);
}
