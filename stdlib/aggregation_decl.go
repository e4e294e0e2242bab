package stdlib

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tolokash/tolokash/internal/decl"
)

// The declarations of require('toloka/aggregation') for `tolokash types`,
// help() and completion, made from the description the module is built from
// (aggClasses, the metrics' specs below), so that the two cannot differ.

// aggAttrs are the fitted attributes: TypeScript type and meaning.
var aggAttrs = map[string]struct{ ts, doc string }{
	"labels_":       {"DataFrame", "task, agg_label: the label each task gets"},
	"probas_":       {"DataFrame", "task, then a column per label: the probability of each"},
	"skills_":       {"DataFrame", "worker, skill"},
	"priors_":       {"DataFrame", "label, prior: how often each label is the true one"},
	"errors_":       {"DataFrame", "worker, label (the one given), then a column per true label: how often a worker gives a label for each true one"},
	"loss_history_": {"number[]", "the loss after each iteration"},
	"alphas_":       {"DataFrame", "worker, alpha: each worker's ability"},
	"betas_":        {"DataFrame", "task, beta: each task's ease (the larger, the easier)"},
	"scores_":       {"DataFrame", "pairwise: label, agg_score, a score per item; MMSR: task, then a column per label"},
	"thetas_":       {"number[][]", "per worker, the probability of each label when spamming"},
	"spamming_":     {"number[][]", "per worker, the probabilities of answering honestly and of spamming"},
	"smoothing_":    {"number", "the smoothing used"},
	"biases_":       {"DataFrame", "worker, bias: each worker's lean to the left item"},
}

// aggFitArgs are the arguments fit takes after the data.
var aggFitArgs = map[string]struct{ ts, doc string }{
	"skills":        {"Series | null", "each worker's skill (worker → skill)"},
	"true_labels":   {"Series<any> | null", "the known labels (task → label); by default the golden column, where there is one"},
	"initial_error": {"DataFrame | null", "the errors to start from: worker, label, then a column per true label"},
}

// aggMetricSpec describes a metric: its options (name → TypeScript type,
// meaning) and what it returns, as the module checks and computes them.
type aggMetricSpec struct {
	name, doc string
	options   [][3]string
	returns   string
	ts        string // the overloads, by the result an option asks for
}

var aggMetricSpecs = []aggMetricSpec{
	{name: "consistency", doc: "How much workers agree with the aggregate, weighted by their skills (crowdkit.metrics.data.consistency).",
		options: [][3]string{
			{"workers_skills", "Series", "each worker's skill; by default the aggregator's skills_"},
			{"aggregator", "SkilledAggregator", "what gives the labels and skills (one with skills_); default new MajorityVote()"},
			{"by_task", "boolean", "a DataFrame (task, consistency) rather than the mean"},
			{"columns", "AggregationColumns", "which columns hold the task, worker and label"}},
		returns: "number | DataFrame",
		ts: `export function consistency(answers: DataFrame, options: ConsistencyOptions & { by_task: true }): DataFrame;
export function consistency(answers: DataFrame, options?: ConsistencyOptions & { by_task?: false | null }): number;
export function consistency(answers: DataFrame, options?: ConsistencyOptions): number | DataFrame;`},
	{name: "uncertainty", doc: "The entropy of the labels of each task or worker, weighted by skills when given (crowdkit.metrics.data.uncertainty).",
		options: [][3]string{
			{"workers_skills", "Series", "each worker's skill; default equal"},
			{"aggregator", "SkilledAggregator", "an aggregator whose skills_ weigh the answers"},
			{"compute_by", "'task' | 'worker'", "per task (default) or per worker"},
			{"aggregate", "boolean", "false: a DataFrame (task or worker, uncertainty) rather than the mean"},
			{"columns", "AggregationColumns", "which columns hold the task, worker and label"}},
		returns: "number | DataFrame",
		ts: `export function uncertainty(answers: DataFrame, options: UncertaintyOptions & { aggregate: false }): DataFrame;
export function uncertainty(answers: DataFrame, options?: UncertaintyOptions & { aggregate?: true | null }): number;
export function uncertainty(answers: DataFrame, options?: UncertaintyOptions): number | DataFrame;`},
	{name: "accuracyOnAggregates", doc: "How often answers equal the aggregate (crowdkit.metrics.workers.accuracy_on_aggregates).",
		options: [][3]string{
			{"aggregator", "ClassificationAggregator", "what gives the aggregate; default new MajorityVote()"},
			{"aggregates", "Series<any>", "the aggregate itself (task → label), instead of an aggregator"},
			{"by", "'worker' | null", "'worker': a DataFrame (worker, accuracy) rather than one number"},
			{"columns", "AggregationColumns", "which columns hold the task, worker and label"}},
		returns: "number | DataFrame",
		ts: `export function accuracyOnAggregates(answers: DataFrame, options: AccuracyOnAggregatesOptions & { by: 'worker' }): DataFrame;
export function accuracyOnAggregates(answers: DataFrame, options?: AccuracyOnAggregatesOptions & { by?: null }): number;`},
	{name: "goldenSetAccuracy", doc: "Each worker's accuracy on the tasks whose answers are known (crowd-kit's get_accuracy; toloka-kit's golden set).\nThe known answers are true_labels, else the golden column (GOLDEN:label of an assignments export).",
		options: [][3]string{
			{"by", "'worker' | null", "'worker' (the default): a DataFrame (worker, accuracy); null: one number"},
			{"columns", "AggregationColumns", "which columns hold the task, worker, label and known answer"}},
		returns: "DataFrame | number",
		ts: `export function goldenSetAccuracy(answers: DataFrame, options?: GoldenSetAccuracyOptions & { by?: 'worker' }): DataFrame;
export function goldenSetAccuracy(answers: DataFrame, options: GoldenSetAccuracyOptions & { by: null }): number;
export function goldenSetAccuracy(answers: DataFrame, true_labels: Series<any> | null | undefined, options?: GoldenSetAccuracyOptions & { by?: 'worker' }): DataFrame;
export function goldenSetAccuracy(answers: DataFrame, true_labels: Series<any> | null | undefined, options: GoldenSetAccuracyOptions & { by: null }): number;`},
}

