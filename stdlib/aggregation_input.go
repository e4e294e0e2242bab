package stdlib

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/aggregation"
)

// From DataFrames and JS values to the aggregation package's coded input.

// aggColumns names the input columns: crowd-kit's task, worker and label
// (pairwise: worker, left, right, label), and golden, the known answers.
type aggColumns struct {
	task, worker, label, left, right, golden string
	goldenGiven                              bool // golden was named, not guessed
}

// valueCoder numbers cell values (strings, numbers, booleans) in the order
// the DataFrame sorts them.
type valueCoder = aggregation.Coder[any]

func newValueCoder() *valueCoder { return aggregation.NewCoder[any]() }

// aggInput is a DataFrame of answers, coded.
type aggInput struct {
	answers                *aggregation.Answers
	pairs                  *aggregation.Pairs
	tasks, workers, labels *valueCoder // labels: the items, for pairs
	golden                 *aggregation.Truth
	cols                   aggColumns
	frame                  *Frame
}

// resolveColumns picks the columns to read: those the columns option names,
// else crowd-kit's names, else the assignments export's (ASSIGNMENT:task_id
// or the one INPUT: column, ASSIGNMENT:worker_id, the one OUTPUT: column and
// its GOLDEN: twin).
func resolveColumns(f *Frame, mapping map[string]string, pairwise bool, where string) (aggColumns, error) {
	has := func(n string) bool { _, ok := f.index[n]; return ok }
	var c aggColumns
	pick := func(role, def string, guess func() (string, string)) (string, error) {
		if name, ok := mapping[role]; ok {
			if !has(name) {
				return "", fmt.Errorf("%s: the columns option maps %s to %q, which the DataFrame lacks; its columns are: %s",
					where, role, name, strings.Join(f.names, ", "))
			}
			return name, nil
		}
		if has(def) {
			return def, nil
		}
		if guess != nil {
			name, why := guess()
			if name != "" {
				return name, nil
			}
			if why != "" {
				return "", fmt.Errorf("%s: no column %q and %s; name it in the columns option", where, def, why)
			}
		}
		example := "{task: 'INPUT:text', worker: 'ASSIGNMENT:worker_id', label: 'OUTPUT:label'}"
		if pairwise {
			example = "{worker: 'ASSIGNMENT:worker_id', left: 'INPUT:left', right: 'INPUT:right', label: 'OUTPUT:result'}"
		}
		return "", fmt.Errorf("%s: no column %q; the columns are: %s; map them with the columns option, e.g. {columns: %s}",
			where, def, strings.Join(f.names, ", "), example)
	}
	only := func(prefix string) (string, string) {
		var found []string
		for _, n := range f.names {
			if strings.HasPrefix(n, prefix) {
				found = append(found, n)
			}
		}
		switch len(found) {
		case 1:
			return found[0], ""
		case 0:
			return "", ""
		}
		return "", fmt.Sprintf("the DataFrame has several %s columns (%s)", prefix, strings.Join(found, ", "))
	}
	for role := range mapping {
		switch role {
		case "task", "worker", "label", "golden", "true_label":
			if pairwise && (role == "task" || role == "golden" || role == "true_label") {
				return c, fmt.Errorf("%s: the columns option of a pairwise method takes worker, left, right and label, not %s", where, role)
			}
		case "left", "right":
			if !pairwise {
				return c, fmt.Errorf("%s: the columns option takes task, worker, label and golden, not %s", where, role)
			}
		default:
			return c, fmt.Errorf("%s: the columns option has no %q; it takes task, worker, label and golden%s", where, role,
				suggestIn(role, []string{"task", "worker", "label", "golden", "left", "right"}))
		}
	}
	var err error
	if c.worker, err = pick("worker", "worker", func() (string, string) {
		if has("ASSIGNMENT:worker_id") {
			return "ASSIGNMENT:worker_id", ""
		}
		return "", ""
	}); err != nil {
		return c, err
	}
	if c.label, err = pick("label", "label", func() (string, string) { return only("OUTPUT:") }); err != nil {
		return c, err
	}
	if pairwise {
		if c.left, err = pick("left", "left", nil); err != nil {
			return c, err
		}
		c.right, err = pick("right", "right", nil)
		return c, err
	}
	if c.task, err = pick("task", "task", func() (string, string) {
		if has("ASSIGNMENT:task_id") {
			return "ASSIGNMENT:task_id", ""
		}
		return only("INPUT:")
	}); err != nil {
		return c, err
	}
	for _, role := range []string{"golden", "true_label"} {
		if name, ok := mapping[role]; ok {
			if !has(name) {
				return c, fmt.Errorf("%s: the columns option maps %s to %q, which the DataFrame lacks", where, role, name)
			}
			c.golden, c.goldenGiven = name, true
		}
	}
	if c.golden == "" && strings.HasPrefix(c.label, "OUTPUT:") && has("GOLDEN:"+strings.TrimPrefix(c.label, "OUTPUT:")) {
		c.golden = "GOLDEN:" + strings.TrimPrefix(c.label, "OUTPUT:")
	}
	return c, nil
}

