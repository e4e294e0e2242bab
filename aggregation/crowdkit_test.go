package aggregation

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The equality tests: every case in testdata/crowdkit/expected.json, which
// make_expected.py wrote by running crowd-kit on the datasets beside it.
// Labels must match exactly; numbers within 1e-6.

const tolerance = 1e-6

var ctx = context.Background()

type encoded struct {
	Kind    string  `json:"kind"`
	Index   []any   `json:"index"`
	Columns []any   `json:"columns"`
	Values  any     `json:"values"`
	Value   any     `json:"value"`
	rows    [][]any // decoded Values of a frame or array
}

type crowdkitCase struct {
	Name     string             `json:"name"`
	Dataset  string             `json:"dataset"`
	Class    string             `json:"class"`
	Metric   string             `json:"metric"`
	Params   map[string]any     `json:"params"`
	Call     string             `json:"call"`
	Args     map[string]any     `json:"args"`
	Error    string             `json:"crowdkit_error"`
	Expected map[string]encoded `json:"expected"`
}

func loadCases(t *testing.T) []crowdkitCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "crowdkit", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []crowdkitCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	return file.Cases
}

// parseCell reads a cell as the DataFrame's CSV does: true/false, numbers, strings.
func parseCell(s string) any {
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	return s
}

func readCSV(t *testing.T, name string) (header []string, rows [][]any) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "crowdkit", name+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		row := make([]any, len(r))
		for i, c := range r {
			row[i] = parseCell(c)
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

// compareValues orders numbers before strings before booleans, as the
// binding does; within a kind, the natural order.
func compareValues(a, b any) int {
	rank := func(v any) int {
		switch v.(type) {
		case float64:
			return 0
		case string:
			return 1
		}
		return 2
	}
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra - rb
	}
	switch x := a.(type) {
	case float64:
		y := b.(float64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case string:
		return strings.Compare(x, b.(string))
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	}
	return 0
}

// dataset is a coded classification dataset with the values behind its codes.
type dataset struct {
	answers                *Answers
	tasks, workers, labels *Coder[any]
}

func loadDataset(t *testing.T, name string) *dataset {
	header, rows := readCSV(t, name)
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	d := &dataset{answers: &Answers{}, tasks: NewCoder[any](), workers: NewCoder[any](), labels: NewCoder[any]()}
	a := d.answers
	for _, r := range rows {
		a.Task = append(a.Task, d.tasks.Code(r[col["task"]]))
		a.Worker = append(a.Worker, d.workers.Code(r[col["worker"]]))
		a.Label = append(a.Label, d.labels.Code(r[col["label"]]))
	}
	Recode(a.Task, d.tasks.Sort(compareValues))
	Recode(a.Worker, d.workers.Sort(compareValues))
	Recode(a.Label, d.labels.Sort(compareValues))
	a.NumTasks, a.NumWorkers, a.NumLabels = d.tasks.Len(), d.workers.Len(), d.labels.Len()
	return d
}

func (d *dataset) truth(t *testing.T, name string) *Truth {
	_, rows := readCSV(t, name)
	tr := &Truth{}
	for _, r := range rows {
		task, ok := d.tasks.Lookup(r[0])
		if !ok {
			continue
		}
		l, ok := d.labels.Lookup(r[1])
		if !ok {
			l = -1
		}
		tr.Task = append(tr.Task, task)
		tr.Label = append(tr.Label, l)
	}
	return tr
}

// got is what an aggregator produced, keyed like the expected values.
type got map[string]any

func series(keys []any, values []float64) map[any]float64 {
	m := map[any]float64{}
	for i, k := range keys {
		if !math.IsNaN(values[i]) {
			m[k] = values[i]
		}
	}
	return m
}

func labelSeries(keys []any, labels []int32, names []any) map[any]any {
	m := map[any]any{}
	for i, l := range labels {
		if l >= 0 {
			m[keys[i]] = names[l]
		}
	}
	return m
}

func frame(rowKeys, colKeys []any, m Matrix) map[[2]any]float64 {
	out := map[[2]any]float64{}
	for i, rk := range rowKeys {
		for j, ck := range colKeys {
			out[[2]any{rk, ck}] = m.At(i, j)
		}
	}
	return out
}

func errorFrame(d *dataset, e *ErrorMatrices) map[[2]any]float64 {
	out := map[[2]any]float64{}
	for i := 0; i < e.Len(); i++ {
		for c, v := range e.Row(i) {
			out[[2]any{[2]any{d.workers.Keys()[e.Worker[i]], d.labels.Keys()[e.Label[i]]}, d.labels.Keys()[c]}] = v
		}
	}
	return out
}

// worstDiff is the largest difference seen in a passing comparison, for the log.
var worstDiff struct {
	diff  float64
	where string
}

var current string // the case being compared, for worstDiff

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	d := math.Abs(a - b)
	if d <= tolerance && d > worstDiff.diff {
		worstDiff.diff, worstDiff.where = d, current
	}
	return d <= tolerance
}

