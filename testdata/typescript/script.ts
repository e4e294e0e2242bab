// A script that uses every documented feature of the script environment, in
// TypeScript: runtime/typescript_test.go checks it with `tsc --strict`
// against what `tolokash types` writes. It is type-checked, never run.

// The client: methods under both names, options objects, results passed on.
const project = toloka.createProject({ public_name: 'Cats or dogs', task_spec: { input_spec: {}, output_spec: {} } });
const pool = toloka.createPool({ project_id: project.id, private_name: 'v1', reward_per_assignment: 0.02 }, { tier: 'x' });
const again: Pool = toloka.get_pool(pool.id);
const res = toloka.createTasks([{ pool_id: pool.id, input_values: { image: 'a.jpg' } }], { allow_defaults: true, open_pool: true });
const created: Task = res.items['0'];
console.log(created.pool_id.toUpperCase(), Object.keys(res.validation_errors ?? {}).length, again.status);
toloka.openPool(pool.id);
toloka.openPoolAsync(pool.id)?.wait({ timeout: '5m' });
const op: Operation | null = toloka.archivePoolAsync(pool.id);
if (op) {
  const done: Operation = op.wait({ timeout: 300000 });
  console.log(done.status === 'SUCCESS', done.refresh().progress, done.log().length);
}
toloka.waitOperation('op-id', { timeout: '1m' });

// Lazy iterators.
for (const a of toloka.getAssignments({ pool_id: pool.id, status: 'SUBMITTED' })) {
  toloka.acceptAssignment(a.id, 'Well done');
  console.log(a.user_id.length);
}
const first: Pool | undefined = toloka.getPools({ status: 'OPEN' }).first();
const ids: string[] = toloka.getTasks({ pool_id: pool.id, batch_size: 100 }).take(10).map((t) => t.id).toArray();
const many: number = toloka.getTasks({ pool_id: pool.id }).filter((t, i) => i % 2 === 0).count();
toloka.getProjects().forEach((p) => console.log(p.id));
const page: Page<Pool> = toloka.findPools({ status: 'OPEN', sort: ['-created'], limit: 10 });
const byHand = toloka.getSkills();
const step = byHand.next();
if (!step.done) console.log(step.value.id);
byHand.return();
console.log(first?.id, ids.length, many, page.has_more, page.items.length, LazyIterator.from([1, 2, 3]).toArray());

// Errors.
try {
  toloka.getPool('nope');
} catch (e) {
  if (e instanceof DoesNotExistError) console.log(e.code, e.status, e.requestId, e.payload);
  if (e instanceof ValidationError) console.log(e.invalidFields.join());
  if (e instanceof TolokaError) console.log(e.method);
  if (e instanceof OperationFailedError || e instanceof WaitTimeoutError) console.log(e.operation.id);
}

// Downloads, bonuses, the requester, clients.
const path: Buffer | string = toloka.downloadAttachment('att-1', 'out/file.jpg');
const bytes = toloka.downloadAttachment('att-1');
console.log(path, bytes.length, toloka.getRequester().balance);
toloka.createUserBonuses([{ user_id: 'u', amount: 1 }], { operation_id: 'op' });
const sandbox = new TolokaClient({ token: 'x', env: 'sandbox' });
const patient = toloka.withOptions({ retries: 10, timeout: '30s' });
console.log(sandbox.getRequester().id, patient.getPool(pool.id).id);
const clone: ProjectClone = toloka.cloneProject(project.id, { reuse_controllers: false });
console.log(clone.pools.length);

// DataFrames.
const df: DataFrame = toloka.getAssignmentsDf(pool.id, { status: ['APPROVED', 'SUBMITTED'] });
const exported: string = toloka.getAssignmentsDf(pool.id, { status: ['APPROVED'], out: 'results.csv.gz' });
df.groupBy('INPUT:image').agg({ 'OUTPUT:label': 'list', 'ASSIGNMENT:worker_id': 'mode' }).head(5).print();
df.groupBy(['INPUT:image']).count().print({ width: 120, maxRows: 50 });
df.valueCounts('OUTPUT:label').print();
df.toCSV('results.csv.gz');
const csvText: string = df.toCSV();
const fromTasks = DataFrame.fromRecords(toloka.getTasks({ pool_id: pool.id }));
const read = DataFrame.readCSV('in.csv', { header: false, names: ['a', 'b'], delimiter: ';' });
const tsv = DataFrame.readTSV('in.tsv');
const both = DataFrame.concat([read, tsv]);
const spread = DataFrame.concat(read, tsv, both);
const made = new DataFrame({ a: [1, 2], b: ['x', 'y'] });
const shaped: [number, number] = made.shape;
const rows = made.sample(1, { seed: 7 }).filter((row) => row.a > 0).withColumn('c', (row, i) => i).sort(['a'], { desc: true })
  .select(['a', 'c']).drop('c').rename({ a: 'A' }).dropDuplicates().join(read, 'A', { how: 'left' }).concat([tsv]).toRecords();
console.log(exported, csvText.length, fromTasks.columns, spread.length, shaped[0], rows.length, made.dtypes['a'], made.describe().tail(2).toString(),
  made.unique('a'), made.get('b'), made.row(0), made.toJSON());
console.table(made);

