// Housekeeping: archive pools closed for N days or more, then clone a project.
//   tolokash --local scripts/examples/housekeeping.js [--days 30]
const {arg, imageProject, pool} = require('./lib.js');
const days = Number(arg('days', '30'));
if (toloka.findPools({status: 'CLOSED', limit: 1}).items.length === 0) { // something to tidy on a fresh emulator
  const project = imageProject('Old project (housekeeping)', ['yes', 'no']);
  pool(project.id, 'old pool 1'); pool(project.id, 'old pool 2');
  sleep(5);
}
const cutoff = new Date(Date.now() - days * 86400e3);
let archived = 0;
for (const p of toloka.getPools({status: 'CLOSED'})) {
  const since = new Date((p.last_stopped || p.created) + 'Z');
  if (since <= cutoff) {
    toloka.archivePool(p.id);
    console.log(`archived pool ${p.id} (${p.private_name}), closed since ${since.toISOString()}`);
    archived++;
  }
}
const source = toloka.getProjects({status: 'ACTIVE'}).first();
const copy = toloka.cloneProject(source.id);
console.log(`cloned project ${source.id} into ${copy.project.id} with ${copy.pools.length} pools and ${copy.trainings.length} trainings`);
console.log(`archived ${archived} pools`);
