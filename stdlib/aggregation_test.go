package stdlib

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"
)

// The tests of require('toloka/aggregation'): crowd-kit's test cases again,
// this time from CSV files through DataFrames and the JS classes, so that
// names, columns and arguments are checked along with the numbers; then the
// assignments export, options and errors.

const crowdkitData = "../aggregation/testdata/crowdkit"

func newAggVM(t *testing.T, opts Options) *goja.Runtime {
	t.Helper()
	vm := newVM(t, opts)
	reg := require.NewRegistry()
	RegisterModules(reg, nil)
	reg.Enable(vm)
	vm.Set("dir", crowdkitData)
	run(t, vm, `globalThis.agg = require('toloka/aggregation')`)
	return vm
}

type ckCase struct {
	Name     string                     `json:"name"`
	Dataset  string                     `json:"dataset"`
	Class    string                     `json:"class"`
	Metric   string                     `json:"metric"`
	Params   map[string]any             `json:"params"`
	Call     string                     `json:"call"`
	Args     map[string]any             `json:"args"`
	Error    string                     `json:"crowdkit_error"`
	Expected map[string]json.RawMessage `json:"expected"`
}

// jsArg writes a case's argument as JS.
func jsArg(v any) string {
	switch x := v.(type) {
	case string:
		kind, name, _ := strings.Cut(x, ":")
		switch kind {
		case "gold", "error":
			return fmt.Sprintf("DataFrame.readCSV(dir + '/%s.csv')", name)
		case "aggregator":
			return "new agg." + name + "()"
		}
	case map[string]any:
		b, _ := json.Marshal(x["skills"])
		return string(b)
	}
	panic(fmt.Sprintf("argument %v", v))
}

// callFor is the JS that runs a case and leaves its result in `out`.
func callFor(c ckCase) string {
	params, _ := json.Marshal(c.Params)
	data := fmt.Sprintf("DataFrame.readCSV(dir + '/%s.csv')", c.Dataset)
	if c.Metric != "" {
		opts := map[string]string{}
		for k, v := range c.Params {
			b, _ := json.Marshal(v)
			opts[k] = string(b)
		}
		var truth string
		for k, v := range c.Args {
			if k == "true_labels" {
				truth = jsArg(v) + ", "
				continue
			}
			opts[k] = jsArg(v)
		}
		var parts []string
		for k, v := range opts {
			parts = append(parts, k+": "+v)
		}
		sort.Strings(parts)
		name := map[string]string{"golden_set_accuracy": "goldenSetAccuracy", "accuracy_on_aggregates": "accuracy_on_aggregates"}[c.Metric]
		if name == "" {
			name = c.Metric
		}
		return fmt.Sprintf("globalThis.out = {result: agg.metrics.%s(%s, %s{%s})}", name, data, truth, strings.Join(parts, ", "))
	}
	var args []string
	for _, name := range []string{"skills", "true_labels", "initial_error"} {
		if v, ok := c.Args[name]; ok {
			args = append(args, jsArg(v))
		} else if name == "true_labels" && c.Args["initial_error"] != nil {
			args = append(args, "null")
		}
	}
	method := map[string]string{"fit": "fit", "fit_predict": "fitPredict", "fit_predict_proba": "fit_predict_proba",
		"fit_predict_score": "fitPredictScore"}[c.Call]
	return fmt.Sprintf(`globalThis.model = new agg.%s(%s);
		model.%s(%s);
		globalThis.out = {}
		for (const a of ['labels_', 'probas_', 'skills_', 'priors_', 'errors_', 'loss_history_', 'alphas_', 'betas_', 'scores_', 'thetas_', 'spamming_', 'biases_']) {
			try { out[a] = model[a] } catch (e) { if (!String(e).includes('not there yet')) throw e }
		}`, c.Class, params, method, strings.Join(append([]string{data}, args...), ", "))
}