func num(v any) float64 {
	if v == nil {
		return math.NaN()
	}
	return v.(float64)
}

func key(v any) any {
	if l, ok := v.([]any); ok {
		return [2]any{l[0], l[1]}
	}
	return v
}

// check compares one expected attribute with what the Go code produced.
func check(t *testing.T, attr string, want encoded, have any) {
	t.Helper()
	switch h := have.(type) {
	case map[any]any: // labels
		vals := want.Values.([]any)
		if len(vals) != len(h) {
			t.Errorf("%s: %d labels, crowd-kit has %d", attr, len(h), len(vals))
		}
		for i, k := range want.Index {
			if got, ok := h[key(k)]; !ok || got != vals[i] {
				t.Errorf("%s[%v] = %v, crowd-kit says %v", attr, k, got, vals[i])
			}
		}
	case map[any]float64: // series of numbers
		vals := want.Values.([]any)
		n := 0
		for i, k := range want.Index {
			w := num(vals[i])
			if math.IsNaN(w) {
				continue
			}
			n++
			if got, ok := h[key(k)]; !ok || !near(got, w) {
				t.Errorf("%s[%v] = %v, crowd-kit says %v", attr, k, got, w)
			}
		}
		if n != len(h) {
			t.Errorf("%s: %d values, crowd-kit has %d", attr, len(h), n)
		}
	case map[[2]any]float64: // frames
		rows := want.Values.([]any)
		n := 0
		for i, rk := range want.Index {
			for j, ck := range want.Columns {
				w := num(rows[i].([]any)[j])
				got, ok := h[[2]any{key(rk), ck}]
				if !ok && math.IsNaN(w) {
					continue
				}
				n++
				if !ok || !near(got, w) {
					t.Errorf("%s[%v, %v] = %v, crowd-kit says %v", attr, rk, ck, got, w)
				}
			}
		}
		if n != len(h) {
			t.Errorf("%s: %d cells, crowd-kit has %d", attr, len(h), n)
		}
	case []float64: // lists
		vals, _ := want.Values.([]any)
		if want.Kind == "scalar" {
			vals = []any{want.Value}
		}
		if len(vals) != len(h) {
			t.Errorf("%s: %d values, crowd-kit has %d: %v vs %v", attr, len(h), len(vals), h, vals)
			return
		}
		for i, v := range vals {
			if !near(h[i], num(v)) {
				t.Errorf("%s[%d] = %v, crowd-kit says %v", attr, i, h[i], v)
			}
		}
	case Matrix: // numpy arrays
		rows := want.Values.([]any)
		if len(rows) != h.Rows {
			t.Errorf("%s: %d rows, crowd-kit has %d", attr, h.Rows, len(rows))
			return
		}
		for i, r := range rows {
			for j, v := range r.([]any) {
				if !near(h.At(i, j), num(v)) {
					t.Errorf("%s[%d][%d] = %v, crowd-kit says %v", attr, i, j, h.At(i, j), v)
				}
			}
		}
	default:
		t.Fatalf("%s: cannot compare %T", attr, have)
	}
}

func param(c crowdkitCase, name string, def float64) float64 {
	if v, ok := c.Params[name]; ok && v != nil {
		return v.(float64)
	}
	return def
}

func paramString(c crowdkitCase, name, def string) string {
	if v, ok := c.Params[name].(string); ok {
		return v
	}
	return def
}

