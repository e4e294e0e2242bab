// DataFrame as the README describes it: built from records (nested fields as
// dotted columns), inspected, transformed, and written and read back through
// CSV and TSV, plain and compressed by extension, with nothing changed.
//   tolokash --local testdata/acceptance/dataframe.js
const {check, done} = require('./check.js');
const dir = env.TMPDIR || '/tmp';
const recs = [];
for (let i = 0; i < 300; i++) {
  recs.push({task: 't' + (i % 100), worker: 'w' + (i % 7), label: i % 3 ? 'cat' : 'dog', score: i / 4,
             meta: {ok: i % 2 === 0}, note: i % 10 ? 'plain' : 'tab\there "quoted"\nnewline'});
}
const df = DataFrame.fromRecords(recs);

check('fromRecords makes nested fields dotted columns', () => df.columns.includes('meta.ok'));
check('length and shape', () => df.length === 300 && df.shape[0] === 300 && df.shape[1] === df.columns.length);
check('select, filter, sort, head', () => {
  const rows = df.select(['task', 'label', 'score']).filter(r => r.label === 'dog').sort('score', {desc: true}).head(5).toRecords();
  return rows.length === 5 && rows[0].score >= rows[4].score && Object.keys(rows[0]).length === 3;
});
check('valueCounts', () => {
  const vc = df.valueCounts('label').toRecords();
  return vc.length === 2 && vc.reduce((s, r) => s + r.count, 0) === 300;
});
check('groupBy().agg()', () => df.groupBy('task').agg({score: 'mean', label: 'first'}).toRecords().length === 100);
for (const ext of ['csv', 'tsv', 'csv.gz', 'tsv.zst']) {
  check('a round trip through .' + ext + ' changes nothing', () => {
    const path = dir + '/acceptance-df.' + ext;
    if (ext.startsWith('csv')) df.toCSV(path); else df.toTSV(path);
    const back = ext.startsWith('csv') ? DataFrame.readCSV(path) : DataFrame.readTSV(path);
    return JSON.stringify(back.toRecords()) === JSON.stringify(df.toRecords());
  });
}
check('toCSV without a path answers the text', () => typeof df.head(2).toCSV() === 'string');
check('an unknown column is an error listing the columns', () => {
  try {
    df.select(['nope']);
  } catch (e) {
    return /task/.test(e.message);
  }
  return false;
});
done();
