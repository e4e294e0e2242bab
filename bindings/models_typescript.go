package bindings

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/tolokash/tolokash/internal/schema"
)

// The TypeScript declarations of the model classes, from the schema:
//
//	namespace tolokash   the classes, as require('toloka') and toloka.X have them:
//	                     instance interfaces (toloka-kit's names), options, constructors
//	namespace wire       the JSON the API sends and takes (wire names), for the
//	                     results of the toloka methods
//
// Each class X is an interface X (instances), XOptions, XConstructor (callable
// with or without new, with from(), help() and its enums and nested classes)
// and const X; nested classes and enums live in a type-only namespace X.

// modelDeclarations are both namespaces, the require() overloads and the
// model members of the toloka global, as one section of Declarations. The
// results of the toloka methods keep their interfaces from the client's
// types (typescript.go), which say which fields the server always sends.
func modelDeclarations() string {
	var b strings.Builder
	writeModelDeclarations(&b)
	return b.String()
}

func writeModelDeclarations(b *strings.Builder) {
	s := schema.Load()
	b.WriteString("\n// ---- model classes: require('toloka'), require('toloka/template_builder'), toloka.Pool, toloka.filter, …\n\n")
	b.WriteString("declare namespace tolokash {\n")
	b.WriteString("  /** A value passed on purpose without checks: an enum value or key Toloka added later. */\n")
	b.WriteString("  interface Unchecked<T = any> { readonly value: T; toJSON(): any; }\n")
	b.WriteString("  /** unchecked(value) sends a value the description does not know, on purpose. */\n")
	b.WriteString("  function unchecked<T>(value: T): Unchecked<T>;\n")
	b.WriteString("  function help(): string;\n")
	writeTree(b, s, moduleTree(s), "  ", "tolokash", false)
	for _, c := range s.Classes {
		if c.Top {
			fmt.Fprintf(b, "  export import %s = %s;\n", c.Name, tsName(c, ""))
		}
	}
	b.WriteString("}\n\n")
	b.WriteString("declare namespace wire {\n")
	writeTree(b, s, moduleTree(s), "  ", "wire", true)
	b.WriteString("}\n\n")
	b.WriteString("declare function require(id: 'toloka'): typeof tolokash;\n")
	b.WriteString("declare function require(id: 'toloka/template_builder'): typeof tolokash.project.template_builder;\n\n")
	b.WriteString("interface TolokaClient {\n")
	for _, n := range modelRootNames() {
		fmt.Fprintf(b, "  %s: typeof tolokash.%s;\n", n, n)
	}
	b.WriteString("}\n\n")
}

// schemaModelFor is the class the schema describes for a model name of the
// endpoint table (Pool, UserRestriction, …), or nil.
var schemaModelFor = func() func(string) *schema.Class {
	once := sync.OnceValue(func() map[string]*schema.Class {
		s := schema.Load()
		out := map[string]*schema.Class{}
		for n := range models {
			if c := s.Class(n, strings.ToLower(n)); c != nil && c.Owner == nil && (c.Top || !strings.Contains(c.Module.Path, "template_builder")) {
				if c.Module.Path == "filter" || c.Module.Path == "collectors" {
					continue
				}
				out[n] = c
			}
		}
		return out
	})
	return func(n string) *schema.Class { return once()[n] }
}()

// modelArgType is the type of a body argument: the API's JSON (Partial: the
// server says what is missing) or an instance of the model class.
func modelArgType(t string) string {
	name, list := strings.CutSuffix(t, "[]")
	_, known := present[name]
	c := schemaModelFor(name)
	if !known && c == nil {
		return tsType(t)
	}
	out := "Partial<" + name + ">"
	if c != nil {
		out += " | " + tsName(c, "")
	}
	if list {
		return "(" + out + ")[]"
	}
	return out
}

// node is one module of the tree: its classes and enums, and submodules.
type node struct {
	classes []*schema.Class
	enums   []*schema.Enum
	alias   []*schema.Class // re-exported here from elsewhere (also=)
	subs    map[string]*node
}

func moduleTree(s *schema.Schema) *node {
	root := &node{subs: map[string]*node{}}
	at := func(path string) *node {
		n := root
		for _, p := range strings.Split(path, ".") {
			if n.subs[p] == nil {
				n.subs[p] = &node{subs: map[string]*node{}}
			}
			n = n.subs[p]
		}
		return n
	}
	for _, c := range s.Classes {
		if c.Owner != nil {
			continue
		}
		at(c.Module.Path).classes = append(at(c.Module.Path).classes, c)
		for _, a := range append(append([]string(nil), c.Module.Also...), c.Also...) {
			at(a).alias = append(at(a).alias, c)
		}
	}
	for _, e := range s.Enums {
		if e.Owner == nil {
			at(e.Module.Path).enums = append(at(e.Module.Path).enums, e)
		}
	}
	return root
}

