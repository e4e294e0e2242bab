// Bad input from scripts: each call either works or throws a clear error (a
// TypeError or TolokaError naming the method and the argument or field) —
// never a hang, a Go panic or a crash. Each check logs "ok <name>: <message>".
function expectError(name, f, re) {
  let err;
  try { f(); } catch (e) { err = e; }
  if (!err) throw new Error('failed: ' + name + ': no error');
  if (!re.test(String(err.message))) throw new Error('failed: ' + name + ': unclear error: ' + err.name + ': ' + err.message);
  log('ok ' + name + ': ' + err.name + ': ' + String(err.message).slice(0, 200));
}
function expectWorks(name, f, check) {
  const v = f();
  if (check && !check(v)) throw new Error('failed: ' + name + ': wrong result');
  log('ok ' + name + ': works');
  return v;
}

function worksOrError(name, f, re) {
  try { f(); log('ok ' + name + ': works'); } catch (e) {
    if (!re.test(String(e.message))) throw new Error('failed: ' + name + ': unclear error: ' + e.name + ': ' + e.message);
    log('ok ' + name + ': ' + e.name + ': ' + String(e.message).slice(0, 200));
  }
}

const p = toloka.createProject({public_name: 'bad input', task_spec: {input_spec: {s: {type: 'string'}, j: {type: 'json', required: false}}, output_spec: {o: {type: 'string'}}}});
const pool = toloka.createPool({project_id: p.id, private_name: 'x', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
  reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}});

// Typos and missing methods.
// (The runtime adds "did you mean getPool?" where the error is shown; see runtime's tests.)
expectError('typo getPoool', () => toloka.getPoool(pool.id), /getPoool/);
expectError('snake typo', () => toloka.get_pooll(pool.id), /get_pooll/);
if (typeof toloka.getPoool !== 'undefined') throw new Error('failed: typeof a missing method: ' + typeof toloka.getPoool);
// Missing and wrong ids.
expectError('missing id', () => toloka.getPool(), /getPool.*pool_id/);
expectError('object as id', () => toloka.getPool({id: 1}), /getPool.*pool_id/);
expectError('function as id', () => toloka.getPool(() => 1), /getPool.*pool_id/);
expectError('symbol as id', () => toloka.getPool(Symbol('1')), /getPool.*pool_id.*symbol/);
expectError('unknown id', () => toloka.getPool('999999999'), /does not exist|DOES_NOT_EXIST/i);
expectError('too many arguments', () => toloka.getPool('1', {}, {}, {}), /getPool.*at most/);
// Wrong types.
expectError('string for a list', () => toloka.createTasks('tasks'), /createTasks/);
expectError('number for an object', () => toloka.createProject(42), /createProject/);
expectError('array of numbers', () => toloka.createTasks([1, 2, 3]), /createTasks/);
worksOrError('bad option type', () => toloka.getTasks({pool_id: pool.id, batch_size: 'many'}).toArray(), /batch_size|getTasks|limit/);
try { toloka.createTasks([{input_values: {s: 'x'}}]); throw new Error('failed: missing field: no error'); } catch (e) {
  // The message names the method and the item; the payload names the field.
  if (!(e instanceof ValidationError) || !/create_tasks/.test(e.message) || !JSON.stringify(e.payload).includes('pool_id'))
    throw new Error('failed: missing field: unclear error: ' + e.name + ': ' + e.message + ' ' + JSON.stringify(e.payload));
  log('ok missing field: ' + e.name + ': ' + e.message + ' ' + JSON.stringify(e.payload).slice(0, 200));
}
expectError('symbol', () => toloka.getPool(Symbol('x')), /getPool|get_pool/); // (a Symbol is sent as its description)
worksOrError('BigInt', () => toloka.createTasks([{pool_id: pool.id, input_values: {s: 10n}}]), /createTasks|BigInt/);
const cyclic = {pool_id: pool.id, input_values: {s: 'x'}}; cyclic.self = cyclic;
expectError('cyclic object', () => toloka.createTask(cyclic), /createTask|cycl|circular/i);

// Huge inputs.
const big = 'x'.repeat(10 * 1024 * 1024);
expectWorks('10 MB string input', () => toloka.createTask({pool_id: pool.id, input_values: {s: big}}, {allow_defaults: true}),
  t => t.input_values.s.length === big.length);
const long = Array.from({length: 200000}, (_, i) => i);
expectWorks('200k-element array input', () => toloka.createTask({pool_id: pool.id, input_values: {s: 'a', j: long}}, {allow_defaults: true}),
  t => t.input_values.j.length === 200000 && t.input_values.j[199999] === 199999);
let deep = {};
for (let i = 0; i < 10000; i++) deep = {d: deep};
try {
  const t = toloka.createTask({pool_id: pool.id, input_values: {s: 'a', j: deep}}, {allow_defaults: true});
  log('ok 10k-deep object: works (' + typeof t.id + ')');
} catch (e) {
  if (!/createTask|deep|nest|depth/i.test(e.message)) throw new Error('failed: 10k-deep object: unclear error: ' + e.message);
  log('ok 10k-deep object: ' + e.name + ': ' + e.message.slice(0, 200));
}
const many = Array.from({length: 200000}, (_, i) => ({pool_id: pool.id, input_values: {s: 'n' + i}}));
expectWorks('200k tasks in one call', () => toloka.createTasks(many, {allow_defaults: true}),
  r => Object.keys(r.items).length === 200000);
