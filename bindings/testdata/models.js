// The model classes as a script uses them against the emulator: every
// misspelling of issue #17 is a TypeError with a suggestion, objects go through
// the toloka methods, and a read → change → update round trip keeps every field.
// Each check logs "ok <name>"; the Go test wants them all.
function ok(name, cond) { if (!cond) throw new Error('failed: ' + name); log('ok ' + name); }
function throws(name, fn, ...patterns) {
  try { fn(); } catch (e) {
    const bad = patterns.filter((p) => !p.test(e.message));
    if (!(e instanceof TypeError) || bad.length) throw new Error('failed: ' + name + ': ' + e.constructor.name + ': ' + e.message + ' lacks ' + bad.join(', '));
    log('ok ' + name);
    return;
  }
  throw new Error('failed: ' + name + ': no error');
}

const tb = require('toloka/template_builder');
const {filter, collectors, conditions, actions, Pool, Project, unchecked} = require('toloka');
ok('one set of classes', toloka.Pool === Pool && toloka.filter === filter && tb === toloka.project.template_builder);

// The misspellings a new user made, each caught on its own line.
throws('GOLDENSET as a class', () => collectors.GOLDENSET({history_size: 10}), /collectors\.GOLDENSET/, /did you mean GoldenSet\?/);
throws('GOLDENSET as a type', () => new toloka.quality_control.QualityControl({configs: [{collector_config: {type: 'GOLDENSET'}, rules: []}]}),
  /collector_config/, /"GOLDENSET"/, /did you mean GOLDEN_SET\?/);
throws('key failrate', () => conditions.Failrate.gt(20), /did you mean FailRate\?/);
throws('key failrate in a rule', () => toloka.quality_control.QualityControl.QualityControlConfig.RuleConfig({conditions: [{key: 'failrate', operator: 'GT', value: 20}]}),
  /conditions\[0\]/, /did you mean fail_rate\?/);
throws("operator '>'", () => conditions.FailRate('>', 20), /conditions\.FailRate\.operator/, /did you mean GT\?/);
throws('real_task_count', () => new Pool().setMixerConfig({real_task_count: 9}), /Pool\.set_mixer_config/, /did you mean real_tasks_count\?/);
throws("key 'language'", () => new Pool({filter: {category: 'profile', key: 'language', operator: 'IN', value: 'EN'}}), /Pool\.filter/, /did you mean languages\?/);
throws('Language class', () => filter.Language.in('EN'), /did you mean Languages\?/);
throws('MEDIUMISH', () => new Pool().setCaptchaFrequency('MEDIUMISH'), /set_captcha_frequency/, /LOW, MEDIUM, HIGH/, /did you mean MEDIUM\?/);
throws('config 42', () => toloka.project.TemplateBuilderViewSpec({config: 42}), /TemplateBuilderViewSpec\.config/, /tb\.TemplateBuilder/, /a number 42/);
throws('config an unknown object', () => toloka.project.TemplateBuilderViewSpec({config: {vew: tb.TextViewV1('x')}}), /did you mean view\?/);
throws('config a string', () => new Project({task_spec: {view_spec: {type: 'tb', config: '{}'}}}), /config/, /a string/);
throws('wire name', () => tb.ImageViewV1(tb.InputData('x'), {fullHeight: 'yes'}), /tb\.ImageViewV1\.full_height/, /boolean/);
throws('unknown option', () => tb.ImageViewV1(tb.InputData('x'), {fullheight: true}), /did you mean full_height\?/);
throws('wrong type', () => tb.ImageViewV1(tb.InputData('x'), {ratio: '1:1'}), /ratio/, /a list of Template Builder components or numbers/);
throws('not a component', () => tb.ListViewV1([tb.TextViewV1('a'), 'b']), /items\[1\]/);
throws('too many arguments', () => tb.GroupFieldOption('a', 'b', 'c'), /at most 2 positional arguments \(value, label\)/);
throws('abstract', () => new filter.Condition(), /abstract/);
throws('incompatible condition', () => new Pool().qualityControl.addAction({collector: collectors.Captcha(), conditions: [conditions.GoldenSetCorrectAnswersRate.lt(60)], action: actions.ApproveAllAssignments()}),
  /GoldenSetCorrectAnswersRate does not go with collectors\.Captcha/, /FailRate/);