func writeTree(b *strings.Builder, s *schema.Schema, n *node, indent, root string, wire bool) {
	keys := make([]string, 0, len(n.subs))
	for k := range n.subs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(b, "%snamespace %s {\n", indent, k)
		writeTree(b, s, n.subs[k], indent+"  ", root, wire)
		fmt.Fprintf(b, "%s}\n", indent)
	}
	for _, e := range n.enums {
		writeEnumType(b, e, indent)
		if !wire {
			fmt.Fprintf(b, "%sconst %s: %s;\n", indent, schema.Short(e.Name), enumObject(e))
		}
	}
	for _, c := range n.classes {
		if wire {
			writeWire(b, c, indent)
		} else {
			writeClass(b, s, c, indent)
		}
	}
	for _, c := range n.alias {
		if wire {
			fmt.Fprintf(b, "%stype %s = %s;\n", indent, schema.Short(c.Name), wireName(c))
		} else {
			fmt.Fprintf(b, "%sexport import %s = %s;\n", indent, schema.Short(c.Name), tsName(c, ""))
		}
	}
}

// tsName is the path of a class's declaration in namespace tolokash, with a suffix
// (Options, Constructor) for the other declarations of the class.
func tsName(c *schema.Class, suffix string) string {
	return "tolokash." + c.Module.Path + "." + c.Name + suffix
}

func wireName(c *schema.Class) string { return "wire." + c.Module.Path + "." + c.Name }

func enumTypeName(e *schema.Enum) string { return "tolokash." + e.Module.Path + "." + e.Name }

func writeEnumType(b *strings.Builder, e *schema.Enum, indent string) {
	fmt.Fprintf(b, "%stype %s = %s;\n", indent, schema.Short(e.Name), strings.Join(quoteAll(e.Values()), " | "))
}

func enumObject(e *schema.Enum) string {
	var parts []string
	for _, m := range e.Members {
		parts = append(parts, fmt.Sprintf("readonly %s: '%s'", tsKey(m.Name), m.Value))
	}
	return "{ " + strings.Join(parts, "; ") + " }"
}

// tsKey quotes a member name that is not an identifier (the hotkeys' 0…9).
func tsKey(k string) string {
	for i, r := range k {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return "'" + k + "'"
		}
	}
	return k
}

// tsParam is a parameter name that is not a reserved word (default → default_).
func tsParam(n string) string {
	switch n {
	case "default", "in", "else", "from", "to", "then", "for", "with", "delete", "new", "function", "class", "var", "case", "switch", "this", "void", "typeof", "instanceof", "return", "if", "do", "while", "break", "continue", "try", "catch", "finally", "throw", "const", "let", "enum", "export", "import", "super", "extends", "yield", "null", "true", "false":
		return n + "_"
	}
	return n
}

// instanceType is a field's type on an instance (what construction made of it).
func instanceType(t *schema.Type) string { return tsFieldType(t, false) }

// optionType is what a constructor option takes: also plain objects for classes.
func optionType(t *schema.Type) string { return tsFieldType(t, true) }

func tsFieldType(t *schema.Type, option bool) string {
	switch t.Kind {
	case schema.Str, schema.UUID:
		return "string"
	case schema.Int, schema.Float:
		return "number"
	case schema.Decimal:
		if option {
			return "number | string"
		}
		return "number"
	case schema.Bool:
		return "boolean"
	case schema.Any:
		return "any"
	case schema.Dict:
		return "Record<string, any>"
	case schema.Datetime:
		if option {
			return "string | Date"
		}
		return "string | Date"
	case schema.Component:
		return "tolokash.project.template_builder.BaseComponent | tolokash.project.template_builder.RefComponent"
	case schema.List:
		return "Array<" + tsFieldType(t.Elem, option) + ">"
	case schema.Map:
		return "Record<string, " + tsFieldType(t.Elem, option) + ">"
	case schema.ClassKind:
		if !option {
			return tsName(t.Class, "")
		}
		if t.Class.Abstract {
			// A plain object names its variant by its discriminator (the API's JSON).
			return tsName(t.Class, "") + " | " + wireName(t.Class)
		}
		return tsName(t.Class, "") + " | " + tsName(t.Class, "Options")
	case schema.EnumKind:
		return enumTypeName(t.Enum) + " | tolokash.Unchecked<string>"
	case schema.Union:
		var parts []string
		for _, a := range t.Alts {
			parts = append(parts, tsFieldType(a, option))
		}
		return strings.Join(parts, " | ")
	}
	return "any"
}

func fieldDoc(f *schema.Field) string {
	var notes []string
	if f.Doc != "" {
		notes = append(notes, f.Doc)
	}
	if f.Wire != f.Name {
		notes = append(notes, "sent as "+f.Wire)
	}
	if f.RO {
		notes = append(notes, "set by Toloka")
	}
	if f.Default != "" && f.Default != "{}" && f.Default != "[]" {
		notes = append(notes, "default "+f.Default)
	}
	if len(notes) == 0 {
		return ""
	}
	return "/** " + strings.ReplaceAll(strings.Join(notes, "; "), "*/", "* /") + " */ "
}