// metricOptionNames are the options a metric takes.
func metricOptionNames(name string) []string {
	for _, s := range aggMetricSpecs {
		if s.name == name {
			out := make([]string, len(s.options))
			for i, o := range s.options {
				out[i] = o[0]
			}
			return out
		}
	}
	panic("stdlib: no metric " + name)
}

// aggregationTypes declares the module, its classes and the shapes they take.
func aggregationTypes() []decl.Type {
	const module = AggregationModule
	var names []string
	for _, c := range aggClasses() {
		names = append(names, c.name)
	}
	mod := decl.Type{Name: module, Kind: decl.Module,
		Doc: "crowd-kit's answer aggregation and worker quality metrics, on DataFrames: " + strings.Join(names, ", ") + " (help(DawidSkene) for one); " +
			"metrics.consistency, uncertainty, accuracyOnAggregates, goldenSetAccuracy.",
		Members: []decl.Member{
			{Name: "Series", Hidden: true, TS: "/** What crowd-kit takes as a pandas Series: a DataFrame of key and value, {key: value}, a Map or [key, value] pairs. */\n" +
				"export type Series<V = number> = DataFrame | Record<string, V> | Map<any, V> | Array<[any, V]>;"},
			{Name: "ClassificationAggregator", Hidden: true, TS: "export type ClassificationAggregator = " + strings.Join(classification(false), " | ") + ";"},
			{Name: "SkilledAggregator", Hidden: true, TS: "/** An aggregator that learns skills_. */\n" +
				"export type SkilledAggregator = " + strings.Join(classification(true), " | ") + ";"},
		}}
	types := []decl.Type{
		{Name: "AggregationColumns", Kind: decl.Interface, Module: module,
			Doc: "Which DataFrame columns hold what: crowd-kit's names (task, worker, label) and an assignments export's are found without it.",
			Members: []decl.Member{prop("task", "string", "the task (default task, else ASSIGNMENT:task_id or the one INPUT: column)"),
				prop("worker", "string", "the worker (default worker, else ASSIGNMENT:worker_id)"),
				prop("label", "string", "the answer (default label, else the one OUTPUT: column)"),
				prop("golden", "string", "the known answer (default the GOLDEN: twin of the label column)"),
				prop("true_label", "string", "as golden")}},
		{Name: "PairwiseColumns", Kind: decl.Interface, Module: module, Doc: "Which DataFrame columns hold a comparison: the worker, the two items and the one chosen.",
			Members: []decl.Member{prop("worker", "string", ""), prop("left", "string", ""), prop("right", "string", ""),
				prop("label", "string", "the item chosen")}},
	}
	metrics := decl.Type{Name: "AggregationMetrics", Kind: decl.Interface, Module: module,
		Doc: "crowd-kit's metrics (also exported by the module itself), under both their names."}
	for _, s := range aggMetricSpecs {
		opts := decl.Type{Name: upperFirst(s.name) + "Options", Kind: decl.Interface, Module: module, Doc: "The options of " + s.name + "."}
		for _, o := range s.options {
			opts.Members = append(opts.Members, prop(o[0], orNull(o[1]), o[2]))
		}
		types = append(types, opts)
		params := []decl.Param{{Name: "answers", Type: "DataFrame", Doc: "task, worker and label columns (or an assignments export)"}}
		if s.name == "goldenSetAccuracy" {
			params = append(params, decl.Param{Name: "true_labels", Type: "Series<any>", Optional: true, Doc: aggFitArgs["true_labels"].doc})
		}
		params = append(params, decl.Param{Name: "options", Type: opts.Name, Optional: true, Doc: optionList(s.options)})
		fn := decl.Member{Name: s.name, Params: params, Returns: s.returns, Doc: s.doc, TS: s.ts}
		mod.Members = append(mod.Members, fn)
		inMetrics := fn
		inMetrics.TS = s.name + ": typeof " + s.name + ";"
		metrics.Members = append(metrics.Members, inMetrics)
		if snake := snakeCase(s.name); snake != s.name {
			mod.Members = append(mod.Members, decl.Member{Name: snake, Hidden: true, TS: "export const " + snake + ": typeof " + s.name + ";"})
			metrics.Members = append(metrics.Members, decl.Member{Name: snake, Hidden: true, TS: snake + ": typeof " + s.name + ";"})
		}
	}
	mod.Members = append(mod.Members, decl.Member{Name: "metrics", Property: true, Readonly: true, Returns: metrics.Name,
		Doc: "The metrics: consistency, uncertainty, accuracyOnAggregates, goldenSetAccuracy."})
	types = append(types, metrics)
	for _, c := range aggClasses() {
		types = append(types, aggClassTypes(c)...)
	}
	return append(types, mod)
}