// cells turns a JS result (DataFrame, array, number) into comparable Go data:
// keys of the first column (two for errors_) to the remaining columns' values.
func cells(t *testing.T, vm *goja.Runtime, v goja.Value) map[string]any {
	out := map[string]any{}
	if o, ok := v.(*goja.Object); ok && o.Get(frameKey) != nil {
		f := o.Get(frameKey).Export().(*Frame)
		keys := 1
		if f.names[0] == "worker" && len(f.names) > 1 && f.names[1] == "label" {
			keys = 2
		}
		for r := 0; r < f.Len(); r++ {
			var k []string
			for c := 0; c < keys; c++ {
				k = append(k, columnName(f.cols[c].at(r)))
			}
			for c := keys; c < len(f.names); c++ {
				key := strings.Join(k, "/")
				if len(f.names)-keys > 1 || keys == 2 { // a frame: key by row and column
					key += "|" + f.names[c]
				}
				out[key] = f.cols[c].at(r)
			}
		}
		return out
	}
	switch x := v.Export().(type) {
	case float64:
		out["0"] = x
	case int64:
		out["0"] = float64(x)
	case []any:
		for i, e := range x {
			if row, ok := e.([]any); ok {
				for j, c := range row {
					out[fmt.Sprintf("%d|%d", i, j)] = c
				}
			} else {
				out[fmt.Sprint(i)] = e
			}
		}
	case [][]float64:
		for i, row := range x {
			for j, c := range row {
				out[fmt.Sprintf("%d|%d", i, j)] = c
			}
		}
	case []float64:
		for i, e := range x {
			out[fmt.Sprint(i)] = e
		}
	default:
		t.Fatalf("cannot compare %T", x)
	}
	return out
}

// expectedCells is the same shape from expected.json.
func expectedCells(raw json.RawMessage) map[string]any {
	var e struct {
		Kind    string `json:"kind"`
		Index   []any  `json:"index"`
		Columns []any  `json:"columns"`
		Values  any    `json:"values"`
		Value   any    `json:"value"`
	}
	json.Unmarshal(raw, &e)
	out := map[string]any{}
	key := func(k any) string {
		if l, ok := k.([]any); ok {
			return columnName(l[0]) + "/" + columnName(l[1])
		}
		return columnName(k)
	}
	switch e.Kind {
	case "series":
		for i, k := range e.Index {
			out[key(k)] = e.Values.([]any)[i]
		}
	case "frame":
		for i, k := range e.Index {
			for j, c := range e.Columns {
				out[key(k)+"|"+columnName(c)] = e.Values.([]any)[i].([]any)[j]
			}
		}
	case "list":
		for i, v := range e.Values.([]any) {
			out[fmt.Sprint(i)] = v
		}
	case "array":
		for i, row := range e.Values.([]any) {
			for j, v := range row.([]any) {
				out[fmt.Sprintf("%d|%d", i, j)] = v
			}
		}
	case "scalar":
		out["0"] = e.Value
	}
	return out
}

func TestAggregationThroughDataFrames(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(crowdkitData, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []ckCase }
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	vm := newAggVM(t, Options{})
	compared := 0
	for _, c := range file.Cases {
		if c.Error != "" {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			src := callFor(c)
			if _, err := vm.RunString(src); err != nil {
				t.Fatalf("%s\n%v", src, err)
			}
			out := vm.Get("out").ToObject(vm)
			for attr, raw := range c.Expected {
				want := expectedCells(raw)
				v := out.Get(attr)
				if v == nil || goja.IsUndefined(v) {
					t.Errorf("%s: missing", attr)
					continue
				}
				have := cells(t, vm, v)
				for k, w := range want {
					h, ok := have[k]
					if w == nil {
						if ok && h != nil {
							t.Errorf("%s[%s] = %v, crowd-kit has none", attr, k, h)
						}
						continue
					}
					if !ok {
						t.Errorf("%s[%s] missing; crowd-kit says %v", attr, k, w)
						continue
					}
					if wf, isNum := w.(float64); isNum {
						hf, _ := h.(float64)
						if math.Abs(hf-wf) > 1e-6 {
							t.Errorf("%s[%s] = %v, crowd-kit says %v", attr, k, h, w)
						}
					} else if h != w {
						t.Errorf("%s[%s] = %v, crowd-kit says %v", attr, k, h, w)
					}
				}
				for k, h := range have {
					if _, ok := want[k]; !ok && h != nil {
						t.Errorf("%s[%s] = %v, which crowd-kit does not have", attr, k, h)
					}
				}
			}
			compared++
		})
	}
	if compared < 120 {
		t.Fatalf("compared %d cases", compared)
	}
}

