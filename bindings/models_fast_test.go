package bindings

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"

	"github.com/tolokash/tolokash/internal/schema"
)

// TestModelsFastPathAgrees builds objects of every class, from right and
// wrong arguments, changes them and writes them, once with the Go paths of
// models_fast.go and once with models.js alone, and wants the same members,
// the same JSON and the same errors from both.
func TestModelsFastPathAgrees(t *testing.T) {
	table := loadModelTable()
	fast, slow := newCaseVM(t, false), newCaseVM(t, true)
	fastSet := fast.GlobalObject().GetSymbol(modelsKey).Export().(*modelNamespace).m
	differ, errs, n := 0, 0, 0
	stride := 1
	if raceEnabled {
		stride = 5 // a fifth of each class's cases, a different fifth from class to class
	}
	for _, mc := range table.classes {
		var cases []string
		for i, c := range modelCases(table, mc) {
			if (i+mc.idx)%stride == 0 {
				cases = append(cases, c)
			}
		}
		n += len(cases)
		// One script a class: compiling is most of a case's time.
		src := "[\n" + strings.Join(cases, ",\n") + "\n]"
		got, want := runCases(t, fast, src), runCases(t, slow, src)
		for i := range cases {
			if strings.HasPrefix(want[i], "ERR") {
				errs++
			}
			if got[i] != want[i] {
				if differ++; differ <= 10 {
					t.Errorf("%s\n  Go paths: %s\n models.js: %s", cases[i], got[i], want[i])
				}
			}
		}
	}
	if differ > 10 {
		t.Errorf("… %d cases differ in all", differ)
	}
	if n < 3000 || errs < n/10 {
		t.Errorf("%d cases, %d of them errors: too few to tell", n, errs)
	}
	if fastSet.fastBuilds < n/2 || fastSet.fastWrites < n/4 {
		t.Errorf("the Go paths built %d and wrote %d objects of %d cases: the test does not reach them", fastSet.fastBuilds, fastSet.fastWrites, n)
	}
	t.Logf("%d cases (%d errors) agree; Go built %d objects and wrote %d", n-differ, errs, fastSet.fastBuilds, fastSet.fastWrites)
}

func newCaseVM(t *testing.T, jsOnly bool) *goja.Runtime {
	t.Helper()
	vm := goja.New()
	reg := require.NewRegistry()
	RegisterModules(reg)
	reg.Enable(vm)
	root := Models(vm)
	m := root.Export().(*modelNamespace).m
	m.jsOnly = jsOnly
	vm.Set("__cls", func(id string) goja.Value { return m.call(m.js.classFor, vm.ToValue(id)) })
	if _, err := vm.RunString(`
		const T = require('toloka'), tb = require('toloka/template_builder'), {unchecked} = T;
		function __run(make, change) {
			try {
				const x = make();
				const before = Object.keys(x).join(',') + ' ' + JSON.stringify(x);
				if (change) change(x);
				return before + ' | ' + Object.keys(x).join(',') + ' ' + JSON.stringify(x) + ' ' + JSON.stringify(x.toJSON()) + ' ' + JSON.stringify([x]);
			} catch (e) {
				return 'ERR ' + (e && e.constructor && e.constructor.name) + ': ' + (e && e.message);
			}
		}`); err != nil {
		t.Fatal(err)
	}
	return vm
}