func TestCrowdKitEquality(t *testing.T) {
	ran := map[string]int{}
	for _, c := range loadCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			run, ok := runners[c.Class+c.Metric]
			if !ok {
				t.Fatalf("no runner for %s%s", c.Class, c.Metric)
			}
			current = c.Name
			if c.Error != "" {
				// crowd-kit fails here, so there is nothing to equal; ours must
				// still give an answer rather than an error.
				if _, err := run(t, c); err != nil {
					t.Fatalf("crowd-kit fails on this case (%s), and so does this: %v", c.Error, err)
				}
				return
			}
			out, err := run(t, c)
			if err != nil {
				t.Fatal(err)
			}
			attrs := make([]string, 0, len(c.Expected))
			for a := range c.Expected {
				attrs = append(attrs, a)
			}
			sort.Strings(attrs)
			for _, a := range attrs {
				have, ok := out[a]
				if !ok {
					t.Errorf("%s: not produced", a)
					continue
				}
				check(t, a, c.Expected[a], have)
			}
			ran[c.Class+c.Metric]++
		})
	}
	t.Logf("compared with crowd-kit: %v; the largest difference: %.3g (%s)", ran, worstDiff.diff, worstDiff.where)
}

type runner func(t *testing.T, c crowdkitCase) (got, error)

var runners = map[string]runner{}

func (d *dataset) outLabels(labels []int32) map[any]any {
	return labelSeries(d.tasks.Keys(), labels, d.labels.Keys())
}

func (d *dataset) outProbas(m Matrix) map[[2]any]float64 {
	return frame(d.tasks.Keys(), d.labels.Keys(), m)
}

func (d *dataset) outWorkers(v []float64) map[any]float64 { return series(d.workers.Keys(), v) }

func (d *dataset) outLabelValues(v []float64) map[any]float64 { return series(d.labels.Keys(), v) }

func (d *dataset) skills(t *testing.T, c crowdkitCase, arg string) []float64 {
	m := c.Args[arg].(map[string]any)["skills"].(map[string]any)
	out := nanSlice(d.answers.NumWorkers)
	for k, v := range m {
		if w, ok := d.workers.Lookup(k); ok {
			out[w] = v.(float64)
		}
	}
	return out
}

func (d *dataset) argTruth(t *testing.T, c crowdkitCase, arg string) *Truth {
	s, ok := c.Args[arg].(string)
	if !ok {
		return nil
	}
	return d.truth(t, strings.TrimPrefix(s, "gold:"))
}

func (d *dataset) initialError(t *testing.T, c crowdkitCase) *ErrorMatrices {
	s, ok := c.Args["initial_error"].(string)
	if !ok {
		return nil
	}
	header, rows := readCSV(t, strings.TrimPrefix(s, "error:"))
	a := d.answers
	m := NewErrorMatrices(a.NumLabels)
	for _, r := range rows {
		w, ok1 := d.workers.Lookup(r[0])
		l, ok2 := d.labels.Lookup(r[1])
		if !ok1 || !ok2 {
			t.Fatalf("initial error row %v: unknown worker or label", r)
		}
		row := make([]float64, a.NumLabels)
		for j, h := range header[2:] {
			c, ok := d.labels.Lookup(parseCell(h))
			if !ok {
				t.Fatalf("initial error column %q: unknown label", h)
			}
			row[c] = r[2+j].(float64)
		}
		m.Set(w, l, row)
	}
	return m
}

func init() {
	runners["MajorityVote"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		mv := NewMajorityVote()
		mv.OnMissingSkill = paramString(c, "on_missing_skill", MissingSkillError)
		if v, ok := c.Params["default_skill"].(float64); ok {
			mv.DefaultSkill = &v
		}
		var skills []float64
		if _, ok := c.Args["skills"]; ok {
			skills = d.skills(t, c, "skills")
		}
		if err := mv.Fit(ctx, d.answers, skills); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(mv.Labels), "probas_": d.outProbas(mv.Probas), "skills_": d.outWorkers(mv.Skills)}, nil
	}
	runners["Wawa"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		var w Wawa
		if err := w.FitPredict(ctx, d.answers); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(w.Labels), "probas_": d.outProbas(w.Probas), "skills_": d.outWorkers(w.Skills)}, nil
	}
	runners["GoldMajorityVote"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		var g GoldMajorityVote
		if err := g.FitPredict(ctx, d.answers, d.argTruth(t, c, "true_labels")); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(g.Labels), "probas_": d.outProbas(g.Probas), "skills_": d.outWorkers(g.Skills)}, nil
	}
	runners["ZeroBasedSkill"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		z := NewZeroBasedSkill()
		z.NIter = int(param(c, "n_iter", 100))
		z.LRInit = param(c, "lr_init", 1)
		z.LRStepsToReduce = int(param(c, "lr_steps_to_reduce", 20))
		z.LRReduceFactor = param(c, "lr_reduce_factor", 0.5)
		z.Eps = param(c, "eps", 1e-5)
		if err := z.FitPredict(ctx, d.answers); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(z.Labels), "probas_": d.outProbas(z.Probas), "skills_": d.outWorkers(z.Skills)}, nil
	}
	runners["DawidSkene"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		ds := NewDawidSkene()
		ds.NIter = int(param(c, "n_iter", 100))
		ds.Tol = param(c, "tol", 1e-5)
		ds.InitialErrorStrategy = paramString(c, "initial_error_strategy", "")
		if err := ds.Fit(ctx, d.answers, d.argTruth(t, c, "true_labels"), d.initialError(t, c)); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(ds.Labels), "probas_": d.outProbas(ds.Probas), "priors_": d.outLabelValues(ds.Priors),
			"errors_": errorFrame(d, ds.Errors), "loss_history_": ds.LossHistory}, nil
	}
	runners["OneCoinDawidSkene"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		oc := NewOneCoinDawidSkene()
		oc.NIter = int(param(c, "n_iter", 100))
		oc.Tol = param(c, "tol", 1e-5)
		if err := oc.Fit(ctx, d.answers); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(oc.Labels), "probas_": d.outProbas(oc.Probas), "priors_": d.outLabelValues(oc.Priors),
			"errors_": errorFrame(d, oc.Errors), "loss_history_": oc.LossHistory, "skills_": d.outWorkers(oc.Skills)}, nil
	}
}

