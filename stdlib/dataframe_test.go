package stdlib

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

func newVM(t *testing.T, opts Options) *goja.Runtime {
	t.Helper()
	vm := goja.New()
	var out bytes.Buffer
	if opts.Stdout == nil {
		opts.Stdout = &out
	}
	if err := Register(vm, opts); err != nil {
		t.Fatal(err)
	}
	return vm
}

func run(t *testing.T, vm *goja.Runtime, src string) goja.Value {
	t.Helper()
	v, err := vm.RunString(src)
	if err != nil {
		t.Fatalf("%s\n%v", src, err)
	}
	return v
}

// TestRoundTrips writes tricky values through every format and reads them back equal.
func TestRoundTrips(t *testing.T) {
	dir := t.TempDir()
	vm := newVM(t, Options{})
	vm.Set("dir", dir)
	run(t, vm, `globalThis.df = DataFrame.fromRecords([
		{s: 'plain', n: 1.5, b: true, z: null, nested: {x: 'a,b', y: 1}},
		{s: 'tab\there "quoted"\nnew line', n: -2, b: false, z: 'only here', nested: {x: '', y: 2}},
		{s: 'ünïcödé ✓', n: 0, b: null, nested: {x: '42', y: null}},
		{s: '007', n: 1e21, b: true, z: 'true', nested: {x: ' spaced ', y: 3}},
	])`)
	want := run(t, vm, `JSON.stringify(df.toRecords())`).String()
	if !strings.Contains(want, `"nested.x":"a,b"`) || !strings.Contains(want, `"z":null`) {
		t.Fatalf("fromRecords: %s", want)
	}
	for _, name := range []string{"t.csv", "t.tsv", "t.csv.gz", "t.tsv.zst"} {
		reader := "readCSV"
		writer := "toCSV"
		if strings.Contains(name, "tsv") {
			reader, writer = "readTSV", "toTSV"
		}
		got := run(t, vm, `df.`+writer+`(dir + '/`+name+`'); JSON.stringify(DataFrame.`+reader+`(dir + '/`+name+`').toRecords())`).String()
		if got != want {
			t.Errorf("%s round trip:\n got %s\nwant %s", name, got, want)
		}
	}
	if text := run(t, vm, `df.head(1).toCSV()`).String(); text != "s,n,b,z,nested.x,nested.y\nplain,1.5,true,,\"a,b\",1\n" {
		t.Errorf("toCSV text: %q", text)
	}
}

func TestTransforms(t *testing.T) {
	vm := newVM(t, Options{})
	run(t, vm, `globalThis.df = new DataFrame({task: ['t1', 't1', 't2', 't2', 't3'], label: ['cat', 'cat', 'dog', 'cat', null], w: [1, 2, 3, 4, 5]})`)
	for src, want := range map[string]string{
		`df.shape.join()`:           "5,3",
		`JSON.stringify(df.dtypes)`: `{"task":"string","label":"string","w":"number"}`,
		`JSON.stringify(df.groupBy('task').agg({w: 'sum', label: 'list'}).toRecords())`:                                       `[{"task":"t1","w":3,"label":["cat","cat"]},{"task":"t2","w":7,"label":["dog","cat"]},{"task":"t3","w":5,"label":[null]}]`,
		`JSON.stringify(df.groupBy(['task', 'label']).count().toRecords().map(r => r.count))`:                                 `[2,1,1,1]`,
		`JSON.stringify(df.valueCounts('label').toRecords())`:                                                                 `[{"label":"cat","count":3},{"label":"dog","count":1},{"label":null,"count":1}]`,
		`df.sort('label', {desc: true}).get('label').join('|')`:                                                               "dog|cat|cat|cat|",
		`df.sort(['task', 'w'], {desc: true}).get('w').join()`:                                                                "5,4,3,2,1",
		`df.filter(r => r.w > 2).withColumn('w2', r => r.w * 2).get('w2').join()`:                                             "6,8,10",
		`df.dropDuplicates(['task']).length`:                                                                                  "3",
		`df.unique('task').join()`:                                                                                            "t1,t2,t3",
		`df.select(['w', 'task']).rename({w: 'weight'}).drop(['task']).columns.join()`:                                        "weight",
		`df.tail(2).get('task').join()`:                                                                                       "t2,t3",
		`JSON.stringify(df.join(new DataFrame({task: ['t1', 't9'], gold: ['cat', 'x']}), 'task', {how: 'left'}).get('gold'))`: `["cat","cat",null,null,null]`,
		`df.join(new DataFrame({task: ['t1', 't9'], gold: ['cat', 'x']}), 'task', {how: 'outer'}).length`:                     "6",
		`DataFrame.concat(df, df.head(1)).length`:                                                                             "6",
		`df.describe().get('w').map(x => Math.round(x * 100) / 100).join()`:                                                   "5,3,1.58,1,5",
		`df.toString().split('\n')[0].trim().split(/ +/).join()`:                                                              "task,label,w",
		`df.toString().split('\n').pop()`:                                                                                     "[5 rows × 3 columns]",
		`JSON.stringify(df.head(1))`:                                                                                          `[{"task":"t1","label":"cat","w":1}]`,
	} {
		if got := run(t, vm, src).String(); got != want {
			t.Errorf("%s\n got %s\nwant %s", src, got, want)
		}
	}
}