throws('add_action option', () => new Pool().qualityControl.addAction({colector: collectors.GoldenSet()}), /did you mean collector\?/);
throws('a member set later', () => { const p = new Pool(); p.mixer_confg = {}; JSON.stringify(p); }, /unknown member "mixer_confg"; did you mean mixer_config\?/);
throws('a value set later', () => { const p = new Pool(); p.priority = 'high'; JSON.stringify(p); }, /Pool\.priority: expected an integer/);
throws('camelCase setter checks', () => { new Pool().mixerConfig = {real_tasks: 1}; }, /did you mean real_tasks_count\?/);
throws('two versions of a component', () => JSON.stringify(toloka.project.TemplateBuilderViewSpec({view: tb.ListViewV1([tb.TextViewV1('a'), tb.TextViewV1('b', {version: '1.1.0'})])})),
  /two versions of view\.text/);
throws('filter of a method', () => toloka.findPools({status: 'opn'}), /status/, /did you mean OPEN\?/);

// The escape hatch: values and keys the description does not know, on purpose.
ok('unchecked enum', JSON.stringify(new Pool().setCaptchaFrequency(unchecked('SOMETIMES')).quality_control) === '{"captcha_frequency":"SOMETIMES","configs":[]}');
ok('unchecked options', JSON.stringify(tb.ImageViewV1(tb.InputData('x'), unchecked({ratio: '1:1', newKey: 5})))
  === '{"newKey":5,"url":{"path":"x","type":"data.input"},"ratio":"1:1","version":"1.0.0","type":"view.image"}');
const later = new Pool({private_name: 'x'});
later.brand_new = unchecked(true);
ok('unchecked member', JSON.parse(JSON.stringify(later)).brand_new === true);

// Classes, instances and names.
const view = new tb.ImageViewV1(new tb.InputData('image'), {ratio: [1, 1]});
ok('new is optional', tb.ImageViewV1(tb.InputData('image'), {ratio: [1, 1]}).ratio.length === 2 && view instanceof tb.ImageViewV1);
ok('class hierarchy', view instanceof tb.BaseComponent && view instanceof tb.view.BaseViewV1 && filter.Skill('1').gt(2) instanceof filter.FilterCondition);
ok('enums', tb.AlertViewV1.Theme.DANGER === 'danger' && filter.Education.HIGH === 'HIGH' && Pool.Status.OPEN === 'OPEN');
ok('snake and camel methods', typeof Pool.prototype.set_mixer_config === 'function' && Pool.prototype.setMixerConfig === Pool.prototype.set_mixer_config);
const p0 = new Pool({status: 'OPEN'});
ok('is_open', p0.isOpen() && p0.is_open() && !p0.isClosed());
ok('camel accessors', p0.qualityControl === p0.quality_control && new Project().taskSpec === undefined);
ok('help text', /new tb\.ImageViewV1\(url\?, \{options\}\?\)/.test(tb.ImageViewV1.help()) && /full_height .*sent as fullHeight/.test(tb.ImageViewV1.help()));
ok('namespace help', /GoldenSetCorrectAnswersRate/.test(conditions.help()));

// Through the API: a project with a view, a pool with rules, tasks; read back.
const project = toloka.createProject(new Project({
  public_name: 'models', public_description: 'classes',
  task_spec: toloka.project.task_spec.TaskSpec({
    input_spec: {image: toloka.project.UrlSpec()},
    output_spec: {result: toloka.project.StringSpec({allowed_values: ['cat', 'dog']})},
    view_spec: toloka.project.TemplateBuilderViewSpec({view: tb.ListViewV1([view, tb.RadioGroupFieldV1(tb.OutputData('result'), [tb.GroupFieldOption('cat', 'Cat'), tb.GroupFieldOption('dog', 'Dog')])])}),
  }),
}));
ok('created with classes', project.task_spec.view_spec.type === 'tb' && typeof project.task_spec.view_spec.config === 'string' && project.task_spec.view_spec.lock.core === '1.0.0');
const read = Project.from(toloka.getProject(project.id));
ok('from: classes again', read instanceof Project && read.task_spec.view_spec instanceof toloka.project.TemplateBuilderViewSpec &&
  read.task_spec.view_spec.config.view.items[0] instanceof tb.ImageViewV1 && read.task_spec.input_spec.image instanceof toloka.project.UrlSpec);
