// Aggregation on the server: aggregate a pool's answers, wait, read the results.
//   tolokash --local scripts/examples/aggregation.js [--pool ID]
const {arg, imageProject, pool} = require('./lib.js');
let poolId = arg('pool');
if (!poolId) {
  const project = imageProject('Cats or dogs (aggregation)', ['cat', 'dog']);
  const p = pool(project.id, 'aggregation');
  toloka.createTasks([0, 1, 2, 3, 4, 5, 6, 7].map(i => ({pool_id: p.id, overlap: 3, input_values: {image: `https://example.com/a/${i}.jpg`}})), {open_pool: true});
  toloka.waitPool(p.id, {interval: 300});
  poolId = p.id;
}
const op = toloka.aggregateSolutionsByPool({type: 'DAWID_SKENE', pool_id: poolId, fields: [{name: 'label'}]});
const done = op.wait({timeout: '10m'});
console.log(`aggregation ${done.id}: ${done.status}`);
let n = 0;
for (const s of toloka.getAggregatedSolutions(done.id)) {
  console.log(`${s.task_id}  ${s.output_values.label}  confidence ${Number(s.confidence).toFixed(2)}`);
  n++;
}
console.log(`aggregated ${n} tasks`);