func runCases(t *testing.T, vm *goja.Runtime, src string) []string {
	t.Helper()
	v, err := vm.RunString(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	var out []string
	if err := vm.ExportTo(v, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// modelCases are scripts that build objects of mc and report on them.
func modelCases(table *modelTable, mc *modelClass) []string {
	c := mc.c
	cls := fmt.Sprintf("__cls(%q)", mc.id)
	var out []string
	add := func(make, change string) {
		if change == "" {
			change = "null"
		}
		out = append(out, fmt.Sprintf("__run(() => %s, %s)", make, change))
	}
	add("new "+cls+"()", "")
	add(cls+"({})", "")
	add(cls+"(undefined)", "")
	add(cls+"(null)", "")
	// Every field with a right value, then each alone with each value.
	var all []string
	for _, f := range c.Fields {
		if vs := values(table, f.Type); len(vs) > 0 {
			all = append(all, fmt.Sprintf("%q: %s", f.Wire, vs[0]))
		}
	}
	whole := "{" + strings.Join(all, ", ") + "}"
	add(cls+"("+whole+")", "")
	for j, f := range c.Fields {
		// Right values, and wrong ones in turn: each class meets them all.
		wrong := wrongValues(f.Type, j, 3)
		right := values(table, f.Type)
		if len(right) > 2 && f.Type.Kind != schema.Any && f.Type.Kind != schema.Dict {
			right = right[:2]
		}
		for _, v := range append(right, wrong...) {
			add(fmt.Sprintf("%s({%q: %s})", cls, f.Name, v), "")
		}
		first := values(table, f.Type)
		if len(first) == 0 {
			continue
		}
		if f.Wire != f.Name {
			add(fmt.Sprintf("%s({%q: %s})", cls, f.Wire, first[0]), "")
		}
		add(fmt.Sprintf("%s({%q: %s, %q: %s})", cls, f.Name, first[0], f.Name+"x", first[0]), "")
		add(fmt.Sprintf("%s({%q: %s})", cls, f.Name, "unchecked("+first[0]+")"), "")
		// Changed after it is built: checked again when written.
		for _, v := range append(first[:1], wrong[len(wrong)-1]) {
			add(cls+"("+whole+")", fmt.Sprintf("(x) => { x[%q] = %s; }", f.Name, v))
		}
		add(cls+"("+whole+")", fmt.Sprintf("(x) => { Object.defineProperty(x, %q, {value: %s, enumerable: false}); }", f.Name, first[0]))
		if f.Type.Kind == schema.List {
			for _, v := range append(values(table, f.Type.Elem), `{surely_unknown: 1}`, `() => 1`) {
				add(cls+"("+whole+")", fmt.Sprintf("(x) => { x[%q].push(%s); }", f.Name, v))
			}
		}
		if f.Type.Kind == schema.Map || f.Type.Kind == schema.Any || f.Type.Kind == schema.Dict {
			add(fmt.Sprintf("%s({%q: {a: {b: 1}}})", cls, f.Name), fmt.Sprintf("(x) => { x[%q].a.when = new Date(0); }", f.Name))
			add(fmt.Sprintf("%s({%q: {a: 1}})", cls, f.Name), fmt.Sprintf("(x) => { x[%q].f = () => 1; x[%q].u = undefined; }", f.Name, f.Name))
		}
	}
	if len(c.Fields) > 1 {
		// Members out of the order of the fields.
		first := c.Fields[0].Name
		add(cls+"("+whole+")", fmt.Sprintf("(x) => { const v = x[%q]; delete x[%q]; x[%q] = v; }", first, first, first))
	}
	add(cls+"("+whole+")", "(x) => { x.surely_unknown = 1; }")
	add(cls+"("+whole+")", "(x) => { x.surely_unknown = unchecked({a: 1}); }")
	add(cls+"("+whole+")", "(x) => { Object.defineProperty(x, 'hidden', {value: 1, enumerable: false}); }")
	add(cls+"({surely_unknown: 1})", "")
	add(cls+"(unchecked({surely_unknown: 1}))", "")
	add(cls+"(unchecked("+whole+"))", "")
	for _, tg := range c.Tags {
		add(fmt.Sprintf("%s({%q: %q})", cls, tg.Key, tg.Value), "")
		add(fmt.Sprintf("%s({%q: %q})", cls, tg.Key, tg.Value+"x"), "")
	}
	// Positional arguments, then too many.
	var pos []string
	for _, f := range c.Positional() {
		if vs := values(table, f.Type); len(vs) > 0 {
			pos = append(pos, vs[0])
		} else {
			pos = append(pos, "undefined")
		}
		add(cls+"("+strings.Join(pos, ", ")+")", "")
		add(cls+"("+strings.Join(pos, ", ")+", {})", "")
	}
	add(cls+"("+strings.Join(append(pos, "1", "2"), ", ")+")", "")
	return out
}

// values are right values of a type, as JavaScript source.
func values(table *modelTable, t *schema.Type) []string {
	switch t.Kind {
	case schema.Str, schema.UUID:
		return []string{`'s'`, `'ünïcode ✓'`, `''`}
	case schema.Datetime:
		return []string{`'2024-01-02T03:04:05'`, `new Date(86400000)`}
	case schema.Int:
		return []string{`3`, `-0`, `1e21`}
	case schema.Float:
		return []string{`1.5`, `2`}
	case schema.Decimal:
		return []string{`0.25`, `'1.50'`, `'-3'`}
	case schema.Bool:
		return []string{`true`, `false`}
	case schema.Any:
		return []string{`{a: [1, 's', null, {b: true}]}`, `[1, 's']`, `'s'`, `5`, `null`, `{d: new Date(0)}`, `{u: unchecked(1)}`, `Object.create(null)`}
	case schema.Dict:
		return []string{`{a: 1, b: [true]}`, `{}`}
	case schema.Component:
		return []string{`tb.TextViewV1('x')`, `tb.RefComponent('vars.a')`}
	case schema.EnumKind:
		return []string{"'" + t.Enum.Members[0].Value + "'", "unchecked('SOMETHING_NEW')"}
	case schema.List:
		var out []string
		for _, v := range values(table, t.Elem) {
			out = append(out, "["+v+"]")
		}
		return append(out, `[]`)
	case schema.Map:
		var out []string
		for _, v := range values(table, t.Elem) {
			out = append(out, "{k: "+v+"}")
		}
		return append(out, `{}`)
	case schema.ClassKind:
		out := []string{`{}`}
		for _, k := range t.Class.Concrete() {
			out = append(out, fmt.Sprintf("new (__cls(%q))()", k.ID()))
			break
		}
		return out
	case schema.Union:
		var out []string
		for _, a := range t.Alts {
			if vs := values(table, a); len(vs) > 0 {
				out = append(out, vs[0])
			}
		}
		return out
	}
	return nil
}

// wrongValues are n values that no type but any takes (some are right for
// some types), the i-th set of them.
func wrongValues(t *schema.Type, i, n int) []string {
	all := []string{`'1.5e3'`, `3.5`, `NaN`, `{}`, `[1, undefined]`, `() => 1`, `Symbol('s')`, `new Date(NaN)`,
		`{type: 'view.text'}`, `Infinity`, `'s'`, `[{}]`}
	var out []string
	if t.Kind == schema.EnumKind {
		out = append(out, "'"+strings.ToLower(t.Enum.Members[0].Value)+"'")
	}
	for k := range n {
		out = append(out, all[(i*n+k)%len(all)])
	}
	return out
}