func TestAggregationReadsTheAssignmentsExport(t *testing.T) {
	vm := newAggVM(t, Options{})
	// The export's columns: the task is the INPUT: column, the label the
	// OUTPUT: one, the known answer its GOLDEN: twin.
	run(t, vm, `
		const rows = [];
		const answers = {t1: ['cat', 'cat', 'dog'], t2: ['dog', 'dog', 'dog'], t3: ['cat', 'dog', 'dog'], g1: ['cat', 'dog', 'cat']};
		const workers = ['wa', 'wb', 'wc'];
		for (const [task, labels] of Object.entries(answers))
			labels.forEach((l, i) => rows.push({'INPUT:text': task, 'OUTPUT:label': l, 'GOLDEN:label': task === 'g1' ? 'cat' : null,
				'ASSIGNMENT:worker_id': workers[i], 'ASSIGNMENT:status': 'APPROVED'}));
		globalThis.df = DataFrame.fromRecords(rows);
	`)
	got := run(t, vm, `JSON.stringify(new agg.DawidSkene(5).fitPredict(df).toRecords())`).String()
	if got != `[{"task":"g1","agg_label":"cat"},{"task":"t1","agg_label":"cat"},{"task":"t2","agg_label":"dog"},{"task":"t3","agg_label":"dog"}]` {
		t.Errorf("DawidSkene on the export: %s", got)
	}
	// The golden column serves GoldMajorityVote and goldenSetAccuracy without being named.
	got = run(t, vm, `JSON.stringify(new agg.GoldMajorityVote().fit(df).skills.toRecords())`).String()
	if got != `[{"worker":"wa","skill":1},{"worker":"wb","skill":0},{"worker":"wc","skill":1}]` {
		t.Errorf("GoldMajorityVote skills: %s", got)
	}
	got = run(t, vm, `JSON.stringify(agg.metrics.golden_set_accuracy(df).toRecords()) + ' ' + agg.metrics.goldenSetAccuracy(df, {by: null})`).String()
	if got != `[{"worker":"wa","accuracy":1},{"worker":"wb","accuracy":0},{"worker":"wc","accuracy":1}] 0.6666666666666666` {
		t.Errorf("golden set accuracy: %s", got)
	}
	// DawidSkene pins golden tasks only when told which column holds them.
	got = run(t, vm, `JSON.stringify(new agg.DawidSkene({n_iter: 0, columns: {golden: 'GOLDEN:label'}}).fitPredictProba(df).row(0))`).String()
	if got != `{"task":"g1","cat":1,"dog":0}` {
		t.Errorf("DawidSkene with golden: %s", got)
	}
	// A mapping names other columns; the result's columns keep crowd-kit's names.
	run(t, vm, `globalThis.renamed = df.rename({'INPUT:text': 'text', 'OUTPUT:label': 'answer', 'ASSIGNMENT:worker_id': 'who'})`)
	got = run(t, vm, `new agg.MajorityVote({columns: {task: 'text', worker: 'who', label: 'answer'}}).fitPredict(renamed).columns.join()`).String()
	if got != "task,agg_label" {
		t.Errorf("mapped columns: %s", got)
	}
}

func TestAggregationOptionsAndAttributes(t *testing.T) {
	vm := newAggVM(t, Options{})
	run(t, vm, `globalThis.toy = DataFrame.readCSV(dir + '/toy.csv')`)
	for src, want := range map[string]string{
		// crowd-kit's defaults, positional arguments in its order, attributes as properties.
		`const ds = new agg.DawidSkene(); [ds.n_iter, ds.tol, ds.initial_error_strategy].join()`:                         "100,0.00001,",
		`String(new agg.DawidSkene(7, 0.5))`:                                                                             "DawidSkene(n_iter=7, tol=0.5, initial_error_strategy=null, columns=null)",
		`const m = new agg.MACE(); [m.n_restarts, m.n_iter, m.method, m.random_state].join()`:                            "10,50,vb,0",
		`const d2 = new agg.DawidSkene(); d2.n_iter = 0; d2.fit(toy).loss_history_.length`:                               "0",
		`const mv = new agg.MajorityVote(); mv.fit(toy) === mv`:                                                          "true",
		`new agg.MajorityVote().fit_predict_proba(toy).columns.join()`:                                                   "task,no,yes",
		`const w = new agg.Wawa().fit(toy); w.skills.length + ' ' + w.predict(toy).length`:                               "5 5",
		`new agg.KOS({n_iter: 3}).fitPredict(DataFrame.readCSV(dir + '/bool.csv')).get('agg_label').join()`:              "true,true",
		`JSON.stringify(new agg.MMSR().fit(toy).predictScore(toy).row(3))`:                                               `{"task":"t4","no":0,"yes":1}`,
		`new agg.NoisyBradleyTerry().fit(DataFrame.readCSV(dir + '/pairs_equal.csv')).biases.columns.join()`:             "worker,bias",
		`new agg.MACE({n_restarts: 1, n_iter: 2}).fit(toy).thetas_.length`:                                               "5",
		`agg.metrics.consistency === agg.consistency && typeof agg.accuracy_on_aggregates`:                               "function",
		`agg.metrics.accuracyOnAggregates(toy, {aggregates: {t1: 'yes', t2: 'yes'}})`:                                    "0.5555555555555556",
		`agg.metrics.uncertainty(toy, {aggregator: new agg.Wawa(), aggregate: false}).length`:                            "5",
		`const g = new agg.GLAD({labels_priors: {no: 0.3, yes: 0.7}, n_iter: 2}); g.fit(toy).priors.get('prior').join()`: "0.3,0.7",
	} {
		if got := run(t, vm, src).String(); got != want {
			t.Errorf("%s\n got %s\nwant %s", src, got, want)
		}
	}
}

