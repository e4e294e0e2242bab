// toloka-kit's notebook "Image classification" (examples/1.computer_vision/image_classification),
// ported line by line with the model classes: cat, dog or other? Four quality rules (earnings,
// skips, majority vote, control tasks), a mixer with one control task per page, then the
// answers aggregated by Toloka's Dawid-Skene.
//   tolokash --local --pace 200 --workers 30 --accuracy 0.9 scripts/examples/image_classification.js
const tb = require('toloka/template_builder');
const {arg} = require('./lib.js');

let project = toloka.Project({
  public_name: 'Is it a cat or a dog?',
  public_description: 'Look at the picture and decide whether there is a cat or a dog.',
});

const image_viewer = tb.ImageViewV1(tb.InputData('image'), {ratio: [1, 1], rotatable: true});
const radio_group_field = tb.ButtonRadioGroupFieldV1(
  tb.OutputData('result'),
  [
    tb.GroupFieldOption('cat', 'Cat'),
    tb.GroupFieldOption('dog', 'Dog'),
    tb.GroupFieldOption('other', 'Other'),
  ],
  {validation: tb.RequiredConditionV1({hint: 'choose one of the options'})},
);
const task_width_plugin = tb.TolokaPluginV1({
  kind: 'scroll',
  task_width: 500,
});
const hot_keys_plugin = tb.HotkeysPluginV1({
  key_1: tb.SetActionV1(tb.OutputData('result'), 'cat'),
  key_2: tb.SetActionV1(tb.OutputData('result'), 'dog'),
  key_3: tb.SetActionV1(tb.OutputData('result'), 'other'),
});
const project_interface = toloka.project.TemplateBuilderViewSpec({
  view: tb.ListViewV1([image_viewer, radio_group_field]),
  plugins: [task_width_plugin, hot_keys_plugin],
});

const input_specification = {image: toloka.project.UrlSpec()};
// The notebook leaves the labels open; naming them tells Toloka (and the emulator's crowd) what to answer.
const output_specification = {result: toloka.project.StringSpec({allowed_values: ['cat', 'dog', 'other']})};
project.task_spec = toloka.project.task_spec.TaskSpec({
  input_spec: input_specification,
  output_spec: output_specification,
  view_spec: project_interface,
});
project.public_instructions = `<p>Decide what category the image belongs to.</p>
<p>Select "<b>Cat</b>" if the picture contains one or more cats.</p>
<p>Select "<b>Dog</b>" if the picture contains one or more dogs.</p>
<p>Select "<b>Other</b>" if the picture contains both or neither.</p>`;
project = toloka.createProject(project);

let pool = toloka.Pool({
  project_id: project.id,
  // Give the pool any convenient name. You are the only one who will see it.
  private_name: 'Pool 1',
  may_contain_adult_content: false,
  // Set the price per task page.
  reward_per_assignment: 0.01,
  will_expire: new Date(Date.now() + 365 * 86400e3),
  // Overlap. This is the number of Tolokers who will complete the same task.
  defaults: toloka.Pool.Defaults({default_overlap_for_new_task_suites: 3}),
  // Time allowed for completing a task page
  assignment_max_duration_seconds: 600,
});
pool.filter = toloka.filter.Languages.in('EN');

pool.quality_control.add_action({
  collector: toloka.collectors.Income(),
  conditions: [toloka.conditions.IncomeSumForLast24Hours.gte(20)],
  action: toloka.actions.RestrictionV2({
    scope: 'PROJECT',
    duration: 1,
    duration_unit: 'DAYS',
    private_comment: 'No need more answers from this Toloker',
  }),
});
pool.quality_control.add_action({
  collector: toloka.collectors.SkippedInRowAssignments(),
  conditions: [toloka.conditions.SkippedInRowCount.gte(10)],
  action: toloka.actions.RestrictionV2({
    scope: 'PROJECT',
    duration: 1,
    duration_unit: 'DAYS',
    private_comment: 'Lazy Toloker',
  }),
});
pool.quality_control.add_action({
  collector: toloka.collectors.MajorityVote({answer_threshold: 2, history_size: 10}),
  conditions: [
    toloka.conditions.TotalAnswersCount.gte(4),
    toloka.conditions.CorrectAnswersRate.lt(75),
  ],
  action: toloka.actions.RestrictionV2({
    scope: 'PROJECT',
    duration: 10,
    duration_unit: 'DAYS',
    private_comment: 'Too low quality',
  }),
});
pool.quality_control.add_action({
  collector: toloka.collectors.GoldenSet(),
  conditions: [
    toloka.conditions.GoldenSetCorrectAnswersRate.lt(60.0),
    toloka.conditions.GoldenSetAnswersCount.gte(3),
  ],
  action: toloka.actions.RestrictionV2({
    scope: 'PROJECT',
    duration: 10,
    duration_unit: 'DAYS',
    private_comment: 'Golden set',
  }),
});
pool.set_mixer_config({
  real_tasks_count: 9,
  golden_tasks_count: 1,
});
pool = toloka.createPool(pool);
console.log(`pool ${pool.id}: ${pool.quality_control.configs.length} quality rules, mixer ${pool.mixer_config.real_tasks_count}+${pool.mixer_config.golden_tasks_count}`);

// The notebook downloads a data set of photos; here they are made up.
const labels = ['cat', 'dog', 'other'];
const dataset = Array.from({length: Number(arg('tasks', '105'))}, (_, i) => ({url: `https://example.com/pets/${i}.jpg`, label: labels[i % 3]}));
const golden_dataset = dataset.slice(0, 15), task_dataset = dataset.slice(15);

const golden_tasks = golden_dataset.map((row) => toloka.Task({
  pool_id: pool.id,
  input_values: {image: row.url},
  known_solutions: [toloka.task.BaseTask.KnownSolution({output_values: {result: row.label}})],
  infinite_overlap: true,
}));
const tasks = task_dataset.map((row) => toloka.Task({
  pool_id: pool.id,
  input_values: {image: row.url},
}));
const created_tasks = toloka.createTasks([...golden_tasks, ...tasks], {allow_defaults: true});
console.log(`created ${Object.keys(created_tasks.items).length} tasks (${golden_tasks.length} control)`);

pool = toloka.openPool(pool.id);
console.log(`pool ${pool.status}`);
toloka.waitPool(pool.id, {interval: Number(arg('every', '500'))}); // the notebook's wait_pool_for_close
console.log('Pool was closed.');
// The rules' effects: the Tolokers they banned, by the comment of the rule.
const banned = {};
for (const r of toloka.getUserRestrictions({project_id: project.id})) banned[r.private_comment] = (banned[r.private_comment] || 0) + 1;
console.log(`restricted by the rules: ${JSON.stringify(banned)}`);

const answers_df = toloka.getAssignmentsDf(pool.id, {status: ['APPROVED', 'SUBMITTED']})
  .rename({'INPUT:image': 'task', 'OUTPUT:result': 'label', 'ASSIGNMENT:worker_id': 'worker'});
console.log(`answers count: ${answers_df.length}`);

// Aggregation: the notebook runs crowd-kit's DawidSkene; Toloka runs it on the server.
const op = toloka.aggregateSolutionsByPool({type: 'DAWID_SKENE', pool_id: pool.id, fields: [{name: 'result'}]}).wait({timeout: '10m'});
const predicted = {};
for (const s of toloka.getAggregatedSolutions(op.id)) predicted[s.output_values.result] = (predicted[s.output_values.result] || 0) + 1;
console.log(`predicted answers: ${JSON.stringify(predicted)}`);
