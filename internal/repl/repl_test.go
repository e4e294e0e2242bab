package repl

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
	"github.com/tolokash/tolokash/runtime"
)

// session runs input through a REPL on pipes (the plain reader) against a
// demo emulator and returns stdout and stderr.
func session(t *testing.T, input string, opts Options) (string, string) {
	t.Helper()
	em := emulatortest.Start(t, emulator.Options{Demo: true})
	c, err := client.New("test-token", client.WithURL(em.URL))
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	rt, err := runtime.New(runtime.Options{Client: c, Stdout: &out, Stderr: &errOut})
	if err != nil {
		t.Fatal(err)
	}
	opts.Runtime, opts.In, opts.Out, opts.Err = rt, strings.NewReader(input), &out, &errOut
	if _, err := New(opts).Run(); err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String()
}

const pageSize = 20 // the default

func TestEntriesBehaveAsInNode(t *testing.T) {
	out, errOut := session(t, strings.Join([]string{
		"const x = 1; let y = 2",
		"const x = 10; let y = 20", // redeclared in a later entry
		"x + y",
		"function f() { const k = 1; k = 2 }", // const semantics inside functions
		"try { f() } catch (e) { e.constructor.name }",
		"{ const inner = 5 }",
		"typeof inner",
		"const a = await Promise.resolve(3), b = 4; const {c} = {c: 5}",
		"a * b",
		"await Promise.resolve(6); a + 100",
		"await Promise.reject(new Error('nope'))",
		"await new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 5))",
		"const p = toloka.getPools({status: 'OPEN'}).first()",
		"p.private_name",
		"_",
		"`two",
		"lines`.split('\\n').length",
		"undefined",
		".nosuch",
	}, "\n")+"\n", Options{})
	want := "30\nTypeError\nundefined\nundefined\n12\n103\ndemo pool\ndemo pool\n2\nundefined\n"
	if out != want {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", out, want, errOut)
	}
	for _, w := range []string{"Uncaught Error: nope", "Uncaught Error: late", "unknown command .nosuch"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	if strings.Contains(errOut, "in promise") {
		t.Errorf("an awaited entry's rejection is reported twice:\n%s", errOut)
	}
}

func TestItPagesALazyIterator(t *testing.T) {
	// A lazy iterator of 45 items that counts how far it was advanced.
	src := "var n = 0; var it45 = {[Symbol.for('tolokash.iterator')]: true, " +
		"next() { return n < 45 ? {value: {item: n++}, done: false} : {value: undefined, done: true} }, return() { return {done: true} }}\n"
	out, errOut := session(t, src+"it45\nn\nit\nit\nn\nit\n.clear\nit\n", Options{})
	pages := strings.Split(out, `Type "it" for more`)
	if len(pages) != 3 {
		t.Fatalf("want two full pages and a last one:\n%s\n%s", out, errOut)
	}
	for i, p := range pages[:2] {
		if n := strings.Count(p, "item:"); n != pageSize {
			t.Errorf("page %d has %d items, want %d", i, n, pageSize)
		}
	}
	if !strings.Contains(pages[1], "\n21\n") {
		// A page reads one item past itself, to know whether there is more.
		t.Errorf("printing a page advances the iterator only %d+1 times:\n%s", pageSize, pages[1])
	}
	if !strings.Contains(pages[2], "item: 40") || !strings.Contains(pages[2], "item: 44") || strings.Contains(pages[2], "item: 39") ||
		!strings.Contains(pages[2], "\n45\n") {
		t.Errorf("the last page continues where the second stopped:\n%s", pages[2])
	}
	if !strings.Contains(errOut, "no cursor") || strings.Count(errOut, "no cursor") != 2 {
		t.Errorf("it after the end and after .clear: %q", errOut)
	}

	// The toloka iterators are lazy iterators too; they tell whether there is
	// more without giving up an item, so the iterator goes on where the page ended.
	out, errOut = session(t, "toloka.getTasks({batch_size: 7}).take(20)\nit\n", Options{})
	if strings.Count(out, "input_values") != pageSize || !strings.Contains(out, "pets/19.jpg") || strings.Contains(out, "for more") ||
		!strings.Contains(errOut, "no cursor") {
		t.Errorf("a page of exactly 20 tasks, and no more:\n%s\n%s", out, errOut)
	}
	out, errOut = session(t, "toloka.getTasks({batch_size: 7})\n_.next().value.input_values.image\nit\n", Options{Config: Config{PageSize: 5}})
	if !strings.Contains(out, "pets/04.jpg") || !strings.Contains(out, "for more") || !strings.Contains(out, "\nhttps://example.com/pets/05.jpg\n") ||
		!strings.Contains(out, "pets/06.jpg") || strings.Contains(out, "pets/11.jpg") {
		t.Errorf("pages of 5, and the item after a page:\n%s\n%s", out, errOut)
	}
}

func TestEditorOnAPipeTakesTheRest(t *testing.T) {
	out, errOut := session(t, "1\n.editor\nfunction g() {\n  return 7\n}\ng() * 6\n", Options{})
	if out != "1\n42\n" {
		t.Errorf("%q %q", out, errOut)
	}
}

func TestIncomplete(t *testing.T) {
	for src, want := range map[string]bool{
		"function f() {":              true,
		"const s = `abc":              true,
		"[1,\n2":                      true,
		"const v = await f({":         true,
		"1 +":                         true,
		"1 + 1":                       false,
		"await x":                     false,
		"}":                           false, // a real syntax error is reported, not continued
		"const = 5":                   false,
		".load a {":                   false,
		"if (x) {\n  y()\n} else {\n": true,
	} {
		if got := incomplete(src); got != want {
			t.Errorf("incomplete(%q) = %v, want %v", src, got, want)
		}
	}
}

func TestHistoryKeepsEntriesWholeAndNoSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "history")
	os.MkdirAll(filepath.Dir(path), 0o700)
	os.WriteFile(path, []byte(`"old entry"`+"\n"), 0o644)
	r := New(Options{HistoryPath: path, Secrets: []string{"CANARY-123"}})
	var err error
	r.history, err = os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	kept := []string{"function f() {\n  return `a\\nb`\n}", `"quoted" \ back`}
	dropped := []string{"x = 'CANARY-123'", "tolokash login", "const c = new TolokaClient('abc')",
		"h = {Authorization: 'OAuth x'}", "my_token = 1"}
	for _, e := range append(kept, dropped...) {
		r.remember(e)
	}
	r.history.Close()
	got := loadHistory(path)
	want := append([]string{"old entry"}, kept...)
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("history %q, want %q", got, want)
	}
	data, _ := os.ReadFile(path)
	if strings.Count(string(data), "\n") != 3 {
		t.Errorf("one line per entry:\n%s", data)
	}
}