func TestAggregationErrorsSayWhatAndWhere(t *testing.T) {
	vm := newAggVM(t, Options{})
	run(t, vm, `globalThis.toy = DataFrame.readCSV(dir + '/toy.csv')`)
	for src, want := range map[string]string{
		`new agg.DawidSkene({niter: 5})`:                                                                       `unknown option "niter"; the options are n_iter, tol, initial_error_strategy, columns; did you mean n_iter?`,
		`new agg.DawidSkene({n_iter: -1})`:                                                                     "n_iter must be a whole number ≥ 0",
		`new agg.MajorityVote({on_missing_skill: 'skip'})`:                                                     `on_missing_skill must be "error", "ignore", "value", not skip`,
		`new agg.BradleyTerry()`:                                                                               "n_iter is required",
		`new agg.KOS({random_state: 2 ** 40})`:                                                                 "random_state must be null or a whole number from 0 to 2^32-1",
		`new agg.DawidSkene().fit({task: [1]})`:                                                                "DawidSkene.fit: the data: expected a DataFrame",
		`new agg.DawidSkene().fit(toy.rename({label: 'answer'}))`:                                              `DawidSkene.fit: no column "label"; the columns are: worker, task, answer; map them with the columns option`,
		`new agg.DawidSkene({columns: {lable: 'x'}}).fit(toy)`:                                                 `the columns option has no "lable"`,
		`new agg.MajorityVote({columns: {task: 'nope'}}).fit(toy)`:                                             `the columns option maps task to "nope", which the DataFrame lacks`,
		`new agg.DawidSkene().fit(new DataFrame({task: ['a', 'b'], worker: ['w', 'w'], label: ['x', null]}))`:  `DawidSkene.fit: row 1: the label (column "label") is empty`,
		`new agg.DawidSkene().probas_`:                                                                         "DawidSkene.probas_: not there yet; call fit(data) first",
		`new agg.Wawa().predict(toy)`:                                                                          "Wawa.predict: not fitted yet",
		`new agg.Wawa().fit(toy).labels`:                                                                       "Wawa.labels_: not there yet; call predict(data) first",
		`new agg.MajorityVote().fit(toy, {w1: 0.9})`:                                                           "MajorityVote.fit: 19 answers come from workers without a skill (w2 is one)",
		`new agg.GoldMajorityVote().fit(toy)`:                                                                  "give the true labels",
		`new agg.KOS().fit(DataFrame.readCSV(dir + '/simple.csv'))`:                                            "KOS is for two labels only; the answers have 3",
		`new agg.BradleyTerry(5).fit(new DataFrame({worker: ['w'], left: ['a'], right: ['b'], label: ['c']}))`: "row 0: the label c is neither the left item a nor the right one b",
		`new agg.DawidSkene().fit(toy, null, new DataFrame({worker: ['w1'], label: ['yes'], maybe: [1]}))`:     `initial_error: column "maybe" is not a label of the answers`,
		`agg.metrics.uncertainty(toy, {workers_skills: {w1: 0.5}})`:                                            "workers_skills lacks 4 workers' skills, w2 among them",
		`agg.metrics.consistency(toy, {aggregator: new agg.DawidSkene()})`:                                     "this aggregator has no skills_; give workers_skills",
		`agg.metrics.consistency(toy, {by_tasks: true})`:                                                       `unknown option "by_tasks"; it takes workers_skills, aggregator, by_task, columns; did you mean by_task?`,
		`agg.DawidSkene.prototype.fit.call({}, toy)`:                                                           "DawidSkene.fit: call it on an aggregator",
	} {
		_, err := vm.RunString(src)
		if err == nil {
			t.Errorf("%s: no error; want %q", src, want)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s:\n got %v\nwant %q", src, err, want)
		}
	}
}

func TestAggregationStopsWithTheRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	vm := newAggVM(t, Options{Context: func() context.Context { return ctx }})
	_, err := vm.RunString(`new agg.GLAD().fit(DataFrame.readCSV(dir + '/random.csv'))`)
	if err == nil || !strings.Contains(err.Error(), "GLAD.fit: stopped: context canceled") {
		t.Fatalf("a cancelled run: %v", err)
	}
}
