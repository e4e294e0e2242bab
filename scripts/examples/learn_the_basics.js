// toloka-kit's notebook "Learn the basics" (examples/0.getting_started/0.learn_the_basics),
// ported line by line with the model classes: a Template Builder project, a pool with a
// captcha rule, 30 photos to label, a wait, and a majority vote over the answers.
//   tolokash --local scripts/examples/learn_the_basics.js
//   tolokash --env sandbox --profile me scripts/examples/learn_the_basics.js
const tb = require('toloka/template_builder');
const {arg} = require('./lib.js');

console.log(`requester: ${toloka.getRequester().public_name.EN || toloka.getRequester().id}`);

const new_project = new toloka.Project({
  public_name: 'Cat or Dog?',
  public_description: 'Specify the type of animal depicted in a photo.',
});

const input_specification = {image: toloka.project.UrlSpec()};
const output_specification = {result: toloka.project.StringSpec()};

// This component shows images
const image_viewer = tb.ImageViewV1(tb.InputData('image'), {ratio: [1, 1]});

// This component allows to select a label
const radio_group_field = tb.RadioGroupFieldV1(
  tb.OutputData('result'),
  [
    tb.fields.GroupFieldOption('cat', 'Cat'),
    tb.fields.GroupFieldOption('dog', 'Dog'),
  ],
  {validation: tb.RequiredConditionV1()},
);

// Allows to set a width limit when displaying a task
const task_width_plugin = tb.TolokaPluginV1(
  'scroll',
  {task_width: 400},
);

// How Tolokers will see the task
const project_interface = toloka.project.TemplateBuilderViewSpec({
  view: tb.ListViewV1([image_viewer, radio_group_field]),
  plugins: [task_width_plugin],
});

new_project.task_spec = toloka.project.task_spec.TaskSpec({
  input_spec: input_specification,
  output_spec: output_specification,
  view_spec: project_interface,
});
new_project.public_instructions = 'Look at the picture. Determine what is on it: a <b>cat</b> or a <b>dog</b>. Choose the correct option.';
const project = toloka.createProject(new_project);
console.log(`created project ${project.id} with a ${project.task_spec.view_spec.type} view (lock: ${Object.keys(project.task_spec.view_spec.lock).join(', ')})`);

const new_pool = new toloka.Pool({
  project_id: project.id,
  private_name: 'Pool 1', // Only you can see this information
  may_contain_adult_content: false,
  reward_per_assignment: 0.01, // The payment for one task suite in USD
  assignment_max_duration_seconds: 60 * 5, // 5 minutes to complete one task suite
  will_expire: new Date(Date.now() + 365 * 86400e3), // The pool closes after a year
});
new_pool.defaults = toloka.pool.Pool.Defaults({
  default_overlap_for_new_tasks: 3,
  default_overlap_for_new_task_suites: 0,
});
new_pool.setMixerConfig({
  real_tasks_count: 10, // The number of tasks per page
});
new_pool.filter = toloka.filter.Languages.in('EN');

// Turns on captchas, and bans Tolokers by captcha criteria
new_pool.setCaptchaFrequency('MEDIUM');
new_pool.qualityControl.addAction({
  collector: toloka.collectors.Captcha({history_size: 5}),
  conditions: [toloka.conditions.FailRate.gt(20)], // Python's FailRate > 20
  action: toloka.actions.RestrictionV2({
    scope: 'PROJECT',
    duration: 1,
    duration_unit: 'DAYS',
    private_comment: 'Captcha',
  }),
});
const pool = toloka.createPool(new_pool);
console.log(`created pool ${pool.id}: captcha ${pool.quality_control.captcha_frequency}, ${pool.quality_control.configs.length} rule`);

// The notebook downloads a data set of photos; here they are made up, half of them cats.
const dataset = Array.from({length: Number(arg('tasks', '30'))}, (_, i) => ({url: `https://example.com/cats_vs_dogs/${i}.jpg`, label: i % 2 ? 'dog' : 'cat'}));
const tasks = dataset.map((row) => toloka.Task({input_values: {image: row.url}, pool_id: pool.id}));
toloka.createTasks(tasks, {allow_defaults: true});
console.log(`Populated pool with ${tasks.length} tasks`);
toloka.openPool(pool.id);

toloka.waitPool(pool.id, {interval: Number(arg('every', '500'))}); // the notebook's wait_pool_for_close
console.log('Pool was closed.');

// The answers, as a table (the export names accepted assignments APPROVED; without
// automatic acceptance they wait as SUBMITTED)
const answers_df = toloka.getAssignmentsDf(pool.id, {status: ['APPROVED', 'SUBMITTED']})
  .rename({'INPUT:image': 'task', 'OUTPUT:result': 'label', 'ASSIGNMENT:worker_id': 'worker'});
console.log(`answers count: ${answers_df.length}`);

// A majority vote per image (the notebook uses crowd-kit's MajorityVote)
const votes = answers_df.groupBy(['task', 'label']).count().sort(['task', 'count'], {desc: true});
const predicted_answers = votes.dropDuplicates(['task']);
predicted_answers.head(5).print();
const labels = {};
for (const row of predicted_answers.toRecords()) labels[row.label] = (labels[row.label] || 0) + 1;
console.log(`predicted: ${predicted_answers.length} images, ${JSON.stringify(labels)}`);
