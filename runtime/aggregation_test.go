package runtime_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/internal/testenv"
	"github.com/tolokash/tolokash/runtime"
)

// TestTypeScriptChecksAggregationScripts holds the declarations of
// require('toloka/aggregation') to the module: aggregation.ts, written
// without type annotations, must pass tsc --strict (by what the declarations
// say each call returns) and run in tolokash; each line of
// aggregation_wrong.ts marked WRONG must be a tsc error and, run alone, throw.
func TestTypeScriptChecksAggregationScripts(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	if err := rt.RunFile(context.Background(), testenv.Testdata("typescript", "aggregation.ts"), nil); err != nil {
		t.Fatalf("tolokash runs aggregation.ts: %v", err)
	}
	wrong := strings.Split(string(testenv.ReadTestdata(t, "typescript", "aggregation_wrong.ts")), "\n")
	var header []string
	for i, line := range wrong {
		if !strings.Contains(line, "// WRONG") {
			if len(header) == i {
				header = append(header, line)
			}
			continue
		}
		rt, _ := newRuntime(t, runtime.Options{})
		if _, err := rt.RunString(context.Background(), strings.Join(append(header[:len(header):len(header)], line), "\n")); err == nil {
			t.Errorf("line %d of aggregation_wrong.ts runs without an error: %s", i+1, strings.TrimSpace(line))
		}
	}

	tsc := testenv.TypeScript(t)
	dir := t.TempDir()
	decl := filepath.Join(dir, "toloka.d.ts")
	if err := os.WriteFile(decl, []byte(declarations(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(script string) (string, error) {
		out, err := exec.Command(tsc, "--strict", "--noEmit", "--target", "es2020", "--lib", "es2020", decl,
			testenv.Testdata("typescript", script)).CombinedOutput()
		return string(out), err
	}
	if out, err := run("aggregation.ts"); err != nil {
		t.Errorf("tsc --strict on aggregation.ts: %v\n%s", err, out)
	}
	out, err := run("aggregation_wrong.ts")
	if err == nil {
		t.Fatal("tsc accepts aggregation_wrong.ts")
	}
	for i, line := range wrong {
		if strings.Contains(line, "// WRONG") && !regexp.MustCompile(`aggregation_wrong\.ts\(`+strconv.Itoa(i+1)+`,\d+\): error`).MatchString(out) {
			t.Errorf("tsc does not refuse line %d of aggregation_wrong.ts: %s\n%s", i+1, strings.TrimSpace(line), out)
		}
	}
	if strings.Contains(out, "toloka.d.ts(") {
		t.Errorf("the declarations themselves have errors:\n%s", out)
	}
}

// TestHelpOnTheAggregationModule: help() on require('toloka/aggregation'),
// a class, an instance, a method, the metrics and a metric, from the
// declarations; and on the model classes' namespaces.
func TestHelpOnTheAggregationModule(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	help := func(src string) string {
		t.Helper()
		v, err := rt.RunString(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		return rt.HelpText(v)
	}
	for src, want := range map[string][]string{
		`require('toloka/aggregation')`: {`^require\('toloka/aggregation'\): crowd-kit's answer aggregation`, `DawidSkene, OneCoinDawidSkene, GLAD`,
			`\n  aggregation\.consistency\(answers, options\?\) → number \| DataFrame +How much workers agree`,
			`aggregation\.goldenSetAccuracy\(answers, true_labels\?, options\?\) → DataFrame \| number`, `help\(aggregation\.consistency\)`},
		`require('toloka/aggregation').DawidSkene`: {`^DawidSkene: Dawid-Skene's expectation maximisation`, `crowdkit\.aggregation\.DawidSkene`,
			`\n  new DawidSkene\(options\?\) +The options as one object, or positional in crowd-kit's order \(n_iter, tol, initial_error_strategy, columns\)`,
			`dawidSkene\.n_iter: number +the most iterations to run \(default 100\)`,
			`dawidSkene\.fitPredict\(data, true_labels\?, initial_error\?\) → DataFrame`, `dawidSkene\.errors_: DataFrame`},
		`new (require('toloka/aggregation').GLAD)()`:             {`^GLAD: `, `glad\.alphas_: DataFrame`, `glad\.silent: boolean .*\(default true\)`},
		`new (require('toloka/aggregation').MMSR)().fit_predict`: {`^mmsr\.fitPredict\(data\) → DataFrame\n`, `data \(DataFrame\): the answers`},
		`require('toloka/aggregation').metrics`:                  {`^AggregationMetrics: crowd-kit's metrics`, `\.uncertainty\(answers, options\?\)`},
		`require('toloka/aggregation').metrics.goldenSetAccuracy`: {`^aggregation\.goldenSetAccuracy\(answers, true_labels\?, options\?\)`,
			`options \(GoldenSetAccuracyOptions, optional\): by \('worker' \(the default\)`},
		`toloka.conditions`:               {`^conditions: Quality-control conditions`, `GoldenSetCorrectAnswersRate`},
		`require('toloka')`:               {`^require\('toloka'\): toloka-kit's model classes`},
		`toloka.filter.Skill`:             {`filter\.Skill`},
		`toloka.project.template_builder`: {`^tb = require\('toloka/template_builder'\)`},
	} {
		got := help(src)
		for _, w := range want {
			if !regexp.MustCompile(w).MatchString(got) {
				t.Errorf("help(%s) lacks %s:\n%s", src, w, got)
			}
		}
		if strings.Contains(src, "aggregation") && strings.Contains(got, "No help") {
			t.Errorf("help(%s): %s", src, got)
		}
	}
}