// checkCell refuses the values a coder cannot hold: nulls, NaN, arrays, objects.
func checkCell(v any, row int, role, col, where string) error {
	switch x := v.(type) {
	case string, bool:
		return nil
	case float64:
		if math.IsNaN(x) {
			return fmt.Errorf("%s: row %d: the %s (column %q) is NaN", where, row, role, col)
		}
		return nil
	case nil:
		return fmt.Errorf("%s: row %d: the %s (column %q) is empty", where, row, role, col)
	}
	return fmt.Errorf("%s: row %d: the %s (column %q) is %s; it must be a string, a number or a boolean", where, row, role, col, dtype([]any{v}))
}

// codeColumn numbers a column's values in the order they first appear,
// writing the numbers into out, and returns the values. The column's groups
// are those numbers: an interned column of strings (the usual labels and
// workers) has them without hashing a string.
func codeColumn(f *Frame, name, role, where string, out []int32) (*valueCoder, error) {
	col := f.cols[f.index[name]]
	g := col.groups()
	keys := make([]any, len(g.first))
	for i, r := range g.first {
		// A value a coder cannot hold first appears where its group does,
		// and the groups come in the order of their first rows.
		v := col.at(r)
		if err := checkCell(v, r, role, name, where); err != nil {
			return nil, err
		}
		keys[i] = v
	}
	for r, id := range g.of {
		out[r] = int32(id)
	}
	return aggregation.CoderOf(keys), nil
}

// readAnswers codes a DataFrame of classification answers.
func readAnswers(f *Frame, mapping map[string]string, where string) (*aggInput, error) {
	cols, err := resolveColumns(f, mapping, false, where)
	if err != nil {
		return nil, err
	}
	n := f.Len()
	in := &aggInput{cols: cols, frame: f}
	a := &aggregation.Answers{Task: make([]int32, n), Worker: make([]int32, n), Label: make([]int32, n)}
	// The columns are independent: code them at once.
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, c := range []struct {
		name, role string
		coder      **valueCoder
		out        []int32
	}{{cols.task, "task", &in.tasks, a.Task}, {cols.worker, "worker", &in.workers, a.Worker}, {cols.label, "label", &in.labels, a.Label}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			*c.coder, errs[i] = codeColumn(f, c.name, c.role, where, c.out)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the first column's error, whichever finished first
		}
	}
	aggregation.Recode(a.Task, in.tasks.Sort(compare))
	aggregation.Recode(a.Worker, in.workers.Sort(compare))
	aggregation.Recode(a.Label, in.labels.Sort(compare))
	a.NumTasks, a.NumWorkers, a.NumLabels = in.tasks.Len(), in.workers.Len(), in.labels.Len()
	in.answers = a
	if cols.golden != "" {
		in.golden = &aggregation.Truth{}
		seen := map[[2]int32]bool{}
		golden := f.cols[f.index[cols.golden]]
		for r := range golden.n {
			v := golden.at(r)
			if v == nil || v == "" {
				continue
			}
			if err := checkCell(v, r, "golden label", cols.golden, where); err != nil {
				return nil, err
			}
			l, ok := lookupValue(in.labels, v)
			if !ok {
				l = -1 // a known answer nobody gave
			}
			k := [2]int32{a.Task[r], l}
			if !seen[k] {
				seen[k] = true
				in.golden.Task = append(in.golden.Task, k[0])
				in.golden.Label = append(in.golden.Label, k[1])
			}
		}
	}
	return in, nil
}

