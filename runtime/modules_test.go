package runtime_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/runtime"
)

func TestFsCsvCompressModules(t *testing.T) {
	dir := t.TempDir()
	rt, out := newRuntime(t, runtime.Options{})
	rt.Set("dir", dir)
	_, err := rt.RunString(context.Background(), `
		const fs = require('fs'), csv = require('csv'), compress = require('compress');
		fs.mkdir(dir + '/sub/deeper');
		fs.writeFile(dir + '/sub/a.txt', 'one\ntwo\nthree\n');
		console.log('read', fs.readFile(dir + '/sub/a.txt').split('\n').length, fs.exists(dir + '/sub/a.txt'), fs.exists(dir + '/nope'));
		let n = 0; for (const line of fs.readLines(dir + '/sub/a.txt')) { n++; if (line === 'two') break; }
		console.log('lines', n, fs.readLines(dir + '/sub/a.txt')[Symbol.for('tolokash.iterator')]);
		fs.writeJSON(dir + '/x.json', {a: [1, 'b'], c: null});
		console.log('json', JSON.stringify(fs.readJSON(dir + '/x.json')));
		console.log('dir', fs.readdir(dir).sort().join());
		const w = csv.writer(dir + '/rows.tsv.gz', {columns: ['id', 'label', 'score']});
		for (let i = 0; i < 1000; i++) w.write({id: 'r' + i, label: i % 2 ? 'cat' : 'tab\there', score: i / 2});
		console.log('before close', fs.exists(dir + '/rows.tsv.gz'));
		w.close();
		let total = 0, tabs = 0;
		for (const row of csv.reader(dir + '/rows.tsv.gz')) { total += row.score; if (row.label.includes('\t')) tabs++; }
		console.log('csv', total, tabs);
		const z = compress.gzip('hello hello hello');
		console.log('gzip', String(compress.gunzip(z)), String(compress.unzstd(compress.zstd('zz'))));
		compress.compressFile(dir + '/sub/a.txt', dir + '/a.txt.zst');
		console.log('zst', fs.readLines(dir + '/a.txt.zst').toArray ? 'iter' : [...fs.readLines(dir + '/a.txt.zst')].join('|'));
		fs.remove(dir + '/sub');
		console.log('removed', fs.exists(dir + '/sub'));
		sleep(5);
		console.log('env', typeof env.PATH);
	`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"read 4 true false", "lines 2 true", `json {"a":[1,"b"],"c":null}`, "dir sub,x.json",
		"before close false", "csv 249750 500", "gzip hello hello hello zz", "zst one|two|three", "removed false", "env string"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	_ = filepath.Join
}

func TestDisabledFsTurnsOffFilesEverywhere(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{DisableModules: []string{"fs"}})
	for _, src := range []string{`require('fs')`, `require('csv')`, `DataFrame.readCSV('/etc/hosts')`, `new DataFrame({a: [1]}).toCSV('/tmp/x.csv')`} {
		if _, err := rt.RunString(context.Background(), src); err == nil {
			t.Errorf("%s must fail with fs switched off", src)
		}
	}
	if _, err := rt.RunString(context.Background(), `require('compress').gzip('x').length > 0`); err != nil {
		t.Errorf("compress stays on: %v", err)
	}
}

// TestAssignmentsDfMatchesTheAPI compares the export's table with the assignments the API lists.
func TestAssignmentsDfMatchesTheAPI(t *testing.T) {
	rt, out := newRuntime(t, runtime.Options{})
	_, err := rt.RunString(context.Background(), `
		const p = toloka.createProject({public_name: 'df', task_spec: {input_spec: {text: {type: 'string'}}, output_spec: {label: {type: 'string', allowed_values: ['a', 'b']}}}});
		const pool = toloka.createPool({project_id: p.id, private_name: 'df', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
			reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}, auto_accept_solutions: false});
		const tasks = [];
		for (let i = 0; i < 12; i++) tasks.push({pool_id: pool.id, overlap: 2, input_values: {text: 'quote " tab \t line\n ' + i}});
		toloka.createTasks(tasks, {open_pool: true});
		for (let i = 0; i < 400 && toloka.getPool(pool.id).status === 'OPEN'; i++) sleep(10);
		const subs = toloka.getAssignments({pool_id: pool.id, status: 'SUBMITTED'}).toArray();
		subs.slice(0, 10).forEach(a => toloka.acceptAssignment(a.id, 'ok'));
		toloka.rejectAssignment(subs[10].id, 'no');
		const df = toloka.getAssignmentsDf(pool.id, {status: ['APPROVED', 'REJECTED', 'SUBMITTED']});
		const api = toloka.getAssignments({pool_id: pool.id}).toArray();
		const apiIds = api.map(a => a.id).sort().join();
		const dfIds = df.unique('ASSIGNMENT:assignment_id').sort().join();
		const approved = df.filter(r => r['ASSIGNMENT:status'] === 'APPROVED').length;
		const texts = new Set(df.get('INPUT:text'));
		console.log('same', apiIds === dfIds, df.length, api.length, approved, texts.size, [...texts].every(t => t.startsWith('quote " tab \t line\n ')));
		console.log('only approved', toloka.getAssignmentsDf(pool.id).length);`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "same true 24 24 10 12 true") || !strings.Contains(out.String(), "only approved 10") {
		t.Errorf("export vs API: %s", out.String())
	}
}