const sorted = (o) => JSON.stringify(o, Object.keys(o).sort());
const again = read.task_spec.view_spec.toJSON();
ok('from: the same JSON', again.config === project.task_spec.view_spec.config && sorted(again.lock) === sorted(project.task_spec.view_spec.lock));
read.public_description = 'changed';
const updated = toloka.updateProject(project.id, read);
ok('round trip', updated.public_description === 'changed' && updated.task_spec.view_spec.config === project.task_spec.view_spec.config);

const pool = new Pool({project_id: project.id, private_name: 'models', may_contain_adult_content: false, reward_per_assignment: 0.01,
  assignment_max_duration_seconds: 60, will_expire: new Date(Date.now() + 86400e3)});
pool.setMixerConfig({real_tasks_count: 2, golden_tasks_count: 1});
pool.filter = filter.Languages.in('EN').and(filter.ClientType.eq('BROWSER'));
pool.qualityControl.addAction({collector: collectors.GoldenSet({history_size: 5}), conditions: [conditions.GoldenSetCorrectAnswersRate.lt(50)],
  action: actions.RestrictionV2({scope: 'PROJECT', duration: 1, duration_unit: 'DAYS'})});
const created = toloka.createPool(pool);
const back = Pool.from(created);
ok('pool read back', back.quality_control.configs[0].collector_config instanceof collectors.GoldenSet &&
  back.quality_control.configs[0].rules[0].conditions[0] instanceof conditions.GoldenSetCorrectAnswersRate &&
  back.mixer_config instanceof toloka.pool.MixerConfig && back.filter instanceof filter.FilterAnd);
function same(a, b) {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
  return ka.join() === kb.join() && ka.every((k) => same(a[k], b[k]));
}
ok('pool JSON kept', same(JSON.parse(JSON.stringify(back)), JSON.parse(JSON.stringify(created))));
const tasks = toloka.createTasks([new toloka.Task({pool_id: created.id, input_values: {image: 'https://example.com/1.png'}}),
  toloka.Task({pool_id: created.id, input_values: {image: 'https://example.com/2.png'}, known_solutions: [toloka.task.BaseTask.KnownSolution({output_values: {result: 'cat'}})], infinite_overlap: true})],
  {allow_defaults: true});
ok('tasks as classes', Object.keys(tasks.items).length === 2);

// Members the description does not know survive a round trip.
const odd = Pool.from({id: '7', private_name: 'x', new_setting: {a: 1}, quality_control: {configs: [{collector_config: {type: 'NEW_COLLECTOR', parameters: {z: 1}}, rules: []}], extra: 2}});
const written = JSON.parse(JSON.stringify(odd));
ok('unknown members kept', written.new_setting.a === 1 && written.quality_control.extra === 2 && written.quality_control.configs[0].collector_config.type === 'NEW_COLLECTOR');

// The enum-valued filters of the toloka methods.
throws('status submitted', () => toloka.getAssignments({pool_id: created.id, status: 'submitted'}).first(), /toloka\.getAssignments: argument status/, /did you mean SUBMITTED\?/);
throws('a list of statuses', () => toloka.findAssignments({pool_id: created.id, status: ['SUBMITTED', 'ACEPTED']}), /"ACEPTED"; did you mean ACCEPTED\?/);
ok('statuses as they are', toloka.findAssignments({pool_id: created.id, status: ['SUBMITTED', 'ACCEPTED']}).items.length === 0);
// unchecked() sends the value as it is: the client lets it through, and the
// server (Toloka, and the emulator as Toloka does) answers with its own error.
ok('an unchecked status', (() => {
  try { toloka.findPools({status: unchecked('PAUSED')}); } catch (e) {
    return e instanceof ValidationError && /status=PAUSED/.test(e.message);
  }
  return false;
})());