// readPairs codes a DataFrame of pairwise comparisons.
func readPairs(f *Frame, mapping map[string]string, where string) (*aggInput, error) {
	cols, err := resolveColumns(f, mapping, true, where)
	if err != nil {
		return nil, err
	}
	n := f.Len()
	in := &aggInput{cols: cols, frame: f}
	p := &aggregation.Pairs{Worker: make([]int32, n), Left: make([]int32, n), Right: make([]int32, n), Label: make([]int32, n)}
	if in.workers, err = codeColumn(f, cols.worker, "worker", where, p.Worker); err != nil {
		return nil, err
	}
	// The items of the three columns share their numbers.
	in.labels = newValueCoder()
	for _, c := range []struct {
		name, role string
		out        []int32
	}{{cols.left, "left item", p.Left}, {cols.right, "right item", p.Right}, {cols.label, "label", p.Label}} {
		col := f.cols[f.index[c.name]]
		for r := range col.n {
			v := col.at(r)
			if err := checkCell(v, r, c.role, c.name, where); err != nil {
				return nil, err
			}
			c.out[r] = in.labels.Code(v)
		}
	}
	for r := range p.Label {
		if p.Label[r] != p.Left[r] && p.Label[r] != p.Right[r] {
			return nil, fmt.Errorf("%s: row %d: the label %v is neither the left item %v nor the right one %v", where, r,
				in.labels.Keys()[p.Label[r]], in.labels.Keys()[p.Left[r]], in.labels.Keys()[p.Right[r]])
		}
	}
	aggregation.Recode(p.Worker, in.workers.Sort(compare))
	remap := in.labels.Sort(compare)
	aggregation.Recode(p.Left, remap)
	aggregation.Recode(p.Right, remap)
	aggregation.Recode(p.Label, remap)
	p.NumWorkers, p.NumItems = in.workers.Len(), in.labels.Len()
	in.pairs = p
	return in, nil
}

// lookupValue finds v's code; a string key also matches a number or boolean
// that prints as it does, since keys of JS objects are always strings.
func lookupValue(c *valueCoder, v any) (int32, bool) {
	if code, ok := c.Lookup(v); ok {
		return code, true
	}
	s, ok := v.(string)
	if !ok {
		return 0, false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if code, ok := c.Lookup(f); ok {
			return code, true
		}
	}
	if b, err := strconv.ParseBool(s); err == nil && (s == "true" || s == "false") {
		return c.Lookup(b)
	}
	return 0, false
}

// entry is one (key, value) of a Series-like argument.
type entry struct{ key, value any }

// mapExportType is what a Map exports as: ClassName says Object.
var mapExportType = reflect.TypeOf([][2]any(nil))

