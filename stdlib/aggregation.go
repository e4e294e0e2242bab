package stdlib

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/aggregation"
	"github.com/tolokash/tolokash/client"
)

// require('toloka/aggregation'): crowd-kit's aggregators and metrics over
// DataFrames, computed by the aggregation package. Classes, methods, options
// and attributes carry crowd-kit's names; methods answer to camelCase and
// snake_case alike; options are one object with the Python names.

// AggregationModule is the module's name for require.
const AggregationModule = "toloka/aggregation"

// aggClass describes one class: its options, its methods' extra arguments
// and the attributes fitting leaves.
type aggClass struct {
	name     string
	doc      string // what it does, for help and the declarations
	options  []aggOption
	pairwise bool
	fitArgs  []string // positional arguments after the data
	predict  bool     // has predict/predictProba: fit learns skills, predict votes
	proba    bool     // has fitPredictProba
	score    bool     // has predictScore/fitPredictScore (MMSR)
	attrs    []string // crowd-kit's fitted attributes, with the underscore
	fit      func(c *aggCall) (aggResult, error)
	vote     func(c *aggCall) (aggResult, error) // predict, for classes with predict
}

// aggResult is what metrics need from a fit, by code.
type aggResult struct {
	labels []int32   // per task; nil for pairwise
	skills []float64 // per worker; nil where the class has none
}

// aggCall is one call of a method: the parsed data, the arguments and options.
type aggCall struct {
	d     *dfBinder
	ctx   context.Context
	est   *estimator
	where string
	in    *aggInput
	args  []goja.Value
	opt   map[string]any
}

// arg is the i-th extra argument, or nil when absent or null/undefined.
func (c *aggCall) arg(i int) goja.Value {
	if i >= len(c.args) || goja.IsUndefined(c.args[i]) || goja.IsNull(c.args[i]) {
		return nil
	}
	return c.args[i]
}

func (c *aggCall) set(attr string, v any) {
	switch x := v.(type) {
	case *Frame:
		c.est.attrs[attr] = c.d.wrap(x)
	case goja.Value:
		c.est.attrs[attr] = x
	default:
		c.est.attrs[attr] = c.d.vm.ToValue(v)
	}
}

func (c *aggCall) int(name string) int       { return int(c.opt[name].(float64)) }
func (c *aggCall) float(name string) float64 { return c.opt[name].(float64) }
func (c *aggCall) seed(name string) *int64 {
	if v, ok := c.opt[name].(float64); ok {
		return aggregation.Seed(int64(v))
	}
	return nil
}
func (c *aggCall) str(name string) string { s, _ := c.opt[name].(string); return s }

// estimator is the Go side of one JS instance.
type estimator struct {
	class  *aggClass
	obj    *goja.Object
	attrs  map[string]goja.Value
	skills map[any]float64 // skills learned by fit, by worker value, for predict
}

const estimatorKey = "__aggregator"

