package runtime_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/runtime"
)

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