func init() {
	runners["GLAD"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		g := NewGLAD()
		g.NIter = int(param(c, "n_iter", 100))
		g.Tol = param(c, "tol", 1e-5)
		g.MStepMaxIter = int(param(c, "m_step_max_iter", 25))
		g.MStepTol = param(c, "m_step_tol", 1e-2)
		if err := g.Fit(ctx, d.answers); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(g.Labels), "probas_": d.outProbas(g.Probas), "priors_": d.outLabelValues(g.Priors),
			"alphas_": d.outWorkers(g.Alphas), "betas_": series(d.tasks.Keys(), g.Betas), "loss_history_": g.LossHistory}, nil
	}
}

func init() {
	runners["KOS"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		k := NewKOS()
		k.NIter = int(param(c, "n_iter", 100))
		k.RandomState = Seed(int64(param(c, "random_state", 0)))
		if err := k.Fit(ctx, d.answers); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(k.Labels)}, nil
	}
}

func init() {
	runners["MACE"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		m := NewMACE()
		m.NRestarts = int(param(c, "n_restarts", 10))
		m.NIter = int(param(c, "n_iter", 50))
		m.Method = paramString(c, "method", "vb")
		m.Smoothing = param(c, "smoothing", 0.1)
		m.DefaultNoise = param(c, "default_noise", 0.5)
		m.Alpha = param(c, "alpha", 0.5)
		m.Beta = param(c, "beta", 0.5)
		m.RandomState = Seed(int64(param(c, "random_state", 0)))
		if err := m.Fit(ctx, d.answers); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(m.Labels), "probas_": d.outProbas(m.Probas), "thetas_": m.Thetas, "spamming_": m.Spamming}, nil
	}
}

func init() {
	runners["MMSR"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		m := NewMMSR()
		m.NIter = int(param(c, "n_iter", 10000))
		m.Tol = param(c, "tol", 1e-10)
		m.RandomState = Seed(int64(param(c, "random_state", 0)))
		if err := m.FitPredict(ctx, d.answers); err != nil {
			return nil, err
		}
		return got{"labels_": d.outLabels(m.Labels), "scores_": d.outProbas(m.Scores), "skills_": d.outWorkers(m.Skills),
			"loss_history_": m.LossHistory}, nil
	}
}

// pairsSet is a coded pairwise dataset.
type pairsSet struct {
	pairs          *Pairs
	workers, items *Coder[any]
}

func loadPairs(t *testing.T, name string) *pairsSet {
	header, rows := readCSV(t, name)
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	d := &pairsSet{pairs: &Pairs{}, workers: NewCoder[any](), items: NewCoder[any]()}
	p := d.pairs
	for _, r := range rows {
		p.Worker = append(p.Worker, d.workers.Code(r[col["worker"]]))
		p.Left = append(p.Left, d.items.Code(r[col["left"]]))
		p.Right = append(p.Right, d.items.Code(r[col["right"]]))
		p.Label = append(p.Label, d.items.Code(r[col["label"]]))
	}
	Recode(p.Worker, d.workers.Sort(compareValues))
	remap := d.items.Sort(compareValues)
	Recode(p.Left, remap)
	Recode(p.Right, remap)
	Recode(p.Label, remap)
	p.NumWorkers, p.NumItems = d.workers.Len(), d.items.Len()
	return d
}

