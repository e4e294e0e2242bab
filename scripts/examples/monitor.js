// Monitor: follow a pool's completion with toloka-kit's metrics until it closes; then message its Tolokers.
//   tolokash --local scripts/examples/monitor.js [--pool ID]
// (For a dashboard in the terminal: tolokash monitor POOL_ID.)
const {MetricCollector, PoolCompletedPercentage, AssignmentsInPool} = require('toloka/metrics');
const {arg, imageProject, pool} = require('./lib.js');
let poolId = arg('pool');
if (!poolId) {
  const project = imageProject('Cats or dogs (monitor)', ['cat', 'dog']);
  const p = pool(project.id, 'monitored');
  toloka.createTasks([...Array(15).keys()].map(i => ({pool_id: p.id, overlap: 2, input_values: {image: `https://example.com/mon/${i}.jpg`}})), {open_pool: true});
  poolId = p.id;
}
const completion = new PoolCompletedPercentage(poolId, {toloka_client: toloka, timeout: '500ms'});
const submitted = new AssignmentsInPool(poolId, {toloka_client: toloka, submitted_name: 'submitted', timeout: '500ms'});
let last = -1, count = 0;
const report = (lines) => {
  for (const [, value] of lines.submitted || []) count = value;
  for (const [, pct] of lines.completion_percentage || []) {
    if (pct !== last) { console.log(`progress ${pct}% (${count} submitted)`); last = pct; }
  }
};
// The collector asks the metrics in the background while the script waits for the pool.
const collector = new MetricCollector([completion, submitted], report);
collector.run();
await toloka.async.waitPool(poolId, {interval: 500});
collector.stop();
report(Object.assign(await submitted.getLines(), await completion.getLines()));
const workers = [...new Set(toloka.getAssignments({pool_id: poolId}).map(a => a.user_id).toArray())];
const thread = toloka.composeMessageThread({recipients_select_type: 'DIRECT', recipients_ids: workers,
  topic: {EN: 'Thank you'}, text: {EN: 'The pool is complete. Thanks for your work!'}, answerable: false});
console.log(`pool ${poolId} complete; messaged ${workers.length} Tolokers (thread ${thread.id})`);
