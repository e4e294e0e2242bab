// The toloka global as the README describes it: both spellings of every
// method, ids positional and keyword arguments as one object, the server's
// JSON as results, lazy iterators, operations, TolokaError and TypeError, help.
//   tolokash --local testdata/acceptance/bindings.js
const {check, done} = require('./check.js');

const spec = {
  input_spec: {image: {type: 'url'}},
  output_spec: {result: {type: 'string', allowed_values: ['cat', 'dog']}},
  view_spec: {type: 'classic', markup: '<img src="{{image}}">', script: '', styles: ''},
};
let project, pool, created;

check('camelCase and toloka-kit names are the same function', () =>
  toloka.getPool === toloka.get_pool && typeof toloka.createTasksAsync === 'function' &&
  toloka.createTasksAsync === toloka.create_tasks_async);
check('getRequester answers the server JSON', () => {
  const r = toloka.getRequester();
  return typeof r.id === 'string' && typeof r.balance === 'number';
});
check('createProject takes a plain object and keeps snake_case keys', () => {
  project = toloka.createProject({public_name: 'Cats', public_description: 'Cats or dogs', task_spec: spec});
  return typeof project.id === 'string' && project.task_spec.output_spec.result.allowed_values.length === 2;
});
check('createPool answers a CLOSED pool', () => {
  pool = toloka.createPool({
    project_id: project.id, private_name: 'acceptance', may_contain_adult_content: false,
    will_expire: '2030-01-01T00:00:00', reward_per_assignment: 0.02, assignment_max_duration_seconds: 600,
    defaults: {default_overlap_for_new_task_suites: 1, default_overlap_for_new_tasks: 1},
  });
  return pool.status === 'CLOSED';
});
check('createTasks answers items and validation_errors keyed by input index', () => {
  const tasks = [];
  for (let i = 0; i < 25; i++) tasks.push({pool_id: pool.id, input_values: {image: 'https://example.com/' + i + '.jpg'}});
  tasks.push({pool_id: pool.id, input_values: {no_such_field: 1}});
  created = toloka.createTasks(tasks, {allow_defaults: true, skip_invalid_items: true});
  return Object.keys(created.items).length === 25 && Object.keys(created.validation_errors).length === 1 &&
    created.validation_errors['25'] !== undefined;
});
check('a list is a lazy iterator: for…of with break, map, take, count, first, filter', () => {
  let n = 0;
  for (const t of toloka.getTasks({pool_id: pool.id, batch_size: 4})) { n++; if (n === 6) break; }
  const ids = toloka.getTasks({pool_id: pool.id, batch_size: 7}).map(t => t.id).toArray();
  const sorted = ids.slice().sort();
  return n === 6 && ids.length === 25 && new Set(ids).size === 25 && ids.every((id, i) => id === sorted[i]) &&
    toloka.getTasks({pool_id: pool.id}).take(3).toArray().length === 3 &&
    toloka.getTasks({pool_id: pool.id}).count() === 25 &&
    typeof toloka.getTasks({pool_id: pool.id}).first().id === 'string' &&
    toloka.getTasks({pool_id: pool.id}).filter(t => t.id === ids[0]).toArray().length === 1;
});
check('a find method answers one page with has_more', () => {
  const page = toloka.findTasks({pool_id: pool.id, sort: ['-id'], limit: 10});
  return page.items.length === 10 && page.has_more === true && page.items[0].id > page.items[9].id;
});
check('an *Async method answers an Operation to wait on', () => {
  const finished = toloka.openPoolAsync(pool.id).wait({timeout: '60s'});
  return finished.status === 'SUCCESS' && toloka.getPool(pool.id).status === 'OPEN';
});
check('a sync method waits for its operation and answers the object', () => toloka.closePool(pool.id).status === 'CLOSED');
check('an API error is a TolokaError with code and status', () => {
  try {
    toloka.getPool('no-such-pool');
  } catch (e) {
    return e instanceof TolokaError && e instanceof Error && e.code === 'DOES_NOT_EXIST' && e.status === 404;
  }
  return false;
});
check('a missing or mistyped argument is a TypeError naming the method', () => {
  let missing = false, mistyped = false;
  try { toloka.getPool(); } catch (e) { missing = e instanceof TypeError && /getPool|get_pool/.test(e.message); }
  try { toloka.createTasks('not a list'); } catch (e) { mistyped = e instanceof TypeError && /createTasks|create_tasks/.test(e.message); }
  return missing && mistyped;
});
check('help() names the route', () => /\/api\/v1\/pools/.test(String(toloka.getPool.help())));
done();
