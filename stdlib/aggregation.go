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

type optKind int

const (
	optInt     optKind = iota // a whole number ≥ 0
	optFloat                  // a number
	optChoice                 // one of choices (or null when nullable)
	optBool                   // true or false
	optSeed                   // null or 0..2³²-1
	optSeries                 // null or a Series-like value, read at fit
	optColumns                // null or {role: column}
)

// aggOption is one of a class's options, in crowd-kit's order (positional
// constructor arguments follow it).
type aggOption struct {
	name     string
	kind     optKind
	def      any // the default, as a JS value would export: float64, string, bool, nil
	choices  []string
	nullable bool
	required bool // no default: the constructor must get it
}

// aggClass describes one class: its options, its methods' extra arguments
// and the attributes fitting leaves.
type aggClass struct {
	name     string
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
	for _, class := range aggClasses() {
		e.Set(class.name, d.aggConstructor(class))
	}
	metrics := vm.NewObject()
	for _, m := range d.aggMetrics() {
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
		m := m
		where := class.name + "." + name
		fn := vm.ToValue(func(call goja.FunctionCall) goja.Value { return m(d.estimatorOf(call.This, where), call) })
		proto.Set(name, fn)
		if snake := snakeCase(name); snake != name {
			proto.Set(snake, fn)
		}
	}
	for _, attr := range class.attrs {
		attr := attr
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
	ctor.DefineDataProperty("name", vm.ToValue(class.name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return ctor
}

// aggOptionsFrom sets the instance's options: positional arguments in
// crowd-kit's order, then a trailing object of named ones, then defaults.
func (d *dfBinder) aggOptionsFrom(class *aggClass, obj *goja.Object, args []goja.Value) {
	vm := d.vm
	given := map[string]goja.Value{}
	positional := args
	if n := len(args); n > 0 {
		if o, ok := args[n-1].(*goja.Object); ok && o.ClassName() == "Object" && o.Get(frameKey) == nil {
			positional = args[:n-1]
			names := make([]string, len(class.options))
			for i, opt := range class.options {
				names[i] = opt.name
			}
			for _, k := range o.Keys() {
				if !slicesContains(names, k) {
					panic(vm.NewTypeError("new %s: unknown option %q; the options are %s%s", class.name, k,
						strings.Join(names, ", "), suggestIn(snakeCase(k), names)))
				}
				given[k] = o.Get(k)
			}
		}
	}
	if len(positional) > len(class.options) {
		panic(vm.NewTypeError("new %s: %d arguments, but it takes at most %d (%s)", class.name, len(positional),
			len(class.options), optionNames(class)))
	}
	for i, v := range positional {
		name := class.options[i].name
		if _, dup := given[name]; dup {
			panic(vm.NewTypeError("new %s: %s is given twice", class.name, name))
		}
		given[name] = v
	}
	for _, opt := range class.options {
		v, ok := given[opt.name]
		if !ok || goja.IsUndefined(v) {
			if opt.required {
				panic(vm.NewTypeError("new %s: %s is required, e.g. new %s({%s: 100})", class.name, opt.name, class.name, opt.name))
			}
			v = vm.ToValue(opt.def)
		}
		if _, err := checkOption(opt, v); err != nil {
			panic(vm.NewTypeError("new %s: %v", class.name, err))
		}
		obj.Set(opt.name, v)
	}
}

func hasOption(class *aggClass, name string) bool {
	for _, o := range class.options {
		if o.name == name {
			return true
		}
	}
	return false
}

func optionNames(class *aggClass) string {
	var names []string
	for _, o := range class.options {
		names = append(names, o.name)
	}
	return strings.Join(names, ", ")
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// checkOption validates an option's value and returns it as Go data.
func checkOption(opt aggOption, v goja.Value) (any, error) {
	isNull := v == nil || goja.IsNull(v) || goja.IsUndefined(v)
	num, isNum := v.Export().(float64)
	if i, ok := v.Export().(int64); ok {
		num, isNum = float64(i), true
	}
	switch opt.kind {
	case optInt:
		if !isNum || num < 0 || num != math.Trunc(num) || math.IsInf(num, 0) {
			return nil, fmt.Errorf("%s must be a whole number ≥ 0, not %s", opt.name, v)
		}
		return num, nil
	case optFloat:
		if !isNum || math.IsNaN(num) {
			if opt.nullable && isNull {
				return nil, nil
			}
			return nil, fmt.Errorf("%s must be a number, not %s", opt.name, v)
		}
		return num, nil
	case optChoice:
		if isNull && opt.nullable {
			return nil, nil
		}
		s, _ := v.Export().(string)
		if !slicesContains(opt.choices, s) {
			return nil, fmt.Errorf("%s must be %s, not %s", opt.name, quoteChoices(opt), v)
		}
		return s, nil
	case optBool:
		b, ok := v.Export().(bool)
		if !ok {
			return nil, fmt.Errorf("%s must be true or false, not %s", opt.name, v)
		}
		return b, nil
	case optSeed:
		if isNull {
			return nil, nil
		}
		if !isNum || num < 0 || num > math.MaxUint32 || num != math.Trunc(num) {
			return nil, fmt.Errorf("%s must be null or a whole number from 0 to 2^32-1, not %s", opt.name, v)
		}
		return num, nil
	case optSeries:
		if isNull {
			return nil, nil
		}
		if _, ok := v.(*goja.Object); !ok {
			return nil, fmt.Errorf("%s must be a DataFrame, an object or a Map, not %s", opt.name, v)
		}
		return v, nil
	case optColumns:
		if isNull {
			return map[string]string(nil), nil
		}
		o, ok := v.(*goja.Object)
		if !ok || o.ClassName() != "Object" {
			return nil, fmt.Errorf("columns must be an object such as {task: 'INPUT:text', worker: 'ASSIGNMENT:worker_id', label: 'OUTPUT:label'}, not %s", v)
		}
		m := map[string]string{}
		for _, k := range o.Keys() {
			s, ok := o.Get(k).Export().(string)
			if !ok {
				return nil, fmt.Errorf("columns.%s must be a column name, not %s", k, o.Get(k))
			}
			m[k] = s
		}
		return m, nil
	}
	return nil, fmt.Errorf("%s: unknown kind", opt.name)
}

func quoteChoices(opt aggOption) string {
	var q []string
	for _, c := range opt.choices {
		q = append(q, fmt.Sprintf("%q", c))
	}
	if opt.nullable {
		q = append(q, "null")
	}
	return strings.Join(q, ", ")
}

// readOptions reads the instance's options as they are now (they are
// writable properties, as crowd-kit's are attributes).
func (d *dfBinder) readOptions(est *estimator, where string) map[string]any {
	out := map[string]any{}
	for _, opt := range est.class.options {
		v, err := checkOption(opt, est.obj.Get(opt.name))
		if err != nil {
			panic(d.vm.NewTypeError("%s: %v", where, err))
		}
		out[opt.name] = v
	}
	return out
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