// aggregationModule builds the module's exports.
func aggregationModule(vm *goja.Runtime, module *goja.Object) {
	d, ok := binderOf(vm)
	if !ok {
		panic(vm.NewGoError(errNoRegister))
	}
	e := module.Get("exports").ToObject(vm)
	tag(vm, e, AggregationModule) // help() and completion: aggregation_decl.go
	ctors := map[string]*goja.Object{}
	for _, class := range aggClasses() {
		ctors[class.name] = d.aggConstructor(class).(*goja.Object)
		e.Set(class.name, ctors[class.name])
	}
	metrics := vm.NewObject()
	tag(vm, metrics, "AggregationMetrics")
	for _, m := range d.aggMetrics(ctors["MajorityVote"]) {
		fn := vm.ToValue(m.fn).(*goja.Object)
		fn.DefineDataProperty("name", vm.ToValue(m.name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		for _, name := range []string{m.name, snakeCase(m.name)} {
			metrics.Set(name, fn)
			e.Set(name, fn)
		}
	}
	e.Set("metrics", metrics)
}

func (d *dfBinder) aggConstructor(class *aggClass) goja.Value {
	vm := d.vm
	proto := vm.NewObject()
	methods := map[string]func(est *estimator, call goja.FunctionCall) goja.Value{
		"fit": func(est *estimator, call goja.FunctionCall) goja.Value {
			d.aggFit(est, "fit", call)
			return call.This
		},
		"fitPredict": func(est *estimator, call goja.FunctionCall) goja.Value {
			d.aggFit(est, "fitPredict", call)
			if class.predict {
				d.aggPredict(est, "fitPredict", call.Argument(0))
			}
			if class.pairwise {
				return est.attrs["scores_"]
			}
			return est.attrs["labels_"]
		},
	}
	if class.proba {
		methods["fitPredictProba"] = func(est *estimator, call goja.FunctionCall) goja.Value {
			d.aggFit(est, "fitPredictProba", call)
			if class.predict {
				d.aggPredict(est, "fitPredictProba", call.Argument(0))
			}
			return est.attrs["probas_"]
		}
	}
	if class.predict {
		methods["predict"] = func(est *estimator, call goja.FunctionCall) goja.Value {
			d.aggPredict(est, "predict", call.Argument(0))
			return est.attrs["labels_"]
		}
		if class.proba {
			methods["predictProba"] = func(est *estimator, call goja.FunctionCall) goja.Value {
				d.aggPredict(est, "predictProba", call.Argument(0))
				return est.attrs["probas_"]
			}
		}
	}
	if class.score {
		methods["predictScore"] = func(est *estimator, call goja.FunctionCall) goja.Value {
			d.aggPredict(est, "predictScore", call.Argument(0))
			return est.attrs["scores_"]
		}
		methods["fitPredictScore"] = func(est *estimator, call goja.FunctionCall) goja.Value {
			d.aggFit(est, "fitPredictScore", call)
			d.aggPredict(est, "fitPredictScore", call.Argument(0))
			return est.attrs["scores_"]
		}
	}
	for name, m := range methods {
		where := class.name + "." + name
		fn := vm.ToValue(func(call goja.FunctionCall) goja.Value { return m(d.estimatorOf(call.This, where), call) }).(*goja.Object)
		fn.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
		proto.Set(name, fn)
		if snake := snakeCase(name); snake != name {
			proto.Set(snake, fn)
		}
	}
	for _, attr := range class.attrs {
		getter := vm.ToValue(func(call goja.FunctionCall) goja.Value {
			est := d.estimatorOf(call.This, class.name+"."+attr)
			if v, ok := est.attrs[attr]; ok {
				return v
			}
			next := "fit"
			if class.predict && (attr == "labels_" || attr == "probas_" || attr == "scores_") {
				next = "predict"
			}
			panic(vm.NewGoError(fmt.Errorf("%s.%s: not there yet; call %s(data) first", class.name, attr, next)))
		})
		proto.DefineAccessorProperty(attr, getter, nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
		// Also without the underscore, unless an option has that name (MACE's smoothing).
		if alias := strings.TrimSuffix(attr, "_"); !hasOption(class, alias) {
			proto.DefineAccessorProperty(alias, getter, nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
		}
	}
	proto.Set("toString", func(call goja.FunctionCall) goja.Value {
		est := d.estimatorOf(call.This, class.name+".toString")
		var parts []string
		for _, o := range class.options {
			parts = append(parts, fmt.Sprintf("%s=%s", o.name, est.obj.Get(o.name)))
		}
		return vm.ToValue(class.name + "(" + strings.Join(parts, ", ") + ")")
	})
	ctor := vm.ToValue(func(call goja.ConstructorCall) *goja.Object {
		obj := vm.CreateObject(proto)
		est := &estimator{class: class, obj: obj, attrs: map[string]goja.Value{}}
		obj.DefineDataProperty(estimatorKey, vm.ToValue(est), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
		d.aggOptionsFrom(class, obj, call.Arguments)
		return obj
	}).(*goja.Object)
	ctor.Set("prototype", proto)
	proto.DefineDataProperty("constructor", ctor, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	tag(vm, proto, class.name) // help(new DawidSkene()), help(DawidSkene): aggregation_decl.go
	tag(vm, ctor, class.name)
	ctor.DefineDataProperty("name", vm.ToValue(class.name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return ctor
}

func (d *dfBinder) estimatorOf(v goja.Value, where string) *estimator {
	if obj, ok := v.(*goja.Object); ok {
		if h := obj.Get(estimatorKey); h != nil {
			if est, ok := h.Export().(*estimator); ok {
				return est
			}
		}
	}
	panic(d.vm.NewTypeError("%s: call it on an aggregator, e.g. new DawidSkene().fit(df)", where))
}

// newCall parses the data for a method of est.
func (d *dfBinder) newCall(est *estimator, method string, data goja.Value, args []goja.Value) *aggCall {
	where := est.class.name + "." + method
	opt := d.readOptions(est, where)
	c := &aggCall{d: d, ctx: d.opts.Context(), est: est, where: where, args: args, opt: opt}
	f := d.frameOf(data, where+": the data")
	mapping, _ := opt["columns"].(map[string]string)
	var err error
	if est.class.pairwise {
		c.in, err = readPairs(f, mapping, where)
	} else {
		c.in, err = readAnswers(f, mapping, where)
	}
	if err != nil {
		d.throw("%v", err)
	}
	return c
}

func (d *dfBinder) aggFit(est *estimator, method string, call goja.FunctionCall) aggResult {
	var args []goja.Value
	if len(call.Arguments) > 1 {
		args = call.Arguments[1:]
	}
	if max := len(est.class.fitArgs); len(args) > max {
		panic(d.vm.NewTypeError("%s.%s: %d arguments after the data, but it takes at most %d (%s)", est.class.name, method,
			len(args), max, strings.Join(est.class.fitArgs, ", ")))
	}
	c := d.newCall(est, method, call.Argument(0), args)
	clear(est.attrs)
	res, err := est.class.fit(c)
	if err != nil {
		d.throwAgg(c, err)
	}
	if res.skills != nil && est.class.predict {
		est.skills = map[any]float64{}
		for w, s := range res.skills {
			if !math.IsNaN(s) {
				est.skills[c.in.workers.Keys()[w]] = s
			}
		}
	}
	return res
}

func (d *dfBinder) aggPredict(est *estimator, method string, data goja.Value) aggResult {
	if est.skills == nil {
		d.throw("%s.%s: not fitted yet; call fit(data) first", est.class.name, method)
	}
	c := d.newCall(est, method, data, nil)
	res, err := est.class.vote(c)
	if err != nil {
		d.throwAgg(c, err)
	}
	return res
}

// skillsFor is the fitted skills, per worker of c's data (NaN: unknown).
func (c *aggCall) skillsFor() []float64 {
	out := make([]float64, c.in.workers.Len())
	for w, key := range c.in.workers.Keys() {
		s, ok := c.est.skills[key]
		if !ok {
			s = math.NaN()
		}
		out[w] = s
	}
	return out
}

// throwAgg throws err, naming values rather than the codes the package uses.
func (d *dfBinder) throwAgg(c *aggCall, err error) {
	var missing *aggregation.MissingSkillsError
	if errors.As(err, &missing) {
		d.throw("%s: %d answers come from workers without a skill (%v is one); give every worker a skill "+
			"or use on_missing_skill 'ignore' or 'value'", c.where, missing.Answers, c.in.workers.Keys()[missing.Worker])
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		d.throw("%s: stopped: %v", c.where, err)
	}
	d.throw("%s: %s", c.where, strings.TrimPrefix(err.Error(), "aggregation: "))
}

// snakeCase turns fitPredictProba into fit_predict_proba.
func snakeCase(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func closest(got string, names []string) string {
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	return client.Suggest(got, sorted)
}