func TestErrorsNameWhatWasWrong(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("a,b\n1,2\n3,\"unclosed\n"), 0o644)
	short := filepath.Join(dir, "short.csv")
	os.WriteFile(short, []byte("a,b\n1,2\n3\n"), 0o644)
	vm := newVM(t, Options{})
	vm.Set("bad", bad)
	vm.Set("short", short)
	for src, want := range map[string]string{
		`new DataFrame({a: [1]}).select(['nope'])`:                `no column "nope"; the columns are: a`,
		`DataFrame.readCSV(bad)`:                                  "bad.csv:3: a quoted cell is not closed",
		`DataFrame.readCSV(short)`:                                "short.csv:3: 1 cells, but the header has 2 columns",
		`DataFrame.readCSV(bad + '.missing')`:                     "no such file",
		`new DataFrame({a: [1]}).groupBy('a').agg({a: 'median'})`: `unknown aggregation "median"`,
	} {
		_, err := vm.RunString(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want %q, got %v", src, want, err)
		}
	}
}

func TestAtomicWriteLeavesNoHalfFile(t *testing.T) {
	dir := t.TempDir()
	vm := newVM(t, Options{})
	vm.Set("dir", dir)
	// A value JSON cannot encode stops toJSON midway: the target must not appear, nor a temp file.
	_, err := vm.RunString(`new DataFrame({a: [1]}).withColumn('f', () => ({})).toCSV(dir + '/x/no-such-dir/out.csv')`)
	if err == nil {
		t.Fatal("writing into a missing directory must fail")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	run(t, vm, `new DataFrame({a: [1, 2]}).toTSV(dir + '/ok.tsv.gz')`)
	entries, _ = os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "ok.tsv.gz" {
		t.Errorf("only the finished file remains: %v", entries)
	}
}

func TestAssignmentsExportTypes(t *testing.T) {
	vm := newVM(t, Options{})
	tsv := "INPUT:image\tOUTPUT:label\tGOLDEN:label\tASSIGNMENT:worker_id\tASSIGNMENT:reward\n" +
		"https://x/1.png\tcat\t\tw1\t0.05\n" +
		"https://x/2.png\t\"dog\tor\"\"cat\"\"\"\tdog\tw2\t0.05\n"
	df, err := DataFrameFromTSV(vm, strings.NewReader(tsv))
	if err != nil {
		t.Fatal(err)
	}
	vm.Set("df", df)
	if got := run(t, vm, `JSON.stringify(df.toRecords())`).String(); got != `[{"INPUT:image":"https://x/1.png","OUTPUT:label":"cat","GOLDEN:label":null,"ASSIGNMENT:worker_id":"w1","ASSIGNMENT:reward":0.05},{"INPUT:image":"https://x/2.png","OUTPUT:label":"dog\tor\"cat\"","GOLDEN:label":"dog","ASSIGNMENT:worker_id":"w2","ASSIGNMENT:reward":0.05}]` {
		t.Errorf("export parsed as %s", got)
	}
}

func TestNoFilesForUntrustedScripts(t *testing.T) {
	vm := newVM(t, Options{NoFiles: true})
	for _, src := range []string{`DataFrame.readCSV('/etc/passwd')`, `new DataFrame({a: [1]}).toCSV('/tmp/x.csv')`} {
		if _, err := vm.RunString(src); err == nil || !strings.Contains(err.Error(), "switched off") {
			t.Errorf("%s: %v", src, err)
		}
	}
	if got := run(t, vm, `new DataFrame({a: [1]}).toCSV()`).String(); got != "a\n1\n" {
		t.Errorf("text output stays allowed: %q", got)
	}
}

func FuzzReadTable(f *testing.F) {
	for _, seed := range []string{"a,b\n1,2\n", "a\tb\n\"x\ty\"\t\n", "a\n\"unclosed\n", "", "a,b\n1\n", "x\r\n1\r\n", `"a""b"` + "\n" + `""` + "\n", "a\r\n\"x\r\ny\"\r\n\"\r\r\n\"\r\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, delim := range []byte{',', '\t'} {
			fr, err := readTable(strings.NewReader(text), delim, "fuzz")
			if err != nil {
				continue
			}
			// Whatever parses must survive a write and a second read unchanged.
			var buf bytes.Buffer
			if err := writeTable(&buf, fr, delim); err != nil {
				t.Fatal(err)
			}
			back, err := readTable(&buf, delim, "again")
			if err != nil {
				t.Fatalf("re-reading %q: %v", buf.String(), err)
			}
			if key(flat(fr)...) != key(flat(back)...) || strings.Join(fr.names, "\x00") != strings.Join(back.names, "\x00") {
				t.Fatalf("round trip changed %q into %q", text, buf.String())
			}
		}
	})
}