// Modules.
const fs = require('fs');
const csv = require('csv');
const compress = require('compress');
fs.writeFile('a.txt', 'text');
const text: string = fs.readFile('a.txt');
const raw: Buffer = fs.readFile('a.txt', null);
fs.writeJSON('a.json', { a: 1 }, { indent: 2 });
for (const line of fs.readLines('a.txt')) console.log(line.length);
console.log(text, raw.length, fs.readJSON('a.json'), fs.exists('a.txt'), fs.readdir('.'));
fs.mkdir('out');
fs.remove('out');
for (const row of csv.reader('in.csv', { delimiter: ',' })) console.log(row['a']);
const w = csv.writer('out.csv', { columns: ['a', 'b'] });
w.write({ a: 1, b: 2 });
w.close();
const packed: Buffer = compress.gzip('text');
console.log(compress.gunzip(packed).toString('utf8'), compress.unzstd(compress.zstd(Buffer.from('x'))).length);
compress.compressFile('a.txt', 'a.txt.zst');
const lib = require('./lib.js');
console.log(lib);

// Printing, timers, the process, globals.
const util = require('util');
console.log(util.inspect({ deep: { er: { still: {} } } }, { depth: 4, colors: false }), util.format('%s is %d', 'x', 42));
console.dir({ a: 1 }, { depth: 0 });
console.error('to stderr');
print('like mongosh', 1);
printjson({ a: 1 });
help(toloka);
help(toloka.getPool);
help('bonus');
const timer: Timeout = setTimeout(() => console.log('later'), 10);
clearTimeout(timer);
const tick = setInterval(() => clearInterval(tick), 5);
setImmediate(() => queueMicrotask(() => console.log('soon')));
setTimeout(() => undefined, 1000).unref();
sleep(10);
console.log(process.argv.slice(2), process.env['HOME'], env['HOME'], new URL('https://toloka.ai/a?b=1').searchParams.get('b'));
async function later(): Promise<number> {
  const v = await new Promise<number>((resolve) => setTimeout(() => resolve(6), 10));
  return v * 7;
}
later().then((v) => console.log(v));
if (process.argv.length > 10) process.exit(1);
if (process.argv.length > 20) exit(2);

// Long-running work: promises, fan-out, waits, estimates, streaming, metrics.
async function workflows(): Promise<void> {
  const fast = toloka.withOptions({ concurrency: 32 });
  const p: Pool = await fast.async.getPool(pool.id);
  const all: Assignment[] = await toloka.async.getAssignments({ pool_id: p.id, status: 'SUBMITTED' });
  const frame: DataFrame = await toloka.async.getAssignmentsDf(p.id, { status: 'SUBMITTED' });
  const file: string = await toloka.async.getAssignmentsDf(p.id, { out: 'submitted.csv.gz' });
  const done: Assignment[] = await toloka.parallel(all, (a) => toloka.async.acceptAssignment(a.id, 'ok'), { concurrency: 20 });
  await toloka.parallel(toloka.getAssignments({ pool_id: p.id }), (a, i) => a.id + i, { progress: 'ids' });
  const closed: Pool = toloka.waitPool(p.id, { status: 'CLOSED', timeout: '1h', interval: '10s' });
  const trained: Training = await toloka.async.waitTraining('t1', { timeout: 60000 });
  const batch: AppBatch = toloka.wait_app_batch('ap', 'b', { status: ['COMPLETED'] });
  const est: CostEstimate = toloka.estimatePoolCost(p.id, { fee_rate: 0.2 });
  const draft: CostEstimate = await toloka.async.estimatePoolCost({ project_id: 'x', reward_per_assignment: 0.01 }, { tasks: 100 });
  toloka.openPool(p.id, { max_cost: est.total, check_balance: true });
  console.log(frame.length, file, done.length, closed.status, trained.id, batch.status, est.remaining.toFixed(2), draft.note, est.estimate);

  const { Pipeline, AssignmentsObserver, PoolStatusObserver, JSONLocalStorage } = require('toloka/streaming');
  const pipeline = new Pipeline({ period: '10s', storage: new JSONLocalStorage('state'), name: 'review' });
  const observer = pipeline.register(new AssignmentsObserver(toloka, p.id, { cursor_time_lag: '30s' }));
  observer.onSubmitted(async (events: AssignmentEvent[]) => {
    await toloka.parallel(events, (e) => toloka.async.acceptAssignment(e.assignment.id, 'ok'));
  });
  class Counter { n = 0; handle(events: AssignmentEvent[]): void { this.n += events.length; } }
  const counter: Counter = observer.on_accepted(new Counter());
  pipeline.register(new PoolStatusObserver(toloka, p.id)).onClosed((closedPool: Pool) => console.log(closedPool.status));
  setTimeout(() => pipeline.stop(), 60000);
  await pipeline.run();
  console.log(counter.n, [...pipeline.observersIter()].length);

  const { MetricCollector, Balance, AssignmentsInPool, SpentBudgetOnPool, bind_client } = require('toloka/metrics');
  const metrics = bind_client([new Balance(), new AssignmentsInPool(p.id, { submitted_name: 'submitted' }), new SpentBudgetOnPool(p.id)], toloka);
  const lines: MetricLines = await metrics[0].getLines();
  for (const [when, value] of lines['toloka_requester_balance'] ?? []) console.log(when.toISOString(), value.toFixed(2));
  const collector = new MetricCollector(metrics, (l: MetricLines) => console.log(Object.keys(l)));
  setTimeout(() => collector.stop(), 1000);
  await collector.run();
}
workflows().catch((e: unknown) => console.log(e));
