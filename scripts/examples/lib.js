// Small helpers the examples share: require('./lib.js').

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

module.exports = {arg, imageProject, pool};
