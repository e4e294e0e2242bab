// Bulk upload: 20,000 tasks from a TSV file; rows that fail validation are reported by row.
//   tolokash --local scripts/examples/bulk_upload.js [--file tasks.tsv] [--rows 20000]
// Without --file it writes a sample file with a few broken rows first.
const fs = require('fs'), csv = require('csv');
const {arg, imageProject, pool} = require('./lib.js');
const rows = Number(arg('rows', '20000'));
let file = arg('file');
if (!file) {
  file = (env.TMPDIR || '/tmp') + '/tolokash-bulk-tasks.tsv';
  const w = csv.writer(file, {columns: ['image']});
  for (let i = 0; i < rows; i++) w.write({image: i % 5000 === 17 ? 'not a url' : `https://example.com/bulk/${i}.jpg`});
  w.close();
}
const project = imageProject('Cats or dogs (bulk)', ['cat', 'dog']);
const p = pool(project.id, 'bulk');
const batch = [], lineOf = [];
let line = 1, created = 0;
const errors = [];
function flush() {
  if (!batch.length) return;
  const res = toloka.createTasks(batch, {allow_defaults: true, skip_invalid_items: true});
  created += Object.keys(res.items).length;
  for (const [i, fields] of Object.entries(res.validation_errors || {})) {
    errors.push(`line ${lineOf[i]}: ` + Object.entries(fields).map(([f, e]) => `${f} ${e.code}`).join(', '));
  }
  batch.length = 0; lineOf.length = 0;
}
for (const row of csv.reader(file, {delimiter: '\t'})) {
  line++;
  batch.push({pool_id: p.id, input_values: {image: row.image}});
  lineOf.push(line);
  if (batch.length === 5000) flush();
}
flush();
errors.forEach(e => console.log(e));
console.log(`uploaded ${created} tasks, ${errors.length} rows rejected`);
