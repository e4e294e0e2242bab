// Iterators (break, take, a big pool), operations, downloads and errors, as a
// script sees them. Each check logs "ok <name>"; the Go test wants them all.
function ok(name, cond) { if (!cond) throw new Error('failed: ' + name); log('ok ' + name); }

const p = toloka.createProject({public_name: 'behaviour', task_spec: {input_spec: {n: {type: 'integer'}}, output_spec: {f: {type: 'file'}}}});
const pool = toloka.createPool({project_id: p.id, private_name: 'big', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
  reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}});
const tasks = [];
for (let i = 0; i < 5000; i++) tasks.push({pool_id: pool.id, overlap: 1, input_values: {n: i}});
ok('create 5000', Object.keys(toloka.createTasks(tasks).items).length === 5000);

// Iterators.
let seen = 0, last = '';
for (const t of toloka.getTasks({pool_id: pool.id, batch_size: 300})) { if (t.id <= last) throw new Error('order'); last = t.id; seen++; }
ok('big pool in order', seen === 5000);
let n = 0;
for (const t of toloka.getTasks({pool_id: pool.id, batch_size: 100})) { if (++n === 150) break; }
ok('break', n === 150);
ok('take', toloka.getTasks({pool_id: pool.id, batch_size: 1000}).take(3).map(t => t.input_values.n).toArray().join() === '0,1,2');
const it = toloka.getTasks({pool_id: pool.id});
const first = it.next().value, second = it.next().value;
ok('next', first.input_values.n === 0 && second.input_values.n === 1 && it.return().done === true && it.next().done === true);
ok('filter+count', toloka.getTasks({pool_id: pool.id, batch_size: 2000}).filter(t => t.input_values.n % 1000 === 0).count() === 5);

// Operations.
const op = toloka.openPoolAsync(pool.id);
ok('operation fields', typeof op.id === 'string' && op.type === 'POOL.OPEN');
const done = op.wait({timeout: '30s'});
ok('operation wait', done.status === 'SUCCESS' && done.refresh().status === 'SUCCESS');
ok('already open is null', toloka.openPoolAsync(pool.id) === null);
try { op.wait({timeout: 'soon'}); ok('bad timeout throws', false); } catch (e) { ok('bad timeout throws', e instanceof TypeError && /timeout/.test(e.message)); }

// Downloads.
for (let i = 0; i < 400 && toloka.findAttachments({pool_id: pool.id}).items.length === 0; i++) sleepMs(5);
const att = toloka.findAttachments({pool_id: pool.id}).items[0];
const bytes = toloka.downloadAttachment(att.id);
ok('download bytes', (bytes.byteLength || bytes.length) > 10);
ok('download to a file', toloka.downloadAttachment(att.id, dir + '/f.txt') === dir + '/f.txt');

// Errors.
// Each call must throw: a call that returns fails its check (ok(name, false)
// throws a plain Error, which the catch then rejects).
try { toloka.getTask('nope'); ok('not found', false); } catch (e) { ok('not found', e instanceof DoesNotExistError && e.status === 404 && e.requestId.length > 0); }
try { toloka.createTasks([{pool_id: pool.id, input_values: {n: 'x'}}]); ok('validation', false); } catch (e) { ok('validation', e instanceof ValidationError && JSON.stringify(e.payload).includes('INTEGER_EXPECTED')); }
try { toloka.archivePool(pool.id); ok('conflict', false); } catch (e) { ok('conflict', e instanceof IncorrectActionsError && e.code === 'POOL_INAPPROPRIATE_STATUS'); }
try { toloka.getTasks({pool_id: pool.id, sort: ['-id']}); ok('unknown option', false); } catch (e) { ok('unknown option', e instanceof TypeError && /sort/.test(e.message)); }
try { toloka.getTasks(pool.id); ok('wrong argument', false); } catch (e) { ok('wrong argument', e instanceof TypeError && /options/.test(e.message)); }
'done';
