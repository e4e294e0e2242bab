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
