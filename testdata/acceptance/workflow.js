// A requester's day on the emulator: a project and a pool, tasks, the pool
// opens, simulated Tolokers submit work, review, the results as a DataFrame,
// a bonus paid once under one operation id, aggregation, close and archive.
//   tolokash --local testdata/acceptance/workflow.js
const {check, done} = require('./check.js');
let project, pool, submitted = [];

check('a project and a pool', () => {
  project = toloka.createProject({public_name: 'Workflow', public_description: 'd',
    task_spec: {input_spec: {text: {type: 'string'}}, output_spec: {label: {type: 'string', allowed_values: ['pos', 'neg']}},
                view_spec: {type: 'classic', markup: '{{text}}', script: '', styles: ''}}});
  // auto_accept_solutions defaults to true on Toloka: work would be accepted as it is
  // submitted, leaving none SUBMITTED for the review checks below.
  pool = toloka.createPool({project_id: project.id, private_name: 'day', may_contain_adult_content: false,
    auto_accept_solutions: false,
    will_expire: '2030-01-01T00:00:00', reward_per_assignment: 0.01, assignment_max_duration_seconds: 300,
    defaults: {default_overlap_for_new_task_suites: 3, default_overlap_for_new_tasks: 3}});
  return pool.id !== undefined;
});
check('createTasks with open_pool opens the pool', () => {
  const tasks = [];
  for (let i = 0; i < 20; i++) tasks.push({pool_id: pool.id, input_values: {text: 'review number ' + i}});
  toloka.createTasks(tasks, {allow_defaults: true, open_pool: true});
  return toloka.getPool(pool.id).status === 'OPEN';
});
check('simulated Tolokers submit work', () => {
  for (let i = 0; i < 120 && submitted.length < 5; i++) {
    submitted = toloka.getAssignments({pool_id: pool.id, status: 'SUBMITTED'}).toArray();
    if (submitted.length < 5) sleep(500);
  }
  return submitted.length >= 5;
});
check('acceptAssignment and rejectAssignment', () =>
  toloka.acceptAssignment(submitted[0].id, 'Good').status === 'ACCEPTED' &&
  toloka.rejectAssignment(submitted[1].id, 'Wrong').status === 'REJECTED');
check('getAssignmentsDf has the export columns', () => {
  const df = toloka.getAssignmentsDf(pool.id, {status: ['APPROVED', 'SUBMITTED', 'REJECTED']});
  return ['INPUT:text', 'OUTPUT:label', 'ASSIGNMENT:worker_id', 'ASSIGNMENT:status'].every(c => df.columns.includes(c)) &&
    df.length >= 5;
});
check('a bonus sent twice under one operation_id is paid once', () => {
  const opId = '5e6b7c1a-0000-4000-8000-' + String(Date.now()).slice(-12).padStart(12, '0');
  const bonus = {user_id: submitted[0].user_id, amount: 0.5, public_title: {EN: 'Thanks'}, public_message: {EN: 'Great'},
                 assignment_id: submitted[0].id};
  const first = toloka.createUserBonusesAsync([bonus], {operation_id: opId}).wait();
  const again = toloka.createUserBonusesAsync([bonus], {operation_id: opId}).wait(); // the same operation, not a second one
  return first.id === opId && again.id === opId && again.status === 'SUCCESS' &&
    toloka.getUserBonuses({user_id: submitted[0].user_id}).toArray().length === 1;
});
check('aggregateSolutionsByPool', () => {
  const op = toloka.aggregateSolutionsByPool({type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: pool.id,
    answer_weight_skill_id: toloka.createSkill({name: 'wf-skill'}).id, fields: [{name: 'label'}]}).wait();
  return toloka.getAggregatedSolutions(op.id).toArray().length >= 1;
});
check('closePool and archivePool', () =>
  toloka.closePool(pool.id).status === 'CLOSED' && toloka.archivePool(pool.id).status === 'ARCHIVED');
done();
