package stdlib

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/aggregation"
)

// crowd-kit's metrics (crowdkit.metrics.data and .workers) and the golden
// set accuracy crowd-kit computes with get_accuracy: answers first, crowd-kit's
// keyword arguments in an options object.

type aggMetric struct {
	name string
	fn   func(goja.FunctionCall) goja.Value
}

// metricOptions reads a metric's options, refusing names it does not take.
func (d *dfBinder) metricOptions(v goja.Value, where string, names ...string) map[string]goja.Value {
	out := map[string]goja.Value{}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return out
	}
	o, ok := v.(*goja.Object)
	if !ok || o.ClassName() != "Object" || o.Get(frameKey) != nil {
		panic(d.vm.NewTypeError("%s: expected an options object {%s}, got %s", where, strings.Join(names, ", "), v))
	}
	for _, k := range o.Keys() {
		if !slices.Contains(names, k) {
			panic(d.vm.NewTypeError("%s: unknown option %q; it takes %s%s", where, k, strings.Join(names, ", "),
				suggestIn(snakeCase(k), names)))
		}
		if x := o.Get(k); !goja.IsUndefined(x) && !goja.IsNull(x) {
			out[k] = x
		}
	}
	return out
}

// metricInput parses the answers a metric gets.
func (d *dfBinder) metricInput(data goja.Value, opts map[string]goja.Value, where string) *aggInput {
	var mapping map[string]string
	if v, ok := opts["columns"]; ok {
		m, err := checkOption(columnsOption, v)
		if err != nil {
			panic(d.vm.NewTypeError("%s: %v", where, err))
		}
		mapping = m.(map[string]string)
	}
	in, err := readAnswers(d.frameOf(data, where+": the answers"), mapping, where)
	if err != nil {
		d.throw("%v", err)
	}
	return in
}

// runAggregator fits a JS aggregator on in, as crowd-kit's metrics call
// fit_predict (predict: true) or fit on the aggregator they get.
func (d *dfBinder) runAggregator(v goja.Value, in *aggInput, predict bool, where string) aggResult {
	est := d.estimatorOf(v, where+": aggregator")
	if est.class.pairwise {
		panic(d.vm.NewTypeError("%s: %s compares pairs; the metrics need a classification aggregator", where, est.class.name))
	}
	c := &aggCall{d: d, ctx: d.opts.Context(), est: est, where: where + ": " + est.class.name, in: in,
		opt: d.readOptions(est, where)}
	clear(est.attrs)
	res, err := est.class.fit(c)
	if err != nil {
		d.throwAgg(c, err)
	}
	if est.class.predict {
		est.skills = map[any]float64{}
		for w, s := range res.skills {
			if !math.IsNaN(s) {
				est.skills[in.workers.Keys()[w]] = s
			}
		}
		if predict {
			if res, err = est.class.vote(c); err != nil {
				d.throwAgg(c, err)
			}
		}
	}
	return res
}

