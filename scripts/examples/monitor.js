// Monitor: poll a pool until it is complete, printing progress; then message its Tolokers.
//   tolokash --local scripts/examples/monitor.js [--pool ID]
const {waitFor, arg, imageProject, pool} = require('./lib.js');
let poolId = arg('pool');
if (!poolId) {
  const project = imageProject('Cats or dogs (monitor)', ['cat', 'dog']);
  const p = pool(project.id, 'monitored');
  toloka.createTasks([...Array(15).keys()].map(i => ({pool_id: p.id, overlap: 2, input_values: {image: `https://example.com/mon/${i}.jpg`}})), {open_pool: true});
  poolId = p.id;
}
let last = -1;
waitFor('the pool to complete', () => {
  const stats = toloka.getAnalytics([{subject: 'POOL', subject_id: poolId, name: 'completion_percentage'},
                                     {subject: 'POOL', subject_id: poolId, name: 'submitted_assignments_count'}]).wait();
  const [pct, submitted] = stats.details.value.map(v => v.result);
  if (pct.value !== last) { console.log(`progress ${pct.value}% (${submitted} submitted)`); last = pct.value; }
  return toloka.getPool(poolId).status === 'CLOSED';
}, {every: 500});
const workers = [...new Set(toloka.getAssignments({pool_id: poolId}).map(a => a.user_id).toArray())];
const thread = toloka.composeMessageThread({recipients_select_type: 'DIRECT', recipients_ids: workers,
  topic: {EN: 'Thank you'}, text: {EN: 'The pool is complete. Thanks for your work!'}, answerable: false});
console.log(`pool ${poolId} complete; messaged ${workers.length} Tolokers (thread ${thread.id})`);