func flat(f *Frame) []any {
	var out []any
	for _, c := range f.cols {
		out = append(out, c.values()...)
	}
	return out
}

// TestToJSONBuildsItsValues: JSON.stringify(df) gives what df.toJSON(path)
// writes, built as values, where the frame's JSON text was once run as
// code: a column named __proto__ was lost (an object literal's __proto__
// sets the prototype), and an infinite number made the text invalid, so
// JSON.stringify(df) gave undefined (and the file written was not JSON).
func TestToJSONBuildsItsValues(t *testing.T) {
	dir := t.TempDir()
	vm := newVM(t, Options{})
	vm.Set("dir", dir)
	for src, want := range map[string]string{
		`DataFrame.fromRecords(JSON.parse('[{"__proto__":1,"a":"x"},{"__proto__":2,"a":"y"}]'))`: `[{"__proto__":1,"a":"x"},{"__proto__":2,"a":"y"}]`,
		`new DataFrame({x: [1, 1/0, null]})`:                                                     `[{"x":1},{"x":null},{"x":null}]`,
		`DataFrame.fromRecords([{k: 'a', v: [1, {d: 2, c: 'x'}]}, {k: '");throw 1;("'}])`:        `[{"k":"a","v":[1,{"c":"x","d":2}]},{"k":"\");throw 1;(\"","v":null}]`,
	} {
		vm.Set("src", src)
		got := run(t, vm, `globalThis.df = `+src+`; JSON.stringify(df)`).String()
		if got != want {
			t.Errorf("JSON.stringify(%s)\n got %s\nwant %s", src, got, want)
		}
		run(t, vm, `df.toJSON(dir + '/df.json')`)
		if file, _ := os.ReadFile(filepath.Join(dir, "df.json")); string(file) != got {
			t.Errorf("%s: toJSON wrote %s, JSON.stringify gave %s", src, file, got)
		}
		if v := run(t, vm, `df.toRecords()[0].v`); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
			if ok := run(t, vm, `Array.isArray(df.toRecords()[0].v) && (df.toRecords()[0].v.push(5), true)`); !ok.ToBoolean() {
				t.Errorf("%s: a list cell is not an array scripts can change", src)
			}
		}
	}
}