// classification lists the classes that label tasks (not pairs); skilled,
// those that learn skills_.
func classification(skilled bool) []string {
	var out []string
	for _, c := range aggClasses() {
		if !c.pairwise && (!skilled || slices.Contains(c.attrs, "skills_")) {
			out = append(out, c.name)
		}
	}
	return out
}

// aggClassTypes declares a class and its options.
func aggClassTypes(c *aggClass) []decl.Type {
	const module = AggregationModule
	opts := decl.Type{Name: c.name + "Options", Kind: decl.Interface, Module: module, Doc: "The options of " + c.name + ", crowd-kit's keyword arguments."}
	class := decl.Type{Name: c.name, Kind: decl.Class, Module: module, Doc: c.doc + "\ncrowd-kit: crowdkit.aggregation." + c.name + "."}
	required := false
	var names []string
	docOf := func(o aggOption) string {
		if o.kind == optColumns && c.pairwise {
			o.doc = "which columns hold the worker, the two items (left, right) and the one chosen (label)"
		}
		return optionDoc(o)
	}
	for _, o := range c.options {
		m := prop(o.name, optionTS(o, c.pairwise, false), docOf(o))
		m.Optional = !o.required
		opts.Members = append(opts.Members, m)
		required = required || o.required
		names = append(names, o.name)
	}
	// new X({options}), or crowd-kit's order: new X(a, b, {the rest}). A
	// plain object last is the options, so none is taken positionally.
	class.Members = append(class.Members, decl.Member{Name: "constructor",
		Params: []decl.Param{{Name: "options", Type: opts.Name, Optional: !required, Doc: optionDocs(c, docOf)}},
		Doc:    "The options as one object, or positional in crowd-kit's order (" + strings.Join(names, ", ") + ") and then an object of the rest."})
	for k := 1; k <= len(c.options); k++ {
		var params []decl.Param
		for i, o := range c.options[:k] {
			params = append(params, decl.Param{Name: o.name, Type: optionTS(o, c.pairwise, true), Optional: i > 0 || !o.required})
		}
		if k < len(c.options) {
			params = append(params, decl.Param{Name: "options", Type: "Omit<" + opts.Name + ", '" + strings.Join(names[:k], "' | '") + "'>", Optional: true})
		}
		class.Members = append(class.Members, decl.Member{Name: "constructor", Params: params, Hidden: true})
	}
	for _, o := range c.options {
		class.Members = append(class.Members, decl.Member{Name: o.name, Property: true, Returns: optionTS(o, c.pairwise, false),
			Doc: docOf(o) + "; set it to change the next fit"})
	}
	data := decl.Param{Name: "data", Type: "DataFrame", Doc: "the answers: task, worker and label columns (or an assignments export)"}
	if c.pairwise {
		data.Doc = "the comparisons: worker, left, right and label (the item chosen) columns"
	}
	fitParams := []decl.Param{data}
	for _, a := range c.fitArgs {
		arg, ok := aggFitArgs[a]
		if !ok {
			panic("stdlib: no declaration of " + c.name + ".fit's " + a)
		}
		fitParams = append(fitParams, decl.Param{Name: a, Type: arg.ts, Optional: true, Doc: arg.doc})
	}
	method := func(name, returns, doc string, params ...decl.Param) {
		class.Members = append(class.Members, decl.Member{Name: name, Params: params, Returns: returns, Doc: doc})
		if snake := snakeCase(name); snake != name {
			class.Members = append(class.Members, decl.Member{Name: snake, Params: params, Returns: returns, Doc: doc, Hidden: true})
		}
	}
	method("fit", "this", "Learns from the data; the results are the attributes ("+strings.Join(c.attrs, ", ")+").", fitParams...)
	switch {
	case c.pairwise:
		method("fitPredict", "DataFrame", "fit, then scores_: label, agg_score.", fitParams...)
	default:
		method("fitPredict", "DataFrame", "fit, then labels_: task, agg_label.", fitParams...)
	}
	if c.proba {
		method("fitPredictProba", "DataFrame", "fit, then probas_: task, then a column per label.", fitParams...)
	}
	if c.predict {
		method("predict", "DataFrame", "labels_ for other data, with the skills fit learned.", data)
		if c.proba {
			method("predictProba", "DataFrame", "probas_ for other data, with the skills fit learned.", data)
		}
	}
	if c.score {
		method("predictScore", "DataFrame", "scores_ for other data, with the skills fit learned.", data)
		method("fitPredictScore", "DataFrame", "fit, then scores_.", data)
	}
	for _, a := range c.attrs {
		attr, ok := aggAttrs[a]
		if !ok {
			panic("stdlib: no declaration of " + c.name + "." + a)
		}
		doc := attr.doc + " (after fit)"
		class.Members = append(class.Members, decl.Member{Name: a, Property: true, Readonly: true, Returns: attr.ts, Doc: doc})
		if alias := strings.TrimSuffix(a, "_"); !hasOption(c, alias) {
			class.Members = append(class.Members, decl.Member{Name: alias, Property: true, Readonly: true, Returns: attr.ts, Doc: doc, Hidden: true})
		}
	}
	class.Members = append(class.Members, decl.Member{Name: "toString", Returns: "string", Doc: "The class and its options, as crowd-kit's repr."})
	return []decl.Type{opts, class}
}