func TestCompletion(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("t", client.WithURL(em.URL))
	rt, err := runtime.New(runtime.Options{Client: c})
	if err != nil {
		t.Fatal(err)
	}
	r := New(Options{Runtime: rt})
	for _, src := range []string{
		"const pool = {quality_control: {configs: []}, private_name: 'p'}",
		"let counter = 0",
		"class Base { baseMethod() {} }; class Derived extends Base { own() {} }; var d = new Derived()",
		"var trap = new Proxy({}, {get() { throw new Error('called') }, ownKeys() { throw new Error('called') }})",
		"var called = 0; function callMe() { called++; return {xyz: 1} }",
	} {
		if _, err := r.eval(src); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		line, head string
		want       []string
	}{
		{"toloka.getPo", "toloka.", []string{"getPool", "getPools"}},
		{"x = pool.quality_co", "x = pool.", []string{"quality_control"}},
		{"pool.quality_control.con", "pool.quality_control.", []string{"configs"}},
		{"d.base", "d.", []string{"baseMethod"}}, // up the prototype chain
		{"d.ow", "d.", []string{"own"}},
		{"coun", "", []string{"counter"}},
		{"print(poo", "print(", []string{"pool"}},
		{"nothing.here.x", "", nil},
		{"trap.x", "", nil}, // a throwing proxy: no completion, no crash
		// After a call, from what the method is declared to return.
		{"toloka.getPools().to", "toloka.getPools().", []string{"toArray"}},
		{"toloka.getPools().take(3).fi", "toloka.getPools().take(3).", []string{"filter", "first"}},
		{"toloka.getPool('1').proj", "toloka.getPool('1').", []string{"project_id"}},
		{"require('fs').readL", "require('fs').", []string{"readLines"}},
		{"DataFrame.readCSV('x.csv').he", "DataFrame.readCSV('x.csv').", []string{"head"}},
		{"new DataFrame({a: [1]}).groupBy('a').ag", "new DataFrame({a: [1]}).groupBy('a').", []string{"agg"}},
		{"callMe().x", "", nil}, // not declared: nothing, and nothing is called
		{"pool.x.y().z", "", nil},
	}
	for _, tc := range cases {
		head, got, tail := r.complete(tc.line+")", len([]rune(tc.line)))
		if tail != ")" {
			t.Errorf("%q: tail %q", tc.line, tail)
		}
		var hit []string
		for _, g := range got {
			for _, w := range tc.want {
				if g == w {
					hit = append(hit, g)
				}
			}
		}
		if len(hit) != len(tc.want) || (tc.want != nil && head != tc.head) {
			t.Errorf("complete(%q) = %q %q, want %q among them with head %q", tc.line, head, got, tc.want, tc.head)
		}
		if tc.want == nil && len(got) != 0 {
			t.Errorf("complete(%q) = %q, want nothing", tc.line, got)
		}
		for _, g := range got {
			if !strings.HasPrefix(g, tc.line[strings.LastIndexAny(tc.line, ".( ")+1:]) {
				t.Errorf("complete(%q) offers %q", tc.line, g)
			}
		}
	}
	// toloka. offers the camelCase methods, not the snake_case aliases nor
	// what every object has.
	_, got, _ := r.complete("toloka.", len("toloka."))
	for _, g := range got {
		if strings.Contains(g, "_") || g == "hasOwnProperty" || g == "toString" {
			t.Errorf("toloka. offers %q", g)
		}
	}
	if len(got) < 100 || len(got) > 150 {
		t.Errorf("toloka. offers %d names", len(got))
	}
	if v, err := r.eval("called"); err != nil || v.ToInteger() != 0 {
		t.Errorf("completing called a function: %v %v", v, err)
	}
}

