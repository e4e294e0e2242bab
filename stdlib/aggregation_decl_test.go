package stdlib

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/internal/decl"
)

// TestAggregationDeclarationsAreTheModule holds the declarations of
// require('toloka/aggregation') to what the module has when it runs: its
// exports, each class's options, methods and attributes, and the metrics,
// all under both their names.
func TestAggregationDeclarationsAreTheModule(t *testing.T) {
	vm := newAggVM(t, Options{})
	reg := decl.NewRegistry(Declarations()...)
	names := func(v goja.Value) []string {
		var out []string
		if err := vm.ExportTo(v, &out); err != nil {
			t.Fatal(err)
		}
		sort.Strings(out)
		return out
	}
	declared := func(typ string, keep func(decl.Member) bool) []string {
		ty, ok := reg.Type(typ)
		if !ok {
			t.Fatalf("%s is not declared", typ)
		}
		var out []string
		for _, m := range ty.Members {
			if keep(m) && !slices.Contains(out, m.Name) {
				out = append(out, m.Name)
			}
		}
		sort.Strings(out)
		return out
	}
	same := func(what string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: the module has %v, the declarations %v", what, got, want)
		}
	}
	mod, _ := reg.Type(AggregationModule)
	var classes []string
	for _, s := range reg.Sections() {
		for _, ty := range s.Types {
			if ty.Module == AggregationModule && ty.Kind == decl.Class {
				classes = append(classes, ty.Name)
			}
		}
	}
	exports := declared(AggregationModule, func(m decl.Member) bool { return !strings.Contains(m.TS, "export type") })
	exports = append(exports, classes...)
	sort.Strings(exports)
	same("exports", names(run(t, vm, `Object.keys(agg)`)), exports)
	same("metrics", names(run(t, vm, `Object.keys(agg.metrics)`)), declared("AggregationMetrics", func(decl.Member) bool { return true }))
	if len(classes) != len(aggClasses()) || mod == nil {
		t.Fatalf("%d classes declared, %d in the module", len(classes), len(aggClasses()))
	}
	for _, c := range classes {
		vm.Set("C", run(t, vm, "agg."+c))
		options := declared(c+"Options", func(decl.Member) bool { return true })
		if c == "BradleyTerry" {
			run(t, vm, `globalThis.x = new C({n_iter: 5})`)
		} else {
			run(t, vm, `globalThis.x = new C()`)
		}
		same(c+" options", names(run(t, vm, `Object.keys(x)`)), options)
		same(c+" properties", names(run(t, vm, `Object.getOwnPropertyNames(C.prototype).filter((k) => k !== 'constructor')`)),
			declared(c, func(m decl.Member) bool { return m.Name != "constructor" && !slices.Contains(options, m.Name) }))
		ty, _ := reg.Type(c)
		for _, m := range ty.Members {
			kind := run(t, vm, `(n) => { const d = Object.getOwnPropertyDescriptor(C.prototype, n); return d ? (d.get ? 'attribute' : typeof d.value) : 'an option' }`)
			fn, _ := goja.AssertFunction(kind)
			got, _ := fn(goja.Undefined(), vm.ToValue(m.Name))
			want := "function"
			switch {
			case m.Name == "constructor":
				continue
			case slices.Contains(options, m.Name):
				want = "an option"
			case m.Property:
				want = "attribute"
			}
			if got.String() != want {
				t.Errorf("%s.%s is %s, declared as %s", c, m.Name, got, want)
			}
		}
	}
}
