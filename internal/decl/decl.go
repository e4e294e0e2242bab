// Package decl describes the script environment — its globals, modules,
// classes and their members — once, as data. From the description come the
// TypeScript declarations (`tolokash types`), help() and the shell's
// completion of what a call returns, so the three cannot disagree.
//
// Each layer describes what it adds in Sections: the runtime its console and
// timers, stdlib its modules and DataFrame, bindings the toloka client and
// its models. A section holds Types and, for what the model does not say
// (generic helpers, overloads), verbatim TypeScript.
package decl

import (
	"sort"
	"strings"
)

// Kind is what a Type declares.
type Kind int

const (
	Interface Kind = iota // a shape: interface X { … }
	Class                 // a constructor: declare class X { … }
	Module                // require('name'): declare module 'name' { … }
	Namespace             // a global object of functions: declare const console: Console
	Functions             // global functions and constants: declare function print(…)
)

// Type is one interface, class, module or group of globals.
type Type struct {
	Name       string // TypeScript name; for a Module, the name given to require
	Kind       Kind
	Generic    string // "<T>"
	Extends    string // "IterableIterator<T>" (an interface's), "Error" (a class's)
	Implements string // a class's: "IterableIterator<T>"
	Doc        string // the first line is the summary; help() shows all
	Members    []Member
	// Global is the global variable holding it (DataFrame, console), if any.
	Global string
	// Index is a TypeScript index signature for fields not listed
	// ("[field: string]: any"), for the server's models.
	Index string
	// Module, for a Class or Interface, is the Module type that exports it
	// (require('toloka/aggregation').DawidSkene): it is declared inside
	// that module's block, not as a global.
	Module string
}

// Member is a method, property or (in a Functions type) a global.
type Member struct {
	Name     string
	Params   []Param // nil and Property true: a property
	Property bool
	Returns  string // the property's type or the method's result, in TypeScript
	Optional bool   // a property that may be absent
	Static   bool   // of the class, not its instances
	Readonly bool
	Doc      string
	// TS replaces the generated signature when the model cannot say it
	// (overloads, type guards): "readCSV(path: string): DataFrame;".
	TS string
	// Hidden members are declared but not listed by help or completion
	// (toloka-kit's snake_case names of the client's methods).
	Hidden bool
}

// Param is one parameter of a method.
type Param struct {
	Name     string
	Type     string
	Optional bool
	Rest     bool
	Doc      string
}

// Section is what one layer declares.
type Section struct {
	Name  string
	Types []Type
	// Raw is TypeScript written as it is, before the types.
	Raw string
}

// Registry finds types and members across sections.
type Registry struct {
	sections []Section
	byName   map[string]*Type
}

// NewRegistry indexes sections; a later section's type of the same name
// adds its members to the earlier one.
func NewRegistry(sections ...Section) *Registry {
	r := &Registry{sections: sections, byName: map[string]*Type{}}
	for si := range r.sections {
		for ti := range r.sections[si].Types {
			t := &r.sections[si].Types[ti]
			key := t.Name
			if t.Kind == Functions {
				key = "globals:" + t.Name
			}
			if old, ok := r.byName[key]; ok {
				old.Members = append(old.Members, t.Members...)
				continue
			}
			r.byName[key] = t
		}
	}
	return r
}

// Sections are the sections the registry was made of.
func (r *Registry) Sections() []Section { return r.sections }

// Type finds a type by name; generic arguments are ignored (LazyIterator<Pool>
// is LazyIterator).
func (r *Registry) Type(name string) (*Type, bool) {
	t, ok := r.byName[BaseName(name)]
	return t, ok
}

// Global finds the type bound to a global variable.
func (r *Registry) Global(name string) (*Type, bool) {
	for _, s := range r.sections {
		for i := range s.Types {
			if s.Types[i].Global == name {
				return r.byName[s.Types[i].Name], true
			}
		}
	}
	return nil, false
}

// Globals are the global functions and constants declared (print, sleep, …).
func (r *Registry) Globals() []Member {
	var out []Member
	for _, s := range r.sections {
		for _, t := range s.Types {
			if t.Kind == Functions {
				out = append(out, t.Members...)
			}
		}
	}
	return out
}

// MethodNames are the names of every method declared, once each.
func (r *Registry) MethodNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range r.sections {
		for _, t := range s.Types {
			for _, m := range t.Members {
				if !m.Property && !m.Hidden && !seen[m.Name] && m.TS == "" || m.Name == "map" && !seen[m.Name] {
					seen[m.Name] = true
					out = append(out, m.Name)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Member finds a member of a type, its own or inherited through Extends.
func (r *Registry) Member(typeName, member string) (*Member, *Type, bool) {
	for depth := 0; depth < 8; depth++ {
		t, ok := r.Type(typeName)
		if !ok {
			return nil, nil, false
		}
		for i := range t.Members {
			if t.Members[i].Name == member {
				return &t.Members[i], t, true
			}
		}
		if t.Extends == "" {
			return nil, nil, false
		}
		typeName = t.Extends
	}
	return nil, nil, false
}

// Members lists the names of a type's members, inherited ones included.
func (r *Registry) Members(typeName string, static bool) []string {
	seen := map[string]bool{}
	var out []string
	for depth := 0; depth < 8; depth++ {
		t, ok := r.Type(typeName)
		if !ok {
			break
		}
		for _, m := range t.Members {
			if m.Static == static && !m.Hidden && !seen[m.Name] {
				seen[m.Name] = true
				out = append(out, m.Name)
			}
		}
		if t.Extends == "" {
			break
		}
		typeName = t.Extends
	}
	sort.Strings(out)
	return out
}

// Result is the type a member gives, with the owner's type arguments put in:
// LazyIterator<Pool>'s first() is Pool | undefined.
func Result(owner string, m *Member, t *Type) string {
	res := m.Returns
	if t == nil || t.Generic == "" {
		return res
	}
	params := strings.Split(strings.Trim(t.Generic, "<>"), ",")
	args := typeArgs(owner)
	for i, p := range params {
		p = strings.TrimSpace(p)
		if i < len(args) {
			res = replaceWord(res, p, args[i])
		}
	}
	return res
}

// BaseName is a type's name without generic arguments, array brackets,
// "| undefined" or "| null".
func BaseName(t string) string {
	t = strings.TrimSpace(t)
	for _, suffix := range []string{" | undefined", " | null"} {
		t = strings.TrimSuffix(t, suffix)
	}
	if i := strings.IndexByte(t, '<'); i >= 0 {
		t = t[:i]
	}
	return t
}

func typeArgs(t string) []string {
	i := strings.IndexByte(t, '<')
	if i < 0 || !strings.HasSuffix(t, ">") {
		return nil
	}
	var out []string
	depth, start := 0, i+1
	for j := i + 1; j < len(t)-1; j++ {
		switch t[j] {
		case '<':
			depth++
		case '>':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(t[start:j]))
				start = j + 1
			}
		}
	}
	return append(out, strings.TrimSpace(t[start:len(t)-1]))
}

func replaceWord(s, word, with string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], word) && (i == 0 || !identChar(s[i-1])) && (i+len(word) == len(s) || !identChar(s[i+len(word)])) {
			b.WriteString(with)
			i += len(word)
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func identChar(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
