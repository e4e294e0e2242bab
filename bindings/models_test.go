package bindings_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// newModelVM is a VM with the toloka global and require('toloka…'), its client
// pointed nowhere: building objects makes no call.
func newModelVM(t testing.TB) *goja.Runtime {
	t.Helper()
	c, err := client.New("x", client.WithURL("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	vm := goja.New()
	reg := require.NewRegistry()
	bindings.RegisterModules(reg)
	reg.Enable(vm)
	if err := bindings.Install(vm, c, bindings.Options{}); err != nil {
		t.Fatal(err)
	}
	return vm
}

const casesDir = "../testdata/toloka-kit/cases"

// TestModelsMatchTolokaKit builds each object of testdata/toloka-kit/cases in
// JavaScript and compares its JSON with what toloka-kit's unstructure() gave for
// the same Python code (NAME.py beside NAME.json). Template Builder configs are
// compared as parsed JSON, and must also be byte for byte the same string.
func TestModelsMatchTolokaKit(t *testing.T) {
	scripts, _ := filepath.Glob(filepath.Join(casesDir, "*.js"))
	if len(scripts) < 40 {
		t.Fatalf("%d cases, want at least 40", len(scripts))
	}
	equal, withConfig, exact := 0, 0, 0
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".js")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(script)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(casesDir, name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			vm := newModelVM(t)
			if _, err := vm.RunString("const tb = require('toloka/template_builder'); let result;"); err != nil {
				t.Fatal(err)
			}
			if _, err := vm.RunScript(name+".js", string(src)); err != nil {
				t.Fatal(err)
			}
			got, err := vm.RunString("JSON.stringify(result)")
			if err != nil {
				t.Fatal(err)
			}
			same, hasConfig, sameConfig := equalJSON(t, []byte(got.String()), want)
			if !same {
				t.Errorf("JSON differs from toloka-kit's\n got: %s\nwant: %s", got, compact(want))
			} else {
				equal++
			}
			if hasConfig {
				withConfig++
				if sameConfig {
					exact++
				} else {
					t.Errorf("the config string differs from toloka-kit's (as text, not as JSON)")
				}
			}
		})
	}
	t.Logf("%d of %d cases equal to toloka-kit's JSON; %d of the %d Template Builder config strings byte for byte", equal, len(scripts), exact, withConfig)
}

// equalJSON compares two JSON documents as values, with Template Builder
// config strings parsed; sameConfig reports whether those strings (when
// there are any) were also byte for byte the same.
func equalJSON(t *testing.T, got, want []byte) (same, hasConfig, sameConfig bool) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%v: %s", err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%v: %s", err, want)
	}
	sameConfig = true
	gc, wc := configs(g), configs(w)
	hasConfig = len(wc) > 0
	if len(gc) != len(wc) {
		sameConfig = false
	}
	for i := range gc {
		if i >= len(wc) || gc[i] != wc[i] {
			sameConfig = false
		}
	}
	return reflect.DeepEqual(parseConfigs(g), parseConfigs(w)), hasConfig, sameConfig
}

// configs lists the Template Builder config strings in a document.
func configs(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["config"].(string); ok && x["type"] == "tb" {
				out = append(out, s)
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

func parseConfigs(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if s, ok := e.(string); ok && k == "config" && x["type"] == "tb" {
				var parsed any
				if json.Unmarshal([]byte(s), &parsed) == nil {
					out[k] = parseConfigs(parsed)
					continue
				}
			}
			out[k] = parseConfigs(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = parseConfigs(e)
		}
		return out
	}
	return v
}

func compact(b []byte) string {
	var v any
	_ = json.Unmarshal(b, &v)
	out, _ := json.Marshal(v)
	return string(out)
}

// TestModelsBehaviour runs testdata/models.js against the emulator: the
// misspellings of issue #17, the escape hatch, and objects through the API.
func TestModelsBehaviour(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Seed: 3})
	c, err := client.New("local", client.WithURL(run.URL))
	if err != nil {
		t.Fatal(err)
	}
	vm := goja.New()
	reg := require.NewRegistry()
	bindings.RegisterModules(reg)
	reg.Enable(vm)
	if err := bindings.Install(vm, c, bindings.Options{}); err != nil {
		t.Fatal(err)
	}
	var log []string
	vm.Set("log", func(s string) { log = append(log, s) })
	src, err := os.ReadFile("testdata/models.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vm.RunScript("models.js", string(src)); err != nil {
		t.Fatalf("%v\nafter:\n%s", err, strings.Join(log, "\n"))
	}
	if want := strings.Count(string(src), "\nok(") + strings.Count(string(src), "\nthrows("); len(log) != want {
		t.Errorf("%d checks ran, want %d:\n%s", len(log), want, strings.Join(log, "\n"))
	}
}

// TestHelpOnEveryClassAndNamespace walks require('toloka') and wants help()
// text on every class and namespace, naming what it describes.
func TestHelpOnEveryClassAndNamespace(t *testing.T) {
	vm := newModelVM(t)
	v, err := vm.RunString(`
		const seen = new Set(), bad = [];
		let classes = 0, namespaces = 0;
		(function walk(ns, path) {
			if (seen.has(ns)) return;
			seen.add(ns);
			namespaces++;
			if (typeof ns.help !== 'function' || !ns.help().includes('help(')) bad.push(path + ': namespace help');
			for (const k of Object.keys(ns)) {
				const v = ns[k];
				if (typeof v === 'function' && v.from) {
					if (seen.has(v)) continue;
					seen.add(v);
					classes++;
					const h = v.help();
					if (!h.includes(k) || !h.includes('toloka-kit: toloka.client.')) bad.push(path + '.' + k + ': ' + h.split('\n')[0]);
					for (const n of Object.keys(v)) if (typeof v[n] === 'function' && v[n].from && !seen.has(v[n])) {
						seen.add(v[n]); classes++;
						if (!v[n].help().includes(n)) bad.push(path + '.' + k + '.' + n);
					}
				} else if (v && typeof v === 'object' && typeof v.help === 'function') {
					walk(v, path + '.' + k);
				}
			}
		})(require('toloka'), 'toloka');
		JSON.stringify({classes, namespaces, bad});
	`)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Classes, Namespaces int
		Bad                 []string
	}
	if err := json.Unmarshal([]byte(v.String()), &got); err != nil {
		t.Fatal(err)
	}
	if got.Classes < 300 || got.Namespaces < 30 || len(got.Bad) > 0 {
		t.Errorf("%d classes, %d namespaces; without help: %v", got.Classes, got.Namespaces, got.Bad)
	}
}
