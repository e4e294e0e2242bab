// Small helpers the examples share: require('./lib.js').

// waitFor polls check() every `every` ms until it returns something truthy, or
// throws after `timeoutMs`; onTick (optional) reports progress.
function waitFor(what, check, {timeoutMs = 600000, every = 200, onTick} = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (onTick) onTick();
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    sleep(every);
  }
}

// arg reads --name value from the script's arguments.
function arg(name, fallback) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--' + name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

// A project for image classification with a Template Builder view.
function imageProject(name, labels) {
  const config = {
    view: {type: 'view.list', items: [
      {type: 'view.image', url: {type: 'data.input', path: 'image'}},
      {type: 'field.radio-group', data: {type: 'data.output', path: 'label'},
       options: labels.map(l => ({label: l, value: l})), validation: {type: 'condition.required'}},
    ]},
    plugins: [{type: 'plugin.toloka', layout: {kind: 'scroll', taskWidth: 400}}],
  };
  return toloka.createProject({
    public_name: name, public_description: 'Choose what the image shows',
    public_instructions: 'Look at the picture and pick one label.',
    task_spec: {
      input_spec: {image: {type: 'url'}},
      output_spec: {label: {type: 'string', allowed_values: labels}},
      view_spec: {type: 'tb', config: JSON.stringify(config),
                  lock: {core: '1.0.0', 'view.list': '1.0.0', 'view.image': '1.0.0', 'field.radio-group': '1.0.0', 'plugin.toloka': '1.0.0'}},
    },
  });
}

function pool(projectId, name, extra = {}) {
  return toloka.createPool(Object.assign({
    project_id: projectId, private_name: name, may_contain_adult_content: false,
    will_expire: '2030-01-01T00:00:00', reward_per_assignment: 0.02, assignment_max_duration_seconds: 600,
    defaults: {default_overlap_for_new_tasks: 1, default_overlap_for_new_task_suites: 1}, auto_accept_solutions: false,
  }, extra));
}

// waitPoolForClose is the example notebooks' wait_pool_for_close: it prints the
// pool's completion (toloka's analytics) until the pool closes. Toloka closes a
// pool when its real tasks are done, golden tasks of infinite overlap aside; a
// pool still open at 100 % two checks in a row is closed here, as it would be.
function waitPoolForClose(poolId, {every = 1000, timeoutMs = 600000} = {}) {
  let done = 0;
  waitFor(`pool ${poolId} to close`, () => {
    const pool = toloka.getPool(poolId);
    if (pool.status === 'CLOSED') return true;
    const op = toloka.waitOperation(toloka.getAnalytics([toloka.analytics_request.CompletionPercentagePoolAnalytics({subject_id: poolId})]));
    const percentage = op.details.value[0].result.value;
    console.log(`   ${new Date().toISOString().slice(11, 19)}\tPool ${poolId} - ${percentage}%`);
    done = percentage >= 100 ? done + 1 : 0;
    if (done >= 2) toloka.closePool(poolId);
    return false;
  }, {every, timeoutMs});
  console.log('Pool was closed.');
}

module.exports = {waitFor, arg, imageProject, pool, waitPoolForClose};
