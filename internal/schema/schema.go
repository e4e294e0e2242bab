// Package schema is the one description of tolokash's model layer: every
// class of toloka-kit's Template Builder, filters, quality control and models,
// with its fields, wire names, types, positional arguments, defaults and enums.
// From it come the JavaScript classes and their validation (bindings), the
// TypeScript declarations and help, and the Go types of client/tb,
// client/filter, client/collectors, client/conditions and client/actions
// (go generate ./client); a test holds the structs of package client to it.
//
// The description is the *.schema files beside this one, in a line format:
//
//	module <path> [also=<path>,…]         the toloka-kit module (toloka.client.<path>) of what follows
//	  doc <text>                            the module's help line
//	enum <Name> [+members] <value>…       values; NAME=value when the name is not the value in capitals;
//	                                        +members puts the members on the owner class too (Gender.MALE)
//	class <Name> [: <Base>] [flag…]       flags: abstract, top (exported at the root), also=<path>,
//	                                        expand=<field> (the field's class's options are accepted in its
//	                                        place), @<key>=<value> (a constant wire member: the discriminator)
//	  doc <text>
//	  <name>[/<wire>] <type> [pos] [req] [ro] [arg] [=<json>] [-- <doc>]
//	  ...                                   in a base: where a subclass's own fields go (the rest come after)
//	  allows <Condition>…                   a collector: the conditions it feeds
//	  setter <method> <field>[.<field>]     a set_… helper that sets a (nested) field
//	  is <method> <field>=<VALUE>           an is_… helper
//
// Field flags: pos (positional, in order), req (written even when null), ro (set
// by the server), arg (a constructor argument that is not a field). Types: str,
// int, float, bool, any, dict, datetime, decimal, uuid, tb (a Template Builder
// component), list<T>, map<T>, a class or enum name, and unions T|U.
package schema

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
)

//go:embed *.schema
var files embed.FS

// Schema is the parsed description.
type Schema struct {
	Modules []*Module
	Classes []*Class
	Enums   []*Enum
	byName  map[string][]*Class
	enums   map[string][]*Enum
}

// Module is a toloka-kit module: the home of classes and enums.
type Module struct {
	Path    string   // "project.template_builder.view"
	Also    []string // modules that re-export its classes
	Doc     string
	Classes []*Class
	Enums   []*Enum
}

// Class is one class.
type Class struct {
	Name     string // qualified within its module: "Pool.Defaults"
	Module   *Module
	BaseName string
	Base     *Class
	Abstract bool
	Top      bool
	Also     []string
	Expand   string // field whose class's options the constructor also takes
	Tags     []Tag  // constant wire members, written after the fields
	Doc      string
	Own      []*Field // as written (a base's "..." is at Marker)
	Marker   int      // index in Own of "...", or -1
	Fields   []*Field // resolved: inherited and own, in wire order
	Allows   []string // collectors: the condition classes they feed
	Setters  []Setter
	Checks   []Check
	Subs     []*Class // direct subclasses
	Nested   []*Class // classes named Name.X
	Enums    []*Enum  // enums named Name.X
	Owner    *Class   // for Name.X: the class Name
	line     string
}

// Field is one member of a class.
type Field struct {
	Name    string // toloka-kit's attribute: full_height
	Wire    string // the JSON key: fullHeight
	Type    *Type
	Pos     bool
	Req     bool
	RO      bool
	Arg     bool
	Default string // JSON, or ""
	Doc     string
	typ     string
}

// Tag is a constant wire member such as {"type": "view.image"}.
type Tag struct{ Key, Value string }

// Setter is a set_… helper: it sets Path (a field, or field.field).
type Setter struct{ Name, Path string }

// Check is an is_… helper: Field == Value.
type Check struct{ Name, Field, Value string }

// Enum is a set of string values.
type Enum struct {
	Name     string // "Pool.Status"
	Module   *Module
	Members  []Member
	Shortcut bool   // members are also static properties of Owner
	Owner    *Class // for Name.X: the class Name
}

// Member is one enum value and its name (OPEN = 'OPEN', HORIZONTAL = 'horizontal').
type Member struct{ Name, Value string }

