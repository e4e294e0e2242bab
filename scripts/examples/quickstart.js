// Quickstart: a project, a pool, 50 tasks; open it, wait for the work, accept it all.
//   tolokash --local scripts/examples/quickstart.js
//   tolokash --env sandbox --profile me scripts/examples/quickstart.js
const {waitFor, imageProject, pool} = require('./lib.js');

const me = toloka.getRequester();
console.log(`balance before: ${me.balance}`);
const project = imageProject('Cats or dogs (quickstart)', ['cat', 'dog']);
const p = pool(project.id, 'quickstart');
const tasks = [];
for (let i = 0; i < 50; i++) tasks.push({pool_id: p.id, input_values: {image: `https://example.com/pets/${i}.jpg`}});
const created = toloka.createTasks(tasks, {allow_defaults: true});
console.log(`created ${Object.keys(created.items).length} tasks in pool ${p.id}`);
toloka.openPool(p.id);

let accepted = 0;
waitFor('the pool to be done', () => {
  for (const a of toloka.getAssignments({pool_id: p.id, status: 'SUBMITTED'})) {
    toloka.acceptAssignment(a.id, 'Well done');
    accepted++;
  }
  return toloka.getPool(p.id).status === 'CLOSED' && toloka.findAssignments({pool_id: p.id, status: 'SUBMITTED'}).items.length === 0;
}, {every: 300});
const labels = {};
for (const a of toloka.getAssignments({pool_id: p.id, status: 'ACCEPTED'})) {
  for (const s of a.solutions) labels[s.output_values.label] = (labels[s.output_values.label] || 0) + 1;
}
console.log(`labels: ${JSON.stringify(labels)}`);
console.log(`balance after: ${toloka.getRequester().balance}`);
console.log(`accepted ${accepted} assignments`);
