package decl

import (
	"strings"
	"testing"
)

func sample() *Registry {
	return NewRegistry(
		Section{Name: "one", Types: []Type{
			{Name: "Box", Kind: Class, Generic: "<T>", Global: "Box", Doc: "A box.\nIt holds one thing.",
				Members: []Member{
					{Name: "constructor", Params: []Param{{Name: "v", Type: "T"}}},
					{Name: "get", Returns: "T | undefined", Doc: "What the box holds."},
					{Name: "map", Returns: "Box<U>", Params: []Param{{Name: "fn", Type: "(v: T) => U"}}, TS: "map<U>(fn: (v: T) => U): Box<U>;"},
					{Name: "of", Static: true, Returns: "Box<any>", Params: []Param{{Name: "v", Type: "any", Optional: true}}},
					{Name: "old_name", Returns: "void", Hidden: true},
					{Name: "size", Property: true, Readonly: true, Returns: "number"},
				}},
			{Name: "files", Kind: Module, Doc: "Files.", Members: []Member{{Name: "read", Returns: "string", Params: []Param{{Name: "path", Type: "string"}}, Doc: "Reads a file about bonuses."}}},
		}},
		Section{Name: "two", Types: []Type{
			{Name: "Box", Kind: Class, Members: []Member{{Name: "clear", Returns: "void"}}}, // adds to the Box of section one
			{Name: "g", Kind: Functions, Members: []Member{{Name: "sleep", Returns: "void", Params: []Param{{Name: "ms", Type: "number"}}}}},
		}},
	)
}

func TestRegistryFindsMembersAndResults(t *testing.T) {
	r := sample()
	if got := strings.Join(r.Members("Box<string>", false), ","); got != "clear,constructor,get,map,size" {
		t.Errorf("members %s", got)
	}
	if got := strings.Join(r.Members("Box", true), ","); got != "of" {
		t.Errorf("statics %s", got)
	}
	m, typ, ok := r.Member("Box", "get")
	if !ok || Result("Box<Pool>", m, typ) != "Pool | undefined" || BaseName(Result("Box<Pool>", m, typ)) != "Pool" {
		t.Errorf("get of Box<Pool>: %v %v", m, ok)
	}
	if g := r.Globals(); len(g) != 1 || g[0].Name != "sleep" {
		t.Errorf("globals %v", g)
	}
	if s := r.Search("BONUS"); len(s) != 1 || !strings.Contains(s[0], "files.read(path) → string") {
		t.Errorf("search %q", s)
	}
	if s := r.Search("old_name"); len(s) != 0 {
		t.Errorf("a hidden member is found: %q", s)
	}
}

func TestTypeScriptAndHelp(t *testing.T) {
	r := sample()
	var b strings.Builder
	if err := WriteTypeScript(&b, "// header\n", r.Sections()...); err != nil {
		t.Fatal(err)
	}
	ts := b.String()
	for _, want := range []string{"// header\n", "/**\n * A box.\n * It holds one thing.\n */\ndeclare class Box<T> {\n",
		"  constructor(v: T);\n", "  get(): T | undefined;\n", "  map<U>(fn: (v: T) => U): Box<U>;\n", "  static of(v?: any): Box<any>;\n",
		"  readonly size: number;\n", "declare module 'files' {\n  /** Reads a file about bonuses. */\n  export function read(path: string): string;\n}",
		"declare function sleep(ms: number): void;\n", "  old_name(): void;\n"} {
		if !strings.Contains(ts, want) {
			t.Errorf("TypeScript lacks %q:\n%s", want, ts)
		}
	}
	typ, _ := r.Type("Box")
	h := HelpType(typ)
	if !strings.HasPrefix(h, "Box: A box.") || !strings.Contains(h, "Box.of(v?) → Box<any>") || !strings.Contains(h, "box.get() → T | undefined") ||
		strings.Contains(h, "old_name") {
		t.Errorf("help:\n%s", h)
	}
	m, _, _ := r.Member("Box", "get")
	if got := HelpMember(typ, *m); got != "box.get() → T | undefined\n  What the box holds." {
		t.Errorf("member help %q", got)
	}
}

// TestModuleExportsItsClasses: a class or interface with Module set is
// declared inside that module, not as a global, and found by name as any;
// help names the module by its last part and the class by its name.
func TestModuleExportsItsClasses(t *testing.T) {
	r := NewRegistry(Section{Types: []Type{
		{Name: "Counter", Kind: Class, Module: "tools/stats", Doc: "Counts.", Members: []Member{
			{Name: "constructor", Params: []Param{{Name: "options", Type: "CounterOptions", Optional: true}}},
			{Name: "add", Returns: "this", Params: []Param{{Name: "n", Type: "number"}}},
			{Name: "total_", Property: true, Readonly: true, Returns: "number"},
		}},
		{Name: "CounterOptions", Kind: Interface, Module: "tools/stats", Members: []Member{{Name: "start", Property: true, Optional: true, Returns: "number"}}},
		{Name: "tools/stats", Kind: Module, Doc: "Statistics.", Members: []Member{{Name: "mean", Returns: "number", Params: []Param{{Name: "xs", Type: "number[]"}}}}},
		{Name: "MMSRLike", Kind: Class, Module: "tools/stats", Members: []Member{{Name: "fit", Returns: "this"}}},
	}})
	var b strings.Builder
	if err := WriteTypeScript(&b, "", r.Sections()...); err != nil {
		t.Fatal(err)
	}
	want := "declare module 'tools/stats' {\n  /** Counts. */\n  export class Counter {\n    constructor(options?: CounterOptions);\n" +
		"    add(n: number): this;\n    readonly total_: number;\n  }\n  export interface CounterOptions {\n    start?: number;\n  }\n"
	if got := b.String(); !strings.Contains(got, want) || !strings.Contains(got, "  export function mean(xs: number[]): number;\n}\n") ||
		strings.Count(got, "class Counter") != 1 {
		t.Errorf("TypeScript:\n%s\nwant it to hold:\n%s", got, want)
	}
	typ, _ := r.Type("Counter")
	if h := HelpType(typ); !strings.Contains(h, "\n  new Counter(options?)") || !strings.Contains(h, "counter.add(n) → this") {
		t.Errorf("help of a module's class:\n%s", h)
	}
	mod, _ := r.Type("tools/stats")
	if h := HelpType(mod); !strings.HasPrefix(h, "require('tools/stats'): Statistics.") || !strings.Contains(h, "stats.mean(xs) → number") {
		t.Errorf("help of the module:\n%s", h)
	}
	acronym, _ := r.Type("MMSRLike")
	if h := HelpType(acronym); !strings.Contains(h, "mmsrLike.fit() → this") {
		t.Errorf("an instance of a class named by an acronym:\n%s", h)
	}
}
