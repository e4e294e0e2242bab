// Attachments: download every file Tolokers uploaded in a pool into a folder.
//   tolokash --local scripts/examples/attachments.js [--pool ID] [--dir out]
const fs = require('fs');
const {arg, pool} = require('./lib.js');
const dir = arg('dir', (env.TMPDIR || '/tmp') + '/tolokash-attachments');
let poolId = arg('pool');
if (!poolId) { // a project whose answer is a photo
  const project = toloka.createProject({public_name: 'Take a photo (attachments)', public_description: 'Photograph the shop front',
    task_spec: {input_spec: {address: {type: 'string'}}, output_spec: {photo: {type: 'file'}},
                view_spec: {type: 'classic', markup: '{{address}} {{field type="file-img" name="photo"}}', script: '', styles: ''}}});
  const p = pool(project.id, 'photos');
  toloka.createTasks([1, 2, 3, 4].map(i => ({pool_id: p.id, overlap: 1, input_values: {address: `Main street ${i}`}})), {open_pool: true});
  toloka.waitPool(p.id, {interval: 300});
  poolId = p.id;
}
fs.mkdir(dir);
let n = 0;
for (const att of toloka.getAttachments({pool_id: poolId})) {
  const path = `${dir}/${att.id}-${att.name}`;
  toloka.downloadAttachment(att.id, path);
  n++;
}
console.log(`downloaded ${n} attachments into ${dir}`);
