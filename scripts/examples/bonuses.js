// Bonuses: reward the top Tolokers of a pool, idempotently: running it twice pays once.
//   tolokash --local scripts/examples/bonuses.js [--pool ID] [--top 3] [--amount 0.50]
const {arg, imageProject, pool} = require('./lib.js');
const top = Number(arg('top', '3'));
const amount = Number(arg('amount', '0.50'));
let poolId = arg('pool');
if (!poolId) {
  const project = imageProject('Cats or dogs (bonuses)', ['cat', 'dog']);
  const p = pool(project.id, 'bonuses');
  toloka.createTasks([...Array(12).keys()].map(i => ({pool_id: p.id, overlap: 2, input_values: {image: `https://example.com/b/${i}.jpg`}})), {open_pool: true});
  toloka.waitPool(p.id, {interval: 300});
  for (const a of toloka.getAssignments({pool_id: p.id, status: 'SUBMITTED'})) toloka.acceptAssignment(a.id, 'ok');
  poolId = p.id;
}
const done = {};
for (const a of toloka.getAssignments({pool_id: poolId, status: 'ACCEPTED'})) done[a.user_id] = (done[a.user_id] || 0) + 1;
const best = Object.entries(done).sort((a, b) => b[1] - a[1]).slice(0, top);
const bonuses = best.map(([user, n]) => ({user_id: user, amount, private_comment: `top of pool ${poolId}`,
  public_title: {EN: 'Thank you!'}, public_message: {EN: `You did ${n} assignments in our pool.`}}));
// The same operation id for the same pool: a second run (or a retry) pays nothing twice.
const opId = `b0a05e5e-0000-4000-8000-${String(poolId).padStart(12, '0').slice(-12)}`;
for (let run = 1; run <= 2; run++) {
  const op = toloka.createUserBonusesAsync(bonuses, {operation_id: opId});
  console.log(`run ${run}: operation ${op.id} ${op.wait().status}`);
}
let paid = 0;
for (const [user] of best) paid += toloka.getUserBonuses({user_id: user, private_comment: `top of pool ${poolId}`}).count();
console.log(`paid ${paid} bonuses to ${best.length} Tolokers`);