// Values lists the enum's values.
func (e *Enum) Values() []string {
	out := make([]string, len(e.Members))
	for i, m := range e.Members {
		out[i] = m.Value
	}
	return out
}

// Short is the last part of a qualified name.
func Short(qual string) string { return qual[strings.LastIndexByte(qual, '.')+1:] }

// ID names the class uniquely: module path and qualified name.
func (c *Class) ID() string { return c.Module.Path + "." + c.Name }

// IsA reports whether c is b or derives from it.
func (c *Class) IsA(b *Class) bool {
	for x := c; x != nil; x = x.Base {
		if x == b {
			return true
		}
	}
	return false
}

// Root is the topmost base of c.
func (c *Class) Root() *Class {
	for c.Base != nil {
		c = c.Base
	}
	return c
}

// Concrete lists c and its subclasses that are not abstract.
func (c *Class) Concrete() []*Class {
	var out []*Class
	var walk func(*Class)
	walk = func(x *Class) {
		if !x.Abstract {
			out = append(out, x)
		}
		for _, s := range x.Subs {
			walk(s)
		}
	}
	walk(c)
	return out
}

// Field finds a field by its toloka-kit name.
func (c *Class) Field(name string) *Field {
	for _, f := range c.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Positional lists the positional arguments in order.
func (c *Class) Positional() []*Field {
	var out []*Field
	for _, f := range c.Fields {
		if f.Pos {
			out = append(out, f)
		}
	}
	return out
}

// Tag returns the value of a constant wire member.
func (c *Class) Tag(key string) (string, bool) {
	for _, t := range c.Tags {
		if t.Key == key {
			return t.Value, true
		}
	}
	return "", false
}

var loaded = sync.OnceValues(func() (*Schema, error) {
	names, err := fs.Glob(files, "*.schema")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	srcs := map[string]string{}
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		srcs[n] = string(b)
	}
	return Parse(names, srcs)
})

// Load returns the description, parsed on first use.
func Load() *Schema {
	s, err := loaded()
	if err != nil {
		panic("internal/schema: " + err.Error()) // the files are embedded: a test catches this
	}
	return s
}

// Class finds a class by qualified name; from (a module path) breaks ties
// between classes of the same name in different modules (filter.Skill, skill.Skill).
func (s *Schema) Class(name, from string) *Class {
	return pick(s.byName[name], from, func(c *Class) string { return c.Module.Path })
}

// Enum finds an enum by qualified name, as Class does.
func (s *Schema) Enum(name, from string) *Enum {
	return pick(s.enums[name], from, func(e *Enum) string { return e.Module.Path })
}

// pick prefers the candidate whose module shares the longest prefix with from.
func pick[T any](cands []T, from string, module func(T) string) T {
	var best T
	bestScore := -1
	for _, c := range cands {
		m := module(c)
		score := 0
		a, b := strings.Split(m, "."), strings.Split(from, ".")
		for score < len(a) && score < len(b) && a[score] == b[score] {
			score++
		}
		if m == from {
			score = 1000
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

// Module finds a module by path.
func (s *Schema) Module(path string) *Module {
	for _, m := range s.Modules {
		if m.Path == path {
			return m
		}
	}
	return nil
}

// ModuleClasses lists the classes a module path exports: its own and those of
// the modules that name it in also=, and classes that name it themselves.
func (s *Schema) ModuleClasses(path string) []*Class {
	var out []*Class
	for _, c := range s.Classes {
		if c.Owner != nil {
			continue
		}
		if c.Module.Path == path || slices.Contains(c.Module.Also, path) || slices.Contains(c.Also, path) {
			out = append(out, c)
		}
	}
	return out
}

// SetterTarget is the field a setter path names (field or field.field).
func (s *Schema) SetterTarget(c *Class, path string) (*Field, error) {
	cur := c
	var f *Field
	for _, part := range strings.Split(path, ".") {
		if cur == nil {
			return nil, fmt.Errorf("%s: %s is not an object", path, f.Name)
		}
		f = cur.Field(part)
		if f == nil {
			return nil, fmt.Errorf("%s: no field %s in %s", path, part, cur.Name)
		}
		cur = f.Type.Class
	}
	return f, nil
}
