package bindings_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
	"github.com/tolokash/tolokash/stdlib"
)

// TestAssignmentsExportToAFile: getAssignmentsDf(pool, {out}) writes the
// export to a file row by row and returns its path; the file holds what
// the DataFrame's toCSV (or toTSV) writes, byte for byte, compressed or
// not. A bad out is a TypeError before any request, and an export that
// fails leaves no file.
func TestAssignmentsExportToAFile(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Seed: 7})
	c, _ := client.New("x", client.WithURL(run.URL), client.WithPollInterval(2*time.Millisecond))
	vm := newVM(t, c)
	dir := t.TempDir()
	vm.Set("dir", dir)
	if _, err := vm.RunString(`
		const p = toloka.createProject({public_name: 'export', task_spec: {input_spec: {text: {type: 'string'}, n: {type: 'integer'}}, output_spec: {label: {type: 'string', allowed_values: ['a', 'b']}}}});
		const pool = toloka.createPool({project_id: p.id, private_name: 'export', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
			reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}, auto_accept_solutions: false});
		const tasks = [];
		for (let i = 0; i < 30; i++) tasks.push({pool_id: pool.id, overlap: 2, input_values: {text: ['007', 'quote " tab \t, comma', 'line\nbreak', '42'][i % 4], n: i}});
		toloka.createTasks(tasks, {open_pool: true});
		for (let i = 0; i < 400 && toloka.getPool(pool.id).status === 'OPEN'; i++) sleepMs(10);
		globalThis.poolId = pool.id;
		globalThis.opts = {status: ['SUBMITTED', 'APPROVED']};`); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		t.Helper()
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var r io.Reader = f
		switch {
		case strings.HasSuffix(name, ".gz"):
			if r, err = gzip.NewReader(f); err != nil {
				t.Fatal(err)
			}
		case strings.HasSuffix(name, ".zst"):
			zr, err := zstd.NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			r = zr
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, name := range []string{"a.csv", "a.csv.gz", "a.tsv.zst"} {
		writer := "toCSV"
		if strings.Contains(name, ".tsv") {
			writer = "toTSV"
		}
		got, err := vm.RunString(`toloka.getAssignmentsDf(poolId, {...opts, out: dir + '/` + name + `'})`)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != filepath.Join(dir, name) {
			t.Errorf("returned %s, want the path", got)
		}
		if _, err := vm.RunString(`toloka.get_assignments_df(poolId, opts).` + writer + `(dir + '/frame-` + name + `')`); err != nil {
			t.Fatal(err)
		}
		streamed, frame := read(name), read("frame-"+name)
		if streamed != frame || strings.Count(frame, "\n") < 60 {
			t.Errorf("%s: streamed\n%.300s\nthe frame wrote\n%.300s", name, streamed, frame)
		}
	}
	if v, err := vm.RunString(`JSON.stringify(DataFrame.readCSV(dir + '/a.csv').toRecords()) === JSON.stringify(toloka.getAssignmentsDf(poolId, opts).toRecords())`); err != nil || !v.ToBoolean() {
		t.Errorf("the file does not read back as the frame: %v", err)
	}
	for src, want := range map[string]string{
		`toloka.getAssignmentsDf(poolId, {out: dir + '/x.json'})`:   `TypeError: toloka.getAssignmentsDf: option out: "` + dir + `/x.json" must end in .csv or .tsv`,
		`toloka.getAssignmentsDf(poolId, {out: 5})`:                 `TypeError: toloka.getAssignmentsDf: option out: expected a file path (.csv or .tsv, then .gz or .zst to compress), got a number 5`,
		`toloka.getAssignmentsDf('no-such', {out: dir + '/n.csv'})`: "does not exist",
		`toloka.getAssignmentsDf(poolId, {ot: dir + '/n.csv'})`:     "unknown option ot; did you mean out?",
	} {
		_, err := vm.RunString(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", src, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "n.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed export left a file: %v", err)
	}

	// Scripts that may not touch files get a DataFrame only.
	untrusted := goja.New()
	bindings.Install(untrusted, c, bindings.Options{NoFiles: true})
	stdlib.Register(untrusted, stdlib.Options{NoFiles: true})
	untrusted.Set("dir", dir)
	untrusted.Set("poolId", vm.Get("poolId"))
	if _, err := untrusted.RunString(`toloka.getAssignmentsDf(poolId, {out: dir + '/u.csv'})`); err == nil || !strings.Contains(err.Error(), "switched off") {
		t.Errorf("NoFiles: %v", err)
	}

	// In Go, out is refused: the stream is the caller's to copy. The typed
	// AssignmentsTSVFilter has no Out; by name through Invoke it is an ArgError.
	_, err := c.Invoke(context.Background(), "get_assignments_df", client.Call{Args: []any{vm.Get("poolId").String()}, Options: map[string]any{"out": "x.csv"}})
	var ae *client.ArgError
	if !errors.As(err, &ae) || ae.Param != "out" {
		t.Errorf("Go with out: %v, want an ArgError naming out", err)
	}
}

// TestAsyncExportToAFile: toloka.async.getAssignmentsDf(pool, {out}) streams
// the export to the file off the event loop and resolves to its path; the
// file is what the blocking call writes, and a failed export rejects with
// the method's error and leaves no file.
func TestAsyncExportToAFile(t *testing.T) {
	url, _, _ := serveCounted(t, emulator.Options{DemoAssignments: 300}) // a closed pool: its export stays as it is
	rt, _ := newRuntime(t, url)
	dir := t.TempDir()
	got := run(t, rt, fmt.Sprintf(`
		const dir = %q;
		const pool = toloka.getPools({status: 'CLOSED'}).first();
		const opts = {status: ['SUBMITTED', 'APPROVED']};
		const [path, frame] = await Promise.all([toloka.async.getAssignmentsDf(pool.id, {...opts, out: dir + '/a.csv.gz'}),
			toloka.async.getAssignmentsDf(pool.id, opts)]);
		toloka.getAssignmentsDf(pool.id, {...opts, out: dir + '/sync.csv.gz'});
		let missing;
		try { await toloka.async.getAssignmentsDf('999999', {out: dir + '/n.csv'}); } catch (e) { missing = e instanceof DoesNotExistError && e.code; }
		let bad;
		try { await toloka.async.getAssignmentsDf(pool.id, {out: dir + '/n.json'}); } catch (e) { bad = e instanceof TypeError && e.message; }
		return [path === dir + '/a.csv.gz', frame.length, missing, bad];`, dir))
	read := func(name string) string {
		t.Helper()
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	streamed := read("a.csv.gz")
	rows := strings.Count(streamed, "\n") - 1
	if want := fmt.Sprintf(`[true,300,"DOES_NOT_EXIST","toloka.getAssignmentsDf: option out: \"%s/n.json\" must end in .csv or .tsv (then .gz or .zst to compress it)"]`, dir); got != want || rows != 300 {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if streamed != read("sync.csv.gz") {
		t.Errorf("the async file differs from the blocking call's")
	}
	if _, err := os.Stat(filepath.Join(dir, "n.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed export left a file: %v", err)
	}
}
