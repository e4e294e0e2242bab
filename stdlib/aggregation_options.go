package stdlib

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/dop251/goja"
)

// The options of the aggregation classes: crowd-kit's keyword arguments,
// checked when an aggregator is made and again when it runs, since they are
// writable properties (as crowd-kit's are attributes).

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
	required bool   // no default: the constructor must get it
	doc      string // what it sets, for help and the declarations
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
				if !slices.Contains(names, k) {
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
		if !slices.Contains(opt.choices, s) {
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
