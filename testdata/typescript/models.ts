// A script written with the model classes, as toloka-kit's notebooks are: tsc
// --strict checks it against `tolokash types` (bindings/typescript_test.go).
const tb = require('toloka/template_builder');
const {filter, collectors, conditions, actions} = require('toloka');

const project = new toloka.Project({
  public_name: 'Cat or Dog?',
  public_description: 'Specify the type of animal depicted in a photo.',
  public_instructions: 'Look at the picture.',
});
const imageViewer = tb.ImageViewV1(tb.InputData('image'), {ratio: [1, 1], rotatable: true});
const radio = tb.RadioGroupFieldV1(
  tb.OutputData('result'),
  [tb.GroupFieldOption('cat', 'Cat'), tb.fields.GroupFieldOption('dog', 'Dog')],
  {validation: tb.RequiredConditionV1({hint: 'choose one'})},
);
const hotkeys = tb.HotkeysPluginV1({
  key_1: tb.SetActionV1(tb.OutputData('result'), 'cat'),
  key_2: new tb.SetActionV1(tb.OutputData('result'), 'dog'),
});
project.task_spec = toloka.project.task_spec.TaskSpec({
  input_spec: {image: toloka.project.UrlSpec()},
  output_spec: {result: toloka.project.StringSpec({allowed_values: ['cat', 'dog']})},
  view_spec: toloka.project.TemplateBuilderViewSpec({
    view: tb.ListViewV1([imageViewer, radio]),
    plugins: [tb.TolokaPluginV1('scroll', {task_width: 400}), hotkeys],
  }),
});
const created: Project = toloka.createProject(project);

const pool = new toloka.Pool({
  project_id: created.id,
  private_name: 'Pool 1',
  may_contain_adult_content: false,
  reward_per_assignment: 0.01,
  assignment_max_duration_seconds: 600,
  will_expire: new Date(Date.now() + 365 * 86400e3),
  defaults: toloka.Pool.Defaults({default_overlap_for_new_task_suites: 3}),
});
pool.setMixerConfig({real_tasks_count: 9, golden_tasks_count: 1});
pool.setCaptchaFrequency('MEDIUM');
pool.filter = filter.Languages.in('EN').and(filter.ClientType.eq('BROWSER').or(filter.ClientType.eq('TOLOKA_APP')));
pool.qualityControl?.addAction({
  collector: new collectors.GoldenSet({history_size: 10}),
  conditions: [conditions.GoldenSetCorrectAnswersRate.lt(60), conditions.GoldenSetAnswersCount.gte(3)],
  action: new actions.RestrictionV2({scope: 'PROJECT', duration: 1, duration_unit: 'DAYS', private_comment: 'golden set'}),
});
pool.quality_control?.add_action(collectors.Income(), actions.ApproveAllAssignments(), [conditions.IncomeSumForLast24Hours.gte(20)]);
const created_pool: Pool = toloka.createPool(pool);
const again = toloka.Pool.from(toloka.getPool(created_pool.id!));
const open: boolean = again.isOpen();
const status: tolokash.pool.Pool.Status = 'OPEN';
const checks: boolean[] = [open, status === toloka.Pool.Status.OPEN, filter.Skill('123').gt(70) instanceof filter.FilterCondition];

const tasks = [toloka.Task({pool_id: created_pool.id, input_values: {image: 'https://example.com/1.png'}}),
  new toloka.Task({pool_id: created_pool.id, input_values: {image: 'https://example.com/2.png'},
    known_solutions: [toloka.task.BaseTask.KnownSolution({output_values: {result: 'cat'}})], infinite_overlap: true})];
toloka.createTasks(tasks, {allow_defaults: true});
toloka.createTasks([{pool_id: '1', input_values: {image: 'x'}}]);
const progress = toloka.getAnalytics([toloka.analytics_request.CompletionPercentagePoolAnalytics({subject_id: created_pool.id!})]);
for (const a of toloka.getAssignments({pool_id: created_pool.id, status: 'SUBMITTED'})) {
  const s: string | undefined = a.solutions?.[0]?.output_values?.result;
  checks.push(s === 'cat', progress !== null);
}
const later = toloka.unchecked('NEW_VALUE');
pool.setCaptchaFrequency(later);
