// Export results: the assignments export as a DataFrame, a majority vote per task, results.csv.gz.
//   tolokash --local scripts/examples/export_results.js [--out results.csv.gz] [--pool ID]
const {arg, imageProject, pool} = require('./lib.js');
const out = arg('out', (env.TMPDIR || '/tmp') + '/results.csv.gz');

let poolId = arg('pool');
if (!poolId) { // make a small finished pool to export
  const project = imageProject('Cats or dogs (export)', ['cat', 'dog']);
  const p = pool(project.id, 'export');
  toloka.createTasks([0, 1, 2, 3, 4, 5].map(i => ({pool_id: p.id, overlap: 3, input_values: {image: `https://example.com/e/${i}.jpg`}})), {open_pool: true});
  toloka.waitPool(p.id, {interval: 300});
  for (const a of toloka.getAssignments({pool_id: p.id, status: 'SUBMITTED'})) toloka.acceptAssignment(a.id, 'ok');
  poolId = p.id;
}
const df = toloka.getAssignmentsDf(poolId, {status: ['APPROVED']});
console.log(`export: ${df.length} answers, columns ${df.columns.join(', ')}`);
const votes = df.groupBy(['INPUT:image', 'OUTPUT:label']).count().sort(['INPUT:image', 'count'], {desc: true});
const winners = votes.dropDuplicates(['INPUT:image']).rename({'OUTPUT:label': 'label', count: 'votes'});
winners.head(10).print();
winners.toCSV(out);
console.log(`wrote ${winners.length} results to ${out}`);