func TestLoadRunsAFileInTheSession(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib.js")
	os.WriteFile(path, []byte("const loaded = 5\nfunction helper(x) {\n  return x + loaded\n}\n"), 0o644)
	out, errOut := session(t, ".load "+path+"\nhelper(37)\n.load "+path+"\n.load /no/such/file.js\n.help\n", Options{})
	if !strings.HasPrefix(out, "42\n") || !strings.Contains(out, ".editor") {
		t.Errorf("stdout %q", out)
	}
	if strings.Contains(errOut, "already been declared") || !strings.Contains(errOut, "/no/such/file.js") {
		t.Errorf("loading twice works; a missing file is named: %q", errOut)
	}
}

func TestHistoryIsCompacted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	var b strings.Builder
	for i := range 2*historyLimit + 5 {
		b.WriteString(`"entry ` + strconv.Itoa(i) + `\nsecond line"` + "\n")
	}
	os.WriteFile(path, []byte(b.String()), 0o644)
	compactHistory(path)
	got := loadHistory(path)
	if len(got) != historyLimit || got[len(got)-1] != "entry 2004\nsecond line" || got[0] != "entry 1005\nsecond line" {
		t.Errorf("%d entries, last %q, first %q", len(got), got[len(got)-1], got[0])
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode().Perm())
	}
	before, _ := os.ReadFile(path)
	compactHistory(path) // under the threshold: untouched
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("a small history is rewritten")
	}
}

// TestCommandsAreTheListedOnes: every command .help lists answers, with an
// argument or without as listed, and a word is a command only alone on its
// line.
func TestCommandsAreTheListedOnes(t *testing.T) {
	out, errOut := session(t, ".help\n.clear\nit\n.save\n.load\n.nope x\n.help x\nconst it2 = 3\nit2 + 1\n", Options{})
	for _, c := range commands() {
		if !c.alias && !strings.Contains(out, c.name) {
			t.Errorf(".help does not list %s", c.name)
		}
	}
	for _, want := range []string{"no cursor", ".save: where?", ".load: which file?", "unknown command .nope", "unknown command .help"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %q", want, errOut)
		}
	}
	if !strings.HasSuffix(out, "\n4\n") {
		t.Errorf("it2 + 1 is JavaScript: %q", out)
	}
	if names := shellNames(); !slices.Equal(names, []string{"exit", "quit", "it", "config", "cls"}) {
		t.Errorf("the shell's words: %v", names)
	}
}