// aggMetrics are the metrics, as aggMetricSpecs declare them; majorityVote
// makes their default aggregator.
func (d *dfBinder) aggMetrics(majorityVote *goja.Object) []aggMetric {
	vm := d.vm
	defaultAggregator := func() goja.Value {
		obj, err := vm.New(majorityVote)
		if err != nil {
			panic(err)
		}
		return obj
	}
	skillsOf := func(opts map[string]goja.Value, in *aggInput, res func() aggResult, where string) []float64 {
		if v, ok := opts["workers_skills"]; ok {
			s, err := d.numbersBy(v, in.workers, "worker", []string{"skill"}, where+": workers_skills")
			if err != nil {
				d.throw("%v", err)
			}
			return s
		}
		r := res()
		if r.skills == nil {
			d.throw("%s: this aggregator has no skills_; give workers_skills", where)
		}
		return r.skills
	}
	return []aggMetric{
		{"consistency", func(call goja.FunctionCall) goja.Value {
			const where = "consistency"
			opts := d.metricOptions(call.Argument(1), where, metricOptionNames(where)...)
			in := d.metricInput(call.Argument(0), opts, where)
			agg, ok := opts["aggregator"]
			if !ok {
				agg = defaultAggregator()
			}
			res := d.runAggregator(agg, in, true, where)
			skills := skillsOf(opts, in, func() aggResult { return res }, where)
			per, mean, err := aggregation.Consistency(in.answers, skills, res.labels)
			if err != nil {
				d.throw("%s: %v", where, err)
			}
			if v, ok := opts["by_task"]; ok && v.ToBoolean() {
				return d.wrap(seriesFrame("task", in.tasks.Keys(), "consistency", per))
			}
			return vm.ToValue(mean)
		}},
		{"uncertainty", func(call goja.FunctionCall) goja.Value {
			const where = "uncertainty"
			opts := d.metricOptions(call.Argument(1), where, metricOptionNames(where)...)
			in := d.metricInput(call.Argument(0), opts, where)
			var skills []float64
			if _, ok := opts["workers_skills"]; ok {
				skills = skillsOf(opts, in, nil, where)
			} else if agg, ok := opts["aggregator"]; ok {
				skills = skillsOf(opts, in, func() aggResult { return d.runAggregator(agg, in, false, where) }, where)
			}
			byWorker := false
			if v, ok := opts["compute_by"]; ok {
				switch v.String() {
				case "task":
				case "worker":
					byWorker = true
				default:
					panic(vm.NewTypeError("%s: compute_by must be 'task' or 'worker', not %s", where, v))
				}
			}
			per, mean, err := aggregation.Uncertainty(in.answers, skills, byWorker)
			if err != nil {
				d.throwMetric(where, in, err)
			}
			if v, ok := opts["aggregate"]; ok && !v.ToBoolean() {
				if byWorker {
					return d.wrap(seriesFrame("worker", in.workers.Keys(), "uncertainty", per))
				}
				return d.wrap(seriesFrame("task", in.tasks.Keys(), "uncertainty", per))
			}
			return vm.ToValue(mean)
		}},
		{"accuracyOnAggregates", func(call goja.FunctionCall) goja.Value {
			const where = "accuracyOnAggregates"
			opts := d.metricOptions(call.Argument(1), where, metricOptionNames(where)...)
			in := d.metricInput(call.Argument(0), opts, where)
			var labels []int32
			if v, ok := opts["aggregates"]; ok {
				truth, err := d.truthFrom(v, in, where+": aggregates")
				if err != nil {
					d.throw("%v", err)
				}
				per, total, err := aggregation.Accuracy(in.answers, truth)
				if err != nil {
					d.throw("%s: %v", where, err)
				}
				return d.accuracyResult(opts, in, per, total, where)
			}
			agg, ok := opts["aggregator"]
			if !ok {
				agg = defaultAggregator()
			}
			labels = d.runAggregator(agg, in, true, where).labels
			per, total, err := aggregation.AccuracyOnLabels(in.answers, labels)
			if err != nil {
				d.throw("%s: %v", where, err)
			}
			return d.accuracyResult(opts, in, per, total, where)
		}},
		{"goldenSetAccuracy", func(call goja.FunctionCall) goja.Value {
			const where = "goldenSetAccuracy"
			optsArg, truthArg := call.Argument(1), goja.Undefined()
			if o, ok := optsArg.(*goja.Object); ok && (o.ClassName() != "Object" || o.Get(frameKey) != nil || !onlyOptions(o)) {
				truthArg, optsArg = optsArg, call.Argument(2)
			}
			opts := d.metricOptions(optsArg, where, metricOptionNames(where)...)
			in := d.metricInput(call.Argument(0), opts, where)
			c := &aggCall{d: d, where: where, in: in, args: []goja.Value{truthArg}}
			truth, err := c.truth(0, true)
			if err != nil {
				d.throw("%s: %v", where, err)
			}
			per, total, err := aggregation.Accuracy(in.answers, truth)
			if err != nil {
				d.throw("%s: %v", where, err)
			}
			if _, ok := opts["by"]; !ok && (goja.IsUndefined(optsArg) || !hasKey(optsArg, "by")) {
				opts["by"] = vm.ToValue("worker") // golden set accuracy is per worker unless said otherwise
			}
			return d.accuracyResult(opts, in, per, total, where)
		}},
	}
}

// onlyOptions reports whether a plain object holds only goldenSetAccuracy's
// option names (so it is options, not a {task: label} object).
func onlyOptions(o *goja.Object) bool {
	names := metricOptionNames("goldenSetAccuracy")
	for _, k := range o.Keys() {
		if !slices.Contains(names, k) {
			return false
		}
	}
	return true
}

func hasKey(v goja.Value, k string) bool {
	o, ok := v.(*goja.Object)
	if !ok {
		return false
	}
	for _, x := range o.Keys() {
		if x == k {
			return true
		}
	}
	return false
}

func (d *dfBinder) accuracyResult(opts map[string]goja.Value, in *aggInput, per []float64, total float64, where string) goja.Value {
	by, ok := opts["by"]
	if !ok {
		return d.vm.ToValue(total)
	}
	if by.String() != "worker" {
		panic(d.vm.NewTypeError("%s: by must be 'worker' or null, not %s", where, by))
	}
	return d.wrap(seriesFrame("worker", in.workers.Keys(), "accuracy", per))
}

func (d *dfBinder) throwMetric(where string, in *aggInput, err error) {
	if m, ok := err.(*aggregation.MissingSkillsError); ok {
		d.throw("%s: workers_skills lacks %d workers' skills, %v among them", where, m.Answers, in.workers.Keys()[m.Worker])
	}
	d.throw("%s: %s", where, fmt.Sprint(err))
}