func init() {
	runners["BradleyTerry"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadPairs(t, c.Dataset)
		bt := NewBradleyTerry(int(param(c, "n_iter", 0)))
		bt.Tol = param(c, "tol", 1e-5)
		if err := bt.Fit(ctx, d.pairs); err != nil {
			return nil, err
		}
		return got{"scores_": series(d.items.Keys(), bt.Scores), "loss_history_": bt.LossHistory}, nil
	}
	runners["NoisyBradleyTerry"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadPairs(t, c.Dataset)
		nb := NewNoisyBradleyTerry()
		nb.NIter = int(param(c, "n_iter", 100))
		nb.Tol = param(c, "tol", 1e-5)
		nb.RegularizationRatio = param(c, "regularization_ratio", 1e-5)
		nb.RandomState = Seed(int64(param(c, "random_state", 0)))
		if err := nb.Fit(ctx, d.pairs); err != nil {
			return nil, err
		}
		return got{"scores_": series(d.items.Keys(), nb.Scores), "skills_": series(d.workers.Keys(), nb.Skills),
			"biases_": series(d.workers.Keys(), nb.Biases)}, nil
	}
}

// aggregateFor runs the aggregator a metric case names (MajorityVote by
// default) and returns its labels and skills.
func aggregateFor(t *testing.T, c crowdkitCase, d *dataset) ([]int32, []float64) {
	switch c.Args["aggregator"] {
	case "aggregator:OneCoinDawidSkene":
		oc := NewOneCoinDawidSkene()
		if err := oc.Fit(ctx, d.answers); err != nil {
			t.Fatal(err)
		}
		return oc.Labels, oc.Skills
	case "aggregator:Wawa":
		var w Wawa
		if err := w.FitPredict(ctx, d.answers); err != nil {
			t.Fatal(err)
		}
		return w.Labels, w.Skills
	}
	mv := NewMajorityVote()
	if err := mv.Fit(ctx, d.answers, nil); err != nil {
		t.Fatal(err)
	}
	return mv.Labels, mv.Skills
}

func init() {
	runners["consistency"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		labels, skills := aggregateFor(t, c, d)
		if _, ok := c.Args["workers_skills"]; ok {
			skills = d.skills(t, c, "workers_skills")
		}
		perTask, mean, err := Consistency(d.answers, skills, labels)
		if err != nil {
			return nil, err
		}
		if c.Params["by_task"] == true {
			return got{"result": series(d.tasks.Keys(), perTask)}, nil
		}
		return got{"result": []float64{mean}}, nil
	}
	runners["uncertainty"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		var skills []float64
		if _, ok := c.Args["workers_skills"]; ok {
			skills = d.skills(t, c, "workers_skills")
		} else if _, ok := c.Args["aggregator"]; ok {
			_, skills = aggregateFor(t, c, d)
		}
		byWorker := c.Params["compute_by"] == "worker"
		per, mean, err := Uncertainty(d.answers, skills, byWorker)
		if err != nil {
			return nil, err
		}
		if c.Params["aggregate"] == false {
			keys := d.tasks.Keys()
			if byWorker {
				keys = d.workers.Keys()
			}
			return got{"result": series(keys, per)}, nil
		}
		return got{"result": []float64{mean}}, nil
	}
	runners["accuracy_on_aggregates"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		labels, _ := aggregateFor(t, c, d)
		per, total, err := AccuracyOnLabels(d.answers, labels)
		if err != nil {
			return nil, err
		}
		if c.Params["by"] == "worker" {
			return got{"result": d.outWorkers(per)}, nil
		}
		return got{"result": []float64{total}}, nil
	}
	runners["golden_set_accuracy"] = func(t *testing.T, c crowdkitCase) (got, error) {
		d := loadDataset(t, c.Dataset)
		per, total, err := Accuracy(d.answers, d.argTruth(t, c, "true_labels"))
		if err != nil {
			return nil, err
		}
		if v, ok := c.Params["by"]; ok && v == nil {
			return got{"result": []float64{total}}, nil
		}
		return got{"result": d.outWorkers(per)}, nil
	}
}