// readSeries reads what crowd-kit takes as a pandas Series (skills, true
// labels, priors): a DataFrame of two columns, or one with keyCol and one of
// valueCols; a plain object; a Map; or an array of [key, value] pairs.
func (d *dfBinder) readSeries(v goja.Value, keyCol string, valueCols []string, where string) ([]entry, error) {
	vm := d.vm
	obj, ok := v.(*goja.Object)
	if !ok {
		return nil, fmt.Errorf("%s: expected a DataFrame, an object, a Map or an array of [%s, value] pairs, got %s", where, keyCol, v)
	}
	if h := obj.Get(frameKey); h != nil {
		f, _ := h.Export().(*Frame)
		if f == nil {
			return nil, fmt.Errorf("%s: not a DataFrame", where)
		}
		kc, vc := -1, -1
		if len(f.names) == 2 {
			kc, vc = 0, 1
		}
		if i, ok := f.index[keyCol]; ok {
			kc = i
			for _, name := range valueCols {
				if j, ok := f.index[name]; ok {
					vc = j
					break
				}
			}
			if vc < 0 && len(f.names) == 2 {
				vc = 1 - kc
			}
		}
		if kc < 0 || vc < 0 {
			return nil, fmt.Errorf("%s: expected a DataFrame with a %q column and a %s column, or two columns; it has: %s",
				where, keyCol, strings.Join(valueCols, " or "), strings.Join(f.names, ", "))
		}
		out := make([]entry, f.Len())
		for r := range out {
			out[r] = entry{f.cols[kc].at(r), f.cols[vc].at(r)}
		}
		return out, nil
	}
	kind := obj.ClassName()
	if obj.ExportType() == mapExportType {
		kind = "Map" // goja's Maps are of class Object
	}
	switch kind {
	case "Map":
		var out []entry
		iter, _ := goja.AssertFunction(obj.Get("entries"))
		it, err := iter(obj)
		if err != nil {
			return nil, err
		}
		next, _ := goja.AssertFunction(it.ToObject(vm).Get("next"))
		for {
			r, err := next(it)
			if err != nil {
				return nil, err
			}
			ro := r.ToObject(vm)
			if ro.Get("done").ToBoolean() {
				break
			}
			pair := ro.Get("value").ToObject(vm)
			out = append(out, entry{value(pair.Get("0")), value(pair.Get("1"))})
		}
		return out, nil
	case "Array":
		n := int(obj.Get("length").ToInteger())
		out := make([]entry, n)
		for i := range out {
			pair, ok := obj.Get(strconv.Itoa(i)).(*goja.Object)
			if !ok || pair.ClassName() != "Array" || pair.Get("length").ToInteger() != 2 {
				return nil, fmt.Errorf("%s: item %d is not a [%s, value] pair", where, i, keyCol)
			}
			out[i] = entry{value(pair.Get("0")), value(pair.Get("1"))}
		}
		return out, nil
	}
	var out []entry
	for _, k := range obj.Keys() {
		out = append(out, entry{k, value(obj.Get(k))})
	}
	return out, nil
}

// numbersBy reads a Series-like argument of numbers per value of c: NaN
// where it says nothing. Keys c lacks are skipped, as pandas' alignment does.
func (d *dfBinder) numbersBy(v goja.Value, c *valueCoder, keyCol string, valueCols []string, where string) ([]float64, error) {
	entries, err := d.readSeries(v, keyCol, valueCols, where)
	if err != nil {
		return nil, err
	}
	out := make([]float64, c.Len())
	for i := range out {
		out[i] = math.NaN()
	}
	for _, e := range entries {
		code, ok := lookupValue(c, e.key)
		if !ok {
			continue
		}
		switch x := e.value.(type) {
		case float64:
			out[code] = x
		case nil:
		default:
			return nil, fmt.Errorf("%s: the value for %v is %v, not a number", where, e.key, e.value)
		}
	}
	return out, nil
}

// truthFrom reads true labels (task → label; a task may repeat) for in.
func (d *dfBinder) truthFrom(v goja.Value, in *aggInput, where string) (*aggregation.Truth, error) {
	entries, err := d.readSeries(v, "task", []string{"label", "true_label", "agg_label", "golden"}, where)
	if err != nil {
		return nil, err
	}
	t := &aggregation.Truth{}
	for _, e := range entries {
		task, ok := lookupValue(in.tasks, e.key)
		if !ok || e.value == nil {
			continue // pandas' join drops tasks the answers lack
		}
		l, ok := lookupValue(in.labels, e.value)
		if !ok {
			l = -1
		}
		t.Task = append(t.Task, task)
		t.Label = append(t.Label, l)
	}
	return t, nil
}

func suggestIn(got string, names []string) string {
	if s := closest(got, names); s != "" {
		return "; did you mean " + s + "?"
	}
	return ""
}
