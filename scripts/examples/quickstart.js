// Quickstart: a project, a pool, 50 tasks; open it, wait for the work, accept it all.
//   tolokash --local scripts/examples/quickstart.js
//   tolokash --env sandbox --profile me scripts/examples/quickstart.js
const {imageProject, pool} = require('./lib.js');

const me = toloka.getRequester();
console.log(`balance before: ${me.balance}`);
const project = imageProject('Cats or dogs (quickstart)', ['cat', 'dog']);
const p = pool(project.id, 'quickstart');
const tasks = [];
for (let i = 0; i < 50; i++) tasks.push({pool_id: p.id, input_values: {image: `https://example.com/pets/${i}.jpg`}});
const created = toloka.createTasks(tasks, {allow_defaults: true});
console.log(`created ${Object.keys(created.items).length} tasks in pool ${p.id}`);
toloka.openPool(p.id);

toloka.waitPool(p.id, {interval: 300}); // a progress bar on a terminal
// Accept the work, at most the client's limit of requests at a time.
const submitted = toloka.getAssignments({pool_id: p.id, status: 'SUBMITTED'}).toArray();
await toloka.parallel(submitted, a => toloka.async.acceptAssignment(a.id, 'Well done'));
const accepted = submitted.length;
const labels = {};
for (const a of toloka.getAssignments({pool_id: p.id, status: 'ACCEPTED'})) {
  for (const s of a.solutions) labels[s.output_values.label] = (labels[s.output_values.label] || 0) + 1;
}
console.log(`labels: ${JSON.stringify(labels)}`);
console.log(`balance after: ${toloka.getRequester().balance}`);
console.log(`accepted ${accepted} assignments`);