// optionTS is an option's type in TypeScript; positional, as an argument
// before the options object (not a plain object).
func optionTS(o aggOption, pairwise, positional bool) string {
	var t string
	switch o.kind {
	case optInt, optFloat:
		t = "number"
	case optChoice:
		var q []string
		for _, c := range o.choices {
			q = append(q, "'"+c+"'")
		}
		t = strings.Join(q, " | ")
	case optBool:
		t = "boolean"
	case optSeed:
		return "number | null"
	case optSeries:
		if positional {
			return "DataFrame | Map<any, number> | Array<[any, number]> | null"
		}
		return "Series | null"
	case optColumns:
		if positional {
			return "null"
		}
		if pairwise {
			return "PairwiseColumns | null"
		}
		return "AggregationColumns | null"
	}
	if o.nullable {
		t += " | null"
	}
	return t
}

// optionDoc is an option's meaning and default.
func optionDoc(o aggOption) string {
	switch {
	case o.required:
		return o.doc + " (required)"
	case o.def == nil:
		return o.doc + " (default null)"
	}
	switch d := o.def.(type) {
	case string:
		return fmt.Sprintf("%s (default '%s')", o.doc, d)
	case float64:
		return o.doc + " (default " + strconv.FormatFloat(d, 'g', -1, 64) + ")"
	}
	return fmt.Sprintf("%s (default %v)", o.doc, o.def)
}

func optionDocs(c *aggClass, doc func(aggOption) string) string {
	var parts []string
	for _, o := range c.options {
		parts = append(parts, o.name+": "+doc(o))
	}
	return strings.Join(parts, "; ")
}

func optionList(opts [][3]string) string {
	var parts []string
	for _, o := range opts {
		parts = append(parts, o[0]+" ("+o[2]+")")
	}
	return strings.Join(parts, ", ")
}

func orNull(ts string) string {
	if strings.Contains(ts, "null") {
		return ts
	}
	return ts + " | null"
}

func prop(name, ts, doc string) decl.Member {
	return decl.Member{Name: name, Property: true, Optional: true, Returns: ts, Doc: doc}
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
